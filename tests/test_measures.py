"""Share of GDP and money per person by economy (issue 13): the CLI, the export and the rules."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import cli, dataset, ledger, measures, report

DATA = dataset.default_dataset_path()


@pytest.fixture(scope="module")
def frame():
    return dataset.read_dataset(DATA)


@pytest.fixture(scope="module")
def economies():
    return dataset.read_economies(dataset.economies_path(DATA))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("measure", ["gdp-share", "per-capita"])
def test_totals_measure_by_country_reports_each_economy_with_its_year_and_source(capsys, measure) -> None:
    code, out, err = run(capsys, "totals", "--measure", measure, "--by", "country", "--currency", "USD")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["measure"] == measure and payload["by"] == "country"
    assert payload["total"] == {"low": None, "high": None}
    groups = payload["groups"]
    assert {"EU", "FR", "US"} <= {g["key"] for g in groups}
    for g in groups:
        assert g["gdp_year"] and g["gdp_source_url"].startswith(("http://", "https://"))
        assert 0 < g["low"] <= g["high"]
        if measure == "gdp-share":
            # Money in dollars over GDP in dollars: with USD as display currency, money / GDP.
            assert g["high"] == pytest.approx(g["money_high"] / g["gdp_usd"], rel=1e-12)
            assert g["high"] < 1
        else:
            assert g["high"] * g["population"] == pytest.approx(g["money_high"], rel=1e-12)
    assert [g["high"] for g in groups] == sorted((g["high"] for g in groups), reverse=True)
    assert "amazon-capex-2026" in payload["no_economy_ids"]


def test_a_measure_with_another_grouping_is_a_usage_error(capsys) -> None:
    code, _out, err = run(capsys, "totals", "--measure", "gdp-share", "--by", "region")
    assert code == 2 and "--by" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("currency", ["EUR", "JPY", "GBP"])
def test_a_share_of_gdp_does_not_depend_on_the_display_currency(frame, economies, currency) -> None:
    usd = report.totals_payload(frame, currency="USD", by="country", measure="gdp-share", economies=economies)
    other = report.totals_payload(frame, currency=currency, by="country", measure="gdp-share", economies=economies)
    assert len(usd["groups"]) == len(other["groups"]) > 5
    for a, b in zip(usd["groups"], other["groups"]):
        assert a["key"] == b["key"] and b["high"] == pytest.approx(a["high"], rel=1e-12)


@given(st.sampled_from(["EUR", "USD", "JPY"]), st.sampled_from(["total", "per-year", "year"]), st.integers(2024, 2026))
@settings(max_examples=12, deadline=None)
def test_per_person_times_population_gives_the_money_back(currency, view, year) -> None:
    frame = dataset.read_dataset(DATA)
    economies = dataset.read_economies(dataset.economies_path(DATA))
    payload = report.totals_payload(
        frame, currency=currency, view=view, calendar_year=year, by="country", measure="per-capita", economies=economies
    )
    money = report.totals_payload(frame, currency=currency, view=view, calendar_year=year, by="country")
    by_country = {g["key"]: g for g in money["groups"]}
    for g in payload["groups"]:
        assert g["low"] * g["population"] == pytest.approx(g["money_low"], rel=1e-12)
        # The money measured is the country's counted money of an economy kind, never more.
        assert g["money_high"] <= by_country[g["key"]]["high"] * (1 + 1e-12)


def test_export_gains_the_measure_columns_where_they_apply(capsys, economies) -> None:
    code, out, err = run(capsys, "export", "--currency", "USD")
    assert code == 0, err
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    france = rows["france-ai-109bn"]
    fr = economies.set_index("country").loc["FR"]
    assert float(france["gdp_share_high"]) == pytest.approx(float(france["value_high"]) / fr["gdp_usd"], rel=1e-9)
    assert float(france["per_capita_high"]) == pytest.approx(float(france["value_high"]) / fr["population"], rel=1e-9)
    assert rows["amazon-capex-2026"]["gdp_share_high"] == ""  # global money: no economy
    assert float(rows["stargate"]["usd_per_gw"]) == pytest.approx(500e9 / 10)
    assert float(rows["oracle-abilene-nvidia-chips"]["usd_per_accelerator"]) == pytest.approx(40e9 / 400_000)
    assert rows["stargate-norway"]["usd_per_accelerator"] == ""  # its GPUs are a later target, not what $1bn buys
    # A range of money gives a range of cost, as the Money and compute page draws it (the central
    # figure alone hid that the France-UAE campus is "30 to 50 billion euros").
    campus = rows["france-uae-ai-campus-framework"]
    low, mid, high = (float(campus[c]) for c in ("usd_per_gw_low", "usd_per_gw", "usd_per_gw_high"))
    assert low < mid < high
    gw = 1.0  # the framework is for a 1GW campus (data/investments.csv)
    assert low == pytest.approx(float(campus["value_low"]) / gw, rel=1e-12)
    assert high == pytest.approx(float(campus["value_high"]) / gw, rel=1e-12)
    # A capacity range: low money over high capacity, high money over low capacity (€8.5bn, 1.4-1.5GW).
    paris = rows["france-mgx-paris-ai-campus"]
    assert float(paris["usd_per_gw_low"]) == pytest.approx(float(paris["value_low"]) / 1.5, rel=1e-12)
    assert float(paris["usd_per_gw_high"]) == pytest.approx(float(paris["value_high"]) / 1.4, rel=1e-12)
    assert rows["investai"]["usd_per_gw"] == ""


def test_global_money_is_listed_not_dropped(frame, economies) -> None:
    rows = ledger.apply_filters(ledger.normalise(frame, currency="EUR"), ledger.Filters())
    listed = set(measures.no_economy_ids(rows, economies, view="total"))
    measured = {i for f in measures.by_economy(rows, rows, economies, measure="money") for i in f.ids}
    counted = set(ledger.totals(rows).ids)
    assert listed | measured == counted and not listed & measured


def test_the_export_and_the_totals_agree_on_each_economys_measure(capsys, economies) -> None:
    code, out, err = run(capsys, "export", "--currency", "EUR")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    code, out, err = run(capsys, "totals", "--currency", "EUR", "--measure", "per-capita", "--by", "country")
    groups = {g["key"]: g for g in json.loads(out)["groups"]}
    assert len(groups) > 5
    for country, group in groups.items():
        counted = [r for r in rows if r["country"] == country and r["counts_in_total"] == "True" and r["per_capita_high"]]
        assert sorted(r["id"] for r in counted) == sorted(group["ids"]), country
        assert sum(float(r["per_capita_high"]) for r in counted) == pytest.approx(group["high"], rel=1e-9), country


def test_a_share_of_gdp_gives_the_dollars_it_divides_in_payload_and_hover(capsys) -> None:
    """In EUR the hover read "Money: €7.96B · GDP 2024: $18.5T": not the share's quotient (QA pass)."""
    from dashboard.charts.economies import economy_ranking

    code, out, err = run(capsys, "totals", "--measure", "gdp-share", "--by", "country", "--currency", "EUR")
    assert code == 0, err
    groups = json.loads(out)["groups"]
    for g in groups:
        assert g["high"] == pytest.approx(g["money_usd_high"] / g["gdp_usd"], rel=1e-12)
        assert g["money_usd_high"] != pytest.approx(g["money_high"], rel=1e-3)  # EUR is not USD
    fig = economy_ranking(groups[:1], measure="gdp-share", currency="EUR", locale="en_US", names={})
    hover = fig.data[0].hovertext[0].replace("<br>", " ")  # lines wrap for a phone (hover_lines)
    assert "In US dollars: $50–100B (this ÷ GDP is the share)" in hover and "€47.0–94.1B" in hover
    code, out, err = run(capsys, "totals", "--measure", "per-capita", "--by", "country", "--currency", "EUR")
    assert "money_usd_high" not in json.loads(out)["groups"][0]


def test_a_file_without_economies_beside_it_is_measured_by_the_bundled_ones(capsys, tmp_path) -> None:
    """The app measures an uploaded file by the bundled economies; the CLI looked for economies.csv
    beside the file: ``totals --measure gdp-share`` exited "not found" and ``export`` left the share
    and per-person columns empty, for a file the app ranked (QA pass 23 D6)."""
    copy = tmp_path / "mine.csv"
    copy.write_bytes(dataset.default_dataset_path().read_bytes())
    code, out, err = run(capsys, "totals", "--data", str(copy), "--measure", "gdp-share", "--by", "country")
    assert code == 0 and "no economies.csv beside the dataset: GDP and population from" in err, err
    code, bundled, _ = run(capsys, "totals", "--measure", "gdp-share", "--by", "country")
    assert json.loads(out)["groups"] == json.loads(bundled)["groups"]
    code, exported, err = run(capsys, "export", "--data", str(copy))
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert code == 0 and sum(bool(r["gdp_share_high"]) for r in rows) > 100, err
