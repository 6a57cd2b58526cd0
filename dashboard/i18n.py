"""Translations: gettext catalogs (``dashboard/locales/<lang>/LC_MESSAGES/messages.po``).

The catalogs are managed with Babel's ``pybabel extract/update`` (see ``babel.cfg``) and read
straight from the ``.po`` files at first use, so there is no manual compile step and no ``.mo``
file to forget. English is the source language; a missing or untranslated message falls back
to it. Pure: no Streamlit; reading a catalog happens on first use, never at import.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from babel.messages.pofile import read_po

LANGUAGES = ("en", "de")
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch"}
#: The Babel locale used for numbers and dates in each UI language.
LOCALE_FOR_LANGUAGE = {"en": "en_US", "de": "de_DE"}

Gettext = Callable[[str], str]


def locales_dir() -> Path:
    return Path(__file__).resolve().parent / "locales"


@lru_cache(maxsize=len(LANGUAGES))
def _messages(language: str) -> dict[str, str]:
    path = locales_dir() / language / "LC_MESSAGES" / "messages.po"
    if language == "en" or not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {
        message.id: message.string
        for message in catalog
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def gettext_for(language: str) -> Gettext:
    """A ``gettext`` function for ``language`` ("en" or "de"; anything else gives English).

    >>> gettext_for("en")("Overview")
    'Overview'
    >>> gettext_for("xx")("Overview")
    'Overview'
    """
    messages = _messages(language) if language in LANGUAGES else {}

    def gettext(message: str) -> str:
        return messages.get(message, message)

    return gettext


def language_from_locale(tag: str | None, default: str = "en") -> str:
    """The UI language for a browser locale tag such as ``de-DE`` (``st.context.locale``).

    >>> language_from_locale("de-DE"), language_from_locale("de_AT"), language_from_locale("fr-FR")
    ('de', 'de', 'en')
    >>> language_from_locale(None)
    'en'
    """
    if not tag:
        return default
    lang = str(tag).replace("_", "-").split("-")[0].lower()
    return lang if lang in LANGUAGES else default
