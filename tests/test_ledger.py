"""Totals rules of design.md section 4, on a small hand-made tree of rows."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import ledger, lookups, overlaps

BN = 1e9


def row(id, *, parent="", role="headline", low=None, high=None, announced="2025-01-01", status="announced",
        region="Europe", actor_type="public", scope="ai-programme", confidence="high", start="", end="",
        currency="EUR"):
    low = math.nan if low is None else low
    high = low if high is None else high
    return {
        "id": id, "parent_id": parent, "role": role, "name": id, "name_de": "", "actor": "a",
        "actor_type": actor_type, "region": region, "country": "", "amount_low": low, "amount_high": high,
        "amount_kind": "exact", "currency": currency, "announced": announced, "period_start": start,
        "period_end": end, "status": status, "scope": scope, "confidence": confidence,
        "source_url": "https://example.org", "note": "",
    }


def frame(rows):
    df = pd.DataFrame(rows)
    df.index = range(1, len(df) + 1)
    # Tests of the totals rules do not need currency conversion: values are the amounts.
    df["value_low"] = df["amount_low"]
    df["value_high"] = df["amount_high"]
    years = ledger.resolve(df)["period_years"]
    return df.assign(period_years=years, per_year_low=df["value_low"] / years, per_year_high=df["value_high"] / years)


def tree():
    return [
        row("investai", low=200 * BN, announced="2025-02-11"),
        row("fund", parent="investai", role="component", low=20 * BN),
        row("stargate", low=500 * BN, region="North America", actor_type="corporate",
            announced="2025-01-21", start="2025-01", end="2028-12"),
        row("stargate-cum", parent="stargate", role="cumulative", low=450 * BN, region="North America"),
        row("capex", low=60 * BN, high=65 * BN, region="North America", actor_type="corporate",
            announced="2025-01-24", start="2025", end="2025", scope="capex-total"),
        row("capex-r1", parent="capex", role="revision", low=64 * BN, high=72 * BN, announced="2025-04-30",
            region="North America", actor_type="corporate", start="2025", end="2025", scope="capex-total"),
        row("capex-actual", parent="capex", role="revision", low=72.22 * BN, announced="2026-01-28",
            status="spent", region="North America", actor_type="corporate", start="2025", end="2025",
            scope="capex-total"),
        row("capex-r0", parent="capex", role="revision", low=66 * BN, high=72 * BN, announced="2025-07",
            region="North America", actor_type="corporate", start="2025", end="2025", scope="capex-total"),
        row("deepseek", role="context", low=5.576e6, region="Asia", scope="training-cost"),
        row("cancelled", low=9 * BN, status="cancelled"),
        row("count-only", low=None),
    ]


def test_latest_revision_replaces_its_headline_in_totals():
    df = ledger.resolve(frame(tree()), revisions="latest")
    counted = set(df.loc[df["counts_in_total"], "id"])
    assert counted == {"investai", "stargate", "capex-actual"}


def test_first_figures_count_the_headline_not_its_revisions():
    df = ledger.resolve(frame(tree()), revisions="first")
    assert set(df.loc[df["counts_in_total"], "id"]) == {"investai", "stargate", "capex"}


def test_total_adds_headlines_only_and_sums_ranges_low_with_low():
    t = ledger.totals(ledger.resolve(frame(tree()), revisions="first"))
    assert t.low == pytest.approx(200 * BN + 500 * BN + 60 * BN)
    assert t.high == pytest.approx(200 * BN + 500 * BN + 65 * BN)


def test_latest_revision_is_chosen_by_date_not_by_row_order():
    rows = tree()
    # Move the actual to the front of its siblings: the latest date must still win.
    rows.insert(5, rows.pop(6))
    df = ledger.resolve(frame(rows))
    assert df.loc[df["id"] == "capex-actual", "counts_in_total"].item()


def test_a_revised_headline_and_its_latest_revision_are_marked_whatever_the_setting():
    # "first figure (revised since)" in a hover reads ``revised``. A regression test of the flags: the
    # guard for a revision dated before its headline is gone, as the validator refuses one (test_validation).
    rows = [row("h", low=10 * BN, announced="2025-06-01"), row("h-r", parent="h", role="revision", low=12 * BN,
                                                                announced="2025-06")]
    for revisions in ledger.REVISIONS:
        df = ledger.resolve(frame(rows), revisions=revisions).set_index("id")
        assert df["revised"].to_dict() == {"h": True, "h-r": False}
        assert df["latest_revision"].to_dict() == {"h": False, "h-r": True}


def test_cancelled_and_moneyless_rows_never_count():
    df = ledger.resolve(frame(tree()))
    assert not df.loc[df["id"].isin(["cancelled", "count-only"]), "counts_in_total"].any()


def test_item_id_is_the_top_ancestor():
    rows = tree() + [row("sub", parent="fund", role="component", low=1 * BN)]
    df = ledger.resolve(frame(rows))
    assert df.set_index("id").loc["sub", "item_id"] == "investai"
    assert df.set_index("id").loc["sub", "item_announced"] == "2025-02-11"


def test_per_year_divides_by_the_stated_period_in_years():
    df = frame(tree()).set_index("id")
    assert df.loc["stargate", "per_year_low"] == pytest.approx(125 * BN)
    assert df.loc["capex", "per_year_high"] == pytest.approx(65 * BN)
    assert math.isnan(df.loc["investai", "per_year_low"])


def test_period_years_counts_inclusive_months_and_a_bare_year_as_january_to_december():
    starts, ends = ["2025-01", "2025", "2024-07", "2021", ""], ["2028-12", "2025", "2025-06", "2027", "2030"]
    rows = [row(f"r{i}", start=s, end=e) for i, (s, e) in enumerate(zip(starts, ends))]
    years = ledger.resolve(pd.DataFrame(rows))["period_years"].tolist()
    assert years[:4] == [4.0, 1.0, 1.0, 7.0] and math.isnan(years[4])


def test_per_year_total_names_items_without_a_horizon():
    t = ledger.totals(ledger.resolve(frame(tree())), view="per-year")
    assert t.no_horizon_ids == ("investai",)
    assert t.low == pytest.approx(125 * BN + 72.22 * BN)


def test_grouped_totals_add_up_to_the_total():
    t = ledger.totals(ledger.resolve(frame(tree())), by="region")
    assert {g.key for g in t.groups} == {"Europe", "North America"}
    assert sum(g.low for g in t.groups) == pytest.approx(t.low)
    assert sum(g.high for g in t.groups) == pytest.approx(t.high)
    assert sorted(i for g in t.groups for i in g.ids) == sorted(t.ids)


def test_filters_apply_to_each_rows_own_facets():
    df = ledger.resolve(frame(tree()))
    kept = ledger.apply_filters(df, ledger.Filters(regions=("North America",)))
    assert set(kept["region"]) == {"North America"}
    t = ledger.totals(kept)
    assert set(t.ids) == {"stargate", "capex-actual"}


def test_status_filter_uses_the_status_of_the_counted_figure():
    df = ledger.resolve(frame(tree()))
    spent = ledger.totals(ledger.apply_filters(df, ledger.Filters(statuses=("spent",))))
    assert spent.ids == ("capex-actual",)


def test_date_range_selects_items_by_first_announcement_with_their_revisions():
    df = ledger.resolve(frame(tree()))
    kept = ledger.apply_filters(df, ledger.Filters(date_from="2025-01-24", date_to="2025-01"))
    assert set(kept["item_id"]) == {"capex"}
    assert "capex-actual" in set(kept["id"])  # announced 2026, but part of an item from Jan 2025


def test_min_confidence_keeps_that_grade_and_better():
    rows = tree()
    rows[2]["confidence"] = "medium"
    rows[0]["confidence"] = "low"
    df = ledger.resolve(frame(rows))
    kept = ledger.apply_filters(df, ledger.Filters(min_confidence="medium"))
    assert "investai" not in set(kept["id"]) and "stargate" in set(kept["id"])


def test_revision_history_starts_with_the_headline_then_oldest_first():
    assert [r["id"] for r in ledger.history(tree(), "capex")] == ["capex", "capex-r1", "capex-r0", "capex-actual"]


def test_public_share_is_measured_on_the_counted_total():
    df = ledger.resolve(frame(tree()))
    public, mixed = ledger.public_share(df)
    assert public[1] == pytest.approx(200 / (200 + 500 + 72.22))
    assert mixed == (0, 0)
    # A range shows as one: the card read 10.9%, the high ends alone, next to a total of
    # €2.29–2.37T (low ends: 9.2%).
    ranged = df.assign(value_low=df["value_high"].where(df["actor_type"] != "public", df["value_high"] / 2))
    low, high = ledger.public_share(ranged)[0]
    assert low == pytest.approx(100 / (100 + 500 + 72.22)) and high == pytest.approx(public[1])
    assert all(math.isnan(v) for pair in ledger.public_share(df.assign(counts_in_total=False)) for v in pair)
    # Figures of nothing at their low ends: the share may be anything from none to all of it.
    assert ledger.public_share(df.assign(value_low=0.0))[0] == (0.0, 1.0)
    # Public money alone, of "0–X" figures, is all of the total, not "–"; no public-private figure
    # is none of it, whatever the low ends (the help said "make up –": review).
    alone = df.assign(actor_type="public", value_low=0.0)
    assert ledger.public_share(alone) == ((1.0, 1.0), (0.0, 0.0))
    # The share's range is as wide as the figures allow: the public part at its low ends beside the
    # rest at its high ends, and the reverse (low over the low total gave 9.1–11.2% where the share
    # may be 9.0–11.4%: QA pass 24).
    both = df.assign(value_low=df["value_high"] / 2)
    assert ledger.public_share(both)[0] == pytest.approx((100 / (100 + 500 + 72.22), 200 / (200 + 286.11)))
    # The smaller share first ("public-private add another 8.8–8.5%" read low over low first).
    assert ledger.public_share(ranged.assign(actor_type="public"))[0] == (1.0, 1.0)
    widened = df.assign(value_low=df["value_high"].where(df["actor_type"] == "public", df["value_high"] / 2))
    assert ledger.public_share(widened)[0][0] < ledger.public_share(widened)[0][1]


def test_unknown_options_raise_clear_errors():
    df = ledger.resolve(frame(tree()))
    with pytest.raises(ValueError, match="revisions must be one of latest, first"):
        ledger.resolve(frame(tree()), revisions="newest")
    with pytest.raises(ValueError, match="by must be one of"):
        ledger.totals(df, by="planet")


# --- properties -----------------------------------------------------------------------------

amounts = st.floats(min_value=0, max_value=1e12, allow_nan=False)


@st.composite
def trees(draw):
    n = draw(st.integers(min_value=1, max_value=6))
    rows = []
    for i in range(n):
        low = draw(amounts)
        high = low + draw(amounts)
        rows.append(row(f"h{i}", low=low, high=high, region=draw(st.sampled_from(["Europe", "Asia"])),
                        announced=f"2025-0{draw(st.integers(1, 9))}"))
        for j in range(draw(st.integers(0, 3))):
            rlow = draw(amounts)
            rows.append(row(f"h{i}-r{j}", parent=f"h{i}", role="revision", low=rlow, high=rlow,
                            announced=f"2026-0{draw(st.integers(1, 9))}", region=rows[-1]["region"]))
    return rows


@given(trees(), st.sampled_from(["component", "cumulative", "context"]), st.data())
@settings(max_examples=60, deadline=None)
def test_adding_component_cumulative_or_context_rows_never_changes_a_total(rows, role, data):
    before = ledger.totals(ledger.resolve(frame(rows)))
    parents = [r["id"] for r in rows if r["parent_id"] == ""]
    extra = []
    for k in range(data.draw(st.integers(1, 4))):
        parent = data.draw(st.sampled_from(parents + [""])) if role == "context" else data.draw(st.sampled_from(parents))
        extra.append(row(f"x{k}", parent=parent, role=role, low=data.draw(amounts)))
    after = ledger.totals(ledger.resolve(frame(rows + extra)))
    assert (after.low, after.high, after.ids) == (before.low, before.high, before.ids)


@given(trees(), st.sampled_from(["region", "status", "none"]), st.sampled_from(ledger.REVISIONS))
@settings(max_examples=60, deadline=None)
def test_total_equals_the_sum_of_its_groups(rows, by, revisions):
    t = ledger.totals(ledger.resolve(frame(rows), revisions=revisions), by=by)
    assert sum(g.low for g in t.groups) == pytest.approx(t.low, rel=1e-9)
    assert sum(g.high for g in t.groups) == pytest.approx(t.high, rel=1e-9)


@given(trees())
@settings(max_examples=60, deadline=None)
def test_each_headline_is_counted_exactly_once(rows):
    df = ledger.resolve(frame(rows))
    counted = df[df["counts_in_total"]]
    assert counted["item_id"].is_unique
    assert set(counted["item_id"]) == {r["id"] for r in rows if r["parent_id"] == ""}


def test_largest_positions_rank_by_value_then_id_and_keep_ties_at_the_cut():
    data = pd.DataFrame({"id": ["d", "c", "b", "a", "e"], "value_high": [3.0, 5.0, 5.0, math.nan, 1.0]})
    assert ledger.largest_positions(data, "value_high").tolist() == [2, 1, 0, 4]
    # The tie at the cut is broken by id, not by position.
    assert ledger.largest_positions(data, "value_high", 1).tolist() == [2]
    assert ledger.largest_positions(data, "value_high", 0).tolist() == []
    keep = [True, True, False, True, True]
    assert ledger.largest_positions(data, "value_high", 2, where=pd.Series(keep).to_numpy()).tolist() == [1, 0]


def test_largest_items_are_whole_rows_in_ranking_order():
    data = ledger.resolve(frame(tree()))
    largest = ledger.largest_items(data, 2)
    counted = data[data["counts_in_total"]].sort_values(["value_high", "id"], ascending=[False, True])
    pd.testing.assert_frame_equal(largest, counted.head(2))


@pytest.mark.parametrize("dtype", ["str", object])
def test_is_in_is_pandas_isin_for_text_and_missing_values(dtype):
    column = pd.Series(["a", "b", None, "", "c", "a"], dtype=dtype)
    for values in (["a", "c"], {"x"}, [], ["", "b"]):
        assert lookups.is_in(column, values).tolist() == column.isin(list(values)).tolist()


def test_values_at_reads_short_and_long_columns_alike():
    short = pd.Series(["a", None, "c"], dtype="str")
    long = pd.Series(["a", None, "c"] * 2000, dtype="str")
    picked = [2, 0, 1]
    assert list(lookups.values_at(short, picked)) == list(short.to_numpy(dtype=object)[picked])
    assert list(lookups.values_at(long, picked)) == list(long.to_numpy(dtype=object)[picked])
    assert lookups.values_at(pd.Series([1.5, 2.5]), [1]).tolist() == [2.5]


def test_shown_rows_pick_the_counted_revision_of_a_headline_and_keep_the_order_asked():
    """Each id stands for the row the compare page shows: a headline's counted revision, else itself."""
    from dashboard import dataset

    for revisions in ("latest", "first"):
        data = ledger.normalise(dataset.read_dataset(dataset.bundled_dataset_path()), currency="EUR",
                                revisions=revisions)

        def one_by_one(item_id):
            row = data[data["id"] == item_id].iloc[0]
            counted = data[(data["item_id"] == item_id) & data["counts_if_converted"]]
            # A headline whose counted revision is asked for too shows its own figure beside it.
            asked_too = not counted.empty and counted.iloc[0]["id"] in ids and counted.iloc[0]["id"] != item_id
            return counted.iloc[0] if row["role"] == "headline" and not counted.empty and not asked_too else row

        for ids in (list(data["id"])[::-1] + ["no-such-id"], list(data["id"][data["role"] == "headline"])):
            shown = ledger.shown_rows(data, ids)
            assert list(shown["id"]) == [one_by_one(i)["id"] for i in ids if i != "no-such-id"]
            assert (shown.dtypes == data.dtypes).all()
            assert shown["id"].is_unique  # never one figure twice
    revised = data.loc[(data["role"] == "revision"), "parent_id"].iloc[0]
    latest = ledger.normalise(dataset.read_dataset(dataset.bundled_dataset_path()), currency="EUR")
    assert ledger.shown_rows(latest, [revised])["role"].tolist() == ["revision"]
    assert ledger.shown_rows(data, [revised])["id"].tolist() == [revised]


