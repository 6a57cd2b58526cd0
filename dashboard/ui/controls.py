"""The shared sidebar: every control, kept in sync with the URL's query parameters.

One ``Settings`` per session lives in ``session_state`` (the *store*); it is the only thing
pages read (through ``context.get``). Widgets are views of it:

* A widget's key carries the UI language (``currency-de``). Streamlit identifies a selectbox's,
  radio's or multiselect's value by its *formatted label*, so a widget whose labels changed
  language in place would get back labels it no longer knows (a ``TypeError`` on the next
  click). A language switch therefore draws fresh widgets, seeded from the store; all but the
  language's own, whose options keep their names (:func:`widget_key`).
* Each widget's ``on_change`` callback writes its value into the store. Streamlit runs callbacks
  before the script, so the whole run (and the URL written at its end) sees the new value:
  links never lag one interaction behind.

Streamlit's own URL binding (``bind="query-params"``) is not used: it writes the formatted
label into the URL (``?region=Europa`` in German), which would break the URL contract of
``settings.PARAMS``, and it drops invalid values without a notice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import i18n, labels, lookups, picks
from dashboard import settings as settings_mod
from dashboard.ledger import CONFIDENCE_ORDER, REVISIONS
from dashboard.locale_base import language_of
from dashboard.schema import ACTOR_TYPES, REGIONS, SCOPES, STATUSES
from dashboard.settings import BASES, LANGUAGES, MAX_ITEMS, SCALES, Settings
from dashboard.ui import state, widgets
from dashboard.years import VIEWS

STORE_KEY = "_settings"
_NOTICES = "_settings_notices"
#: Widget keys drawn in this run, and those drawn by the last run that finished: the widgets the
#: reader has in front of them (:func:`start_run`, :func:`write_query`). A widget not drawn by it
#: (the other language's) may have lost its state in the browser.
_DRAWN = "_controls_drawn"
_SHOWN = "_controls_shown"
#: The query this session last sent to the browser (:func:`write_query`).
_SENT = "_controls_sent_query"
#: Widgets that stand for "no limit" with 0 (a None option renders as an empty placeholder).
_ZERO_IS_NONE = ("year_from", "year_to")


def widget_key(field: str, lang: str) -> str:
    """The key of the widget for settings ``field`` while the UI speaks ``lang``. The language's
    own widget keeps one key: its options are named in their own language ("English", "Deutsch")
    whatever the UI's, and Streamlit keys a selectbox by its key alone, so it stays the same
    widget and keeps the keyboard's focus (a fresh one dropped it to the page: QA pass 18)."""
    return field if field == "lang" else f"{field}-{lang}"


def browser_language() -> str:
    try:
        tag = st.context.locale
    except Exception:  # noqa: BLE001 - no browser context (bare script run)
        tag = None
    return language_of(tag)


def _query_dict() -> dict[str, list[str]]:
    qp = st.query_params
    return {name: qp.get_all(name) for name in qp}


def seed(
    item_ids: Callable[[], list[str]], last_view_year: Callable[[], int], default_year: Callable[[], int]
) -> Settings:
    """The session's settings; on its first run, read from the URL (with its notices kept).

    ``item_ids``, ``last_view_year`` and ``default_year`` are called only then (to check the
    link's items and year, and to name the year used instead of a rejected one).
    """
    if STORE_KEY in st.session_state:
        return current_settings()
    parsed, notices = settings_mod.from_query(
        _query_dict(),
        default_lang=browser_language(),
        currencies=state.currencies(),
        item_ids=item_ids(),
        last_year=state.last_fixing_year(),
        last_view_year=last_view_year(),
        default_year=default_year(),
    )
    st.session_state[STORE_KEY] = parsed
    st.session_state[_NOTICES] = notices
    return parsed


def current_settings() -> Settings:
    """The settings of this session (defaults before the sidebar's first run)."""
    return st.session_state.get(STORE_KEY) or Settings(lang=browser_language())


