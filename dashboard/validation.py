"""Validation of an all-string frame against the dataset contract (``validate_frame``).

Layer 1 (pandas, pandera). Pure. The rules' wording lives in ``dashboard.rules``; a valid file
is checked a column at a time (pandera), and only a file that fails is checked row by row.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow

from dashboard import schema as s
from dashboard.column_rules import content_problems, extension_problems, parse_overlaps
from dashboard.item_rules import item_problems
from dashboard.rules import (
    POINT_FIGURE,
    ROWS_SHOWN,
    Problem,
    cell_text,
    check_header,
    country_problem,
    currency_problem,
    duplicates,
    is_http_url,
    one_of,
    parse_amount,
    parse_announced,
    parse_period,
    show,
    sorted_problems,
    url_problem,
    vocabulary_problem,
)

# --- one row at a time: the rules as messages -------------------------------------------------

#: Columns whose value must be one of a fixed vocabulary, with that vocabulary.
_VOCABULARY_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (s.ACTOR_TYPE, s.ACTOR_TYPES),
    (s.REGION, s.REGIONS),
    (s.STATUS, s.STATUSES),
    (s.SCOPE, s.SCOPES),
    (s.CONFIDENCE, s.CONFIDENCES),
)
_NEEDED_FOR_MONEY = "missing (required for a row with an amount)"
_ID_CHARS = "use only a-z, 0-9 and '-'"


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
        dash = rid.startswith("-") and s.matches(s.ID_PATTERN, "x" + rid)  # "---" too (review 57)
        why = "start with a letter or digit: a spreadsheet reads '-' first as a formula" if dash else _ID_CHARS
        bad(s.ID, f"{show(rid)} is not a valid id ({why})")
    elif len(ids[rid]) > 1:
        bad(s.ID, duplicates("id", ids[rid], n))

    # parent_id (cycles are a whole-frame check)
    parent = row[s.PARENT_ID]
    if parent:
        if parent == rid:
            bad(s.PARENT_ID, f"{show(parent)} is the row's own id")
        elif parent not in ids:
            bad(s.PARENT_ID, f"{show(parent)} is not the id of any row")

    # role
    role = row[s.ROLE]
    allowed_roles = s.ROLES_CHILD if parent else s.ROLES_TOP
    if not role:
        bad(s.ROLE, f"missing (one of {one_of(allowed_roles)})")
    elif role not in s.ROLES:
        bad(s.ROLE, f"{show(role)} is not one of {one_of(s.ROLES)}")
    elif role not in allowed_roles and parent:
        bad(
            s.ROLE,
            f"{show(role)} is not allowed for a row with a parent_id (use one of {one_of(s.ROLES_CHILD)})",
        )
    elif role not in allowed_roles:
        bad(
            s.ROLE,
            f"{show(role)} needs a parent_id (a row without parent is {' or '.join(s.ROLES_TOP)})",
        )

    if not row[s.NAME]:
        bad(s.NAME, "missing")

    for column, allowed in _VOCABULARY_COLUMNS:
        message = vocabulary_problem(row[column], allowed)
        if message:
            bad(column, message)

    message = country_problem(row[s.COUNTRY])
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
        bad(s.AMOUNT_HIGH, f"missing while amount_low is given {POINT_FIGURE}")
    if high_text and not low_text:
        bad(s.AMOUNT_LOW, f"missing while amount_high is given {POINT_FIGURE}")
    if isinstance(low, float) and isinstance(high, float) and low > high:
        bad(s.AMOUNT_LOW, f"{show(low_text)} is greater than amount_high {show(high_text)}")

    kind = row[s.AMOUNT_KIND]
    if kind and kind not in s.AMOUNT_KINDS:
        bad(s.AMOUNT_KIND, f"{show(kind)} is not one of {one_of(s.AMOUNT_KINDS)}")
    elif not kind and has_money:
        bad(s.AMOUNT_KIND, f"{_NEEDED_FOR_MONEY[:-1]}; one of {one_of(s.AMOUNT_KINDS)})")

    currency = row[s.CURRENCY]
    if currency:
        message = currency_problem(currency)
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
        bad(s.PERIOD_END, f"{show(end_text)} is before period_start {show(start_text)}")

    url = row[s.SOURCE_URL]
    if url and not is_http_url(url):
        bad(s.SOURCE_URL, url_problem(url) or "")
    elif not url and has_money:
        bad(s.SOURCE_URL, _NEEDED_FOR_MONEY)

    return out


def _parent_map(ids: Iterable[str], parents: Iterable[str], first_row: Mapping[str, int]) -> dict[str, str]:
    """Each id's parent_id where it names another row (self-links are reported apart), in file
    order; *first_row* maps each id to its first row, whose parent wins for a duplicated id."""
    parent_of: dict[str, str] = {}
    for rid, parent in zip(ids, parents):
        if rid and parent and parent != rid and parent in first_row:
            parent_of.setdefault(rid, parent)
    return parent_of


def _check_cycles(parent_of: Mapping[str, str], first_row: Mapping[str, int]) -> list[Problem]:
    """One problem for every row on a cycle of parent_id links (:func:`_parent_map`)."""
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


def _check_inside_cycles(
    rows: list[tuple[str, str, str]], parent_of: Mapping[str, str], first_row: Mapping[str, int]
) -> list[Problem]:
    """A problem for each ``inside`` link that closes a cycle of items: money inside money that
    is inside the first. Each item then sits in another that counts, so no total adds any of
    them (two such rows took €680bn out of the total without a word: attack round 3).

    *rows* are (id, role, overlaps_with) in file order; an item is a row's topmost parent. Linear
    in the links: each item is walked once, each closing link named once. Which revision counts
    depends on the settings, so every revision's link is taken.
    """
    top: dict[str, str] = {}

    def item(rid: str) -> str:
        chain: dict[str, None] = {}  # a set in order: a list made 100k-deep chains quadratic (review)
        while rid not in top and rid not in chain:  # a parent cycle is reported apart: stop on it
            chain[rid] = None
            rid = parent_of.get(rid, rid)
        found = top.get(rid, rid)
        top.update(dict.fromkeys(chain, found))
        return found

    links: dict[str, list[tuple[str, str]]] = defaultdict(list)  # item -> (linking row, item it is inside)
    for rid, role, cell in rows:
        # A headline's and a revision's links: a part or a context row is never added itself, so its
        # link takes nothing out of a total (parts of two items each inside the other: review); the
        # revision that counts does (a cycle through one was accepted: second review), a superseded one not.
        for kind, target in (
            parse_overlaps(cell) if rid and role in ("headline", "revision") and "inside" in cell else ()
        ):
            if kind == "inside" and target in first_row and (own := item(rid)) != (inside := item(target)):
                links[own].append((rid, inside))
    depth: dict[str, int] = {}  # the items on the current path, by their place on it
    done: set[str] = set()
    reported: set[str] = set()
    out: list[Problem] = []
    for start in list(links):
        if start in done:
            continue
        path: list[str] = []  # the rows whose links lead from one item on the path to the next
        stack = [(start, iter(links[start]))]
        depth[start] = 0
        while stack:
            node, edges = stack[-1]
            step = next(edges, None)
            if step is None:
                done.add(node)
                del depth[node]
                stack.pop()
                if path:
                    path.pop()
            elif step[1] in depth:  # back to an item on the path: this link closes a cycle
                rid, back = step
                if rid not in reported:
                    reported.add(rid)
                    first = [rid, *path[depth[back] : depth[back] + 2 * ROWS_SHOWN]]
                    shown = _ring_text(first, len(path) - depth[back] + 1)
                    message = f"cycle of 'inside' links {shown}: each inside the next, so no total would add any"
                    out.append(Problem(first_row[rid], rid, s.OVERLAPS_WITH, message))
            elif step[1] not in done:
                depth[step[1]] = len(stack)
                path.append(step[0])
                stack.append((step[1], iter(links.get(step[1], ()))))
    return sorted(out, key=lambda p: p.row or 0)


def _ring(cycle: list[str], start: int) -> str:
    """The cycle from its *start*-th id back to it; a long one shows its first ids and length.

    >>> _ring(["a", "b"], 1)
    'b -> a -> b'
    >>> _ring([f"n{i}" for i in range(20_000)], 19_999)
    'n19999 -> n0 -> n1 -> n2 -> ... -> n19999 (20,000 rows)'
    """
    n = len(cycle)
    return _ring_text([cycle[(start + k) % n] for k in range(min(n, 2 * ROWS_SHOWN + 1))], n)


def _ring_text(first: list[str], n: int) -> str:
    """A cycle of ``n`` ids from its ``first`` ones (as many as it shows) back to the first."""
    if n <= 2 * ROWS_SHOWN:
        return " -> ".join([*first[:n], first[0]])
    return " -> ".join([*first[: ROWS_SHOWN + 1], "...", first[0]]) + f" ({n:,} rows)"


# --- the pure core --------------------------------------------------------------------------


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
    * ``id`` present, ``[a-z0-9][a-z0-9-]*``, unique (each duplicate names up to three other rows and
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
    * ``announced``: a real ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, not after tomorrow; ``period_start``/
      ``period_end``: ``YYYY`` or ``YYYY-MM`` with start <= end by month (a bare year starts
      in January and ends in December);
    * ``source_url``: http(s) with a host (no ``javascript:``, ``data:``, relative links);
    * ``column_rules.extension_problems`` and ``content_problems``; ``item_rules`` across an item's rows.

    A valid file is checked column by column: ``schema.INVESTMENTS_SCHEMA`` plus ``_MORE_CHECKS``
    on the typed frame. Only a file that fails them is checked row by row (``_row_problems``),
    which words every problem. Pandera's ``error=`` cannot carry these messages: each quotes
    the value and many depend on other cells (role on parent_id, a duplicate on the other rows).

    >>> frame, problems = validate_frame(pd.DataFrame({"id": ["a"]}))
    >>> frame is None, str(problems[0])
    (True, 'header, parent_id: missing column')
    """
    names = [cell_text(c) for c in raw.columns]
    problems = check_header(names)
    if problems:
        return None, sorted_problems(problems)
    if len(raw) == 0:
        return None, [Problem(None, None, None, "no data rows")]
    if absent is None:
        absent = frozenset(c for c in s.OPTIONAL_COLUMNS if c not in names)
    empty = pd.Series([""] * len(raw), dtype="str")
    columns = {c: _stripped(raw[c]) if c in raw.columns else empty for c in s.COLUMNS}
    problems = extension_problems(columns, absent) + content_problems(columns) + item_problems(columns)
    frame = _typed_frame(columns)
    if not problems and _passes(frame):
        return frame, []
    problems += _row_problems({c: columns[c].tolist() for c in s.COLUMNS})
    return None, sorted_problems(problems or _schema_problems(frame))


