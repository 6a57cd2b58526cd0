"""The calendar-year view, one year of capex per company and the kinds of money (issue 12)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import dataset, ledger, report, years

BN = 1e9


def viewed(rows: list[dict], *, view: str = "year", year: int = 2026) -> pd.DataFrame:
    """Rows (id, value, period, scope, actor) as a converted frame, then ``years.for_view``."""
    frame = pd.DataFrame(
        [
            {
                "id": r["id"],
                "actor": r.get("actor", "Company"),
                "actor_type": r.get("actor_type", "corporate"),
                "scope": r.get("scope", "capex-total"),
                "status": r.get("status", "announced"),
                "period_start": r.get("start", ""),
                "period_end": r.get("end", ""),
                "value_low": r["value"],
                "value_high": r["value"],
                "counts_in_total": True,
                "counts_if_converted": True,
            }
            for r in rows
        ]
    )
    return years.for_view(frame, view=view, year=year)


def month_text(month_number: int) -> str:
    return f"{month_number // 12:04d}-{month_number % 12 + 1:02d}"


@given(
    first=st.integers(2015 * 12, 2035 * 12),
    length=st.integers(1, 15 * 12),
    value=st.floats(1e3, 1e13),
    month_precision=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_the_year_view_of_a_pledge_sums_to_its_total_over_its_horizon(first, length, value, month_precision):
    last = first + length - 1
    if month_precision:
        start, end = month_text(first), month_text(last)
    else:  # a bare year runs January to December
        start, end = str(first // 12), str(last // 12)
        first, last = (first // 12) * 12, (last // 12) * 12 + 11
    row = {"id": "pledge", "value": value, "start": start, "end": end, "scope": "ai-programme"}
    spread = [viewed([row], year=y).iloc[0] for y in range(first // 12 - 1, last // 12 + 2)]
    assert sum(r["year_months"] for r in spread) == last - first + 1
    assert math.fsum(r["year_low"] for r in spread) == pytest.approx(value, rel=1e-9)
    # Evenly by month: every month carries the same money.
    per_month = {round(r["year_low"] / r["year_months"], 6) for r in spread if r["year_months"]}
    assert len({round(v / value, 9) for v in per_month}) == 1


def test_a_fiscal_year_splits_by_month_and_an_item_without_horizon_has_no_share():
    rows = [
        {"id": "msft-fy2025", "value": 88.2 * BN, "start": "2024-07", "end": "2025-06"},
        {"id": "no-horizon", "value": 200 * BN, "start": "", "end": "2027", "scope": "ai-programme"},
    ]
    for year in (2024, 2025):
        out = viewed(rows, year=year).set_index("id")
        assert out.at["msft-fy2025", "year_months"] == 6
        assert out.at["msft-fy2025", "year_low"] == pytest.approx(44.1 * BN)
        assert math.isnan(out.at["no-horizon", "year_low"])
    assert viewed(rows, year=2026).set_index("id").at["msft-fy2025", "counts_in_total"] == False  # noqa: E712


capex_rows = st.lists(
    st.tuples(
        st.sampled_from(["Microsoft", "Microsoft (CFO Amy Hood)", "Meta", "Oracle"]),
        st.integers(2023, 2027),  # fiscal year end
        st.sampled_from([1, 6, 7, 12]),  # month the fiscal year ends
        st.sampled_from([12, 12, 3, 24, 0]),  # months of the period; 0: none stated (an upload's)
    ),
    min_size=1,
    max_size=10,
)


def capex_frame(entries) -> list[dict]:
    rows = []
    for n, (actor, end_year, end_month, months) in enumerate(entries):
        end = end_year * 12 + end_month - 1
        start, stop = (month_text(end - months + 1), month_text(end)) if months else ("", "")
        rows.append({"id": f"c{n}", "actor": actor, "value": 10 * BN, "start": start, "end": stop})
    return rows


@given(capex_rows, st.integers(2022, 2028), st.sampled_from(["total", "per-year"]))
@settings(max_examples=150, deadline=None)
def test_no_view_adds_two_years_of_one_companys_capex(entries, year, view):
    out = viewed(capex_frame(entries), view=view, year=year)
    counted = out[out["counts_in_total"]]
    companies = years.company_of(counted["actor"])
    assert len(companies) == len(set(companies)), counted[["id", "actor"]]
    # The row kept is a fiscal year ending in the year, and no row ending in it that covers more
    # of it was dropped for that company; a company with none ending in it has none kept.
    ends = pd.to_numeric(out["period_end"].str[:4], errors="coerce") == year  # no period: no year's
    for company in set(years.company_of(out["actor"])):
        mine = (years.company_of(out["actor"]) == company) & ends.to_numpy()
        kept = counted[years.company_of(counted["actor"]) == company]
        if not mine.any():
            assert kept.empty
        else:
            best = out.loc[mine, "year_months"].max()
            assert len(kept) == 1 and kept["period_end"].str[:4].astype(int).iloc[0] == year
            assert kept["year_months"].iloc[0] == best > 0
    assert set(out.loc[out["other_year"], "id"]) == set(out["id"]) - set(counted["id"])


@given(capex_rows, st.sampled_from(["total", "per-year"]))
@settings(max_examples=60, deadline=None)
def test_no_figure_is_two_years_capex(entries, view):
    """Oracle's fiscal 2026 (June 2025 to May 2026) was "capex of 2025" and, for want of a later
    figure, "capex of 2026" too: read year on year, one figure counted twice (QA pass)."""
    seen: dict[str, int] = {}
    for year in range(2021, 2029):
        out = viewed(capex_frame(entries), view=view, year=year)
        for row_id in out.loc[out["counts_in_total"], "id"]:
            assert row_id not in seen, (row_id, seen[row_id], year)
            seen[row_id] = year


# --- the bundled data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return dataset.read_dataset(dataset.default_dataset_path())


def payload(frame, **options):
    return report.totals_payload(frame, **options)


def test_the_2026_year_view_counts_each_companys_2026_capex_once_and_stargates_share(bundled):
    p = payload(bundled, currency="USD", view="year", calendar_year=2026)
    ids = set(p["groups"][0]["ids"])
    assert p["calendar_year"] == 2026 and p["view"] == "year"
    # Microsoft's calendar-2026 guidance counts by its latest figure, the July 2026 update ($175bn).
    assert {"microsoft-capex-cy2026-rev-2026-07", "amazon-capex-2026", "coreweave-capex-2026"} <= ids
    assert "microsoft-capex-cy2026" not in ids
    assert "alphabet-capex-2026-rev-2026-04" in ids and "meta-capex-2026-rev-2026-04" in ids
    assert not {i for i in ids if "capex-2025" in i or "capex-fy2025" in i}
    # Oracle's FY2026 runs June 2025 to May 2026: five of its months fall in 2026. Its latest
    # figure is the reported actual ($55.7bn), not the December guidance it replaced.
    assert "oracle-capex-fy2026-actual" in ids and "oracle-capex-fy2026-rev-2025-12" not in ids
    rows = ledger.normalise(bundled, currency="USD", view="year", calendar_year=2026).set_index("id")
    assert rows.at["stargate", "year_high"] == pytest.approx(500 * BN / 4)
    assert rows.at["oracle-capex-fy2026-actual", "year_high"] == pytest.approx(55.7 * BN * 5 / 12)
    assert "investai" in p["no_horizon_ids"] and "investai" not in ids


@pytest.mark.parametrize("view", years.VIEWS)
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_no_total_adds_two_years_of_one_companys_capex_and_kinds_add_up(bundled, view, year):
    p = payload(bundled, currency="EUR", view=view, calendar_year=year)
    rows = ledger.normalise(bundled, currency="EUR", view=view, calendar_year=year).set_index("id")
    capex = [i for i in p["groups"][0]["ids"] if rows.at[i, "scope"] == "capex-total"]
    if view != "year":
        companies = years.company_of(rows.loc[capex, "actor"])
        assert len(companies) == len(set(companies)), capex
    assert set(p["by_kind"]) == set(years.KINDS)
    assert math.fsum(k["high"] for k in p["by_kind"].values()) == pytest.approx(p["total"]["high"], rel=1e-12)
    assert sorted(i for k in p["by_kind"].values() for i in k["ids"]) == sorted(p["groups"][0]["ids"])


@pytest.mark.parametrize("basis", ["latest", "average"])
@pytest.mark.parametrize("view", years.VIEWS)
def test_under_one_rate_for_all_every_share_and_ratio_is_the_same_in_every_currency(bundled, basis, view):
    shares = {}
    for currency in ("EUR", "USD", "JPY", "GBP", "CHF"):
        p = payload(bundled, currency=currency, basis=basis, year=2025, view=view, calendar_year=2025, by="region")
        rows = ledger.normalise(
            bundled,
            currency=currency,
            basis=basis,
            year=report.effective_year(basis, 2025),
            view=view,
            calendar_year=2025,
        )
        total = p["total"]["high"]
        shares[currency] = np.array(
            [
                *(g["high"] / total for g in p["groups"]),
                *(k["high"] / total for k in p["by_kind"].values()),
                *np.ravel(ledger.public_share(ledger.apply_filters(rows, ledger.Filters()), view=view)),
                p["overlap"]["high"] / total,
            ]
        )
    reference = shares.pop("EUR")
    for currency, values in shares.items():
        np.testing.assert_allclose(values, reference, rtol=1e-9, err_msg=currency)


def test_the_last_year_offered_follows_stated_horizons_but_not_to_any_length():
    from dashboard import fx, ledger

    last_fixing = fx.last_fixing_date().year
    rows = pd.DataFrame({"role": "headline", "status": "announced", "amount_high": 1.0, "scope": "ai-programme",
                         "period_start": "2025", "period_end": ["2031", "2040"], "actor": "x"})
    assert ledger.last_view_year(rows) == 2040
    # An upload's horizon of 9999 offered some 8,000 years in the sidebar (review).
    assert ledger.last_view_year(rows.assign(period_end="9999")) == last_fixing + ledger.YEARS_AHEAD
    # Cancelled or context money, or no horizon: the fixings' last year.
    assert ledger.last_view_year(rows.assign(status="cancelled")) == last_fixing
    assert ledger.last_view_year(rows.assign(role="context")) == last_fixing