# --- Overlaps (overlaps_with): inside items are not added, partial ones are reported -------------


@pytest.fixture(scope="module")
def bundled_eur():
    from dashboard import dataset

    return ledger.normalise(dataset.read_dataset(dataset.default_dataset_path()), currency="EUR")


def test_an_inside_item_never_changes_a_total_that_holds_its_container(bundled_eur):
    inside, container = "uk-compute-public-funding-2025", "uk-spending-review-2025-ai"
    everything = ledger.apply_filters(bundled_eur, ledger.Filters())
    without = ledger.apply_filters(bundled_eur[bundled_eur["id"] != inside], ledger.Filters())
    assert ledger.totals(everything).high == pytest.approx(ledger.totals(without).high)
    assert inside not in ledger.totals(everything).ids
    assert everything.set_index("id").at[inside, "counted_inside"] == container


def test_an_inside_item_counts_again_when_the_filters_drop_its_container(bundled_eur):
    inside, container = "uk-compute-public-funding-2025", "uk-spending-review-2025-ai"
    only = ledger.apply_filters(bundled_eur, ledger.Filters(item_ids=(inside,)))
    assert ledger.totals(only).ids == (inside,)
    both = ledger.apply_filters(bundled_eur, ledger.Filters(item_ids=(inside, container)))
    assert ledger.totals(both).ids == (container,)


