r"""Locale-aware display strings for money, numbers and rates (dates: :mod:`dashboard.dates`).

Job: turn the numbers the other layers compute into the exact text a reader sees,
in the UI locales ``en_US`` and ``de_DE`` (the two the language switch offers). Journalists
quote what the screen says, so every string here must be unambiguous:

- compact money keeps at most 3 significant digits, rounded half-up *once*, here, and the
  unit is promoted when rounding reaches 1,000 (``999.9e9`` is ``$1T``, never ``$1000B``);
- German ``Mrd.`` is 10^9 and ``Bio.`` is 10^12 (German "Billion" is 10^12 and never
  labels 10^9); axes, which never show an SI suffix, are :mod:`dashboard.axes`' job;
- a missing value (None, NaN, pandas NA, infinity) is shown as an en dash, never ``€NaN``
  and never ``0``.

Every ``locale`` argument goes through ``locale_base.normalize_locale``, so BCP-47 tags from
the browser (``'de-DE'``) work, and any other language falls back to ``en_US`` instead of
raising. Strings contain the same no-break spaces babel produces (``'\xa0'``).

What this module must not do: import Streamlit, Plotly or pandas; read files; convert
currencies or round amounts for any purpose other than display (callers keep full
precision and format last); hold state (small bounded ``lru_cache``s only memoise the text
of money ranges, rates and compact numbers, which depends on nothing but the arguments).

>>> format_money(200e9, 'EUR', locale='en_US')
'€200B'
>>> format_money(200e9, 'EUR', locale='de-DE')
'200\xa0Mrd.\xa0€'
>>> format_money_range(60e9, 65e9, 'USD', locale='en_US')
'$60–65B'
"""

from __future__ import annotations

import copy
import math
import re
from decimal import Decimal
from functools import lru_cache
from os.path import commonprefix

import babel.numbers as _bn

from dashboard.locale_base import (
    babel_locale,
    normalize_locale,
    number_pattern,
    plain,
    round_places,
    round_significant,
    separators,
    to_decimal,
    wide_decimals,
)

#: What a missing value looks like everywhere (an en dash).
MISSING = "\u2013"

#: Significant digits of compact money (``$72.2B``, ``$206B``, ``€4.1B``).
COMPACT_SIGNIFICANT_DIGITS = 3

#: Between the ends of a range or period (an en dash, like :data:`MISSING`).
DASH = "\u2013"


# --------------------------------------------------------------------------- numbers


def _currency_code(currency: object) -> str:
    if not isinstance(currency, str) or not currency.strip():
        raise ValueError(f"a currency code is required, got {currency!r}")
    return currency.strip().upper()


@lru_cache(maxsize=256)
def _currency_symbol(currency: str, locale: str) -> str:
    return _bn.get_currency_symbol(currency, locale=babel_locale(locale))


@lru_cache(maxsize=16)
def _compact_limits(locale: str) -> tuple[int, int, int, str]:
    """(smallest magnitude babel abbreviates, 10 x the largest magnitude, the largest
    unit, e.g. 10^12, and its pattern), from the locale's CLDR short currency formats."""
    patterns = babel_locale(locale).compact_currency_formats["short"]["other"]
    abbreviated = sorted(int(m) for m, p in patterns.items() if p.pattern != "0")
    largest_unit = max(m for m in abbreviated if str(patterns[str(m)].pattern).count("0") == 1)
    return abbreviated[0], abbreviated[-1] * 10, largest_unit, patterns[str(largest_unit)].pattern


@lru_cache(maxsize=16)
def _whole_currency_pattern(locale: str) -> str:
    """The locale's standard currency pattern without the fraction part ('¤#,##0')."""
    pattern = babel_locale(locale).currency_formats["standard"].pattern
    return re.sub(r"\.[0#]+", "", pattern)


#: Stands in for the currency while babel formats (see :func:`_compact_text`).
_SYMBOL = "\ue000"


