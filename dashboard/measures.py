"""Measures: money, share of GDP and money per person, by economy (issue: context).

Share of GDP and per person apply to money announced for one economy: rows with a ``country``
that ``data/economies.csv`` describes (the EU27 as one economy, ``EU``) and of the kinds
public programme or pledge (``years.kind_of``). Company capex, venture rounds and training
costs (counted only in an upload) are company money, and a pledge without a country is for no
single economy; they are listed, never dropped silently.

* ``gdp-share``: money in US dollars over the economy's GDP in current US dollars (the year
  and source the economies file gives). The dollars come from the same FX basis as the display
  currency, so a share does not depend on the display currency.
* ``per-capita``: money in the display currency over the economy's population.

Shares and per-person figures do not add across economies (the EU27's GDP contains France's),
so a grouped result has no total. Pure pandas; the caller passes the frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.schema import ECONOMY_COLUMNS
from dashboard.years import view_columns

MEASURES = ("money", "gdp-share", "per-capita")
#: Measures of items that state a capacity: implied cost per GW and per accelerator (the UI ranks
#: projects by them; ``dashboard.compute`` computes them, the export gives them in dollars).
PER_UNIT = ("cost-per-gw", "cost-per-accelerator")
#: The kinds of money that belong to one economy when a row names a country.
_ECONOMY_KINDS = ("public-programmes", "pledges")


@dataclass(frozen=True)
class EconomyFigure:
    """One economy's counted money and what it is as a share of GDP or per person."""

    country: str
    money_low: float
    money_high: float
    #: The money in US dollars, which a share of GDP divides (NaN for other measures).
    usd_low: float
    usd_high: float
    low: float
    high: float
    ids: tuple[str, ...]
    gdp_usd: float
    gdp_year: str
    gdp_source_url: str
    population: float
    population_year: str
    population_source_url: str


def has_economy(rows: pd.DataFrame, economies: pd.DataFrame) -> np.ndarray:
    """Counted rows of an economy kind whose country has an economies row."""
    known = set(economies["country"])
    return (
        rows["counts_in_total"].to_numpy(dtype=bool)
        & rows["kind"].isin(_ECONOMY_KINDS).to_numpy(dtype=bool)
        & rows["country"].isin(known).to_numpy(dtype=bool)
    )


def _left_out(rows: pd.DataFrame, economies: pd.DataFrame, view: str) -> np.ndarray:
    """Counted rows with a figure in ``view`` that no economy measure covers."""
    figure = rows[view_columns(view)[1]].notna().to_numpy(dtype=bool)
    return rows["counts_in_total"].to_numpy(dtype=bool) & figure & ~has_economy(rows, economies)


def no_economy_ids(rows: pd.DataFrame, economies: pd.DataFrame, *, view: str) -> list[str]:
    """Counted rows with a figure in ``view`` that no economy measure covers: company money
    (capex, venture rounds), pledges for no single country, and money of a country that
    ``economies`` has no figures for."""
    return [str(i) for i in rows.loc[_left_out(rows, economies, view), "id"]]


def no_figures_ids(rows: pd.DataFrame, economies: pd.DataFrame, *, view: str) -> list[str]:
    """Those of :func:`no_economy_ids` that are money for one country with no row in
    ``economies`` (an upload's Poland): no GDP or population to divide by, not global money."""
    one_country = rows["kind"].isin(_ECONOMY_KINDS) & rows["country"].fillna("").ne("")
    outside = _left_out(rows, economies, view) & one_country.to_numpy(dtype=bool)
    return [str(i) for i in rows.loc[outside, "id"]]