def update(**changes: Any) -> None:
    """Change settings fields (for pages' own controls); the URL follows at the end of the run."""
    st.session_state[STORE_KEY] = replace(current_settings(), **changes)


def give_back_picks(frame: pd.DataFrame) -> None:
    """Put Compare's picks that an upload set aside back in their places once the data in use
    (``frame``) has them again, on whichever page: "Use bundled data" pressed on the Overview left
    ``items=none`` in its link until Compare ran (QA pass 10). Compare names those left aside."""
    aside = st.session_state.get(picks.SET_ASIDE)
    if not aside:
        return
    s = current_settings()
    priced = frame.loc[frame["amount_high"].notna(), "id"]
    back = picks.returning(aside, s.items, set(priced[lookups.is_in(priced, list(aside))]))
    if not back:
        return
    # Room as Compare counts it: picks without an amount in the data in use are Compare's to drop
    # and to name.
    present = set(priced[lookups.is_in(priced, list(s.items))])
    lacking = sum(i not in present for i in s.items)
    items, no_room = picks.put_back(s.items, back, MAX_ITEMS + lacking)
    update(items=tuple(items))
    # As on Compare, a default's "left" follows the picks while the reader has not touched them.
    st.session_state[picks.SET_ASIDE] = {
        i: a | {"left": tuple(items)} if a["left"] == s.items else a
        for i, a in aside.items()
        if i not in back or i in no_room
    }


def _to_widget(field: str, value: Any) -> Any:
    if field in settings_mod.MULTI:
        return list(value)
    if field in _ZERO_IS_NONE:
        return value or 0
    return value


def _from_widget(field: str, value: Any) -> Any:
    if field in settings_mod.MULTI:
        return tuple(value or ())
    if field in _ZERO_IS_NONE:
        return value or None
    return value


def start_run() -> None:
    """Forget which widgets an earlier run drew (called by the app before the page)."""
    st.session_state[_DRAWN] = set()


def _commit(field: str, key: str) -> None:
    if key not in st.session_state.get(_SHOWN, ()):
        # A widget whose run never finished (a click during the run a language switch started)
        # came back with its first option or empty, and the next click wrote that into the
        # settings: EUR, Year 2034, every filter emptied (QA pass). Not the reader's choice:
        # ignored, and :func:`bound` seeds the widget from the store again.
        return
    # The link's notices describe the link the session opened ("…; using EUR"): once the reader
    # changes a setting they may no longer hold, and the URL no longer has the ignored values. A
    # language switch keeps them: a German reader may switch first and read them then.
    if field != "lang":
        st.session_state.pop(_NOTICES, None)
    if field in _ZERO_IS_NONE:
        _commit_years()
        return
    update(**{field: _from_widget(field, st.session_state[key])})


def _announced_range() -> tuple[int | None, int | None]:
    """The "Announced from" and "to" years the widgets show (None: any)."""
    store = current_settings()
    return tuple(
        _from_widget(f, st.session_state.get(widget_key(f, store.lang), getattr(store, f))) for f in _ZERO_IS_NONE
    )


def _commit_years() -> None:
    """Write both ends of the "Announced" range. An inverted one limits nothing (``Settings.filters``)
    and stays in the link, which reopens with both ends and the warning, as the sidebar shows it
    (the link dropped both ends and reopened with "any": QA pass)."""
    start, end = _announced_range()
    update(year_from=start, year_to=end)


def bound(
    widget: Callable[..., Any],
    field: str,
    label: str,
    options: Any = None,
    *,
    unset: Any = None,
    names: str = "",
    **kwargs: Any,
) -> Any:
    """Draw ``widget`` as a view of settings ``field``: seeded from the store (``unset`` where the
    store holds None, "not chosen"), writing back to it.

    ``names``: what else the option labels depend on (the Compare picker's: the data in use), so
    that new labels get a fresh widget, as a new language does (an upload that renamed an item
    left the picker unable to find it once the bundled data was back, and the item was dropped).
    """
    store = current_settings()
    key = _bound_key(field, store.lang, names)
    value = getattr(store, field)
    seeded = _to_widget(field, unset if value is None else value)
    # Seeded on every run: the browser may show a widget at its first option (or empty) while this
    # side holds the store's value (a page change while the run a language switch started was
    # still going: QA pass), and only a value set here reaches the browser. A reader's change
    # is in the store by now (``_commit`` runs first), so this never undoes one.
    st.session_state[key] = seeded
    st.session_state.setdefault(_DRAWN, set()).add(key)
    args = (label,) if options is None else (label, options)
    return widget(*args, key=key, on_change=_commit, args=(field, key), **kwargs)


