"""Pin the key facts of the curated dataset, data/investments.csv.

These tests read the shipped CSV as plain strings (no type coercion) so that they check what a
journalist downloading the file would see. They pin the figures, dates and relations that the
dashboard's headline comparisons rest on, plus the sourcing rules of data/README.md. A failure
here means either the data changed (update the test together with a note in the row) or a
transcription error crept in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.charts.text import STATES_AMOUNT
from dashboard.column_rules import has_second_source, parse_overlaps

CSV_PATH = Path(__file__).resolve().parents[1] / "data" / "investments.csv"

COLUMNS = [
    "id", "parent_id", "role", "name", "name_de", "short_name", "short_name_de", "actor",
    "actor_type", "region", "country", "amount_low", "amount_high", "amount_kind", "currency",
    "announced", "period_start", "period_end", "status", "scope", "confidence", "source_kind",
    "source_url", "capacity_gw_low", "capacity_gw_high", "capacity_gw_kind", "accelerators_low",
    "accelerators_high", "accelerators_kind", "overlaps_with", "note",
]
README_PATH = CSV_PATH.parent / "README.md"
FACT_SHEET_ROWS = 82  # rows transcribed from the research fact sheet; later rows are tagged [new]

DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
PERIOD_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
FACT_TAG_RE = re.compile(r"^\[facts ([A-Z]+-\d+[a-z]?)\] \S")
NEW_TAG_RE = re.compile(r"^\[new\] \S")


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pd.read_csv(CSV_PATH, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def rows(data: pd.DataFrame) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in data.to_dict("records")}


@pytest.fixture(scope="module")
def money(data: pd.DataFrame) -> pd.DataFrame:
    return data[(data["amount_low"] != "") | (data["amount_high"] != "")]


def amounts(row: dict[str, str]) -> tuple[int, int]:
    return int(row["amount_low"]), int(row["amount_high"])


def months(start: str, end: str) -> int:
    """Length of an inclusive YYYY / YYYY-MM period in months."""
    sy, sm = int(start[:4]), int(start[5:7]) if len(start) > 4 else 1
    ey, em = int(end[:4]), int(end[5:7]) if len(end) > 4 else 12
    return (ey - sy) * 12 + (em - sm) + 1


def children(data: pd.DataFrame, parent: str, role: str | None = None) -> pd.DataFrame:
    out = data[data["parent_id"] == parent]
    return out if role is None else out[out["role"] == role]


# --- file shape and the dataset contract ------------------------------------------------------


def test_file_has_exactly_the_contract_columns_in_order(data):
    assert list(data.columns) == COLUMNS


def test_every_fact_sheet_row_is_transcribed_exactly_once_and_other_rows_are_tagged_new(data):
    tags = [FACT_TAG_RE.match(note) for note in data["note"]]
    fact_ids = [t.group(1) for t in tags if t]
    assert len(fact_ids) == FACT_SHEET_ROWS
    assert len(set(fact_ids)) == FACT_SHEET_ROWS
    untagged = [i for i, t, n in zip(data["id"], tags, data["note"]) if not t and not NEW_TAG_RE.match(n)]
    assert untagged == [], "every note starts with '[facts <id>] ' or '[new] '"


def test_ids_are_unique_lowercase_slugs(data):
    assert data["id"].is_unique
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in data["id"])


def test_every_parent_id_names_another_existing_row(data):
    ids = set(data["id"])
    for child, parent in zip(data["id"], data["parent_id"]):
        if parent:
            assert parent in ids, f"{child}: parent {parent!r} does not exist"
            assert parent != child


def test_parent_chains_end_without_cycles(rows):
    for start in rows:
        seen, current = set(), start
        while current:
            assert current not in seen, f"cycle through {start}"
            seen.add(current)
            current = rows[current]["parent_id"]


def test_roles_fit_whether_a_row_has_a_parent(data):
    for _, r in data.iterrows():
        allowed = ("component", "revision", "cumulative", "context") if r["parent_id"] else (
            "headline", "context")
        assert r["role"] in allowed, r["id"]


@pytest.mark.parametrize(
    ("column", "allowed"),
    [
        ("actor_type", {"public", "private", "public-private", "corporate"}),
        ("region", {"Europe", "North America", "Asia", "Middle East", "Global"}),
        ("status", {"announced", "committed", "spent", "cancelled"}),
        ("scope", {"ai-infrastructure", "ai-programme", "capex-total", "venture",
                   "training-cost", "multi-technology"}),
        ("confidence", {"high", "medium", "low"}),
    ],
)
def test_every_row_uses_the_closed_vocabulary(data, column, allowed):
    assert set(data[column]) <= allowed


def test_country_is_iso_alpha2_or_eu_and_empty_only_for_global_rows(data):
    for _, r in data.iterrows():
        if r["region"] == "Global":
            assert r["country"] == "", r["id"]
        else:
            assert re.fullmatch(r"[A-Z]{2}", r["country"]), r["id"]


def test_amounts_are_plain_whole_numbers_with_low_not_above_high(data):
    for _, r in data.iterrows():
        low, high = r["amount_low"], r["amount_high"]
        assert (low == "") == (high == ""), r["id"]
        if low:
            assert re.fullmatch(r"\d+", low) and re.fullmatch(r"\d+", high), r["id"]
            assert int(low) <= int(high), r["id"]


def test_rows_without_money_carry_no_amount_kind_or_currency(data):
    no_money = data[data["amount_low"] == ""]
    assert (no_money["amount_kind"] == "").all()
    assert (no_money["currency"] == "").all()


def test_at_least_45_rows_carry_money(money):
    assert len(money) >= 45


def test_every_money_row_has_an_http_source_a_date_a_kind_a_currency_and_a_grade(money):
    for _, r in money.iterrows():
        assert re.match(r"^https?://[^\s/]+", r["source_url"]), r["id"]
        assert not re.search(r"[\s{}]", r["source_url"]), r["id"]
        assert DATE_RE.fullmatch(r["announced"]), r["id"]
        assert r["amount_kind"] in {"exact", "approx", "up-to", "more-than"}, r["id"]
        assert re.fullmatch(r"[A-Z]{3}", r["currency"]), r["id"]
        assert r["confidence"] in {"high", "medium", "low"}, r["id"]


def test_every_row_has_a_source_url_and_german_name(data):
    assert all(re.match(r"^https?://", u) for u in data["source_url"])
    assert (data["name_de"] != "").all()
    assert (data["name"] != "").all()


def test_dates_and_periods_use_the_allowed_precisions(data):
    for _, r in data.iterrows():
        assert r["announced"] == "" or DATE_RE.fullmatch(r["announced"]), r["id"]
        for col in ("period_start", "period_end"):
            assert r[col] == "" or PERIOD_RE.fullmatch(r[col]), (r["id"], col)
        if r["period_start"] and r["period_end"]:
            assert months(r["period_start"], r["period_end"]) >= 1, r["id"]


def test_every_row_is_dated(data):
    # The last undated row, Stargate's equity split, was dated 2025-01-22 (Reuters: "the Information
    # reported on Wednesday") when a newsroom's copy replaced its wiki source.
    assert list(data.loc[data["announced"] == "", "id"]) == []


def test_notes_are_plain_text(data):
    assert not data["note"].str.contains(r"<[a-zA-Z/][^>]*>").any()


# --- EU: InvestAI, gigafactories, AI Factories ---------------------------------------------------


def test_investai_is_a_200bn_eur_headline_announced_2025_02_11(rows):
    r = rows["investai"]
    assert r["role"] == "headline" and r["parent_id"] == ""
    assert amounts(r) == (200_000_000_000, 200_000_000_000)
    assert r["currency"] == "EUR"
    assert r["announced"] == "2025-02-11"
    assert r["country"] == "EU" and r["region"] == "Europe"
    assert "mobilisation target, not a budget" in r["note"]


def test_investai_public_share_and_champions_pledge_are_components_not_additions(rows):
    public, private = rows["investai-public-share"], rows["eu-ai-champions-pledge"]
    assert public["parent_id"] == private["parent_id"] == "investai"
    assert public["role"] == private["role"] == "component"
    assert amounts(public) == (50_000_000_000, 50_000_000_000)
    assert amounts(private) == (150_000_000_000, 150_000_000_000)
    assert private["announced"] == "2025-02-10"
    assert "contested" in private["note"]


def test_gigafactory_fund_is_a_20bn_eur_component_of_investai_for_4_sites_of_100000_chips(rows):
    r = rows["investai-gigafactory-fund"]
    assert r["role"] == "component" and r["parent_id"] == "investai"
    assert amounts(r) == (20_000_000_000, 20_000_000_000)
    assert r["currency"] == "EUR"
    assert re.search(r"\b4 (AI )?gigafactories", r["note"])
    assert "100,000" in r["note"]
    assert "up to five" in r["note"]


def test_gigafactory_subsidy_of_4_1bn_eur_is_a_component_of_the_fund(rows):
    r = rows["ai-gigafactories-eu-subsidy"]
    assert r["parent_id"] == "investai-gigafactory-fund" and r["role"] == "component"
    assert amounts(r) == (4_100_000_000, 4_100_000_000)
    assert r["confidence"] == "medium"


def test_eu_ai_factories_is_a_10bn_eur_programme_for_2021_to_2027(rows):
    r = rows["eu-ai-factories"]
    assert r["role"] == "headline"
    assert amounts(r) == (10_000_000_000, 10_000_000_000)
    # As the sources word it ("amounting to €10bn", "of EUR 10 billion"); "~€10bn" was the fact sheet's.
    assert r["currency"] == "EUR" and r["amount_kind"] == "exact"
    assert (r["period_start"], r["period_end"]) == ("2021", "2027")
    assert r["status"] == "committed"
    # The Commission's own answer gives the payers and a scope wider than the name (2026-12-01).
    assert r["source_kind"] == "secondary" and "verdict.co.uk" in r["source_url"]
    assert "supercomputing infrastructures and AI Factories" in r["note"] and "E-000341/2025" in r["note"]


def test_ai_factories_wave_1_is_7_sites_and_1_5bn_eur_selected_in_december_2024(rows):
    r = rows["eu-ai-factories-wave-1"]
    assert r["parent_id"] == "eu-ai-factories" and r["role"] == "component"
    assert amounts(r) == (1_500_000_000, 1_500_000_000)
    assert r["currency"] == "EUR"
    assert r["announced"].startswith("2024-12")
    assert re.search(r"\b7 AI Factories\b", r["note"])
    assert "inferred" in r["note"]
    assert (r["period_start"], r["period_end"]) == ("2025", "2026")


def test_ai_factories_cumulative_figure_is_more_than_2_6bn_and_not_a_component(rows):
    r = rows["eu-ai-factories-cumulative-2025-10"]
    assert r["role"] == "cumulative"
    assert amounts(r) == (2_600_000_000, 2_600_000_000) and r["amount_kind"] == "more-than"


# --- Stargate ---------------------------------------------------------------------------------


def test_stargate_is_a_500bn_usd_headline_over_48_months_from_january_2025(rows):
    r = rows["stargate"]
    assert r["role"] == "headline" and r["parent_id"] == ""
    assert amounts(r) == (500_000_000_000, 500_000_000_000)
    assert r["currency"] == "USD"
    assert r["announced"] == "2025-01-21"
    assert (r["period_start"], r["period_end"]) == ("2025-01", "2028-12")
    assert months(r["period_start"], r["period_end"]) == 48
    assert "by 2029" in r["note"]
    assert "don't actually have the money" in r["note"]


def test_stargate_initial_deployment_is_a_100bn_usd_component_of_stargate(rows):
    r = rows["stargate-initial-deployment"]
    assert r["parent_id"] == "stargate" and r["role"] == "component"
    assert amounts(r) == (100_000_000_000, 100_000_000_000)
    assert r["currency"] == "USD" and r["announced"] == "2025-01-21"


def test_stargate_running_totals_are_more_than_cumulative_rows(rows):
    assert amounts(rows["stargate-cumulative-2025-09"]) == (400_000_000_000, 400_000_000_000)
    assert amounts(rows["stargate-cumulative-2025-10"]) == (450_000_000_000, 450_000_000_000)
    for key in ("stargate-cumulative-2025-09", "stargate-cumulative-2025-10"):
        assert rows[key]["role"] == "cumulative" and rows[key]["parent_id"] == "stargate"
        assert rows[key]["amount_kind"] == "more-than"


def test_abilene_15bn_is_dated_by_the_crusoe_raise_and_its_expansion_is_cancelled(rows):
    abilene = rows["stargate-abilene"]
    assert amounts(abilene) == (15_000_000_000, 15_000_000_000)
    assert abilene["announced"] == "2025-05-21"
    assert "11.6bn" in abilene["note"]
    cancelled = rows["stargate-abilene-expansion-cancelled"]
    assert cancelled["status"] == "cancelled" and cancelled["role"] == "context"


def test_overlapping_and_off_balance_rows_without_parent_are_context(rows):
    for key in ("nvidia-openai-partnership", "china-state-vc-guidance-fund",
                "korea-national-growth-fund", "eu-ai-continent-action-plan",
                "deepseek-v3-training-run", "deepseek-r1-training"):
        assert rows[key]["role"] == "context" and rows[key]["parent_id"] == "", key


def test_openai_for_countries_sites_are_not_part_of_the_us_stargate(rows):
    assert rows["stargate-norway"]["parent_id"] == ""
    assert rows["stargate-uae"]["parent_id"] == "uae-us-ai-campus"
    assert rows["stargate-uk"]["parent_id"] == "uk-us-tech-prosperity-deal"


# --- Big Tech capex ---------------------------------------------------------------------------

FIRST_GUIDANCE = {
    # headline id: (low, high, announced, period_start, period_end)
    "microsoft-capex-fy2025": (80_000_000_000, 80_000_000_000, "2025-01-03", "2024-07", "2025-06"),
    "alphabet-capex-2025": (75_000_000_000, 75_000_000_000, "2025-02-04", "2025", "2025"),
    "meta-capex-2025": (60_000_000_000, 65_000_000_000, "2025-01-24", "2025", "2025"),
    "amazon-capex-2025": (100_000_000_000, 100_000_000_000, "2025-02-06", "2025", "2025"),
}

REPORTED_ACTUAL = {
    # headline id: (actual row id, low, high, announced)
    "microsoft-capex-fy2025": ("microsoft-capex-fy2025-actual", 88_200_000_000, 88_200_000_000,
                               "2025-07-30"),
    "alphabet-capex-2025": ("alphabet-capex-2025-actual", 91_450_000_000, 91_450_000_000,
                            "2026-02-04"),
    "meta-capex-2025": ("meta-capex-2025-actual", 72_220_000_000, 72_220_000_000, "2026-01-28"),
    "amazon-capex-2025": ("amazon-capex-2025-actual", 128_320_000_000, 128_320_000_000,
                          "2026-02-05"),
}


@pytest.mark.parametrize("headline", sorted(FIRST_GUIDANCE))
def test_big_tech_2025_capex_headline_is_the_first_guidance(rows, headline):
    low, high, announced, start, end = FIRST_GUIDANCE[headline]
    r = rows[headline]
    assert r["role"] == "headline" and r["parent_id"] == ""
    assert amounts(r) == (low, high)
    assert r["currency"] == "USD"
    assert r["announced"] == announced
    assert (r["period_start"], r["period_end"]) == (start, end)
    assert r["scope"] == "capex-total" and r["status"] == "announced"


@pytest.mark.parametrize("headline", sorted(REPORTED_ACTUAL))
def test_big_tech_2025_capex_revisions_end_with_the_reported_actual(data, rows, headline):
    actual_id, low, high, announced = REPORTED_ACTUAL[headline]
    revisions = children(data, headline, "revision")
    assert actual_id in set(revisions["id"])
    actual = rows[actual_id]
    assert actual["status"] == "spent"
    assert amounts(actual) == (low, high)
    assert actual["announced"] == announced
    assert max(revisions["announced"]) == announced, "the actual is the latest revision"
    assert (revisions["scope"] == "capex-total").all()


def test_alphabet_and_meta_raised_their_2025_guidance_before_reporting(data):
    alphabet = children(data, "alphabet-capex-2025", "revision").sort_values("announced")
    assert [amounts(r) for r in alphabet.to_dict("records")] == [
        (85_000_000_000, 85_000_000_000), (91_000_000_000, 93_000_000_000),
        (91_450_000_000, 91_450_000_000)]
    meta = children(data, "meta-capex-2025", "revision").sort_values("announced")
    assert [amounts(r) for r in meta.to_dict("records")] == [
        (64_000_000_000, 72_000_000_000), (66_000_000_000, 72_000_000_000),
        (70_000_000_000, 72_000_000_000), (72_220_000_000, 72_220_000_000)]


def test_amazon_2025_actual_is_cash_capex_as_guided_not_the_echoed_guidance(rows):
    # Issue 15, audit 8: the former $125bn low end only echoed the October guidance. Session 22:
    # net of proceeds and incentives, the basis of Amazon's "cash capex" guidance; gross in the note.
    r = rows["amazon-capex-2025-actual"]
    assert amounts(r) == (128_320_000_000, 128_320_000_000) and r["amount_kind"] == "exact"
    assert "(131,819)" in r["note"] and "3,499" in r["note"] and "echoes the October guidance" in r["note"]


def test_oracle_fy2026_guidance_rises_from_25_to_50bn_on_day_precise_calls(data, rows):
    # Issue 15, audit 10: day-precise dates and real sources instead of the garbled Zacks link.
    head = rows["oracle-capex-fy2026"]
    assert amounts(head) == (25_000_000_000, 25_000_000_000)
    assert (head["period_start"], head["period_end"]) == ("2025-06", "2026-05")
    assert head["announced"] == "2025-06-11"
    assert head["amount_kind"] == "more-than"  # "exceed $25B", ">$25B"; no page says "about" (fact-check 2026-12-05)
    revisions = children(data, "oracle-capex-fy2026", "revision").sort_values("announced")
    assert [int(v) for v in revisions["amount_low"]] == [35_000_000_000, 50_000_000_000, 55_700_000_000]
    assert list(revisions["announced"]) == ["2025-09-09", "2025-12-10", "2026-06-10"]
    for url in [head["source_url"], *revisions["source_url"]]:
        assert "zacks" not in url


def test_oracle_fy2026_ends_with_the_reported_actual_of_its_results_day(rows):
    # The fiscal year ended May 2026; the $55.7bn came with the results of 2026-06-10, as the FT
    # and Reuters reported them that day (read through relay pages, so tertiary and medium).
    r = rows["oracle-capex-fy2026-actual"]
    assert (r["parent_id"], r["role"], r["status"]) == ("oracle-capex-fy2026", "revision", "spent")
    assert amounts(r) == (55_700_000_000, 55_700_000_000)
    assert (r["announced"], r["period_start"], r["period_end"]) == ("2026-06-10", "2025-06", "2026-05")
    assert (r["source_kind"], r["confidence"]) == ("tertiary", "medium")
    assert "Financial Times" in r["note"] and "Reuters" in r["note"] and "not AI-only" in r["note"]
    # The AI-written page it rested on before stays named, as the grade it earned then.
    assert "ngtimes.org" in r["note"] and "AI-written" in r["note"]


def test_microsofts_q2_fy2026_cites_a_source_that_states_its_lease_inclusive_basis(rows):
    # The name says "including finance leases"; the cited page must say so too, and the day
    # (read from "On Wednesday" in a next-day article) is worked out in the note (diff review).
    r = rows["microsoft-capex-fy2026-q2"]
    assert amounts(r) == (37_500_000_000, 37_500_000_000) and r["announced"] == "2026-01-28"
    assert "convergedigest.com" in r["source_url"]
    assert "(including assets acquired under finance leases) of $37.5 billion" in r["note"]
    assert "that Wednesday is 2026-01-28" in r["note"]


def test_softbank_france_is_one_up_to_75bn_pledge_with_its_first_phase_as_a_part(rows):
    head, phase = rows["softbank-france-5gw"], rows["softbank-france-phase-1"]
    assert (head["role"], head["amount_kind"], head["currency"]) == ("headline", "up-to", "EUR")
    assert amounts(head) == (75_000_000_000, 75_000_000_000)
    assert (head["period_start"], head["period_end"]) == ("", ""), "the whole programme states no horizon"
    assert (phase["parent_id"], phase["role"]) == ("softbank-france-5gw", "component")
    assert amounts(phase) == (45_000_000_000, 45_000_000_000) and phase["period_end"] == "2031"
    assert (head["capacity_gw_high"], phase["capacity_gw_high"]) == ("5", "3.1")
    assert (head["capacity_gw_kind"], phase["capacity_gw_kind"]) == ("up-to", ""), "'up to 5 GW'; 3.1 GW exactly"
    assert "up to 5 GW" in head["note"]
    assert head["announced"] == phase["announced"] == "2026-05-30"
    assert "Saturday" in head["note"], "the day is inferred from 'said Saturday'"


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [("alphabet-capex-2026", 175_000_000_000, 185_000_000_000),
     ("meta-capex-2026", 115_000_000_000, 135_000_000_000),
     ("amazon-capex-2026", 200_000_000_000, 200_000_000_000)],
)
def test_2026_capex_guidance_rows_are_separate_headlines(rows, key, low, high):
    assert rows[key]["role"] == "headline"
    assert amounts(rows[key]) == (low, high)
    assert (rows[key]["period_start"], rows[key]["period_end"]) == ("2026", "2026")


# --- national programmes ------------------------------------------------------------------------


def test_france_109bn_eur_headline_contains_its_components(data, rows):
    r = rows["france-ai-109bn"]
    assert r["role"] == "headline"
    assert amounts(r) == (109_000_000_000, 109_000_000_000) and r["currency"] == "EUR"
    assert r["announced"] == "2025-02-09"
    components = children(data, "france-ai-109bn", "component")
    assert set(components["id"]) == {"france-brookfield", "france-uae-ai-campus-framework",
                                     "france-iliad"}
    assert amounts(rows["france-brookfield"]) == (20_000_000_000, 20_000_000_000)
    assert amounts(rows["france-uae-ai-campus-framework"]) == (30_000_000_000, 50_000_000_000)
    assert amounts(rows["france-iliad"]) == (3_000_000_000, 3_000_000_000)
    campus = rows["france-mgx-paris-ai-campus"]
    assert campus["parent_id"] == "france-uae-ai-campus-framework"
    # Bloomberg's €8.5bn; it stored Semafor's "$9.6 billion", a conversion (fact-check 2026-12-05).
    assert amounts(campus) == (8_500_000_000, 8_500_000_000) and campus["currency"] == "EUR"
    assert campus["announced"] == "2025-05-19"  # Monday, at Choose France
    # Its second site (Choose France 2026): the Elysee's figure, read through a relay only, and
    # whether it is inside the UAE framework is not stated, so it is context, never added.
    second = rows["france-campus-ai-second-site"]
    assert (second["parent_id"], second["role"]) == ("france-mgx-paris-ai-campus", "context")
    assert amounts(second) == (7_500_000_000, 7_500_000_000) and second["currency"] == "EUR"
    assert (second["amount_kind"], second["announced"], second["confidence"]) == ("approx", "2026-06-01", "low")


def test_amounts_stay_in_the_currency_as_announced(rows):
    expected = {
        "uk-ai-opportunities-action-plan": ("GBP", 14_000_000_000),
        "uk-nscale-loughton": ("USD", 2_500_000_000),
        "uk-tpd-microsoft": ("USD", 30_000_000_000),
        "china-national-ai-industry-fund": ("CNY", 60_060_000_000),
        "indiaai-mission": ("INR", 103_719_200_000),
        "japan-chips-ai-support": ("JPY", 10_000_000_000_000),
        "korea-ai-budget-2026": ("KRW", 10_100_000_000_000),
        "canada-budget-2024-ai": ("CAD", 2_400_000_000),
    }
    for key, (currency, amount) in expected.items():
        assert rows[key]["currency"] == currency, key
        assert amounts(rows[key]) == (amount, amount), key


def test_saudi_project_transcendence_keeps_the_reported_50_to_100bn_range(rows):
    r = rows["saudi-project-transcendence"]
    assert amounts(r) == (50_000_000_000, 100_000_000_000)
    assert r["amount_kind"] == "up-to" and r["confidence"] == "low"
    assert "never officially confirmed" in r["note"]


# --- venture and training cost ------------------------------------------------------------------

MISTRAL = {
    "mistral-seed": (105_000_000, 105_000_000, "2023-06-13"),  # day from Reuters and TNW (2026-12 audit)
    "mistral-2023-12-round": (385_000_000, 385_000_000, "2023-12-10"),  # issue 15, audit 5
    "mistral-series-b": (600_000_000, 600_000_000, "2024-06-11"),
    "mistral-series-c": (1_700_000_000, 1_700_000_000, "2025-09-09"),
}


@pytest.mark.parametrize("key", sorted(MISTRAL))
def test_mistral_rounds_are_committed_eur_venture_rows(rows, key):
    low, high, announced = MISTRAL[key]
    r = rows[key]
    assert r["role"] == "headline" and r["scope"] == "venture" and r["status"] == "committed"
    assert amounts(r) == (low, high) and r["currency"] == "EUR"
    assert r["announced"] == announced
    assert r["country"] == "FR"


def test_deepseek_training_costs_are_narrow_context_rows(rows):
    v3, r1 = rows["deepseek-v3-training-run"], rows["deepseek-r1-training"]
    assert amounts(v3) == (5_576_000, 5_576_000)
    assert amounts(r1) == (294_000, 294_000)
    for r in (v3, r1):
        assert r["role"] == "context" and r["scope"] == "training-cost"
        assert r["currency"] == "USD" and r["status"] == "spent"
    assert "not a full cost" in v3["note"]


# --- confidence grading -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "original"),
    [("eu-ai-factories-cumulative-2025-10", "medium-high"),
     ("nvidia-openai-partnership", "low-medium"),
     ("amazon-capex-2025", "medium-high"),
     ("stargate-norway", "medium-high")],
)
def test_in_between_confidence_grades_are_rounded_down_and_the_wording_kept(rows, key, original):
    r = rows[key]
    order = ["low", "medium", "high"]
    lower = min(original.split("-"), key=order.index)
    assert r["confidence"] == lower
    assert f"Confidence: {original} in the fact sheet, graded {lower}" in r["note"]


def test_a_figure_read_on_tertiary_pages_only_is_medium_only_with_a_second_page(rows):
    # data/README, "Confidence grades": tertiary pages are at most medium, and medium only when a
    # second page on another host states the figure; the rule read "a secondary site only" until
    # 2026-12 and six medium rows had no second page (review).
    tertiary = {key: r for key, r in rows.items() if r["source_kind"] == "tertiary"}
    assert not [key for key, r in tertiary.items() if r["confidence"] == "high"]
    lacking = [
        key
        for key, r in tertiary.items()
        if r["confidence"] == "medium" and not has_second_source(r["note"], r["source_url"])
    ]
    assert not lacking, lacking


def test_anonymous_sourcing_is_graded_low(rows):
    # data/README: "low: anonymous sourcing"; two context rows said so and were graded medium.
    anonymous = [
        key for key, r in rows.items() if re.search(r"(?i)anonymous sources|unnamed sources", r["note"])
    ]
    assert len(anonymous) >= 4 and all(rows[key]["confidence"] == "low" for key in anonymous), {
        key: rows[key]["confidence"] for key in anonymous
    }


# --- issue 15: what the audit found (each fix pinned) ---------------------------------------------


def test_oracle_openai_4_5gw_is_a_capacity_row_and_the_300bn_a_separate_context_purchase(rows):
    capacity = rows["stargate-oracle-openai-4-5gw"]
    assert capacity["amount_low"] == capacity["amount_high"] == ""
    assert capacity["announced"] == "2025-07-22"
    purchase = rows["oracle-openai-300bn-cloud-contract"]
    assert purchase["role"] == "context" and purchase["parent_id"] == "stargate-oracle-openai-4-5gw"
    assert amounts(purchase) == (300_000_000_000, 300_000_000_000)
    assert purchase["announced"] == "2025-09-10" and purchase["period_start"] == "2027"
    assert "WSJ" in purchase["note"]


def test_nvidia_letter_of_intent_is_cancelled_and_superseded_by_a_30bn_equity_stake(rows):
    loi = rows["nvidia-openai-partnership"]
    assert loi["status"] == "cancelled" and loi["announced"] == "2025-09-22"
    assert amounts(loi) == (100_000_000_000, 100_000_000_000) and loi["amount_kind"] == "up-to"
    assert "nvidia-openai-equity-2026" in loi["note"]
    stake = rows["nvidia-openai-equity-2026"]
    assert amounts(stake) == (30_000_000_000, 30_000_000_000)
    assert stake["scope"] == "venture" and stake["role"] == "component"
    assert rows[stake["parent_id"]]["role"] == "headline"


def test_abilene_expansion_report_is_dated_2026_03_06_with_600mw_and_oracles_denial(rows):
    r = rows["stargate-abilene-expansion-cancelled"]
    assert r["announced"] == "2026-03-06"
    assert "600MW" in r["note"] and "false and incorrect" in r["note"]


def test_meta_july_2025_narrowing_is_day_precise_and_high(rows):
    r = rows["meta-capex-2025-rev-2025-07"]
    assert r["announced"] == "2025-07-30" and r["confidence"] == "high"
    assert amounts(r) == (66_000_000_000, 72_000_000_000)


def test_mistral_seed_was_made_official_in_june_2023(rows):
    assert "juin" in rows["mistral-seed"]["note"]
    assert "convertible debt" in rows["mistral-2023-12-round"]["note"]


def test_uk_tech_prosperity_deal_nvidia_and_microsoft_rows_say_what_the_money_is(rows):
    nvidia = rows["uk-tpd-nvidia"]
    assert amounts(nvidia) == (11_000_000_000, 11_000_000_000)
    assert nvidia["currency"] == "GBP" and nvidia["amount_kind"] == "up-to"
    assert "partly outside" in nvidia["note"]
    microsoft = rows["uk-tpd-microsoft"]
    assert "Loughton" in microsoft["note"] and "operations" in microsoft["note"]
    # Half of it pays for operations: over its GPUs it read as a price per chip ten times the others.
    assert microsoft["accelerators_low"] == microsoft["accelerators_high"] == ""
    capex = rows["uk-tpd-microsoft-capex"]
    assert capex["parent_id"] == "uk-tpd-microsoft" and capex["role"] == "component"
    # Reuters' $15.5bn; the $15bn of other reports is the half rounded, not a dispute (2026-12 review).
    assert amounts(capex) == (15_500_000_000, 15_500_000_000)


def test_microsoft_fy2026_shows_reported_quarters_and_the_190bn_guidance_separately(data, rows):
    quarters = children(data, "microsoft-capex-fy2026", "component").sort_values("period_start")
    assert [int(v) for v in quarters["amount_low"]] == [34_900_000_000, 37_500_000_000,
                                                       31_900_000_000, 41_000_000_000]
    # On one basis: the third quarter was stored as cash capex ($30.9bn) beside two lease-inclusive ones.
    assert quarters["name"].str.contains("including finance leases").all(), list(quarters["name"])
    assert (quarters["status"] == "spent").all()
    guidance = rows["microsoft-capex-cy2026"]
    assert guidance["role"] == "headline" and guidance["announced"] == "2026-04-29"
    assert amounts(guidance) == (190_000_000_000, 190_000_000_000)
    assert (guidance["period_start"], guidance["period_end"]) == ("2026", "2026")
    assert "Disputed" in guidance["note"]
    # July 2026: the same calendar-year guidance restated at ~$175bn after a lease reclassification
    # (finance leases count as capex, operating leases do not), not a cut; a revision of the headline.
    july = rows["microsoft-capex-cy2026-rev-2026-07"]
    assert july["parent_id"] == "microsoft-capex-cy2026" and july["role"] == "revision"
    assert july["announced"] == "2026-07-29" and amounts(july) == (175_000_000_000, 175_000_000_000)
    assert "operating leases" in july["note"] and "not a cut" in july["note"]


@pytest.mark.parametrize(
    ("headline", "low", "high"),
    [("alphabet-capex-2026", 180_000_000_000, 190_000_000_000),
     ("meta-capex-2026", 125_000_000_000, 145_000_000_000)],
)
def test_2026_guidance_raised_on_2026_04_29_is_the_latest_revision(data, headline, low, high):
    revisions = children(data, headline, "revision").sort_values("announced")
    latest = revisions.iloc[-1]
    assert latest["announced"] == "2026-04-29"
    assert (int(latest["amount_low"]), int(latest["amount_high"])) == (low, high)


# --- issue 15: source kinds, short names, physical side, overlaps, "as of" -------------------------


def test_every_row_has_a_source_kind_and_high_never_rests_on_a_lone_weak_source(data):
    assert set(data["source_kind"]) <= {"primary", "secondary", "tertiary"}
    assert (data["source_kind"] != "").all()
    high = data[data["confidence"] == "high"]
    assert (high["source_kind"] != "tertiary").all()
    for _, r in high[high["source_kind"] == "secondary"].iterrows():
        assert has_second_source(r["note"], r["source_url"]), r["id"]


# Hosts that the notes cite beside a newsroom but that are no newsroom of their own: aggregators,
# market-data and AI-written sites, blogs, law-firm notes, forums and relays (source audit of
# 2026-12-05), and hosts of newsroom copies on unrelated sites. data/README: "high" on a secondary
# source needs a second newsroom or a primary page; 36 rows were graded high on one newsroom and
# pages like these.
NOT_NEWSROOMS = frozenset({
    "aiwire.ai", "allweatherfinance.com", "app.wlth.xyz", "azzet.com", "british-buzz.blogspot.com",
    "ceo-na.com", "centerconsulting.com", "coinalertnews.com", "constellationr.com", "ctol.digital",
    "dailyaiheadlines.com", "datamatters.sidley.com", "dev.futuriom.com", "econotimes.com",
    "elonmerlin.com", "en.oninvest.com", "europesays.com", "finblog.com", "finviz.com",
    "futureretirementsuccess.com", "globalnews411.com", "hedgwatch.com", "hoyonews.com", "insidermonkey.com",
    "linkprocabling.com", "longbridge.cn", "mgrowtech.com", "monexa.ai", "news.aibase.com",
    "mogaznews.com", "newser.com", "ngainews.com", "northaxiswealth.cc", "osborneclarke.com", "ouralpha.app",
    "pinsentmasons.com", "qoshe.com", "racetoagi.org", "reportify.ai", "royfactory.net", "sahmcapital.com",
    "sdd.sh", "secwatch.observer", "soylentnews.org", "startupfortune.com", "stockmark.it",
    "techfundingnews.com", "thebiggish.com", "theportjournal.com", "topnews.com", "tradingkey.com",
    "tradingpedia.com", "valuethemarkets.com", "vellatimes.com", "verilynews.com", "vtnews.ai",
    "web-origin.lbkrs.com", "webpronews.com", "windowsreport.com",
})


def _host(url: str) -> str:
    return re.sub(r"^www\.", "", url.split("/")[2].lower())


def _listed(host: str) -> bool:
    return any(host == name or host.endswith("." + name) for name in NOT_NEWSROOMS)


def test_high_on_a_newsroom_has_a_second_source_that_is_no_aggregator(data):
    tertiary = {_host(u) for u in data.loc[data["source_kind"] == "tertiary", "source_url"]}
    lacking = []
    for _, r in data[(data["confidence"] == "high") & (data["source_kind"] == "secondary")].iterrows():
        cited = {_host(u) for u in re.findall(r"https?://[^\s\"')]+", r["note"])}
        # A listed host's subdomains too: "1375.topnews.com" listed would let "1376.topnews.com" by (review 55).
        others = {h for h in cited - {_host(r["source_url"])} - tertiary if not _listed(h)}
        if not others:
            lacking.append(r["id"])
    assert not lacking, lacking


def test_short_names_fit_32_characters_and_tell_items_apart(data):
    for column in ("short_name", "short_name_de"):
        assert (data[column].str.len().between(1, 32)).all(), column
        assert data[column].is_unique, column
    meta = {r["id"]: r["short_name"] for r in data.to_dict("records") if r["id"].startswith("meta-capex")}
    assert meta["meta-capex-2025-actual"] == "Meta capex 2025 (actual)"
    assert meta["meta-capex-2026"] == "Meta capex 2026 guidance"


def test_an_item_spread_over_years_is_not_named_by_its_whole_amount_outside_the_total_view(data):
    # The per-year bar "Google €5.5bn investment in Germany (2026–2029)" read €1.38B, and the one-year
    # bar "Microsoft $10bn investment in Japan …" a quarter of it: the app drops a short name that
    # states an amount there, but the name it falls back on stated the whole as well (QA pass 22).
    # Context rows are deals named by their sums, and never a bar of a total.
    named = []
    for r in data[data["role"] != "context"].to_dict("records"):
        start, end = r["period_start"][:4], r["period_end"][:4]
        if not r["amount_low"] or start == end:
            continue
        for short, name in (("short_name", "name"), ("short_name_de", "name_de")):
            label = r[short] if r[short] and not STATES_AMOUNT.search(r[short]) else r[name] or r["name"]
            if STATES_AMOUNT.search(label):
                named.append((r["id"], label))
    assert not named, named


def test_readme_states_the_latest_announcement_as_the_as_of_date(data):
    latest = max(a for a in data["announced"] if a)
    assert f"**As of {latest}**" in README_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("key", "column", "low", "high"),
    [("stargate", "capacity_gw", 10, 10),
     ("stargate-oracle-openai-4-5gw", "capacity_gw", 4.5, 4.5),
     ("stargate-abilene-expansion-cancelled", "capacity_gw", 0.6, 0.8),
     ("uk-tpd-nvidia", "accelerators", 120_000, 120_000),
     ("humain-nvidia-expansion", "accelerators", 600_000, 600_000)],
)
def test_the_physical_side_is_stored_where_the_source_states_it(rows, key, column, low, high):
    r = rows[key]
    assert (float(r[f"{column}_low"]), float(r[f"{column}_high"])) == (low, high)


def test_overlap_links_record_money_counted_twice(rows):
    assert parse_overlaps(rows["oracle-capex-fy2026"]["overlaps_with"]) == [("partial", "stargate")]
    assert ("partial", "uk-ai-opportunities-action-plan") in parse_overlaps(
        rows["uk-us-tech-prosperity-deal"]["overlaps_with"])
    assert ("partial", "uk-nscale-loughton") in parse_overlaps(rows["uk-tpd-microsoft"]["overlaps_with"])
    assert ("partial", "microsoft-capex-fy2026") in parse_overlaps(
        rows["microsoft-capex-cy2026"]["overlaps_with"])


def test_a_part_that_overlaps_another_item_makes_its_headline_say_so(rows):
    # Totals read the links of counted rows only (dashboard/overlaps.py): a part's link to another
    # item must also be on the headline the part belongs to, or the overlap never reaches the screen
    # (the Tech Prosperity Deal's Microsoft and Google parts once linked those companies' capex
    # while the Deal itself linked only the UK Action Plan).
    def item(row_id: str) -> str:
        while rows[row_id]["role"] == "component":
            row_id = rows[row_id]["parent_id"]
        return row_id

    checked = 0
    for row_id, row in rows.items():
        if row["role"] != "component" or not row["overlaps_with"]:
            continue
        own = item(row_id)
        on_headline = {item(t) for _, t in parse_overlaps(rows[own]["overlaps_with"])}
        for _, target in parse_overlaps(row["overlaps_with"]):
            if item(target) != own:
                assert item(target) in on_headline, f"{row_id} overlaps {target}; {own} does not say so"
                checked += 1
    assert checked >= 8


# --- issue 15: labs, neoclouds and compute deals -----------------------------------------------

COMPUTE_PURCHASES = {
    # id: (amount in USD, announced)
    "openai-microsoft-azure-250bn": (250_000_000_000, "2025-10-28"),
    "openai-aws-38bn": (38_000_000_000, "2025-11-03"),
    "oracle-openai-300bn-cloud-contract": (300_000_000_000, "2025-09-10"),
    "anthropic-azure-30bn": (30_000_000_000, "2025-11-18"),
    "anthropic-aws-100bn": (100_000_000_000, "2026-04-20"),
    "meta-coreweave-14bn": (14_200_000_000, "2025-09-30"),
}


@pytest.mark.parametrize("key", sorted(COMPUTE_PURCHASES))
def test_compute_purchases_are_context_and_never_counted(rows, key):
    amount, announced = COMPUTE_PURCHASES[key]
    r = rows[key]
    assert r["role"] == "context" and r["currency"] == "USD"
    assert amounts(r) == (amount, amount) and r["announced"] == announced


@pytest.mark.parametrize(
    ("key", "amount", "announced"),
    [("openai-funding-2025-03", 40_000_000_000, "2025-03-31"),
     ("openai-funding-round-2026", 110_000_000_000, "2026-02-27"),
     ("anthropic-series-g", 30_000_000_000, "2026-02-12"),
     ("xai-series-e", 20_000_000_000, "2026-01-06"),
     ("nscale-series-b", 1_100_000_000, "2025-09-25"),
     ("nscale-series-c", 2_000_000_000, "2026-03-09")],  # missing until a fact-check of 2026-12-05
)
def test_funding_rounds_are_venture_headlines(rows, key, amount, announced):
    r = rows[key]
    assert r["role"] == "headline" and r["scope"] == "venture"
    assert amounts(r) == (amount, amount) and r["announced"] == announced


def test_labs_own_build_outs_are_infrastructure_headlines(rows):
    anthropic = rows["anthropic-us-datacenters-50bn"]
    assert anthropic["role"] == "headline" and anthropic["scope"] == "ai-infrastructure"
    assert amounts(anthropic) == (50_000_000_000, 50_000_000_000)
    assert anthropic["announced"] == "2025-11-12"
    mistral = rows["mistral-sweden-ecodatacenter"]
    assert amounts(mistral) == (1_200_000_000, 1_200_000_000) and mistral["currency"] == "EUR"
    hyperion = rows["meta-hyperion-blue-owl"]
    assert amounts(hyperion) == (27_000_000_000, 27_000_000_000)
    assert ("partial", "meta-capex-2026") in parse_overlaps(hyperion["overlaps_with"])


def test_mistrals_paris_data_centre_loan_is_a_separate_headline_that_may_sit_in_frances_package(rows):
    # Mistral's $830m bank debt of 2026-03-30 for its Bruyeres-le-Chatel site (44 MW). The same site
    # was announced on the eve of the Paris summit, when Macron gave the EUR 109bn package; whether
    # the package counts it is not stated, so the overlap is named as partial, not assumed away.
    r = rows["mistral-bruyeres-debt-2026"]
    assert (r["role"], r["scope"], r["status"], r["currency"]) == ("headline", "ai-infrastructure", "committed", "USD")
    assert amounts(r) == (830_000_000, 830_000_000) and r["announced"] == "2026-03-30"
    assert (r["capacity_gw_low"], r["capacity_gw_high"]) == ("0.044", "0.044")
    assert parse_overlaps(r["overlaps_with"]) == [("partial", "france-ai-109bn")]
    assert (r["period_start"], r["period_end"]) == ("", ""), "no horizon is stated for the loan"
    assert "Debt, not equity" in r["note"] and "euronews.com" in r["note"]


def test_coreweave_2025_capex_was_cut_in_november(data):
    revisions = children(data, "coreweave-capex-2025", "revision")
    assert [(int(r["amount_low"]), int(r["amount_high"]), r["announced"])
            for r in revisions.to_dict("records")] == [(12_000_000_000, 14_000_000_000, "2025-11-10")]


# --- issue 15: Big Tech country pledges sit inside the company's own capex ---------------------

PLEDGES = {
    # id: (currency, amount, announced, capex headlines it overlaps)
    "microsoft-india-2026-2029": ("USD", 17_500_000_000, "2025-12-09",
                                  {"microsoft-capex-fy2026", "microsoft-capex-cy2026"}),
    "microsoft-uae-2023-2029": ("USD", 15_200_000_000, "2025-11-03",
                                {"microsoft-capex-fy2025", "microsoft-capex-fy2026", "microsoft-capex-cy2026"}),
    "amazon-india-2030": ("USD", 35_000_000_000, "2025-12-10", {"amazon-capex-2026"}),
    "google-india-vizag-ai-hub": ("USD", 15_000_000_000, "2025-10-14", {"alphabet-capex-2026"}),
    "google-germany-2026-2029": ("EUR", 5_500_000_000, "2025-11-11", {"alphabet-capex-2026"}),
    "google-belgium-2026-2027": ("EUR", 5_000_000_000, "2025-10-08", {"alphabet-capex-2026"}),
    "microsoft-portugal-sines": ("USD", 10_000_000_000, "2025-11-11",
                                 {"microsoft-capex-fy2026", "microsoft-capex-cy2026"}),
    "amazon-us-government-ai-50bn": ("USD", 50_000_000_000, "2025-11-24", {"amazon-capex-2026"}),
    "microsoft-japan-2026-2029": ("USD", 10_000_000_000, "2026-04-03",
                                  {"microsoft-capex-fy2026", "microsoft-capex-cy2026"}),
    "microsoft-france-2024": ("EUR", 4_000_000_000, "2024-05-12", {"microsoft-capex-fy2025"}),
    "amazon-france-2024": ("EUR", 1_200_000_000, "2024-05-12", {"amazon-capex-2025"}),
}


@pytest.mark.parametrize("key", sorted(PLEDGES))
def test_country_pledges_link_to_the_companys_capex_headlines(rows, key):
    currency, amount, announced, capex = PLEDGES[key]
    r = rows[key]
    assert r["currency"] == currency and amounts(r) == (amount, amount)
    assert r["announced"] == announced
    links = parse_overlaps(r["overlaps_with"])
    assert {i for _, i in links if rows[i]["scope"] == "capex-total"} == capex
    assert all(rows[i]["role"] == "headline" for _, i in links)
    # A pledge may sit in a national package too (Amazon's 2024 €1.2bn in France's €109bn, per AFP).
    assert {i for _, i in links if rows[i]["scope"] != "capex-total"} <= {"france-ai-109bn"}


def test_amazon_france_2024_is_partly_in_the_french_109bn(rows):
    assert ("partial", "france-ai-109bn") in parse_overlaps(rows["amazon-france-2024"]["overlaps_with"])
    assert "1,2 milliard avait déjà été annoncé en mai" in rows["amazon-france-2024"]["note"]


def test_a_pledge_that_is_not_ai_only_is_multi_technology(rows):
    assert rows["amazon-india-2030"]["scope"] == "multi-technology"


def test_dataset_size_and_source_mix_after_issue_15(data, money):
    # Issue 15, "done when": >= 130 rows, >= 110 with money, >= 70% of money rows citing a primary
    # or secondary source. The row floor here is this branch's (the public-programme rows are
    # researched and merged separately); the money and source-mix floors are the issue's own.
    assert len(data) >= 125 and len(money) >= 110
    strong = money["source_kind"].isin(["primary", "secondary"]).mean()
    assert strong >= 0.70, f"{strong:.1%} of money rows cite a primary or secondary source"


def test_stargate_sites_and_financing_hang_under_what_they_finance(rows):
    frontier = rows["stargate-vantage-frontier"]
    assert frontier["parent_id"] == "stargate" and frontier["role"] == "component"
    assert amounts(frontier) == (25_000_000_000, 25_000_000_000) and frontier["amount_kind"] == "more-than"
    loans = rows["stargate-abilene-jpmorgan-loans"]
    assert loans["parent_id"] == "stargate-abilene" and loans["role"] == "context"
    assert amounts(loans) == (9_400_000_000, 9_600_000_000)  # $7.1bn + $2.3bn named, $9.6bn in the FT
    assert rows["humain-amd"]["amount_kind"] == "exact"  # "a $10 billion collaboration", never "up to"
    narvik = rows["microsoft-nscale-narvik-6bn"]
    assert narvik["parent_id"] == "stargate-norway" and narvik["role"] == "context"
    assert amounts(narvik) == (6_200_000_000, 6_200_000_000) and narvik["announced"] == "2025-09-17"


# --- Issue 15, audit points 6 and 9 (public programmes) ------------------------------------------


def test_current_ai_counts_the_money_pledged_not_its_five_year_target(rows):
    pledged = rows["current-ai-foundation"]
    assert pledged["role"] == "headline" and amounts(pledged) == (400_000_000, 400_000_000)
    assert pledged["currency"] == "USD" and pledged["announced"] == "2025-02-09"
    target = rows["current-ai-foundation-target"]
    assert target["role"] == "context" and target["parent_id"] == "current-ai-foundation"  # never added
    assert amounts(target) == (2_500_000_000, 2_500_000_000)


def test_korea_budget_passed_with_cuts_and_the_growth_fund_figures_are_successive(rows):
    enacted = rows["korea-ai-budget-2026-enacted"]
    assert enacted["announced"] == "2025-12-02" and enacted["status"] == "committed"
    assert enacted["parent_id"] == "korea-ai-budget-2026" and enacted["amount_low"] == ""
    fund = rows["korea-national-growth-fund"]
    assert amounts(fund) == (100 * 10**12, 100 * 10**12)  # a point figure, not a 100-150 tn range
    # The President said it in office on 2025-07-30, a month before the Cabinet's budget plan the row
    # gave (fact-check and review, 2026-12-05); the growth strategy of 2025-08-22 is in the note.
    assert (fund["announced"], fund["amount_kind"]) == ("2025-07-30", "more-than") and "2025-07-30" in fund["source_url"]
    assert "2025/08/22" in fund["note"] and "2025-08-29" in fund["note"]
    later = rows["korea-national-growth-fund-rev-2025-09"]
    assert later["role"] == "revision" and later["parent_id"] == "korea-national-growth-fund"
    assert amounts(later) == (150 * 10**12, 150 * 10**12) and later["announced"] == "2025-09-10"
    assert fund["scope"] == later["scope"] == "multi-technology"  # not AI-only


def test_overlaps_found_by_the_2026_12_audits_are_links_not_only_notes(rows):
    """Money that two counted items may share is a link, so the total's "may be counted twice"
    includes it: InvestAI's EU money comes from Digital Europe and Horizon Europe, which fund the
    AI Factories, the Digital Europe work programme, Apply AI and RAISE; about $18bn of OpenAI's
    $40bn round was earmarked for Stargate."""
    for key in ("eu-ai-factories", "eu-digital-europe-wp-2025-2027", "eu-apply-ai-strategy", "eu-raise-pilot"):
        assert ("partial", "investai") in parse_overlaps(rows[key]["overlaps_with"]), key
    assert ("partial", "stargate") in parse_overlaps(rows["openai-funding-2025-03"]["overlaps_with"])
    brookfield = rows["france-brookfield"]
    assert (brookfield["period_start"], brookfield["period_end"]) == ("", "2030")
    tcs = rows["tcs-hypervault-1gw"]
    assert amounts(tcs) == (6_000_000_000, 7_000_000_000) and tcs["amount_kind"] == "approx"
    assert tcs["announced"] == "2025-10-09"


def test_germany_hightech_agenda_keeps_both_readings_as_a_range(rows):
    """A blog's €5.5bn was stored alone; the taz gives €18bn to 2029 (2026-12 audit)."""
    r = rows["germany-hightech-agenda"]
    assert amounts(r) == (5_500_000_000, 18_000_000_000) and r["confidence"] == "low"
    assert "18 Milliarden Euro bis 2029" in r["note"]


