"""Sentences about exchange rates for the UI: which rate converted an amount, and why.

Numbers come from :mod:`dashboard.formatting` (one rate text everywhere: a chart hover and the
Method page print the same ``161,93``), facts from :mod:`dashboard.fx` (pegs, partial
periods); words come through ``gettext``, as templates with named placeholders so that
pybabel extracts them. Pure: no Streamlit, no I/O besides the ECB table fx reads once.

>>> from dashboard.fx import rate
>>> describe_rate(rate("USD", "EUR", announced="2025-01-21"))
'1 USD = 0.9655 EUR (ECB reference rate, Jan 21, 2025)'
"""

from __future__ import annotations

import datetime

from babel.numbers import format_decimal

from dashboard import dates, formatting
from dashboard.fx import FxRate, is_partial_period, period_coverage
from dashboard.i18n import Gettext
from dashboard.locale_base import normalize_locale
from dashboard.schema import PEGGED_TO_USD

__all__ = ["describe_rate", "rate_date"]


def _day(day: datetime.date, locale: str) -> str:
    """A fixing's day as every other date on screen ("Jan 21, 2025", "21. Jan. 2025"): the Method
    page wrote "Jan 21, 2025" and "21.01.2025" beside the Data page's dates (QA passes)."""
    return dates.format_announced(day.isoformat(), locale=locale)


def _ecb_text(fx: FxRate, locale: str, _: Gettext) -> str:
    """Which ECB fixing or average the rate is: ``ECB reference rate, Jan 21, 2025``."""
    fx_date = fx.fx_date
    partial = is_partial_period(fx_date)
    until = _day(period_coverage(fx_date)[1], locale) if partial else ""
    if len(fx_date) == 10:
        day = _day(datetime.date.fromisoformat(fx_date), locale)
        if fx.basis == "latest":
            return _("latest ECB reference rate, {date}").format(date=day)
        return _("ECB reference rate, {date}").format(date=day)
    if len(fx_date) == 7:
        month = dates.format_announced(fx_date, locale=locale)
        if partial:
            return _("ECB reference rate, average of {month} to {date}").format(month=month, date=until)
        return _("ECB reference rate, average of {month}").format(month=month)
    if partial:
        return _("ECB reference rate, {year} average to {date}").format(year=fx_date, date=until)
    return _("ECB reference rate, {year} average").format(year=fx_date)


def rate_date(fx_date: str, *, locale: str = "en_US", gettext: Gettext | None = None) -> str:
    """A rate's date as shown next to it (a hover, the Data table): the day, month or year, and
    for a year or month the bundled fixings do not cover to its end, until when ("2026" alone
    read as a full year's average).

    >>> rate_date("2026"), rate_date("2025"), rate_date("2025-02-07")
    ('2026, fixings to Oct 30, 2026', '2025', 'Feb 7, 2025')
    """
    _ = gettext or (lambda s: s)
    shown = dates.format_announced(fx_date, locale=locale)
    if not fx_date or not is_partial_period(fx_date):
        return shown
    until = dates.format_announced(period_coverage(fx_date)[1].isoformat(), locale=locale)
    return _("{period}, fixings to {date}").format(period=shown, date=until)


def describe_rate(fx: FxRate, *, locale: str = "en_US", gettext: Gettext | None = None) -> str:
    """A sentence saying which rate was used, e.g.
    ``1 USD = 0.9655 EUR (ECB reference rate, Jan 21, 2025)``.

    >>> from dashboard.fx import rate
    >>> describe_rate(rate("EUR", "USD", announced="2025-07"))
    '1 EUR = 1.1677 USD (ECB reference rate, average of Jul 2025)'
    >>> describe_rate(rate("SAR", "USD", announced="2025-07-01"))
    '1 SAR = 0.2667 USD (fixed peg: 3.75 SAR per USD)'
    >>> describe_rate(rate("EUR", "USD", basis="average", year=2026))
    '1 EUR = 1.1568 USD (ECB reference rate, 2026 average to Oct 30, 2026)'
    """
    _ = gettext or (lambda s: s)
    locale = normalize_locale(locale)
    source, target = fx.source, fx.target
    if source == target:
        return _("1 {source} = 1 {target} (same currency, no conversion)").format(source=source, target=target)

    def peg_text(code: str) -> str:
        peg = format_decimal(PEGGED_TO_USD[code], "#,##0.####", locale=locale)
        return _("{peg} {currency} per USD").format(peg=peg, currency=code)

    pegged = [c for c in dict.fromkeys((source, target)) if c in PEGGED_TO_USD]
    usd_only = {source, target} <= {"USD", *PEGGED_TO_USD}
    if not pegged:
        detail = _ecb_text(fx, locale, _)
    elif usd_only and len(pegged) == 1:
        detail = _("fixed peg: {peg}").format(peg=peg_text(pegged[0]))
    elif usd_only:
        detail = _("fixed pegs: {peg} and {other}").format(peg=peg_text(pegged[0]), other=peg_text(pegged[1]))
    else:
        detail = _("fixed USD peg {peg} and {ecb}").format(peg=peg_text(pegged[0]), ecb=_ecb_text(fx, locale, _))
    rate_text = formatting.format_rate(fx.rate, locale=locale)
    return _("1 {source} = {rate} {target} ({detail})").format(
        source=source, rate=rate_text, target=target, detail=detail
    )