#: Every character ``str.strip()`` removes (``str.isspace``), spelled out so that pyarrow's
#: ``utf8_trim`` behind pandas' ``str.strip`` removes exactly these; a test checks it.
SPACE_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)


def _stripped(column: pd.Series) -> pd.Series:
    """The cells as stripped strings on a 0..n-1 index (missing -> "", others as ``str()``)."""
    if column.dtype != "str" or column.isna().any():
        column = column.astype(object).where(column.notna(), "").astype("str")
    stripped = column.str.strip(SPACE_CHARS).reset_index(drop=True)
    # In one piece: pyarrow reads 100k rows in ~50 chunks, and every take of a few rows out of a
    # chunked column (``lookups.values_at``, on every chart) cost 4-9x as much (0.3-0.8 vs
    # 0.07-0.10 ms for 300 rows, measured).
    chunks = pyarrow.array(stripped.array)
    if isinstance(chunks, pyarrow.ChunkedArray):
        stripped = pd.Series(pd.arrays.ArrowStringArray(chunks.combine_chunks(), dtype=stripped.dtype))
    return stripped


def _each(column: pd.Series, check: Callable[[str], Any], dtype: Any = bool) -> Any:
    """``check`` of every cell (numpy array), computed once per distinct value."""
    codes, distinct = pd.factorize(column)
    return np.fromiter((check(v) for v in distinct), dtype=dtype, count=len(distinct))[codes]