def test_partial_overlaps_are_reported_never_more_than_either_side(bundled_eur):
    rows = ledger.apply_filters(bundled_eur, ledger.Filters())
    shared = overlaps.overlap(rows)
    total = ledger.totals(rows)
    assert 0 < shared.low <= shared.high < total.high
    assert ("amazon-india-2030", "amazon-capex-2026") in shared.pairs
    values = rows[rows["counts_in_total"]].set_index("item_id")["value_high"]
    for a, b in shared.pairs:
        assert a in values.index and b in values.index
    # Without its partner in the selection, a pledge overlaps nothing.
    alone = ledger.apply_filters(bundled_eur, ledger.Filters(item_ids=("amazon-india-2030",)))
    assert overlaps.overlap(alone) == overlaps.Overlap(0.0, 0.0, ())


def test_partial_overlap_shares_the_smaller_figure_side_by_side_and_skips_what_cannot_overlap():
    nan = float("nan")
    rows = pd.DataFrame(
        [
            # id, item_id, counts, low, high, overlaps_with
            ("a", "a", True, 10.0, 20.0, ""),
            ("b", "b", True, 5.0, 30.0, "partial:a"),  # shares min(5, 10) and min(30, 20)
            ("a2", "a", False, 1.0, 1.0, ""),
            ("c1", "c", True, 8.0, 8.0, "partial:a2"),  # a row id names its item: a
            ("d", "d", True, 50.0, 60.0, "partial:d2"),  # its own item: nothing
            ("d2", "d", False, 1.0, 1.0, ""),
            ("e", "e", True, 3.0, 4.0, "partial:x"),  # an item that does not count: nothing
            ("x", "x", False, 1.0, 1.0, ""),
            ("f", "f", True, nan, nan, "partial:a"),  # no figure of its own: nothing
            ("g", "g", True, 100.0, 200.0, "partial:a ; partial:b"),  # 10 + 5, 20 + 30
            ("h", "h", False, 1.0, 2.0, "partial:a"),  # not counted itself: nothing
            ("k", "k", True, 2.0, 3.0, "inside:a"),  # inside, not partial: not here
        ],
        columns=["id", "item_id", "counts_in_total", "value_low", "value_high", "overlaps_with"],
    )
    shared = overlaps.overlap(rows)
    assert (shared.low, shared.high) == (5 + 8 + 15, 20 + 8 + 50)
    assert shared.pairs == (("b", "a"), ("c", "a"), ("g", "a"), ("g", "b"))
    # Each pair's own bound, the smaller figure low with low and high with high: g's two add up to
    # more than g holds (15 of its 100 low, 50 of its 200 high: here they fit; "small" below not).
    assert shared.shares == ((5, 20), (8, 8), (10, 20), (5, 30))
    # A row never shares more than its own figure.
    small = rows.assign(value_low=rows["value_low"].where(rows["id"] != "g", 1.0))
    assert overlaps.overlap(small).low == 5 + 8 + 1
    assert overlaps.overlap(small).shares[2:] == ((1, 20), (1, 30))  # each pair alone: more than g's 1


