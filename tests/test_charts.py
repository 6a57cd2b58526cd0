"""Figure builders inspected through fig.data and fig.layout (no browser)."""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pandas as pd
import pytest

from dashboard import charts, dataset, formatting, i18n, ledger, years
from dashboard.charts import bars as bars_module
from dashboard.charts import common
from dashboard.charts import capex_guidance, over_time


@pytest.fixture(scope="module")
def rows_eur():
    frame = dataset.read_dataset(dataset.default_dataset_path())
    return ledger.normalise(frame, currency="EUR")


@pytest.fixture(scope="module")
def rows_usd():
    frame = dataset.read_dataset(dataset.default_dataset_path())
    # 2025: the year whose capex has reported actuals (the default year, 2026, has guidance only).
    return ledger.normalise(frame, currency="USD", calendar_year=2025)


def all_text(fig) -> str:
    """Every string a figure would render: tick texts, titles, labels, hovers."""
    return repr(fig.to_plotly_json())


def bars(fig):
    return [t for t in fig.data if t.type == "bar"]


def test_ranking_axis_title_names_unit_currency_and_view(rows_usd):
    fig = charts.ranking(rows_usd, currency="USD", locale="en_US")
    # 2025's counted capex includes reported actuals (Amazon's, Meta's): "Announced" alone was untrue
    assert fig.layout.xaxis.title.text == "Announced or reported, bn USD"
    announced = charts.ranking(rows_usd[rows_usd["status"] != "spent"], currency="USD", locale="en_US")
    assert announced.layout.xaxis.title.text == "Announced, bn USD"
    per_year = charts.ranking(rows_usd, currency="USD", locale="en_US", view="per-year")
    assert per_year.layout.xaxis.title.text == "Per year, bn USD"


def test_ranking_in_german_uses_mrd_and_german_separators(rows_eur):
    fig = charts.ranking(rows_eur, currency="EUR", locale="de_DE", gettext=i18n.gettext_for("de"))
    assert "Mrd." in fig.layout.xaxis.title.text
    assert fig.layout.separators == ",."
    assert "Billion" not in all_text(fig)


def test_ranking_never_uses_si_suffixes_on_the_value_axis(rows_eur):
    for log in (False, True):
        fig = charts.ranking(rows_eur, currency="EUR", locale="en_US", log=log)
        axis = fig.layout.xaxis
        assert axis.exponentformat == "none" or axis.tickvals is not None
        for text in axis.ticktext or ():
            assert not re.search(r"\d[GkMTμ]", text), text


def test_ranking_counts_each_item_once_and_labels_revisions_by_their_item(rows_usd):
    fig = charts.ranking(rows_usd, currency="USD", locale="en_US", top=100)
    solid = [y for t in bars(fig) if t.base is None for y in t.y]
    counted = rows_usd[rows_usd["counts_in_total"]]
    assert len(solid) == len(counted)
    # The figure comes from the reported actual, and its label says so (short name of the row drawn).
    assert "Meta capex 2025 (actual)" in solid and "Meta capex 2025 guidance" not in solid
    revision_names = set(rows_usd.loc[rows_usd["role"] == "revision", "name"])
    assert not revision_names & set(solid)


def test_ranking_draws_ranges_as_a_light_segment_from_low_to_high(rows_usd):
    fig = charts.ranking(rows_usd, currency="USD", locale="en_US", top=100)
    ranged = [t for t in bars(fig) if t.base is not None]
    assert ranged, "no range segment drawn"
    na_solid = next(t for t in bars(fig) if t.name == "North America" and t.base is None)
    na_range = next(t for t in ranged if t.legendgroup == "North America")
    low = dict(zip(na_solid.y, na_solid.x))
    for label, base, width in zip(na_range.y, na_range.base, na_range.x):
        assert base == pytest.approx(low[label])
        assert width > 0


def test_a_picked_bar_of_nothing_keeps_its_label_outside():
    # Compare in one year: a pick with no money in it is a bar of zero, and with "auto" Plotly drew
    # no label, so "₩0" went missing beside "₩180T" (QA pass).
    frame = dataset.read_dataset(dataset.default_dataset_path())
    rows = ledger.normalise(frame, currency="KRW", view="year", calendar_year=2026)
    picked = ledger.shown_rows(rows, ["stargate", "meta-capex-2025"])
    fig = charts.ranking(picked, currency="KRW", locale="en_US", view="year", order=list(picked["id"]))
    placed = {y: (x, text, where) for t in bars(fig) for y, x, text, where in zip(t.y, t.x, t.text, t.textposition)}
    meta = next(v for k, v in placed.items() if k.startswith("Meta"))
    stargate = next(v for k, v in placed.items() if k.startswith("Stargate"))
    assert meta == (0, "₩0", "outside") and stargate[0] > 0 and stargate[2] == "auto", placed


def test_ranking_folds_the_tail_into_others(rows_usd):
    fig = charts.ranking(rows_usd, currency="USD", locale="en_US", top=5)
    labels = [y for t in bars(fig) if t.base is None for y in t.y]
    assert len(labels) == 6 and labels[-1].startswith("Others (")


def test_region_colours_are_the_same_in_every_chart(rows_usd):
    rank = charts.ranking(rows_usd, currency="USD", locale="en_US")
    for trace in bars(rank):
        if trace.legendgroup in charts.REGION_COLOURS:
            assert trace.marker.color == charts.REGION_COLOURS[trace.legendgroup]
    line = charts.cumulative(rows_usd, currency="USD", locale="en_US")
    for trace in line.data:
        assert trace.line.color == charts.REGION_COLOURS[trace.name]


def test_hover_shows_original_converted_rate_status_confidence_and_source(rows_usd):
    row = rows_usd[rows_usd["id"] == "investai"].iloc[0]
    text = charts.Hovers(currency="USD", locale="en_US", _=lambda s: s, view="total").text(row)
    for part in ("InvestAI", "Announced: €200B", "Converted: $206B", "1 EUR = 1.0324 USD (Feb 11, 2025)",
                 "announced", "confidence: high", "Source: digital-skills-jobs.europa.eu"):
        assert part in text, part


def test_hover_does_not_repeat_an_amount_already_in_the_display_currency(rows_eur):
    # "Announced: €200B" then "Converted: €200B" said the same twice (QA pass).
    row = rows_eur[rows_eur["id"] == "investai"].iloc[0]
    text = charts.Hovers(currency="EUR", locale="en_US", _=lambda s: s, view="total").text(row)
    assert "Announced: €200B" in text and "Converted:" not in text, text


def test_hover_escapes_html_in_data_text(rows_usd):
    row = rows_usd[rows_usd["id"] == "investai"].iloc[0].copy()
    row["name"] = "<img src=x onerror=alert(1)>"
    text = charts.Hovers(currency="USD", locale="en_US", _=lambda s: s, view="total").text(row)
    assert "<img" not in text and "&lt;img" in text


def test_drilldown_nests_components_inside_their_item_with_the_rest_not_itemised(rows_eur):
    fig, left_out = charts.drilldown(rows_eur, currency="EUR", locale="en_US")
    tree = fig.data[0]
    ids, parents, values = list(tree.ids), list(tree.parents), list(tree.values)
    value = dict(zip(ids, values))
    stargate = next(i for i in ids if i.endswith("/stargate"))
    children = [i for i, p in zip(ids, parents) if p == stargate]
    assert any(c.endswith("/stargate-initial-deployment") for c in children)
    assert any(c.endswith("/rest") for c in children)
    assert sum(value[c] for c in children) == pytest.approx(value[stargate])
    # Every parent equals the sum of its children (branchvalues="total" is honest).
    for node in ids:
        kids = [i for i, p in zip(ids, parents) if p == node]
        if kids:
            assert sum(value[k] for k in kids) <= value[node] * (1 + 1e-9)
    assert isinstance(left_out, list)


