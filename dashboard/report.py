"""The totals payload: de-duplicated totals as a JSON-ready dict, shared by the CLI and the UI.

``totals_payload`` returns exactly what ``python -m dashboard totals`` prints, so the overview
shows the same numbers and a test can assert that they agree. The UI, which already holds the
normalised, unfiltered frame (``ledger.normalise(..., on_missing="mark")``), calls
``payload_for_rows`` with it and skips the conversion.

Keys (the first five are the contract of the ``totals`` command; never rename or drop them):

  currency         target currency, e.g. "EUR"
  fx_basis         "announcement" | "latest" | "average"
  revisions        "latest" | "first"
  groups           [{"key", "low", "high", "ids", "by_wording", "overlap"}, ...]: one group
                   "total" when by="none", else one per value of the grouping column, largest
                   (high) first; "ids" are the counted rows, the rows whose figures were added (a
                   revised headline appears as its latest revision under revisions="latest");
                   with by="country" the global items (no country) form the group "";
                   "by_wording" and "overlap" are the group's as the payload's are the total's
                   (money measure only; an overlap between two groups is in neither)
  total            {"low", "high"}: the sum of the groups
  -- documented extras --
  year             the averaged calendar year under fx_basis "average", else null
  fx_date          the fixing behind every rate: the last bundled fixing (YYYY-MM-DD) under
                   "latest", the year under "average", null under "announcement" (each row
                   has its own date: see ``export``)
  view             "total" | "per-year" | "year"
  calendar_year    the calendar year of the year view, and the one year of company capex that
                   the other views count (default: the year most companies' capex guidance reaches)
  by               the grouping column, or "none"
  filters          the filters applied (see ``filters_dict``)
  unconverted_ids  rows that would have been counted but have no exchange rate for their date:
                   left out of every figure above (always present, usually [])
  no_horizon_ids   per-year and year views only: counted rows without a stated period, left
                   out of the figures instead of guessing a horizon
  outside_year_ids per-year view only: counted rows whose stated period lies wholly outside
                   calendar_year, whose yearly rates the total adds all the same (a sum of
                   average annual rates: a 2028-2034 budget beside 2026's capex)
  no_figure_ids    year view only: items whose stated period falls partly in calendar_year but
                   that have no amount of their own (parts with figures, such as reported
                   quarters, are never added) and whose money no counted item of the same
                   scope shares, wholly or partly (overlaps_with), so the year misses it
  incomplete_capex [{"company", "months"}], the companies with counted company capex in the
                   selection whose capex figures in the data (all of it: a filter that drops a
                   figure is named by the two lists below) cover fewer than the 12 months of
                   calendar_year ("months": how many they cover, 0 for none). In the year view
                   the year's company capex misses part of their spending (2026: Oracle's
                   fiscal 2026 ends in May, and the data has no fiscal 2027 figure); the total
                   and per-year views add whole the one figure per company whose fiscal year
                   ends in calendar_year, and none for a company without one; which of their
                   figures fall only partly in calendar_year is export's year_months (every
                   view; last)
  other_year_ids   total and per-year views: company capex rows left out because their period
                   ends in another year than calendar_year, or they state none (one year of
                   capex per company)
  no_capex_companies  total and per-year views: the companies in the selection all of whose
                   capex rows are other_year_ids and of which the data (all of it: a filter
                   that drops a figure is named below) has none for calendar_year, so the
                   total adds no capex of theirs (2024: all six; [] in the year view)
  below_confidence_ids  counted rows below the minimum confidence filter whose item stays
                   listed through other rows that do not count in their place (Oracle's FY2026
                   actual is graded low; its guidance is not counted instead), so the item adds
                   nothing (usually [])
  filtered_out_ids the same for the other filters of a figure (status, scope, region, country,
                   actor type), alone or with the confidence: under status "announced", Oracle's
                   FY2026 actual ("spent") is left out and its guidance is not counted instead
                   (usually []; rows in below_confidence_ids are not repeated)
  by_kind          {kind: {"low", "high", "ids"}} for each kind of money in years.KINDS
                   (public-programmes, pledges, company-capex, venture, training-cost): "total"
                   split by kind
  multi_technology {"low", "high", "ids"}: how much of "total" is items in which AI is one of
                   several technologies (scope "multi-technology"; data/README), in "currency"
                   whatever the measure (as "by_kind")
  by_wording       {amount_kind: {"low", "high", "ids"}} for each wording in schema.AMOUNT_KINDS
                   (exact, approx, up-to, more-than; an empty amount_kind is exact): "total"
                   split by how the sources word the figures it adds. The "up-to" part is
                   upper bounds (the total may be lower), the "more-than" part lower bounds
                   (it may be higher), in "currency" whatever the measure (as "by_kind")
  measure          "money" | "gdp-share" | "per-capita". Other than money, "groups" are the
                   economies (by country), "low"/"high" the share of GDP (a fraction) or money
                   per person in "currency", each group adding "money_low", "money_high",
                   (for gdp-share also "money_usd_low", "money_usd_high": the money in US
                   dollars, at the same basis, that the share divides by "gdp_usd"),
                   "gdp_usd", "gdp_year", "gdp_source_url", "population", "population_year",
                   "population_source_url", and "overlap_low", "overlap_high" (money in "currency"
                   that partial overlaps among the economy's own items may count twice, an upper
                   bound as "overlap"); "total" is {"low": null, "high": null} (shares and
                   per-person figures do not add across economies: the EU27 holds France), and
                   "no_economy_ids" lists the counted global money (capex, venture) left out,
                   and "no_figures_ids" those of them that are one country's money but the
                   country has no row in data/economies.csv (usually [])
  overlap          {"low", "high", "pairs"}: how much of "total" partial overlaps between
                   counted items may count twice ("pairs": [item id, other item id]); items
                   wholly inside another counted item are not added at all: "inside_ids"
  inside_ids       [[row id, container id]]: rows left out because their container counts

Numbers are full-precision floats in the target currency, never rounded.

Pure (pandas only): no Streamlit, no printing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from dashboard import fx, ledger, lookups, measures, overlaps, schema, years


def effective_year(basis: str, year: int | None) -> int | None:
    """The year the conversion uses: ``year`` under the ``average`` basis, else None.

    The UI always carries a year setting; it matters only for averages.

    >>> effective_year("average", 2024), effective_year("announcement", 2024)
    (2024, None)
    """
    return int(year) if basis == "average" and year is not None else None


def normalised(
    frame: pd.DataFrame,
    *,
    currency: str,
    basis: str = "announcement",
    year: int | None = None,
    revisions: str = "latest",
    view: str = "total",
    calendar_year: int | None = None,
) -> pd.DataFrame:
    """``frame`` normalised as the CLI and the totals see it: rows without a rate are marked,
    ``year`` is the settings' year (used by the average basis only)."""
    return ledger.normalise(
        frame,
        currency=currency,
        basis=basis,
        year=effective_year(basis, year),
        revisions=revisions,
        on_missing="mark",
        view=view,
        calendar_year=calendar_year,
    )