def _bound_key(field: str, lang: str, names: str) -> str:
    return widget_key(field, lang) + (f"-{names}" if names else "")


def sidebar(slot: Any, default_year: int, last_view_year: int) -> None:
    """Draw the shared controls into ``slot`` (a sidebar container), after :func:`seed`.

    ``default_year`` is the year shown while the user has chosen none; ``last_view_year`` the
    last "Year" offered (``ledger.last_view_year``).
    """
    s = current_settings()
    _ = i18n.gettext_for(s.lang)
    locale = i18n.LOCALE_FOR_LANGUAGE[s.lang]
    with slot:
        bound(st.selectbox, "lang", _("Language"), LANGUAGES, format_func=i18n.LANGUAGE_NAMES.get)
        bound(
            st.selectbox,
            "currency",
            _("Currency"),
            state.currencies(),
            format_func=lambda code: labels.currency_label(code, locale),
        )
        bound(st.selectbox, "basis", _("FX basis"), BASES, format_func=lambda b: labels.basis_label(b, _))
        first, last_year = settings_mod.FIRST_FX_YEAR, state.last_fixing_year()
        if s.basis == "average":
            # Its own year, so that 2024's rates need not count 2024's capex. While none is chosen
            # it follows "Year": a new widget per followed year, or it would keep showing the old one.
            follows = replace(s, year=s.year or default_year).average_year
            bound(
                st.selectbox,
                "rate_year",
                _("Rate year"),
                list(range(last_year, first - 1, -1)),
                unset=follows,
                names="" if s.rate_year else f"follows-{follows}",
                help=_(
                    "The calendar year whose ECB rates are averaged. Until you choose one it is the “Year” below "
                    "(for a year after the last ECB fixings, the last year with fixings), which also chooses the "
                    "one year of company capex that counts."
                ),
            )
        # Years after the fixings that a stated horizon reaches have a one-year view of their own;
        # a year chosen with other data (an upload since removed) stays on the list.
        bound(
            st.selectbox,
            "year",
            _("Year"),
            list(range(max(last_view_year, default_year, s.year or 0), first - 1, -1)),
            unset=default_year,
            help=_(
                "The calendar year of the “One year” view, and the one year of each company's capex that "
                "the other views add (never two). Also the year averaged by the average FX basis (for a year "
                "after the last ECB fixings, the last year with fixings), unless “Rate year” sets another. "
                "Default: the year most companies' capex guidance reaches ({year})."
            ).format(year=default_year),
        )
        bound(
            st.radio,
            "revisions",
            _("Figures"),
            REVISIONS,
            format_func=lambda r: labels.revisions_label(r, _),
            horizontal=True,
        )
        bound(st.radio, "view", _("View"), VIEWS, format_func=lambda v: labels.view_label(v, _), horizontal=True)
        bound(
            st.selectbox,
            "measure",
            _("Measure"),
            settings_mod.MEASURE_CHOICES,
            format_func=lambda m: labels.measure_label(m, _),
            help=_(
                "Share of GDP and per person rank the economies by the money announced for each (public "
                "programmes and pledges with a country; the EU27 as one economy). Company capex and venture "
                "rounds are global and listed apart. Cost per GW and per accelerator rank the projects that "
                "state both money and a capacity."
            ),
        )
        bound(
            st.radio,
            "scale",
            _("Scale"),
            SCALES,
            format_func=lambda v: labels.scale_label(v, _),
            horizontal=True,
            help=_(
                "Automatic: the ranking is linear, the timeline logarithmic (its amounts span six orders of "
                "magnitude). The running-total and capex-guidance charts always use a linear axis from zero."
            ),
        )
        st.divider()
        named = partial(labels.control_label, _=_)  # the filters' names, which notes quote
        # An emptied filter said "Choose options" in German too (QA pass).
        several = partial(bound, st.multiselect, placeholder=_("Choose options"))
        several(
            "regions",
            named("regions"),
            REGIONS,
            format_func=lambda r: labels.region_label(r, _),
            help=labels.region_help(_),
        )
        several("actor_types", named("actor_types"), ACTOR_TYPES, format_func=lambda a: labels.actor_type_label(a, _))
        several("statuses", named("statuses"), STATUSES, format_func=lambda v: labels.status_label(v, _))
        several("scopes", named("scopes"), SCOPES, format_func=lambda v: labels.scope_label(v, _))
        bound(
            st.select_slider,
            "min_confidence",
            named("min_confidence"),
            CONFIDENCE_ORDER,
            format_func=lambda c: labels.confidence_label(c, _),
            help=labels.confidence_help(_),
        )
        years = [0, *range(2020, last_year + 1)]
        # The range selects items by their first announcement, and such an item counts its latest
        # revision: "to 2025" counted Oracle's FY2026 actual, reported in June 2026, unexplained (QA).
        announced = _(
            "Items first announced in these years. An item's later revisions count with it, whenever they came "
            "(“Figures” in the sidebar counts the first figure instead)."
        )
        c1, c2 = st.columns(2)
        for column, field in ((c1, "year_from"), (c2, "year_to")):
            with column:
                bound(
                    st.selectbox,
                    field,
                    named(field),
                    years,
                    format_func=lambda y: str(y) if y else _("any"),
                    help=announced,
                )
        start, end = _announced_range()
        if settings_mod.inverted_years(start, end):
            st.warning(
                _("“Announced from” ({start}) is after “Announced to” ({end}): no date limit applies.").format(
                    start=start, end=end
                ),
                icon="⚠️",
            )


