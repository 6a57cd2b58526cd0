"""Translations: gettext catalogs (``dashboard/locales/<lang>/LC_MESSAGES/messages.po``).

The catalogs are managed with Babel's ``pybabel extract/update`` (see ``babel.cfg``) and read
straight from the ``.po`` files at first use (compiled in memory with Babel's ``write_mo`` into
a ``babel.support.Translations``), so there is no manual compile step and no ``.mo`` file to
forget; plurals follow the catalog's ``Plural-Forms`` through ``ngettext``. English is the
source language; a missing or untranslated message falls back to it. Pure: no Streamlit;
reading a catalog happens on first use, never at import.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from dashboard.locale_base import LOCALE_FOR_LANGUAGE

#: The UI languages (``LOCALE_FOR_LANGUAGE`` gives the Babel locale each formats in).
LANGUAGES = tuple(LOCALE_FOR_LANGUAGE)
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


def locales_dir() -> Path:
    return Path(__file__).resolve().parent / "locales"


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> _gettext.NullTranslations:
    """The catalog for ``language``; English and unknown languages translate nothing."""
    path = locales_dir() / language / "LC_MESSAGES" / "messages.po"
    if language not in LANGUAGES or language == "en" or not path.is_file():
        return _gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


def gettext_for(language: str) -> Gettext:
    """A ``gettext`` function for ``language`` ("en" or "de"; anything else gives English).

    >>> gettext_for("en")("Overview"), gettext_for("de")("Overview")
    ('Overview', 'Überblick')
    >>> gettext_for("xx")("Overview")
    'Overview'
    """
    return translations(language).gettext


def ngettext_for(language: str) -> Ngettext:
    """An ``ngettext`` function for ``language``: the singular or plural form for a count.

    >>> n = ngettext_for("de")
    >>> one = "{count} row could not be converted and is left out of totals and charts:"
    >>> many = "{count} rows could not be converted and are left out of totals and charts:"
    >>> n(one, many, 1)[:26], n(one, many, 2)[:28]
    ('{count} Zeile konnte nicht', '{count} Zeilen konnten nicht')
    """
    return translations(language).ngettext