def test_drilldown_draws_an_items_largest_parts_and_leaves_out_smaller_ones_that_do_not_fit(rows_eur):
    """The UK plan's Vantage £12bn (86% of it) and Nscale's $2.5bn add up to a little more than
    its £14bn (rates of other dates): Vantage was left out for Nscale and read as "not itemised"
    (QA pass); the US–UK deal lost Microsoft's $30bn the same way."""
    fig, left_out = charts.drilldown(rows_eur, currency="EUR", locale="en_US")
    ids = list(fig.data[0].ids)
    drawn = {i.rsplit("/", 1)[-1] for i in ids}
    by_id = rows_eur.set_index("id")
    for item in ("uk-ai-opportunities-action-plan", "uk-us-tech-prosperity-deal"):
        parts = rows_eur[(rows_eur["parent_id"] == item) & (rows_eur["role"] == "component") & rows_eur["value_high"].notna()]
        largest = parts.loc[((parts["value_low"] + parts["value_high"]) / 2).idxmax(), "id"]
        assert largest in drawn and largest not in left_out, (item, largest)
        assert [p for p in parts["id"] if p not in drawn] == [p for p in parts["id"] if p in left_out]
    assert "uk-nscale-loughton" in left_out and by_id.loc["uk-nscale-loughton", "parent_id"] == "uk-ai-opportunities-action-plan"


def test_timeline_uses_status_symbols_and_log_scale(rows_usd):
    fig = charts.timeline(rows_usd, currency="USD", locale="en_US")
    assert fig.layout.yaxis.type == "log"
    points = [t for t in fig.data if t.showlegend is False]
    symbols = {s for t in points for s in t.marker.symbol}
    assert {"circle", "circle-open", "diamond"} <= symbols


def test_timeline_legend_gives_each_region_one_shape_that_says_no_status(rows_usd):
    """Plotly draws a trace's legend entry with its first point's shape: Asia's entry was a filled
    circle ("committed" in the caption's key) and the others open ones ("announced") (QA pass)."""
    fig = charts.timeline(rows_usd, currency="USD", locale="en_US")
    entries = [t for t in fig.data if t.showlegend is not False]
    drawn = {t.legendgroup for t in fig.data if t.showlegend is False}
    assert sorted(t.legendgroup for t in entries) == sorted(drawn) and len(drawn) > 1
    assert {t.marker.symbol for t in entries} == {"square"}
    assert not set(over_time.STATUS_SYMBOLS.values()) & {"square"}  # no status shares it
    assert all(list(t.x) == [None] for t in entries)  # the entries draw no point


def test_guidance_chart_follows_each_company_from_guidance_to_actual(rows_usd):
    fig = charts.guidance(rows_usd, ["meta-capex-2025"], currency="USD", locale="en_US")
    trace = fig.data[0]
    assert len(trace.x) == 5
    assert list(trace.marker.symbol)[-1] == "diamond"
    assert trace.y[-1] == pytest.approx(72.22)


def test_empty_selection_gives_a_message_not_an_empty_panel(rows_usd):
    empty = rows_usd.iloc[0:0]
    for fig in (charts.ranking(empty, currency="USD", locale="en_US"),
                charts.timeline(empty, currency="USD", locale="en_US"),
                charts.cumulative(empty, currency="USD", locale="en_US")):
        assert fig.layout.annotations and fig.layout.annotations[0].text.startswith(("No items", "No counted item"))


def test_dates_on_time_axes_follow_the_locale(rows_usd):
    de = charts.timeline(rows_usd, currency="USD", locale="de_DE")
    assert de.layout.xaxis.tickformat == "%m.%Y"
    # Ticks closer than a month show the day: a few weeks' span repeated "Jun 2025" (QA pass).
    stops = {tuple(stop.dtickrange): stop.value for stop in de.layout.xaxis.tickformatstops}
    assert stops == {(None, "M1"): "%d.%m.%Y", ("M1", None): "%m.%Y"}
    # English days read as on every other page ("Jan 21, 2025").
    assert charts.timeline(rows_usd, currency="USD", locale="en_US").layout.xaxis.hoverformat == "%b %-d, %Y"


def test_source_site_accepts_only_http_links():
    assert charts.source_site("https://www.gov.uk/x") == "gov.uk"
    assert charts.source_site("javascript:alert(1)") == ""


@pytest.mark.parametrize("currency, lang, view", [("GBP", "en", "total"), ("EUR", "de", "per-year")])
def test_hover_text_is_the_same_when_parts_are_shared_across_rows(currency, lang, view):
    """A chart formats each distinct part (rate, status, amount) once for all its points."""
    frame = dataset.read_dataset(dataset.default_dataset_path())
    rows = ledger.normalise(frame, currency=currency)
    rows = rows[rows[years.view_columns(view)[1]].notna()]
    locale, gettext = ("de_DE" if lang == "de" else "en_US"), i18n.gettext_for(lang)
    shared = charts.Hovers(currency=currency, locale=locale, _=gettext, view=view)
    for _, row in rows.iterrows():
        alone = charts.Hovers(currency=currency, locale=locale, _=gettext, view=view).text(row)
        assert shared.text(row) == alone
        assert shared.text(row.to_dict()) == alone


def test_chart_hovers_are_those_of_hover_text(rows_usd):
    """The ranking's hover for each item is hover_text of the row that supplies its figure."""
    fig = charts.ranking(rows_usd, currency="USD", locale="en_US", top=100)
    counted = rows_usd[rows_usd["counts_in_total"]]
    expected = {charts.Hovers(currency="USD", locale="en_US", _=lambda s: s, view="total").text(row) for _, row in counted.iterrows()}
    drawn = {h for trace in bars(fig) if trace.base is None and trace.hovertext for h in trace.hovertext}
    assert drawn == expected


def test_timeline_keeps_the_largest_announcements_first_row_first_on_ties(monkeypatch):
    rows = pd.DataFrame({
        "id": [f"r{i}" for i in range(6)], "region": "Europe", "status": "announced",
        "announced": ["2025-01", "2025-02", "2024", "2025-03-04", "", "2023"],
        "value_low": [1e9, 5e9, 5e9, 2e9, 9e9, 0.0], "value_high": [1e9, 5e9, 5e9, 2e9, 9e9, 0.0],
    })
    for column in charts.hover_columns():
        if column not in rows:
            rows[column] = {"amount_low": 1e9, "amount_high": 1e9, "currency": "EUR", "fx_rate": 1.0}.get(column, "")
    monkeypatch.setattr(over_time, "TIMELINE_POINTS", 2)
    fig = charts.timeline(rows, currency="EUR", locale="en_US")
    assert charts.timeline_count(rows) == (2, 4)  # no date (r4) and no money (r5) are never drawn
    assert [str(x)[:10] for x in fig.data[0].x] == ["2025-02-01", "2024-01-01"]


@pytest.mark.parametrize("locale", ["en_US", "de_DE"])
def test_ranking_labels_tell_every_item_apart(rows_eur, locale):
    """Cut names once made items indistinguishable ("Meta: Investitionen 2025…" twice)."""
    fig = charts.ranking(rows_eur, currency="EUR", locale=locale, top=200, gettext=i18n.gettext_for(locale[:2]))
    labels = [y for t in bars(fig) if t.base is None for y in t.y]
    assert len(labels) == len(set(labels)) > 50
    assert not any(re.search(r" \([2-9]\)$", label) for label in labels)  # no "(2)" de-duplication needed