@lru_cache(maxsize=8192)
@wide_decimals
def _compact_text(decimal_text: str, locale: str) -> str:
    """babel's compact currency text of an amount already rounded to 3 significant digits, with
    :data:`_SYMBOL` where the currency's symbol goes: ``format_compact_currency`` (its own
    half-even rounding, which never promotes a unit, then changes nothing; ``fraction_digits`` is
    a maximum), or past the largest unit, where babel prints '€1500T' ungrouped, the largest
    unit's pattern with the mantissa grouped.

    One text serves every currency, as the symbol is all that depends on it (no currency
    digits): memoised per rounded amount and locale, since babel spends ~47 µs per call and 3
    significant digits give at most 900 texts per decade and sign (6,300 from 10^6 to 10^13, in
    one locale). Keyed by the text, not the number: CLDR plural rules count visible fraction
    digits. Its own decimal context, as babel quantizes with the thread's (28 digits).
    """
    rounded = Decimal(decimal_text)
    _smallest, beyond, top_unit, top_pattern = _compact_limits(locale)
    if abs(rounded) < beyond:
        return _bn.format_compact_currency(rounded, _SYMBOL, locale=babel_locale(locale), fraction_digits=2)
    pattern = number_pattern(re.sub(r"0+", "#,##0", top_pattern, count=1))
    mantissa = plain(rounded / top_unit)
    return pattern.apply(
        mantissa, babel_locale(locale), currency=_SYMBOL, currency_digits=False, decimal_quantization=False
    )


def _space_alphabetic_symbol(text: str, currency: str, locale: str) -> str:
    """CLDR currency spacing, which babel skips: 'SAR200B' -> 'SAR\xa0200B'."""
    symbol = _currency_symbol(currency, locale)
    sign = "-" if text.startswith("-") else ""
    body = text[len(sign) :]
    if symbol[-1:].isalpha() and body.startswith(symbol) and body[len(symbol) :][:1].isdigit():
        return f"{sign}{symbol}\xa0{body[len(symbol) :]}"
    return text


def _full_money(value: Decimal, currency: str, locale: str) -> str:
    cents = round_places(value, _bn.get_currency_precision(currency))
    if abs(cents) >= 1000 or cents == cents.to_integral_value():
        whole = round_places(value, 0)
        if whole == 0:
            whole = Decimal(0)
        text = _bn.format_currency(
            whole,
            currency,
            format=number_pattern(_whole_currency_pattern(locale)),
            locale=babel_locale(locale),
            currency_digits=False,
        )
    else:
        text = _bn.format_currency(cents, currency, locale=babel_locale(locale))
    return _space_alphabetic_symbol(text, currency, locale)


def _thousands(value: Decimal, currency: str, locale: str) -> str:
    """An amount from 1,000 to below the locale's first abbreviation, already rounded to 3
    significant digits, in thousands: '96,6\xa0Tsd.\xa0€'. Hand-written: CLDR German has no
    short unit below "Mio.", and babel's fallback printed the full figure ('etwa 96.553 €' beside
    '$96.6K': QA pass), which rounded looked exact ('251.000 €' for €250,500: review). "Tsd." is
    the Duden abbreviation; German is the only UI locale without a thousands unit."""
    number = _bn.format_decimal(plain(value.copy_abs().scaleb(-3)), locale=babel_locale(locale))
    sign = "-" if value < 0 else ""
    return f"{sign}{number}\xa0Tsd.\xa0{_currency_symbol(currency, locale)}"


def _compact_money(value: Decimal, currency: str, locale: str) -> str:
    if abs(value) < 1000:  # no locale abbreviates here: the amount itself, grouped
        return _full_money(value, currency, locale)
    rounded = round_significant(value, COMPACT_SIGNIFICANT_DIGITS)
    if abs(rounded) < _compact_limits(locale)[0]:  # German below "Mio." (999.999,4 rounds up to it)
        return _thousands(rounded, currency, locale)
    text = _compact_text(str(rounded), locale).replace(_SYMBOL, _currency_symbol(currency, locale))
    return _space_alphabetic_symbol(text, currency, locale)


