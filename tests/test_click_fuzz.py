"""Random clicks through the whole app (AppTest): no traceback, every page's title, stable numbers.

A Hypothesis state machine plays a reader in one session: it switches pages (all of them) and
the language, sets any choice widget it finds (sidebar and page: selectboxes, radios, the
confidence slider, each chart's Chart | Table switch) to any of its options, sets any
multiselect to any of its allowed selections (an emptied filter, one to eight Compare picks),
types into any text box (Data & sources' search), presses any enabled button, reruns, and opens
the page's link in a new session. The widgets are found in the AppTest tree, not listed here:
a new control is clicked without editing this test. A widget passes its options to the browser
as labels; :func:`raw_options` finds the value behind each label among the vocabularies the app
knows (``RAW_VALUES``) and fails, naming the widget, where a new vocabulary needs adding there.

After every step:

* no exception and no "Something went wrong" box (the error boundary, ``ui/errors.py``), whose
  logged traceback the failure quotes; no text that shows a traceback;
* the page shows its title, in the UI's language;
* every widget's value is among its options;
* on the Overview, the headline total is what ``python -m dashboard totals`` reports for the
  same settings (the money measure);
* a page says what it said the last time it had the same settings and search (headings, cards,
  notes: a page away and back, a rerun, a language there and back, a new session);
* a link opened in a new session reproduces the settings, its own link and what the page says.

The CI settings keep it deterministic (``derandomize``) and short (under a minute). A hunt runs
the machine with a larger budget: ``run_state_machine_as_test(ClickThrough, settings=...)``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from streamlit.testing.v1 import AppTest

from dashboard import formatting, fx, i18n, ledger, report
from dashboard.dataset import default_dataset_path, read_dataset
from dashboard.ledger import CONFIDENCE_ORDER, REVISIONS
from dashboard.schema import ACTOR_TYPES, REGIONS, SCOPES, STATUSES
from dashboard.settings import BASES, FIRST_FX_YEAR, LANGUAGES, MEASURE_CHOICES, SCALES, Settings
from dashboard.ui import controls
from dashboard.years import VIEWS

APP = str(Path(__file__).resolve().parents[1] / "app.py")
#: Each page's file and its title (the English message id).
PAGES = {
    "overview": "AI investments compared",
    "compare": "Compare items",
    "timeline": "Announcements over time",
    "compute": "Money and compute",
    "data_sources": "Data & sources",
    "method": "Method and caveats",
}
BUNDLED = read_dataset(default_dataset_path())
LAST_VIEW_YEAR = ledger.last_view_year(BUNDLED)
#: The "Year" while the reader has chosen none (pages see it in place of None: ``context.get``).
DEFAULT_YEAR = ledger.default_year(BUNDLED)
#: Every value a widget of the app may stand for; a label is mapped back to one of them.
RAW_VALUES: tuple[Any, ...] = (
    *LANGUAGES,
    *fx.target_currencies(),
    *BASES,
    *REVISIONS,
    *VIEWS,
    *MEASURE_CHOICES,
    *SCALES,
    *REGIONS,
    *ACTOR_TYPES,
    *STATUSES,
    *SCOPES,
    *CONFIDENCE_ORDER,
    *BUNDLED["id"],
    "chart",
    "table",
    "replace",
    "add",
    0,
    *range(FIRST_FX_YEAR, LAST_VIEW_YEAR + 1),
)
#: What a reader types into a search box: parts of names and ids, Markdown and regex syntax, noise.
WORDS = sorted({w for name in BUNDLED["name"].head(40) for w in str(name).split()[:2]} | set(BUNDLED["id"].head(10)))
TYPED = st.one_of(
    st.sampled_from(["", " ", "*", "[", "(", "\\", "%", ".*", "?", "é", "ß", "x" * 300, "capex 2026", "STARGATE"]),
    st.sampled_from(WORDS),
    st.text(max_size=20),
)
TRACEBACK = "Traceback (most recent call last)"


def boundary_prefix(lang: str) -> str:
    """The start of the error boundary's message in ``lang``."""
    template = "Something went wrong while drawing {what} ({error}). The problem has been logged. "
    return i18n.gettext_for(lang)(template + "[Reset the view](/) to start again with the default settings.").split(
        "{what}"
    )[0]


