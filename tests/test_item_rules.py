"""Rules across the rows of one item (attack round 6): which figure a total counts may not hang on
the order or the ids of the rows. Each file here was accepted before, and changed a total."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.dataset import read_dataset
from dashboard.uploads import check_upload

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "investments.csv"


@pytest.fixture(scope="module")
def bundled():
    return read_dataset(BUNDLED)


def _bundled_row(row_id: str) -> dict[str, str]:
    with BUNDLED.open(encoding="utf-8", newline="") as handle:
        return next(r for r in csv.DictReader(handle) if r["id"] == row_id)


def _csv(*rows: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _revision(of: str, **cells: str) -> dict[str, str]:
    return {**_bundled_row(of), "id": f"{of}-rev-upload", "parent_id": of, "role": "revision", **cells}


def _added(bundled, *rows: dict[str, str]) -> list[str]:
    return [str(p) for p in check_upload(_csv(*rows), "rows.csv", mode="add", bundled=bundled).problems]


def test_a_second_capex_item_of_a_company_for_one_period_is_refused(bundled) -> None:
    # A $1M "Amazon 2026" item displaced amazon-capex-2026 ($200bn) by its id: €2.34T became €2.17T.
    row = {**_bundled_row("amazon-capex-2026"), "id": "zz-amazon-guidance-2026", "amount_low": "1000000",
           "amount_high": "1000000", "name": "Amazon guidance", "short_name": "", "short_name_de": ""}
    said = ("row 1 (id zz-amazon-guidance-2026), period_end: a second company capex item of 'Amazon' for the months "
            "of 'amazon-capex-2026' ({}): totals count one figure per company and year, and which would hang on the "
            "ids; make it a revision of 'amazon-capex-2026'")
    assert _added(bundled, row) == [said.format("2026 to 2026")]
    # The same months however written (review 59), and not a cancelled headline, which counts nothing.
    assert _added(bundled, {**row, "period_start": "2026-01", "period_end": "2026-12"}) == [said.format("2026 to 2026")]
    assert not _added(bundled, {**row, "status": "cancelled"})
    # Another spelling of the company made two companies, and both figures counted: in any case,
    # full width or with a character that shows nothing (review 59).
    for actor in ("amazon", "Ａｍａｚｏｎ", "Ama\u200bzon"):
        other = {**row, "actor": actor, "period_start": "2027", "period_end": "2027"}
        assert _added(bundled, other) == [
            f"row 1 (id zz-amazon-guidance-2026), actor: {actor!r} is written 'Amazon' in 'amazon-capex-2025': one "
            "company, one spelling (totals count one capex figure per company and year)"]


def test_a_second_capex_item_appended_to_a_file_is_the_one_said(tmp_path, capsys) -> None:
    # Said on the bundled row, with advice the validator then refused (review 59): now on the later one.
    row = {**_bundled_row("amazon-capex-2026"), "id": "amazon-2026-q1-call", "announced": "2026-04-30",
           "short_name": "", "short_name_de": ""}
    path = tmp_path / "data.csv"
    path.write_text(BUNDLED.read_text(encoding="utf-8") + _csv(row).decode().split("\n", 1)[1], encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 1
    (line, _count) = capsys.readouterr().out.splitlines()
    appended = BUNDLED.read_text(encoding="utf-8").count("\n")  # the bundled rows plus one (the header)
    assert line.startswith(f"row {appended} (id amazon-2026-q1-call), period_end: a second company capex item of 'Amazon'")


def test_a_revision_keeps_the_scope_and_company_of_the_row_it_revises(bundled) -> None:
    # As "ai-infrastructure", Amazon's 2025 capex counted beside its 2026 capex: +$128bn.
    assert _added(bundled, _revision("amazon-capex-2025", scope="ai-infrastructure", announced="2026-03-01")) == [
        "row 1 (id amazon-capex-2025-rev-upload), scope: 'ai-infrastructure', not 'capex-total' as "
        "'amazon-capex-2025', the row it revises: a revision restates that figure; other money needs an item of its "
        "own"]
    assert _added(bundled, _revision("amazon-capex-2026", actor="Alphabet", announced="2026-03-01")) == [
        "row 1 (id amazon-capex-2026-rev-upload), actor: 'Alphabet', not 'Amazon' as 'amazon-capex-2026', the row it "
        "revises: a revision restates one company's capex, written as it is there"]


@pytest.mark.parametrize("date", ["2026-04-29", "2026-04", "2026"])
def test_revisions_of_one_item_are_dated_apart(bundled, date: str) -> None:
    # Same day as the latest bundled revision: the app (uploaded rows first) kept $180bn, the CLI
    # (uploaded rows last) counted $250bn; "2026-04" was never counted, though the sidebar said it was.
    revision = _revision("alphabet-capex-2026", amount_low="250000000000", amount_high="250000000000", announced=date)
    (problem,) = _added(bundled, revision)
    assert problem == (f"row 1 (id alphabet-capex-2026-rev-upload), announced: '{date}' is not before or after "
                       "'2026-04-29', the date of 'alphabet-capex-2026-rev-2026-04', another revision of the same item: "
                       "totals count its latest revision, and neither is the later; give each the day its source gives, "
                       "or keep only the later figure")
    assert not _added(bundled, {**revision, "announced": "2026-04-30"})
    # Beside the row it revises a revision needs no day: the revision counts, whatever the order (review 59).
    other = _revision("meta-capex-2026", announced="2026-01")  # the headline: 2026-01-28
    assert not _added(bundled, other)


def test_an_item_inside_a_smaller_one_is_refused_across_currencies(bundled) -> None:
    # Stargate ($500bn) "inside" a fund of €1 left every total without a word.
    fund = {**_bundled_row("investai"), "id": "tiny-fund", "amount_low": "1", "amount_high": "1", "name": "Tiny fund",
            "short_name": "", "short_name_de": "", "overlaps_with": ""}
    stargate = _revision("stargate", announced="2026-03-01", overlaps_with="inside:tiny-fund")
    assert _added(bundled, fund, stargate) == [
        "row 2 (id stargate-rev-upload), overlaps_with: inside 'tiny-fund', whose largest figure (1 EUR) is smaller "
        "than this row's (500,000,000,000 USD): money inside an item is part of it"]
    # A fund large enough in euros holds it.
    assert not _added(bundled, {**fund, "amount_low": "600000000000", "amount_high": "600000000000"}, stargate)
    # A revision counts with the links of the row it revises: £500bn "inside" the £2bn spending
    # review through a revision of the UK compute funding left the total unchanged (review 59).
    uk = _revision("uk-compute-public-funding-2025", announced="2026-03-01", amount_low="500000000000",
                   amount_high="500000000000", overlaps_with="")
    assert _added(bundled, uk) == [
        "row 1 (id uk-compute-public-funding-2025-rev-upload), amount_low: inside 'uk-spending-review-2025-ai' (the "
        "link of the row it revises), whose largest figure (2,000,000,000 GBP) is smaller than this row's "
        "(500,000,000,000 GBP): money inside an item is part of it"]


def test_a_revision_without_a_parent_is_not_matched_to_a_row_without_an_id(bundled) -> None:
    # Beside "needs a parent_id", two lines compared it with the row whose id is empty (review 59).
    orphan = _revision("investai", id="orphan", parent_id="", scope="ai-programme")
    nameless = {**_bundled_row("investai"), "id": "", "name": "Nameless", "short_name": "", "short_name_de": ""}
    assert not [p for p in _added(bundled, orphan, nameless) if "'', the row" in p or "of ''" in p]


def test_a_capex_figure_for_a_longer_period_ending_in_the_year_does_not_displace_the_years(tmp_path, capsys) -> None:
    # Amazon's $1M for 2024-2026 tied with its 2026 guidance (12 months of 2026 each): the id decided.
    text = BUNDLED.read_text(encoding="utf-8")
    long = {**_bundled_row("amazon-capex-2026"), "id": "zzz-amazon-2024-2026", "amount_low": "1000000",
            "amount_high": "1000000", "period_start": "2024", "period_end": "2026", "short_name": "",
            "short_name_de": "", "overlaps_with": "partial:amazon-capex-2025;partial:amazon-capex-2026"}
    # Linked, as months shared with another capex item of the company must be (attack round 7).
    path = tmp_path / "data.csv"
    path.write_text(text + _csv(long).decode().split("\n", 1)[1], encoding="utf-8")

    def totals(data: Path) -> dict:
        assert cli.main(["totals", "--data", str(data), "--currency", "USD", "--year", "2026"]) == 0
        return json.loads(capsys.readouterr().out)

    before, after = totals(BUNDLED), totals(path)
    assert after["total"] == before["total"]
    assert "zzz-amazon-2024-2026" in after["other_year_ids"]


def test_an_item_inside_money_that_no_total_adds_or_that_holds_nothing_is_refused(bundled) -> None:
    """Attack round 7: money put inside a context figure, a cancelled one, a part without an amount
    or an amount without a rate left every total, or was checked against nothing."""
    pledge = {**_bundled_row("investai"), "id": "zz-pledge", "name": "Pledge", "short_name": "", "short_name_de": "",
              "amount_low": "50000000000", "amount_high": "50000000000", "currency": "USD", "region": "North America",
              "country": "US", "announced": "2026-05-01", "overlaps_with": "inside:anthropic-aws-100bn"}
    # Inside Amazon's AWS contract with Anthropic (a context row): the $50bn counted nowhere.
    assert _added(bundled, pledge) == [
        "row 1 (id zz-pledge), overlaps_with: inside 'anthropic-aws-100bn', a context row: totals never add its money, "
        "so this row's would count nowhere; link it partial, or to the item that holds the money"]
    # A top-level context row too (there the row counted beside a figure it says it is inside).
    assert _added(bundled, {**pledge, "overlaps_with": "inside:nvidia-openai-partnership"})[0].startswith(
        "row 1 (id zz-pledge), overlaps_with: inside 'nvidia-openai-partnership', a context row:")
    # $5tn inside a part of Stargate without an amount of its own: checked against Stargate's.
    giant = {**pledge, "amount_low": "5000000000000", "amount_high": "5000000000000",
             "overlaps_with": "inside:stargate-oracle-openai-4-5gw"}
    assert _added(bundled, giant) == [
        "row 1 (id zz-pledge), overlaps_with: inside 'stargate-oracle-openai-4-5gw', which has no amount of its own, "
        "in 'stargate', whose largest figure (500,000,000,000 USD) is smaller than this row's (5,000,000,000,000 "
        "USD): money inside an item is part of it"]
    assert not _added(bundled, {**giant, "amount_low": "5000000000", "amount_high": "5000000000"})
    # 1 RUB of 2025 (no ECB rate since 2022) held $500bn unchecked.
    rub = {**pledge, "id": "zz-rub-fund", "name": "Rouble fund", "currency": "RUB", "amount_low": "1",
           "amount_high": "1", "announced": "2025-03-03", "overlaps_with": ""}
    assert _added(bundled, rub, {**pledge, "overlaps_with": "inside:zz-rub-fund"})[-1] == (
        "row 2 (id zz-pledge), overlaps_with: inside 'zz-rub-fund', which has no ECB rate for RUB to compare: nothing "
        "shows that it can hold this row's money")
    # Under a cancelled headline: said on its part the row names.
    cancelled = {**rub, "id": "zz-fund", "currency": "USD", "amount_low": "900000000000", "amount_high":
                 "900000000000", "status": "cancelled"}
    part = {**cancelled, "id": "zz-fund-part", "parent_id": "zz-fund", "role": "component", "status": "announced"}
    assert _added(bundled, cancelled, part, {**pledge, "overlaps_with": "inside:zz-fund-part"})[-1] == (
        "row 3 (id zz-pledge), overlaps_with: inside 'zz-fund-part', under 'zz-fund', cancelled: totals never add its "
        "money, so this row's would count nowhere; link it partial, or to the item that holds the money")
    # The bundled data's one inside link (UK compute funding inside the Spending Review) still holds.
    assert not _added(bundled, {**pledge, "overlaps_with": ""})


def test_a_company_named_with_other_brackets_or_a_longer_name_is_one_company(bundled) -> None:
    """Attack round 7: "Amazon（CFO Olsavsky）" (full-width brackets) and "Amazon Inc." were companies
    of their own, and Amazon's 2026 capex counted twice (€2.34T became €2.52T); an actor all in
    brackets named no company, so two such companies' capex merged and one was dropped."""
    row = {**_bundled_row("amazon-capex-2026"), "id": "zz-amazon-2026", "name": "Amazon guidance",
           "short_name": "", "short_name_de": ""}
    said = _added(bundled, {**row, "actor": "Amazon（CFO Olsavsky）"})
    assert len(said) == 1 and said[0].startswith("row 1 (id zz-amazon-2026), period_end: a second company capex item "
                                                 "of 'Amazon（CFO Olsavsky）' for the months of 'amazon-capex-2026'")
    for actor in ("Amazon [CFO]", "Amazon﹙CFO﹚", "Amazon【CFO】", "(CFO) Amazon"):  # review 60: any kind, anywhere
        assert _added(bundled, {**row, "actor": actor})[0].startswith("row 1 (id zz-amazon-2026), period_end:"), actor
    for actor in ("Amazon Inc.", "Amazon.com"):
        assert _added(bundled, {**row, "actor": actor, "period_start": "2027", "period_end": "2027"}) == [
            f"row 1 (id zz-amazon-2026), actor: '{actor}' begins with 'Amazon', the company of 'amazon-capex-2025': "
            "write it 'Amazon' if it is that company, or link the capex of a part of it (overlaps_with "
            "inside:amazon-capex-2025) (totals count one capex figure per company and year)"]
    # Said on the longer name even where it is the more used one (review 60: three uploaded "Amazon
    # Inc." rows made the bundled "Amazon" the name said to begin with "Amazon Inc.").
    three = [{**row, "id": f"zz-amazon-{y}", "actor": "Amazon Inc.", "period_start": y, "period_end": y}
             for y in ("2027", "2028", "2029")]
    assert [p.split(",")[0] for p in _added(bundled, *three)] == ["row 1 (id zz-amazon-2027)", "row 2 (id "
                                                                   "zz-amazon-2028)", "row 3 (id zz-amazon-2029)"]
    # A part's capex linked to the company's is no other spelling (review 60).
    aws = {**row, "actor": "Amazon Web Services", "overlaps_with": "inside:amazon-capex-2026",
           "amount_low": "50000000000", "amount_high": "50000000000"}
    assert not [p for p in _added(bundled, aws) if "begins with" in p]
    # Another company whose name only starts with the same letters is its own.
    assert not _added(bundled, {**row, "actor": "Amazonia Cloud"})
    # Two companies all in brackets are two companies: each one's capex counts.
    nebius = {**row, "id": "zz-nebius", "actor": "(Nebius Group)"}
    lambda_ = {**row, "id": "zz-lambda", "actor": "(Lambda Labs)"}
    assert not _added(bundled, nebius, lambda_)
    rows = check_upload(_csv(nebius, lambda_), "rows.csv", mode="add", bundled=bundled).frame
    from dashboard.years import company_of
    assert sorted(company_of(rows.loc[rows["id"].str.startswith("zz-"), "actor"])) == ["(Lambda Labs)", "(Nebius Group)"]