def test_ranking_names_stand_above_the_bars_so_bars_get_the_width(rows_eur):
    """At 420 px, names beside the bars took 70 % of the width; each stands above its bar now,
    written by one text trace on hidden axes laid over the plot."""
    fig = charts.ranking(rows_eur, currency="EUR", locale="en_US")
    labels = [y for t in bars(fig) if t.base is None for y in t.y]
    [names] = [t for t in fig.data if t.type == "scatter" and t.mode == "text"]
    rows = list(fig.layout.yaxis.categoryarray)  # bottom to top
    assert fig.layout.yaxis.showticklabels is False
    assert sorted(names.text) == sorted(labels)
    assert names.hoverinfo == "skip" and names.showlegend is False
    # The names' axes span the plot and the rows exactly as the bars' axes do.
    assert (names.xaxis, names.yaxis) == ("x2", "y2") and set(names.x) == {0}
    assert fig.layout.xaxis2.range == (0, 1) and fig.layout.xaxis2.overlaying == "x"
    assert fig.layout.yaxis.range == fig.layout.yaxis2.range == (-0.5, len(rows) - 0.5)
    assert fig.layout.yaxis2.overlaying == "y" and not fig.layout.yaxis2.visible
    # Each name in its own bar's row, between the top of the bar (the bar fills the middle half)
    # and the top of the row, written upwards from there.
    bar_top = (1 - bars_module.BAR_GAP) / 2
    for name, y in zip(names.text, names.y):
        assert rows.index(name) + bar_top <= y < rows.index(name) + 0.5, name
    assert names.textposition == "top right"


def test_legends_sit_below_the_charts(rows_eur):
    for fig in (charts.ranking(rows_eur, currency="EUR", locale="en_US"),
                charts.timeline(rows_eur, currency="EUR", locale="en_US")):
        legend = fig.layout.legend
        assert legend.yref == "container" and legend.y == 0 and legend.yanchor == "bottom"


def test_company_lines_never_use_a_region_colour(rows_eur):
    fig = charts.guidance(rows_eur, charts.revised_capex_ids(rows_eur), currency="EUR", locale="en_US")
    colours = {t.line.color for t in fig.data}
    assert colours and not colours & set(charts.REGION_COLOURS.values())
    assert len({t.line.dash for t in fig.data}) == len(fig.data)


def test_treemap_boxes_show_their_amounts(rows_eur):
    fig, _ = charts.drilldown(rows_eur, currency="EUR", locale="en_US")
    tree = fig.data[0]
    assert "%{text}" in tree.texttemplate and len(tree.text) == len(tree.labels)
    # Amounts, worded as the ranking words them ("about €162B": the box dropped "about", QA pass).
    assert all(t.startswith(("€", "about €", "up to €", "more than €")) for t in tree.text)
    kinds = dict(zip(rows_eur["id"], rows_eur["amount_kind"]))  # a part's own; an item's, its counted row's
    counted = rows_eur[rows_eur["counts_in_total"]]
    kinds.update(zip(counted["item_id"], counted["amount_kind"]))
    text = dict(zip(tree.ids, tree.text))
    worded = [t for i, t in text.items() if kinds.get(i.rsplit("/", 1)[-1]) == "approx"]
    assert worded and all(t.startswith("about €") for t in worded), worded
    assert fig.layout.uniformtext.minsize >= 10
    # A box is sized by the central figure but says the range where sources give one (the
    # ranking above it says "€152–161B" for Alphabet; the box said "€157B").
    text = dict(zip(tree.ids, tree.text))
    alphabet = rows_eur.set_index("id").loc["alphabet-capex-2026-rev-2026-04"]
    assert alphabet["value_low"] < alphabet["value_high"]
    box = next(t for i, t in text.items() if i.endswith("/alphabet-capex-2026"))
    assert "–" in box, box
    # A region's box adds low with low and high with high over its counted items.
    counted = rows_eur[rows_eur["counts_in_total"] & rows_eur["value_high"].notna()]
    for region, group in counted.groupby("region"):
        want = formatting.format_money_range(group["value_low"].sum(), group["value_high"].sum(), "EUR", locale="en_US")
        assert text[f"r/{region}"] == want, (region, text[f"r/{region}"], want)


def test_a_hover_says_reported_for_a_spent_figure_and_announced_for_the_others(rows_usd):
    # A reported actual read "Announced: $37.5B" next to "Status: spent" (new-user review).
    hovers = charts.Hovers(currency="USD", locale="en_US", _=lambda s: s, view="total")
    rows = rows_usd.set_index("id", drop=False)
    assert "<br>Reported: $72.2B<br>" in hovers.text(rows.loc["meta-capex-2025-actual"])
    assert "<br>Reported on: Jan 28, 2026" in hovers.text(rows.loc["meta-capex-2025-actual"])
    assert "<br>Announced: $60–65B<br>" in hovers.text(rows.loc["meta-capex-2025"])
    assert "<br>Announced on: Jan 24, 2025" in hovers.text(rows.loc["meta-capex-2025"])


def test_an_empty_charts_message_wraps_to_fit_a_phone():
    # "…der Auswahl nennt sowohl einen Betrag als auch eine Kapazität…" ran past both edges at 420 px.
    message = "Kein Posten der Auswahl nennt sowohl einen Betrag als auch eine Kapazität in GW."
    text = common.empty_figure(message, locale="de_DE").layout.annotations[0].text
    lines = text.split("<br>")
    assert len(lines) > 1 and max(map(len, lines)) <= 40 and " ".join(lines) == message


def test_a_treemap_keeps_room_for_its_path_bar_and_a_readable_lone_root(rows_eur):
    # Plotly draws a zoomed box's path bar above the plot: it covered the subtitle's last line at
    # 420 px. Filtered to Europe (or after a one-row upload) the region is the lone root, whose
    # box touched the subtitle before any zoom and whose name Plotly writes grey on blue.
    several, _ = charts.drilldown(rows_eur, currency="EUR", locale="en_US")
    one, _ = charts.drilldown(rows_eur[rows_eur["region"] == "Europe"], currency="EUR", locale="en_US")
    assert [p for p in one.data[0].parents if p == ""] == [""]
    for fig in (several, one):
        assert fig.layout.margin.t >= fig.data[0].pathbar.thickness + 8
    assert one.data[0].outsidetextfont.color == "white"


def test_treemap_names_wrap_between_words_only_in_both_languages(rows_eur):
    # German compounds broke mid-word ("Investi<br>tionsprognose"): lines now end at a space, so
    # undoing the wrap gives back a name from the data: the short name where there is one (the
    # full names did not fit the second-largest boxes of two regions, which showed no label).
    for locale, short, column in (("en_US", "short_name", "name"), ("de_DE", "short_name_de", "name_de")):
        fig, _ = charts.drilldown(rows_eur, currency="EUR", locale=locale)
        full = rows_eur[column].where(rows_eur[column] != "", rows_eur["name"])
        names = rows_eur[short].where(rows_eur[short] != "", full)
        wanted = dict(zip(rows_eur["id"], names))
        # An item's box is named by the row whose figure it draws (Alphabet's April raise).
        counted = rows_eur["counts_in_total"].to_numpy(dtype=bool)
        wanted.update(zip(rows_eur["item_id"][counted], names[counted]))
        boxes = [(i, lab) for i, lab in zip(fig.data[0].ids, fig.data[0].labels) if i.count("/") >= 3]
        assert len(boxes) > 40
        for box, label in boxes:
            row_id = box.rsplit("/", 1)[1]
            if row_id in wanted:  # an item or a part, not "Others" or "not itemised"
                assert label.replace("<br>", " ") == html.escape(wanted[row_id], quote=False), (box, label)
        labels = dict(zip(fig.data[0].ids, fig.data[0].labels))
        assert labels["r/Europe/private/france-ai-109bn"].replace("<br>", " ") == wanted["france-ai-109bn"]
        if locale == "de_DE":
            assert any(len(word) > 14 for _, label in boxes for word in label.split("<br>")), "long compounds stay whole"