class LoggedErrors(logging.Handler):
    """The tracebacks the error boundary logs (``log.exception``), to quote in a failure."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(logging.Formatter().format(record))


_RAW: dict[tuple[str, tuple[str, ...]], list[Any]] = {}


def raw_options(widget) -> list[Any]:
    """The values behind ``widget``'s option labels, in their order (labels depend on the widget's
    key, which carries the language, and on its options)."""
    memo = (widget.key, tuple(widget.options))
    if memo not in _RAW:
        labels: dict[str, Any] = {}
        for value in RAW_VALUES:
            try:
                label = widget.format_func(value)
            except Exception:  # noqa: BLE001 - not one of this widget's values
                continue
            labels.setdefault(label, value)
        missing = [label for label in widget.options if label not in labels]
        assert not missing, f"{widget.key}: no value in RAW_VALUES for the options {missing[:5]}: add the vocabulary"
        _RAW[memo] = [labels[label] for label in widget.options]
    return _RAW[memo]


def cards(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


SAID = ("title", "subheader", "metric", "info", "warning", "error")


def said(at: AppTest) -> list[tuple[str, str]]:
    """What a page says whatever its Chart | Table switches show: headings, cards and notes."""
    return [(e.type, e.value) for e in at.main if e.type in SAID]


def store(at: AppTest) -> Settings:
    return at.session_state[controls.STORE_KEY]


def same_view(s: Settings) -> Settings:
    """``s`` as the view it gives: the filters' values in any order, "Year" at its default or chosen
    as it, and the year whose rates are averaged (none under another basis: kept for a switch back, not linked)."""
    year = s.year or DEFAULT_YEAR
    return replace(
        s,
        year=year,
        rate_year=replace(s, year=year).average_year if s.basis == "average" else None,
        **{f: tuple(sorted(getattr(s, f))) for f in ("regions", "actor_types", "statuses", "scopes")},
    )


def link(at: AppTest) -> dict[str, list[str]]:
    return {name: list(v) if isinstance(v, (list, tuple)) else [v] for name, v in at.query_params.items()}


class ClickThrough(RuleBasedStateMachine):
    """One reader's session: each rule is a click; the invariants hold after every one."""

    def __init__(self) -> None:
        super().__init__()
        self.errors = LoggedErrors()
        logging.getLogger("dashboard").addHandler(self.errors)
        self.at = AppTest.from_file(APP, default_timeout=60)
        self.page = "overview"
        #: What each page said (``said``) for each settings and search.
        self.seen: dict[tuple[str, Settings, tuple[str, ...]], list[tuple[str, str]]] = {}

    def teardown(self) -> None:
        logging.getLogger("dashboard").removeHandler(self.errors)

    def run(self, element=None, step: str = "") -> None:
        if step:
            note(step)
        (element or self.at).run()

    def widgets(self, *kinds: str) -> dict[str, Any]:
        return {w.key: w for kind in kinds for w in getattr(self.at, kind) if w.key and not w.disabled}

    @initialize()
    def open_the_dashboard(self) -> None:
        self.run()

    @rule(page=st.sampled_from(list(PAGES)))
    def switch_page(self, page: str) -> None:
        self.page = page
        self.at.switch_page(f"dashboard/app_pages/{page}.py")
        self.run(step=f"page {page}")

    @rule(lang=st.sampled_from(LANGUAGES))
    def switch_language(self, lang: str) -> None:
        self.run(self.at.selectbox(key=controls.widget_key("lang", lang)).set_value(lang), f"language {lang}")

    @rule(data=st.data())
    def choose(self, data) -> None:
        """One option of a selectbox, radio, select slider or segmented control (Chart | Table)."""
        found = self.widgets("selectbox", "radio", "select_slider", "button_group")
        widget = found[data.draw(st.sampled_from(sorted(found)), label="widget")]
        options = raw_options(widget)
        value = data.draw(st.sampled_from(options), label=widget.key)
        if widget.type == "button_group" and not widget._is_single_select:  # st.pills: a list
            value = [value]
        self.run(widget.set_value(value), f"{widget.key} = {value!r}")

    @rule(data=st.data())
    def choose_several(self, data) -> None:
        """A multiselect's selection: emptied, all (up to its limit) or any few."""
        self.set_several(data, self.widgets("multiselect"))

    @rule(data=st.data())
    def compare_a_few(self, data) -> None:
        """Compare and its picker in one step: in random steps a picker emptied or holding three
        items in the per-year view came too rarely for the CI's budget to reach (a planted crash there
        went unseen)."""
        self.switch_page("compare")
        items = {k: w for k, w in self.widgets("multiselect").items() if k.startswith("items")}
        self.set_several(data, items)

    def set_several(self, data, found: dict[str, Any]) -> None:
        widget = found[data.draw(st.sampled_from(sorted(found)), label="multiselect")]
        options = raw_options(widget)
        most = min(widget.max_selections or len(options), len(options))
        chosen = data.draw(
            st.one_of(
                st.just([]), st.just(options[:most]), st.lists(st.sampled_from(options), max_size=most, unique=True)
            ),
            label=widget.key,
        )
        self.run(widget.set_value(chosen), f"{widget.key} = {chosen!r}")

    @precondition(lambda self: any(not w.disabled for w in self.at.text_input))
    @rule(data=st.data())
    def type_text(self, data) -> None:
        found = self.widgets("text_input")
        widget = found[data.draw(st.sampled_from(sorted(found)), label="text box")]
        typed = data.draw(TYPED, label=widget.key)
        self.run(widget.input(typed), f"{widget.key} types {typed!r}")

    @precondition(lambda self: any(not b.disabled for b in self.at.button))
    @rule(data=st.data())
    def press(self, data) -> None:
        found = self.widgets("button")
        key = data.draw(st.sampled_from(sorted(found)), label="button")
        self.run(found[key].click(), f"press {key}")

    @rule()
    def rerun(self) -> None:
        self.run(step="rerun")

    @rule()
    def open_the_link_in_a_new_session(self) -> None:
        """A copied link: a new session with the URL's query opens the same view."""
        before, shown, query = store(self.at), said(self.at), link(self.at)
        searched = any(box.value for box in self.at.text_input)  # a search is no part of a link
        note(f"open the link {query} in a new session")
        self.at = AppTest.from_file(APP, default_timeout=60)
        for name, values in query.items():
            self.at.query_params[name] = values
        self.run()
        if self.page != "overview":
            self.at.switch_page(f"dashboard/app_pages/{self.page}.py")
            self.run()
        ignored = i18n.gettext_for(store(self.at).lang)("Ignored in the link: {detail}").split("{detail}")[0]
        assert not any(w.value.startswith(ignored) for w in self.at.warning), query
        after = store(self.at)
        assert same_view(after) == same_view(before), (query, before, after)
        assert link(self.at) == query, query
        if not searched:
            assert said(self.at) == shown, query

    # --- invariants -------------------------------------------------------------------------------

    @invariant()
    def nothing_failed(self) -> None:
        at = self.at
        assert not at.exception, [e.message for e in at.exception]
        lang = store(at).lang if controls.STORE_KEY in at.session_state else "en"
        prefix = boundary_prefix(lang)
        failures = [e.value for e in at.error if e.value.startswith(prefix)]
        assert not failures and not self.errors.texts, (failures, self.errors.texts[-1:])
        texts = [e.value for e in at if isinstance(getattr(e, "value", None), str)]
        assert not any(TRACEBACK in t for t in texts), texts

    @invariant()
    def the_page_shows_its_title(self) -> None:
        lang = store(self.at).lang
        assert [t.value for t in self.at.title] == [i18n.gettext_for(lang)(PAGES[self.page])], (self.page, lang)

    @invariant()
    def every_widget_holds_one_of_its_options(self) -> None:
        for kind in ("selectbox", "radio", "select_slider"):
            for widget in getattr(self.at, kind):
                assert widget.value in raw_options(widget), (widget.key, widget.value)
        for widget in self.at.multiselect:
            assert set(widget.value) <= set(raw_options(widget)), (widget.key, widget.value)

    @invariant()
    def the_overview_total_is_the_totals_commands(self) -> None:
        s = store(self.at)
        if self.page == "overview" and s.measure == "money":
            shown = cards(self.at)
            payload = report.totals_payload(
                BUNDLED,
                currency=s.currency,
                basis=s.basis,
                year=replace(s, year=s.year or DEFAULT_YEAR).average_year,
                revisions=s.revisions,
                view=s.view,
                filters=s.filters(),
                calendar_year=s.year or DEFAULT_YEAR,
            )
            total = payload["total"]
            locale = i18n.LOCALE_FOR_LANGUAGE[s.lang]
            counted = [i for group in payload["groups"] for i in group["ids"]]
            want = formatting.format_money_range(total["low"], total["high"], s.currency, locale=locale)
            assert want in shown[0] if counted else shown[0] == "–", (shown[0], want, s)

    @invariant()
    def a_page_says_the_same_for_the_same_settings(self) -> None:
        """Away and back, a rerun, a language there and back: the same headings, cards and notes."""
        s = same_view(store(self.at))
        searched = tuple(box.value for box in self.at.text_input)
        key = (self.page, s if self.page == "compare" else replace(s, items=()), searched)
        shown = said(self.at)
        assert self.seen.setdefault(key, shown) == shown, (self.seen[key], shown, key)


TestClickThrough = ClickThrough.TestCase
TestClickThrough.settings = settings(
    max_examples=15,
    stateful_step_count=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_boundary_prefix_is_the_start_of_the_translated_message(lang) -> None:
    # The invariant finds the boundary's box by this prefix: a catalog change must not hide it.
    assert len(boundary_prefix(lang)) > 10
