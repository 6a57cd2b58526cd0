"""``python -m dashboard export`` and ``python -m dashboard totals``: the interface scripts rely on.

Most tests drive ``cli.main`` in process (capsys); a few run ``python -m dashboard`` as a
subprocess, as scripts and journalists do. Usage errors exit 2 with ONE line on stderr naming
the option and the bad value; an invalid dataset exits 1 with the problem lines of
``validate`` (on stderr); rows without an exchange rate are kept (export) or left out and
listed (totals) with a one-line warning, exit 0.

``--year`` names the calendar year of ``--view year`` and the one year of company capex that
every view counts (default: the year most companies' capex guidance reaches), and the averaged year of
``--fx-basis average``, which requires it or ``--fx-year`` (the averaged year on its own).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO, run_module

from dashboard import cli, export, fx, ledger, report, schema, years
from dashboard.dataset import check_upload, default_dataset_path, read_dataset
from dashboard.settings import Settings

REPO = Path(__file__).resolve().parents[1]
GOOD = "tests/data/good/minimal.csv"
SEVERAL = "tests/data/bad/several_defects.csv"
# The bundled file's data rows, counted with the csv module (not the app's reader under test): the
# dataset grows with every data issue, so the count is read, not pinned.
with (REPO / "data" / "investments.csv").open(encoding="utf-8", newline="") as _fh:
    BUNDLED_ROWS = sum(1 for _ in csv.DictReader(_fh))


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.fixture(scope="module")
def dataset():
    return read_dataset(default_dataset_path())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``cli.main(args)`` (usage errors raise SystemExit)."""
    try:
        code = cli.main(list(args))
    except SystemExit as exited:
        code = exited.code
    out, err = capsys.readouterr()
    return code, out, err



def export_csv(capsys, *args: str) -> tuple[list[str], list[dict[str, str]]]:
    code, out, err = run(capsys, "export", *args)
    assert code == 0, err
    reader = csv.DictReader(io.StringIO(out))
    return list(reader.fieldnames or []), list(reader)


