"""The dashboard's view settings and their URL form (query parameters).

Every control of the UI is one field of ``Settings``; ``from_query`` turns query parameters
into settings and a list of notices (an unknown or malformed parameter falls back to its
default and says so; it never raises), ``to_query`` writes the settings back, leaving out
defaults so links stay short. The parameter names are a contract: shared links use them.

Pure: no Streamlit, no I/O. The UI layer passes in what it knows (currencies, item ids).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from dashboard import labels
from dashboard.fx import BASES, FIRST_FX_YEAR, averaged_year
from dashboard.i18n import LANGUAGES, Gettext
from dashboard.ledger import CONFIDENCE_ORDER, REVISIONS, Filters
from dashboard.measures import MEASURES, PER_UNIT
from dashboard.rules import show
from dashboard.schema import ACTOR_TYPES, REGIONS, SCOPES, STATUSES, YEAR_PATTERN, matches
from dashboard.years import VIEWS

#: "auto" (the default) draws each chart on the scale that suits it: a linear ranking, a
#: logarithmic timeline (its amounts span six orders of magnitude); "linear"/"log" force one.
SCALES = ("auto", "linear", "log")
#: How an emptied multi-choice filter is written in a link ("?scope=none"): an empty parameter
#: would be dropped, and the link would reopen the full view instead of the empty one.
NONE = "none"
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
#: The Measure control: the CLI's measures, then the implied costs of items that state a capacity.
MEASURE_CHOICES = MEASURES + PER_UNIT

#: Query parameter name for each field (the URL contract).
PARAMS = {
    "lang": "lang",
    "currency": "cur",
    "basis": "basis",
    "year": "year",
    "rate_year": "fxyear",
    "revisions": "rev",
    "view": "view",
    "measure": "measure",
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
MULTI = {"regions", "actor_types", "statuses", "scopes", "items"}
#: A facet's filter value when nothing is ticked: no row has it, so the filter keeps no row.
NOTHING_CHOSEN = "(none)"


@dataclass(frozen=True)
class Settings:
    lang: str = "en"
    currency: str = "EUR"
    basis: str = "announcement"
    #: The calendar year of the year view and of the one year of company capex the other views
    #: count, and the averaged year of the average basis (``average_year``: for a year after the
    #: fixings, the last year with fixings); None: the latest year with guidance.
    year: int | None = None
    #: The averaged year of the average basis when it is not ``year`` (2024's rates with 2026's
    #: capex); None: ``year``.
    rate_year: int | None = None
    revisions: str = "latest"
    view: str = "total"
    #: money, or per economy: money as a share of GDP ("gdp-share") or per person ("per-capita").
    measure: str = "money"
    regions: tuple[str, ...] = REGIONS
    actor_types: tuple[str, ...] = ACTOR_TYPES
    statuses: tuple[str, ...] = STATUSES
    scopes: tuple[str, ...] = SCOPES
    min_confidence: str = "low"
    year_from: int | None = None
    year_to: int | None = None
    scale: str = "auto"
    items: tuple[str, ...] = field(default=DEFAULT_ITEMS)

    def filters(self) -> Filters:
        """The ledger filters these settings describe (all values selected = no restriction)."""
        inverted = inverted_years(self.year_from, self.year_to)
        return Filters(
            regions=() if set(self.regions) >= set(REGIONS) else self.regions or (NOTHING_CHOSEN,),
            actor_types=() if set(self.actor_types) >= set(ACTOR_TYPES) else self.actor_types or (NOTHING_CHOSEN,),
            statuses=() if set(self.statuses) >= set(STATUSES) else self.statuses or (NOTHING_CHOSEN,),
            scopes=() if set(self.scopes) >= set(SCOPES) else self.scopes or (NOTHING_CHOSEN,),
            min_confidence=self.min_confidence,
            # An inverted range limits nothing; it is kept, so that its link reopens what the sidebar shows.
            date_from=str(self.year_from) if self.year_from and not inverted else None,
            date_to=str(self.year_to) if self.year_to and not inverted else None,
        )

    @property
    def average_year(self) -> int | None:
        """The calendar year whose rates the average basis averages: ``rate_year``, else ``year``
        (for a year after the bundled fixings, the last year with fixings)."""
        return self.rate_year or (averaged_year(self.year) if self.year else None)

    def log_scale(self, *, auto: bool) -> bool:
        """Whether a chart draws its values on a log axis; ``auto`` is the chart's own choice
        when the user left the scale on "auto"."""
        return auto if self.scale == "auto" else self.scale == "log"


def _values(params: Mapping[str, object], name: str) -> list[str]:
    """A parameter's values, repeated or comma-separated in one."""
    raw = params.get(name)
    items = [] if raw is None else raw if isinstance(raw, (list, tuple)) else [raw]
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def _canonical(got: list[str], allowed: Sequence[str]) -> list[str]:
    """Each value as ``allowed`` spells it where only its letter case differs: links typed by
    hand ("?cur=usd", "?lang=DE", "?region=europe") work as the CLI's options do, and the link
    then carries the canonical spelling.

    >>> _canonical(["usd", "DE", "europe", "xyz"], ["USD", "de", "Europe"])
    ['USD', 'de', 'Europe', 'xyz']
    """
    folded = {a.casefold(): a for a in allowed}
    return [folded.get(v.casefold(), v) for v in got]


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it here (pybabel extracts ``N_``)."""
    return message


@dataclass(frozen=True)
class Notice:
    """A link parameter that was ignored: a catalog template and the values to put in it.

    Values quote what the link said, so the UI escapes them before they reach Markdown; the
    template is ours and is translated. ``str()`` gives the English text (CLI, logs, tests).

    >>> str(Notice(N_("{param}: unknown parameter"), (("param", "x"),)))
    'x: unknown parameter'

    A value may be a notice of its own, translated in its place: "'a', 'b' and 5 more".
    """

    template: str
    values: tuple[tuple[str, str | Notice], ...] = ()

    def text(self, gettext: Callable[[str], str] = N_, escape: Callable[[str], str] = str) -> str:
        return gettext(self.template).format(
            **{k: v.text(gettext, escape) if isinstance(v, Notice) else escape(v) for k, v in self.values}
        )

    def __str__(self) -> str:
        return self.text()


def inverted_years(start: int | None, end: int | None) -> bool:
    """Whether an "announced from ... to" range ends before it starts; it then limits nothing,
    from a link or from the sidebar.

    >>> inverted_years(2026, 2025), inverted_years(2025, 2025), inverted_years(2026, None)
    (True, False, False)
    """
    return bool(start and end and start > end)


#: A year field's notices for a link with several values and with a value that is not a year,
#: each naming the year used instead; None: "Announced from" and "to", which then set no limit.
_YEAR_NOTICES = {
    "year": (
        N_("{param}: takes one value, not {values}; using {default}, the year most companies' capex guidance reaches"),
        N_(
            "{param}: {value} is not a year between {first} and {last}; "
            "using {default}, the year most companies' capex guidance reaches"
        ),
    ),
    "rate_year": (
        N_("{param}: takes one value, not {values}; using {default}, “year” or the last year with ECB fixings"),
        N_(
            "{param}: {value} is not a year between {first} and {last}; "
            "using {default}, “year” or the last year with ECB fixings"
        ),
    ),
    None: (
        N_("{param}: takes one value, not {values}; using no limit"),
        N_("{param}: {value} is not a year between {first} and {last}; using no limit"),
    ),
}


def from_query(
    params: Mapping[str, object],
    *,
    default_lang: str = "en",
    currencies: Sequence[str] = ("EUR", "USD"),
    item_ids: Iterable[str] | None = None,
    last_year: int = 2026,
    last_view_year: int | None = None,
    default_year: int = 2026,
) -> tuple[Settings, list[Notice]]:
    """Settings from query parameters, plus one notice per parameter that was ignored.

    ``last_year`` ends the years with ECB fixings (the rate year, "announced from" and "to");
    ``last_view_year`` (default ``last_year``) ends the "year", which may lie in a stated horizon;
    ``default_year`` is the year used without one (the year most companies' capex guidance reaches),
    which the notices name.

    >>> s, notes = from_query({"cur": "USD", "region": ["Europe", "Asia"], "view": "per-year"})
    >>> s.currency, s.regions, s.view, notes
    ('USD', ('Europe', 'Asia'), 'per-year', [])
    >>> from_query({"cur": "usd"})[0].currency
    'USD'
    >>> s, notes = from_query({"cur": "XYZ", "year": "soon"})
    >>> s.currency, s.year
    ('EUR', None)
    >>> for notice in notes:
    ...     print(notice)
    cur: 'XYZ' is not a supported currency; using EUR
    year: 'soon' is not a year between 1999 and 2026; using 2026, the year most companies' capex guidance reaches
    >>> s, notes = from_query({"fxyear": "2020"})  # the default basis is "announcement"
    >>> s.rate_year, [str(notice) for notice in notes]
    (None, ['fxyear: 2020 applies only with basis=average'])
    >>> [str(notice) for notice in from_query({"fxyear": "1990"})[1]]  # no rate year applies, none is "used"
    ['fxyear: 1990 applies only with basis=average']
    """
    defaults = Settings(lang=default_lang if default_lang in LANGUAGES else "en")
    values: dict[str, Any] = {}
    notices: list[Notice] = []
    known_items = set(item_ids) if item_ids is not None else None

    def note(template: str, **parts: object) -> None:
        notices.append(Notice(template, tuple((k, v if isinstance(v, Notice) else str(v)) for k, v in parts.items())))

    def note_values(template: str, name: str, found: Sequence[str], **parts: object) -> None:
        """``template`` naming the first five of ``found`` (each once), then how many more: ten bad
        ids named five, and nothing said of the others (QA pass 20)."""
        found = list(dict.fromkeys(found))
        named = ", ".join(show(v, 40) for v in found[:5])
        more = Notice(N_("{values} and {more} more"), (("values", named), ("more", str(len(found) - 5))))
        note(template, param=name, values=more if len(found) > 5 else named, **parts)

    def choice(field_name: str, allowed: Sequence[str], what: str) -> None:
        name = PARAMS[field_name]
        # "?cur=USD&cur=usd" (or an unknown "?cur=xyz&cur=XYZ") says one thing twice: one value.
        first: dict[str, str] = {}
        for value in _canonical(_values(params, name), allowed):
            first.setdefault(value.casefold(), value)
        got = list(first.values())
        if not got:
            return
        if len(got) > 1:  # "?cur=usd&cur=GBP": both supported, but only one can be used
            note_values(
                N_("{param}: takes one value, not {values}; using {default}"),
                name,
                got,
                default=getattr(defaults, field_name),
            )
        elif got[0] in allowed:
            values[field_name] = got[0]
        else:
            # ``allowed`` from the vocabulary itself, so the notice never lists values it no longer takes.
            note(
                what,
                param=name,
                value=show(got[0], 40),
                default=getattr(defaults, field_name),
                allowed=", ".join(allowed),
            )

    def multi(
        field_name: str, allowed: Sequence[str] | None, what: str, limit: int | None = None, alone: str = ""
    ) -> None:
        """``alone``: the notice when no valid value is left and the default applies ("region:
        ignored 'Mars' (not a region)" said nothing of what was used, QA pass). No "ignored": the
        notice starts "Ignored in the link" (it said so twice: QA pass 4)."""
        name = PARAMS[field_name]
        got = _values(params, name) if allowed is None else _canonical(_values(params, name), allowed)
        if not got:
            return
        if {v.casefold() for v in got} == {NONE}:  # "?scope=none", "?scope=None"
            values[field_name] = ()
            return
        if any(v.casefold() == NONE for v in got):  # "(not a scope)" beside a value it is (QA pass 16)
            on_its_own = (  # Compare's picks are no filter (review)
                N_("{param}: 'none' (empties the picks only on its own, not beside other values)")
                if field_name == "items"
                else N_("{param}: 'none' (empties the filter only on its own, not beside other values)")
            )
            note(on_its_own, param=name)
            got = [v for v in got if v.casefold() != NONE]
        good = [v for v in dict.fromkeys(got) if allowed is None or v in allowed]
        bad = [v for v in got if allowed is not None and v not in allowed]
        if bad:
            note_values(alone if alone and not good else what, name, bad)
        if limit is not None and len(good) > limit:
            # Named: a tenth pick dropped without a word (QA pass).
            left_out = N_("{param}: only the first {limit} are used; left out: {values}")
            note_values(left_out, name, good[limit:], limit=limit)
            good = good[:limit]
        if good:
            values[field_name] = tuple(good)

    def year(field_name: str, last_year: int = last_year) -> None:
        name = PARAMS[field_name]
        got = list(dict.fromkeys(_values(params, name)))
        if not got:
            return
        text = got[0]
        several, not_a_year = _YEAR_NOTICES.get(field_name, _YEAR_NOTICES[None])
        # The year used instead: the default year, or the year whose rates "year" gives.
        used = {"year": default_year, "rate_year": averaged_year(values.get("year", default_year))}.get(field_name)
        if len(got) > 1:
            note_values(several, name, got, default=used)
        elif matches(YEAR_PATTERN, text) and FIRST_FX_YEAR <= int(text) <= last_year:
            values[field_name] = int(text)
        else:
            parts = {"param": name, "value": show(",".join(got), 40), "first": FIRST_FX_YEAR, "last": last_year}
            note(not_a_year, **parts, default=used)

    not_one_of = N_("{param}: {value} is not one of {allowed}; using {default}")
    choice("lang", LANGUAGES, N_("{param}: {value} is not a supported language ({allowed}); using {default}"))
    choice("currency", list(currencies), N_("{param}: {value} is not a supported currency; using {default}"))
    choice("basis", BASES, N_("{param}: {value} is not an FX basis ({allowed}); using {default}"))
    year("year", last_view_year or last_year)  # a future year's horizon has a one-year view
    if values.get("basis", defaults.basis) == "average":
        year("rate_year")
    elif got := ",".join(dict.fromkeys(_values(params, PARAMS["rate_year"]))):
        # Unused under another basis and never linked there (:func:`to_query`): kept unseen, it gave a later
        # switch to the average basis the link's year without a word (QA pass); "1990" said "using 2026" (QA pass 27).
        note(
            N_("{param}: {value} applies only with {basis}=average"),
            param=PARAMS["rate_year"],
            basis=PARAMS["basis"],
            value=got if matches(YEAR_PATTERN, got) else show(got, 40),
        )
    choice("revisions", REVISIONS, not_one_of)
    choice("view", VIEWS, not_one_of)
    choice("measure", MEASURE_CHOICES, not_one_of)
    multi(
        "regions",
        REGIONS,
        N_("{param}: {values} (not a region)"),
        alone=N_("{param}: {values} (not a region); using every region"),
    )
    multi(
        "actor_types",
        ACTOR_TYPES,
        N_("{param}: {values} (not an actor type)"),
        alone=N_("{param}: {values} (not an actor type); using every actor type"),
    )
    multi(
        "statuses",
        STATUSES,
        N_("{param}: {values} (not a status)"),
        alone=N_("{param}: {values} (not a status); using every status"),
    )
    multi(
        "scopes",
        SCOPES,
        N_("{param}: {values} (not a scope)"),
        alone=N_("{param}: {values} (not a scope); using every scope"),
    )
    choice("min_confidence", CONFIDENCE_ORDER, not_one_of)
    year("year_from")
    year("year_to")
    choice("scale", SCALES, N_("{param}: {value} is not auto, linear or log; using {default}"))
    multi(
        "items",
        sorted(known_items) if known_items is not None else None,
        N_("{param}: {values} (not an item id in the data in use; an upload is not kept after a reload)"),
        limit=MAX_ITEMS,
        alone=N_(
            "{param}: {values} (not an item id in the data in use; an upload is not kept after a reload); "
            "using the default picks of Compare"
        ),
    )
    known = set(PARAMS.values())
    for name in params:
        if name in known and not _values(params, name):  # "?region=" said nothing, unlike "?region=Mars" (QA pass 27)
            note(N_("{param}: empty, so it changes nothing"), param=name)
        elif name not in known:
            # Quoted when long or unprintable ("?%00=1" showed a replacement character, not what was sent).
            text = str(name)
            quoted = len(text) > 40 or not text.isprintable() or text.strip() != text or not text
            # "currency=XXX" (a setting's name, or a typo of a parameter) names the one meant (QA pass).
            lower = text.lower()  # "Cur", "LANG": the names are case-sensitive (review)
            meant = (
                PARAMS.get(lower)
                or {"language": "lang"}.get(lower)
                or next(iter(difflib.get_close_matches(lower, sorted(known), n=1, cutoff=0.75)), None)
            )
            if meant and not quoted:
                note(N_("{param}: unknown parameter (the link parameter is {meant})"), param=name, meant=meant)
            else:
                note(N_("{param}: unknown parameter"), param=show(text, 40) if quoted else name)
    # An inverted from/to is kept, not ignored: the sidebar shows both ends and says that they
    # limit nothing. "Ignored in the link" beside it contradicted a link that keeps them (QA pass).
    return replace(defaults, **values), notices


def to_query(settings: Settings, *, default_lang: str = "en") -> dict[str, str | list[str]]:
    """Query parameters for ``settings``; fields at their default are left out.

    ``default_lang`` is the browser's language, which a link without ``lang`` opens in; so the
    language is left out only where both it and the settings' are English, the app's own
    default: left out wherever it matched the browser, a German reader's link opened in English
    elsewhere, even one that had said ``lang=de`` (QA pass 10). A link made in English in an
    English browser still opens in each reader's language.

    >>> to_query(Settings(lang="de"), default_lang="de"), to_query(Settings(lang="en"), default_lang="de")
    ({'lang': 'de'}, {'lang': 'en'})
    >>> to_query(Settings(lang="en"), default_lang="en")
    {}

    >>> to_query(Settings(currency="USD", regions=("Europe",)))
    {'cur': 'USD', 'region': ['Europe']}
    >>> to_query(Settings(scopes=()))
    {'scope': ['none']}
    >>> from_query(to_query(Settings(scopes=())))[0].scopes
    ()
    >>> to_query(Settings(basis="latest", rate_year=2019))  # kept for a switch back, not linked
    {'basis': 'latest'}
    >>> to_query(Settings(regions=(*REGIONS[1:], REGIONS[0])))  # every region, in another order
    {}
    """
    defaults, english_browser = Settings(), default_lang not in LANGUAGES or default_lang == "en"
    out: dict[str, str | list[str]] = {}
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if (value == getattr(defaults, f.name) and (f.name != "lang" or english_browser)) or value is None:
            continue
        if f.name in MULTI - {"items"} and sorted(value) == sorted(getattr(defaults, f.name)):
            continue  # a filter's every value, ticked again in another order (QA pass 20); picks keep theirs
        if f.name == "rate_year" and settings.basis != "average":
            # Hidden and unused under another basis: a copied link carried "fxyear=2019" unseen,
            # and whoever switched that link back to the average basis got 2019's rates (QA pass).
            continue
        if f.name in MULTI:
            out[PARAMS[f.name]] = list(value) or [NONE]
        else:
            out[PARAMS[f.name]] = str(value)
    return out


def describe_notice(notice: Notice, gettext: Callable[[str], str], escape: Callable[[str], str] = str) -> str:
    """The notice as shown: translated, with the link's values passed through ``escape``."""
    return gettext("Ignored in the link: {detail}").format(detail=notice.text(gettext, escape))


#: The facet filters: the setting (and ``Filters`` field), the data column it keeps rows by, and
#: the label of its values; read by :func:`filter_summary` and the notes on what filters leave out.
FACETS: tuple[tuple[str, str, Callable[[str, Gettext], str]], ...] = (
    ("regions", "region", labels.region_label),
    ("actor_types", "actor_type", labels.actor_type_label),
    ("statuses", "status", labels.status_label),
    ("scopes", "scope", labels.scope_label),
)


def filter_summary(settings: Settings, _: Gettext) -> str:
    """The filters in force as the sidebar names them, "" when none: "Regions: Europe; Minimum
    confidence: medium". A total of Europe's rows, quoted or downloaded, read as the world's: no
    caption or chart said which filters were on (QA pass).

    >>> filter_summary(Settings(regions=("Europe",), statuses=(), year_from=2025), str)
    'Regions: Europe; Status: none; Announced from: 2025'
    >>> filter_summary(Settings(), str)
    ''
    """
    applied = settings.filters()
    parts = [
        f"{labels.control_label(field, _)}: "
        + (", ".join(label(v, _) for v in chosen if v != NOTHING_CHOSEN) or _("none"))
        for field, _column, label in FACETS
        if (chosen := getattr(applied, field))
    ]
    if applied.min_confidence != CONFIDENCE_ORDER[0]:
        confidence = labels.confidence_label(applied.min_confidence, _)
        parts.append(f"{labels.control_label('min_confidence', _)}: {confidence}")
    for end, year in (("year_from", applied.date_from), ("year_to", applied.date_to)):
        if year:
            parts.append(f"{labels.control_label(end, _)}: {year}")
    return "; ".join(parts)
