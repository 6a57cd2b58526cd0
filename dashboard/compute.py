"""Money and compute: announced money beside the capacity it buys (gigawatts, accelerators).

Takes the normalised frame (``ledger.normalise``, filtered or not) and returns, for the rows
that state both money and a capacity, one point each with the implied cost per GW and per
accelerator, and the rows that state only one side, listed by name (a missing side is never
read as zero).

Which rows are points (one rule, said on the page too):

* ``headline`` and ``component`` rows are projects. A component (Stargate's Abilene campus) is
  a project of its own, drawn beside its parent; nothing here is added up.
* ``context`` rows are contracts and purchases (Oracle-OpenAI's $300bn cloud contract): money
  someone pays for capacity that a project may already count. They are points, flagged
  ``context``, so that charts can mark them; so are their parts (``ledger.resolve``'s
  ``under_context``, which the frame must have).
* ``cumulative`` rows (running totals that restate their parent) and ``revision`` rows (an
  updated figure for their parent) are not points; nor are ``cancelled`` rows or rows whose
  money could not be converted. Those that state both sides are in ``left_out`` with the reason;
  a running total of capacity alone (Stargate past 10 GW) is in ``capacity_only``, the item's
  latest word on its capacity.

Each point pairs the money and the capacity of one row, as announced together; under "latest
figures" a headline is still drawn with its own figure, because its revisions rarely restate
the capacity. Money is the converted total (``value_low``/``value_high``) in every view: a
capacity is not spread over years.

Implied cost per unit is a range: money low / capacity high .. money high / capacity low, so
a wide capacity range widens the cost range; a capacity of zero gives no cost (NaN).

Pure pandas and numpy: no Streamlit, no Plotly, no I/O, no rounding. Never modifies its input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.measures import implied_cost, per_unit_kind
from dashboard.schema import (
    ACCELERATORS_HIGH,
    ACCELERATORS_KIND,
    ACCELERATORS_LOW,
    CAPACITY_GW_HIGH,
    CAPACITY_GW_KIND,
    CAPACITY_GW_LOW,
)

#: An EU AI gigafactory: "about 100,000" of the most advanced AI chips, as the Commission
#: announced with InvestAI on 2025-02-11 (the dataset's row :data:`GIGAFACTORY_ROW` cites it).
GIGAFACTORY_CHIPS = 100_000
GIGAFACTORY_ANNOUNCED = "2025-02-11"
#: The row whose source states the gigafactory yardstick (the InvestAI gigafactory fund).
GIGAFACTORY_ROW = "investai-gigafactory-fund"

#: Roles drawn as projects, and as contracts or purchases (marked).
PROJECT_ROLES: tuple[str, ...] = ("headline", "component")
CONTEXT_ROLES: tuple[str, ...] = ("context",)
#: Scopes whose money-only rows are listed: money for data centres, compute or chips, which
#: could state a capacity. Company capex, programmes and funding rounds state none by nature.
MONEY_ONLY_SCOPES: tuple[str, ...] = ("ai-infrastructure",)

#: Reasons a row that states both sides is not a point.
LEFT_OUT_REASONS: tuple[str, ...] = ("cancelled", "cumulative", "revision", "not-converted")

#: The derived columns of :attr:`MoneyAndCompute.points`.
PER_GW_LOW, PER_GW_HIGH = "per_gw_low", "per_gw_high"
PER_ACCELERATOR_LOW, PER_ACCELERATOR_HIGH = "per_accelerator_low", "per_accelerator_high"
#: The wording of each implied cost ("up to", "more than", "about": ``measures.per_unit_kind``).
PER_GW_KIND, PER_ACCELERATOR_KIND = "per_gw_kind", "per_accelerator_kind"
HAS_GW, HAS_ACCELERATORS, CONTEXT = "has_gw", "has_accelerators", "context"
#: A point whose money is a whole programme's (scope other than ``ai-infrastructure``: Korea's
#: AI budget over its 15,000 GPUs), so its implied cost is more than the capacity's price.
PROGRAMME = "programme"
#: Columns taken over from the normalised frame where present (the hover reads most of them).
CARRIED = (
    "id",
    "name",
    "name_de",
    "short_name",
    "short_name_de",
    "item_id",
    "item_name",
    "item_name_de",
    "role",
    "under_context",  # a part of a context row is context too (``ledger.resolve``)
    "latest_revision",
    "revised",
    "region",
    "amount_low",
    "amount_high",
    "amount_kind",  # the hovers say "up to", "more than", "about" as the source does
    "currency",
    "fx_rate",
    "fx_date",
    "status",
    "confidence",
    "announced",
    "source_url",
    "value_low",
    "value_high",
    CAPACITY_GW_LOW,
    CAPACITY_GW_HIGH,
    CAPACITY_GW_KIND,  # "up to 5 GW": the capacity's wording, which its cost's wording depends on
    ACCELERATORS_LOW,
    ACCELERATORS_HIGH,
    ACCELERATORS_KIND,
)


@dataclass(frozen=True)
class MoneyAndCompute:
    #: One row per point, largest money first: the carried columns, ``context``, ``programme``,
    #: ``has_gw``, ``has_accelerators`` and the implied cost per GW and per accelerator (low/high,
    #: and its wording ``per_gw_kind`` / ``per_accelerator_kind``).
    points: pd.DataFrame
    #: Rows (of the point roles, not cancelled) with money but no capacity, in the scopes of
    #: :data:`MONEY_ONLY_SCOPES`, largest first.
    money_only: pd.DataFrame
    #: Rows (of the point roles or running totals, not cancelled) with a capacity but no money,
    #: largest GW first.
    capacity_only: pd.DataFrame
    #: Rows that state both sides but are not points, with a ``reason`` of :data:`LEFT_OUT_REASONS`.
    left_out: pd.DataFrame


def _number(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A numeric column as floats."""
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)


