"""Sort keys for ``announced`` dates at the precision the data gives (``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY``): one integer ``YYYYMMDD`` per row, a missing month or day as 0, so
"2025-07" sorts before "2025-07-23"; an empty or malformed date (or no calendar date, as
2025-13) is 0 and sorts first of all.
The validator (a revision dated before the row it revises), the ledger (latest revisions,
date filters) and the charts (orders, months) use these.

Layer 0.25 (pandas, numpy). Pure.
"""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def date_sort_key(announced: str) -> tuple[int, int, int]:
    """Sort key for one ``announced`` string.

    >>> date_sort_key("2025-07-23"), date_sort_key("2025-07"), date_sort_key("2025")
    ((2025, 7, 23), (2025, 7, 0), (2025, 0, 0))
    >>> date_sort_key(""), date_sort_key("2025-13"), date_sort_key("2024-02-30")
    ((0, 0, 0), (0, 0, 0), (0, 0, 0))
    """
    match = _DATE.match(announced or "")
    if not match or "00" in match.groups()[1:]:
        return (0, 0, 0)
    year, month, day = (int(g or 0) for g in match.groups())
    try:
        _dt.date(year, month or 1, day or 1)  # no 2025-13, no 2024-02-30
    except ValueError:
        return (0, 0, 0)
    return (year, month, day)


def date_keys(series: pd.Series) -> np.ndarray:
    """Vectorised :func:`date_sort_key` as one integer per row (``YYYYMMDD``, 0 for unknown).

    >>> date_keys(pd.Series(["2025-07-23", "2025-07", "2025", "", "soon"])).tolist()
    [20250723, 20250700, 20250000, 0, 0]
    >>> date_keys(pd.Series(["2025-13", "2025-00", "2024-02-30", "2024-02-29", "2025-02-29"])).tolist()
    [0, 0, 0, 20240229, 0]
    """
    text = series.fillna("").astype(str)
    valid = text.str.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?").fillna(False).to_numpy(dtype=bool)
    # pandas checks the calendar (no key for 2025-13: the validator's rule said "date it 2025-13 or
    # later"); ~30 ms at 100k rows against ~105 ms for three to_numeric slices (measured).
    stamps = pd.to_datetime(text.where(valid, ""), format="ISO8601", errors="coerce")
    length = text.str.len().to_numpy()
    keys = stamps.dt.year * 10000 + stamps.dt.month * 100 * (length >= 7) + stamps.dt.day * (length == 10)
    return keys.to_numpy(dtype="float64", na_value=0).astype("int64")


def before(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Keys ``a`` before ``b`` at the coarser precision of each pair (an unknown date never is):
    "2025-07" is not before "2025-07-23", "2025-07-01" is.

    >>> before(np.array([20250700, 20250000, 0, 20250101]), np.array([20250723] * 4)).tolist()
    [False, False, False, True]
    """
    unit = np.where((a % 10000 == 0) | (b % 10000 == 0), 10000, np.where((a % 100 == 0) | (b % 100 == 0), 100, 1))
    return (a > 0) & (b > 0) & (a // unit < b // unit)


def spans(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each key's first and last day, as keys ("2026-04" is 20260401 to 20260431; 0 for none).

    >>> [k.tolist() for k in spans(np.array([20260400, 20260000, 20260415, 0]))]
    [[20260401, 20260101, 20260415, 0], [20260431, 20261231, 20260415, 0]]
    """
    month, year = keys % 100 == 0, keys % 10000 == 0
    lo = keys + np.where(month, np.where(year, 101, 1), 0)
    hi = keys + np.where(month, np.where(year, 1231, 31), 0)
    return lo * (keys > 0), hi * (keys > 0)