def test_capex_of_one_company_over_overlapping_months_is_refused_unless_linked(bundled) -> None:
    """Attack round 7: Alphabet's July 2025 to June 2026 beside its 2026 was accepted, and the one-year
    view of 2026 counted January to June twice (+€65.8bn), unsaid."""
    mid = {**_bundled_row("alphabet-capex-2026"), "id": "zz-alphabet-mid", "name": "Alphabet mid-year",
           "short_name": "", "short_name_de": "", "period_start": "2025-07", "period_end": "2026-06",
           "announced": "2025-08-01"}
    assert _added(bundled, mid) == [
        "row 1 (id zz-alphabet-mid), period_start: the months 2025-07 to 2026-06 overlap those of "
        "'alphabet-capex-2025' (2025 to 2025), capex of the same company: the one-year view counts the months both "
        "hold twice; link them (overlaps_with partial:alphabet-capex-2025) so that totals say so, or give each its "
        "own months"]
    # Linked to both, it is said (as a partial overlap) and accepted; months of their own need no link.
    assert not _added(bundled, {**mid, "overlaps_with": "partial:alphabet-capex-2025;partial:alphabet-capex-2026"})
    assert not _added(bundled, {**mid, "period_start": "2027-01", "period_end": "2027-06"})
    # A link to a revision of the other item links the item (review 60).
    assert not _added(bundled, {**mid, "overlaps_with": "partial:alphabet-capex-2025-actual;"
                                                        "partial:alphabet-capex-2026-rev-2026-04"})
    # Each item is compared with every one still open: C overlaps A, though B (linked to both) reaches
    # further (review 60: the year view added all three, unsaid).
    a = {**mid, "id": "zz-a", "actor": "Nebius", "period_start": "2025", "period_end": "2025"}
    b = {**a, "id": "zz-b", "period_start": "2025-02", "period_end": "2026-06", "overlaps_with": "partial:zz-a"}
    c = {**a, "id": "zz-c", "period_start": "2025-06", "period_end": "2025-08", "overlaps_with": "partial:zz-b"}
    assert _added(bundled, a, b, c) == [
        "row 1 (id zz-a), period_start: the months 2025 to 2025 overlap those of 'zz-c' (2025-06 to 2025-08), capex "
        "of the same company: the one-year view counts the months both hold twice; link them (overlaps_with "
        "partial:zz-c) so that totals say so, or give each its own months"]


