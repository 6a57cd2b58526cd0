"""The normalised table as users and scripts receive it: column choice, CSV and JSON.

Shared by ``python -m dashboard export`` and the dashboard's download button, so both give the
same columns. In CSV text cells, line breaks become ``\n`` (a lone carriage return is not
quoted by Python's csv writer, and another program would split the row there), other control
characters become U+FFFD, and a cell that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a line break) is prefixed with an apostrophe; numbers are
written as numbers and never changed. Pure: no Streamlit, no file I/O (callers write).
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from dashboard.lookups import is_in
from dashboard.years import added

#: The export contract (issue: "at least these columns"), then extra method columns.
COLUMNS = (
    "id",
    "parent_id",
    "role",
    "name",
    "region",
    "country",
    "actor_type",
    "status",
    "scope",
    "confidence",
    "announced",
    "currency",
    "amount_low",
    "amount_high",
    "target_currency",
    "fx_basis",
    "fx_rate",
    "fx_date",
    "value_low",
    "value_high",
    "per_year_low",
    "per_year_high",
    "counts_in_total",
    "source_url",
)
EXTRA_COLUMNS = (
    "name_de",
    "actor",
    "amount_kind",
    "period_start",
    "period_end",
    "item_id",
    "fx_problem",
    "overlaps_with",
    "counted_inside",
    "counted_in_view",
    "kind",
    "calendar_year",
    "year_months",
    "year_low",
    "year_high",
    "other_year",
    "gdp_share_low",
    "gdp_share_high",
    "per_capita_low",
    "per_capita_high",
    "usd_per_gw",
    "usd_per_accelerator",
    "usd_per_gw_low",
    "usd_per_gw_high",
    "usd_per_accelerator_low",
    "usd_per_accelerator_high",
    "note",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_LINE_BREAK = re.compile(r"\r\n?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """The export columns of a normalised frame, in contract order.

    ``counted_inside`` (the container that keeps a row out of totals) is always a column,
    empty where no row is inside another.
    """
    if "counted_inside" not in frame.columns and "overlaps_with" in frame.columns:
        frame = frame.assign(counted_inside="")
    return frame.loc[:, [c for c in COLUMNS + EXTRA_COLUMNS if c in frame.columns]].reset_index(drop=True)


def _own_reasons(frame: pd.DataFrame, in_view: np.ndarray, view: str) -> np.ndarray:
    """The first of a row's own reasons not to be added that holds ("" if none)."""
    role = frame["role"].to_numpy(dtype=object)
    inside = frame["counted_inside"].fillna("") if "counted_inside" in frame else pd.Series("", index=frame.index)
    reasons = {
        "cancelled": frame["status"].to_numpy(dtype=object) == "cancelled",
        "no-amount": frame["amount_high"].isna().to_numpy(),
        "part": role == "component",
        "context": role == "context",
        "running-total": role == "cumulative",
        "no-rate": frame["fx_problem"].fillna("").to_numpy(dtype=object) != "",
        "other-year": frame["other_year"].to_numpy(dtype=bool),
        "inside": inside.to_numpy(dtype=object) != "",
        "outside-year": (frame["year_months"].to_numpy(dtype=float) == 0) & (view == "year"),
        # Counted, but this view has no figure for it: no stated horizon.
        "no-horizon": frame["counts_in_total"].to_numpy(dtype=bool),
    }
    return np.select([~in_view & m for m in reasons.values()], list(reasons), default="").astype(object)


def not_counted(frame: pd.DataFrame, every: pd.DataFrame, view: str = "total") -> tuple[np.ndarray, np.ndarray]:
    """Why the current view's total does not add each row of ``frame`` (normalised and filtered,
    with ``counted_in_view``): a code for :func:`dashboard.labels.not_counted_label` ("" where it
    adds it) and the item the code names (an "inside" row's: its container). ``every``: all the
    normalised rows, for items whose figures the filters leave out.

    A row's own reason comes first (cancelled, a part, another year's capex…). A headline or
    revision without one takes its item's: "other-figure" when another of its figures is added,
    else the reason of the figure that stands for the item (Meta's 2025 guidance: its outturn,
    capex of another year), also when the filters leave that figure out ("filtered-figure" if it
    would be added), and for an item that no figure stands for, its headline's (Korea's fund).

    >>> every = pd.DataFrame({"id": ["a", "a-rev", "b", "c", "d", "d-act"], "item_id": ["a", "a", "b", "c", "d", "d"],
    ...     "role": ["headline", "revision", "component", "headline", "headline", "revision"],
    ...     "status": ["announced"] * 3 + ["cancelled", "announced", "spent"], "amount_high": 1.0,
    ...     "fx_problem": "", "other_year": [False] * 5 + [True], "year_months": 12.0,
    ...     "counts_in_total": [False, True, False, False, False, False],
    ...     "counts_if_converted": [False, True, False, False, False, True]})
    >>> codes, items = not_counted(every.assign(counted_in_view=every["counts_in_total"]), every)
    >>> codes.tolist(), items.tolist()
    (['other-figure', '', 'part-uncounted', 'cancelled', 'other-year', 'other-year'], ['a', 'a', 'b', 'c', 'd', 'd'])
    >>> not_counted(every.iloc[[0, 2, 4]].assign(counted_in_view=False), every)[0].tolist()  # filtered out
    ['filtered-figure', 'part-uncounted', 'other-year']
    """
    in_view = frame["counted_in_view"].to_numpy(dtype=bool)
    codes = _own_reasons(frame, in_view, view)
    # Positional ids: no reset index, which would copy every column of the frame.
    item = pd.Series(frame["item_id"].to_numpy(dtype=object))
    targets = item.to_numpy(dtype=object).copy()
    if "counted_inside" in frame:  # an "inside" row is named by its container
        targets = np.where(codes == "inside", frame["counted_inside"].to_numpy(dtype=object), targets)
    # A part of an item the view does not count either read as money the total holds (QA pass).
    # Arrow-side lookups (lookups.is_in): pandas' isin took ~340 ms over 100k ids (profiled).
    of_added_item = is_in(frame["item_id"], frame["item_id"][in_view])
    codes[(codes == "part") & ~of_added_item] = "part-uncounted"
    rest = ~in_view & (codes == "")
    if not rest.any():
        return codes, targets
    # The row that stands for each item in ``frame`` (resolve's choice, whatever the year or rates).
    stands = frame["counts_if_converted"].to_numpy(dtype=bool)
    standing = pd.DataFrame({"code": codes[stands], "target": targets[stands]}, index=item[stands]).groupby(level=0)
    standing = standing.first()
    # Items whose standing row the filters leave out: that row's own reason, as it would read
    # unfiltered (Alphabet's 2025 outturn, "spent": capex of another year, filters or not: QA),
    # "filtered-figure" if it would be added; items no row stands for: their headline's.
    missing = set(item[rest]) - set(standing.index)
    elsewhere = every[every["counts_if_converted"].to_numpy(dtype=bool) & is_in(every["item_id"], missing)]
    elsewhere = elsewhere.drop_duplicates("item_id")
    unfiltered = dict(zip(elsewhere["item_id"], _own_reasons(elsewhere, added(elsewhere, view), view)))
    heads = every[is_in(every["id"], missing - set(unfiltered))]
    unfiltered |= dict(zip(heads["id"], _own_reasons(heads, np.zeros(len(heads), dtype=bool), view)))
    own = item[rest]
    other = of_added_item[rest]
    carried = own.map(standing["code"]).replace("", "other-figure")  # NaN: no standing row here
    fallback = (
        own.map(pd.Series(unfiltered, dtype=object))
        .astype(object)
        .fillna("other-figure")
        .replace("", "filtered-figure")
    )
    codes[rest] = np.where(other, "other-figure", np.where(carried.notna(), carried, fallback))
    targets[rest] = np.where(~other & carried.notna().to_numpy(), own.map(standing["target"]), targets[rest])
    return codes, targets