def export_json(capsys, *args: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, "export", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def totals(capsys, *args: str) -> dict[str, object]:
    code, out, err = run(capsys, "totals", *args)
    assert code == 0, err
    return json.loads(out)


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {row["id"]: row for row in rows}


def all_ids(payload: dict) -> list[str]:
    return [i for group in payload["groups"] for i in group["ids"]]


# --- export ---------------------------------------------------------------------------------


def test_export_csv_has_the_contract_columns_in_order_and_one_row_per_dataset_row(capsys) -> None:
    header, rows = export_csv(capsys)
    assert tuple(header[: len(export.COLUMNS)]) == export.COLUMNS
    assert tuple(header) == export.COLUMNS + export.EXTRA_COLUMNS
    assert len(rows) == BUNDLED_ROWS
    assert [r["id"] for r in rows] == read_dataset(default_dataset_path())["id"].tolist()


def test_export_words_a_cost_per_unit_from_its_money_and_its_capacity(capsys) -> None:
    rows = by_id(export_csv(capsys)[1])
    softbank, telekom = rows["softbank-france-5gw"], rows["deutsche-telekom-nvidia-industrial-ai-cloud"]
    assert (softbank["amount_kind"], softbank["capacity_gw_kind"], softbank["usd_per_gw_kind"]) == ("up-to", "up-to", "approx")
    assert (telekom["accelerators_kind"], telekom["usd_per_accelerator_kind"], telekom["usd_per_gw_kind"]) == ("up-to", "at-least-approx", "")
    assert rows["stargate"]["usd_per_gw_kind"] == "exact" and rows["investai"]["usd_per_gw_kind"] == ""


def test_export_marks_a_context_row_and_the_rows_below_it(capsys) -> None:
    """Korea's growth fund, expanded (a revision of a context row), read "Pledges" beside its context
    headline on Compare (QA pass 6). The export keeps ``kind`` as the kind of money (the vocabulary
    of ``totals --by kind``) and says ``under_context``."""
    rows = by_id(export_csv(capsys)[1])
    korea = [rows[i] for i in ("korea-national-growth-fund", "korea-national-growth-fund-rev-2025-09")]
    assert [(r["role"], r["kind"], r["under_context"], r["counts_in_total"]) for r in korea] == [
        ("context", "pledges", "True", "False"),
        ("revision", "pledges", "True", "False"),
    ]
    assert (rows["stargate"]["under_context"], rows["korea-ngf-budget-2026"]["under_context"]) == ("False", "True")
    assert {r["kind"] for r in rows.values()} <= set(years.KINDS)
    assert not [i for i, r in rows.items() if r["under_context"] == "True" and r["counts_in_total"] == "True"]


def write_columns(path, header: list[str], rows: list[dict[str, str]]) -> str:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


UPLOAD_THE_REST = ", and upload the rest, or start from the template on Data & sources"


def test_an_export_uploaded_as_a_dataset_is_named_in_one_line_and_uploads_with_its_columns_deleted(
    capsys, tmp_path
) -> None:
    """Uploading the export gave 31 "unknown column" lines, each listing every column, and with
    those columns deleted its counts ("400000.0") were refused (QA pass 6)."""
    header, rows = export_csv(capsys)
    computed = [c for c in header if c not in schema.COLUMNS]
    said = (
        "file: this is the dashboard's export (python -m dashboard export, or the CSV of Data & sources), or "
        "part of it: delete the {n} columns it computes ({names})"
    )
    whole = write_columns(tmp_path / "export.csv", header, rows)
    code, out, _ = run(capsys, "validate", whole)
    assert code == 1 and out.splitlines() == [
        said.format(n=len(computed), names=", ".join(computed)) + UPLOAD_THE_REST,
        f"1 problem in {whole}",
    ]
    assert len(computed) == 32 and computed[:3] == ["target_currency", "fx_basis", "fx_rate"]
    # Part way through deleting them, and with a column of the user's own: still one line for them.
    partial = [c for c in header if c not in ("value_low", "value_high", "per_year_low", "per_year_high")]
    left = [c for c in partial if c in computed]
    code, out, _ = run(capsys, "validate", write_columns(tmp_path / "partial.csv", partial, rows))
    assert code == 1 and out.splitlines()[0] == said.format(n=28, names=", ".join(left)) + UPLOAD_THE_REST
    rows_mine = [r | {"mine": "x"} for r in rows]
    code, out, _ = run(capsys, "validate", write_columns(tmp_path / "mine.csv", [*header, "mine"], rows_mine))
    lines = out.splitlines()
    assert lines[0] == said.format(n=32, names=", ".join(computed)), lines[0]  # not "upload the rest"
    assert lines[1].startswith("header, mine: unknown column; the columns are id, ") and len(lines) == 3
    # Deleted, it uploads as the data it came from: counts whole, names and source kinds kept.
    assert by_id(rows)["oracle-abilene-nvidia-chips"]["accelerators_low"] == "400000"
    trimmed = write_columns(tmp_path / "trimmed.csv", [c for c in header if c in schema.COLUMNS], rows)
    code, out, _ = run(capsys, "validate", trimmed)
    assert code == 0, out
    back, bundled = read_dataset(trimmed), read_dataset(default_dataset_path())
    for column in ("short_name", "source_kind", "accelerators_high", "amount_high", "note"):
        assert back[column].equals(bundled[column]), column


def test_the_upload_template_writes_counts_as_whole_numbers() -> None:
    """The template of a dataset whose first row has accelerators wrote "400000.0", which the
    validator refuses (review)."""
    bundled = read_dataset(default_dataset_path())
    text = export.template(bundled[bundled["id"] == "oracle-abilene-nvidia-chips"])
    header, row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert header == list(schema.COLUMNS)
    assert row[header.index("accelerators_low")] == "400000" and row[header.index("id")] == "oracle-abilene-nvidia-chips"


@pytest.mark.parametrize("german", [False, True])
def test_the_upload_template_in_either_language_uploads_as_the_row_it_shows(german) -> None:
    """The German page's template is a German CSV (";", decimal comma), as its other downloads are;
    both read back as the row they came from, amounts whole ("200000000000", not ".0": QA pass 9)."""
    bundled = read_dataset(default_dataset_path())
    example = bundled[bundled["capacity_gw_low"].notna()].head(1)
    text = export.template(example, german=german)
    assert text.startswith("\ufeffid" + (";" if german else ","))
    assert ".0;" not in text and ".0," not in text
    result = check_upload(text.encode(), "template.csv", mode="replace", bundled=bundled, max_bytes=10**6)
    assert not result.problems and result.rows == 1
    for column in ("id", "amount_low", "amount_high", "capacity_gw_low", "capacity_gw_high", "note"):
        assert result.frame[column].iloc[0] == example[column].iloc[0], column


def test_export_defaults_are_eur_announcement_basis_and_latest_revisions(capsys) -> None:
    _, rows = export_csv(capsys)
    assert {r["target_currency"] for r in rows} == {"EUR"}
    assert {r["fx_basis"] for r in rows} == {"announcement"}
    counted = {r["id"] for r in rows if r["counts_in_total"] == "True"}
    # One year of capex per company: by default the latest year with guidance (2026), at its
    # latest revision; 2025's capex is marked as another year's.
    assert "meta-capex-2026-rev-2026-04" in counted and "meta-capex-2026" not in counted
    assert not counted & {"meta-capex-2025", "meta-capex-2025-actual"}
    assert {r["calendar_year"] for r in rows} == {"2026"}
    assert by_id(rows)["meta-capex-2025-actual"]["other_year"] == "True"
    _, rows_2025 = export_csv(capsys, "--year", "2025")
    counted_2025 = {r["id"] for r in rows_2025 if r["counts_in_total"] == "True"}
    assert "meta-capex-2025-actual" in counted_2025 and not counted_2025 & {"meta-capex-2025", "meta-capex-2026"}


def test_export_json_has_the_csv_keys_and_null_for_empty(capsys) -> None:
    header, _ = export_csv(capsys)
    records = export_json(capsys)
    assert len(records) == BUNDLED_ROWS
    assert all(list(record) == header for record in records)
    assert all(value != "" for record in records for value in record.values())
    investai = by_id(records)["investai"]
    assert investai["parent_id"] is None
    assert investai["per_year_low"] is None  # no stated horizon
    assert investai["counts_in_total"] is True
    site_list = [r for r in records if r["amount_low"] is None]
    assert site_list and all(r["value_low"] is None and r["fx_rate"] is None for r in site_list)


def test_investai_in_usd_on_the_announcement_basis_uses_the_11_feb_2025_fixing(capsys) -> None:
    _, rows = export_csv(capsys, "--currency", "USD", "--fx-basis", "announcement")
    investai = by_id(rows)["investai"]
    assert float(investai["fx_rate"]) == 1.0324
    assert investai["fx_date"] == "2025-02-11"
    assert float(investai["value_low"]) == pytest.approx(206.48e9)
    assert float(investai["amount_low"]) == 200e9 and investai["currency"] == "EUR"  # kept
    record = by_id(export_json(capsys, "--currency", "USD"))["investai"]
    assert record["fx_rate"] == 1.0324 and record["value_low"] == pytest.approx(206.48e9)


def test_stargate_per_year_figure_is_its_value_over_four_years(capsys) -> None:
    stargate = by_id(export_json(capsys))["stargate"]
    assert stargate["per_year_low"] == pytest.approx(stargate["value_low"] / 4)
    assert stargate["per_year_high"] == pytest.approx(stargate["value_high"] / 4)


@pytest.mark.parametrize("revisions", ledger.REVISIONS)
def test_counts_in_total_column_matches_the_ledger(capsys, dataset, revisions) -> None:
    records = export_json(capsys, "--revisions", revisions, "--currency", "GBP")
    expected = ledger.apply_filters(
        ledger.normalise(dataset, currency="GBP", revisions=revisions, on_missing="mark"), ledger.Filters())
    assert {r["id"]: r["counts_in_total"] for r in records} == dict(
        zip(expected["id"], expected["counts_in_total"].tolist())
    )


def test_csv_neutralises_formula_text_but_keeps_numbers_as_numbers(capsys, tmp_path) -> None:
    rows = list(csv.DictReader((REPO / GOOD).open(encoding="utf-8")))
    rows[0]["name"] = '=HYPERLINK("http://evil.example","click")'
    rows[0]["note"] = "+1 and @SUM(A1)"
    rows[0]["actor"] = "-Alpha"
    path = tmp_path / "formula.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _, out_rows = export_csv(capsys, "--data", str(path))
    alpha = out_rows[0]
    assert alpha["name"] == "'" + rows[0]["name"]
    assert alpha["note"] == "'+1 and @SUM(A1)"
    assert alpha["actor"] == "'-Alpha"
    assert float(alpha["amount_low"]) == 200e9 and float(alpha["value_low"]) == 200e9
    assert not any(value.startswith("'") for r in out_rows for k, value in r.items()
                   if k in ("amount_low", "value_low", "fx_rate", "per_year_low"))
    # JSON is data, not a spreadsheet: the text is returned as written.
    record = export_json(capsys, "--data", str(path))[0]
    assert record["name"] == rows[0]["name"] and record["amount_low"] == 200e9


def test_export_keeps_rows_without_a_rate_marks_them_and_warns_in_one_line(capsys) -> None:
    code, out, err = run(capsys, "export", "--fx-basis", "average", "--year", "2004")
    assert code == 0
    rows = by_id(list(csv.DictReader(io.StringIO(out))))
    assert len(rows) == BUNDLED_ROWS
    china = rows["china-national-ai-industry-fund"]  # CNY has ECB fixings from April 2005 only
    assert china["fx_problem"].startswith("row ") and "CNY" in china["fx_problem"]
    assert china["value_low"] == "" and china["counts_in_total"] == "False"
    assert rows["investai"]["fx_problem"] == ""
    lines = err.splitlines()
    missing = sum(1 for r in rows.values() if r["fx_problem"])  # CNY and INR rows: no 2004 fixings
    assert missing >= 3 and len(lines) == 1 and lines[0].startswith(f"export: warning: {missing} rows")
    assert "china-national-ai-industry-fund" in lines[0] and "fx_problem" in lines[0]


def test_export_of_a_clean_conversion_writes_nothing_to_stderr(capsys) -> None:
    code, _, err = run(capsys, "export", "--currency", "JPY", "--fx-basis", "latest")
    assert code == 0 and err == ""


# --- totals ---------------------------------------------------------------------------------

# The keys ``python -m dashboard totals`` guarantees (scripts rely on them).
CONTRACT_KEYS = ("currency", "fx_basis", "revisions", "groups", "total")
# Keys always added after the contract keys.
EXTRA_KEYS = (
    "year",
    "fx_date",
    "view",
    "calendar_year",
    "by",
    "filters",
    "unconverted_ids",
    "overlap",
    "inside_ids",
    "other_year_ids",
    "no_capex_companies",
    "below_confidence_ids",
    "filtered_out_ids",
    "by_kind",
    "multi_technology",
    "by_wording",
    "measure",
)
# Added in the per-year and year views only.
PER_YEAR_KEYS = ("no_horizon_ids",)
# Added in the year view only, after ``PER_YEAR_KEYS``.
YEAR_KEYS = ("no_figure_ids",)
# Added in the per-year view only, after ``PER_YEAR_KEYS``.
RATE_KEYS = ("outside_year_ids",)
# Added in every view, last.
LAST_KEYS = ("incomplete_capex",)



def test_totals_json_has_exactly_the_contract_keys_and_the_documented_extras(capsys) -> None:
    payload = totals(capsys)
    assert list(payload) == [*CONTRACT_KEYS, *EXTRA_KEYS, *LAST_KEYS]
    assert list(payload)[:5] == ["currency", "fx_basis", "revisions", "groups", "total"]
    assert (payload["currency"], payload["fx_basis"], payload["revisions"]) == ("EUR", "announcement", "latest")
    assert (payload["view"], payload["by"], payload["year"], payload["unconverted_ids"]) == ("total", "none", None, [])
    assert all(list(group) == ["key", "low", "high", "ids", "by_wording", "overlap"] for group in payload["groups"])
    assert list(payload["total"]) == ["low", "high"]
    per_year = totals(capsys, "--view", "per-year")
    assert list(per_year) == [
        *CONTRACT_KEYS, *EXTRA_KEYS, *PER_YEAR_KEYS, *RATE_KEYS, *LAST_KEYS
    ]
    # Rates of other years in a total labelled with 2026 (QA pass): Germany's 2022-23 outturn, the EU's 2028-34 window.
    assert {"germany-federal-ai-spending-2022-2023", "eu-competitiveness-fund-digital-window"} <= set(
        per_year["outside_year_ids"]), per_year["outside_year_ids"]
    for year in ("2025", "2026", "2030"):  # only rates the total adds: a one-ended period adds none (review)
        rates = totals(capsys, "--view", "per-year", "--year", year)
        assert not set(rates["outside_year_ids"]) - {i for g in rates["groups"] for i in g["ids"]}, year
        assert not set(rates["outside_year_ids"]) & set(rates["no_horizon_ids"]), year
    one_year = totals(capsys, "--view", "year")
    assert list(one_year) == [
        *CONTRACT_KEYS, *EXTRA_KEYS, *PER_YEAR_KEYS, *YEAR_KEYS, *LAST_KEYS
    ]
    # The year view's keys keep the order they had before incomplete_capex came to every view.
    assert list(one_year)[-3:] == ["no_horizon_ids", "no_figure_ids", "incomplete_capex"]


def test_an_item_whose_counted_figure_the_confidence_filter_drops_is_named(capsys) -> None:
    # Alphabet's 2026 capex is counted at its April raise, graded medium; under "high" the item added
    # nothing while its high February guidance stayed listed, and nothing said so (diff review; the
    # example was Oracle's FY2026 until the source audit of 2026-12-05 graded all its figures medium).
    assert totals(capsys)["below_confidence_ids"] == []
    high = totals(capsys, "--min-confidence", "high")
    assert "alphabet-capex-2026-rev-2026-04" in high["below_confidence_ids"]
    counted = {i for group in high["groups"] for i in group["ids"]}
    assert not set(high["below_confidence_ids"]) & counted
    assert "alphabet-capex-2026" not in counted  # no stand-in is added
    # Outside the selection (another region), it is not named: the item is not listed at all.
    europe = totals(capsys, "--min-confidence", "high", "--region", "Europe")
    assert europe["below_confidence_ids"] and "alphabet-capex-2026-rev-2026-04" not in europe["below_confidence_ids"]
    # The status filter already drops the EU AI Factories' counted figure (committed): confidence is
    # not to blame (review).
    announced = totals(capsys, "--min-confidence", "high", "--status", "announced")
    assert "eu-ai-factories" in high["below_confidence_ids"]
    assert "eu-ai-factories" not in announced["below_confidence_ids"]


def test_an_item_whose_counted_figure_the_status_filter_drops_is_named(capsys) -> None:
    # Under "announced", Oracle's FY2026 (counted at its actual, "spent") added nothing while its
    # announced guidance stayed listed, and nothing said so (noticed in session 13, left then).
    assert totals(capsys)["filtered_out_ids"] == []
    announced = totals(capsys, "--status", "announced")
    assert "oracle-capex-fy2026-actual" in announced["filtered_out_ids"]
    counted = {i for group in announced["groups"] for i in group["ids"]}
    assert not set(announced["filtered_out_ids"]) & counted
    assert not {"oracle-capex-fy2026", "oracle-capex-fy2026-rev-2025-12"} & counted  # no stand-in is added
    # Dropped by the status and the confidence together: named here (neither alone is to blame).
    both = totals(capsys, "--min-confidence", "high", "--status", "announced")
    assert "eu-ai-factories" in both["filtered_out_ids"]
    assert "eu-ai-factories" not in both["below_confidence_ids"]
    # Dropped by the confidence alone: named once, in below_confidence_ids.
    high = totals(capsys, "--min-confidence", "high")
    assert "eu-ai-factories" in high["below_confidence_ids"] and high["filtered_out_ids"] == []
    # A status that keeps the counted figure names nothing.
    assert "oracle-capex-fy2026-actual" not in totals(capsys, "--status", "spent")["filtered_out_ids"]
    # Per year, a row without a stated horizon adds nothing with or without a filter: not named
    # (InvestAI states none; review). Stargate's four years still count, so it is named.
    committed = totals(capsys, "--status", "committed")["filtered_out_ids"]
    per_year = totals(capsys, "--status", "committed", "--view", "per-year")["filtered_out_ids"]
    assert {"investai", "stargate"} <= set(committed) and "stargate" in per_year and "investai" not in per_year
    assert "investai" not in totals(capsys, "--min-confidence", "high", "--view", "per-year")["below_confidence_ids"]



def test_a_cancelled_row_does_not_list_its_item_as_left_out(capsys) -> None:
    # Under "cancelled" alone, Stargate's cancelled Abilene expansion named Stargate as a figure
    # that "would count, but the filters leave it out", as if a cancelled figure could count (QA
    # pass; the UI hid it with a special case, the CLI still said it).
    assert totals(capsys, "--status", "cancelled")["filtered_out_ids"] == []
    assert "stargate" not in totals(capsys, "--status", "cancelled,spent")["filtered_out_ids"]


@pytest.mark.parametrize("year", ["2024", "2026", "2034"])
def test_an_item_inside_another_stays_inside_in_a_year_outside_the_containers_horizon(capsys, year) -> None:
    # The UK's £1bn compute funding sits inside the Spending Review's £2bn for 2026-2030. In 2034
    # the Spending Review adds nothing, and the £1bn counted again: listed among the items "Total
    # counts" that lack a horizon (47 for 46), and UK's economy bar said 6 items for 5 (QA pass).
    payload = totals(capsys, "--view", "year", "--year", year)
    assert "uk-compute-public-funding-2025" not in payload["no_horizon_ids"] + all_ids(payload)
    assert ["uk-compute-public-funding-2025", "uk-spending-review-2025-ai"] in payload["inside_ids"]
    # Without its container in the selection it counts again (filters, not the view, drop it).
    alone = totals(capsys, "--view", "year", "--year", year, "--scope", "ai-infrastructure")
    assert "uk-compute-public-funding-2025" in alone["no_horizon_ids"] and alone["inside_ids"] == []


def test_an_item_with_one_stated_end_outside_the_year_has_no_money_in_it(capsys) -> None:
    # Narvik "until 2026" and Amazon India "by 2030" were listed in 2034 among the items left out
    # for want of a full period, as if some of their money might fall there (QA pass). Narvik's
    # end was the site's GPU target, not a horizon of its money (2026-12-05): Mistral's Swedish
    # data centre, opening in 2027, is the early end now.
    in_2034 = totals(capsys, "--view", "year", "--year", "2034")
    for item in ("mistral-sweden-ecodatacenter", "amazon-india-2030", "japan-chips-ai-support"):
        assert item not in in_2034["no_horizon_ids"] + all_ids(in_2034), item
    # Within or before its stated end, no full period is still no full period.
    assert "amazon-india-2030" in totals(capsys, "--view", "year", "--year", "2027")["no_horizon_ids"]


def test_the_year_view_names_an_item_of_the_year_that_has_no_figure(capsys) -> None:
    # Microsoft's FY2026 (July 2025 to June 2026) is known by its quarters only, parts that no
    # total adds: its 2025 months added nothing and nothing said so (QA round 4).
    in_2025 = totals(capsys, "--view", "year", "--year", "2025")
    assert in_2025["no_figure_ids"] == ["microsoft-capex-fy2026"]
    assert "microsoft-capex-fy2026" not in in_2025["groups"][0]["ids"]
    assert totals(capsys, "--view", "year", "--year", "2024")["no_figure_ids"] == []
    # In 2026 the counted calendar-2026 guidance shares FY2026's money (partial link): not missed.
    in_2026 = totals(capsys, "--view", "year", "--year", "2026")
    # (counted by its latest figure, the July 2026 update of the calendar-2026 guidance)
    assert "microsoft-capex-cy2026-rev-2026-07" in in_2026["groups"][0]["ids"] and in_2026["no_figure_ids"] == []


def test_the_year_view_names_the_companies_whose_capex_covers_part_of_the_year(capsys) -> None:
    # The default year's one-year view added Oracle's fiscal 2026 (June 2025 to May 2026) and
    # nothing for June to December, and 2024's added no Alphabet, Amazon or Meta capex at all: the
    # data has no figure there, and the total read as the year's whole company capex.
    in_2026 = totals(capsys, "--view", "year", "--year", "2026")
    assert in_2026["incomplete_capex"] == [{"company": "Oracle", "months": 5}]
    in_2024 = totals(capsys, "--view", "year", "--year", "2024")["incomplete_capex"]
    assert {gap["company"]: gap["months"] for gap in in_2024} == {
        "Alphabet": 0, "Amazon": 0, "CoreWeave": 0, "Meta": 0, "Microsoft": 6, "Oracle": 7
    }
    # Microsoft's FY2026 has no figure of its own: its July to December 2025 are not covered.
    in_2025 = totals(capsys, "--view", "year", "--year", "2025")["incomplete_capex"]
    assert {"company": "Microsoft", "months": 6} in in_2025
    # A filter's work is not a gap in the data: "high" drops Alphabet's raised 2026 guidance and
    # "announced" Oracle's FY2026 actual, and the filter lists name them (QA pass).
    assert totals(capsys, "--view", "year", "--year", "2026", "--min-confidence", "high")["incomplete_capex"] == []
    assert totals(capsys, "--view", "year", "--year", "2026", "--status", "announced")["incomplete_capex"] == []
    # Without company capex in the selection there is nothing to say; the other views never say it.
    assert totals(capsys, "--view", "year", "--year", "2024", "--region", "Europe")["incomplete_capex"] == []
    # The total and per-year views add one figure per company whole: at --year 2024 four companies
    # add no capex, and Microsoft's and Oracle's fiscal 2025 fall partly in 2024 (QA pass: the
    # card read "Company capex €104B" with no word of the four).
    for view in ("total", "per-year"):
        gaps = totals(capsys, "--view", view, "--year", "2024")["incomplete_capex"]
        assert {gap["company"]: gap["months"] for gap in gaps} == {
            "Alphabet": 0, "Amazon": 0, "CoreWeave": 0, "Meta": 0, "Microsoft": 6, "Oracle": 7
        }
    assert totals(capsys)["incomplete_capex"] == [{"company": "Oracle", "months": 5}]


def test_a_year_of_a_stated_horizon_after_the_fixings_is_a_year_of_its_own(capsys) -> None:
    # Stargate runs to December 2028: a quarter of its $500bn falls in 2028, and no company capex.
    in_2028 = totals(capsys, "--view", "year", "--year", "2028", "--currency", "USD", "--by", "kind")
    assert "stargate" in in_2028["by_kind"]["pledges"]["ids"] and not in_2028["by_kind"]["company-capex"]["ids"]
    assert {gap["months"] for gap in in_2028["incomplete_capex"]} == {0}
    # The average basis averages the last year with fixings (the payload's "year" says which).
    averaged = totals(capsys, "--view", "year", "--year", "2028", "--fx-basis", "average")
    assert (averaged["year"], averaged["calendar_year"]) == (fx.last_fixing_date().year, 2028)
    assert averaged["total"] == totals(capsys, "--view", "year", "--year", "2028", "--fx-basis", "average",
                                       "--fx-year", str(fx.last_fixing_date().year))["total"]
    # After the last year a stated horizon reaches there is nothing to view.
    last = ledger.last_view_year(read_dataset(default_dataset_path()))
    code, out, err = run(capsys, "totals", "--year", str(last + 1))
    assert code == 2 and not out and f"--year: '{last + 1}' is not a year between 1999 and {last}" in err


def test_totals_by_none_is_one_group_named_total_with_every_counted_row(capsys, dataset) -> None:
    payload = totals(capsys, "--by", "none")
    (group,) = payload["groups"]
    assert group["key"] == "total"
    assert (group["low"], group["high"]) == (payload["total"]["low"], payload["total"]["high"])
    expected = ledger.apply_filters(ledger.normalise(dataset, currency="EUR", on_missing="mark"), ledger.Filters())
    assert group["ids"] == expected.loc[expected["counts_in_total"], "id"].tolist()
    # A programme wholly inside a counted budget is not added (and the payload says so).
    assert "uk-compute-public-funding-2025" not in group["ids"]
    assert ["uk-compute-public-funding-2025", "uk-spending-review-2025-ai"] in payload["inside_ids"]
    assert payload["total"]["low"] == pytest.approx(expected.loc[expected["counts_in_total"], "value_low"].sum())


@pytest.mark.parametrize("view", years.VIEWS)
@pytest.mark.parametrize("by", ledger.GROUP_BY)
def test_total_equals_the_sum_of_the_groups_for_every_grouping(capsys, by, view) -> None:
    payload = totals(capsys, "--by", by, "--view", view, "--currency", "USD")
    groups = payload["groups"]
    assert payload["total"]["low"] == pytest.approx(sum(g["low"] for g in groups), rel=1e-12)
    assert payload["total"]["high"] == pytest.approx(sum(g["high"] for g in groups), rel=1e-12)
    ids = all_ids(payload)
    assert len(ids) == len(set(ids))  # every counted row in exactly one group
    assert sorted(ids) == sorted(all_ids(totals(capsys, "--view", view, "--currency", "USD")))
    if by != "none":
        assert len({g["key"] for g in groups}) == len(groups) > 1


def test_region_filter_keeps_only_that_regions_items(capsys, dataset) -> None:
    everything = set(all_ids(totals(capsys)))
    europe = totals(capsys, "--region", "Europe")
    ids = set(all_ids(europe))
    assert "investai" in ids and "stargate" not in ids
    assert ids < everything
    regions = dict(zip(dataset["id"], dataset["region"]))
    assert {regions[i] for i in ids} == {"Europe"}
    assert europe["filters"]["region"] == ["Europe"]
    assert europe["total"]["high"] < totals(capsys)["total"]["high"]


def test_status_filter_changes_the_ids(capsys, dataset) -> None:
    committed = set(all_ids(totals(capsys, "--status", "committed")))
    statuses = dict(zip(dataset["id"], dataset["status"]))
    assert committed and {statuses[i] for i in committed} == {"committed"}
    assert "eu-ai-factories" in committed and "investai" not in committed
    both = set(all_ids(totals(capsys, "--status", "committed", "--region", "Europe")))
    assert both < committed


def test_repeated_and_comma_separated_filters_are_the_same_and_match_any_value(capsys) -> None:
    repeated = totals(capsys, "--region", "Europe", "--region", "Asia")
    comma = totals(capsys, "--region", "Europe,Asia")
    assert repeated == comma
    europe, asia = (set(all_ids(totals(capsys, "--region", r))) for r in ("Europe", "Asia"))
    assert set(all_ids(repeated)) == europe | asia


@pytest.mark.parametrize(
    ("args", "kept", "dropped"),
    [
        (("--actor-type", "corporate"), "stargate", "investai"),
        (("--scope", "capex-total"), "meta-capex-2026-rev-2026-04", "stargate"),
        (("--scope", "capex-total", "--year", "2025"), "meta-capex-2025-actual", "meta-capex-2026-rev-2026-04"),
        (("--country", "fr"), "france-ai-109bn", "investai"),
        (("--min-confidence", "high"), "investai", None),
        (("--from", "2025", "--to", "2025"), "investai", "mistral-seed"),
        (("--to", "2024"), "mistral-seed", "stargate"),
    ],
)
def test_extension_filters_narrow_the_counted_items(capsys, args, kept, dropped) -> None:
    ids = set(all_ids(totals(capsys, *args)))
    assert kept in ids
    assert dropped is None or dropped not in ids
    year = args[args.index("--year") + 1] if "--year" in args else None
    assert ids <= set(all_ids(totals(capsys, *(("--year", year) if year else ()))))


def test_revisions_first_counts_the_first_figure_and_latest_the_last_revision(capsys) -> None:
    latest = set(all_ids(totals(capsys, "--revisions", "latest", "--year", "2025")))
    first = set(all_ids(totals(capsys, "--revisions", "first", "--year", "2025")))
    assert "meta-capex-2025-actual" in latest and "meta-capex-2025" not in latest
    assert "meta-capex-2025" in first and "meta-capex-2025-actual" not in first
    assert "alphabet-capex-2025-actual" in latest and "alphabet-capex-2025" in first
    assert "investai" in latest and "investai" in first  # never revised
    assert totals(capsys, "--revisions", "first")["revisions"] == "first"


def test_year_view_counts_2026_capex_once_stargates_share_and_lists_items_without_horizon(capsys) -> None:
    payload = totals(capsys, "--currency", "USD", "--view", "year", "--year", "2026", "--by", "none")
    ids = all_ids(payload)
    assert payload["view"] == "year" and payload["calendar_year"] == 2026
    for company in ("microsoft-capex-cy2026-rev-2026-07", "amazon-capex-2026", "alphabet-capex-2026-rev-2026-04"):
        assert ids.count(company) == 1
    assert "stargate" in ids and not [i for i in ids if "capex-2025" in i or "fy2025" in i]
    assert {"investai", "mistral-series-c"} <= set(payload["no_horizon_ids"])
    stargate = by_id(export_csv(capsys, "--currency", "USD", "--view", "year", "--year", "2026")[1])["stargate"]
    assert float(stargate["year_high"]) == pytest.approx(125e9) and stargate["year_months"] == "12.0"


def test_per_year_view_lists_items_without_a_horizon_instead_of_guessing(capsys) -> None:
    payload = totals(capsys, "--view", "per-year")
    assert "investai" in payload["no_horizon_ids"]
    assert "investai" not in all_ids(payload)
    assert "stargate" in all_ids(payload) and "stargate" not in payload["no_horizon_ids"]
    assert payload["view"] == "per-year"
    assert payload["total"]["low"] < totals(capsys)["total"]["low"]


def test_totals_leave_out_rows_without_a_rate_list_them_and_warn(capsys) -> None:
    code, out, err = run(capsys, "totals", "--fx-basis", "average", "--year", "2004")
    assert code == 0
    payload = json.loads(out)
    assert payload["unconverted_ids"] == ["china-national-ai-industry-fund", "indiaai-mission"]
    assert not set(payload["unconverted_ids"]) & set(all_ids(payload))
    assert (payload["year"], payload["fx_date"], payload["fx_basis"]) == (2004, "2004", "average")
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("totals: warning: 2 rows")
    assert "unconverted_ids" in lines[0]


def test_totals_on_the_latest_basis_name_the_last_fixing(capsys) -> None:
    payload = totals(capsys, "--fx-basis", "latest", "--currency", "usd")
    assert payload["currency"] == "USD"
    assert payload["fx_date"] == "2026-10-30"


def test_cli_totals_equal_the_payload_function_and_the_dashboard_kpi(capsys, dataset) -> None:
    args = ("--currency", "USD", "--view", "per-year", "--region", "Europe", "--region", "North America")
    printed = totals(capsys, *args)
    settings = Settings(currency="USD", view="per-year", regions=("Europe", "North America"))
    payload = report.totals_payload(
        dataset,
        currency=settings.currency,
        basis=settings.basis,
        year=settings.year,  # the UI always carries a year; only the average basis uses it
        revisions=settings.revisions,
        by="none",
        view=settings.view,
        filters=settings.filters(),
    )
    assert payload["groups"] == printed["groups"] and payload["total"] == printed["total"]
    # The overview page's KPIs: report.payload_for_rows on the frame ui.state.normalised caches.
    rows = ledger.normalise(dataset, currency="USD", basis="announcement", year=None,
                            revisions="latest", on_missing="mark")
    from_rows = report.payload_for_rows(rows, currency="USD", basis=settings.basis, year=settings.year,
                                        revisions=settings.revisions, view=settings.view, filters=settings.filters())
    assert from_rows == payload
    assert from_rows["no_horizon_ids"] == printed["no_horizon_ids"]
    # The overview passes the filtered frame the UI caches: the same payload.
    filtered = ledger.apply_filters(rows, settings.filters())
    assert report.payload_for_rows(rows, currency="USD", view=settings.view, filters=settings.filters(),
                                   filtered=filtered) == payload


# --- bad options and bad data ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option", "value"),
    [
        (("totals", "--currency", "XYZ"), "--currency", "'XYZ'"),
        (("export", "--currency", "TWD"), "--currency", "'TWD'"),
        (("totals", "--region", "Europa"), "--region", "'Europa'"),
        (("totals", "--region", "Europe,Mars"), "--region", "'Mars'"),
        (("totals", "--status", "planned"), "--status", "'planned'"),
        (("totals", "--actor-type", "state"), "--actor-type", "'state'"),
        (("totals", "--scope", "robots"), "--scope", "'robots'"),
        (("totals", "--country", "USA"), "--country", "'USA'"),
        # Codes of the right shape that are no country gave a total of zero and exit 0 (attack round 4).
        (("totals", "--country", "UK"), "--country", "'UK' is not a country code (the United Kingdom is GB)"),
        (("totals", "--country", "FR,ZZ"), "--country", "'ZZ'"),
        (("totals", "--country", "ß"), "--country", "'ß'"),  # not upper-cased to SS (South Sudan)
        (("totals", "--to", "0001"), "--to", "'0001' is not a year between 1999 and "),
        (("totals", "--from", "２０２５"), "--from", "'２０２５'"),  # full-width digits, as the data refuses them
        (("totals", "--year", "٢٠٢٥"), "--year", "'٢٠٢٥'"),
        (("totals", "--fx-basis", "average", "--fx-year", "٢٠٢٥"), "--fx-year", "'٢٠٢٥'"),
        (("totals", "--min-confidence", "certain"), "--min-confidence", "'certain'"),
        (("totals", "--fx-basis", "spot"), "--fx-basis", "'spot'"),
        (("export", "--fx-basis", "spot"), "--fx-basis", "'spot'"),
        (("totals", "--fx-basis", "average", "--year", "20x5"), "--year", "'20x5'"),
        (("totals", "--fx-basis", "average", "--year", "1998"), "--year", "'1998'"),
        (("export", "--fx-basis", "average", "--year", "2099"), "--year", "'2099'"),
        (("export", "--fx-basis", "average"), "--year", "average"),
        (("totals", "--revisions", "last"), "--revisions", "'last'"),
        (("totals", "--by", "planet"), "--by", "'planet'"),
        (("totals", "--view", "monthly"), "--view", "'monthly'"),
        (("totals", "--from", "May"), "--from", "'May'"),
        (("totals", "--from", "2026", "--to", "2024"), "--from", "2026"),
        (("export", "--format", "xml"), "--format", "'xml'"),
        (("export", "--format"), "--format", "expected one argument"),
        (("totals", "--bogus", "1"), "--bogus", "unrecognized"),
        (("export", "--region", "Europe"), "--region", "unrecognized"),
        (("totals", "--cur", "USD"), "--cur", "unrecognized"),  # no abbreviations: a stable contract
        (("totals", "--currency", "a\nb"), "--currency", "'a\\nb'"),
    ],
)
def test_every_bad_option_exits_2_with_one_line_naming_it(capsys, args, option, value) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{args[0]}: ")
    assert option in lines[0] and value in lines[0]


