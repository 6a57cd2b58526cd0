"""Tests for dashboard.explain: the sentences that say which rate converted an amount."""

from __future__ import annotations

import pytest

from dashboard.explain import describe_rate
from dashboard.fx import FxRate, rate

GERMAN = {
    "ECB reference rate, {date}": "EZB-Referenzkurs, {date}",
    "latest ECB reference rate, {date}": "neuester EZB-Referenzkurs, {date}",
    "ECB reference rate, average of {month}": "EZB-Referenzkurs, Durchschnitt {month}",
    "ECB reference rate, {year} average": "EZB-Referenzkurs, Durchschnitt {year}",
    "fixed peg: {peg}": "feste Bindung: {peg}",
    "{peg} {currency} per USD": "{peg} {currency} je USD",
    "fixed USD peg {peg} and {ecb}": "feste USD-Bindung {peg} und {ecb}",
}


def german(text: str) -> str:
    return GERMAN.get(text, text)


@pytest.mark.parametrize(
    ("fx_rate", "expected"),
    [
        (("USD", "EUR", {"announced": "2025-01-21"}), "1 USD = 0.9655 EUR (ECB reference rate, Jan 21, 2025)"),
        (("EUR", "USD", {"announced": "2025-07"}), "1 EUR = 1.1677 USD (ECB reference rate, average of Jul 2025)"),
        (("EUR", "USD", {"announced": "2025"}), "1 EUR = 1.1300 USD (ECB reference rate, 2025 average)"),
        (("EUR", "USD", {"basis": "latest"}), "1 EUR = 1.1172 USD (latest ECB reference rate, Oct 30, 2026)"),
        (("EUR", "JPY", {"basis": "latest"}), "1 EUR = 175.68 JPY (latest ECB reference rate, Oct 30, 2026)"),
        (("JPY", "EUR", {"announced": "2025-04-18"}), "1 JPY = 0.006174 EUR (ECB reference rate, Apr 17, 2025)"),
        (("EUR", "IDR", {"basis": "latest"}), "1 EUR = 20,275.17 IDR (latest ECB reference rate, Oct 30, 2026)"),
        (("SAR", "USD", {"announced": "2025-01-21"}), "1 SAR = 0.2667 USD (fixed peg: 3.75 SAR per USD)"),
        (
            ("SAR", "EUR", {"announced": "2025-01-21"}),
            "1 SAR = 0.2575 EUR (fixed USD peg 3.75 SAR per USD and ECB reference rate, Jan 21, 2025)",
        ),
        (
            ("AED", "SAR", {"announced": "2025"}),
            "1 AED = 1.0211 SAR (fixed pegs: 3.6725 AED per USD and 3.75 SAR per USD)",
        ),
        (("GBP", "GBP", {"announced": "2025"}), "1 GBP = 1 GBP (same currency, no conversion)"),
    ],
)
def test_describe_rate_in_english(fx_rate, expected):
    source, target, options = fx_rate
    assert describe_rate(rate(source, target, **options)) == expected


def test_describe_rate_in_german_formats_numbers_and_dates_and_translates_words():
    usd_eur = rate("USD", "EUR", announced="2025-01-21")
    assert describe_rate(usd_eur, locale="de_DE", gettext=german) == (
        "1 USD = 0,9655 EUR (EZB-Referenzkurs, 21. Jan. 2025)"
    )
    assert describe_rate(rate("EUR", "USD", announced="2025-07"), locale="de_DE", gettext=german) == (
        "1 EUR = 1,1677 USD (EZB-Referenzkurs, Durchschnitt Juli 2025)"
    )
    assert describe_rate(rate("AED", "EUR", basis="latest"), locale="de_DE", gettext=german) == (
        "1 AED = 0,2437 EUR (feste USD-Bindung 3,6725 AED je USD und neuester EZB-Referenzkurs, 30. Okt. 2026)"
    )
    assert describe_rate(rate("EUR", "IDR", basis="latest"), locale="de_DE", gettext=german) == (
        "1 EUR = 20.275,17 IDR (neuester EZB-Referenzkurs, 30. Okt. 2026)"
    )


def test_a_partly_covered_year_says_up_to_which_day_it_averages():
    assert describe_rate(rate("EUR", "USD", announced="2026")).endswith(
        "(ECB reference rate, 2026 average to Oct 30, 2026)"
    )


def test_a_rate_reads_the_same_as_in_a_chart_hover():
    """One rate formatter: the Method page and the hover print the same digits (161,93)."""
    from dashboard.formatting import format_rate

    fx_rate = FxRate(rate=161.93, fx_date="2025-02-11", basis="announcement", source="EUR", target="JPY")
    assert describe_rate(fx_rate, locale="de_DE").startswith(f"1 EUR = {format_rate(161.93, locale='de_DE')} JPY")
    assert "161,93 JPY" in describe_rate(fx_rate, locale="de_DE")
