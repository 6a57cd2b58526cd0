"""Charts fit to publish: title, subtitle and source line inside every figure, a named image
download, and the numbers behind each chart (issue 13.3). Pure tests first, then the app."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import axes, charts, compute, dataset, datekeys, formatting, i18n, ledger, report
from dashboard.charts.publish import FOOTER_WRAP, TEXT_WRAP, TITLE_WRAP
from dashboard.ui import toolbar, widgets

APP = str(Path(__file__).resolve().parents[1] / "app.py")
LINK = "http://localhost:8501/compare?cur=USD&view=per-year&item=stargate&item=eu-investai&region=Europe&region=Asia"


@pytest.fixture(scope="module")
def rows_usd():
    frame = dataset.read_dataset(dataset.default_dataset_path())
    return ledger.normalise(frame, currency="USD", view="per-year", calendar_year=2025)


@pytest.fixture(scope="module")
def rows_eur():
    return ledger.normalise(dataset.read_dataset(dataset.default_dataset_path()), currency="EUR")


def builders(rows):
    """Every chart of the app, as its page builds it."""
    ranked = list(rows.loc[rows["counts_in_total"], "id"][:4])
    return {
        "ranking": charts.ranking(rows, currency="USD", locale="en_US", view="per-year"),
        "compare": charts.ranking(rows, currency="USD", locale="en_US", view="per-year", order=ranked),
        "drilldown": charts.drilldown(rows, currency="USD", locale="en_US", view="per-year")[0],
        "timeline": charts.timeline(rows, currency="USD", locale="en_US"),
        "cumulative": charts.cumulative(rows, currency="USD", locale="en_US", view="per-year"),
        "guidance": charts.guidance(rows, charts.revised_capex_ids(rows), currency="USD", locale="en_US"),
        "empty": charts.ranking(rows.iloc[:0], currency="USD", locale="en_US"),
    }


def plain(html: str) -> str:
    """Plotly text as read: line breaks as spaces, tags dropped, entities decoded."""
    return re.sub(r"<[^>]+>", "", html.replace("<br>", " ")).replace("&amp;", "&")


def footer_text(fig) -> str:
    """The footer: the one entry of the second legend, or the note under a chart without axes."""
    entries = [t.name for t in fig.data if t.legend == "legend2"]
    notes = [a.text for a in fig.layout.annotations if a.name == "footer"]
    assert len(entries + notes) == 1, (entries, notes)
    return plain((entries + notes)[0])


def texts(view: str | None = "per-year", basis: str = "latest") -> dict[str, str]:
    return dict(
        title="Largest AI investments, by item",
        subtitle=charts.subtitle(
            currency="USD", basis=basis, view=view, year=2025, rate_date="May 29, 2026", _=lambda s: s
        ),
        footer=charts.footer(dataset="AI investment dashboard dataset", as_of="Jun 2, 2026", link=LINK, _=lambda s: s),
    )


def without_empty(value):
    """A figure's dict without the empty dicts plotly's validation leaves out."""
    if isinstance(value, dict):
        kept = {key: without_empty(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item != {}}
    if isinstance(value, list | tuple):
        return [without_empty(item) for item in value]
    return value


def test_plotly_validation_passes_and_changes_nothing_in_any_chart(rows_usd):
    """The builders skip plotly's validation (``charts.common.figure``): it runs here instead, on
    every builder, both scales and a German build."""
    points = compute.money_and_compute(rows_usd).points
    de = {"locale": "de_DE", "gettext": i18n.gettext_for("de")}
    economies = dataset.read_economies(dataset.economies_path(dataset.default_dataset_path()))
    built = builders(rows_usd) | {
        "ranking_log_de": charts.ranking(rows_usd, currency="USD", view="total", log=True, **de),
        "timeline_linear_de": charts.timeline(rows_usd, currency="USD", log=False, **de),
        "cost_per_gw_log": charts.cost_per_gw(points, currency="USD", locale="en_US", log=True),
        "cost_per_accelerator_de": charts.cost_per_gw(points, currency="USD", per="accelerator", **de),
        "money_vs_gw": charts.money_vs_gw(points, currency="USD", locale="en_US"),
        "money_vs_accelerators": charts.money_vs_accelerators(points, currency="USD", locale="en_US", log=False),
        "money_vs_accelerators_log_de": charts.money_vs_accelerators(points, currency="USD", log=True, **de),
        "no_points": charts.money_vs_gw(points.iloc[:0], currency="USD", locale="en_US"),
    }
    for measure in ("gdp-share", "per-capita"):
        groups = report.payload_for_rows(
            rows_usd, currency="USD", basis="latest", year=2025, revisions="latest", view="per-year",
            by="country", measure=measure, economies=economies, usd_rows=rows_usd,
        )["groups"]
        assert groups, measure
        built[measure] = charts.economy_ranking(groups, measure=measure, currency="USD", names={}, **de)
    for name, fig in built.items():
        validated = go.Figure(fig.to_dict()).to_dict()  # raises on a property plotly does not know
        as_text = [json.dumps(without_empty(d), sort_keys=True, default=str) for d in (validated, fig.to_dict())]
        assert as_text[0] == as_text[1], name


@pytest.mark.parametrize("name", ["ranking", "compare", "drilldown", "timeline", "cumulative", "guidance", "empty"])
def test_every_chart_carries_title_subtitle_and_source_line_naming_currency_basis_and_view(rows_usd, name):
    fig = builders(rows_usd)[name]
    published = charts.publish(fig, **texts())
    go.Figure(published.to_dict())  # valid: publish skips plotly's validation, this is where it runs
    assert plain(published.layout.title.text) == "Largest AI investments, by item"
    subtitle = plain(published.layout.title.subtitle.text)
    assert "Nominal USD" in subtitle and "latest ECB rate (May 29, 2026)" in subtitle, subtitle
    assert "per-year view, company capex of fiscal years ending in 2025" in subtitle, subtitle
    footer = footer_text(published)
    assert footer.startswith("Data: AI investment dashboard dataset, as of Jun 2, 2026; ECB euro reference rates")
    assert footer.replace(" ", "").endswith(LINK), footer  # the link wraps at any character
    # Only texts and room are added: the chart's own traces and layout stay as they were.
    before, after = json.loads(fig.to_json()), json.loads(published.to_json())
    assert after["data"][: len(fig.data)] == before["data"]
    added = {"title", "margin", "height", "legend", "legend2", "annotations"}
    assert {k: v for k, v in after["layout"].items() if k not in added} == {
        k: v for k, v in before["layout"].items() if k not in added
    }
    assert after["layout"].get("annotations", [])[: len(fig.layout.annotations)] == before["layout"].get(
        "annotations", []
    )
    assert fig.layout.title.text is None and len(fig.data) == len(builders(rows_usd)[name].data)  # input unchanged


@pytest.mark.parametrize(
    ("basis", "view", "expected"),
    [
        ("announcement", "total", "ECB rate of each item's first announcement · total view, company capex of fiscal years ending in 2025"),
        ("average", "year", "2025 average of ECB rates · money falling in 2025"),
        ("latest", None, "latest ECB rate (May 29, 2026) · every announcement whole, whatever the view"),
    ],
)
def test_subtitle_states_the_basis_and_the_view(basis, view, expected):
    assert texts(view, basis)["subtitle"] == "Nominal USD, not adjusted for inflation · " + expected


def test_the_plot_keeps_its_size_and_the_legend_stands_above_the_footer(rows_usd):
    fig = builders(rows_usd)["ranking"]
    published = charts.publish(fig, **texts())
    added_top = published.layout.margin.t - fig.layout.margin.t
    added_bottom = published.layout.margin.b - fig.layout.margin.b
    assert added_top > 0 and added_bottom > 0
    assert published.layout.height == fig.layout.height + added_top + added_bottom
    # The regions' legend, anchored to the figure's foot, keeps its distance from the plot and
    # leaves the footer's height free below it.
    assert published.layout.legend.y * published.layout.height == pytest.approx(added_bottom)
    assert published.layout.legend2.yref == "container" and published.layout.legend2.y == 0


def test_long_texts_wrap_for_a_phone(rows_usd):
    published = charts.publish(builders(rows_usd)["timeline"], **texts())
    for html, width in [
        (published.layout.title.text, TITLE_WRAP),
        (published.layout.title.subtitle.text, TEXT_WRAP),
        ([t.name for t in published.data if t.legend == "legend2"][0], FOOTER_WRAP),
    ]:
        lines = re.sub(r"</?b>", "", html).replace("&amp;", "&").split("<br>")
        assert all(len(line) <= width for line in lines), lines
    assert len(published.layout.title.subtitle.text.split("<br>")) > 1  # it did wrap


def test_data_text_in_the_footer_stays_text(rows_usd):
    footer = charts.footer(dataset="<b>x</b> & y", as_of="2026", link="", _=lambda s: s)
    published = charts.publish(builders(rows_usd)["drilldown"], title="T", subtitle="S", footer=footer)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in published.layout.annotations[-1].text


def test_download_name_carries_page_chart_currency_view_and_date():
    day = date(2026, 11, 30)
    assert charts.download_name("overview_ranking", "EUR", "total", None, day=day) == (
        "ai-investments-overview-ranking-eur-total-2026-11-30"
    )
    assert charts.download_name("timeline_scatter", "USD", None, None, day=day) == (
        "ai-investments-timeline-scatter-usd-2026-11-30"
    )


def test_widget_config_names_the_png_download():
    config = toolbar.chart_config("ai-investments-compare-chart-gbp-per-year-2026-11-30", 700)
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "filename": "ai-investments-compare-chart-gbp-per-year-2026-11-30",
        "scale": 2,
        "width": 1200,
        "height": 700,
    }
    assert config["displaylogo"] is False  # the shared toolbar settings stay
    assert "locales" not in config  # English is Plotly's own


def test_the_chart_toolbar_speaks_german():
    # Plotly's toolbar said "Download plot as a PNG" and "Reset axes" on a German page.
    config = toolbar.chart_config("x", 700, locale="de_DE", gettext=i18n.gettext_for("de"))
    words = config["locales"]["de"]["dictionary"]
    assert config["locale"] == "de" and words["Download plot as a PNG"] == "Diagramm als PNG herunterladen"
    assert all(german and german != english for english, german in words.items()), words


# The numbers behind each chart ---------------------------------------------------------------


def test_ranking_table_holds_the_bars_and_the_items_folded_into_others(rows_usd):
    fig = charts.ranking(rows_usd, currency="USD", locale="en_US", view="total")
    table = charts.ranking_table(rows_usd, currency="USD", locale="en_US", view="total")
    low, high = table["Low (USD)"].to_numpy(), table["High (USD)"].to_numpy()
    counted = rows_usd["counts_in_total"] & rows_usd["value_high"].notna()
    assert len(table) == counted.sum() and (np.diff(high) <= 0).all()  # every counted item, largest first
    scale = axes.unit_scale(float(high.max()), locale="en_US")
    others = [t for t in fig.data if t.name == "Others"][0]
    assert others.x[0] == pytest.approx(high[25:].sum() / scale.divisor)
    drawn_low = sorted(v for t in fig.data if t.type == "bar" and t.base is None and t.name != "Others" for v in t.x)
    assert drawn_low == pytest.approx(sorted(low[:25] / scale.divisor))


def test_compare_table_keeps_the_order_picked(rows_usd):
    ids = ["stargate", "investai"]
    shown = rows_usd[rows_usd["id"].isin(ids)]  # the page passes the picked rows
    table = charts.ranking_table(shown, currency="USD", locale="en_US", view="total", order=ids[::-1])
    picked = rows_usd.set_index("id").loc[ids[::-1]]
    assert list(table["Item"]) == list(picked["name"])
    assert list(table["High (USD)"]) == list(picked["value_high"])


def test_money_headers_say_the_view_outside_the_total_view(rows_usd):
    headers = {
        view: list(charts.ranking_table(rows_usd, currency="USD", locale="en_US", view=view, year=2025).columns[2:4])
        for view in ("total", "per-year", "year")
    }
    assert headers == {
        "total": ["Low (USD)", "High (USD)"],
        "per-year": ["Low (USD per year)", "High (USD per year)"],
        "year": ["Low (USD in 2025)", "High (USD in 2025)"],
    }


def test_timeline_table_has_every_announcement_the_timeline_counts(rows_usd):
    table = charts.timeline_table(rows_usd, currency="USD", locale="en_US")
    assert len(table) == charts.timeline_count(rows_usd)[1]
    assert list(table["Announced"]) == sorted(table["Announced"], key=datekeys.date_sort_key)
    # The source's wording beside the numbers: "up to $50bn" read 50000000000 twice (QA pass).
    labelled = dict(zip(table["Item"], table["As worded"]))
    assert labelled["Saudi Arabia Project Transcendence"] == "up to $50–100B", labelled


def test_timeline_table_says_which_announcements_the_total_adds(rows_eur):
    """Its CSV listed Stargate's parts, running totals and context deals beside the item, €1.45T for
    one €483B, and Alphabet's 2025 capex four times, with nothing to tell them apart (QA pass 21)."""
    table = charts.timeline_table(rows_eur, currency="EUR", locale="en_US")
    counted = table[table["Counted"]]
    total = ledger.totals(rows_eur)
    assert counted["Low (EUR)"].sum() == pytest.approx(total.low) and counted["High (EUR)"].sum() == pytest.approx(total.high)
    # In every view, filtered too, the counted rows' figures of the view add up to its total (review).
    bundled = dataset.read_dataset(dataset.default_dataset_path())
    for view, low, high in (("per-year", "Low (EUR per year)", "High (EUR per year)"),
                            ("year", "Low (EUR in 2025)", "High (EUR in 2025)")):
        rows = ledger.apply_filters(ledger.normalise(bundled, currency="EUR", view=view, calendar_year=2025),
                                    ledger.Filters(regions=("North America", "Europe")))
        table = charts.timeline_table(rows, currency="EUR", locale="en_US", view=view, year=2025)
        counted, total = table[table["Counted"]], ledger.totals(rows, view=view)
        assert counted[low].sum() == pytest.approx(total.low) and counted[high].sum() == pytest.approx(total.high), view
    roles = dict(zip(table["Item"], table["Role"]))
    assert roles["Stargate Project"] == "headline" and roles["Stargate running total (Oct 2025): planned capacity above 8GW, with the Michigan site"] == "running total", roles
    stargate = table[table["Item"].str.startswith("Stargate")]
    assert stargate["Counted"].sum() == 1 and len(stargate) > 3, stargate