def filters_dict(filters: ledger.Filters | None) -> dict[str, Any]:
    """The filters as JSON, keyed like the ``totals`` options (empty list = no restriction).

    >>> filters_dict(ledger.Filters(regions=("Europe",), date_from="2025"))["region"]
    ['Europe']
    >>> sorted(filters_dict(None))
    ['actor_type', 'country', 'from', 'item_id', 'min_confidence', 'region', 'scope', 'status', 'to']
    """
    f = filters or ledger.Filters()
    return {
        "region": list(f.regions or ()),
        "country": list(f.countries or ()),
        "actor_type": list(f.actor_types or ()),
        "status": list(f.statuses or ()),
        "scope": list(f.scopes or ()),
        "min_confidence": f.min_confidence or ledger.CONFIDENCE_ORDER[0],
        "from": f.date_from or None,
        "to": f.date_to or None,
        "item_id": list(f.item_ids or ()),
    }


def _fx_date(basis: str, year: int | None) -> str | None:
    if basis == "latest":
        return fx.last_fixing_date().isoformat()
    if basis == "average":
        return str(year)
    return None


def left_out_by_filters(
    normalised: pd.DataFrame, filters: ledger.Filters, rows: pd.DataFrame, view: str
) -> tuple[list[str], list[str]]:
    """``below_confidence_ids`` and ``filtered_out_ids``: counted figures the filters leave out
    while their items stay listed in ``rows``, by the minimum confidence alone, and by the others."""
    below = ledger.below_confidence(normalised, filters, rows, view)
    return below, ledger.filtered_out(normalised, filters, rows, view, named=set(below))