def test_an_unknown_currency_error_lists_the_supported_ones(capsys) -> None:
    _, _, err = run(capsys, "totals", "--currency", "XYZ")
    assert err.startswith("totals: --currency: 'XYZ' is not a supported currency (EUR, USD, ")


@pytest.mark.parametrize("command", ["export", "totals"])
def test_a_dataset_with_problems_exits_1_with_the_validate_lines(capsys, command) -> None:
    validate_code, validate_out, _ = run(capsys, "validate", SEVERAL)
    assert validate_code == 1
    code, out, err = run(capsys, command, "--data", SEVERAL)
    assert code == 1
    assert out == ""  # a redirected CSV/JSON file never receives problem lines
    assert err == validate_out
    assert "row 1 (id alpha-programme), region: 'Europa' is not one of" in err


def test_a_missing_data_file_exits_1_with_a_file_line(capsys, tmp_path) -> None:
    missing = tmp_path / "nowhere.csv"
    code, out, err = run(capsys, "totals", "--data", str(missing))
    assert code == 1 and out == ""
    assert err.splitlines()[0].startswith("file: cannot read ")


def test_validate_still_works_as_before(capsys) -> None:
    code, out, err = run(capsys, "validate", GOOD)
    assert (code, out, err) == (0, f"ok: 6 rows (5 with money) in {GOOD}\n", "")