def test_cumulative_table_ends_where_each_region_line_ends(rows_usd):
    fig = builders(rows_usd)["cumulative"]
    table = charts.cumulative_table(rows_usd, currency="USD", locale="en_US", view="per-year")
    last = table.groupby("Region").last()
    # The per-year view says so in its headers (a CSV passed on without its file name).
    low, high = "Running total, Low (USD per year)", "Running total, High (USD per year)"
    mids = {t.name: (last.loc[t.name, low] + last.loc[t.name, high]) / 2 for t in fig.data}
    divisor = max(mids.values()) / max(t.y[-1] for t in fig.data)
    assert {t.name: t.y[-1] * divisor for t in fig.data} == pytest.approx(mids)
    assert table["Items added"].sum() == len(rows_usd[rows_usd["counts_in_total"] & rows_usd["per_year_high"].notna()])


def test_guidance_table_lists_the_changes_the_chart_labels(rows_usd):
    """On a phone the chart leaves its change labels out and says "Table" lists them."""
    ids = charts.revised_capex_ids(rows_usd)
    fig = charts.guidance(rows_usd, ids, currency="USD", locale="en_US")
    table = charts.guidance_table(rows_usd, ids, currency="USD", locale="en_US")
    for trace in fig.data:
        labels = [t for t in trace.text if t]
        assert labels and all(label in set(table["Change"]) for label in labels), (trace.name, labels)
    assert "within range" in set(table["Change"]) and (table.groupby("Capex plan")["Change"].first() == "").all()
    # Its dates are the chart's: a reported actual's is that of the report, not an announcement (QA pass).
    assert fig.layout.xaxis.title.text in table.columns and "Announced" not in table.columns


