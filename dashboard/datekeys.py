"""Sort keys for ``announced`` dates at the precision the data gives (``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY``): one integer ``YYYYMMDD`` per row, a missing month or day as 0, so
"2025-07" sorts before "2025-07-23"; an empty or malformed date is 0 and sorts first of all.
The validator (a revision dated before the row it revises), the ledger (latest revisions,
date filters) and the charts (orders, months) use these.

Layer 0.25 (pandas, numpy). Pure.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def date_sort_key(announced: str) -> tuple[int, int, int]:
    """Sort key for one ``announced`` string.

    >>> date_sort_key("2025-07-23"), date_sort_key("2025-07"), date_sort_key("2025")
    ((2025, 7, 23), (2025, 7, 0), (2025, 0, 0))
    >>> date_sort_key("")
    (0, 0, 0)
    """
    match = _DATE.match(announced or "")
    if not match:
        return (0, 0, 0)
    year, month, day = match.groups()
    return (int(year), int(month or 0), int(day or 0))


def date_keys(series: pd.Series) -> np.ndarray:
    """Vectorised :func:`date_sort_key` as one integer per row (``YYYYMMDD``, 0 for unknown).

    >>> date_keys(pd.Series(["2025-07-23", "2025-07", "2025", "", "soon"])).tolist()
    [20250723, 20250700, 20250000, 0, 0]
    """
    text = series.fillna("").astype(str)
    valid = text.str.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?").fillna(False).to_numpy(dtype=bool)
    year = pd.to_numeric(text.str.slice(0, 4), errors="coerce").fillna(0).to_numpy()
    month = pd.to_numeric(text.str.slice(5, 7), errors="coerce").fillna(0).to_numpy()
    day = pd.to_numeric(text.str.slice(8, 10), errors="coerce").fillna(0).to_numpy()
    keys = (year * 10000 + month * 100 + day).astype("int64")
    return np.where(valid, keys, 0)


def before(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Keys ``a`` before ``b`` at the coarser precision of each pair (an unknown date never is):
    "2025-07" is not before "2025-07-23", "2025-07-01" is.

    >>> before(np.array([20250700, 20250000, 0, 20250101]), np.array([20250723] * 4)).tolist()
    [False, False, False, True]
    """
    unit = np.where((a % 10000 == 0) | (b % 10000 == 0), 10000, np.where((a % 100 == 0) | (b % 100 == 0), 100, 1))
    return (a > 0) & (b > 0) & (a // unit < b // unit)