def test_a_capex_revision_keeps_its_items_months(bundled) -> None:
    """Attack round 7: a revision of Alphabet's 2025 capex for 2026 took Alphabet out of 2025 (−€88.5bn)
    and was dropped from 2026 as "another year", though its period said 2026."""
    moved = _revision("alphabet-capex-2025", announced="2026-03-01", period_start="2026", period_end="2026")
    assert _added(bundled, moved) == [
        "row 1 (id alphabet-capex-2025-rev-upload), period_start: the months '2026' to '2026', not those of "
        "'alphabet-capex-2025' (2025 to 2025), the row it revises: a revision restates that period's capex; another "
        "period's is an item of its own"]
    # The same months however written, or the same text, are the item's.
    assert not _added(bundled, {**moved, "period_start": "2025-01", "period_end": "2025-12"})
    assert not _added(bundled, {**moved, "period_start": "2025", "period_end": "2025"})


def test_a_revision_keeps_its_items_kind_of_actor_and_a_cancelled_item_stays_cancelled(bundled) -> None:
    """Attack round 7: a Stargate revision by a "public" actor moved €480bn from pledges to public
    programmes in every split by kind, unsaid; a committed revision of a cancelled headline was
    never counted, and the contradiction accepted."""
    public = _revision("stargate", announced="2026-03-01", actor_type="public")
    assert _added(bundled, public) == [
        "row 1 (id stargate-rev-upload), actor_type: 'public', not 'corporate' as 'stargate', the row it revises: a "
        "revision restates that figure, and totals split money by its kind; another actor's money is an item of "
        "its own"]
    head = {**_bundled_row("investai"), "id": "zz-project", "name": "Project", "short_name": "", "short_name_de": "",
            "overlaps_with": "", "status": "cancelled", "announced": "2025-01-10"}
    revived = {**head, "id": "zz-project-rev", "parent_id": "zz-project", "role": "revision", "status": "committed",
               "announced": "2025-06-10"}
    assert _added(bundled, head, revived) == [
        "row 2 (id zz-project-rev), status: 'committed' beside 'zz-project', the row it revises, which is cancelled: "
        "totals count nothing of a cancelled item; if it was revived, mark the cancellation on a revision of its own "
        "date instead"]
    # Cancelled by a revision, revived by a later one: accepted.
    live = {**head, "status": "announced"}
    dropped = {**revived, "id": "zz-project-rev-1", "status": "cancelled", "announced": "2025-03-10"}
    assert not _added(bundled, live, dropped, revived)


def test_one_companys_guidance_for_its_next_fiscal_year_leaves_the_default_year(bundled) -> None:
    """Oracle's FY2027 guidance (June 2026 to May 2027, given in June 2026) made 2027 the default
    year, a year of Oracle's capex alone: the Overview's capex fell from €2.4T to Oracle's (data audit 34)."""
    from dashboard import ledger

    fy2027 = {**_bundled_row("oracle-capex-fy2026"), "id": "zz-oracle-fy2027", "name": "Oracle FY2027 capex",
              "short_name": "", "short_name_de": "", "period_start": "2026-06", "period_end": "2027-05",
              "announced": "2026-06-10", "amount_low": "95000000000", "amount_high": "95000000000"}
    result = check_upload(_csv(fy2027), "rows.csv", mode="add", bundled=bundled)
    assert not result.problems and ledger.default_year(bundled) == 2026
    assert ledger.default_year(result.frame) == 2026
    assert 2027 <= ledger.last_view_year(result.frame)  # still offered