def test_fourth_audit_uk_korea_stargate_and_eu_rows(rows):
    """The fourth audit (2026-12-02): 53 rows of the UK, Korea, Stargate, HUMAIN and EU factories."""
    # Norway's ~$1bn pays for a 20MW first phase; the 230MW is the site's plan (it made the cost
    # read about $4bn per GW), as its 100,000 GPUs are the site's target.
    norway = rows["stargate-norway"]
    assert (norway["capacity_gw_low"], norway["capacity_gw_high"]) == ("0.02", "0.02")
    assert "no offtake agreed" in norway["actor"]  # OpenAI never signed the offtake
    # One FT report on anonymous sources is low, as the Oracle chip purchase of the same report is.
    loans = rows["stargate-abilene-jpmorgan-loans"]
    assert loans["confidence"] == rows["oracle-abilene-nvidia-chips"]["confidence"] == "low"
    assert loans["announced"] == "2025-05-23"
    assert rows["korea-sovereign-ai-model-support-2025"]["confidence"] == "high"  # Asia Economy too
    assert rows["uk-ai-opportunities-action-plan"]["actor_type"] == "corporate"  # companies pledge it
    assert rows["uk-nscale-loughton"]["period_end"] == "2028"
    # The Welsh Government's "over £12 billion", not the plain "£12bn" of reports (fact-check 2026-12-05).
    vantage = rows["uk-vantage-data-centres"]
    assert (vantage["amount_kind"], vantage["source_kind"]) == ("more-than", "primary")
    assert "over £12 billion" in vantage["note"]
    assert rows["eu-raise-gigafactory-compute"]["amount_kind"] == "up-to"
    google = rows["uk-tpd-google"]
    assert google["source_kind"] == "secondary" and google["confidence"] == "high"
    # The "$42bn" of some reports is the same £31bn in dollars, not a rival total.
    assert "same total in dollars" in rows["uk-us-tech-prosperity-deal"]["note"]
    # Nscale's Series B funds Norway and Loughton: linked, so "may be counted twice" includes it.
    links = parse_overlaps(rows["nscale-series-b"]["overlaps_with"])
    assert {("partial", "stargate-norway"), ("partial", "uk-nscale-loughton"), ("partial", "stargate-uk")} <= set(links)
    split = rows["stargate-equity-split"]
    assert split["source_kind"] == "secondary" and split["status"] == "announced"
    # Newsrooms instead of relays where the corpus has them (the QA pass named such sources).
    # Medium since the source audit of 2026-12-05: Quartz is the one newsroom; EconoTimes rewrites Reuters.
    assert (rows["coreweave-capex-2025"]["source_kind"], rows["coreweave-capex-2025"]["confidence"]) == ("secondary", "medium")
    assert rows["coreweave-capex-2026"]["announced"] == "2026-02-26"
    assert (rows["saudi-project-transcendence"]["source_kind"], rows["saudi-project-transcendence"]["confidence"]) == (
        "secondary", "low")  # a newsroom now, still anonymous sources