def _row_problems(values: Mapping[str, list[str]]) -> list[Problem]:
    """Every row rule and the cycle check, one row at a time: the source of the messages.

    *values* maps each column to its stripped cells in row order.
    """
    ids: dict[str, list[int]] = defaultdict(list)
    for n, rid in enumerate(values[s.ID], start=1):
        if rid:
            ids[rid].append(n)
    problems: list[Problem] = []
    for n in range(1, len(values[s.ID]) + 1):
        problems.extend(_check_row(n, {c: values[c][n - 1] for c in s.COLUMNS}, ids))
    first_row = {rid: rows[0] for rid, rows in ids.items()}
    parent_of = _parent_map(values[s.ID], values[s.PARENT_ID], first_row)
    problems.extend(_check_cycles(parent_of, first_row))
    problems.extend(
        _check_inside_cycles(list(zip(values[s.ID], values[s.ROLE], values[s.OVERLAPS_WITH])), parent_of, first_row)
    )
    return problems


def _number(text: str) -> float:
    """A number cell as float: NaN when empty, -inf when it is not a plain number (the schema
    refuses it as not finite, so the file is checked row by row)."""
    if not text:
        return math.nan
    return float(text) if s.matches(s.NUMBER_PATTERN, text) else -math.inf


def _typed_frame(columns: Mapping[str, pd.Series]) -> pd.DataFrame:
    count = len(columns[s.ID])
    index = pd.RangeIndex(1, count + 1, name=s.ROW)
    out = {
        c: pd.Series(_each(columns[c], _number, float), index=index, dtype="float64")
        if c in s.NUMBER_COLUMNS
        else columns[c].set_axis(index)
        for c in s.COLUMNS
    }
    return pd.DataFrame(out, index=index)