def test_a_partial_link_to_an_item_inside_a_counted_one_shares_through_it_up_to_its_own_figure():
    """A campus partly in Germany's pledge, itself inside a counted capex headline (so not added),
    reported no overlap at all (attack round 7)."""
    rows = pd.DataFrame(
        [
            ("capex", "capex", True, 100.0, 100.0, "", ""),
            ("germany", "germany", False, 10.0, 10.0, "inside:capex", "capex"),
            ("campus", "campus", True, 8.0, 8.0, "partial:germany", ""),
            ("site", "site", True, 30.0, 30.0, "partial:germany", ""),  # up to the pledge's 10
            ("lone", "lone", False, 5.0, 5.0, "inside:gone", "gone"),  # its container is not in the rows
            ("shed", "shed", True, 4.0, 4.0, "partial:lone", ""),
        ],
        columns=["id", "item_id", "counts_in_total", "value_low", "value_high", "overlaps_with", "counted_inside"],
    )
    shared = overlaps.overlap(rows)
    assert shared.pairs == (("campus", "germany"), ("site", "germany"))
    assert shared.shares == ((8, 8), (10, 10)) and (shared.low, shared.high) == (18, 18)
    # Two levels (review 60): K inside X inside Y, P partial to K shares up to K's 2.
    deeper = pd.DataFrame(
        [
            ("y", "y", True, 100.0, 100.0, "", ""),
            ("x", "x", False, 10.0, 10.0, "inside:y", "y"),
            ("k", "k", False, 2.0, 2.0, "inside:x", "x"),
            ("p", "p", True, 5.0, 5.0, "partial:k", ""),
        ],
        columns=rows.columns,
    )
    assert overlaps.overlap(deeper).pairs == (("p", "k"),) and overlaps.overlap(deeper).high == 2
    # K inside P itself, which P links: counted once, in P, so nothing may count twice (review 60).
    own = pd.DataFrame(
        [("k", "k", False, 2.0, 2.0, "inside:p", "p"), ("p", "p", True, 5.0, 5.0, "partial:k", "")],
        columns=rows.columns,
    )
    assert overlaps.overlap(own).pairs == () and overlaps.overlap(own).high == 0


