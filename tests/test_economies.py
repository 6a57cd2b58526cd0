"""Pin the reference data behind "share of GDP" and "per person": data/economies.csv.

The contract checks (columns, number formats, http(s) URLs) live in ``dataset.read_economies``;
these tests check what the shipped file says: that it covers the dataset, that its sources are
pages and not search listings, and that its figures and years are plausible.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard import dataset

DATA = Path(__file__).resolve().parents[1] / "data"
URL_COLUMNS = ("gdp_source_url", "population_source_url")
URL_IN_TEXT = re.compile(r"https?://\S+")
# A search engine's result listing is not a source: it shows a snippet of some other page.
SEARCH_MARKERS = ("search?", "query=")


@pytest.fixture(scope="module")
def economies() -> pd.DataFrame:
    return dataset.read_economies(DATA / "economies.csv")


@pytest.fixture(scope="module")
def investments() -> pd.DataFrame:
    return dataset.read_dataset(DATA / "investments.csv")


def test_every_country_of_the_dataset_has_an_economies_row(investments, economies) -> None:
    assert dataset.economies_missing(investments, economies) == []
    used = set(investments["country"]) - {""}
    assert used <= set(economies["country"])
    assert "EU" in set(economies["country"])


def test_every_source_is_an_http_page_and_no_search_listing(economies) -> None:
    urls = [(row.country, column, row[column]) for _, row in economies.iterrows() for column in URL_COLUMNS]
    urls += [
        (row.country, "note", url.rstrip(").,;'"))
        for _, row in economies.iterrows()
        for url in URL_IN_TEXT.findall(row.note)
    ]
    bad = [(code, column, url) for code, column, url in urls if not dataset.is_http_url(url)]
    searches = [(code, column, url) for code, column, url in urls if any(m in url for m in SEARCH_MARKERS)]
    assert bad == []
    assert searches == []


def test_figures_are_plausible(economies) -> None:
    per_person = economies["gdp_usd"] / economies["population"]
    implausible = economies.loc[(per_person < 500) | (per_person > 200_000), "country"].tolist()
    assert implausible == []
    # No economy in the file is smaller than $100bn or has fewer than a million people.
    assert (economies["gdp_usd"] >= 1e11).all()
    assert (economies["population"] >= 1e6).all()
    assert (economies["population"] % 1 == 0).all()


@pytest.mark.parametrize("column", ["gdp_year", "population_year"])
def test_years_are_recent(economies, column) -> None:
    old = economies.loc[~economies[column].astype(int).between(2023, 2025), ["country", column]]
    assert old.values.tolist() == []


def test_every_row_says_where_its_figures_come_from(economies) -> None:
    quiet = economies.loc[economies["note"].str.len() < 40, "country"].tolist()
    assert quiet == []


def test_a_gdp_or_population_past_any_real_one_is_refused_not_a_traceback(tmp_path, capsys) -> None:
    # 400 nines read as infinity, and `totals --measure gdp-share` ended in a traceback (attack round 6).
    from dashboard import cli

    (tmp_path / "investments.csv").write_bytes((DATA / "investments.csv").read_bytes())
    text = (DATA / "economies.csv").read_text(encoding="utf-8")
    fr = next(line for line in text.splitlines() if line.startswith("FR,"))
    gdp = fr.split(",")[3]
    assert gdp.isdigit(), fr  # the file's fourth column is gdp_usd
    (tmp_path / "economies.csv").write_text(text.replace(fr, fr.replace(gdp, "9" * 400, 1)), encoding="utf-8")
    assert cli.main(["totals", "--data", str(tmp_path / "investments.csv"), "--measure", "gdp-share"]) == 1
    err = capsys.readouterr().err
    assert "gdp_usd: '9999" in err and "is above the maximum of 10^15 US dollars" in err and "Traceback" not in err