@pytest.mark.parametrize(
    ("item", "column", "kind", "wording"),
    [
        ("nvidia-openai-partnership", "capacity_gw_kind", "more-than", "at least 10GW"),
        ("anthropic-azure-30bn", "capacity_gw_kind", "up-to", "up to 1GW"),
        ("anthropic-aws-100bn", "capacity_gw_kind", "up-to", "up to 5GW"),
        ("meta-hyperion-blue-owl", "capacity_gw_kind", "more-than", "More than 2GW"),
        ("amazon-us-government-ai-50bn", "capacity_gw_kind", "approx", "nearly 1.3GW"),
        ("uk-tpd-nvidia", "accelerators_kind", "up-to", "up to 120,000 NVIDIA Blackwell GPUs"),
        ("deutsche-telekom-nvidia-industrial-ai-cloud", "accelerators_kind", "up-to", "up to 10,000 Blackwell GPUs"),
        ("oracle-abilene-nvidia-chips", "accelerators_kind", "approx", "roughly 400,000"),
        ("indiaai-mission", "accelerators_kind", "more-than", "10,000 or more GPUs"),
    ],
)
def test_a_capacity_or_count_keeps_the_wording_its_note_quotes(rows, item, column, kind, wording):
    """The wording of the physical figure decides the wording of its cost per unit (2026-12)."""
    assert rows[item][column] == kind and wording in rows[item]["note"]


