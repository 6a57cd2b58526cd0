"""Sessions in real browsers: an upload stays in its session; many users at once keep their settings.

Uses the fixtures of ``conftest.py`` (``page`` opens a fresh browser context = a new Streamlit
session on the app started by ``app_url``). The file is uploaded through the real
``<input type=file>`` of ``st.file_uploader``, so the browser's 5 MB check and the upload request
are the real ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture skips (locally) or fails (CI=true) with a loud reason
    expect = None

from babel.numbers import get_currency_symbol
from browser_helpers import choose, sidebar  # noqa: E402

from dashboard import dataset, formatting, ledger
from dashboard.settings import Settings

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
GOOD = REPO / "tests" / "data" / "good" / "minimal.csv"
LOCALE = {"en": "en_US", "de": "de_DE"}



def kpi(tab, index: int):
    return tab.get_by_test_id("stMetricValue").nth(index)


def data_in_use(tab):
    return sidebar(tab).get_by_text(re.compile(r"^(Data in use|Verwendete Daten)"))


def expected_kpis(frame, settings: Settings) -> tuple[str, str]:
    """(total KPI, items-counted KPI) as the overview formats them for ``settings``."""
    rows = ledger.normalise(frame, currency=settings.currency, basis=settings.basis, year=None,
                            revisions=settings.revisions, on_missing="mark")
    totals = ledger.totals(ledger.apply_filters(rows, settings.filters()), view=settings.view)
    locale = LOCALE[settings.lang]
    return (formatting.format_money_range(totals.low, totals.high, settings.currency, locale=locale),
            formatting.format_number(len(totals.ids), locale=locale, digits=0))


def test_an_upload_changes_only_the_session_that_made_it(page):
    bundled = dataset.read_dataset(dataset.default_dataset_path())
    mine = dataset.read_dataset(GOOD)
    bundled_total, bundled_items = expected_kpis(bundled, Settings())
    upload_total, upload_items = expected_kpis(mine, Settings())
    assert bundled_items != upload_items

    uploader, other = page("/"), page("/")  # two sessions, open at the same time
    for tab in (uploader, other):
        expect(kpi(tab, 0)).to_have_text(bundled_total)
        expect(kpi(tab, 2)).to_have_text(bundled_items)

    sidebar(uploader).locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(GOOD))
    expect(kpi(uploader, 2)).to_have_text(upload_items, timeout=30_000)
    uploader.wait_for_app()
    expect(kpi(uploader, 0)).to_have_text(upload_total)
    expect(data_in_use(uploader)).to_have_text("Data in use: minimal.csv (6 rows) instead of the bundled dataset.")
    expect(sidebar(uploader).get_by_test_id("stAlertContainer").filter(
        has_text="minimal.csv: 6 rows read as comma-separated, UTF-8.")).to_have_count(1)

    # The other session reruns (a control changes) and still has the bundled data.
    choose(other, "Currency", "USD")
    expect(kpi(other, 0)).to_have_text(expected_kpis(bundled, Settings(currency="USD"))[0])
    other.wait_for_app()
    expect(kpi(other, 2)).to_have_text(bundled_items)
    expect(data_in_use(other)).to_have_text(f"Data in use: the bundled dataset ({len(bundled)} rows).")

    # ... and the uploader's session, rerun after the other one's run, still has its upload.
    choose(uploader, "Currency", "GBP")
    expect(kpi(uploader, 0)).to_have_text(expected_kpis(mine, Settings(currency="GBP"))[0])
    uploader.wait_for_app()
    expect(kpi(uploader, 2)).to_have_text(upload_items)

    # "Use bundled data" brings the bundled data back in that session only.
    sidebar(uploader).get_by_role("button", name="Use bundled data").click()
    expect(kpi(uploader, 2)).to_have_text(bundled_items)
    uploader.wait_for_app()
    expect(data_in_use(uploader)).to_have_text(f"Data in use: the bundled dataset ({len(bundled)} rows).")
    uploader.assert_healthy()
    other.assert_healthy()


#: Eight sessions loading at once on a small machine: Streamlit loads its widget code lazily, so
#: a widget can appear seconds after the page is idle. Waits in the load test allow for that.
SLOW = 60_000
#: (currency, language) per browser context: eight different combinations.
USERS = [("USD", "en"), ("GBP", "de"), ("JPY", "en"), ("CHF", "de"),
         ("CNY", "en"), ("INR", "de"), ("CAD", "en"), ("EUR", "de")]


def test_eight_concurrent_sessions_keep_their_own_currency_and_language(page):
    bundled = dataset.read_dataset(dataset.default_dataset_path())
    # All eight contexts load at the same time and stay open to the end.
    tabs = [page(None) for _ in USERS]
    for tab in tabs:
        tab.goto(tab.base_url + "/", wait_until="commit")
    default_total = expected_kpis(bundled, Settings())[0]
    for tab in tabs:
        tab.wait_for_app(timeout=SLOW)
        expect(kpi(tab, 0)).to_have_text(default_total, timeout=SLOW)

    # Interleaved: every session's run happens between the other sessions' runs.
    for tab, (currency, _lang) in zip(tabs, USERS):
        if currency != "EUR":
            choose(tab, "Currency", currency)
            expect(kpi(tab, 0)).to_have_text(expected_kpis(bundled, Settings(currency=currency))[0], timeout=SLOW)
    for tab, (_currency, lang) in zip(tabs, USERS):
        if lang == "de":
            choose(tab, "Language", "Deutsch")
            expect(kpi(tab, 0)).to_have_text(re.compile(r"\b(Mrd|Bio)\."), timeout=SLOW)

    for tab, (currency, lang) in zip(tabs, USERS):
        tab.wait_for_app()
        expected = expected_kpis(bundled, Settings(currency=currency, lang=lang))[0]
        expect(kpi(tab, 0)).to_have_text(expected, timeout=SLOW)
        text = kpi(tab, 0).text_content()
        assert get_currency_symbol(currency, LOCALE[lang]) in text, (currency, lang, text)
        if lang == "de":
            assert re.search(r"\b(Mrd|Bio)\.", text), (currency, text)
        else:
            assert re.search(r"\d[BT]$", text) and "Mrd" not in text, (currency, text)
        query = tab.url
        assert (f"cur={currency}" in query) == (currency != "EUR"), query
        assert ("lang=de" in query) == (lang == "de"), query
        tab.assert_healthy()