def test_guidance_table_gives_each_plans_one_rate_in_another_currency(rows_eur):
    """A plan converts at the rate of its first guidance (no change shown comes from the rate): its
    CSV gave converted figures without that rate (QA pass 12)."""
    ids = charts.revised_capex_ids(rows_eur)
    table = charts.guidance_table(rows_eur, ids, currency="EUR", locale="en_US")
    assert table["Rate"].str.match(r"^1 USD = 0\.\d{4} EUR \(").all(), table["Rate"]
    assert (table.groupby("Capex plan")["Rate"].nunique() == 1).all()


def test_guidance_table_follows_each_charted_company_point_by_point(rows_usd):
    ids = charts.revised_capex_ids(rows_usd)
    fig = builders(rows_usd)["guidance"]
    table = charts.guidance_table(rows_usd, ids, currency="USD", locale="en_US")
    assert table.groupby("Capex plan", sort=False).size().sum() == len(table)
    points = sorted(len(t.x) for t in fig.data)
    sizes = sorted(table.groupby("Capex plan").size())
    assert all(p in sizes for p in points)  # each charted company's history, whole
    assert len(sizes) == len(ids)


# In the app ----------------------------------------------------------------------------------


def run(page: str, params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"dashboard/app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("page", "measure", "keys"),
    [
        ("overview", "money", ["overview_ranking", "overview_drilldown"]),
        ("overview", "per-capita", ["overview_economies", "overview_ranking", "overview_drilldown"]),
        ("overview", "cost-per-gw", ["overview_per_unit", "overview_ranking", "overview_drilldown"]),
        ("compare", "money", ["compare_chart"]),
        ("timeline", "money", ["timeline_scatter", "timeline_cumulative", "timeline_guidance"]),
        ("compute", "money", ["compute_cost_per_gw", "compute_money_gw", "compute_money_accelerators"]),
    ],
)
def test_every_chart_in_the_app_is_published_with_the_settings(page, measure, keys):
    at = run(page, {"cur": "GBP", "view": "per-year", "basis": "average", "year": "2025", "measure": measure})
    charts_by_key = {e.proto.id.rsplit("-", 1)[-1]: e for e in at.get("plotly_chart")}
    shown = {key: e for key in keys for k, e in charts_by_key.items() if key in e.proto.id}
    assert set(shown) == set(keys), list(charts_by_key)
    for key, element in shown.items():
        spec = json.loads(element.proto.spec)
        go.Figure(spec)  # plotly validates what the browser gets (neither builders nor publish do)
        title = spec["layout"]["title"]
        subtitle = plain(title["subtitle"]["text"])
        assert plain(title["text"]), key
        assert "Nominal GBP" in subtitle and "2025 average of ECB rates" in subtitle, (key, subtitle)
        by_view = key not in ("timeline_scatter", "timeline_guidance", "overview_per_unit") and page != "compute"
        assert ("per-year view" in subtitle) == by_view, (key, subtitle)
        config = json.loads(element.proto.config)
        name = config["toImageButtonOptions"]["filename"]
        # The year with the view where it picks the capex counted (files of 2026 and 2028 had one
        # name), as the subtitle says; not over picks drawn whatever their capex year (Compare).
        capex = "company capex of fiscal years ending in 2025" in subtitle
        assert capex == (by_view and key not in ("compare_chart", "overview_economies")), (key, subtitle)
        view_part = ("per-year-capex-2025-" if capex else "per-year-") if by_view else ""
        # The measure where the chart shows by it: cost per GW and per accelerator had one name (QA pass 11).
        measure_part = measure + "-" if key in ("overview_per_unit", "overview_economies") else ""
        assert name.startswith("ai-investments-" + key.replace("_", "-") + "-" + measure_part + "gbp-" + view_part), name
        # The basis too: files of one chart at other rates had one name (QA pass 8).
        assert name.endswith("-fx-average-2025-" + date.today().isoformat()), name


