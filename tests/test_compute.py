"""Money and compute (issue 13.2): the pure table of points, the chart builders and the page."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, compute, dataset, formatting, i18n, labels, ledger
from dashboard.charts import compute as compute_charts
from dashboard.ui import widgets

APP = str(Path(__file__).resolve().parents[1] / "app.py")
NAN = math.nan


def row(row_id: str, **values) -> dict:
    """One row of a normalised frame with the columns ``compute`` reads; nothing stated by default."""
    base = dict(
        id=row_id,
        name=row_id.title(),
        name_de="",
        short_name="",
        short_name_de="",
        item_id=row_id,
        role="headline",
        status="announced",
        scope="ai-infrastructure",
        region="Europe",
        currency="EUR",
        amount_low=NAN,
        amount_high=NAN,
        fx_rate=1.0,
        fx_date="2025-01-02",
        confidence="high",
        announced="2025-01",
        source_url="https://example.org/a",
        value_low=NAN,
        value_high=NAN,
        capacity_gw_low=NAN,
        capacity_gw_high=NAN,
        accelerators_low=NAN,
        accelerators_high=NAN,
    )
    base.update(values)
    base.setdefault("under_context", base["role"] == "context")  # as ledger.resolve marks it
    for side in ("low", "high"):  # money stated: converted at 1:1 unless the test says otherwise
        if f"value_{side}" not in values:
            base[f"value_{side}"] = base[f"amount_{side}"]
    return base


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def money(low: float, high: float | None = None) -> dict:
    return dict(amount_low=low, amount_high=low if high is None else high)


def gw(low: float, high: float | None = None) -> dict:
    return dict(capacity_gw_low=low, capacity_gw_high=low if high is None else high)


def chips(low: float, high: float | None = None) -> dict:
    return dict(accelerators_low=low, accelerators_high=low if high is None else high)


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return ledger.normalise(dataset.read_dataset(dataset.default_dataset_path()), currency="USD")


# --- the pure table -----------------------------------------------------------------------------


def test_implied_cost_is_money_over_capacity_low_over_high_and_high_over_low():
    table = compute.money_and_compute(frame(row("campus", **money(10e9, 20e9), **gw(1, 2), **chips(1000, 4000))))
    point = table.points.iloc[0]
    assert (point[compute.PER_GW_LOW], point[compute.PER_GW_HIGH]) == (10e9 / 2, 20e9 / 1)
    assert (point[compute.PER_ACCELERATOR_LOW], point[compute.PER_ACCELERATOR_HIGH]) == (10e9 / 4000, 20e9 / 1000)


def test_cost_uses_the_converted_money_not_the_amount_as_announced():
    table = compute.money_and_compute(frame(row("usd", **money(10e9), value_low=9e9, value_high=9e9, **gw(3))))
    assert table.points[compute.PER_GW_LOW].tolist() == [3e9]


def test_a_capacity_of_zero_gives_no_cost_rather_than_infinity():
    point = compute.money_and_compute(frame(row("zero", **money(5e9), **gw(0, 1)))).points.iloc[0]
    assert point[compute.PER_GW_LOW] == 5e9 and math.isnan(point[compute.PER_GW_HIGH])


def test_items_stating_one_side_are_listed_by_name_and_never_drawn():
    rows = frame(
        row("both", **money(10e9), **gw(1)),
        row("money-infra", **money(7e9)),
        row("money-capex", **money(80e9), scope="capex-total"),
        row("only-gw", **gw(5)),
        row("only-chips", **chips(50_000)),
        row("nothing"),
    )
    table = compute.money_and_compute(rows)
    assert table.points["id"].tolist() == ["both"]
    assert table.money_only["id"].tolist() == ["money-infra"]  # capex states no capacity by nature
    assert sorted(table.capacity_only["id"]) == ["only-chips", "only-gw"]
    assert table.left_out.empty


def test_a_missing_side_stays_missing_never_zero():
    table = compute.money_and_compute(frame(row("gw", **money(1e9), **gw(1)), row("chips", **money(2e9), **chips(10))))
    points = table.points.set_index("id")
    assert points.loc["gw", compute.HAS_GW] and not points.loc["gw", compute.HAS_ACCELERATORS]
    assert np.isnan(points.loc["gw", ["accelerators_low", "accelerators_high", compute.PER_ACCELERATOR_LOW]]).all()
    assert np.isnan(points.loc["chips", ["capacity_gw_low", "capacity_gw_high", compute.PER_GW_HIGH]]).all()
    assert not (points[["capacity_gw_low", "accelerators_low"]] == 0).any().any()


def test_roles_components_are_projects_contracts_are_marked_the_rest_left_out_with_a_reason():
    rows = frame(
        row("programme", **money(500e9), **gw(10)),
        row("campus", role="component", item_id="programme", **money(15e9), **gw(1.2)),
        row("cloud-contract", role="context", **money(300e9), **gw(4.5)),
        row("contract-site", role="component", item_id="cloud-contract", under_context=True, **money(30e9), **gw(0.5)),
        row("running", role="cumulative", item_id="programme", **money(400e9), **gw(7)),
        row("raised", role="revision", item_id="programme", **money(600e9), **gw(12)),
        row("dropped", status="cancelled", **money(100e9), **gw(10)),
        row("no-rate", **money(5e9), value_low=NAN, value_high=NAN, **gw(1)),
    )
    table = compute.money_and_compute(rows)
    assert table.points["id"].tolist() == ["programme", "cloud-contract", "contract-site", "campus"]  # largest first
    assert table.points.set_index("id")[compute.CONTEXT].to_dict() == {
        "programme": False,
        "cloud-contract": True,
        "contract-site": True,  # a part of a contract is a contract too, not a project
        "campus": False,
    }
    assert dict(zip(table.left_out["id"], table.left_out["reason"])) == {
        "raised": "revision",
        "running": "cumulative",
        "dropped": "cancelled",
        "no-rate": "not-converted",
    }


def test_the_bundled_data_every_point_states_both_sides_and_its_cost_divides_them(bundled):
    table = compute.money_and_compute(bundled)
    points = table.points.set_index("id")
    assert len(points) >= 10
    assert points["value_high"].notna().all() and (points[compute.HAS_GW] | points[compute.HAS_ACCELERATORS]).all()
    gw_points = points[points[compute.HAS_GW]]
    np.testing.assert_allclose(gw_points[compute.PER_GW_LOW] * gw_points["capacity_gw_high"], gw_points["value_low"])
    np.testing.assert_allclose(gw_points[compute.PER_GW_HIGH] * gw_points["capacity_gw_low"], gw_points["value_high"])
    assert (gw_points[compute.PER_GW_LOW] <= gw_points[compute.PER_GW_HIGH]).all()
    source = bundled.set_index("id")
    # A component is a project of its own; a purchase commitment is a marked point; a running
    # total is left out; none of them is both listed and drawn.
    assert source.loc["stargate-abilene", "role"] == "component" and "stargate-abilene" in points.index
    assert source.loc["oracle-openai-300bn-cloud-contract", "role"] == "context"
    assert points.loc["oracle-openai-300bn-cloud-contract", compute.CONTEXT]
    cumulative = source["role"] == "cumulative"
    with_capacity = cumulative & source["capacity_gw_high"].notna()
    both_sides = source.index[with_capacity & source["amount_high"].notna()]
    assert len(both_sides) and set(both_sides) <= set(table.left_out["id"])
    # A running total of capacity alone (Stargate past 10GW, no money) is not drawn, but listed with
    # the capacities stated alone: its Sep and Oct 2025 forerunners were named, not it (QA pass 21).
    capacity_alone = source.index[with_capacity & source["amount_high"].isna()]
    assert len(capacity_alone) and set(capacity_alone) <= set(table.capacity_only["id"]) - set(points.index)
    listed = set(table.money_only["id"]) | set(table.capacity_only["id"]) | set(table.left_out["id"])
    assert not listed & set(points.index)
    assert table.money_only["capacity_gw_high"].isna().all() and table.capacity_only["amount_high"].isna().all()


def test_the_yardstick_source_is_the_gigafactory_rows_and_missing_without_it(bundled):
    url = compute.yardstick_source(bundled)
    assert url == bundled.set_index("id").loc[compute.GIGAFACTORY_ROW, "source_url"] and url.startswith("https://")
    assert compute.yardstick_source(frame(row("other"))) == ""


# --- the charts ---------------------------------------------------------------------------------


def drawn(fig) -> list:
    """The data traces (legend-only entries have no hover)."""
    return [t for t in fig.data if t.hovertext is not None]


def x_values(fig) -> list[float]:
    return [float(v) for t in drawn(fig) for v in t.x]


def test_money_vs_gw_draws_exactly_the_points_with_gw_labelled_with_cost_in_the_hover(bundled):
    points = compute.money_and_compute(bundled).points
    fig = charts.money_vs_gw(points, currency="USD", locale="en_US")
    with_gw = points[points[compute.HAS_GW]]
    assert len(x_values(fig)) == len(with_gw)
    mid = (with_gw["capacity_gw_low"] + with_gw["capacity_gw_high"]) / 2
    assert sorted(x_values(fig)) == pytest.approx(sorted(mid))
    hovers = [h for t in drawn(fig) for h in t.hovertext]
    stargate = with_gw.set_index("id").loc["stargate"]
    cost = formatting.format_money_range(
        stargate[compute.PER_GW_LOW], stargate[compute.PER_GW_HIGH], "USD", locale="en_US"
    )
    assert any("Implied cost per GW: " + cost in h and "Stargate" in h for h in hovers)
    texts = [label for t in drawn(fig) for label in t.text]
    # Labelled but for a few in the 1 GW cluster, left to their hovers rather than set on another
    # point's marker (QA pass 15).
    assert len(texts) == len(with_gw) and texts.count("") <= 3
    open_markers = [t for t in drawn(fig) if t.marker.symbol == "circle-open"]
    assert sum(len(t.x) for t in open_markers) == int(with_gw[compute.CONTEXT].sum()) > 0


def test_a_linear_scale_leaves_crowded_points_to_their_hover(bundled):
    """At a linear scale nine labels piled up near 0-2 GW, cut at the plot's left edge ("ft-Narvik
    6,2 Mrd. $") and over each other (QA pass): a label with no place is left out, its hover stays."""
    points = compute.money_and_compute(bundled).points
    default = [label for t in drawn(charts.money_vs_gw(points, currency="USD", locale="en_US")) for label in t.text]
    assert default.count("") <= 3  # the automatic (log) scale has room for nearly every label
    fig = charts.money_vs_gw(points, currency="USD", locale="en_US", log=False)
    texts = [label for t in drawn(fig) for label in t.text]
    hovers = [h for t in drawn(fig) for h in t.hovertext]
    assert default.count("") < texts.count("") < len(texts) and all(hovers) and len(hovers) == len(texts)
    assert any(label.startswith("Stargate (US") for label in texts)  # the largest points keep theirs


