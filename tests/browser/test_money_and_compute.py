"""Real browser: "what does a GW of announced capacity cost, by project" in two clicks (issue 13),
in English and German: open the app, pick "Money and compute" in the navigation, read the bars.
"""

from __future__ import annotations

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture skips (locally) or fails (CI=true) with a loud reason
    expect = None

from dashboard import compute, dataset, formatting, ledger

pytestmark = pytest.mark.browser

CHARTS = "[data-testid='stMain'] [data-testid='stPlotlyChart']"


@pytest.fixture(scope="module")
def stargate() -> dict:
    """Stargate's point at the app's default settings (EUR at each announcement's rate)."""
    rows = ledger.normalise(dataset.read_dataset(dataset.default_dataset_path()), currency="EUR")
    points = compute.money_and_compute(rows).points
    return points.set_index("id").loc["stargate"].to_dict()


@pytest.mark.parametrize(("lang", "locale", "babel_locale"), [("en", "en-US", "en_US"), ("de", "de-DE", "de_DE")])
def test_cost_per_gw_by_project_is_one_navigation_click_from_the_start(page, stargate, lang, locale, babel_locale):
    tab = page(f"/?lang={lang}", locale=locale)
    tab.locator("a[href$='/compute']").first.click()  # the navigation's "Money and compute"
    expect(tab.raw).to_have_url(re.compile(re.escape(tab.base_url) + r"/compute(\?|$)"))
    tab.wait_for_app(timeout=30_000)  # the first visit builds the page's table and three charts
    tab.assert_healthy()
    charts = tab.locator(CHARTS)
    expect(charts).to_have_count(3)
    bars = charts.nth(0)
    cost = formatting.format_money_range(
        stargate[compute.PER_GW_LOW], stargate[compute.PER_GW_HIGH], "EUR", locale=babel_locale
    )
    name = stargate["short_name_de" if lang == "de" else "short_name"] or stargate["name"]
    # The bar's label and its cost per GW are on screen (SVG text: Plotly writes a no-break space).
    texts = [t.replace("\xa0", " ") for t in bars.locator("text").all_text_contents()]
    assert name.replace("\xa0", " ") in texts and cost.replace("\xa0", " ") in texts, texts
    assert bars.locator("g.trace.bars").count() >= 2
    # The gigafactory yardstick: a dashed line in the chips chart.
    expect(charts.nth(2).locator("g.layer-above path, g.shapelayer path").first).to_be_attached()


@pytest.mark.parametrize(("width", "names_shown"), [(420, False), (1400, True)])
def test_scatter_point_names_give_way_to_a_note_on_a_phone(page, width, names_shown):
    # At 420 px the plot is ~280 px wide: the names piled up and ran past its edge.
    tab = page("/compute", width=width)
    tab.wait_for_app(timeout=30_000)
    tab.assert_healthy()
    charts = tab.locator(CHARTS)
    expect(charts).to_have_count(3)
    for scatter in (charts.nth(1), charts.nth(2)):
        names = scatter.locator("g.textpoint text")
        expect(names.first).to_be_attached()
        assert names.count() > 0  # drawn (the PNG download keeps them) ...
        assert names.first.is_visible() is names_shown  # ... and shown only on a wide screen
    note = tab.get_by_text("On a narrow screen the points carry no names", exact=False)
    # The count of points without a name is for a wide screen, where the others have one (QA pass 25).
    unnamed = tab.get_by_text("carry no name, for want of room", exact=False)
    if names_shown:
        expect(note).to_be_hidden()
        expect(unnamed.first).to_be_visible()
    else:
        expect(note).to_be_visible()
        expect(unnamed.first).to_be_hidden()


@pytest.mark.parametrize(("width", "labels_shown"), [(420, False), (1400, True)])
def test_guidance_change_labels_give_way_to_a_note_on_a_phone(page, width, labels_shown):
    # At 420 px in German the change labels ("+4,23 Mrd. € (+2,8 %)") overlapped and ran past the plot.
    tab = page("/timeline?lang=de", width=width)
    tab.wait_for_app(timeout=30_000)
    tab.assert_healthy()
    labels = tab.locator(".st-key-timeline_guidance g.textpoint text")
    expect(labels.first).to_be_attached()
    assert labels.first.is_visible() is labels_shown
    note = tab.get_by_text("tragen die Punkte keine Änderungsangaben", exact=False)
    if labels_shown:
        expect(note).to_be_hidden()
    else:
        expect(note).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_guidance_change_labels_do_not_overlap_as_drawn_at_desktop_width(page, lang):
    """Microsoft's and Alphabet's summer 2025 changes were drawn over each other at 1400 px: the
    boxes the browser gives the drawn labels must not intersect (the chart test checks the model)."""
    tab = page(f"/timeline?lang={lang}", width=1400)
    tab.wait_for_app(timeout=30_000)
    labels = tab.locator(".st-key-timeline_guidance g.textpoint text")
    expect(labels.first).to_be_visible()
    overlaps = tab.raw.evaluate("""() => {
        const boxes = [...document.querySelectorAll('.st-key-timeline_guidance g.textpoint text')]
            .filter(t => t.textContent).map(t => [t.textContent, t.getBoundingClientRect()]);
        const out = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const [a, p] = boxes[i], [b, q] = boxes[j];
            if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1) out.push([a, b]);
        }
        return [boxes.length, out];
    }""")
    count, pairs = overlaps
    assert count >= 8 and not pairs, (count, pairs)
    tab.assert_healthy()