def by_economy(
    rows: pd.DataFrame,
    usd_rows: pd.DataFrame,
    economies: pd.DataFrame,
    *,
    measure: str,
    view: str = "total",
) -> list[EconomyFigure]:
    """Each economy's counted money in ``rows`` (display currency) as ``measure``, largest first.

    ``usd_rows`` are the same rows normalised in US dollars on the same basis (same index);
    only ``gdp-share`` reads them. ``money`` gives the money itself.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    low_col, high_col = view_columns(view)
    mask = has_economy(rows, economies) & rows[high_col].notna().to_numpy(dtype=bool)
    part = rows.loc[mask, ["id", "country", low_col, high_col]]
    usd = usd_rows.loc[part.index, [low_col, high_col]]
    facts = economies.set_index("country")
    out: list[EconomyFigure] = []
    for country, group in part.groupby("country", sort=True):
        money_low, money_high = float(group[low_col].sum()), float(group[high_col].sum())
        economy = facts.loc[country]
        usd_low = usd_high = float("nan")
        if measure == "gdp-share":
            usd_low, usd_high = float(usd.loc[group.index, low_col].sum()), float(usd.loc[group.index, high_col].sum())
            low, high = usd_low / float(economy["gdp_usd"]), usd_high / float(economy["gdp_usd"])
        elif measure == "per-capita":
            low, high = money_low / float(economy["population"]), money_high / float(economy["population"])
        else:
            low, high = money_low, money_high
        out.append(
            EconomyFigure(
                country=str(country),
                money_low=money_low,
                money_high=money_high,
                usd_low=usd_low,
                usd_high=usd_high,
                low=low,
                high=high,
                ids=tuple(str(i) for i in group["id"]),
                gdp_usd=float(economy["gdp_usd"]),
                gdp_year=str(economy["gdp_year"]),
                gdp_source_url=str(economy["gdp_source_url"]),
                population=float(economy["population"]),
                population_year=str(economy["population_year"]),
                population_source_url=str(economy["population_source_url"]),
            )
        )
    out.sort(key=lambda f: (-f.high, f.country))
    return out


def implied_cost(money_low, money_high, units_low, units_high) -> tuple[np.ndarray, np.ndarray]:
    """Money per unit as a range: low money over high units, high money over low units.

    A unit count of zero or less (or missing) gives NaN on that side.

    >>> low, high = implied_cost([15e9], [15e9], [1.0], [1.5])
    >>> low.tolist(), high.tolist()
    ([10000000000.0], [15000000000.0])
    """
    money_low, money_high = np.asarray(money_low, dtype=float), np.asarray(money_high, dtype=float)
    units_low, units_high = np.asarray(units_low, dtype=float), np.asarray(units_high, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.where(units_high > 0, money_low / units_high, np.nan)
        high = np.where(units_low > 0, money_high / units_low, np.nan)
    return low, high


#: Money per unit, worded from the money's wording and the units' (``capacity_gw_kind``,
#: ``accelerators_kind``): "up to €75bn" over exactly 5 GW is up to €15bn a GW, over "at least"
#: (more than) 5 GW too; over "up to 5 GW" it is neither a ceiling nor a floor (the plan's
#: figure at full size), so "about"; an exact $30bn over "up to 1 GW" is "at least" $30bn a GW
#: (a wording only costs take). Keys: (money, units); a pair not listed keeps the money's. A bound
#: over an "about" figure stays that bound, approximately ("up to $50bn" over about 1.3 GW: up to
#: about $38.5bn a GW), as an "about" figure over a bound takes the bound's direction (about $27bn
#: over more than 2 GW: up to about $13.5bn a GW). Said "up to €33.3B", the first read as a firm
#: ceiling (QA pass 7): hence the "-approx" wordings.
_PER_UNIT_KIND = {
    ("exact", "approx"): "approx",
    ("", "approx"): "approx",
    ("up-to", "approx"): "up-to-approx",
    ("more-than", "approx"): "more-than-approx",
    ("exact", "up-to"): "at-least",  # exactly that much if all of it is built: not "more than" (QA pass)
    ("", "up-to"): "at-least",
    ("approx", "up-to"): "at-least-approx",
    ("more-than", "up-to"): "more-than",
    ("up-to", "up-to"): "approx",
    ("exact", "more-than"): "up-to",
    ("", "more-than"): "up-to",
    ("approx", "more-than"): "up-to-approx",
    ("more-than", "more-than"): "approx",
}


def per_unit_kind(money_kind: object, units_kind: object) -> np.ndarray:
    """The wording of an implied cost per unit, element by element (see ``_PER_UNIT_KIND``).

    >>> per_unit_kind(["up-to", "up-to", "exact", "more-than", "approx"], ["", "up-to", "up-to", "approx", ""]).tolist()
    ['up-to', 'approx', 'at-least', 'more-than-approx', 'approx']
    >>> per_unit_kind(["up-to", "approx", "approx"], ["approx", "more-than", "up-to"]).tolist()
    ['up-to-approx', 'up-to-approx', 'at-least-approx']
    """
    money = np.asarray(money_kind, dtype=object)
    units = np.asarray(units_kind, dtype=object)
    return np.array([_PER_UNIT_KIND.get((m, u), m) for m, u in zip(money, units)], dtype=object)


def _cost_range(name: str, usd_rows: pd.DataFrame, units_low: pd.Series, units_high: pd.Series) -> dict:
    low, high = implied_cost(usd_rows["value_low"], usd_rows["value_high"], units_low, units_high)
    return {f"{name}_low": low, f"{name}_high": high}


def _cost_kind(rows: pd.DataFrame, units_kind: str, units: pd.Series) -> np.ndarray:
    """The wording of a row's cost per unit; empty where it has none (no money or no units)."""
    kinds = per_unit_kind(rows["amount_kind"].fillna(""), rows[units_kind].fillna(""))
    return np.where(rows["amount_high"].notna().to_numpy() & (units > 0).to_numpy(), kinds, "")