def test_money_vs_accelerators_has_the_gigafactory_line_at_100000(bundled):
    points = compute.money_and_compute(bundled).points
    fig = charts.money_vs_accelerators(points, currency="EUR", locale="de_DE", log=False)
    assert len(x_values(fig)) == int(points[compute.HAS_ACCELERATORS].sum())
    (line,) = fig.layout.shapes
    assert line.x0 == line.x1 == 100_000 == compute.GIGAFACTORY_CHIPS
    (label,) = fig.layout.annotations
    assert label.text == "EU AI gigafactory:<br>about 100.000 chips"  # de_DE digits; msgid untranslated here
    # Above the plot, over the line, never inside it beside the line (it ran past a phone's edge).
    assert (label.y, label.yref, label.yanchor, label.xanchor) == (1, "paper", "bottom", "auto")
    assert fig.layout.margin.t >= 2 * 15
    # On a log axis an annotation takes the exponent, the line the value.
    fig = charts.money_vs_accelerators(points, currency="EUR", locale="en_US", log=True)
    assert fig.layout.shapes[0].x0 == 100_000 and fig.layout.annotations[0].x == 5


def test_cost_per_gw_draws_one_bar_per_point_with_gw_highest_first(bundled):
    points = compute.money_and_compute(bundled).points
    fig = charts.cost_per_gw(points, currency="USD", locale="en_US")
    expected = points[points[compute.PER_GW_HIGH].notna()]
    solid = [t for t in drawn(fig) if t.base is None]
    assert sum(len(t.y) for t in solid) == len(expected)
    order = list(fig.layout.yaxis.categoryarray)[::-1]
    highest = expected.sort_values(compute.PER_GW_HIGH, ascending=False).iloc[0]
    assert order[0] == charts.row_label(highest, "en_US") or order[0] == highest["short_name"]
    ranged = expected[expected[compute.PER_GW_HIGH] > expected[compute.PER_GW_LOW]]
    assert sum(len(t.y) for t in drawn(fig) if t.base is not None) == len(ranged)
    # Each bar's name stands above it, in its row, as in the ranking.
    [names] = [t for t in fig.data if t.type == "scatter" and t.mode == "text"]
    rows = list(fig.layout.yaxis.categoryarray)
    assert sorted(names.text) == sorted(y for t in solid for y in t.y)
    assert all(rows.index(name) < y < rows.index(name) + 0.5 for name, y in zip(names.text, names.y))