def test_the_parts_that_carry_a_link_bound_what_their_headline_shares():
    # "up to €35.8B: US–UK Tech Prosperity Deal ↔ Alphabet 2026 capex": the whole deal against the
    # capex, where the data says Google's £5bn part is what sits in it (QA pass 24).
    rows = pd.DataFrame(
        [
            # id, parent_id, role, counts, low, high, kind, overlaps_with
            ("deal", "", "headline", True, 30.0, 40.0, "exact", "partial:capex;partial:plan;partial:other"),
            ("google", "deal", "component", False, 5.0, 5.0, "exact", "partial:capex"),
            ("nvidia", "deal", "component", False, 1.0, 2.0, "up-to", "partial:capex-r1"),  # a revision's id: its item
            ("msft", "deal", "component", False, 9.0, 9.0, "more-than", "partial:other"),  # a floor bounds nothing
            ("capex", "", "headline", False, 90.0, 90.0, "exact", ""),
            ("capex-r1", "capex", "revision", True, 100.0, 100.0, "exact", ""),
            ("plan", "", "headline", True, 20.0, 20.0, "exact", ""),
            ("other", "", "headline", True, 50.0, 50.0, "exact", ""),
        ],
        columns=["id", "parent_id", "role", "counts_in_total", "value_low", "value_high", "amount_kind", "overlaps_with"],
    )
    rows["item_id"] = rows["parent_id"].where(rows["role"] == "revision", "").where(lambda s: s != "", rows["id"])
    rows["item_id"] = rows["item_id"].where(rows["role"] != "component", "deal")
    rows["item_part_count"] = rows["item_id"].map({"deal": 3}).fillna(0).astype(int)
    shared = overlaps.overlap(rows)
    bounds = dict(zip(shared.pairs, shared.shares))
    assert bounds == {("deal", "capex"): (6, 7), ("deal", "plan"): (20, 20), ("deal", "other"): (30, 40)}, bounds
    # A part without a figure in the view bounds nothing: the headline's figure does.
    unknown = rows.assign(value_high=rows["value_high"].where(rows["id"] != "nvidia", float("nan")))
    assert dict(zip(*(lambda s: (s.pairs, s.shares))(overlaps.overlap(unknown))))[("deal", "capex")] == (30, 40)
    # A filter that dropped one of the item's parts leaves the item's own bound: the parts left may
    # hold less than the data does (review).
    filtered = rows[rows["id"] != "nvidia"]
    assert dict(zip(*(lambda s: (s.pairs, s.shares))(overlaps.overlap(filtered))))[("deal", "capex")] == (30, 40)