@wide_decimals
def format_money(value: object, currency: str, *, locale: str | None, compact: bool = True) -> str:
    r"""An amount of money for display.

    ``compact=True`` (cards, labels, hover): babel's short compact currency format with at
    most 3 significant digits, rounded half-up, trailing zeros dropped, promoted to the
    next unit when rounding reaches 1,000. Below 1,000 the amount itself is shown; German,
    whose CLDR data has no unit below "Mio.", gets "Tsd." ('96,6 Tsd. €', as English '€96.6K').

    ``compact=False`` (tables): the full amount with the locale's grouping; whole units
    (half-up) when the amount is 1,000 or more or has no cents, otherwise the currency's
    minor units (cents; none for JPY). Amounts are never rounded to a "nicer" figure.

    None, NaN and infinity give ``'–'``. A missing currency code raises ``ValueError``.

    >>> format_money(200e9, 'EUR', locale='en_US')
    '€200B'
    >>> format_money(200e9, 'EUR', locale='de_DE')
    '200\xa0Mrd.\xa0€'
    >>> format_money(4.1e9, 'EUR', locale='de_DE')
    '4,1\xa0Mrd.\xa0€'
    >>> format_money(72.22e9, 'USD', locale='en_US'), format_money(206.48e9, 'USD', locale='en_US')
    ('$72.2B', '$206B')
    >>> format_money(999.9e9, 'USD', locale='en_US'), format_money(999.95e6, 'USD', locale='en_US')
    ('$1T', '$1B')
    >>> format_money(1.2e12, 'EUR', locale='de_DE')
    '1,2\xa0Bio.\xa0€'
    >>> format_money(294_000, 'USD', locale='en_US'), format_money(294_000, 'EUR', locale='de_DE')
    ('$294K', '294\xa0Tsd.\xa0€')
    >>> format_money(96_553, 'EUR', locale='en_US'), format_money(-96_553, 'EUR', locale='de_DE')
    ('€96.6K', '-96,6\xa0Tsd.\xa0€')
    >>> format_money(-4.1e9, 'EUR', locale='en_US'), format_money(0, 'USD', locale='en_US')
    ('-€4.1B', '$0')
    >>> format_money(float('nan'), 'EUR', locale='en_US'), format_money(None, 'EUR', locale='de_DE')
    ('–', '–')
    >>> format_money(100e9, 'SAR', locale='en_US')
    'SAR\xa0100B'
    >>> format_money(200e9, 'EUR', locale='en_US', compact=False)
    '€200,000,000,000'
    >>> format_money(200e9, 'EUR', locale='de_DE', compact=False)
    '200.000.000.000\xa0€'
    >>> format_money(1234.5, 'EUR', locale='en_US', compact=False)
    '€1,235'
    >>> format_money(12.345, 'EUR', locale='de_DE', compact=False)
    '12,35\xa0€'
    """
    loc = normalize_locale(locale)
    code = _currency_code(currency)
    amount = to_decimal(value)
    if amount is None:
        return MISSING
    return _compact_money(amount, code, loc) if compact else _full_money(amount, code, loc)


def _join_range(low: str, high: str, locale: str) -> str:
    """Share the currency (and unit) of two formatted amounts: '$60B', '$65B' -> '$60–65B'.

    Hand-written: babel has no number-range format (CLDR's range pattern is not in its data)."""
    prefix = commonprefix([low, high])
    prefix = re.split(r"\d", prefix, maxsplit=1)[0]
    if not (low[len(prefix) :][:1].isdigit() and high[len(prefix) :][:1].isdigit()):
        cut = max((i for i, c in enumerate(prefix) if c.isspace()), default=-1)
        prefix = prefix[: cut + 1]
    suffix = commonprefix([low[::-1], high[::-1]])[::-1]
    suffix = re.split(r"\d", suffix)[-1]
    end_low, end_high = len(low) - len(suffix), len(high) - len(suffix)
    if suffix and not (low[end_low - 1 : end_low].isdigit() and high[end_high - 1 : end_high].isdigit()):
        # The shared tail starts inside a unit word ('Mio.' / 'Mrd.' share '.'): keep only
        # the part from the first space, the currency.
        first_space = next((i for i, c in enumerate(suffix) if c.isspace()), len(suffix))
        suffix = suffix[first_space:]
    mid_low = low[len(prefix) : len(low) - len(suffix)]
    mid_high = high[len(prefix) : len(high) - len(suffix)]
    if set(mid_low + mid_high) <= set("0123456789" + separators(locale)):  # digits, decimal and group marks
        mid_low, mid_high = _same_places(mid_low, mid_high, separators(locale)[0])
        return f"{prefix}{mid_low}{DASH}{mid_high}{suffix}"
    spaced = any(c.isspace() for c in mid_low + mid_high)
    separator = f" {DASH} " if spaced else DASH
    return f"{prefix}{mid_low}{separator}{mid_high}{suffix}"