# --- through python -m dashboard ------------------------------------------------------------


def test_totals_through_python_dash_m_equals_the_payload_function(dataset) -> None:
    result = run_module("totals", "--by", "region")
    assert result.returncode == 0 and result.stderr == ""
    assert json.loads(result.stdout) == report.totals_payload(dataset, by="region")


def test_export_json_through_python_dash_m_has_every_row() -> None:
    result = run_module("export", "--format", "json", "--currency", "USD")
    assert result.returncode == 0 and result.stderr == ""
    records = json.loads(result.stdout)
    assert len(records) == BUNDLED_ROWS
    assert by_id(records)["investai"]["value_low"] == pytest.approx(206.48e9)


def test_a_bad_option_through_python_dash_m_is_one_line_and_exit_2() -> None:
    result = run_module("totals", "--currency", "XYZ")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("totals: --currency: 'XYZ'")


@pytest.mark.parametrize("view", ["total", "per-year", "year"])
def test_export_counted_in_view_is_what_the_views_total_adds(capsys, view) -> None:
    """Per year, counts_in_total marked 62 rows while the total added 22 (rows without a stated
    period are left out): counted_in_view says which rows this view's total adds, as the screen's
    "Counted" does."""
    _, rows = export_csv(capsys, "--view", view)
    added = sorted(r["id"] for r in rows if r["counted_in_view"] == "True")
    assert added == sorted(totals(capsys, "--view", view)["groups"][0]["ids"])
    if view != "total":
        assert len(added) < sum(r["counts_in_total"] == "True" for r in rows)