def test_a_counted_revision_keeps_its_items_partial_overlap(bundled_eur):
    # Oracle's FY2026 guidance carries partial:stargate; its latest figure (the actual) has no
    # link of its own. Reading the counted row's own cell dropped the pair under "Latest figures"
    # while "As first announced" showed it (QA round 4).
    rows = ledger.apply_filters(bundled_eur, ledger.Filters())
    counted = set(rows.loc[rows["counts_in_total"], "id"])
    assert "oracle-capex-fy2026-actual" in counted and "oracle-capex-fy2026" not in counted
    shared = overlaps.overlap(rows)
    assert ("oracle-capex-fy2026", "stargate") in shared.pairs
    oracle = rows.set_index("id").loc["oracle-capex-fy2026-actual"]
    assert shared.low >= oracle["value_low"]  # all of Oracle's figure may sit inside Stargate's

    # The headline filtered away (status: spent keeps the actual, not the guidance): still linked.
    data = frame(
        [
            row("venture", low=500 * BN, status="spent"),
            row("guidance", low=25 * BN),
            row("guidance-actual", parent="guidance", role="revision", low=55 * BN, status="spent",
                announced="2026-06"),
        ]
    ).assign(overlaps_with=["", "partial:venture", ""])
    spent = ledger.apply_filters(ledger.resolve(data), ledger.Filters(statuses=("spent",)))
    assert set(spent["id"]) == {"venture", "guidance-actual"}  # the headline is gone
    assert overlaps.overlap(spent) == overlaps.Overlap(
        55 * BN, 55 * BN, (("guidance", "venture"),), ((55 * BN, 55 * BN),)
    )


def programme(revision_low: float) -> list[dict]:
    """A 1bn programme (announced 2025-02) and its revision to ``revision_low`` (2025-06)."""
    return [
        row("programme", low=1 * BN, announced="2025-02-01"),
        row("programme-rev", parent="programme", role="revision", low=revision_low, announced="2025-06-01"),
    ]


def test_a_revision_with_links_of_its_own_keeps_its_items_links_too():
    # Its own cell used to replace the item's: a revision naming a partner lost the headline's
    # inside: link and was added on top of its container (diff review).
    data = frame(
        [
            row("budget", low=10 * BN),
            row("partner", low=3 * BN),
            *programme(2 * BN),
        ]
    ).assign(overlaps_with=["", "", "inside:budget", "partial:partner"])
    resolved = ledger.resolve(data)
    assert resolved.set_index("id").at["programme-rev", "item_overlaps"] == "inside:budget;partial:partner"
    rows = ledger.apply_filters(resolved, ledger.Filters())
    assert ledger.totals(rows).high == 13 * BN  # budget and partner; the programme sits in the budget
    alone = ledger.apply_filters(resolved, ledger.Filters(item_ids=("programme", "partner")))
    assert overlaps.overlap(alone) == overlaps.Overlap(2 * BN, 2 * BN, (("programme", "partner"),), ((2 * BN, 2 * BN),))


def test_a_revision_that_outgrew_its_container_says_so_and_is_added():
    # The headline sat inside the budget; its revision (15bn) names the budget as partial. Merged
    # as "inside:budget;partial:budget", inside won and the 15bn vanished (diff review).
    data = frame([row("budget", low=10 * BN), *programme(15 * BN)]).assign(overlaps_with=["", "inside:budget", "partial:budget"])
    rows = ledger.apply_filters(ledger.resolve(data), ledger.Filters())
    assert ledger.totals(rows).high == 25 * BN
    assert overlaps.overlap(rows) == overlaps.Overlap(10 * BN, 10 * BN, (("programme", "budget"),), ((10 * BN, 10 * BN),))


def test_a_revisions_link_to_its_containers_revision_replaces_the_items_link_to_the_container():
    # "inside:budget" on the headline, "partial:budget-rev" on its 15bn revision: both were kept,
    # inside won and the revision vanished (12bn instead of 27bn; review). Links name items.
    data = frame(
        [
            row("budget", low=10 * BN),
            row("budget-rev", parent="budget", role="revision", low=12 * BN, announced="2025-03-01"),
            *programme(15 * BN),
        ]
    ).assign(overlaps_with=["", "", "inside:budget", "partial:budget-rev"])
    rows = ledger.apply_filters(ledger.resolve(data), ledger.Filters())
    assert ledger.totals(rows).high == 27 * BN


def test_two_items_linked_both_ways_share_one_sum_not_two():
    data = frame([row("a", low=4 * BN), row("b", low=6 * BN)]).assign(overlaps_with=["partial:b", "partial:a"])
    rows = ledger.apply_filters(ledger.resolve(data), ledger.Filters())
    assert overlaps.overlap(rows) == overlaps.Overlap(4 * BN, 4 * BN, (("a", "b"),), ((4 * BN, 4 * BN),))