def test_a_reader_in_dark_mode_gets_the_light_page_the_charts_are_drawn_for(page):
    """With the OS in dark mode Streamlit drew a dark page, on which the names above the bars (and
    an open bar's inside label) were dark grey on near-black (review): the app's theme is light."""
    tab = page("/compute", color_scheme="dark")
    tab.wait_for_app(timeout=30_000)
    expect(tab.locator(".js-plotly-plot").first).to_be_visible()
    background = tab.raw.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
    assert background == "rgb(255, 255, 255)", background
    tab.assert_healthy()


#: The guidance chart's change labels against every line and error bar as drawn: a label's glyphs
#: (its box, 1 px in from the sides and 2 px from top and bottom) crossed by a line away from
#: the label's own point (12 px, as the chart's model), or by a bar.
CROSSED_LABELS = """() => {
    const c = document.querySelector('.st-key-timeline_guidance .js-plotly-plot');
    const xa = c._fullLayout.xaxis, ya = c._fullLayout.yaxis;
    const plot = c.querySelector('.nsewdrag').getBoundingClientRect();
    const at = (x, y) => [plot.left + xa.d2p(xa.d2c(x)), plot.top + ya.d2p(y)];
    const segments = [], bars = [];
    c._fullData.forEach((trace, k) => trace.x.forEach((x, i) => {
        if (i + 1 < trace.x.length) segments.push([k, at(x, trace.y[i]), at(trace.x[i + 1], trace.y[i + 1])]);
        const up = trace.error_y.visible ? trace.error_y.array[i] : 0, down = trace.error_y.visible ? trace.error_y.arrayminus[i] : 0;
        if (up + down > 0) bars.push([at(x, trace.y[i] + up), at(x, trace.y[i] - down)]);
    }));
    const crossed = [];
    [...c.querySelectorAll('g.trace.scatter')].forEach((group, k) => group.querySelectorAll('g.textpoint text').forEach(t => {
        if (!t.textContent) return;
        const r = t.getBoundingClientRect(), l = r.left + 1, rt = r.right - 1, top = r.top + 2, bottom = r.bottom - 2;
        const inside = (x, y) => x > l && x < rt && y > top && y < bottom;
        const line = segments.some(([s, a, b]) => [...Array(61).keys()].some(n => {
            const x = a[0] + (b[0] - a[0]) * n / 60, y = a[1] + (b[1] - a[1]) * n / 60;
            return inside(x, y) && !(s === k && Math.min(Math.hypot(x - a[0], y - a[1]), Math.hypot(x - b[0], y - b[1])) < 12);
        }));
        const bar = bars.some(([hi, lo]) => hi[0] > l && hi[0] < rt && hi[1] < bottom && lo[1] > top);
        if (line || bar) crossed.push([t.textContent, line ? 'line' : 'bar']);
    }));
    return crossed;
}"""


@pytest.mark.parametrize(("lang", "currency"), [("en", "EUR"), ("en", "GBP"), ("de", "EUR"), ("de", "USD")])
def test_guidance_change_labels_cross_no_line_or_bar_as_drawn(page, lang, currency):
    """The chart places its labels with a model of its plot; this checks what Chromium drew. Where
    Meta's and Amazon's 2026 points meet there may be no clear place: in German GBP, AUD, CAD and
    BRL and English CAD, Meta's "+8 %" crosses its own line (QA pass 18; left, see the closing note)."""
    tab = page(f"/timeline?lang={lang}&cur={currency}", width=1400)
    tab.wait_for_app(timeout=30_000)
    expect(tab.locator(".st-key-timeline_guidance g.textpoint text").first).to_be_visible()
    assert tab.raw.evaluate(CROSSED_LABELS) == []
    tab.assert_healthy()


@pytest.mark.parametrize(("width", "shown"), [(420, True), (1400, False)])
def test_compare_says_its_table_scrolls_sideways_at_every_width(page, width, shown):
    # At 420 px Compare's table showed its item names only, with no sign of the amounts and ratios;
    # at 1400 px the other views' figures sat off screen with no sign either (QA pass 5).
    tab = page("/compare", width=width)
    tab.wait_for_app(timeout=30_000)
    tab.assert_healthy()
    expect(tab.get_by_test_id("stDataFrame")).to_have_count(1)
    hint = tab.get_by_text("The last columns hold the other views' figures")
    expect(hint).to_be_visible()
    # What the hint says holds: the grid scrolls sideways.
    scroller = tab.get_by_test_id("stDataFrame").first.locator(".dvn-scroller").first
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth + 1")
    # The chart as a table: its own hint is a phone's only, and the page's stays (the chart
    # section's rerun once wrote its style rule over the page's).
    tab.get_by_test_id("stButtonGroup").first.get_by_role("radio", name="Table").click()
    expect(tab.get_by_test_id("stDataFrame")).to_have_count(2)
    chart_hint = tab.locator(".st-key-compare_chart_swipe")
    expect(chart_hint).to_be_attached()
    if shown:
        expect(chart_hint).to_be_visible()
    else:
        expect(chart_hint).to_be_hidden()
    expect(hint).to_be_visible()