def test_fx_year_averages_another_year_and_keeps_the_capex_year(capsys) -> None:
    # 2024's rates with 2026's capex: "--year 2024" also counted 2024's capex (~€560bn less), so a
    # change of rates read as a fall in money (new-user review).
    own = totals(capsys, "--fx-basis", "average", "--fx-year", "2024")
    with_year = totals(capsys, "--fx-basis", "average", "--fx-year", "2024", "--year", "2026")
    coupled = totals(capsys, "--fx-basis", "average", "--year", "2024")
    assert own["total"] == with_year["total"] and own["year"] == 2024 and own["calendar_year"] == 2026
    assert own["total"]["high"] > coupled["total"]["high"] + 400e9
    # The same year either way gives the same numbers as before.
    both = totals(capsys, "--fx-basis", "average", "--fx-year", "2024", "--year", "2024")
    assert both["total"] == coupled["total"]
    # Other bases ignore it.
    assert totals(capsys, "--fx-year", "2024")["total"] == totals(capsys)["total"]
    code, out, err = run(capsys, "totals", "--fx-basis", "average")
    assert code == 2 and out == "" and "--fx-year" in err and len(err.strip().splitlines()) == 1, err
    code, _, err = run(capsys, "totals", "--fx-year", "1990")
    assert code == 2 and "--fx-year" in err and "1990" in err, err