def _same_places(low: str, high: str, decimal: str) -> tuple[str, str]:
    """Two numbers of one unit with as many decimals each, as ranges are written ('2.13', '2.2'
    -> '2.13', '2.20'), unless the zeros would give one more significant digits than the other
    has ('9.95', '10.1' stay: '10.10' claims a precision the figure lacks).

    >>> _same_places('2,9', '3', ','), _same_places('9.95', '10.1', '.'), _same_places('0', '1.5', '.')
    (('2,9', '3,0'), ('9.95', '10.1'), ('0.0', '1.5'))
    """
    texts = [low, high]
    places = [len(text.partition(decimal)[2]) for text in texts]
    digits = [len(re.sub(r"\D", "", text).lstrip("0")) for text in texts]
    short = places.index(min(places))
    zeros = places[1 - short] - places[short]
    # A lone "0" has no significant digit, with its zeros or without ("0.0", "1.5").
    if zeros and (digits[short] == 0 or digits[short] + zeros <= digits[1 - short]):
        texts[short] += ("" if places[short] else decimal) + "0" * zeros
    return texts[0], texts[1]


def format_money_range(low: object, high: object, currency: str, *, locale: str | None, compact: bool = True) -> str:
    r"""A range of money (``amount_low``–``amount_high``) sharing currency and unit.

    A single value when low == high or both sides format to the same text; mixed units
    keep their own unit (``$500M–1.2B``; spaced dash where units are words). When one side
    is missing the other is shown alone; both missing give ``'–'``. Reversed bounds are
    put in order; ranges with a negative bound are written out in full.

    >>> format_money_range(60e9, 65e9, 'USD', locale='en_US')
    '$60–65B'
    >>> format_money_range(60e9, 65e9, 'USD', locale='de_DE')
    '60–65\xa0Mrd.\xa0$'
    >>> format_money_range(1.5e9, 2.6e9, 'EUR', locale='en_US')
    '€1.5–2.6B'
    >>> format_money_range(500e6, 1.2e9, 'USD', locale='en_US')
    '$500M–1.2B'
    >>> format_money_range(500e6, 1.2e9, 'USD', locale='de_DE')
    '500\xa0Mio. – 1,2\xa0Mrd.\xa0$'
    >>> format_money_range(200e9, 200.4e9, 'EUR', locale='en_US')
    '€200B'
    >>> format_money_range(float('nan'), 65e9, 'USD', locale='en_US')
    '$65B'
    >>> format_money_range(60e9, 65e9, 'EUR', locale='de_DE', compact=False)
    '60.000.000.000–65.000.000.000\xa0€'
    """
    loc = normalize_locale(locale)
    code = _currency_code(currency)
    # Charts format the same announced amounts on every rerun: keep the text of floats (any
    # other value, which may be unhashable, skips the cache).
    cached = isinstance(low, float) and isinstance(high, float)
    return (_range_text if cached else _range_text.__wrapped__)(low, high, code, loc, compact)


@lru_cache(maxsize=32768)  # ~12 MB full (tracemalloc); the Data page alone shows 2 x 5,000 ranges
@wide_decimals
def _range_text(low: object, high: object, currency: str, locale: str, compact: bool) -> str:
    lo, hi = to_decimal(low), to_decimal(high)
    if lo is None and hi is None:
        return MISSING
    money = _compact_money if compact else _full_money  # code and locale already normalised
    if lo is None or hi is None:
        return money(hi if lo is None else lo, currency, locale)  # type: ignore[arg-type]
    if lo > hi:
        lo, hi = hi, lo
    text_hi = money(hi, currency, locale)
    if lo == hi:
        return text_hi
    text_lo = money(lo, currency, locale)
    if text_lo == text_hi:
        return text_hi
    if lo < 0:
        return f"{text_lo} {DASH} {text_hi}"
    return _join_range(text_lo, text_hi, locale)