def _cells_pass(column: str, check: Callable[[str], bool]) -> pa.Check:
    """A pandera check of every non-empty cell of *column*, once per distinct value."""

    def run(frame: pd.DataFrame) -> pd.Series:
        return pd.Series(_each(frame[column], lambda v: not v or check(v)), index=frame.index)

    return pa.Check(run, name=f"{column} passes {getattr(check, '__name__', 'its check')}")


#: URLs that ``is_http_url`` accepts (a test checks it), found by pyarrow's RE2 without a Python
#: string per row: 100,000 distinct URLs cost about 1 s through ``urllib.parse``.
PLAIN_URL = r"^[hH][tT][tT][pP][sS]?://[A-Za-z0-9.-]+(/[!-~]*)?$"


def _urls_pass(frame: pd.DataFrame) -> pd.Series:
    urls = frame[s.SOURCE_URL]
    ok = (urls.str.fullmatch(PLAIN_URL) | (urls == "")).to_numpy(dtype=bool, copy=True)
    ok[~ok] = [is_http_url(url) for url in urls[~ok].tolist()]
    return pd.Series(ok, index=frame.index)


def _periods_in_order(frame: pd.DataFrame) -> pd.Series:
    def months(end: bool) -> Any:
        def month(v: str) -> int:
            parsed = parse_period(v, end=end) if v else (0, 0)
            return parsed[0] * 12 + parsed[1] if isinstance(parsed, tuple) else -1

        return _each(frame[s.PERIOD_END if end else s.PERIOD_START], month, int)

    start, end = months(False), months(True)
    return pd.Series((start >= 0) & (end >= 0) & ~((start > 0) & (end > 0) & (end < start)), index=frame.index)


def _no_cycles(frame: pd.DataFrame) -> pd.Series:
    ids, parents = frame[s.ID].tolist(), frame[s.PARENT_ID].tolist()
    first_row = dict(zip(reversed(ids), range(len(ids), 0, -1)))
    parent_of = _parent_map(ids, parents, first_row)
    found = _check_cycles(parent_of, first_row)
    if frame[s.OVERLAPS_WITH].str.contains("inside", regex=False).any():
        rows = list(zip(ids, frame[s.ROLE].tolist(), frame[s.OVERLAPS_WITH].tolist()))
        found += _check_inside_cycles(rows, parent_of, first_row)
    on_cycle = {p.row for p in found}
    return pd.Series([n not in on_cycle for n in frame.index], index=frame.index)


#: What ``_check_row`` checks beyond ``schema.INVESTMENTS_SCHEMA`` (which checks the typed frame
#: any reader returns): reference data, calendars, periods, URLs and cycles.
_MORE_CHECKS = pa.DataFrameSchema(
    checks=[
        _cells_pass(s.COUNTRY, lambda v: country_problem(v) is None),
        _cells_pass(s.CURRENCY, lambda v: currency_problem(v) is None),
        _cells_pass(s.ANNOUNCED, lambda v: isinstance(parse_announced(v), dt.date)),
        pa.Check(_urls_pass, name="source_url passes is_http_url"),
        pa.Check(_periods_in_order, name="periods in order"),
        pa.Check(_no_cycles, name="no cycles of parents or of inside links"),
    ],
    name="investments, read",
)


def _passes(frame: pd.DataFrame) -> bool:
    try:
        s.INVESTMENTS_SCHEMA.validate(frame)
        _MORE_CHECKS.validate(frame)
    except pa.errors.SchemaError:
        return False
    return True


def _schema_problems(frame: pd.DataFrame) -> list[Problem]:
    """Pandera's failure cases as problems (only reached if the row rules have a gap)."""
    out = []
    for schema in (s.INVESTMENTS_SCHEMA, _MORE_CHECKS):
        try:
            schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as error:
            for case in error.failure_cases.itertuples(index=False):
                index = case.index
                row = int(index) if isinstance(index, (int, float)) and not pd.isna(index) else None
                column = case.column if isinstance(case.column, str) and case.column else None
                message = f"fails the schema check {case.check} (value {case.failure_case!r})"
                if row is not None and 0 < row <= len(frame):
                    out.append(Problem(row, frame.at[row, s.ID], column, message))
                else:
                    out.append(Problem(None, None, None, f"{column or 'frame'} {message}"))
    return out