def test_guidance_changes_say_within_range_narrowed_or_a_change_and_an_unchanged_range_is_no_narrowing():
    changes = capex_guidance.guidance_changes(
        np.array([64.0, 64.0, 66.0, 66.5, 70.0, 70.0, 71.0]),
        np.array([72.0, 72.0, 72.0, 66.5, 75.0, 74.0, 73.0]),
        currency="USD", locale="en_US", _=str, divisor=1e9,
    )
    # restated unchanged; the low end raised inside (Meta's "raises the low end"); a point inside;
    # a move out of the range (central figures); the high end lowered; both ends moved inside
    assert changes == ["", "±0", "low end raised", "within range", "+$6B (+9%)", "high end lowered", "narrowed"], changes


def test_markup_in_names_and_source_hosts_stays_text(rows_eur):
    """Issue 14.9: a name like <a href=...> became a live legend link; a crafted host injected markup."""
    rows = rows_eur.copy()
    head = charts.revised_capex_ids(rows)[0]
    for column in ("name", "item_name", "short_name"):
        if column in rows:
            rows.loc[rows["id"] == head, column] = '<a href="//ev.il">MSFT</a>'
            rows.loc[rows["item_id"] == head, column] = '<a href="//ev.il">MSFT</a>'
    rows.loc[rows["item_id"] == head, "source_url"] = "https://ev.il<b>x</b>/<br>line"
    fig = charts.guidance(rows, [head], currency="EUR", locale="en_US")
    names = [t.name for t in fig.data]
    assert names and all("<a" not in n for n in names) and any("&lt;a" in n for n in names)
    hovers = " ".join(h for t in fig.data for h in t.hovertext)
    assert "ev.il&lt;b&gt;x" in hovers and "ev.il<b>" not in hovers  # the host is shown as text


def test_guidance_points_say_how_much_each_figure_changed(rows_eur):
    """Issue 12: each change is labelled, absolute and in per cent, in the display currency."""
    fig = charts.guidance(rows_eur, charts.revised_capex_ids(rows_eur), currency="EUR", locale="en_US")
    # Meta's 2025 line is no longer among the six largest plans the chart draws (Microsoft's
    # calendar-2026 guidance has a revision since 2026-12-06): drawn on its own for the check below.
    meta_2025 = charts.guidance(rows_eur, ["meta-capex-2025"], currency="EUR", locale="en_US")
    inside_labels, outside = [], []
    for trace in [*fig.data, *meta_2025.data]:
        assert trace.text[0] == "" and len(trace.text) == len(trace.y)
        high = [y + up for y, up in zip(trace.y, trace.error_y.array)]
        low = [y - down for y, down in zip(trace.y, trace.error_y.arrayminus)]
        for i, label in enumerate(trace.text[1:]):
            # A figure inside the previous range is no raise or cut (Alphabet's 2025 actual of $91.45bn
            # inside its $91-93bn guidance was labelled "-€0.5B").
            inside = low[i] < high[i] and low[i] <= low[i + 1] + 1e-9 and high[i + 1] <= high[i] + 1e-9
            if inside:
                inside_labels.append((trace.name, label))
                assert label in (("narrowed", "low end raised", "high end lowered") if low[i + 1] < high[i + 1]
                                 else ("within range",)), (trace.name, label)
            elif low[i] < high[i] and low[i + 1] == high[i + 1]:  # an actual outside its guidance: from the nearer end
                end = high[i] if trace.y[i + 1] > high[i] else low[i]
                assert label.endswith(" above range" if end == high[i] else " below range"), (trace.name, label)
                outside.append((trace.name, trace.y[i + 1] - end, label))
            elif trace.y[i + 1] > trace.y[i] * 1.001:
                assert re.fullmatch(r"\+€[\d.]+[MBT] \(\+[\d.]+%\)", label), label
    assert ("Alphabet capex 2025 guidance", "within range") in inside_labels, inside_labels
    # Meta's 2025 actual of $72.22bn after $70-72bn: about €0.2B above the range (y in billions), not €1B from its middle.
    meta = [(gap, label) for name, gap, label in outside if name.startswith("Meta")]
    assert meta and all(0 < gap < 0.5 and re.fullmatch(r"\+€\d+M \(\+0\.\d%\) above range", label)
                        for gap, label in meta), meta
    german = charts.guidance(rows_eur, charts.revised_capex_ids(rows_eur), currency="EUR", locale="de_DE")
    assert any("Mrd." in t and "," in t for trace in german.data for t in trace.text)


def guidance_labels(fig):
    """The guidance chart's change labels as :func:`capex_guidance.label_positions` places them
    (text, position, half width, centre x, centre y), its range bars (x, low, high) and its lines'
    points (trace by trace), all as fractions of the plot, as the chart works them out."""
    when = [pd.Timestamp(x).value for trace in fig.data for x in trace.x]
    first, span = min(when), max(when) - min(when)
    top = max(y + up for trace in fig.data for y, up in zip(trace.y, trace.error_y.array))
    labels, bars, lines = [], [], []
    for k, trace in enumerate(fig.data):
        xs = [(pd.Timestamp(x).value - first) / span for x in trace.x]
        lines.append((np.array(xs), np.array(trace.y) / top))
        places = np.broadcast_to(trace.textposition, len(trace.y))
        for x, y, up, down, text, place in zip(xs, trace.y, trace.error_y.array, trace.error_y.arrayminus,
                                               trace.text, places):
            if up + down > 0:
                bars.append((x, (y - down) / top, (y + up) / top))
            if text:
                half = len(text) * capex_guidance._LABEL_CHAR_WIDTH / 2
                labels.append((text, place, half, *capex_guidance.label_box(place, x, y / top, half), k, x))
    return labels, bars, lines


@pytest.mark.parametrize("locale", ["en_US", "de_DE"])
def test_guidance_change_labels_do_not_cover_each_other_at_desktop_width(rows_eur, locale):
    """Two changes a few weeks apart (Microsoft's and Alphabet's, summer 2025) were both drawn above
    their points and overlapped at 1400 px: Plotly places text without avoiding other text."""
    fig = charts.guidance(rows_eur, charts.revised_capex_ids(rows_eur), currency="EUR", locale=locale)
    labels = guidance_labels(fig)[0]
    assert any(place == "bottom center" for _t, place, *_ in labels)  # the summer 2025 pair moved apart
    for i, (text1, _p, half1, x1, y1, *_) in enumerate(labels):
        for text2, _q, half2, x2, y2, *_ in labels[i + 1:]:
            assert abs(x1 - x2) >= half1 + half2 or abs(y1 - y2) >= capex_guidance._LABEL_HEIGHT, (text1, text2)