@wide_decimals
def format_number(value: object, *, locale: str | None, digits: int = 0) -> str:
    r"""A plain number with the locale's grouping and exactly ``digits`` decimals (half-up).

    >>> format_number(1234567.891, locale='en_US', digits=2)
    '1,234,567.89'
    >>> format_number(1234567.891, locale='de_DE', digits=2)
    '1.234.567,89'
    >>> format_number(2.5, locale='en_US'), format_number(None, locale='en_US')
    ('3', '–')
    """
    loc = normalize_locale(locale)
    number = to_decimal(value)
    if number is None:
        return MISSING
    digits = max(0, int(digits))
    pattern = number_pattern("#,##0" + ("." + "0" * digits if digits else ""))
    return _bn.format_decimal(round_places(number, digits), format=pattern, locale=babel_locale(loc))


def decimals_for(value: float, *, significant: int = 2, at_least: int = 2) -> int:
    """The decimals that show ``significant`` digits of a small number, and at least
    ``at_least``: shares of GDP of 0.0044 % and 0.014 % both read "0.01" with two (QA pass).

    >>> [decimals_for(v) for v in (0.0044, 0.0144, 0.43, 12.5, 0.0, float("inf"))]
    [4, 3, 2, 2, 2, 2]
    """
    if not value or not math.isfinite(value):
        return at_least
    return max(at_least, significant - 1 - math.floor(math.log10(abs(value))))


def format_large_number(value: object, *, locale: str | None) -> str:
    r"""A number from a million up in the locale's short units, at most two decimals; below that,
    :func:`format_number` (whole). For table cells: a converted amount to the unit
    ('408,163,265,306' for $500bn) claims digits no announcement has; exports keep them all.

    >>> format_large_number(408163265306.12, locale='en_US'), format_large_number(17.9e9, locale='de_DE')
    ('408.16B', '17,9\xa0Mrd.')
    >>> format_large_number(999_996e6, locale='en_US'), format_large_number(654321.4, locale='de_DE')
    ('1T', '654.321')
    >>> format_large_number(1_125_000_000, locale='en_US'), format_large_number(2_345_000, locale='en_US')
    ('1.13B', '2.35M')
    """
    loc = normalize_locale(locale)
    number = to_decimal(value)
    if number is None or abs(number) < 1_000_000:
        return format_number(number, locale=loc)
    # Half-up in the unit babel picks, as every other text here: babel alone rounds half to even
    # ('1.12B' in a table beside '$1.13B' on its chart: review).
    unit = number.copy_abs().adjusted() // 3 * 3
    rounded = round_places(number.scaleb(-unit), 2).scaleb(unit)
    return _bn.format_compact_decimal(rounded, format_type="short", locale=babel_locale(loc), fraction_digits=2)


def format_ratio(value: object, *, locale: str | None) -> str:
    r"""A ratio of two figures ("2.41×"): two decimals from 0.1 to 100, else 3 significant digits,
    as the figures have ("1,940,000×", not "1,943,704.97×"); below 0.1 without trailing zeros
    ("0.0085×": two decimals read Mistral's round at 0.0085× InvestAI as "0.01×", QA pass; and
    "0.0000514×", not "0.00×", which reads as nothing). Nothing is "0×": a pick with no money in
    the year read "0.00×", as if it had a little (QA pass).

    >>> format_ratio(2.4149, locale='en_US'), format_ratio(0.07, locale='de_DE'), format_ratio(0, locale='en_US')
    ('2.41×', '0,07×', '0×')
    >>> format_ratio(1943704.97, locale='de_DE'), format_ratio(5.144e-5, locale='en_US')
    ('1.940.000×', '0.0000514×')
    >>> [format_ratio(r, locale='en_US') for r in (0.0085, 0.01, 99.996, 0.0099996, 0.0951, 0.09999, 0.1)]
    ['0.0085×', '0.01×', '100×', '0.01×', '0.0951×', '0.10×', '0.10×']
    >>> format_ratio(None, locale='en_US')
    '–'
    """
    number = to_decimal(value)
    if number is None:
        return MISSING
    # Decided on the rounded values, so that 99.996 reads "100×" as 100 does, and 0.09999 "0.10×"
    # as 0.1 does.
    shown, rounded = round_places(number, 2), round_significant(number, 3)
    if number == 0:
        return "0×"
    if Decimal("0.1") <= abs(rounded) and abs(shown) < 100:
        return format_number(shown, locale=locale, digits=2) + "×"
    small = abs(rounded) < 1
    digits = -int(rounded.normalize().as_tuple().exponent) if small else 2 - rounded.adjusted()
    return format_number(rounded, locale=locale, digits=max(0, digits)) + "×"


