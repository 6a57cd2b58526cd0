"""The numbers behind each chart, as a table a reader can see and download (the "Table" side of
a chart's "Chart | Table" switch).

Pure: no Streamlit. Each function takes the same frame and options as its figure builder and
returns one row per item (or per step) with its name and its figures in the display currency,
unrounded. A table holds every row the chart draws and also those it folds into "others" or
leaves out for room (a ranking's 25 bars, a timeline's 400 points, a guidance chart's six
companies), so a download is complete. Column names are translated and name the currency (and,
outside the total view, the view).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dashboard import datekeys, ledger, lookups, picks
from dashboard.charts.capex_guidance import guidance_changes, wordings
from dashboard.charts.common import identity, present_columns, records_at
from dashboard.charts.over_time import _timeline_positions, wordings_so_far
from dashboard.charts.text import Hovers, horizon, item_label, row_label
from dashboard.i18n import Gettext
from dashboard.labels import (
    actor_type_label,
    kind_label,
    region_label,
    role_label,
    status_label,
    sum_wording,
    wording_label,
)
from dashboard.years import added, kinds_shown, view_columns


def money_columns(
    _: Gettext,
    currency: str,
    low: np.ndarray,
    high: np.ndarray,
    view: str = "total",
    year: object = None,
    *,
    ratio: bool = False,
) -> dict[str, np.ndarray]:
    """The low and high columns, headed with the currency (or another unit, "per cent of GDP") and,
    outside the total view, what the figures are (a CSV passed on without its file name still
    says "per year" or "in 2025").

    A ``ratio`` (a share of GDP, money per person) puts the one year on the money: "per cent of
    GDP in 2026" would claim 2026's GDP where the GDP is another year's (its own column says which)."""
    if view == "year" and year is None:
        raise ValueError("the one-year view's table needs its year")
    headers = {
        "total": (_("Low ({currency})"), _("High ({currency})")),
        "per-year": (_("Low ({currency} per year)"), _("High ({currency} per year)")),
        "year": (
            (_("Low ({currency}, money falling in {year})"), _("High ({currency}, money falling in {year})"))
            if ratio
            else (_("Low ({currency} in {year})"), _("High ({currency} in {year})"))
        ),
    }[view]
    return {header.format(currency=currency, year=year): values for header, values in zip(headers, (low, high))}


def _records(frame: pd.DataFrame, positions: np.ndarray, columns: Sequence[str]) -> list[dict]:
    return records_at(frame, present_columns(frame, columns), positions)


_NAMES = ("id", "name", "name_de", "item_name", "item_name_de")


def ranking_table(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    view: str = "total",
    order: Sequence[str] | None = None,
    year: object = None,
) -> pd.DataFrame:
    """The ranking's items (counted ones, largest first; or the rows of ``order``, in that order)
    with their region and the figures of ``view``."""
    _ = gettext or identity
    low_col, high_col = view_columns(view)
    high = frame[high_col].to_numpy(dtype=float)
    if order is None:
        positions = ledger.largest_positions(frame, high_col, where=frame["counts_in_total"].to_numpy(dtype=bool))
    else:
        # Every pick, with or without a figure in this view (an empty cell, not a missing row).
        position = {item: i for i, item in enumerate(order)}
        candidates = np.flatnonzero(lookups.is_in(frame["id"], list(order)))
        ids = lookups.values_at(frame["id"], candidates)
        positions = candidates[np.argsort([position[i] for i in ids], kind="stable")]
    columns = (*_NAMES, "region", "period_start", "period_end", *Hovers.LABEL_COLUMNS, *Hovers.RATE_COLUMNS)
    records = _records(frame, positions, columns)
    low = frame[low_col].to_numpy(dtype=float)[positions]
    # The bar's label beside the numbers: "up to", "about", "annualised" or "of $88.2B" said what a
    # figure is, and a table or CSV without them gave "87330000000" for "up to $87.3B" (QA pass).
    hovers = Hovers(currency=currency, locale=locale, _=_, view=view)
    # The kind of money and the horizon, as Compare's own table gives them: a download of pledges
    # beside public programmes and capex could not tell them apart (QA pass).
    kinds = lookups.values_at(kinds_shown(frame), positions)
    return pd.DataFrame(
        {
            _("Item"): [row_label(r, locale) for r in records],  # the row whose figure this is
            _("Region"): [region_label(r["region"], _) for r in records],
            **money_columns(_, currency, low, high[positions], view, year),
            _("As the chart labels it"): [hovers.label(r, lo, hi) for r, lo, hi in zip(records, low, high[positions])],
            _("Kind"): [kind_label(k, _) for k in kinds],
            _("Horizon"): [horizon(r.get("period_start"), r.get("period_end"), locale=locale, _=_) for r in records],
            _("Rate"): [hovers.conversion(r) for r in records],
        }
    )