def test_two_items_sharing_one_both_ways_never_count_more_twice_than_it_holds():
    # 8 and 8 both partly inside 10, linked both ways: each small side held its own pair, so
    # "up to 16bn" may be counted twice, more than the 10bn item holds (review). Now 10.
    data = frame([row("a1", low=8 * BN), row("a2", low=8 * BN), row("b", low=10 * BN)]).assign(
        overlaps_with=["partial:b", "partial:b", "partial:a1;partial:a2"]
    )
    rows = ledger.apply_filters(ledger.resolve(data), ledger.Filters())
    shared = overlaps.overlap(rows)
    assert (shared.low, shared.high) == (10 * BN, 10 * BN)
    assert sorted(shared.pairs) == [("a1", "b"), ("a2", "b")]


@pytest.mark.parametrize("order", [[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0]])
def test_the_overlap_does_not_depend_on_the_order_of_the_rows(order):
    # a (2) shares with b and c, b (10) names a back: the first row used to take the pair and its
    # own cap decided (2bn with a first, 4bn with b first; diff review). The smaller side holds it.
    data = frame([row("a", low=2 * BN), row("b", low=10 * BN), row("c", low=10 * BN)]).assign(
        overlaps_with=["partial:b;partial:c", "partial:a", ""]
    )
    shuffled = data.iloc[order]
    rows = ledger.apply_filters(ledger.resolve(shuffled), ledger.Filters())
    shared = overlaps.overlap(rows)
    assert (shared.low, shared.high) == (2 * BN, 2 * BN)
    assert sorted(shared.pairs) == [("a", "b"), ("a", "c")]


def test_an_item_linked_inside_its_own_component_still_counts():
    data = frame(
        [row("plan", low=10 * BN), row("plan-part", parent="plan", role="component", low=4 * BN)]
    ).assign(overlaps_with=["inside:plan-part", ""])
    rows = ledger.apply_filters(ledger.resolve(data), ledger.Filters())
    assert ledger.totals(rows).high == 10 * BN


def test_linked_from_counted_needs_links_and_scopes_to_find_anything():
    data = frame([row("a", low=4 * BN), row("b")]).assign(overlaps_with=["partial:b", ""])
    resolved = ledger.resolve(data)
    assert overlaps.linked_from_counted(resolved).tolist() == [False, True]
    assert overlaps.linked_from_counted(resolved.drop(columns=["scope"])).tolist() == [False, False]
    assert overlaps.linked_from_counted(resolved.drop(columns=["overlaps_with", "item_overlaps"])).tolist() == [
        False, False]


def test_a_revised_inside_item_is_not_added_on_top_of_its_container():
    data = frame([row("budget", low=10 * BN), *programme(2 * BN)]).assign(overlaps_with=["", "inside:budget", ""])
    rows = ledger.apply_filters(ledger.resolve(data), ledger.Filters())
    assert ledger.totals(rows).high == 10 * BN
    assert rows.set_index("id").at["programme-rev", "counted_inside"] == "budget"
    alone = ledger.apply_filters(ledger.resolve(data), ledger.Filters(item_ids=("programme",)))
    assert ledger.totals(alone).high == 2 * BN  # without its container, the latest figure counts


def test_below_confidence_names_only_what_the_confidence_filter_alone_keeps_from_counting():
    data = frame(
        [
            row("budget", low=10 * BN),
            row("plan", low=5 * BN, confidence="high"),
            row("plan-actual", parent="plan", role="revision", low=6 * BN, confidence="low", status="spent",
                announced="2025-06-01"),
            row("programme", low=1 * BN, confidence="high"),
            row("programme-rev", parent="programme", role="revision", low=2 * BN, confidence="low",
                announced="2025-06-01"),
        ]
    ).assign(overlaps_with=["", "", "", "inside:budget", ""])
    resolved = ledger.resolve(data)

    def named(**filters):
        chosen = ledger.Filters(min_confidence="medium", **filters)
        return ledger.below_confidence(resolved, chosen, ledger.apply_filters(resolved, chosen))

    # The programme's revision sits inside the counted budget: it would add nothing anyway.
    assert named() == ["plan-actual"]
    assert named(statuses=("announced",)) == []  # the status filter drops the actual first
    assert ledger.below_confidence(resolved, ledger.Filters(), resolved) == []


# --- Constant rate within an item (issue 12, point 1) ---------------------------------------------


@pytest.mark.parametrize("currency", ["EUR", "USD", "GBP", "JPY", "CHF"])
def test_every_row_of_an_item_converts_at_its_headline_rate(currency):
    """A revision's value changes only with its amount: same rate and rate date as its item. A
    context row is another deal beside the item and converts at its own date (its own test)."""
    from dashboard import dataset

    rows = ledger.normalise(dataset.read_dataset(dataset.default_dataset_path()), currency=currency)
    heads = rows[rows["id"] == rows["item_id"]].set_index("id")
    members = rows[
        (rows["id"] != rows["item_id"]) & rows["fx_rate"].notna() & (rows["currency"] != "") & (rows["role"] != "context")
    ]
    members = members[members["item_id"].map(heads["currency"]) == members["currency"]]
    assert len(members) > 20
    for row in members.itertuples():
        head = heads.loc[row.item_id]
        if head["announced"]:
            assert row.fx_date == head["fx_date"] and row.fx_rate == pytest.approx(head["fx_rate"]), row.id


