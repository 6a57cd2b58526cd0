r"""Plotly axes in the reader's locale: separators, the unit an axis counts in, tick texts.

Split from ``formatting`` (which formats single values): an axis never shows an SI suffix
("G", "k") or Plotly's "B"; amounts are divided by a :class:`Scale` whose unit word the axis
title names ("bn", "Mrd."), and log axes get explicit 1-2-5 ticks formatted by Babel.
Pure: no Plotly import; settings are plain dicts and strings that ``charts`` applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import babel.numbers as _bn

from dashboard.locale_base import (
    babel_locale,
    language_of,
    normalize_locale,
    number_pattern,
    plain,
    separators,
    to_decimal,
    wide_decimals,
)


def plotly_separators(locale: str | None) -> str:
    r"""Plotly's ``layout.separators``: decimal mark, then thousands separator.

    Plotly reads ``separators.charAt(0)`` and ``charAt(1)``.

    >>> plotly_separators('en_US'), plotly_separators('de-DE')
    ('.,', ',.')
    """
    return separators(normalize_locale(locale))


_UNIT_WORDS = {
    "en": {3: "thousand", 6: "m", 9: "bn", 12: "tn"},
    "de": {3: "Tsd.", 6: "Mio.", 9: "Mrd.", 12: "Bio."},
}


@dataclass(frozen=True)
class Scale:
    r"""How to show amounts on an axis: divide by ``divisor``, name the unit ``unit``.

    >>> s = unit_scale(600e9, locale='de_DE')
    >>> s.divisor, s.unit
    (1000000000.0, 'Mrd.')
    """

    divisor: float
    unit: str


def unit_scale(max_abs_value: object, *, locale: str | None, thousands: bool = False) -> Scale:
    """The largest of million / billion / trillion that keeps the axis maximum >= 1.

    Below a million it stays in millions (0.3 m); unknown or zero gives billions. With
    ``thousands`` (a price per accelerator) below a million is in thousands, as its bar labels
    are: an axis in "Mio. GBP" under labels of "360 Tsd. £" (QA pass).

    >>> unit_scale(360e3, locale='de_DE', thousands=True).unit, unit_scale(3e6, locale='en_US', thousands=True).unit
    ('Tsd.', 'm')

    >>> [unit_scale(v, locale='en_US').unit for v in (5e6, 999e6, 1e9, 600e9, 1.2e12, None)]
    ['m', 'm', 'bn', 'bn', 'tn', 'bn']
    >>> unit_scale(2e12, locale='de_DE').unit, unit_scale(3e6, locale='de_DE').unit
    ('Bio.', 'Mio.')
    """
    language = language_of(locale)
    number = to_decimal(max_abs_value)
    if number is None or number == 0:
        exponent = 9
    else:
        size = abs(number)
        exponent = 12 if size >= Decimal("1e12") else 9 if size >= Decimal("1e9") else 6
        if thousands and size < Decimal("1e6"):
            exponent = 3
    return Scale(divisor=float(10**exponent), unit=_UNIT_WORDS[language][exponent])


#: Plotly axis properties that keep every tick free of exponents and SI suffixes
#: (``exponentformat='none'``: no 'k', 'G', 'μ', and no Plotly 'B' for 10^9), with
#: 4-digit numbers grouped too (``separatethousands``; else Plotly writes '1000').
_NO_SI = {"exponentformat": "none", "separatethousands": True}

MAX_LOG_TICKS = 12


def _tick_text(value: Decimal, locale: str) -> str:
    return _bn.format_decimal(
        plain(value), format=number_pattern("#,##0.###"), locale=babel_locale(locale), decimal_quantization=False
    )


@wide_decimals
def axis_ticks(vmin: float, vmax: float, *, locale: str | None, log: bool) -> dict:
    r"""Plotly axis properties (a plain dict for ``fig.update_yaxes(**...)``) without SI units.

    Values are in display units (already divided by :attr:`Scale.divisor`). Linear axes keep
    Plotly's automatic ticks (they follow zooming), formatted with ``layout.separators``
    (see :func:`plotly_separators`). Log axes get explicit ticks at 1-2-5 x 10^k inside
    [vmin, vmax] (1 x 10^k, or every n-th decade, when that would exceed 12 ticks; 1..9 x 10^k
    for narrow ranges) with labels formatted by babel. A log axis needs vmin > 0.

    >>> axis_ticks(0, 600, locale='en_US', log=False)
    {'type': 'linear', 'exponentformat': 'none', 'separatethousands': True}
    >>> t = axis_ticks(0.5, 1200, locale='de_DE', log=True)
    >>> t['tickvals']
    [0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0]
    >>> t['ticktext']
    ['0,5', '1', '2', '5', '10', '20', '50', '100', '200', '500', '1.000']
    >>> axis_ticks(0.001, 1000, locale='en_US', log=True)['ticktext']
    ['0.001', '0.01', '0.1', '1', '10', '100', '1,000']
    """
    loc = normalize_locale(locale)
    if not log:
        return {"type": "linear", **_NO_SI}
    low, high = to_decimal(vmin), to_decimal(vmax)
    if low is None or high is None or low <= 0 or high <= 0:
        raise ValueError(f"a log axis needs a positive, finite range, got {vmin!r}..{vmax!r}")
    if low > high:
        low, high = high, low
    ticks = _log_tick_values(low, high)
    result: dict = {"type": "log", **_NO_SI}
    if len(ticks) >= 2:
        result.update(
            tickmode="array",
            tickvals=[float(t) for t in ticks],
            ticktext=[_tick_text(t, loc) for t in ticks],
        )
    return result


def _log_tick_values(low: Decimal, high: Decimal) -> list[Decimal]:
    first, last = low.adjusted(), high.adjusted()

    def grid(multipliers: tuple[int, ...], step: int = 1) -> list[Decimal]:
        return [
            Decimal(m).scaleb(e)
            for e in range(first, last + 1)
            if (last - e) % step == 0  # from the top decade down: the largest values keep a label above them (review)
            for m in multipliers
            if low <= Decimal(m).scaleb(e) <= high
        ]

    ticks = grid((1, 2, 5))
    if len(ticks) < 3:
        ticks = grid(tuple(range(1, 10)))
        if len(ticks) > MAX_LOG_TICKS:  # pragma: no cover - 1..9 only fits narrow ranges
            ticks = grid((1, 2, 5))
    if len(ticks) > MAX_LOG_TICKS:
        ticks = grid((1,))
    step = 1
    while len(ticks) > MAX_LOG_TICKS:
        step += 1
        ticks = grid((1,), step)
    return ticks