def _overlap_payload(found: overlaps.Overlap) -> dict[str, Any]:
    """The JSON of an overlap: its bound, its pairs of item ids and each pair's own bound
    (``pair_amounts``, [low, high] in pair order: the smaller of the pair's two figures, or what
    the parts that carry the link hold where that is less)."""
    return {
        "low": found.low,
        "high": found.high,
        "pairs": [list(p) for p in found.pairs],
        "pair_amounts": [list(a) for a in found.shares],
    }


def payload_for_rows(
    normalised: pd.DataFrame,
    *,
    currency: str,
    basis: str = "announcement",
    year: int | None = None,
    revisions: str = "latest",
    by: str = "none",
    view: str = "total",
    filters: ledger.Filters | None = None,
    filtered: pd.DataFrame | None = None,
    calendar_year: int | None = None,
    measure: str = "money",
    economies: pd.DataFrame | None = None,
    usd_rows: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The payload for a frame already normalised with these money settings, unfiltered.

    ``normalised`` must come from ``ledger.normalise(dataset, currency=currency, basis=basis,
    year=effective_year(basis, year), revisions=revisions, on_missing="mark", view=view,
    calendar_year=calendar_year)``; the money keywords and ``calendar_year`` (None: the
    default year) only label the payload. Filters are applied here, unless the caller passes
    ``filtered``, ``ledger.apply_filters(normalised, filters)`` that it already holds (the UI
    caches it: filtering 100k rows again costs ~50 ms, measured). A ``measure`` other than
    money needs ``economies`` and ``usd_rows``: the same rows normalised in US dollars and
    filtered alike (for shares of GDP, which is in dollars).
    """
    if by not in ledger.GROUP_BY:
        raise ValueError(f"by must be one of {', '.join(ledger.GROUP_BY)}, not {by!r}")
    year = effective_year(basis, year)
    chosen = filters or ledger.Filters()
    rows = ledger.apply_filters(normalised, chosen) if filtered is None else filtered
    result = ledger.totals(rows, by=by, view=view)

    shared = overlaps.overlap(rows, view=view)
    inside = (
        [[str(a), str(b)] for a, b in zip(rows["id"], rows["counted_inside"]) if b] if "counted_inside" in rows else []
    )
    problem = rows["fx_problem"] if "fx_problem" in rows else pd.Series("", index=rows.index)
    # normalise() un-counts the rows it could not convert; counts_if_converted still marks them.
    outside = rows["other_year"].to_numpy(dtype=bool) | (years.misses_year(rows) if view == "year" else False)
    unconverted = rows.loc[rows["counts_if_converted"] & ~outside & (problem.fillna("") != ""), "id"]

    below, filtered_out = left_out_by_filters(normalised, chosen, rows, view)
    payload: dict[str, Any] = {
        "currency": currency,
        "fx_basis": basis,
        "revisions": revisions,
        "groups": [{"key": g.key, "low": g.low, "high": g.high, "ids": list(g.ids)} for g in result.groups],
        "total": {"low": result.low, "high": result.high},
        "year": year,
        "fx_date": _fx_date(basis, year),
        "view": view,
        # The year the frame was viewed in (years.for_view writes it), so the label cannot drift.
        "calendar_year": int(normalised["calendar_year"].iloc[0]) if len(normalised) else calendar_year,
        "by": by,
        "filters": filters_dict(filters),
        "unconverted_ids": [str(i) for i in unconverted],
        "overlap": _overlap_payload(shared),
        "inside_ids": inside,
        "other_year_ids": [str(i) for i in lookups.values_at(rows["id"], np.flatnonzero(rows["other_year"]))],
        "no_capex_companies": years.without_capex(rows, normalised),
        "below_confidence_ids": below,
        "filtered_out_ids": filtered_out,
        "by_kind": {kind: {"low": 0.0, "high": 0.0, "ids": []} for kind in years.KINDS},
    }
    # By kind with numpy masks: five kinds, and a pandas groupby cost ~5 ms a run (measured).
    low_col, high_col = years.view_columns(view)
    counted = years.added(rows, view)  # the rows "total" adds, so the kinds sum to it
    lows, highs = rows[low_col].to_numpy(dtype=float), rows[high_col].to_numpy(dtype=float)

    def part(mask: Any) -> dict[str, Any]:
        ids = lookups.values_at(rows["id"], np.flatnonzero(mask))
        return {"low": float(lows[mask].sum()), "high": float(highs[mask].sum()), "ids": [str(i) for i in ids]}

    def counted_where(column: str, value: str) -> np.ndarray:
        # Compared in Arrow: the whole text column as Python objects cost ~10 ms at 100k rows.
        return counted & rows[column].eq(value).to_numpy(dtype=bool, na_value=False)

    for name in years.KINDS:
        mask = counted_where("kind", name)
        if mask.any():
            payload["by_kind"][name] = part(mask)
    payload["multi_technology"] = part(counted_where("scope", "multi-technology"))
    worded = {kind: counted_where("amount_kind", kind) for kind in schema.AMOUNT_KINDS if kind != "exact"}
    exact = counted & ~np.logical_or.reduce(list(worded.values()))
    payload["by_wording"] = {kind: part(worded.get(kind, exact)) for kind in schema.AMOUNT_KINDS}
    # Each group's wording and overlaps: "North America" quoted without its "up to" part, or without
    # the €427B its items may share, misled (the Timeline's lines say both). Other measures replace
    # the groups below.
    if by == "none":
        payload["groups"][0] |= {"by_wording": payload["by_wording"], "overlap": payload["overlap"]}
    elif measure == "money":
        shared_by = overlaps.by_group(rows, by, view=view)
        for group in payload["groups"]:
            mask = lookups.is_in(rows["id"], group["ids"])
            group["by_wording"] = {kind: part(worded.get(kind, exact) & mask) for kind in schema.AMOUNT_KINDS}
            found = shared_by.get(group["key"], overlaps.Overlap(0.0, 0.0, ()))
            group["overlap"] = _overlap_payload(found)
    payload["measure"] = measure
    if measure != "money":
        if by not in ("country", "none"):
            raise ValueError(f"measure {measure} groups by country (one economy per group), not by {by}")
        if economies is None or usd_rows is None:
            raise ValueError(f"measure {measure} needs the economies and the rows in US dollars")
        figures = measures.by_economy(rows, usd_rows, economies, measure=measure, view=view)
        shared_by_economy = _shared_by_economy(rows, figures, view)
        payload["by"] = "country"
        payload["groups"] = [
            {
                "key": f.country,
                "low": f.low,
                "high": f.high,
                "ids": list(f.ids),
                "money_low": f.money_low,
                "money_high": f.money_high,
                # The money the share divides: in US dollars, as the GDP (gdp-share only).
                **({"money_usd_low": f.usd_low, "money_usd_high": f.usd_high} if measure == "gdp-share" else {}),
                "gdp_usd": f.gdp_usd,
                "gdp_year": f.gdp_year,
                "gdp_source_url": f.gdp_source_url,
                "population": f.population,
                "population_year": f.population_year,
                "population_source_url": f.population_source_url,
                # What partial overlaps among the economy's own items may count twice, in money
                # (an upper bound, like "overlap"): UK's Tech Prosperity Deal and its Action Plan.
                **dict(zip(("overlap_low", "overlap_high"), shared_by_economy.get(f.country, (0.0, 0.0)))),
            }
            for f in figures
        ]
        payload["total"] = {"low": None, "high": None}
        payload["no_economy_ids"] = measures.no_economy_ids(rows, economies, view=view)
        payload["no_figures_ids"] = measures.no_figures_ids(rows, economies, view=view)
    if view != "total":
        payload["no_horizon_ids"] = list(result.no_horizon_ids)
    if view == "per-year":  # rates of other years in a total whose label names calendar_year (QA pass)
        outside = years.added(rows, view) & years.misses_year(rows)  # a one-ended period adds no rate
        payload["outside_year_ids"] = [str(i) for i in rows.loc[outside, "id"]]
    if view == "year":
        missing = years.without_figure(rows)
        if missing.any():  # the links are read only when an item of the year has no figure
            missing &= ~overlaps.linked_from_counted(rows)
        payload["no_figure_ids"] = [str(i) for i in rows.loc[missing, "id"]]
    payload["incomplete_capex"] = years.with_a_rate(
        years.incomplete_capex(normalised, payload["calendar_year"], selected=rows),
        rows,
        payload["by_kind"]["company-capex"]["ids"],
    )
    return payload


def _shared_by_economy(
    rows: pd.DataFrame, figures: Sequence[measures.EconomyFigure], view: str
) -> dict[str, tuple[float, float]]:
    """{country: (low, high)} that partial overlaps among each economy's own items may count
    twice: the economies' own items only (a company's pledge for the UK beside its capex, which no
    economy holds, is not the UK's). One lookup of every economy's ids: a lookup per economy took
    ~190 ms at 100k rows (measured)."""
    part = rows[lookups.is_in(rows["id"], {i for f in figures for i in f.ids})]
    return {
        country: (found.low, found.high) for country, found in overlaps.by_group(part, "country", view=view).items()
    }


def totals_payload(
    frame: pd.DataFrame,
    *,
    currency: str = "EUR",
    basis: str = "announcement",
    year: int | None = None,
    revisions: str = "latest",
    by: str = "none",
    view: str = "total",
    filters: ledger.Filters | None = None,
    calendar_year: int | None = None,
    measure: str = "money",
    economies: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """De-duplicated totals of the validated dataset ``frame`` as a JSON-ready dict.

    Exactly what ``python -m dashboard totals`` prints for the same settings. ``year`` is used
    only with ``basis="average"`` (ignored otherwise, so the UI can pass its year setting
    unconditionally). Rows without an exchange rate are left out and listed in
    ``unconverted_ids``; bad option values raise ``ValueError``.
    """

    def normalised_in(target: str) -> pd.DataFrame:
        return normalised(
            frame,
            currency=target,
            basis=basis,
            year=year,
            revisions=revisions,
            view=view,
            calendar_year=calendar_year,
        )

    usd_rows = None
    if measure != "money":
        usd_rows = ledger.apply_filters(normalised_in("USD"), filters or ledger.Filters())
    return payload_for_rows(
        normalised_in(currency),
        currency=currency,
        basis=basis,
        year=year,
        revisions=revisions,
        by=by,
        view=view,
        filters=filters,
        calendar_year=calendar_year,
        measure=measure,
        economies=economies,
        usd_rows=usd_rows,
    )