@pytest.mark.parametrize("currency", ["EUR", "USD"])
@pytest.mark.parametrize("locale", ["en_US", "de_DE"])
def test_guidance_change_labels_keep_off_every_error_bar_and_line(currency, locale):
    """"+€8.35B (+8%)" sat across Meta's 2026 range, which runs both ways from its point, so
    neither above nor below was clear (QA pass 15): such a label goes beside its bar, and there
    off its own line too, which it reaches along (review); above or below its point it may touch
    its own line at the point only: a steep segment ran through the end of "up to +€8.75B (+40%)"
    (QA pass 17), also with the North American plans alone, where Oracle's is drawn."""
    frame = dataset.read_dataset(dataset.default_dataset_path())
    rows = ledger.normalise(frame, currency=currency)
    fig = charts.guidance(rows, charts.revised_capex_ids(rows), currency=currency, locale=locale)
    labels, bars, lines = guidance_labels(fig)
    assert bars and labels and any(not place.endswith("center") for _t, place, *_ in labels)
    american = ledger.apply_filters(rows, ledger.Filters(regions=("North America",), date_to="2025"))  # as QA 17
    na_labels, na_bars, na_lines = guidance_labels(
        charts.guidance(american, charts.revised_capex_ids(american), currency=currency, locale=locale)
    )
    assert any(text.startswith(("up to", "bis zu")) for text, *_ in na_labels)  # Oracle's, drawn here
    height = capex_guidance._LABEL_HEIGHT
    edge = height / 2 - capex_guidance._PIXEL  # touching by a fraction of a pixel is no cross
    # Every label keeps off every bar and its own line; off every line too in the full chart. With the
    # North American plans alone a German label has no place clear of all, and crosses another
    # company's line rather than a bar.
    for found, every_line in ((guidance_labels(fig), True), ((na_labels, na_bars, na_lines), False)):
        for text, place, half, middle, centre, own, x in found[0]:
            struck = [b for b in found[1] if abs(b[0] - middle) < half and b[1] < centre + edge and b[2] > centre - edge]
            assert not struck, (text, place, struck)
            across = np.linspace(middle - half, middle + half, 15)
            for k, (lx, ly) in enumerate(found[2]):
                if k != own and not every_line:
                    continue
                inside = (across >= lx[0]) & (across <= lx[-1])
                if k == own:  # its own line it may touch at its point only
                    inside &= np.abs(across - x) > capex_guidance._OWN_POINT
                assert not (np.abs(np.interp(across[inside], lx, ly) - centre) < height / 2).any(), (text, place, k)


def test_a_change_from_a_bound_says_so_in_the_chart_and_its_table(rows_usd):
    """Oracle's FY2026 guidance was "more than $25bn", then $35bn: the label said "+$10B (+40%)",
    a raise it may not have been (review). The table says how each figure was stated."""
    rows = ledger.normalise(dataset.read_dataset(dataset.default_dataset_path()), currency="USD")
    fig = charts.guidance(rows, ["oracle-capex-fy2026"], currency="USD", locale="en_US")
    assert [t for t in fig.data[0].text if t][0] == "up to +$10B (+40%)"
    table = charts.guidance_table(rows, ["oracle-capex-fy2026"], currency="USD", locale="en_US")
    assert list(table["How it is stated"][:2]) == ["more than", "about"]
    assert list(table["Change"][:2]) == ["", "up to +$10B (+40%)"]
    columns = list(table.columns)  # before the figures: after them both sat off a 1400 px screen (QA pass 17)
    assert columns.index("Change") < columns.index("How it is stated") < columns.index("Low (USD)")


def test_the_year_view_ranks_the_money_in_that_year_and_says_how_it_was_placed():
    frame = dataset.read_dataset(dataset.default_dataset_path())
    rows = ledger.normalise(frame, currency="USD", view="year", calendar_year=2026)
    fig = charts.ranking(rows, currency="USD", locale="en_US", view="year", top=100)
    assert fig.layout.xaxis.title.text == "In 2026, bn USD"
    solid = {y: x for t in bars(fig) if t.base is None for y, x in zip(t.y, t.x)}
    stargate = next(label for label in solid if label.startswith("Stargate"))
    assert solid[stargate] == pytest.approx(125.0)  # a quarter of $500bn over 2025-2028
    hovers = " ".join(h for t in bars(fig) for h in (t.hovertext or ()))
    assert "In 2026: $125B" in hovers and "12 of its 48 months" in hovers
    cumulative = charts.cumulative(rows, currency="USD", locale="en_US", view="year")
    assert cumulative.layout.yaxis.title.text == "In 2026, bn USD"
    ends = [trace.y[-1] for trace in cumulative.data]
    total = ledger.totals(rows, view="year")
    assert sum(ends) * 1e9 == pytest.approx((total.low + total.high) / 2, rel=1e-9)


def test_tables_name_a_counted_revision_as_itself(rows_usd):
    """The ranking's and treemap's tables (and CSVs) named the $122bn final close after the first
    close it revised: "OpenAI 2026 funding round (first close), 122000000000"."""
    for table in (charts.ranking_table(rows_usd, currency="USD", locale="en_US"),
                  charts.drilldown_table(rows_usd, currency="USD", locale="en_US")):
        names = set(table["Item"])
        assert "OpenAI 2026 funding round closes at $122bn" in names
        assert "OpenAI 2026 funding round (first close)" not in names


def test_hovers_say_up_to_more_than_and_about_as_the_source_words_the_figure():
    """"more than £31bn" read "Announced: £31B" (the UI never used ``amount_kind``)."""
    frame = dataset.read_dataset(dataset.default_dataset_path())
    rows = ledger.normalise(frame, currency="USD")
    hovers = " ".join(h for t in charts.ranking(rows, currency="USD", locale="en_US", top=100).data
                      for h in (t.hovertext or ()))
    assert "Announced: more than £31B" in hovers  # the US-UK Tech Prosperity Deal
    assert re.search(r"Converted: more than \$\d+B", hovers)
    assert "Announced: up to $50–100B" in hovers  # Saudi Arabia's Project Transcendence
    assert "Announced: about " in hovers
    german = " ".join(h for t in charts.ranking(rows, currency="USD", locale="de_DE", gettext=i18n.gettext_for("de"),
                                                 top=100).data for h in (t.hovertext or ())).replace("\xa0", " ")
    assert "Angekündigt: mehr als 31 Mrd. £" in german and "bis zu" in german


def test_a_one_year_period_is_singular_in_the_per_year_hover():
    frame = dataset.read_dataset(dataset.default_dataset_path())
    rows = ledger.normalise(frame, currency="EUR", view="per-year")
    hovers = " ".join(h for t in charts.ranking(rows, currency="EUR", locale="en_US", view="per-year", top=100).data
                      for h in (t.hovertext or ()))
    assert "over 1 year (2026)" in hovers and "over 1 years" not in hovers
    assert "over 4 years" in hovers  # Stargate, 2025-2028