def test_a_german_chart_file_is_named_apart_from_the_english_one():
    """German files are German CSVs (";", decimal commas) under the English files' names (QA pass 11)."""
    names = {}
    for lang in ("en", "de"):
        at = run("overview", {"lang": lang})
        element = next(e for e in at.get("plotly_chart") if "overview_ranking" in e.proto.id)
        names[lang] = json.loads(element.proto.config)["toImageButtonOptions"]["filename"]
    assert names["de"] == names["en"].replace("-" + date.today().isoformat(), "-de-" + date.today().isoformat())
    assert "-de-" not in names["en"]


def test_a_chart_file_of_filtered_rows_says_so_in_its_name_and_compare_never_does():
    """Files of Europe's rows and of all rows had one name (QA pass 14); Compare's picks ignore the filters."""
    def name(page: str, params: dict, key: str) -> str:
        element = next(e for e in run(page, params).get("plotly_chart") if key in e.proto.id)
        return json.loads(element.proto.config)["toImageButtonOptions"]["filename"]

    assert "-filtered-" in name("overview", {"region": "Europe"}, "overview_ranking")
    assert "-filtered-" not in name("overview", {}, "overview_ranking")
    assert "-filtered-" not in name("compare", {"region": "Europe"}, "compare_chart")


def test_switching_a_chart_to_table_shows_its_numbers_and_a_csv_download():
    at = run("overview", {"cur": "USD"})
    switch = [b for b in at.get("button_group") if b.key.startswith("overview_ranking")][0]
    switch.set_value("table").run()
    assert not at.exception
    assert not any("overview_ranking" in e.proto.id for e in at.get("plotly_chart"))  # the table replaces it
    # Each chart's section is a fragment (the switch reruns it alone): the other chart stays.
    assert [e for e in at.get("plotly_chart") if "overview_drilldown" in e.proto.id]
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Item", "Region", "Low (USD)", "High (USD)", "As the chart labels it", "Kind", "Horizon", "Rate"
    ]
    # Which kind of money over which period: a download mixed pledges and capex unmarked (QA pass).
    stargate = table[table["Item"] == "Stargate Project"].iloc[0]
    assert (stargate["Kind"], stargate["Horizon"]) == ("Pledges", "Jan 2025\u2009–\u2009Dec 2028"), stargate
    assert table["Item"].iloc[0] == "Stargate Project"
    # The bar's label with the source's wording beside the numbers (a CSV of 87330000000 lost "up to").
    kinds = dict(zip(*(dataset.read_dataset(dataset.default_dataset_path())[c] for c in ("name", "amount_kind"))))
    wording = {"approx": "about ", "up-to": "up to ", "more-than": "more than "}
    for name, _region, low, high, label, _kind, _horizon, _rate in table.itertuples(index=False):
        assert label == wording.get(kinds[name], "") + formatting.format_money_range(low, high, "USD", locale="en_US")
    assert {kinds[name] for name in table["Item"]} >= set(wording)
    # The rate beside each converted figure, as its hover gives it; none for a figure in dollars
    # (a CSV gave converted numbers without the rate: QA pass 11).
    rates = dict(zip(table["Item"], table["Rate"]))
    rows = ledger.normalise(dataset.read_dataset(dataset.default_dataset_path()), currency="USD").set_index("id")
    rate = formatting.format_rate(rows.at["investai", "fx_rate"], locale="en_US")
    assert rates["InvestAI initiative"] == f"1 EUR = {rate} USD (Feb 11, 2025)", rates["InvestAI initiative"]
    assert pd.isna(rates["Stargate Project"])
    assert any(b.proto.label == "Download this table (CSV)" for b in at.get("download_button"))