def row_measures(rows: pd.DataFrame, usd_rows: pd.DataFrame, economies: pd.DataFrame | None) -> pd.DataFrame:
    """The export's measure columns for every row (NaN where one does not apply; the shares and
    per-person figures all NaN without ``economies``: the costs need none).

    ``gdp_share_low/high`` and ``per_capita_low/high`` of the row's total figure for rows of an
    economy kind with a known country; ``usd_per_gw`` and ``usd_per_accelerator`` (central
    money over central capacity, in US dollars) for rows that state money and capacity, with their
    ranges ``_low``/``_high`` (low money over high capacity to high money over low capacity, as the
    Money and compute page draws them) and their wording ``_kind`` (``per_unit_kind``).
    """
    usd_rows = usd_rows.reindex(rows.index)  # paired by index label, also in the ranges' numpy steps
    if economies is None:
        economies = pd.DataFrame(columns=list(ECONOMY_COLUMNS))
    facts = economies.set_index("country")
    applies = rows["kind"].isin(_ECONOMY_KINDS) & rows["country"].isin(set(facts.index))
    gdp = rows["country"].map(facts["gdp_usd"]).where(applies).astype(float)
    population = rows["country"].map(facts["population"]).where(applies).astype(float)
    usd_mid = (usd_rows["value_low"] + usd_rows["value_high"]) / 2
    gw = (rows["capacity_gw_low"] + rows["capacity_gw_high"]) / 2
    chips = (rows["accelerators_low"] + rows["accelerators_high"]) / 2
    return pd.DataFrame(
        {
            "gdp_share_low": usd_rows["value_low"] / gdp,
            "gdp_share_high": usd_rows["value_high"] / gdp,
            "per_capita_low": rows["value_low"] / population,
            "per_capita_high": rows["value_high"] / population,
            "usd_per_gw": usd_mid / gw.where(gw > 0),
            "usd_per_accelerator": usd_mid / chips.where(chips > 0),
            **_cost_range("usd_per_gw", usd_rows, rows["capacity_gw_low"], rows["capacity_gw_high"]),
            **_cost_range("usd_per_accelerator", usd_rows, rows["accelerators_low"], rows["accelerators_high"]),
            "usd_per_gw_kind": _cost_kind(rows, "capacity_gw_kind", gw),
            "usd_per_accelerator_kind": _cost_kind(rows, "accelerators_kind", chips),
        },
        index=rows.index,
    )
