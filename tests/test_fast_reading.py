"""The streaming reader and the column-at-a-time validator give what the row-by-row path gives.

``dataset._parse`` packs rows into string columns in chunks, and ``dataset._rows_pass`` checks
a whole column at once (each distinct value once). Both exist only for speed and memory at
100,000 rows; their answers must never differ from the slow, obvious versions kept beside
them: ``csv.reader`` over ``io.StringIO`` and ``_row_problems`` (one row at a time, the
source of every message).
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import dataset, schema
from dashboard.dataset import _Column, _row_problems, _rows_pass

BUNDLED = dataset.bundled_dataset_path()


def bundled_strings() -> pd.DataFrame:
    raw, problems = dataset._parse(BUNDLED.read_text(encoding="utf-8"))
    assert raw is not None and problems == []
    return raw


def complete(raw: pd.DataFrame) -> pd.DataFrame:
    """The optional columns a file may leave out read as empty (as validate_frame fills them)."""
    return raw.reindex(columns=schema.COLUMNS, fill_value="")


def columns_of(raw: pd.DataFrame) -> dict[str, _Column]:
    raw = complete(raw)
    return {c: _Column(raw[c]) for c in schema.COLUMNS}


def reference_problems(raw: pd.DataFrame) -> list[dataset.Problem]:
    raw = complete(raw)
    values = {c: [dataset._cell(v) for v in raw[c].tolist()] for c in schema.COLUMNS}
    return _row_problems(values)


# Values that sit on the edge of some rule: empty, padded, near-misses of every pattern.
EDGE_VALUES = [
    "", " ", "  x  ", "EU", "UK", "GB", "DE", "de", "ZZ", "EUR", "eur", "USD", "SAR", "TWD", "XYZ",
    "RUB", "1", "0", "-5", "1.5", ".5", "5.", "1e9", "inf", "nan", "200bn", "1,5", "+3",
    "2025", "2025-02", "2025-02-30", "2025-13", "0000", "11.02.2025", "2025-02-11",
    "https://example.org/x", "http://a", "https://", "javascript:alert(1)", "ftp://a.b",
    "https://a b.org", "https://a.org:99999", "https://ex\u00a0ample.org", "https://a.org/\x85",
    "headline", "component", "revision", "cumulative", "context", "Europe", "Europa", "Asia",
    "public", "corporate", "announced", "cancelled", "venture", "capex-total", "low", "high",
    "exact", "up-to", "approx", "a", "b", "eu-investai", "Bad Id", "x\u2028y",
]


def mutations(raw: pd.DataFrame) -> st.SearchStrategy[list[tuple[int, str, str]]]:
    cell = st.tuples(
        st.integers(0, len(raw) - 1),
        st.sampled_from(list(raw.columns)),
        st.one_of(
            st.sampled_from(EDGE_VALUES),
            st.sampled_from(raw[schema.ID].tolist()),  # ids as parents: cycles, self-links
            st.text(max_size=6),
        ),
    )
    return st.lists(cell, min_size=1, max_size=4)


RAW = bundled_strings()


def test_bundled_data_passes_the_fast_check_and_has_no_row_problems() -> None:
    assert _rows_pass(columns_of(RAW))
    assert reference_problems(RAW) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=mutations(RAW))
def test_fast_check_passes_exactly_when_the_row_by_row_check_finds_nothing(
    changes: list[tuple[int, str, str]],
) -> None:
    raw = RAW.copy()
    for position, column, value in changes:
        raw.iloc[position, raw.columns.get_loc(column)] = value
    assert _rows_pass(columns_of(raw)) == (reference_problems(raw) == [])


MONEY_ROW = int(RAW.index[(RAW[schema.AMOUNT_LOW] != "") & (RAW[schema.PARENT_ID] == "")][0])
CHILD_ROW = int(RAW.index[RAW[schema.PARENT_ID] != ""][0])
RULE_BREAKS = [
    # (row, column, value): one edit that breaks exactly one family of rules
    (MONEY_ROW, schema.ID, ""),
    (MONEY_ROW, schema.ID, "Bad Id"),
    (MONEY_ROW, schema.ID, RAW.at[CHILD_ROW, schema.ID]),  # duplicate
    (CHILD_ROW, schema.PARENT_ID, "no-such-row"),
    (CHILD_ROW, schema.PARENT_ID, RAW.at[CHILD_ROW, schema.ID]),  # its own parent
    (CHILD_ROW, schema.ROLE, "headline"),
    (MONEY_ROW, schema.ROLE, "component"),
    (MONEY_ROW, schema.NAME, ""),
    (MONEY_ROW, schema.ACTOR_TYPE, "state"),
    (MONEY_ROW, schema.REGION, "Europa"),
    (MONEY_ROW, schema.STATUS, ""),
    (MONEY_ROW, schema.SCOPE, "ai"),
    (MONEY_ROW, schema.CONFIDENCE, "very high"),
    (MONEY_ROW, schema.COUNTRY, "UK"),
    (MONEY_ROW, schema.AMOUNT_LOW, "-5"),
    (MONEY_ROW, schema.AMOUNT_LOW, ""),  # high without low
    (MONEY_ROW, schema.AMOUNT_HIGH, "1"),  # low above high
    (MONEY_ROW, schema.AMOUNT_KIND, ""),
    (MONEY_ROW, schema.AMOUNT_KIND, "about"),
    (MONEY_ROW, schema.CURRENCY, ""),
    (MONEY_ROW, schema.CURRENCY, "TWD"),
    (MONEY_ROW, schema.ANNOUNCED, ""),
    (MONEY_ROW, schema.ANNOUNCED, "2025-02-30"),
    (MONEY_ROW, schema.PERIOD_START, "2025-13"),
    (MONEY_ROW, schema.PERIOD_END, "1999"),  # before its start
    (MONEY_ROW, schema.SOURCE_URL, ""),
    (MONEY_ROW, schema.SOURCE_URL, "javascript:alert(1)"),
]


@pytest.mark.parametrize(("row", "column", "value"), RULE_BREAKS)
def test_each_rule_break_fails_the_fast_check_as_it_fails_the_row_check(
    row: int, column: str, value: str
) -> None:
    raw = RAW.copy()
    raw.at[row, column] = value
    if column == schema.PERIOD_END:
        raw.at[row, schema.PERIOD_START] = "2025"
    assert reference_problems(raw) != []
    assert not _rows_pass(columns_of(raw))


def test_the_spelled_out_whitespace_is_exactly_what_str_strip_removes() -> None:
    every = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert sorted(dataset._SPACE_CHARS) == every
    assert all(f"x{ch}".strip() == "x" for ch in dataset._SPACE_CHARS)


@pytest.mark.parametrize("space", list(dataset._SPACE_CHARS), ids=lambda ch: f"U+{ord(ch):04X}")
def test_a_cell_padded_with_any_unicode_space_is_stripped_by_the_validator(space: str) -> None:
    raw = RAW.copy()
    raw[schema.NOTE] = raw[schema.NOTE].astype(object)
    raw.at[1, schema.NOTE] = f"{space}padded{space}"
    raw[schema.NOTE] = raw[schema.NOTE].astype("str")
    column = _Column(raw[schema.NOTE])
    assert column.same is None
    frame, problems = dataset.validate_frame(raw)
    assert problems == []
    assert frame.at[1, schema.NOTE] == "padded"


def test_a_parent_cycle_fails_the_fast_check() -> None:
    raw = RAW.copy()
    child = raw.index[raw[schema.PARENT_ID] != ""][0]
    parent = raw.at[child, schema.PARENT_ID]
    top = raw.index[raw[schema.ID] == parent][0]
    raw.at[top, schema.PARENT_ID] = raw.at[child, schema.ID]
    raw.at[top, schema.ROLE] = "component"
    assert not _rows_pass(columns_of(raw))
    assert any("cycle of parents" in p.message for p in reference_problems(raw))


def test_validated_frame_is_the_same_whether_cells_come_padded_or_as_objects() -> None:
    padded = RAW.astype(object).map(lambda v: f" {v}\t")
    missing_as_none = RAW.astype(object).map(lambda v: v or None)
    expected, problems = dataset.validate_frame(RAW)
    assert problems == []
    for variant in (padded, missing_as_none):
        frame, problems = dataset.validate_frame(variant)
        assert problems == []
        pd.testing.assert_frame_equal(frame, expected)


def reference_parse(text: str, delimiter: str = ",") -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    return [
        [f.strip() for f in record]
        for record in reader
        if record and not (len(record) == 1 and not record[0].strip())
    ]


@pytest.mark.parametrize(
    "ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"]
)
def test_streaming_parser_reads_every_line_ending_like_csv_over_stringio(ending: str) -> None:
    lines = BUNDLED.read_text(encoding="utf-8").splitlines()
    text = ending.join(lines) + ending
    raw, problems = dataset._parse(text)
    assert problems == []
    header, *rows = reference_parse(text)
    expected = [[row[header.index(c)] for c in schema.COLUMNS if c in header] for row in rows]
    assert raw.astype(object).values.tolist() == expected


def test_other_unicode_line_breaks_stay_inside_their_field() -> None:
    header = ",".join(RAW.columns)
    row = RAW.iloc[0].tolist()
    row[list(RAW.columns).index(schema.NOTE)] = "one\u2028two\x85three\x0cfour"
    text = header + "\n" + ",".join(f'"{v}"' for v in row) + "\n"
    raw, problems = dataset._parse(text)
    assert problems == []
    assert raw.at[1, schema.NOTE] == "one\u2028two\x85three\x0cfour"


def test_rows_packed_in_small_chunks_give_the_same_frame_and_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[5] += ",extra"  # a row with one field too many, reported and cut to width
    lines[9] = "short-row,,headline"  # too few fields, padded
    text = "\n".join(lines) + "\n"
    whole, whole_problems = dataset._parse(text)
    monkeypatch.setattr(dataset, "_CHUNK_ROWS", 3)
    chunked, chunked_problems = dataset._parse(text)
    assert [str(p) for p in whole_problems] == [str(p) for p in chunked_problems]
    assert len(whole_problems) == 2
    pd.testing.assert_frame_equal(whole, chunked)
    assert len(whole) == len(lines) - 1


def test_csv_error_late_in_the_file_wins_over_a_bad_header() -> None:
    text = "date,value\n1,2\n" + '"never closed\n'
    raw, problems = dataset._parse(text)
    assert raw is None
    assert [str(p) for p in problems] == [
        "file: malformed CSV near line 3: unexpected end of data (a quote '\"' that is never closed?)"
    ]