def compare_table(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    view: str = "total",
    year: object = None,
) -> pd.DataFrame:
    """Compare's picks (``frame``'s rows, in order) as :func:`ranking_table` lists them, and each
    one's ratio to the first pick with a figure in ``view`` (``picks.ratios``), headed by its name:
    the ratios were the one quotable number on the page that no file carried (QA pass 27). The rows
    are ``frame``'s by id, so each id once (as ``ledger.shown_rows`` gives them)."""
    if not frame["id"].is_unique:  # the ratios would go to other rows (review)
        raise ValueError("compare_table needs each id once")
    _ = gettext or identity
    table = ranking_table(
        frame, currency=currency, locale=locale, gettext=_, view=view, order=list(frame["id"]), year=year
    )
    base, ratio = picks.ratios(*(frame[column].to_numpy(dtype=float) for column in view_columns(view)))
    if base is not None:
        table[_("Compared with {item}").format(item=frame["name"].iloc[base])] = ratio
    return table


def drilldown_table(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    view: str = "total",
    year: object = None,
) -> pd.DataFrame:
    """The treemap's counted items by region and actor type, largest first within each."""
    _ = gettext or identity
    low_col, high_col = view_columns(view)
    high = frame[high_col].to_numpy(dtype=float)
    counted = np.flatnonzero(frame["counts_in_total"].to_numpy(dtype=bool) & ~np.isnan(high))
    records = _records(frame, counted, (*_NAMES, "region", "actor_type", *Hovers.RATE_COLUMNS))
    order = sorted(
        range(len(records)), key=lambda i: (records[i]["region"], records[i]["actor_type"], -high[counted[i]])
    )
    positions = counted[order]
    records = [records[i] for i in order]
    low = frame[low_col].to_numpy(dtype=float)[positions]
    # As the boxes word them: the CSV gave "47036056497" for Saudi Arabia's "up to" (QA pass). The
    # wording alone, mapped per distinct value: the boxes' full labels cost ~300 ms at 100k rows.
    kinds = pd.Series(lookups.values_at(frame["amount_kind"], positions), dtype=object).fillna("")
    stated = kinds.map({kind: wording_label(kind, _) for kind in kinds.unique()})
    hovers = Hovers(currency=currency, locale=locale, _=_, view=view)
    return pd.DataFrame(
        {
            _("Region"): [region_label(r["region"], _) for r in records],
            _("Actor type"): [actor_type_label(r["actor_type"], _) for r in records],
            _("Item"): [row_label(r, locale) for r in records],
            **money_columns(_, currency, low, high[positions], view, year),
            _("How it is stated"): stated.to_numpy(),
            _("Rate"): [hovers.conversion(r) for r in records],
        }
    )


def timeline_table(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    view: str = "total",
    year: object = None,
) -> pd.DataFrame:
    """Every announcement the timeline can draw (money and a date), oldest first, each with its role
    and whether ``view``'s total adds it: Stargate's parts, running totals and context rows summed to
    €1.45T beside its €483B in the CSV, which said none of that (QA pass 21). Outside the total view
    the view's figures follow the whole amounts, so that the counted rows add up to the view's total
    (their whole amounts gave €1.32T beside €852B a year: review)."""
    _ = gettext or identity
    positions = _timeline_positions(frame)
    announced = lookups.values_at(frame["announced"], positions)
    positions = positions[np.argsort(datekeys.date_keys(pd.Series(announced)), kind="stable")]
    columns = (*_NAMES, "role", "region", "status", "announced", *Hovers.LABEL_COLUMNS, *Hovers.RATE_COLUMNS)
    records = _records(frame, positions, columns)
    low, high = (frame[c].to_numpy(dtype=float)[positions] for c in ("value_low", "value_high"))
    hovers = Hovers(currency=currency, locale=locale, _=_, view="total")
    low_col, high_col = view_columns(view)
    in_view = frame[low_col].to_numpy(dtype=float)[positions], frame[high_col].to_numpy(dtype=float)[positions]
    return pd.DataFrame(
        {
            _("Announced"): [r["announced"] for r in records],
            _("Item"): [row_label(r, locale) for r in records],
            _("Role"): [role_label(r["role"], _) for r in records],
            _("Counted"): added(frame, view)[positions],
            _("Region"): [region_label(r["region"], _) for r in records],
            _("Status"): [status_label(r["status"], _) for r in records],
            **money_columns(_, currency, low, high),
            # "up to $50bn" read 50000000000 twice in the CSV (QA pass), as the ranking's did; the
            # points carry no label, so headed as their hover words them (review).
            _("As worded"): [hovers.label(r, lo, hi) for r, lo, hi in zip(records, low, high)],
            **({} if view == "total" else money_columns(_, currency, *in_view, view, year)),
            _("Rate"): [hovers.conversion(r) for r in records],
        }
    )


