r"""Locale-aware display of announcement dates and stated periods, at the precision the data
gives (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), with month names so 11/02 and 02/11 cannot be
misread. Like :mod:`dashboard.formatting`: no Streamlit, Plotly or pandas, no files; small
``lru_cache``s only memoise text.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

import babel.dates as _bd

from dashboard.datekeys import date_sort_key
from dashboard.formatting import DASH, MISSING
from dashboard.locale_base import babel_locale, normalize_locale


def _parse_partial_date(text: object) -> tuple[_dt.date, str] | None:
    """('2025-02-11' | '2025-02' | '2025' | date) -> (first day, 'day'|'month'|'year')."""
    if isinstance(text, _dt.datetime):
        return text.date(), "day"
    if isinstance(text, _dt.date):
        return text, "day"
    if not isinstance(text, str):
        return None
    year, month, day = date_sort_key(text.strip())
    if not year:
        return None
    return _dt.date(year, month or 1, day or 1), "day" if day else "month" if month else "year"


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN-like scalars (float, numpy, pd.NaT)
    except (TypeError, ValueError):
        return str(value) in ("<NA>", "NaT")


_SKELETONS = {"day": "yMMMd", "month": "yMMM", "year": "y"}


def format_announced(date_str: object, *, locale: str | None) -> str:
    r"""A ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` date at its own precision.

    Month names instead of numbers, so 11/02 vs 02/11 cannot be misread. Missing gives
    ``'–'``; text that is not such a date is returned unchanged.

    >>> format_announced('2025-02-11', locale='en_US')
    'Feb 11, 2025'
    >>> format_announced('2025-02-11', locale='de_DE')
    '11. Feb. 2025'
    >>> format_announced('2025-07', locale='en_US'), format_announced('2025-07', locale='de_DE')
    ('Jul 2025', 'Juli 2025')
    >>> format_announced('2023', locale='de_DE'), format_announced('soon', locale='de_DE')
    ('2023', 'soon')
    """
    # Charts show the same few hundred dates on every rerun: format each text once per locale.
    cached = isinstance(date_str, str)
    return (_format_announced if cached else _format_announced.__wrapped__)(date_str, normalize_locale(locale))


@lru_cache(maxsize=4096)
def _format_announced(date_str: object, locale: str) -> str:
    if _is_missing(date_str):
        return MISSING
    parsed = _parse_partial_date(date_str)
    if parsed is None:
        return date_str if isinstance(date_str, str) else str(date_str)
    day, precision = parsed
    return _bd.format_skeleton(_SKELETONS[precision], day, locale=babel_locale(locale))


def format_period(start: object, end: object, *, locale: str | None) -> str:
    r"""An inclusive period (``period_start``..``period_end``, ``YYYY`` or ``YYYY-MM``).

    Uses babel's CLDR interval formats. Mixed precision is shown by month (a year start
    is January, a year end December, both inclusive). No period gives ``'–'``; a missing
    side is shown as ``?``; unparseable text is returned as written.

    >>> format_period('2025', '2029', locale='de_DE'), format_period('2025', '2025', locale='de_DE')
    ('2025–2029', '2025')
    >>> format_period('2025', '2029', locale='en_US')
    '2025\u2009–\u20092029'
    >>> format_period('2025-01', '2027-06', locale='en_US')
    'Jan 2025\u2009–\u2009Jun 2027'
    >>> format_period('2025-01', '2025-06', locale='de_DE')
    'Jan.–Juni 2025'
    >>> format_period('2025', '2027-06', locale='de_DE')
    'Jan. 2025\u2009–\u2009Juni 2027'
    >>> format_period(None, '', locale='en_US'), format_period('2025', None, locale='en_US')
    ('–', '2025 – ?')
    """
    cached = isinstance(start, (str, type(None))) and isinstance(end, (str, type(None)))
    return (_format_period if cached else _format_period.__wrapped__)(start, end, normalize_locale(locale))


@lru_cache(maxsize=4096)
def _format_period(start: object, end: object, locale: str) -> str:
    start_missing, end_missing = _is_missing(start), _is_missing(end)
    if start_missing and end_missing:
        return MISSING
    if start_missing or end_missing:
        known = format_announced(end if start_missing else start, locale=locale)
        return f"? {DASH} {known}" if start_missing else f"{known} {DASH} ?"
    first, last = _parse_partial_date(start), _parse_partial_date(end)
    if first is None or last is None:
        return f"{start}{DASH}{end}"
    (first_day, first_precision), (last_day, last_precision) = first, last
    if first_precision == last_precision == "year":
        skeleton = "y"
    elif "day" in (first_precision, last_precision):
        skeleton = "yMMMd"
    else:
        skeleton = "yMMM"
        if last_precision == "year":
            last_day = last_day.replace(month=12)
    if first_day == last_day:
        return _bd.format_skeleton(skeleton, first_day, locale=babel_locale(locale))
    if first_day > last_day:
        parts = (_bd.format_skeleton(skeleton, d, locale=babel_locale(locale)) for d in (first_day, last_day))
        return f" {DASH} ".join(parts)
    return _bd.format_interval(first_day, last_day, skeleton, locale=babel_locale(locale))