def test_every_capex_raise_is_a_rise_in_euros_too():
    """In EUR, Microsoft's $80bn -> $88.2bn once showed as EUR 77.7bn -> 76.5bn."""
    from dashboard import charts, dataset

    rows = ledger.normalise(dataset.read_dataset(dataset.default_dataset_path()), currency="EUR")
    checked = 0
    for head in charts.revised_capex_ids(rows):
        family = rows[rows["item_id"] == head].sort_values("announced")
        amounts, values = family["amount_high"].tolist(), family["value_high"].tolist()
        for (a0, v0), (a1, v1) in zip(zip(amounts, values), zip(amounts[1:], values[1:])):
            if a1 > a0:
                assert v1 > v0, (head, a0, a1, v0, v1)
                checked += 1
    assert checked >= 8


def test_a_context_row_converts_at_its_own_date_parts_and_revisions_at_their_items(bundled_eur):
    """Oracle's $300bn contract (Sep 2025, context beside Stargate's 4.5 GW) read €290B at
    Stargate's January rate, 13% above its own date's (QA pass); parts and revisions keep the
    item's rate, so a raise in dollars stays a raise in euros."""
    rows = bundled_eur.set_index("id")
    oracle = rows.loc["oracle-openai-300bn-cloud-contract"]
    assert str(oracle["fx_date"]) == "2025-09-10"
    assert float(oracle["value_high"]) == pytest.approx(300e9 * float(oracle["fx_rate"]))
    assert float(oracle["value_high"]) < 0.9 * 300e9  # not January 2025's ~0.966
    michigan = rows.loc["stargate-michigan-financing"]
    assert str(michigan["fx_date"]).startswith("2026-04")
    # A revision keeps its item's date: Microsoft's FY2025 actual converts at the guidance's rate.
    assert str(rows.loc["microsoft-capex-fy2025-actual", "fx_date"]) == str(rows.loc["microsoft-capex-fy2025", "fx_date"])


def test_under_context_marks_a_context_row_and_every_row_below_it_whatever_the_order():
    """A revision of a context row read "Pledges" beside its "Context" headline (QA pass 6):
    ``under_context`` climbs any depth, in any row order, and never marks upwards or across."""
    rows = [
        row("part-of-part", parent="contract-part", role="component", low=1 * BN),
        row("contract-rev", parent="contract", role="revision", low=35 * BN, announced="2025-06"),
        row("headline", low=100 * BN),
        row("contract-part", parent="contract", role="component", low=5 * BN),
        row("contract", parent="headline", role="context", low=30 * BN),
        row("headline-part", parent="headline", role="component", low=10 * BN),
        row("orphan", parent="not-in-the-file", role="revision", low=2 * BN),
    ]
    marked = ledger.resolve(frame(rows)).set_index("id")["under_context"].to_dict()
    assert marked == {
        "part-of-part": True,
        "contract-rev": True,
        "headline": False,
        "contract-part": True,
        "contract": True,
        "headline-part": False,
        "orphan": False,
    }


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.booleans()), min_size=1, max_size=30))
def test_under_context_is_the_walk_up_the_parents(links):
    """Against a plain walk up the parents: a row is marked when it or an ancestor is context."""
    ids = [f"r{i}" for i in range(len(links))]
    parents = [ids[p] if p < i else "" for i, (p, _) in enumerate(links)]  # parents come first: no cycles
    roles = ["context" if ctx else ("component" if parent else "headline") for parent, (_, ctx) in zip(parents, links)]
    rows = [row(i, parent=p, role=r, low=1 * BN) for i, p, r in zip(ids, parents, roles)]
    marked = dict(zip(ids, ledger.resolve(frame(rows[::-1]))["under_context"].iloc[::-1]))
    by_id = dict(zip(ids, zip(parents, roles)))
    for i in ids:
        walk, at = False, i
        while at:
            walk |= by_id[at][1] == "context"
            at = by_id[at][0]
        assert marked[i] == walk, i


def test_a_row_below_a_context_row_converts_at_the_context_rows_date() -> None:
    # A revision of Oracle's $300bn contract (Sep 2025) converted at Stargate's January rate: €289.7bn
    # beside the contract's €256.3bn for the same dollars (attack round 6).
    from pathlib import Path

    from dashboard import dataset

    bundled = dataset.read_dataset(Path(__file__).resolve().parents[1] / "data" / "investments.csv")
    contract = bundled[bundled["id"] == "oracle-openai-300bn-cloud-contract"]
    revision = contract.assign(id="contract-restated", parent_id=contract["id"].iloc[0], role="revision",
                               announced="2026-01-15")
    rows = ledger.normalise(pd.concat([bundled, revision], ignore_index=True), currency="EUR",
                            basis="announcement", year=None, revisions="latest", on_missing="mark").set_index("id")
    assert rows.at["contract-restated", "value_low"] == rows.at["oracle-openai-300bn-cloud-contract", "value_low"]
    # The rows of a headline's item still convert at the headline's date.
    assert rows.at["stargate-abilene", "fx_date"] == rows.at["stargate", "fx_date"]