def shown_text(element) -> pd.DataFrame:
    """The cells a table shows (its Styler's display values), as text."""
    return pa.ipc.open_stream(element.proto.arrow_data.styler.display_values).read_all().to_pandas()


@pytest.mark.parametrize(("lang", "expected"), [("en", "482.77B"), ("de", "482,77\xa0Mrd.")])
def test_a_chart_table_shows_its_numbers_in_the_ui_language_not_the_browsers(lang, expected):
    # NumberColumn(format="localized") follows the browser: a German page in an English browser
    # showed "482,765,279,521.097". Short units from a million up: "482,765,279,521" (Stargate's
    # $500bn in euros) claimed digits no announcement has.
    at = run("overview", {"lang": lang})
    at.context["locale"] = "en-US"
    [b for b in at.get("button_group") if b.key.startswith("overview_ranking")][0].set_value("table").run()
    element = at.dataframe[0]
    assert shown_text(element).iloc[0, 3] == expected
    assert element.value.iloc[0, 3] == pytest.approx(482_765_279_521.097, abs=1)  # sorted by the number


def test_the_economies_table_gives_shares_in_per_cent_as_the_chart_does():
    at = run("overview", {"measure": "gdp-share"})
    [b for b in at.get("button_group") if b.key.startswith("overview_economies")][0].set_value("table").run()
    table, text = at.dataframe[0].value, shown_text(at.dataframe[0])
    share = [c for c in table.columns if "(per cent of GDP)" in c]
    assert len(share) == 2 and table[share[1]].max() > 1  # per cent, not a fraction
    assert re.fullmatch(r"\d+\.\d\d", text[share[1]].iloc[0])