@wide_decimals
def format_percent(value: object, *, locale: str | None, digits: int = 1, fixed: bool = False) -> str:
    r"""A fraction as a percentage with at most ``digits`` decimals (half-up, zeros dropped), or
    exactly ``digits`` with ``fixed``.

    babel's own ``format_percent`` rounds 0.245 half-even to '24%'; this does not.

    >>> format_percent(0.245, locale='en_US'), format_percent(0.245, locale='de_DE')
    ('24.5%', '24,5\xa0%')
    >>> format_percent(0.25, locale='en_US'), format_percent(0.12345, locale='de_DE', digits=2)
    ('25%', '12,35\xa0%')
    >>> format_percent(0.0896, locale='en_US', fixed=True), format_percent(float('nan'), locale='en_US')
    ('9.0%', '–')
    """
    loc = normalize_locale(locale)
    number = to_decimal(value)
    if number is None:
        return MISSING
    places = max(0, int(digits))
    percent = round_places(number.scaleb(2), places)
    if fixed:  # the locale's own pattern, made to show every decimal ("9.0–11.0%", not "9–11%")
        pattern = copy.copy(babel_locale(loc).percent_formats[None])
        pattern.frac_prec = (places, places)
        return pattern.apply(percent.scaleb(-2), babel_locale(loc))
    return _bn.format_percent(plain(percent).scaleb(-2), locale=babel_locale(loc), decimal_quantization=False)


def format_percent_range(
    low: object, high: object, *, locale: str | None, digits: int = 1, fixed: bool = False, significant: int = 0
) -> str:
    r"""Two fractions as one percentage range sharing its sign, like money ranges; one value
    when both sides print alike. ``fixed``: every side keeps ``digits`` decimals (a public share
    of 8.96–11.01% read "9–11%" beside "9.1–11.2%" in another currency, as if rounder: QA pass).
    ``significant``: more decimals where the smaller positive side needs them to show that many
    significant digits (shares of GDP of 0.006% and 0.014% must not both read "0.01%": QA pass).

    >>> format_percent_range(0.0047, 0.0049, locale='en_US', digits=2), format_percent_range(0.1, 0.1, locale='de_DE')
    ('0.47–0.49%', '10\xa0%')
    >>> format_percent_range(0.0896, 0.1101, locale='en_US', fixed=True)
    '9.0–11.0%'
    >>> [format_percent_range(v, 1.04 * v, locale='en_US', fixed=True, significant=2) for v in (0.0896, 0.00014)]
    ['9.0–9.3%', '0.014–0.015%']
    """
    positive = [float(d) for v in (low, high) if (d := to_decimal(v)) is not None and d > 0]
    if significant and positive:
        digits = decimals_for(min(positive) * 100, significant=significant, at_least=digits)
    lo, hi = (format_percent(v, locale=locale, digits=digits, fixed=fixed) for v in (low, high))
    return lo if lo == hi else _join_range(lo, hi, normalize_locale(locale))


def format_rate(rate: object, *, locale: str | None) -> str:
    r"""An exchange rate, the one text of a rate everywhere (chart hovers, the Method page).

    At least 4 significant digits, half-up: 4 decimals below 100, more for rates below 0.001,
    2 decimals from 100 on (``161.93``, ``16,345.23``).

    >>> format_rate(1.0324, locale='en_US'), format_rate(1.0324, locale='de_DE')
    ('1.0324', '1,0324')
    >>> format_rate(3.75, locale='en_US'), format_rate(161.93, locale='de_DE')
    ('3.7500', '161,93')
    >>> format_rate(0.0061755, locale='en_US'), format_rate(None, locale='en_US')
    ('0.006176', '–')
    """
    # Rows sharing a currency and a rate date share the rate: keep each float's text (as ranges do).
    return (_rate_text if isinstance(rate, float) else _rate_text.__wrapped__)(rate, normalize_locale(locale))


@lru_cache(maxsize=4096)
def _rate_text(rate: object, locale: str) -> str:
    number = to_decimal(rate)
    if number is None:
        return MISSING
    magnitude = number.adjusted() if number else 0
    decimals = 2 if magnitude >= 2 else min(20, max(4, 3 - magnitude))
    return format_number(number, locale=locale, digits=decimals)