def linked_query() -> dict[str, str | list[str]]:
    """The query string that reproduces the view, for the address bar and every chart's link: the
    settings, with Compare's picks as a link carries them (``picks.linked``); the charts' footers
    linked the picks an upload had trimmed while the address bar did not (review 54)."""
    s = current_settings()
    items = picks.linked(st.session_state.get(picks.SET_ASIDE) or {}, s.items, settings_mod.DEFAULT_ITEMS)
    return settings_mod.to_query(replace(s, items=items), default_lang=browser_language())


def write_query() -> None:
    """Mirror the store in the URL (called once per run, after every control has been drawn),
    and note the widgets this run drew as seen."""
    st.session_state[_SHOWN] = st.session_state.get(_DRAWN, set())
    wanted = linked_query()
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    # Sent where the query string the click carried differs, and where this session last sent
    # another URL: a run that a fast click interrupted may have sent its own URL after that click
    # left the browser, and the next run, seeing the click's "unchanged" URL, left it there (the
    # screen per year, the link one year: QA pass 13, 1 in 10 runs of fast clicks). Not on every
    # run: the browser compares the text, so an equal link in another order (a shared one, on its
    # first load) would be rewritten and add a history entry (review). Noted before it is sent:
    # a run stopped in between sends it again. A session's first run has sent nothing: the link
    # it opened with is what the browser holds.
    browser = _query_dict()
    last = st.session_state.get(_SENT, browser)
    st.session_state[_SENT] = normalised
    if browser != normalised or last != normalised:
        st.query_params.from_dict(wanted)


def show_notices(gettext: i18n.Gettext) -> None:
    # A notice quotes what the link said: its values stay text (no live Markdown links).
    for notice in st.session_state.get(_NOTICES, []):
        st.warning(settings_mod.describe_notice(notice, gettext, widgets.escape_markdown), icon="⚠️")