def test_the_economies_table_gives_small_shares_the_digits_the_chart_gives():
    """In the one-year view the chart said Canada 0.0044 % and the table 0.00 (review)."""
    query = {"measure": "gdp-share", "view": "year", "year": "2025", "cur": "USD"}
    chart = run("overview", query)
    drawn = [e for e in chart.get("plotly_chart") if "overview_economies" in e.proto.id][0]
    labels = {
        name: text
        for trace in json.loads(drawn.proto.spec)["data"]
        for name, text in zip(trace.get("y") or [], trace.get("text") or [])
    }
    [b for b in chart.get("button_group") if b.key.startswith("overview_economies")][0].set_value("table").run()
    table, text = chart.dataframe[0].value, shown_text(chart.dataframe[0])
    low, high = [c for c in table.columns if "per cent of GDP" in c]
    same = table[low] == table[high]
    assert (same & (table[high] < 0.01)).any(), table[high]  # a share below 0.01 %, the case at stake
    for name, shown in zip(table.iloc[:, 0][same], text[high][same]):
        assert float(labels[name].rstrip("%")) == float(shown), (name, labels[name], shown)  # "0.01%" is "0.010"


def test_the_running_total_table_names_a_year_only_date_by_its_year(rows_usd):
    months = charts.cumulative_table(rows_usd, currency="USD", locale="en_US")["Month"]
    assert months.str.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?").all()
    assert (months.str.len() == 4).any()  # the bundled data has items dated by their year only


