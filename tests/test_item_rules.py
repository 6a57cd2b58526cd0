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
    assert _added(bundled, row) == [
        "row 1 (id zz-amazon-guidance-2026), period_end: a second company capex item of 'Amazon' for 2026 to 2026, "
        "beside 'amazon-capex-2026': totals count one figure per company and year, and which would hang on the ids; "
        "make it a revision of 'amazon-capex-2026'"]
    # Another spelling of the company made two companies, and both figures counted.
    other = {**row, "actor": "amazon", "period_start": "2027", "period_end": "2027"}
    assert _added(bundled, other) == [
        "row 1 (id zz-amazon-guidance-2026), actor: 'amazon' is written 'Amazon' in 'amazon-capex-2026': one "
        "company, one spelling (totals count one capex figure per company and year)"]


def test_a_revision_keeps_the_scope_and_company_of_the_row_it_revises(bundled) -> None:
    # As "ai-infrastructure", Amazon's 2025 capex counted beside its 2026 capex: +$128bn.
    assert _added(bundled, _revision("amazon-capex-2025", scope="ai-infrastructure", announced="2026-03-01")) == [
        "row 1 (id amazon-capex-2025-rev-upload), scope: 'ai-infrastructure', not 'capex-total' as "
        "'amazon-capex-2025', the row it revises: a revision restates that figure; other money needs an item of its "
        "own"]
    assert _added(bundled, _revision("amazon-capex-2026", actor="Alphabet", announced="2026-03-01")) == [
        "row 1 (id amazon-capex-2026-rev-upload), actor: 'Alphabet', not 'Amazon' as 'amazon-capex-2026', the row it "
        "revises: a revision restates one company's capex"]


@pytest.mark.parametrize("date", ["2026-04-29", "2026-04", "2026"])
def test_figures_of_one_item_are_dated_apart(bundled, date: str) -> None:
    # Same day as the latest bundled revision: the app (uploaded rows first) kept $180bn, the CLI
    # (uploaded rows last) counted $250bn; "2026-04" was never counted, though the sidebar said it was.
    revision = _revision("alphabet-capex-2026", amount_low="250000000000", amount_high="250000000000", announced=date)
    (problem,) = _added(bundled, revision)
    assert problem.startswith(f"row 1 (id alphabet-capex-2026-rev-upload), announced: '{date}' is not before or "
                              "after "), problem
    assert "a figure of the same item: totals count its latest figure, so date them apart (to the day)" in problem
    assert not _added(bundled, {**revision, "announced": "2026-04-30"})


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


def test_a_capex_figure_for_a_longer_period_ending_in_the_year_does_not_displace_the_years(tmp_path, capsys) -> None:
    # Amazon's $1M for 2024-2026 tied with its 2026 guidance (12 months of 2026 each): the id decided.
    text = BUNDLED.read_text(encoding="utf-8")
    long = {**_bundled_row("amazon-capex-2026"), "id": "zzz-amazon-2024-2026", "amount_low": "1000000",
            "amount_high": "1000000", "period_start": "2024", "period_end": "2026", "short_name": "",
            "short_name_de": ""}
    path = tmp_path / "data.csv"
    path.write_text(text + _csv(long).decode().split("\n", 1)[1], encoding="utf-8")

    def totals(data: Path) -> dict:
        assert cli.main(["totals", "--data", str(data), "--currency", "USD", "--year", "2026"]) == 0
        return json.loads(capsys.readouterr().out)

    before, after = totals(BUNDLED), totals(path)
    assert after["total"] == before["total"]
    assert "zzz-amazon-2024-2026" in after["other_year_ids"]