def test_the_per_person_chart_has_no_si_suffix_and_room_for_the_longest_label():
    """Per person in won the axis read "0,5M … 4M" (an SI suffix; the axes rule says never) and
    Saudi Arabia's "2.052.807–4.105.614 ₩" ran past the chart, losing its currency."""
    from dashboard import economies, report
    from dashboard.charts import economies as economy_chart
    path = dataset.default_dataset_path()
    frame = dataset.read_dataset(path)
    rows, usd = ledger.normalise(frame, currency="KRW"), ledger.normalise(frame, currency="USD")
    groups = report.payload_for_rows(rows, currency="KRW", by="country", measure="per-capita",
                                     economies=economies.read_economies(economies.economies_path(path)), usd_rows=usd)["groups"]
    fig = charts.economy_ranking(groups, measure="per-capita", currency="KRW", locale="de_DE", names={})
    assert fig.layout.xaxis.exponentformat == "none" and fig.layout.xaxis.separatethousands
    largest = max(g["high"] for g in groups)
    assert fig.layout.xaxis.range[1] >= 1.4 * largest
    # At 360 px the label was cut mid-number ("bis zu 1.975.027–3.950.05") and names beside the bars
    # lost their first letters ("ereinigte Arabische Emirate"): a million and up is compact on the
    # bar and whole in the hover, and names stand above the bars (QA pass 23).
    ranges = fig.data[1]
    saudi = ranges.y.index("SA")
    assert ranges.text[saudi] == "1,98–3,95\xa0Mio.\xa0₩", ranges.text[saudi]
    assert "1.975.027–3.950.053\xa0₩" in ranges.hovertext[saudi]
    assert not fig.layout.yaxis.showticklabels and "SA" in fig.data[-1].text
    room = fig.layout.xaxis.range[1]
    for end, text in zip([lo + sp for lo, sp in zip(fig.data[0].x, ranges.x)], ranges.text):
        assert end / room + economy_chart.CHAR_SHARE * len(text) + economy_chart.PAD_SHARE <= 1 + 1e-9, text


def test_the_others_bar_says_what_it_adds_in_its_hover(rows_eur):
    fig = charts.ranking(rows_eur, currency="EUR", locale="en_US", top=10)
    (others,) = [t for t in fig.data if t.name == "Others"]
    hover = others.hovertext[0].replace("<br>", " ")  # lines wrap for a phone (charts.text.hover_lines)
    assert hover.startswith("<b>Others (") and others.text[0] in hover
    assert "the chart's table lists each" in hover


def test_no_wording_before_nothing_in_the_year_view():
    """"In 2024: about €0" for capex of another year: the source's "about" is not about nothing."""
    frame = dataset.read_dataset(dataset.default_dataset_path())
    rows = ledger.normalise(frame, currency="EUR", view="year", calendar_year=2024)
    hovers = charts.Hovers(currency="EUR", locale="en_US", _=str, view="year")
    texts = [hovers.text(r) for r in rows[rows["amount_high"].notna()].to_dict("records")]
    assert not any("In 2024: about €0<" in t or "about –" in t for t in texts)
    assert any("In 2024: about €" in t for t in texts)


def test_money_and_compute_hovers_say_up_to_and_more_than():
    """The compute charts' rows did not carry amount_kind: "Announced: $50B" for AWS's "up to $50bn"."""
    from dashboard import compute
    frame = dataset.read_dataset(dataset.default_dataset_path())
    points = compute.money_and_compute(ledger.normalise(frame, currency="USD")).points
    fig = charts.money_vs_gw(points, currency="USD", locale="en_US")
    hovers = " ".join(h for t in fig.data for h in (t.hovertext or ()))
    assert "Announced: up to $50B" in hovers and "Announced: more than $100B" in hovers


def test_a_guidance_change_in_per_cent_does_not_depend_on_the_display_currency():
    # Microsoft's $80bn -> $88.2bn is +10.25%: "+10.3%" in EUR and USD, "+10.2%" in ISK, as the
    # converted figures' ratio fell either side of the half (QA pass). One rate converts both.
    shown = {
        capex_guidance.change_label(80 * rate, 88.2 * rate, "USD", "en_US").split("(")[1]
        for rate in np.linspace(0.5, 200, 2000)
    }
    assert shown == {"+10.3%)"}


def test_money_over_dates_says_reported_only_where_an_actual_is_drawn(rows_usd):
    """The timeline, running total and guidance chart plot reported actuals (diamonds) too."""
    announced = rows_usd[rows_usd["status"] != "spent"]
    for build in (charts.timeline, charts.cumulative):
        assert build(rows_usd, currency="USD", locale="en_US").layout.yaxis.title.text.startswith(
            "Announced or reported, "
        )
        assert build(announced, currency="USD", locale="en_US").layout.yaxis.title.text.startswith("Announced, ")
    fig = charts.guidance(rows_usd, ["meta-capex-2025"], currency="USD", locale="en_US")
    assert fig.layout.yaxis.title.text.startswith("Announced or reported, ")
    guidance_only = charts.guidance(announced, ["meta-capex-2025"], currency="USD", locale="en_US")
    assert guidance_only.layout.yaxis.title.text.startswith("Announced, ")


def test_bar_labels_say_what_the_table_says_of_an_amount():
    """The chart read "$190B" where its table read "about $190B", and drew a quarter's $37.5bn as
    "$150B" per year beside Stargate's $125B with nothing on the bar to say it is a rate (QA pass)."""
    from dashboard import years

    rows = years.for_view(
        ledger.normalise(dataset.read_dataset(dataset.default_dataset_path()), currency="USD"),
        view="per-year",
        year=2026,
    )
    picks = ["stargate", "microsoft-capex-fy2026-q2", "microsoft-capex-cy2026"]
    fig = charts.ranking(rows, currency="USD", locale="en_US", view="per-year", order=picks)
    labels = {y: t for trace in bars(fig) for y, t in zip(trace.y, trace.text) if t}
    assert labels["Stargate Project"] == "$125B"  # not "Stargate (US, $500bn)" over $125B (review)
    assert labels["MSFT capex Q2 FY26 incl. leases"] == "$150B, annualised"
    assert labels["Microsoft capex CY2026 guidance"] == "about $190B"
    total = charts.ranking(rows, currency="USD", locale="en_US", order=picks)
    assert "$37.5B" in {t for trace in bars(total) for t in trace.text if t}  # a rate only per year


def test_running_total_steps_say_the_month_they_are_drawn_at(rows_usd):
    """The steps are monthly, drawn at the month's start: Stargate (21 Jan 2025) sat at 1 Jan
    under a caption promising "its first announcement date" (QA pass). Each hover names the month."""
    fig = charts.cumulative(rows_usd, currency="USD", locale="en_US")
    north_america = next(t for t in fig.data if t.name == "North America")
    at = {pd.Timestamp(x).strftime("%Y-%m"): h.replace("<br>", " ")
          for x, h in zip(north_america.x, north_america.hovertext)}
    assert "(Jan 2025)" in at["2025-01"] or "items of Jan 2025 are added" in at["2025-01"]
    assert all(pd.Timestamp(x).day == 1 for x in north_america.x)
    de = charts.cumulative(rows_usd, currency="USD", locale="de_DE", gettext=i18n.gettext_for("de"))
    assert any("Jan. 2025" in h for t in de.data for h in t.hovertext)


@pytest.mark.parametrize("view, says, german", [
    ("per-year", " per year once ", " pro Jahr nach Hinzunahme"),
    ("year", " in 2026 once ", " im Jahr 2026 nach Hinzunahme"),
    ("total", " once ", " nach Hinzunahme"),
])
def test_running_total_hovers_say_what_their_figure_adds(view, says, german):
    """The per-year running total's hover read "North America: $906–941B once …", quoted as a plain
    total; only the axis said "Per year" (QA pass)."""
    frame = dataset.read_dataset(dataset.default_dataset_path())
    rows = ledger.normalise(frame, currency="USD", view=view, calendar_year=2026)
    # Lines wrap for a phone (charts.text.hover_lines): read as one text.
    hovers = [h.replace("<br>", " ")
              for t in charts.cumulative(rows, currency="USD", locale="en_US", view=view).data for h in t.hovertext]
    assert hovers and all(says in h for h in hovers), hovers[:2]
    de = charts.cumulative(rows, currency="USD", locale="de_DE", gettext=i18n.gettext_for("de"), view=view)
    assert all(german in h.replace("<br>", " ") for t in de.data for h in t.hovertext), de.data[0].hovertext[:2]
    if view == "total":
        assert not any(" per year" in h or " in 20" in h for h in hovers)
    # One region's line is named in a legend too (Plotly hides a lone trace's: QA pass), as are
    # one region's announcements and one company's guidance (review).
    europe = rows[rows["region"] == "Europe"]
    assert charts.cumulative(europe, currency="USD", locale="en_US", view=view).layout.showlegend is True
    assert charts.timeline(europe, currency="USD", locale="en_US").layout.showlegend is True
    # Amazon: one revised plan (its 2025 capex); Microsoft has two since its calendar-2026 update.
    amazon = rows[rows["actor"].str.contains("Amazon")]
    line = charts.guidance(amazon, charts.revised_capex_ids(amazon), currency="USD", locale="en_US")
    assert len(line.data) == 1 and line.layout.showlegend is True


