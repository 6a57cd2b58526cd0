"""The shared sidebar: every control, kept in sync with the URL's query parameters.

On a session's first run the query parameters seed the widgets (through ``session_state``,
so a copied link reproduces the view exactly); on every run the widgets' values are written
back to the URL. Malformed parameters fall back to defaults with a short notice.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Callable

import streamlit as st

from dashboard import i18n, settings as settings_mod
from dashboard.charts import actor_type_label, region_label, status_label
from dashboard.ledger import CONFIDENCE_ORDER, REVISIONS, VIEWS
from dashboard.schema import ACTOR_TYPES, REGIONS, SCOPES, STATUSES
from dashboard.settings import BASES, LANGUAGES, SCALES, Settings
from dashboard.ui import state, widgets

#: Widget key for each settings field (explicit keys: tests and links rely on them).
KEYS = {f.name: f.name for f in fields(Settings)}
# The Compare page's item picker only exists on that page, and Streamlit forgets the state of
# widgets that are not drawn; the choice is kept under a plain key the page copies in and out.
KEYS["items"] = "compare_items_store"
_SEEDED = "_settings_seeded"
_NOTICES = "_settings_notices"


def browser_language() -> str:
    try:
        tag = st.context.locale
    except Exception:  # noqa: BLE001 - no browser context (bare script run)
        tag = None
    return i18n.language_from_locale(tag)


def _query_dict() -> dict[str, list[str]]:
    qp = st.query_params
    return {name: qp.get_all(name) for name in qp.keys()}


def _seed(item_ids: Callable[[], list[str]]) -> None:
    """On the session's first run, put the URL's settings into the widgets' state."""
    if st.session_state.get(_SEEDED):
        return
    parsed, notices = settings_mod.from_query(
        _query_dict(), default_lang=browser_language(), currencies=state.currencies(), item_ids=item_ids(),
        last_year=state.last_fixing_year(),
    )
    for f in fields(Settings):
        value = getattr(parsed, f.name)
        if f.name in ("regions", "actor_types", "statuses", "scopes", "items"):
            value = list(value)
        elif f.name in ("year_from", "year_to") and value is None:
            value = 0
        st.session_state[KEYS[f.name]] = value
    st.session_state[_NOTICES] = notices
    st.session_state[_SEEDED] = True


def current_settings() -> Settings:
    """The settings the widgets hold now."""
    values = {}
    for f in fields(Settings):
        if KEYS[f.name] in st.session_state:
            value = st.session_state[KEYS[f.name]]
            if f.name in ("year_from", "year_to"):
                value = value or None
            values[f.name] = tuple(value) if isinstance(value, list) else value
    return Settings(**values)


def sidebar(item_ids: Callable[[], list[str]]) -> Settings:
    """Render the shared controls and return the settings they describe.

    ``item_ids`` is called only on a session's first run (to check the link's items).
    """
    _seed(item_ids)
    lang = st.session_state.get(KEYS["lang"], "en")
    _ = i18n.gettext_for(lang)
    side = st.sidebar
    side.selectbox(_("Language"), LANGUAGES, key=KEYS["lang"], format_func=lambda code: i18n.LANGUAGE_NAMES[code])
    side.selectbox(_("Currency"), state.currencies(), key=KEYS["currency"])
    basis_names = {"announcement": _("Rate on announcement date"), "latest": _("Latest rate"),
                   "average": _("Year average")}
    side.selectbox(_("FX basis"), BASES, key=KEYS["basis"], format_func=basis_names.get)
    last_year = state.last_fixing_year()
    side.selectbox(_("Year for average"), list(range(last_year, settings_mod.FIRST_YEAR - 1, -1)), key=KEYS["year"],
                   disabled=st.session_state.get(KEYS["basis"]) != "average")
    revision_names = {"latest": _("Latest figures"), "first": _("As first announced")}
    side.radio(_("Figures"), REVISIONS, key=KEYS["revisions"], format_func=revision_names.get, horizontal=True)
    view_names = {"total": _("Total"), "per-year": _("Per year")}
    side.radio(_("View"), VIEWS, key=KEYS["view"], format_func=view_names.get, horizontal=True)
    scale_names = {"linear": _("Linear"), "log": _("Logarithmic")}
    side.radio(_("Scale"), SCALES, key=KEYS["scale"], format_func=scale_names.get, horizontal=True)
    side.divider()
    side.multiselect(_("Regions"), REGIONS, key=KEYS["regions"], format_func=lambda r: region_label(r, _))
    side.multiselect(_("Actor types"), ACTOR_TYPES, key=KEYS["actor_types"],
                     format_func=lambda a: actor_type_label(a, _))
    side.multiselect(_("Status"), STATUSES, key=KEYS["statuses"], format_func=lambda s: status_label(s, _))
    scope_names = scope_labels(_)
    side.multiselect(_("Scope"), SCOPES, key=KEYS["scopes"], format_func=scope_names.get)
    confidence_names = {"low": _("low"), "medium": _("medium"), "high": _("high")}
    side.select_slider(_("Minimum confidence"), CONFIDENCE_ORDER, key=KEYS["min_confidence"],
                       format_func=confidence_names.get)
    # 0 stands for "no limit": a None option would render as an empty placeholder.
    years = [0] + list(range(2020, last_year + 1))
    c1, c2 = side.columns(2)
    c1.selectbox(_("Announced from"), years, key=KEYS["year_from"], format_func=lambda y: str(y) if y else _("any"))
    c2.selectbox(_("Announced to"), years, key=KEYS["year_to"], format_func=lambda y: str(y) if y else _("any"))
    current = current_settings()
    _write_query(current)
    return current


def _write_query(current: Settings) -> None:
    wanted = settings_mod.to_query(current, default_lang=browser_language())
    existing = _query_dict()
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if existing != normalised:
        st.query_params.from_dict(wanted)


def show_notices(gettext) -> None:
    # A notice quotes what the link said: it must stay text (no live Markdown links).
    for notice in st.session_state.get(_NOTICES, []):
        st.warning(settings_mod.describe_notice(widgets.escape_markdown(notice), gettext), icon="⚠️")


def scope_labels(_) -> dict[str, str]:
    return {
        "ai-infrastructure": _("AI infrastructure"),
        "ai-programme": _("AI programme"),
        "capex-total": _("Company capex (all, not AI-only)"),
        "venture": _("Venture funding"),
        "training-cost": _("Training cost"),
        "multi-technology": _("Several technologies"),
    }
