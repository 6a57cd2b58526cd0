"""The dashboard's view settings and their URL form (query parameters).

Every control of the UI is one field of ``Settings``; ``from_query`` turns query parameters
into settings and a list of notices (an unknown or malformed parameter falls back to its
default and says so; it never raises), ``to_query`` writes the settings back, leaving out
defaults so links stay short. The parameter names are a contract: shared links use them.

Pure: no Streamlit, no I/O. The UI layer passes in what it knows (currencies, item ids).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from typing import Callable, Iterable, Mapping, Sequence

from dashboard.ledger import CONFIDENCE_ORDER, REVISIONS, VIEWS, Filters
from dashboard.schema import ACTOR_TYPES, REGIONS, SCOPES, STATUSES

LANGUAGES = ("en", "de")
BASES = ("announcement", "latest", "average")
SCALES = ("linear", "log")
#: The Compare page's default items: the seed article's comparison.
DEFAULT_ITEMS = (
    "investai",
    "stargate",
    "microsoft-capex-fy2025",
    "alphabet-capex-2025",
    "meta-capex-2025",
    "amazon-capex-2025",
)
MAX_ITEMS = 8
FIRST_YEAR = 1999

#: Query parameter name for each field (the URL contract).
PARAMS = {
    "lang": "lang",
    "currency": "cur",
    "basis": "basis",
    "year": "year",
    "revisions": "rev",
    "view": "view",
    "regions": "region",
    "actor_types": "actor",
    "statuses": "status",
    "scopes": "scope",
    "min_confidence": "conf",
    "year_from": "from",
    "year_to": "to",
    "scale": "scale",
    "items": "items",
}
_MULTI = {"regions", "actor_types", "statuses", "scopes", "items"}


@dataclass(frozen=True)
class Settings:
    lang: str = "en"
    currency: str = "EUR"
    basis: str = "announcement"
    year: int = 2025
    revisions: str = "latest"
    view: str = "total"
    regions: tuple[str, ...] = REGIONS
    actor_types: tuple[str, ...] = ACTOR_TYPES
    statuses: tuple[str, ...] = STATUSES
    scopes: tuple[str, ...] = SCOPES
    min_confidence: str = "low"
    year_from: int | None = None
    year_to: int | None = None
    scale: str = "linear"
    items: tuple[str, ...] = field(default=DEFAULT_ITEMS)

    def filters(self) -> Filters:
        """The ledger filters these settings describe (all values selected = no restriction)."""
        return Filters(
            regions=() if set(self.regions) >= set(REGIONS) else self.regions or ("(none)",),
            actor_types=() if set(self.actor_types) >= set(ACTOR_TYPES) else self.actor_types or ("(none)",),
            statuses=() if set(self.statuses) >= set(STATUSES) else self.statuses or ("(none)",),
            scopes=() if set(self.scopes) >= set(SCOPES) else self.scopes or ("(none)",),
            min_confidence=self.min_confidence,
            date_from=str(self.year_from) if self.year_from else None,
            date_to=str(self.year_to) if self.year_to else None,
        )

    @property
    def log(self) -> bool:
        return self.scale == "log"


def _values(params: Mapping[str, object], name: str) -> list[str]:
    raw = params.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    out: list[str] = []
    for item in items:
        # Accept both repeated parameters and one comma-separated value.
        out.extend(part.strip() for part in str(item).split(",") if part.strip())
    return out


def _short(value: str) -> str:
    text = value if len(value) <= 40 else value[:37] + "..."
    return repr(text)


def from_query(
    params: Mapping[str, object],
    *,
    default_lang: str = "en",
    currencies: Sequence[str] = ("EUR", "USD"),
    item_ids: Iterable[str] | None = None,
    last_year: int = 2026,
) -> tuple[Settings, list[str]]:
    """Settings from query parameters, plus one notice per parameter that was ignored.

    >>> s, notes = from_query({"cur": "USD", "region": ["Europe", "Asia"], "view": "per-year"})
    >>> s.currency, s.regions, s.view, notes
    ('USD', ('Europe', 'Asia'), 'per-year', [])
    >>> s, notes = from_query({"cur": "XYZ", "year": "soon"})
    >>> s.currency, s.year, notes
    ('EUR', 2025, ["cur: 'XYZ' is not a supported currency; using EUR", "year: 'soon' is not a year between 1999 and 2026; using 2025"])
    """
    defaults = Settings(lang=default_lang if default_lang in LANGUAGES else "en")
    values: dict[str, object] = {}
    notices: list[str] = []
    known_items = set(item_ids) if item_ids is not None else None

    def choice(field_name: str, allowed: Sequence[str], what: str) -> None:
        name = PARAMS[field_name]
        got = _values(params, name)
        if not got:
            return
        if len(got) == 1 and got[0] in allowed:
            values[field_name] = got[0]
        else:
            notices.append(f"{name}: {_short(','.join(got))} is not {what}; using {getattr(defaults, field_name)}")

    def multi(field_name: str, allowed: Sequence[str] | None, what: str, limit: int | None = None) -> None:
        name = PARAMS[field_name]
        got = _values(params, name)
        if not got:
            return
        good = [v for v in dict.fromkeys(got) if allowed is None or v in allowed]
        bad = [v for v in got if allowed is not None and v not in allowed]
        if bad:
            notices.append(f"{name}: ignored {', '.join(_short(b) for b in bad[:5])} (not {what})")
        if limit is not None and len(good) > limit:
            notices.append(f"{name}: only the first {limit} are used")
            good = good[:limit]
        if good:
            values[field_name] = tuple(good)

    def year(field_name: str) -> None:
        name = PARAMS[field_name]
        got = _values(params, name)
        if not got:
            return
        text = got[0]
        if len(got) == 1 and re.fullmatch(r"\d{4}", text) and FIRST_YEAR <= int(text) <= last_year:
            values[field_name] = int(text)
        else:
            default = getattr(defaults, field_name)
            notices.append(
                f"{name}: {_short(','.join(got))} is not a year between {FIRST_YEAR} and {last_year}; "
                f"using {default if default is not None else 'no limit'}"
            )

    choice("lang", LANGUAGES, "a supported language (en, de)")
    choice("currency", list(currencies), "a supported currency")
    choice("basis", BASES, "an FX basis (announcement, latest, average)")
    year("year")
    choice("revisions", REVISIONS, "latest or first")
    choice("view", VIEWS, "total or per-year")
    multi("regions", REGIONS, "a region")
    multi("actor_types", ACTOR_TYPES, "an actor type")
    multi("statuses", STATUSES, "a status")
    multi("scopes", SCOPES, "a scope")
    choice("min_confidence", CONFIDENCE_ORDER, "low, medium or high")
    year("year_from")
    year("year_to")
    choice("scale", SCALES, "linear or log")
    multi("items", sorted(known_items) if known_items is not None else None, "a known item id", limit=MAX_ITEMS)
    known = set(PARAMS.values())
    for name in params:
        if name not in known:
            notices.append(f"{name}: unknown parameter, ignored")
    settings = replace(defaults, **values)
    if settings.year_from and settings.year_to and settings.year_from > settings.year_to:
        notices.append(f"from/to: {settings.year_from} is after {settings.year_to}; using no date limit")
        settings = replace(settings, year_from=None, year_to=None)
    return settings, notices


def to_query(settings: Settings, *, default_lang: str = "en") -> dict[str, str | list[str]]:
    """Query parameters for ``settings``; fields at their default are left out.

    >>> to_query(Settings(currency="USD", regions=("Europe",)))
    {'cur': 'USD', 'region': ['Europe']}
    """
    defaults = Settings(lang=default_lang if default_lang in LANGUAGES else "en")
    out: dict[str, str | list[str]] = {}
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if value == getattr(defaults, f.name) or value is None:
            continue
        if f.name in _MULTI:
            out[PARAMS[f.name]] = list(value)
        else:
            out[PARAMS[f.name]] = str(value)
    return out


def describe_notice(notice: str, gettext: Callable[[str], str]) -> str:
    return gettext("Ignored in the link: {detail}").format(detail=notice)