@pytest.mark.parametrize(
    ("item", "link"),
    [
        ("openai-funding-2025-03", "partial:stargate"),
        ("openai-funding-round-2026", "partial:stargate"),
        ("anthropic-series-f", "partial:anthropic-us-datacenters-50bn"),
        ("anthropic-series-g", "partial:anthropic-us-datacenters-50bn"),
        ("anthropic-series-h", "partial:anthropic-us-datacenters-50bn"),
    ],
)
def test_a_round_that_may_fund_a_counted_build_out_of_its_company_is_linked_to_it(rows, item, link):
    """A QA pass found OpenAI's 2026 round and Anthropic's rounds outside the "may be counted
    twice" bound, though their notes say they fund compute that counted items build."""
    assert link in rows[item]["overlaps_with"].split(";") and "partial" in rows[item]["note"]


def test_a_part_or_revision_is_filed_where_its_item_is(rows):
    """SoftBank's $30bn part of OpenAI's US round was filed under Asia/JP by its investor, so a
    filter on Asia named the round as left out of Asia's total (QA pass 9). A region is where the
    money goes, and a funding round's is its company's: a part or revision shares its item's."""
    moved = [
        (r["id"], r["region"], r["country"], rows[r["parent_id"]]["region"], rows[r["parent_id"]]["country"])
        for r in rows.values()
        if r["role"] in ("component", "revision") and r["parent_id"] in rows
        and r["region"] != rows[r["parent_id"]]["region"]
    ]
    assert not moved, moved