def test_a_chart_switched_to_table_stays_a_table_through_a_language_switch_and_back():
    at = run("overview", {})
    [b for b in at.get("button_group") if b.key.startswith("overview_ranking")][0].set_value("table").run()
    for lang, heading in (("de", "Posten"), ("en", "Item")):
        at.selectbox(key="lang").set_value(lang).run()
        assert not at.exception
        assert not any("overview_ranking" in e.proto.id for e in at.get("plotly_chart")), lang
        assert at.dataframe[0].value.columns[0] == heading
    at.selectbox(key="currency-en").set_value("USD").run()  # a later run keeps it too
    assert at.dataframe[0].value.columns[3] == "High (USD)"
    [b for b in at.get("button_group") if b.key.startswith("overview_ranking")][0].set_value("chart").run()
    assert any("overview_ranking" in e.proto.id for e in at.get("plotly_chart"))


def test_money_per_person_keeps_its_cents_in_the_table_as_in_the_chart():
    # Decimals are chosen per value: a column that reaches 1,000 once gave China "6" for 5.61.
    at = run("overview", {"measure": "per-capita"})
    [b for b in at.get("button_group") if b.key.startswith("overview_economies")][0].set_value("table").run()
    table, text = at.dataframe[0].value, shown_text(at.dataframe[0])
    column = table.columns[-2]  # the last says how the figures are stated ("up to")
    assert column == "High (EUR per person)"  # says its currency, as the shares say "per cent of GDP"
    small = table[column] < 1000
    assert small.any() and (~small).any()
    assert text.loc[small, column].str.fullmatch(r"\d+\.\d\d").all()
    assert text.loc[~small, column].str.fullmatch(r"\d{1,3}(,\d{3})+").all()


def test_a_table_past_the_styled_size_keeps_streamlits_own_number_format(monkeypatch):
    # A Styler over more than 262,144 cells is refused by Streamlit (100k rows), and slow before.
    monkeypatch.setattr(widgets, "STYLED_ROWS", 10)
    at = run("timeline", {})
    [b for b in at.get("button_group") if b.key.startswith("timeline_scatter")][0].set_value("table").run()
    assert not at.exception
    assert len(at.dataframe[0].value) > 10 and not at.dataframe[0].proto.arrow_data.styler.display_values


def test_the_guidance_chart_file_never_says_first_figures_as_it_draws_every_revision():
    """The capex guidance chart draws every revision whatever "Figures" says; its files were named
    "…-first-figures-…" all the same (QA pass 31). The running total beside it counts first figures."""
    at = run("timeline", {"rev": "first"})
    names = {
        key: json.loads(e.proto.config)["toImageButtonOptions"]["filename"]
        for e in at.get("plotly_chart")
        for key in ("timeline_guidance", "timeline_cumulative")
        if key in e.proto.id
    }
    assert "first-figures" not in names["timeline_guidance"], names
    assert "-first-figures-" in names["timeline_cumulative"], names