@pytest.mark.parametrize("args", [(), ("--view", "per-year"), ("--view", "year", "--year", "2025"),
                                  ("--country", "US", "--currency", "USD"), ("--scope", "multi-technology")])
def test_by_wording_splits_the_total_by_how_the_sources_word_its_figures(capsys, args) -> None:
    """"€2.34–2.43T" read as a firm range while €261–308B of it were "up to" figures and €134B
    "more than" ones (QA doubt): the split says how much of the total is upper or lower bounds."""
    payload = totals(capsys, *args)
    split = payload["by_wording"]
    assert list(split) == ["exact", "approx", "up-to", "more-than"]
    counted = [i for group in payload["groups"] for i in group["ids"]]
    worded = [i for part in split.values() for i in part["ids"]]
    assert sorted(worded) == sorted(counted)  # each counted figure in exactly one part
    for end in ("low", "high"):
        assert sum(part[end] for part in split.values()) == pytest.approx(payload["total"][end])
    kinds = read_dataset(default_dataset_path()).set_index("id")["amount_kind"].fillna("exact")
    for wording, part in split.items():
        assert {kinds[i] for i in part["ids"]} <= {wording}, wording


@pytest.mark.parametrize("by", ["none", "region", "country", "kind"])
@pytest.mark.parametrize("view", ["total", "per-year"])
def test_each_group_says_how_its_sources_word_its_figures(capsys, by, view) -> None:
    """`totals --by region` gave "Middle East €63.7–110.7B" without saying that €47.0–94.1B of it
    is an "up to" figure, which the top-level split told only for all regions together (noticed
    in session 39): each group now carries its own split, the same parts as the payload's."""
    payload = totals(capsys, "--by", by, "--view", view)
    kinds = read_dataset(default_dataset_path()).set_index("id")["amount_kind"].fillna("exact")
    for group in payload["groups"]:
        split = group["by_wording"]
        assert list(split) == ["exact", "approx", "up-to", "more-than"], group["key"]
        assert sorted(i for part in split.values() for i in part["ids"]) == sorted(group["ids"]), group["key"]
        for end in ("low", "high"):
            assert sum(part[end] for part in split.values()) == pytest.approx(group[end]), group["key"]
        for wording, part in split.items():
            assert {kinds[i] for i in part["ids"]} <= {wording}, (group["key"], wording)
    for wording in ("up-to", "more-than"):  # the groups' parts add up to the payload's
        assert sorted(i for g in payload["groups"] for i in g["by_wording"][wording]["ids"]) == sorted(
            payload["by_wording"][wording]["ids"]
        )
    if by == "region" and view == "total":
        middle_east = next(g for g in payload["groups"] if g["key"] == "Middle East")
        assert "saudi-project-transcendence" in middle_east["by_wording"]["up-to"]["ids"]