def test_hovers_say_how_a_row_relates_to_its_item_by_its_role(rows_usd):
    """A contract beside an item read "part of" it: "$100bn+ on AWS … part of: Amazon invests up to
    $25bn more in Anthropic" (QA pass)."""
    hovers = charts.Hovers(currency="USD", locale="en_US", _=lambda s: s, view="total")
    by_id = {r["id"]: r for r in rows_usd.to_dict("records")}
    assert "<br>beside: " in hovers.text(by_id["oracle-openai-300bn-cloud-contract"])
    assert "part of:" not in hovers.text(by_id["oracle-openai-300bn-cloud-contract"])
    assert "<br>running total of: " in hovers.text(by_id["stargate-cumulative-2025-10"])
    assert "<br>part of: " in hovers.text(by_id["stargate-abilene"])


def test_a_part_of_a_year_says_of_what_with_the_wholes_own_wording():
    """"about €7.36B of €51.5B" (the ECF window in 2030, then stored as "about") read as if the
    €51.5B were exact (QA pass); Microsoft's C$19bn in Canada (2023–2027) is "about" too."""
    frame = dataset.read_dataset(dataset.default_dataset_path())
    rows = ledger.normalise(frame, currency="EUR", view="year", calendar_year=2025).set_index("id", drop=False)
    canada = rows.loc["microsoft-canada-2023-2027"]
    assert canada["amount_kind"] == "approx"
    hovers = charts.Hovers(currency="EUR", locale="en_US", _=lambda s: s, view="year")
    label = hovers.label(canada, canada["year_low"], canada["year_high"])
    assert label.startswith("about €") and " of about €11.8B" in label, label


def test_a_sum_takes_no_wording_from_a_figure_of_nothing():
    """A €0 figure's "up to" bounds nothing: it made Asia's box say "may be lower or higher" (review)."""
    from dashboard.charts.over_time import wordings_so_far
    from dashboard.charts.treemap import _group_wordings

    rows = pd.DataFrame({"region": ["A", "A", "A", "B"], "_month": [202401, 202402, 202403, 202401],
                         "amount_kind": ["exact", "up-to", "up-to", None], "v": [1.0, 0.0, 2.0, 1.0]})
    so_far = wordings_so_far(rows, "v")
    assert so_far[("A", 202401)] == so_far[("A", 202402)] == {"exact"}
    assert so_far[("A", 202403)] == {"exact", "up-to"} and so_far[("B", 202401)] == {""}
    wordings = _group_wordings(np.array([0, 0, 1, 2]), np.array([0, -2, -1, -2]), ["up-to"])
    assert wordings == {0: {"up-to"}, 1: {""}}  # group 2 holds only a left-out figure


def test_only_an_items_latest_revision_is_called_its_latest_figure(rows_usd):
    # Every revision read "latest figure for: …": Alphabet's Jul 2025 raise ($85B), revised in
    # October and overtaken by the reported $91.45B, as the current figure (QA pass).
    fig = charts.guidance(rows_usd, ["alphabet-capex-2025", "meta-capex-2025"], currency="USD", locale="en_US")
    hovers = {h.split("<br>")[0].removeprefix("<b>").removesuffix("</b>"): h.replace("<br>", " ")
              for t in fig.data for h in t.hovertext}
    latest = {k for k, h in hovers.items() if "latest figure for: " in h}
    earlier = {k for k, h in hovers.items() if "earlier figure for: " in h and "(revised since)" in h}
    assert latest == {"Alphabet 2025 actual capex", "Meta 2025 actual capex"}
    assert "Alphabet raises 2025 capex guidance" in earlier and len(earlier) >= 4
    # The first figure says it was revised since too: nothing marked it (QA pass 2).
    first_figures = {k for k, h in hovers.items() if "first figure (revised since)" in h}
    assert first_figures == {"Alphabet 2025 capex guidance", "Meta 2025 capex guidance"}, first_figures
    latest_ids = set(rows_usd.loc[rows_usd["latest_revision"], "id"])
    assert latest_ids >= {"alphabet-capex-2025-actual", "meta-capex-2025-actual"}
    # Whatever the "Figures" setting: under "as first announced" the actual is still the latest.
    frame = dataset.read_dataset(dataset.default_dataset_path())
    first = ledger.normalise(frame, currency="USD", revisions="first")
    assert first["latest_revision"].equals(rows_usd["latest_revision"])
    # Every row with money, under "as first announced": only a revised headline says so (EN/DE).
    rows = first[first["amount_high"].notna()]
    for locale, said in (("en_US", "first figure (revised since)"), ("de_DE", "erster Wert (seither revidiert)")):
        gettext = i18n.gettext_for(locale[:2])
        hovers = charts.Hovers(currency="USD", locale=locale, _=gettext, view="total")
        marked = {r["id"] for r in rows.to_dict("records") if said in hovers.text(r)}
        assert marked == set(rows.loc[rows["revised"] & rows["id"].eq(rows["item_id"]), "id"]), locale
        assert "microsoft-capex-fy2025" in marked and "stargate" not in marked