def neutralise(value: object) -> object:
    """Prefix text a spreadsheet would treat as a formula; leave everything else alone.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-1"), neutralise(-1.5), neutralise("Stargate")
    ('\\'=HYPERLINK("http://x")', "'-1", -1.5, 'Stargate')
    >>> neutralise("Alpha fund\\r=cmd|' /C calc'!A0"), neutralise("\\x1b[31mred")
    ("Alpha fund\\n=cmd|' /C calc'!A0", '\\ufffd[31mred')
    """
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("\ufffd", _LINE_BREAK.sub("\n", value))
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame, *, german: bool = False, digits: int | None = None) -> str:
    """``frame`` as CSV text, every text cell passed through :func:`neutralise`.

    ``german``: as a German spreadsheet opens a file by default: ";" between cells, a decimal
    comma and a byte-order mark (a chart's table downloaded in German has German headers and names;
    with "," and "." German Excel put each row in one column and misread the amounts).
    ``digits``: floats to that many significant digits, written out in full (default: every digit
    Python has). A chart's table uses 15, what a spreadsheet keeps: "216476093749.99997" is float
    noise, and "%.15g" wrote 8.1e+15 for $500bn in rupiah (review).

    >>> rows = pd.DataFrame({"x": [216476093749.99997, 8.1e15, 0.0182345678912345678]})
    >>> to_csv(rows, digits=15).split()
    ['x', '216476093750', '8100000000000000', '0.0182345678912346']
    >>> to_csv(rows, german=True, digits=15).split()[-1]
    '0,0182345678912346'
    """
    float_format = None
    if digits is not None:
        point = "," if german else "."  # pandas leaves a callable's decimal point alone

        def float_format(value: float) -> str:
            text = np.format_float_positional(value, precision=digits, unique=False, fractional=False, trim="-")
            return text.replace(".", point)

    safe = frame.copy()
    for column in _text_columns(safe):
        safe[column] = safe[column].map(neutralise)
    if german:
        return "\ufeff" + safe.to_csv(index=False, lineterminator="\n", sep=";", decimal=",", float_format=float_format)
    return safe.to_csv(index=False, lineterminator="\n", float_format=float_format)


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]


def has_formula_cells(frame: pd.DataFrame) -> bool:
    """Whether :func:`to_csv` prefixes a cell of ``frame`` with an apostrophe (a reader is told).

    >>> has_formula_cells(pd.DataFrame({"a": ["x", None], "b": pd.Series([1, 2], dtype=object)}))
    False
    >>> has_formula_cells(pd.DataFrame({"a": ["+1", 3]}))
    True
    """
    # pandas' string methods, not a loop over every cell (65 -> 6 ms at 50k rows): this runs on each
    # rerun of a table on screen. A column without text (numbers kept as objects) has none to check.
    return any(
        frame[c].str.startswith(_FORMULA_START).fillna(False).astype(bool).any()
        for c in _text_columns(frame)
        if pd.api.types.infer_dtype(frame[c], skipna=True)
        in ("string", "mixed", "mixed-integer", "mixed-integer-float")
    )


def to_records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """JSON-ready rows: empty strings and NaN become null, numpy scalars Python ones (pandas'
    ``to_dict`` boxes them; a third of the time of a per-cell loop at 100k rows, measured)."""
    return frame.astype(object).where(frame.notna() & (frame != ""), None).to_dict(orient="records")


def to_json(frame: pd.DataFrame) -> str:
    return json.dumps(to_records(frame), ensure_ascii=False, indent=1)