def _counted_figures(rows, ids: set[str], view: str):
    """(id, low, high) of the rows a total adds among ``ids`` (their item's counted figure)."""
    low_col, high_col = years.view_columns(view)
    picked = rows[rows["id"].isin(ids)]
    return zip(picked["id"], picked[low_col], picked[high_col])


@pytest.mark.parametrize("by", ["none", "region", "country", "kind"])
@pytest.mark.parametrize("view", ["total", "per-year", "year"])
def test_each_group_says_what_its_own_items_may_count_twice(capsys, by, view) -> None:
    """A group's sum is quoted alone ("North America €1.57–1.60T", the Timeline's lines, the
    treemap's boxes): each group says what partial overlaps among its own items may count twice
    (QA pass 8), pairs across two groups in neither, so the groups' overlaps add up to at most
    the total's."""
    payload = totals(capsys, "--by", by, "--view", view)
    data = read_dataset(default_dataset_path())
    rows = ledger.normalise(data, currency="EUR", on_missing="mark", view=view)
    low_col, high_col = years.view_columns(view)
    google = tuple(rows.set_index("id").loc["uk-tpd-google", [low_col, high_col]].astype(float))
    for group in payload["groups"]:
        shared = group["overlap"]
        assert list(shared) == ["low", "high", "pairs", "pair_amounts"]
        assert 0 <= shared["low"] <= shared["high"] <= group["high"]
        ids = set(group["ids"])
        item_of = dict(zip(rows["id"], rows["item_id"]))
        in_group = {item_of[i] for i in ids}
        assert all(a in in_group and b in in_group for a, b in shared["pairs"]), (group["key"], shared["pairs"])
        # Each pair's own bound: the smaller of its two items' figures in the view, low with low, or
        # less where the parts that carry the link hold less (the Deal's £5bn Google part: QA pass 24).
        figure = {item_of[i]: (low, high) for i, low, high in _counted_figures(rows, ids, view)}
        assert len(shared["pair_amounts"]) == len(shared["pairs"])
        for (a, b), (low, high) in zip(shared["pairs"], shared["pair_amounts"]):
            assert high <= min(figure[a][1], figure[b][1]) * (1 + 1e-12), (a, b)
            assert low <= min(figure[a][0], figure[b][0]) * (1 + 1e-12), (a, b)
            expected = [min(figure[a][0], figure[b][0]), min(figure[a][1], figure[b][1])]
            if a == "uk-us-tech-prosperity-deal" and b.startswith("alphabet-capex"):
                # The one pair whose parts carry its link (Google's £5bn; Microsoft's "more than $30bn"
                # is a floor and bounds nothing): the part's figure where it is smaller.
                expected = [min(e, google[i]) for i, e in enumerate(expected)]
            assert [low, high] == pytest.approx(expected), (a, b)
        # The total caps a figure shared several times, so the pairs add up to at least it.
        assert sum(high for _low, high in shared["pair_amounts"]) >= shared["high"] - 1e-3
    if by == "none":
        assert payload["groups"][0]["overlap"] == payload["overlap"]
    else:
        assert sum(g["overlap"]["high"] for g in payload["groups"]) <= payload["overlap"]["high"] + 1e-3
    if by == "region" and view == "total":
        north_america = next(g for g in payload["groups"] if g["key"] == "North America")
        assert any("stargate" in pair for pair in north_america["overlap"]["pairs"]), north_america["overlap"]["pairs"]
        assert north_america["overlap"]["high"] > 4e11  # €423–427B (QA pass 8)


