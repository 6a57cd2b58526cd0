r"""Below every display string: the UI's languages and their Babel locales, locale tags from
the browser, and exact decimals for Babel.

``formatting`` (single values), ``axes`` (Plotly axes) and ``i18n`` (catalogs) build on this, so
the languages the UI offers and the locale each one formats in are defined once, here. Pure: no
Streamlit, Plotly or pandas; the ``lru_cache``s only keep Babel's parsed locales and patterns.
"""

from __future__ import annotations

import numbers
import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from functools import lru_cache, wraps

import babel.numbers as _bn
from babel import Locale

#: The UI languages and the Babel locale each formats numbers and dates in (tests assert the
#: exact strings of these locales; any other tag falls back to one of them).
LOCALE_FOR_LANGUAGE = {"en": "en_US", "de": "de_DE"}
SUPPORTED_LOCALES = tuple(LOCALE_FOR_LANGUAGE.values())
_SUPPORTED = frozenset(SUPPORTED_LOCALES)
_CTX = Context(prec=400)  # enough for every float (1.8e308) as a whole number
_TAG_SEPARATORS = re.compile(r"[-_.@\s]+")


def normalize_locale(tag: object) -> str:
    r"""Map any locale tag to one of :data:`SUPPORTED_LOCALES`; never raises.

    Accepts BCP-47 (``'de-DE'``), POSIX (``'de_DE.UTF-8'``), bare languages, odd case and
    babel ``Locale`` objects. The language decides: ``de*`` is ``de_DE``; anything else,
    English included, is ``en_US``.

    >>> normalize_locale('de-DE'), normalize_locale('DE_de'), normalize_locale('de_AT.UTF-8')
    ('de_DE', 'de_DE', 'de_DE')
    >>> normalize_locale('en-GB'), normalize_locale('en')
    ('en_US', 'en_US')
    >>> normalize_locale(None), normalize_locale('C.UTF-8'), normalize_locale('fr-FR')
    ('en_US', 'en_US', 'en_US')
    """
    # Formatting passes a supported tag on every call: 26k of them for a 5,000-row table (profiled).
    if isinstance(tag, str) and tag in _SUPPORTED:
        return tag
    return _parse_tag(tag) or "en_US"


def _parse_tag(tag: object) -> str | None:
    if tag is None:
        return None
    try:
        text = tag if isinstance(tag, str) else str(tag)  # babel Locale objects str() to 'de_DE'
    except Exception:  # noqa: BLE001 - a broken __str__ must not break formatting
        return None
    language = _TAG_SEPARATORS.split(text.strip(), maxsplit=1)[0].lower()
    return LOCALE_FOR_LANGUAGE.get(language)


def language_of(locale: str | None) -> str:
    """The UI language (``'en'`` or ``'de'``) of any locale tag.

    >>> language_of('de-AT'), language_of('en_GB'), language_of('fr'), language_of(None)
    ('de', 'en', 'en', 'en')
    """
    return normalize_locale(locale)[:2]


def to_decimal(value: object) -> Decimal | None:
    """An exact Decimal for a finite number, else None (None, NaN, pd.NA, inf, text)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, Decimal):
            result = value
        elif isinstance(value, numbers.Integral):
            result = Decimal(int(value))
        else:
            # repr() of a float is the shortest string that round-trips: 0.1 -> '0.1'.
            result = Decimal(repr(float(value)))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, InvalidOperation):
        return None
    if not result.is_finite():
        return None
    return result if result != 0 else Decimal(0)  # no '-0'


def wide_decimals(func):
    """Run ``func`` with a decimal context wide enough for any float: babel quantizes with
    the thread's current context (28 digits), which fails on amounts past 10^28."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with localcontext(_CTX):
            return func(*args, **kwargs)

    return wrapper


def round_places(value: Decimal, places: int) -> Decimal:
    """Round half-up (away from zero) to ``places`` decimals (negative: tens, hundreds...)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_CTX)


def round_significant(value: Decimal, digits: int) -> Decimal:
    """Round half-up to ``digits`` significant digits."""
    if value == 0:
        return Decimal(0)
    return round_places(value, digits - 1 - value.adjusted())


def plain(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (Decimal('2E+2') -> 200)."""
    value = value.normalize(_CTX)
    if value.as_tuple().exponent > 0:  # type: ignore[operator]
        value = value.quantize(Decimal(1), context=_CTX)
    return value


@lru_cache(maxsize=16)
def babel_locale(locale: str) -> Locale:
    """A parsed babel ``Locale``, kept: babel parses a locale string again on every call."""
    return Locale.parse(locale)


@lru_cache(maxsize=64)
def number_pattern(pattern: str) -> _bn.NumberPattern:
    """A parsed babel number pattern, kept: babel parses a pattern string again on every call."""
    return _bn.parse_pattern(pattern)


@lru_cache(maxsize=16)
def separators(locale: str) -> str:
    r"""The locale's decimal mark, then its group separator (a supported locale, see
    :func:`normalize_locale`).

    >>> separators('en_US'), separators('de_DE')
    ('.,', ',.')
    """
    parsed = babel_locale(locale)
    return _bn.get_decimal_symbol(parsed) + _bn.get_group_symbol(parsed)