@pytest.mark.parametrize("locale", ["en_US", "de_DE"])
def test_a_running_total_step_names_the_revision_it_adds(locale):
    # "North America: $597B once Oracle FY2026 capex guidance is added (Jun 2025)" added the
    # $55.7B actual reported in Jun 2026, not the ~$25B guidance it named (QA pass).
    frame = dataset.read_dataset(dataset.default_dataset_path())
    gettext = i18n.gettext_for("de" if locale == "de_DE" else "en")
    hovers = {}
    for revisions in ("latest", "first"):
        rows = ledger.normalise(frame, currency="USD", revisions=revisions)
        ngettext = i18n.ngettext_for(locale[:2])
        fig = charts.cumulative(rows, currency="USD", locale=locale, gettext=gettext, ngettext=ngettext)
        hovers[revisions] = [h.replace("<br>", " ") for t in fig.data for h in t.hovertext]
    oracle = "Oracle FY2026 actual capex" if locale == "en_US" else "Oracle: tatsächliche Investitionen GJ 2026"
    said = "at its latest figure: " if locale == "en_US" else "mit seinem neuesten Wert: "
    latest = [h for h in hovers["latest"] if oracle in h]
    assert len(latest) == 1 and said + oracle in latest[0], latest
    assert not any(oracle in h for h in hovers["first"])
    # A step that adds a headline itself names no other figure.
    assert any("Stargate" in h and said not in h for h in hovers["latest"])
    # A month of several items says how many of them count at a later figure (QA pass 2), which
    # the counted rows give: Feb 2026 adds two revised items in North America, no month does under "first".
    some = "of them at" if locale == "en_US" else "davon "
    assert not any(some in h for h in hovers["first"])
    counted = ledger.normalise(frame, currency="USD")
    counted = counted[counted["counts_in_total"] & counted["value_high"].notna()]
    feb = counted[(counted["region"] == "North America") & (counted["item_key"] // 100 == 202602)]
    revised = int((feb["id"] != feb["item_id"]).sum())
    assert len(feb) > revised > 1
    month = "Feb 2026" if locale == "en_US" else "Feb. 2026"
    region = "North America" if locale == "en_US" else "Nordamerika"
    step = [h for h in hovers["latest"] if h.startswith(region) and f" {len(feb)} " in h and month in h]
    phrase = (f"{revised} of them at their latest figures, not as first announced" if locale == "en_US"
              else f"davon {revised} mit ihren neuesten Werten, nicht wie zuerst angekündigt")
    assert len(step) == 1 and phrase in step[0], step


def test_the_treemap_draws_a_lone_leftover_item_itself_not_as_others(rows_eur):
    # "Others (1 item) $123M" under Europe · public (QA pass): one box that hides one name.
    from dashboard.charts.treemap import TREEMAP_ITEMS

    counted = rows_eur[rows_eur["counts_in_total"] & (rows_eur["value_high"] > 0)]
    group = counted[(counted["region"] == "Europe") & (counted["actor_type"] == "public")]
    for size in (TREEMAP_ITEMS + 1, TREEMAP_ITEMS + 2):
        if len(group) < size:
            pytest.skip(f"Europe · public has {len(group)} counted items")
        keep = set(group.sort_values("value_high", ascending=False)["id"][:size])
        rows = rows_eur[~rows_eur["id"].isin(set(group["id"]) - keep)]
        tree = charts.drilldown(rows, currency="EUR", locale="en_US")[0].data[0]
        node = "r/Europe/public"
        others = [label.replace("<br>", " ") for i, label in zip(tree.ids, tree.labels) if i == f"{node}/others"]
        items = [i for i, p in zip(tree.ids, tree.parents) if p == node and not i.endswith("/others")]
        if size == TREEMAP_ITEMS + 1:
            assert others == [] and len(items) == size, (others, items)
        else:
            assert others == ["Others (2 items)"] and len(items) == TREEMAP_ITEMS, (others, items)


def test_the_ranking_draws_a_lone_leftover_item_itself_not_as_others(rows_eur):
    counted = int((rows_eur["counts_in_total"] & rows_eur["value_high"].notna()).sum())
    one_left = charts.ranking(rows_eur, currency="EUR", locale="en_US", top=counted - 1)
    assert not [t for t in one_left.data if t.name == "Others"]
    two_left = charts.ranking(rows_eur, currency="EUR", locale="en_US", top=counted - 2)
    (others,) = [t for t in two_left.data if t.name == "Others"]
    assert others.hovertext[0].replace("<br>", " ").startswith("<b>Others (2 items)")


def test_the_guidance_chart_keeps_its_lines_and_colours_in_every_currency():
    """Ranked by figures converted at each plan's own date, Amazon's 2025 and Meta's 2026 plans
    swapped places, colours and legend rows between EUR and USD (QA pass 8): plans in one currency
    rank as announced, so every display currency draws the same lines in the same colours."""
    bundled = dataset.read_dataset(dataset.default_dataset_path())
    # An upload with one plan in euros (ranked eighth, not drawn) swapped them again (review).
    mixed = bundled.assign(currency=bundled["currency"].where(bundled["id"] != "coreweave-capex-2026", "EUR"))
    for data in (bundled, mixed):
        drawn = {}
        for currency, basis in (("EUR", "announcement"), ("USD", "announcement"), ("GBP", "latest"), ("JPY", "announcement")):
            rows = ledger.normalise(data, currency=currency, basis=basis, on_missing="mark")
            fig = charts.guidance(rows, charts.revised_capex_ids(rows), currency=currency, locale="en_US")
            drawn[currency] = [(t.name, t.line.color) for t in fig.data if t.name and t.mode and "lines" in t.mode]
        assert len(drawn["USD"]) == charts.GUIDANCE_LINES, drawn["USD"]
        assert drawn["EUR"] == drawn["USD"] == drawn["GBP"] == drawn["JPY"], drawn


@pytest.mark.parametrize("seed", range(5))
def test_a_scatter_label_never_sits_on_another_points_marker(seed):
    """"Oracle Abilene chips ~$40bn" ended on Anthropic-Azure's marker and read as that point's
    (QA pass 15): a placed label covers at most a sliver of another marker; else it is left to the hover."""
    from dashboard.charts import placing

    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0.3, 0.7, 40), rng.uniform(0.3, 0.7, 40)  # crowded, as the 1 GW cluster is
    labels = ["x" * int(n) for n in rng.integers(8, 30, 40)]
    places = placing.label_positions(x, y, labels)
    width, height = placing.PLOT_PX
    sides = {name: (dx, dy) for name, dx, dy in placing.LABEL_PLACES}
    for i, place in enumerate(places):
        if not place:
            continue
        w, h = placing.CHAR_PX * len(labels[i]), placing.LINE_PX
        dx, dy = sides[place]
        box = (*placing._span(x[i] * width, dx, w), *placing._span(y[i] * height, dy, h))
        for j in range(len(labels)):
            if j != i:
                gap = placing.GAP_PX
                marker = (x[j] * width - gap, x[j] * width + gap, y[j] * height - gap, y[j] * height + gap)
                assert placing._overlap(box, marker) <= placing.CROWDED * w * h / placing.ON_A_MARKER, (i, j, place)


def test_a_log_axis_labels_a_tick_above_its_largest_value():
    """The timeline's €483–554B points sat above its last tick, 100 bn: 1,000 lay inside the axis's
    range, unlabelled, so their size read only from the hover (QA pass 21)."""
    for values in ([0.0001, 483, 554], [0.5, 120], [3, 9], [1e-9, 554]):
        props = common.value_axis(values, locale="en_US", log=True)
        ticks = props["tickvals"]
        # A 1-2-5 grid's next tick is at most 2.5 times its last; decades alone, 10 times (review).
        assert max(ticks) * 2.5 >= max(values), (values, ticks)
        assert math.log10(max(ticks)) <= props["range"][1] and math.log10(min(ticks)) >= props["range"][0], props
    assert common.value_axis([0.0001, 483, 554], locale="en_US", log=True)["ticktext"][-1] == "1,000"


def test_a_hover_says_what_no_total_adds_and_what_is_not_ai_only(rows_usd):
    # The Timeline's "China national AI data-centre network plan … about €255B" and "Amazon 2026 capex
    # guidance: about $200B" read as AI investments like any other (QA pass 25).
    by_id = rows_usd.set_index("id", drop=False)
    for locale, context, scope in (("en_US", "context: never added to a total", "Scope: Company capex (all, not AI-only)"),
                                   ("de_DE", "Kontext: nie zu einer Summe addiert", "Bereich: Capex der Unternehmen")):
        hovers = charts.Hovers(currency="USD", locale=locale, _=i18n.gettext_for(locale[:2]), view="total")
        assert context in hovers.text(by_id.loc["china-ai-datacentre-plan-2026-draft"])
        assert context not in hovers.text(by_id.loc["stargate"])
        assert scope in hovers.text(by_id.loc["amazon-capex-2026"]), hovers.text(by_id.loc["amazon-capex-2026"])
        assert "Scope" not in hovers.text(by_id.loc["stargate"]) and "Bereich" not in hovers.text(by_id.loc["stargate"])
    several = charts.Hovers(currency="USD", locale="en_US", _=str, view="total").text(by_id.loc["japan-chips-ai-support"])
    assert "Scope: Several technologies" in several, several