def cumulative_table(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    view: str = "total",
    year: object = None,
) -> pd.DataFrame:
    """The running total's steps: per region and month, the items added and the total after."""
    _ = gettext or identity
    low_col, high_col = view_columns(view)
    keep = frame["counts_in_total"].to_numpy(dtype=bool) & frame[high_col].notna().to_numpy(dtype=bool)
    rows = frame.loc[keep, ["region", low_col, high_col, "item_announced", "amount_kind"]]
    keys = datekeys.date_keys(rows["item_announced"]) // 100
    rows = rows[keys > 0].assign(_month=keys[keys > 0])
    monthly = rows.groupby(["region", "_month"], sort=True).agg(
        low=(low_col, "sum"), high=(high_col, "sum"), items=(high_col, "size")
    )
    running = monthly.groupby(level="region")[["low", "high"]].cumsum()
    so_far = wordings_so_far(rows, high_col)
    regions, months = monthly.index.get_level_values(0), monthly.index.get_level_values(1)
    return pd.DataFrame(
        {
            _("Region"): [region_label(r, _) for r in regions],
            # An item dated by its year only is added in that year ("2025", not "2025-00").
            _("Month"): [f"{m // 100:04d}-{m % 100:02d}" if m % 100 else f"{m // 100:04d}" for m in months],
            _("Items added"): monthly["items"].to_numpy(),
            # "Low (USD)" alone read as the month's own money (QA pass): these are the totals after it.
            **{
                _("Running total, {column}").format(column=header): values
                for header, values in money_columns(
                    _, currency, running["low"].to_numpy(), running["high"].to_numpy(), view, year
                ).items()
            },
            # As the hover words the running total: "up to", or which of its figures are bounds.
            _("How its figures are stated"): [sum_wording(so_far[key], _) for key in monthly.index],
        }
    )


def guidance_table(
    frame: pd.DataFrame,
    headline_ids: Sequence[str],
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
) -> pd.DataFrame:
    """Each company's capex history: first guidance, revisions, reported actual, in order."""
    _ = gettext or identity
    members = np.flatnonzero(
        (lookups.is_in(frame["id"], headline_ids) | lookups.is_in(frame["parent_id"], headline_ids))
        & frame["value_high"].notna().to_numpy(dtype=bool)
    )
    records = _records(
        frame, members, (*_NAMES, "parent_id", "role", "announced", "status", "amount_kind", *Hovers.RATE_COLUMNS)
    )
    for record, position in zip(records, members):
        record["_position"] = position
    rows, sizes = [], []
    for head in headline_ids:
        history = ledger.history(records, head)
        rows += [(item_label(history[0], locale), r) for r in history] if history else []
        sizes.append(len(history))
    positions = np.array([r["_position"] for _company, r in rows], dtype=np.int64)
    low = frame["value_low"].to_numpy(dtype=float)[positions]
    high = frame["value_high"].to_numpy(dtype=float)[positions]
    companies = [company for company, _r in rows]
    kinds = wordings([r for _company, r in rows])
    hovers = Hovers(currency=currency, locale=locale, _=_, view="total")
    # The chart's point labels, company by company (on a phone the chart leaves them out).
    bounds = np.cumsum([0, *sizes])
    changes = [
        label
        for start, end in zip(bounds, bounds[1:])
        for label in guidance_changes(
            low[start:end], high[start:end], currency=currency, locale=locale, _=_, kinds=kinds[start:end]
        )
    ]
    return pd.DataFrame(
        {
            # Each series is one capex plan (a company and a year), as the chart draws it: "Company" over
            # "Microsoft FY2025 investment in AI-enabled datacenters" read wrong (QA pass).
            _("Capex plan"): companies,
            # The chart's axis: a reported actual's date is that of the report (QA pass).
            _("Date of guidance or report"): [r["announced"] for _company, r in rows],
            _("Item"): [row_label(r, locale) for _company, r in rows],
            _("Status"): [status_label(r["status"], _) for _company, r in rows],
            # The change and the figures' wording before the figures: after them, both sat off a
            # 1400 px screen behind two wide name columns (QA pass 17). The bare figures need their
            # wording: Oracle's first was "more than $25bn" (review).
            _("Change"): changes,
            _("How it is stated"): [wording_label(kind, _) for kind in kinds],
            **money_columns(_, currency, low, high),
            # Each plan's figures at the rate of its first guidance, said beside each (QA pass 12).
            _("Rate"): [hovers.conversion(r) for _company, r in rows],
        }
    )