def test_the_default_total_holds_upper_and_lower_bounds(capsys) -> None:
    split = totals(capsys)["by_wording"]
    assert "saudi-project-transcendence" in split["up-to"]["ids"], split["up-to"]["ids"]
    assert "uk-us-tech-prosperity-deal" in split["more-than"]["ids"], split["more-than"]["ids"]
    assert split["up-to"]["low"] < split["up-to"]["high"]  # "up to $50–100B" stays a range


def test_an_export_of_a_file_without_economies_keeps_its_costs_per_unit(capsys, tmp_path) -> None:
    """`export --data FILE` outside data/ dropped twelve columns, the costs per GW and per
    accelerator with the GDP ones, while the app's download of the same rows had them (QA pass 9):
    the costs need no economies.csv. The GDP and population columns come from the bundled
    economies, as the app's download of an uploaded file has them (QA pass 23 D6)."""
    copy = tmp_path / "copy.csv"
    copy.write_bytes(default_dataset_path().read_bytes())
    header, rows = export_csv(capsys, "--data", str(copy))
    bundled_header, bundled = export_csv(capsys)
    assert header == bundled_header
    costs = [c for c in header if c.startswith(("usd_per_gw", "usd_per_accelerator"))]
    assert len(costs) == 8, costs
    for column in costs:
        assert [r[column] for r in rows] == [r[column] for r in bundled], column
    assert by_id(rows)["stargate"]["usd_per_gw"] != ""
    for column in ("gdp_share_high", "per_capita_high"):
        assert [r[column] for r in rows] == [r[column] for r in bundled] and any(r[column] for r in rows), column


# --- output that cannot be written, Ctrl-C (attack round 4: each ended in a traceback) ---------


class _FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("command", ["validate", "export", "totals"])
def test_an_output_that_cannot_be_written_is_one_line_and_exit_3(capsys, monkeypatch, command) -> None:
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    code = cli.main([command])
    assert (code, capsys.readouterr().err) == (3, f"{command}: cannot write the output: No space left on device\n")


def test_a_closed_stdout_is_exit_3_and_a_warning_stderr_cannot_take_costs_nothing(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert cli.main(["totals"]) == 3
    assert capsys.readouterr().err == "totals: cannot write the output: standard output is closed\n"
    # A valid run whose warning (a row without a rate) stderr cannot take: its output, exit 0. A full
    # stderr gave exit 1, the code of invalid data, then exit 3 and no output (review).
    options = ["--currency", "ISK", "--fx-basis", "average", "--fx-year", "1999"]
    for stderr in (_FullDisk(), None):  # None: started with stderr closed ("2>&-")
        out = io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", stderr)
        assert cli.main(["totals", *options]) == 0
        assert json.loads(out.getvalue())["unconverted_ids"]  # the JSON alone: print() put a warning
        out = io.StringIO()  # into stdout when stderr was closed, before the JSON and the CSV (review)
        monkeypatch.setattr(sys, "stdout", out)
        assert cli.main(["export", *options]) == 0
        assert out.getvalue().startswith("id,")


@pytest.mark.parametrize("args", [["validate"], ["totals", "--measure", "gdp-share"]])
def test_an_economies_file_that_cannot_be_looked_at_is_a_problem_line_not_a_traceback(capsys, monkeypatch, args):
    # Path.is_file() raises where the path cannot be looked at (a directory without search permission,
    # a name too long): a traceback, then "cannot write the output" (review). A name too long stands
    # for both here, since the tests may run as root.
    unreadable = Path("/tmp") / ("x" * 300) / "economies.csv"
    monkeypatch.setattr(cli.dataset, "economies_path", lambda _path: unreadable)
    code, out, err = run(capsys, *args)
    assert code == 1
    lines = (out + err).splitlines()
    assert any(line.startswith("file: cannot read /tmp/xxx") and line.endswith(": File name too long") for line in lines), lines
    assert "cannot write the output" not in out + err


def test_a_real_full_disk_is_one_line_and_exit_3() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "dashboard", "validate"], cwd=REPO, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (3, "validate: cannot write the output: No space left on device\n")


def test_ctrl_c_is_one_line_and_exit_130(capsys, monkeypatch) -> None:
    def interrupted(args) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_totals", interrupted)
    assert cli.main(["totals"]) == 130
    assert capsys.readouterr().err == "totals: interrupted\n"


def test_after_ctrl_c_the_process_ends_by_the_signal_so_a_shell_loop_stops() -> None:
    # Exiting normally with 130 let "for f in ...; do python -m dashboard ...; done" carry on (review).
    script = "import dashboard.cli as c; c.main = lambda: c.INTERRUPTED; import runpy; runpy.run_module('dashboard', run_name='__main__')"
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == -signal.SIGINT, (done.returncode, done.stderr)
