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


def not_counted(table: pd.DataFrame, view: str = "total") -> np.ndarray:
    """Why the current view's total does not add each row of a :func:`table` (with
    ``counted_in_view``): a code for :func:`dashboard.labels.not_counted_label`, "" where it adds
    it. The first reason that holds, in the order below.

    >>> rows = pd.DataFrame({"role": ["headline", "component", "revision", "headline", "headline"],
    ...     "status": ["announced", "announced", "announced", "cancelled", "announced"],
    ...     "amount_high": [1.0, 1.0, 1.0, 1.0, 1.0], "fx_problem": "", "other_year": [False] * 4 + [True],
    ...     "counted_inside": "", "counts_in_total": [True, False, False, False, False],
    ...     "counted_in_view": [True, False, False, False, False], "year_months": 12.0})
    >>> not_counted(rows.assign(item_id=["a", "b", "a", "c", "d"])).tolist()
    ['', 'part', 'other-figure', 'cancelled', 'other-year']
    >>> not_counted(rows.assign(item_id=["a", "b", "d", "c", "d"])).tolist()  # its item's figure: another year's
    ['', 'part', 'other-year', 'cancelled', 'other-year']
    """
    added = table["counted_in_view"].to_numpy(dtype=bool)
    role = table["role"].to_numpy(dtype=object)
    months = table["year_months"].to_numpy(dtype=float) if "year_months" in table else np.full(len(table), np.nan)
    text = {c: table[c].fillna("").to_numpy(dtype=object) for c in ("fx_problem", "counted_inside") if c in table}
    empty = np.full(len(table), "", dtype=object)
    reasons = {
        "cancelled": table["status"].to_numpy(dtype=object) == "cancelled",
        "no-amount": table["amount_high"].isna().to_numpy(),
        "part": role == "component",
        "context": role == "context",
        "running-total": role == "cumulative",
        "no-rate": text.get("fx_problem", empty) != "",
        "other-year": table["other_year"].to_numpy(dtype=bool) if "other_year" in table else np.zeros(len(table), bool),
        "inside": text.get("counted_inside", empty) != "",
        "outside-year": (months == 0) & (view == "year"),
        # Counted, but this view has no figure for it: no stated horizon.
        "no-horizon": table["counts_in_total"].to_numpy(dtype=bool),
    }
    code = pd.Series(np.select([~added & m for m in reasons.values()], list(reasons), default=""), dtype=object)
    # Anything else not added is a headline or revision whose item counts another of its figures;
    # when none of them is added, the reason of the figure that stands for it (Meta's 2025 guidance:
    # its outturn, capex of another year; Korea's fund: a context figure), else the filters'.
    item = table["item_id"].astype(object).reset_index(drop=True)
    carried = ("cancelled", "context", "no-rate", "other-year", "inside", "outside-year", "no-horizon")
    standing = code.where(code.isin(carried))
    by_item = standing.groupby(item).first()
    rest = ~added & (code == "").to_numpy()
    item_added = item.isin(set(item[added])).to_numpy()
    code[rest & item_added] = "other-figure"
    code[rest & ~item_added] = item[rest & ~item_added].map(by_item).fillna("filtered-figure")
    return code.to_numpy(dtype=object)


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