def test_builders_without_points_say_so_instead_of_drawing_zeros():
    empty = compute.money_and_compute(frame(row("only-gw", **gw(1)))).points
    for build in (charts.money_vs_gw, charts.money_vs_accelerators, charts.cost_per_gw):
        fig = build(empty, currency="EUR", locale="en_US")
        assert not fig.data and fig.layout.annotations


def test_automatic_log_axes_follow_the_spread():
    points = compute.money_and_compute(
        frame(row("small", **money(1e9), **gw(0.2)), row("large", **money(500e9), **gw(10)))
    ).points
    fig = charts.money_vs_gw(points, currency="EUR", locale="en_US")
    assert fig.layout.yaxis.type == "log" and fig.layout.xaxis.type == "log"
    assert charts.money_vs_gw(points, currency="EUR", locale="en_US", log=False).layout.yaxis.type == "linear"
    assert not compute_charts.needs_log([1, 2, 15]) and compute_charts.needs_log([0.2, 10])
    assert not compute_charts.needs_log([0, 100])


# --- the page -----------------------------------------------------------------------------------


def run_page(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("dashboard/app_pages/compute.py").run()
    assert not at.exception, [e.message for e in at.exception]
    failures = [e.value for e in at.error if "Something went wrong" in e.value or "schiefgegangen" in e.value]
    assert not failures, failures
    return at


def spec(at: AppTest, key: str) -> dict:
    for element in at.get("plotly_chart"):
        if key in element.proto.id:
            return json.loads(element.proto.spec)
    raise AssertionError(f"no chart {key}")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_page_renders_its_three_charts_and_lists_one_sided_items(lang, bundled):
    at = run_page({"lang": lang})
    assert at.title and len(at.get("plotly_chart")) == 3
    assert spec(at, "compute_money_accelerators")["layout"]["shapes"][0]["x0"] == 100_000
    table = compute.money_and_compute(bundled)
    listed = " ".join(m.value for m in at.markdown)
    locale = "de_DE" if lang == "de" else "en_US"
    for frame_ in (table.capacity_only, table.money_only):
        assert widgets.escape_markdown(charts.row_label(frame_.iloc[0], locale)) in listed
    assert len(at.dataframe) == 1
    # A name stating its capacity is not followed by it again (QA pass 15).
    uae = widgets.escape_markdown(charts.row_label(table.capacity_only.set_index("id").loc["stargate-uae"], locale))
    part = labels.role_label("component", i18n.gettext_for(lang))  # a part says so (QA pass 21), not its GW again
    assert f"{uae} ({part}); " in listed, listed


def test_a_cost_per_unit_is_worded_from_its_money_and_its_capacity(bundled):
    """SoftBank's "up to €75B" read "$17.5B" per GW (QA pass), then "up to $17.5B": but over
    "up to 5 GW" it is neither a ceiling nor a floor, so "about". An exact $30bn over "up to
    1 GW" costs at least $30B a GW; "about €1bn" over "up to 10,000" GPUs at least about €100K each."""
    points = compute.money_and_compute(bundled).points.set_index("id", drop=False)
    expected = {  # id: (money's wording, capacity's, cost's per GW or per accelerator)
        "softbank-france-5gw": ("up-to", "up-to", "approx"),
        "anthropic-azure-30bn": ("exact", "up-to", "at-least"),
        "meta-hyperion-blue-owl": ("exact", "more-than", "up-to"),  # $27bn over more than 2GW
        "amazon-us-government-ai-50bn": ("up-to", "approx", "up-to-approx"),  # read "up to €33.3B" (QA pass 7)
        "softbank-france-phase-1": ("exact", "", "exact"),
    }
    for item, (money_kind, gw_kind, cost_kind) in expected.items():
        row = points.loc[item]
        assert (row["amount_kind"], row["capacity_gw_kind"], row[compute.PER_GW_KIND]) == expected[item], item
    telekom = points.loc["deutsche-telekom-nvidia-industrial-ai-cloud"]
    assert (telekom["accelerators_kind"], telekom[compute.PER_ACCELERATOR_KIND]) == ("up-to", "at-least-approx")

    softbank = points.loc["softbank-france-5gw"]
    per_gw = formatting.format_money_range(softbank[compute.PER_GW_LOW], softbank[compute.PER_GW_HIGH], "USD",
                                           locale="en_US")
    fig = charts.money_vs_gw(points.reset_index(drop=True), currency="USD", locale="en_US")
    hovers = [h for t in drawn(fig) for h in t.hovertext if "Capacity: up to 5 GW" in h and "up to €75B" in h]
    assert len(hovers) == 1 and "Implied cost per GW: about " + per_gw in hovers[0], hovers
    # Its first phase, an exact €45bn over 3.1 GW, keeps a plain figure.
    phase = [h for t in drawn(fig) for h in t.hovertext if "Capacity: 3.1 GW" in h]
    assert len(phase) == 1 and "Implied cost per GW: $" in phase[0], phase
    at = run_page({"cur": "USD"})
    numbers = at.dataframe[0].value.set_index("Item")
    row = numbers.loc[[i for i in numbers.index if "SoftBank" in i and "5" in i][0]]
    assert (row["Cost per GW"], row["Capacity, GW"]) == ("about " + per_gw, "up to 5")
    assert row["Money"].startswith("up to ")


def test_the_page_without_any_point_says_so():
    at = run_page({"region": "Global", "scope": "venture"})
    assert "No item in the selection states both money" in json.dumps(spec(at, "compute_money_gw")).replace("<br>", " ")
    assert len(at.dataframe) == 0


def test_the_cost_tables_say_each_cost_as_worded(bundled):
    """The tables behind the cost charts gave SoftBank's cost per GW as bare figures beside its
    money "up to €75B", so a reader carried "up to" over (review): they word it, "about"."""
    points = compute.money_and_compute(bundled)
    table = compute_charts.cost_table(points.points, "gw", currency="USD", locale="en_US", _=lambda s: s)
    worded = dict(zip(table["Project"], table["As worded"]))
    softbank = next(v for k, v in worded.items() if "SoftBank" in k and "5 GW" in k)
    assert softbank.startswith("about $"), worded
    assert len(table) == points.points[compute.PER_GW_HIGH].notna().sum()
    # With each point's kind, as the Money and compute table gives it: the Overview's cost table
    # read a cloud contract as one more project (QA pass 7).
    kinds = dict(zip(table["Project"], table["Kind"]))
    assert kinds["OpenAI contract to buy $300bn of Oracle cloud capacity (reported)"] == "Contract or purchase"
    chips = compute_charts.cost_table(points.points, "accelerator", currency="USD", locale="en_US", _=lambda s: s)
    assert dict(zip(chips["Project"], chips["Kind"]))["IndiaAI Mission"] == "Whole programme"
    # Headed with the unit: "Low (USD)" read as money, not a cost per accelerator (QA pass 9).
    assert list(table.columns[-3:-1]) == ["Low (USD per GW)", "High (USD per GW)"]
    assert list(chips.columns[-3:-1]) == ["Low (USD per accelerator)", "High (USD per accelerator)"]
    # With the rate that converted each point's money (QA pass 11); none for money in dollars.
    rates = dict(zip(chips["Project"], chips["Rate"]))
    assert rates["IndiaAI Mission"].startswith("1 INR = 0.0") and " USD (" in rates["IndiaAI Mission"], rates
    assert table["Rate"].isna().any() and len(table) == points.points[compute.PER_GW_HIGH].notna().sum()
    at = run_page({"cur": "USD"})
    cost = next(b for b in at.button_group if b.key.startswith("compute_cost_per_gw-as-"))
    cost.set_value("table").run()
    grid = next(g.value for g in at.dataframe if "Cost per GW: As worded" in g.value.columns)
    assert grid["Cost per GW: As worded"].str.startswith("about $").any()
    # With the capacity's wording beside it, which the cost's depends on (QA pass: "5, 5, about €15B").
    softbank_row = grid[grid["Project"].str.contains("SoftBank") & grid["Project"].str.contains("5 GW")].iloc[0]
    assert (softbank_row["GW: As worded"], softbank_row["Cost per GW: As worded"][:6]) == ("up to 5", "about "), softbank_row
