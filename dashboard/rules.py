"""The dataset's value rules and the problem lines they produce (``dashboard.dataset`` has the
line format): one check per value or column name, each returning what is wrong in words.

Layer 1 (stdlib, pandas; babel and CurrencyConverter loaded lazily). Pure.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from dashboard import ecb
from dashboard import schema as s

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
        where = f"row {self.row} (id {shown_id(self.id)})"
        if self.column is None:
            return f"{where}: {self.message}"
        return f"{where}, {self.column}: {self.message}"


class DatasetError(ValueError):
    """The input is not a valid dataset; ``.problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sort_key(problem: Problem) -> tuple[int, int, int]:
    kind = 0 if problem.row is None and problem.column is None else 1 if problem.row is None else 2
    column = s.COLUMNS.index(problem.column) if problem.column in s.COLUMNS else -1
    return (kind, problem.row or 0, column)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=_sort_key)  # stable: same cell keeps check order


def shown_problems(problems: Sequence[Problem], limit: int) -> list[Problem]:
    """At most ``limit`` of ``problems``, kept in their order: each column's first problem, then
    the others from the top. A full copy of the bundled data added to it clashes on every id,
    and a bad region in row 151 was not among the first 50 lines shown (QA pass).

    >>> lines = [Problem(n, f"x{n}", "id", "duplicate id") for n in (1, 2, 3)]
    >>> [str(p) for p in shown_problems([*lines, Problem(9, "y", "region", "bad")], 2)]
    ['row 1 (id x1), id: duplicate id', 'row 9 (id y), region: bad']
    """
    first: dict[str | None, int] = {}
    for n, problem in enumerate(problems):
        first.setdefault(problem.column, n)
    chosen = sorted(first.values())[:limit]
    taken = set(chosen)
    chosen += [n for n in range(len(problems)) if n not in taken][: limit - len(chosen)]
    return [problems[n] for n in sorted(chosen)]