def _text(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    return frame[column].fillna("").astype(object).to_numpy()


def _columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in CARRIED if c in frame.columns]


def money_and_compute(rows: pd.DataFrame) -> MoneyAndCompute:
    """Points (money and a capacity), the one-sided lists and the rows left out; see the module."""
    role, status, scope = _text(rows, "role"), _text(rows, "status"), _text(rows, "scope")
    amount_low, amount_high = _number(rows, "amount_low"), _number(rows, "amount_high")
    value_low, value_high = _number(rows, "value_low"), _number(rows, "value_high")
    gw_low, gw_high = _number(rows, CAPACITY_GW_LOW), _number(rows, CAPACITY_GW_HIGH)
    acc_low, acc_high = _number(rows, ACCELERATORS_LOW), _number(rows, ACCELERATORS_HIGH)
    has_money = ~np.isnan(amount_low) & ~np.isnan(amount_high)
    has_gw = ~np.isnan(gw_low) & ~np.isnan(gw_high)
    has_acc = ~np.isnan(acc_low) & ~np.isnan(acc_high)
    has_capacity = has_gw | has_acc
    eligible = np.isin(role, PROJECT_ROLES + CONTEXT_ROLES) & (status != "cancelled")
    converted = ~np.isnan(value_low) & ~np.isnan(value_high)
    point = eligible & has_money & has_capacity & converted

    points = rows.iloc[np.flatnonzero(point)][_columns(rows)].copy()
    points[CONTEXT] = rows["under_context"].to_numpy(dtype=bool)[point]  # a context row's part too
    points[PROGRAMME] = ~np.isin(scope[point], MONEY_ONLY_SCOPES)
    points[HAS_GW] = has_gw[point]
    points[HAS_ACCELERATORS] = has_acc[point]
    points[PER_GW_LOW], points[PER_GW_HIGH] = implied_cost(
        value_low[point], value_high[point], gw_low[point], gw_high[point]
    )
    points[PER_ACCELERATOR_LOW], points[PER_ACCELERATOR_HIGH] = implied_cost(
        value_low[point], value_high[point], acc_low[point], acc_high[point]
    )
    money_kind = _text(rows, "amount_kind")[point]
    points[PER_GW_KIND] = per_unit_kind(money_kind, _text(rows, CAPACITY_GW_KIND)[point])
    points[PER_ACCELERATOR_KIND] = per_unit_kind(money_kind, _text(rows, ACCELERATORS_KIND)[point])
    points = _largest_first(points, "value_high")

    money_only = _largest_first(
        rows.iloc[np.flatnonzero(eligible & has_money & ~has_capacity & np.isin(scope, MONEY_ONLY_SCOPES))][
            _columns(rows)
        ],
        "value_high",
    )
    # With its running totals: the Sep and Oct 2025 ones (with money) were named below, not the latest (QA pass 21).
    listed = eligible | ((role == "cumulative") & (status != "cancelled"))
    capacity_only = _largest_first(
        rows.iloc[np.flatnonzero(listed & ~has_money & has_capacity)][_columns(rows)], CAPACITY_GW_HIGH
    )

    both = has_money & has_capacity & ~point
    reason = np.select(
        [status == "cancelled", role == "cumulative", role == "revision", ~converted],
        list(LEFT_OUT_REASONS),
        default="",
    )
    out = np.flatnonzero(both & (reason != ""))
    left_out = rows.iloc[out][_columns(rows)].assign(reason=reason[out])
    return MoneyAndCompute(points, money_only, capacity_only, _largest_first(left_out, "value_high"))


def _largest_first(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Sorted by ``column`` descending (missing last), ties by id; a fresh 0..n-1 index."""
    return frame.sort_values([column, "id"], ascending=[False, True], na_position="last", kind="stable").reset_index(
        drop=True
    )


def yardstick_source(rows: pd.DataFrame) -> str:
    """The source URL of :data:`GIGAFACTORY_ROW` in ``rows``; empty when the data in use does not
    have that row (an upload)."""
    found = np.flatnonzero(_text(rows, "id") == GIGAFACTORY_ROW)
    return str(_text(rows, "source_url")[found[0]]) if len(found) else ""