def _shorten(text: str, limit: int = _MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def show(value: str, limit: int = _MAX_SHOWN) -> str:
    """Quote *value* for a message (``repr``: never spans lines), shortened when long.

    >>> show("Europa"), show("a\\nb")
    ("'Europa'", "'a\\\\nb'")
    >>> len(show("x" * 100)), show("x" * 100, limit=40)[-5:]
    (82, "x...'")
    """
    return repr(_shorten(value, limit))


def shown_id(value: str | None) -> str:
    """A row's id in a problem line's "(id …)": as it is, unless it could break the line or the
    terminal (a line break, an escape sequence, a direction mark) or is long, then quoted as
    :func:`show` quotes values: an id "alpha\\nrow 9 (id zeta), …" printed a problem of its own, and
    escape codes cleared the screen of ``validate`` (attack round 5).

    >>> shown_id("investai"), shown_id(None), shown_id("a\\nrow 9"), shown_id("x\\x1b[2J")
    ('investai', '?', "'a\\\\nrow 9'", "'x\\\\x1b[2J'")
    """
    if not value:
        return "?"
    return value if value.isprintable() and len(value) <= _MAX_SHOWN else show(value)


def shown_path(path: str | os.PathLike[str]) -> str:
    r"""A file's path for a message: as it is, or quoted where it could break the line or the
    terminal (a path with escape codes cleared the screen of ``validate``: attack round 6).

    >>> shown_path("data/x y.csv"), shown_path("/tmp/b\x1b[2J.csv")
    ('data/x y.csv', "'/tmp/b\\x1b[2J.csv'")
    """
    text = os.fspath(path)
    return text if text.isprintable() else repr(text)


#: Characters that show nothing inside a name: "Invest\u200bAI" passed for a new name (attack round 6).
_UNSEEN = f"[{s.INVISIBLE}]"


def name_key(names: pd.Series) -> pd.Series:
    """Names as compared for sameness (a copy of an item, one company): NFKC, without characters
    that show nothing, spaces as one, any case ("ＩｎｖｅｓｔＡＩ", "Invest\u200bAI" and "investai "
    are one name)."""
    plain = names.fillna("").astype(str).str.normalize("NFKC").str.replace(_UNSEEN, "", regex=True)
    return plain.str.split().str.join(" ").str.casefold()


def one_of(values: Iterable[str]) -> str:
    return ", ".join(values)


def file_problem(message: str) -> list[Problem]:
    return [Problem(None, None, None, message)]


def cell_text(value: Any) -> str:
    """A cell as the rules read it: stripped text, "" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


# --- reference data (lazy, built once per process) ------------------------------------------


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
            f"{show(text)} is not a plain number (write 200000000000: digits, '.' for decimals, no units or separators)"
        )
    value = float(text)
    if value < 0:
        return f"{show(text)} is negative"
    if value > s.MAX_AMOUNT:
        return f"{show(text)} is above the maximum of {s.MAX_AMOUNT} (10^15 units of the currency)"
    return value


#: A spreadsheet's day.month.year ("11.02.2025"): German Excel writes a date it recognised so (QA pass 27).
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


def _as_day_month_year(text: str) -> dt.date | None:
    """The date ``text`` is when read as day.month.year, None if it is no such date."""
    found = _DAY_MONTH_YEAR.fullmatch(text)
    try:
        return dt.date(int(found[3]), int(found[2]), int(found[1])) if found else None
    except ValueError:
        return None


def parse_announced(text: str) -> dt.date | str:
    """The first day an ``announced`` value can mean, or the reason it is not a date: for a spreadsheet's
    day.month.year, the date it would be (German Excel rewrote every date of a file so, and 180 lines
    said only "not a date": QA pass 27), not taken as that date, which may stand for a month or a year.

    >>> parse_announced("2025-02-11"), parse_announced("2025-02"), parse_announced("2025")
    (datetime.date(2025, 2, 11), datetime.date(2025, 2, 1), datetime.date(2025, 1, 1))
    >>> parse_announced("2025-02-30")
    "'2025-02-30' is not a real calendar date"
    >>> print(parse_announced("11.02.2025"))  # doctest: +NORMALIZE_WHITESPACE
    '11.02.2025' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY; as day.month.year it is 2025-02-11,
    unless the source gives only the month or the year)
    >>> parse_announced("2025/02/11")
    "'2025/02/11' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"
    >>> parse_announced("2099-01-01").startswith("'2099-01-01' lies in the future (today is ")
    True

    An announcement in the future (after tomorrow, for time zones ahead of the server) is a
    typo, and it would become every page's "Data as of".
    """
    if not s.matches(s.ANNOUNCED_PATTERN, text):
        day = _as_day_month_year(text)
        hint = f"; as day.month.year it is {day}, unless the source gives only the month or the year" if day else ""
        return f"{show(text)} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY{hint})"
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        day = dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return f"{show(text)} is not a real calendar date"
    today = dt.date.today()  # a day's slack: the reader's today may be the server's tomorrow
    return day if day <= today + dt.timedelta(days=1) else f"{show(text)} lies in the future (today is {today})"


def parse_period(text: str, *, end: bool) -> tuple[int, int] | str:
    """(year, month) of a period bound; a bare year means January as start, December as end.

    >>> parse_period("2025", end=False), parse_period("2025", end=True)
    ((2025, 1), (2025, 12))
    >>> parse_period("2027-06", end=True)
    (2027, 6)
    >>> parse_period("2025-13", end=False)
    "'2025-13' is not a period (use YYYY or YYYY-MM)"
    >>> parse_period("01.03.2025", end=False)
    "'01.03.2025' is not a period (use YYYY or YYYY-MM; as day.month.year it falls in 2025-03)"
    """
    if not s.matches(s.PERIOD_PATTERN, text) or int(text[:4]) < dt.MINYEAR:
        day = _as_day_month_year(text)
        hint = f"; as day.month.year it falls in {day:%Y-%m}" if day else ""
        return f"{show(text)} is not a period (use YYYY or YYYY-MM{hint})"
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
                f"{show(text)} has user info before '@' (the link would go to {parts.hostname}); "
                "link to the page itself"
            )
    except ValueError:
        pass
    return f"{show(text)} is not an http:// or https:// URL with a host"


# --- per-column checks (value -> message or None) -------------------------------------------


def vocabulary_problem(value: str, allowed: tuple[str, ...]) -> str | None:
    if not value:
        return f"missing (one of {one_of(allowed)})"
    if value not in allowed:
        return f"{show(value)} is not one of {one_of(allowed)}"
    return None


#: What "UK", the code people type, stands for in ISO 3166-1 (the CLI's options say it too).
UK_HINT = "the United Kingdom is GB"


def country_problem(value: str) -> str | None:
    if not value or value == s.COUNTRY_EU:
        return None
    if value == "UK":
        return f"'UK' is not an ISO 3166-1 alpha-2 code ({UK_HINT})"
    if not s.matches(s.COUNTRY_PATTERN, value) or value not in _country_codes():
        return f"{show(value)} is not an ISO 3166-1 alpha-2 code (or EU, or empty for global)"
    return None


def currency_problem(value: str) -> str | None:
    if not s.matches(s.CURRENCY_PATTERN, value):
        return f"{show(value)} is not an ISO 4217 code (three uppercase letters, e.g. EUR)"
    if not _is_iso_currency(value):
        return f"{show(value)} is not an ISO 4217 currency code"
    if not ecb.is_convertible(value):
        return (
            f"{show(value)} cannot be converted: not in the bundled ECB reference rates and "
            f"not pegged to the US dollar ({one_of(sorted(s.PEGGED_TO_USD))})"
        )
    return None


#: Other rows a duplicate message names before it says how many more there are.
ROWS_SHOWN = 3
POINT_FIGURE = "(repeat the number for a point figure)"
WHOLE_PATTERN = r"^[+-]?[0-9]+$"


def plural(count: int, word: str) -> str:
    """``1 problem``, ``2 problems``: the English count of the CLI and of upload summaries.

    >>> plural(1, "problem"), plural(3, "problem")
    ('1 problem', '3 problems')
    """
    return f"{count} {word}{'' if count == 1 else 's'}"


def row_list(rows: list[int], label: str = "row", total: int | None = None) -> str:
    """``row 6``, ``rows 2, 6``, ``rows 2, 3, 4 and 19,996 more``: bounded whatever the count
    (*total*: how many rows there are when *rows* holds only the first ones).

    >>> row_list([6]), row_list([2, 6]), row_list(list(range(2, 20_002)))
    ('row 6', 'rows 2, 6', 'rows 2, 3, 4 and 19,997 more')
    """
    total = len(rows) if total is None else total
    shown = ", ".join(map(str, rows[:ROWS_SHOWN]))
    more = total - min(len(rows), ROWS_SHOWN)
    return f"{label}{'' if total == 1 else 's'} {shown}" + (f" and {more:,} more" if more > 0 else "")


def duplicates(what: str, rows: list[int], n: int) -> str:
    """``duplicate id, also row 6`` / ``also rows 2, 6``: the other rows with the same value.
    Looks at the first few rows only, so 20,000 copies of one id cost linear time."""
    others = [r for r in rows[: ROWS_SHOWN + 1] if r != n][:ROWS_SHOWN]
    return f"duplicate {what}, also {row_list(others, total=len(rows) - 1)}"


# --- header ---------------------------------------------------------------------------------


#: The columns the export adds to the dataset's (converted values, reasons, measures).
_EXPORT_ONLY = frozenset(s.EXPORT_COLUMNS + s.EXPORT_EXTRA_COLUMNS) - frozenset(s.COLUMNS)


def check_header(names: list[str]) -> list[Problem]:
    """Problems with the column names: empty, duplicate, unknown, missing.

    A header without any known column is one problem (the file is something else entirely).

    >>> [str(p) for p in check_header(["name", "id"])][:2]
    ['header, parent_id: missing column', 'header, role: missing column']
    >>> [str(p) for p in check_header(["date", "value"])]  # doctest: +ELLIPSIS
    ["file: the first line is not the dataset header (found 'date', 'value'; expected id, ...)"]
    >>> computed = ["target_currency", "fx_rate", "value_low"]
    >>> print(*check_header([*s.COLUMNS, *computed]))  # doctest: +ELLIPSIS
    file: this is the dashboard's export (...), or part of it: delete the 3 columns it computes (...), and upload ...
    >>> [str(p) for p in check_header([*s.REQUIRED_COLUMNS[1:], *computed, "mine"])][1:]  # doctest: +ELLIPSIS
    ['header, mine: unknown column; the columns are id, ...', 'header, id: missing column']
    >>> print(*check_header([*s.COLUMNS, "kind"]))  # doctest: +ELLIPSIS
    header, kind: unknown column; the columns are id, ...
    >>> print(*check_header([*s.COLUMNS, "", "", "", "x", ""]), sep="; ")  # doctest: +ELLIPSIS
    header, x: unknown column; ...; header, columns 32-34: empty column names; header, column 36: empty column name
    >>> print(check_header(["id", "\ufeffparent_id"])[0])  # doctest: +ELLIPSIS
    header, '\ufeffparent_id': unknown column (it holds U+FEFF, a character that does not print); the columns are ...
    >>> print(check_header(["id", "\u0430mount_low"])[0])  # doctest: +ELLIPSIS
    header, аmount_low: unknown column (it holds U+0430, CYRILLIC SMALL LETTER A: the names are ASCII); the columns ...
    """
    if not set(names) & set(s.COLUMNS):
        found = _shorten(", ".join(repr(n) for n in names))
        return file_problem(f"the first line is not the dataset header (found {found}; expected {one_of(s.COLUMNS)})")
    out: list[Problem] = []
    # The export's computed columns, named once: the file a user downloads to edit and upload again
    # read "unknown column", each line listing every column, 31 times (QA pass 6). Two or more of
    # them, so that a dataset with one stray "kind" column still hears of it column by column.
    computed = [n for n in names if n in _EXPORT_ONLY]
    computed = computed if len(computed) >= 2 else []
    if computed:
        message = (
            "this is the dashboard's export (python -m dashboard export, or the CSV of Data & sources), or part "
            f"of it: delete the {len(computed)} columns it computes ({', '.join(computed)})"
        )
        out += file_problem(message)
    seen: dict[str, int] = {}
    empty: list[int] = []
    for position, name in enumerate(names, start=1):
        if name in computed:
            continue
        if not name:
            empty.append(position)
        elif name in seen:
            message = f"duplicate column name (columns {seen[name]} and {position})"
            out.append(Problem(None, None, name, message))
        else:
            seen[name] = position
            if name not in s.COLUMNS:
                # "parent_id: unknown column" beside "parent_id: missing column" for a BOM inside
                # the name (attack round 3): a character that does not print is named.
                hidden = next((c for c in name if not c.isprintable()), "")
                said = f" (it holds U+{ord(hidden):04X}, a character that does not print)" if hidden else ""
                # "аmount_low" (a Cyrillic "а") read the same beside "amount_low: missing column" (attack round 6).
                if foreign := next((c for c in name if not c.isascii()), "") if not hidden else "":
                    letter = unicodedata.name(foreign, "a letter")
                    said = f" (it holds U+{ord(foreign):04X}, {letter}: the names are ASCII)"
                where = repr(name) if hidden else name
                out.append(Problem(None, None, where, f"unknown column{said}; the columns are {one_of(s.COLUMNS)}"))
    # A run of empty names once ("columns 32-91"): 60 trailing commas filled the 50 lines an upload
    # shows, and the rows' problems went unseen (review 55).
    for _step, run in itertools.groupby(enumerate(empty), key=lambda pair: pair[1] - pair[0]):
        positions = [position for _n, position in run]
        out.append(
            Problem(None, None, f"column {positions[0]}", "empty column name")
            if len(positions) == 1
            else Problem(None, None, f"columns {positions[0]}-{positions[-1]}", "empty column names")
        )
    out.extend(Problem(None, None, c, "missing column") for c in s.REQUIRED_COLUMNS if c not in seen)
    if len(out) == 1 and computed:  # nothing else wrong with the header
        out = file_problem(f"{out[0].message}, and upload the rest, or start from the template on Data & sources")
    return out
