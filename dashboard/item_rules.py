"""Rules across the rows of one item: what a file must say so that which figure a total counts
does not depend on the order or the ids of its rows (attack round 6).

* a ``revision`` keeps the scope of the row it revises, and for company capex its company: a
  revision of Amazon's 2025 capex as "ai-infrastructure" made Amazon's 2025 and 2026 capex count
  in one total;
* the figures of one item (the row revised and its revisions) are dated apart: a revision of
  the same day as another, or of its month only ("2026-04" beside "2026-04-29"), counted or not
  by the order of the rows, and the app and the CLI disagreed;
* one company capex item per company and period, with one spelling of the company: a second
  "Amazon" item for 2026 displaced the first by its id, and "amazon" added both;
* an item ``inside`` another is not larger than it, in the same currency: $500bn "inside" $1
  left the total.

Layer 1 (pandas). Pure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from dashboard import fx
from dashboard import schema as s
from dashboard.column_rules import parse_overlaps
from dashboard.datekeys import date_keys
from dashboard.rules import Problem, show
from dashboard.years import CAPEX, company_of


def item_problems(c: Mapping[str, pd.Series]) -> list[Problem]:
    """The problems of these rules in the stripped columns ``c`` (0-based rows)."""
    ids = c[s.ID].to_numpy(dtype=object)
    unique = ~c[s.ID].duplicated(keep=False).to_numpy()  # a repeated id is reported on id
    first = {rid: n for n, rid in enumerate(ids) if unique[n]}
    out: list[Problem] = []

    def bad(n: int, column: str, message: str) -> None:
        out.append(Problem(n + 1, ids[n], column, message))

    def row(n: int) -> str:  # by id: under "add", a bundled row's number is not the upload's
        return show(ids[n])

    roles, parents = c[s.ROLE].to_numpy(dtype=object), c[s.PARENT_ID].to_numpy(dtype=object)
    scopes, companies = c[s.SCOPE].to_numpy(dtype=object), company_of(c[s.ACTOR])
    revised = [(int(n), first[p]) for n in np.flatnonzero((roles == "revision") & unique) if (p := parents[n]) in first]
    for n, p in revised:
        if roles[p] == "revision":
            continue  # a revision of a revision is reported on role
        if scopes[n] != scopes[p]:
            bad(
                n,
                s.SCOPE,
                f"{show(scopes[n])}, not {show(scopes[p])} as {row(p)}, the row it revises: a "
                "revision restates that figure; other money needs an item of its own",
            )
        elif scopes[n] == CAPEX and companies[n] != companies[p]:
            bad(
                n,
                s.ACTOR,
                f"{show(companies[n])}, not {show(companies[p])} as {row(p)}, the row it revises: "
                "a revision restates one company's capex",
            )
    _undated_apart(c, [(n, p) for n, p in revised if roles[p] != "revision"], bad, row)
    _second_capex(c, companies, unique, bad, row)
    _inside_larger(c, first, bad, row)
    return out


def _bounds(dates: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each date's first and last day as ``YYYYMMDD`` ("2026-04" is 20260401 to 20260431; 0 for none)."""
    keys = date_keys(dates)
    lo = keys + np.where(keys % 100 == 0, np.where(keys % 10000 == 0, 101, 1), 0)
    hi = keys + np.where(keys % 100 == 0, np.where(keys % 10000 == 0, 1231, 31), 0)
    return lo * (keys > 0), hi * (keys > 0)


def _undated_apart(c: Mapping[str, pd.Series], revised: list[tuple[int, int]], bad: Any, row: Any) -> None:
    """Figures of one item whose dates overlap (the same day, or a month or year holding the
    other): neither is the later, so the figure counted hung on the rows' order."""
    if not revised:
        return
    members: dict[int, set[int]] = {}
    for n, p in revised:
        members.setdefault(p, {p}).add(n)
    lo, hi = _bounds(c[s.ANNOUNCED])
    dates = c[s.ANNOUNCED].to_numpy(dtype=object)
    for item, group in members.items():
        latest, said = -1, set()  # the member reaching furthest so far, in order of first day
        for n in sorted((m for m in group if lo[m]), key=lambda m: (lo[m], -hi[m], m)):
            # Said on a revision, not the row revised; of two revisions on the first in the file (an
            # upload's row, under "add", comes before the bundled ones).
            own = latest if n == item else n if latest == item else min(n, latest)
            if latest >= 0 and lo[n] <= hi[latest] and own not in said:
                other = n + latest - own
                said.add(own)
                bad(
                    own,
                    s.ANNOUNCED,
                    f"{show(dates[own])} is not before or after {show(dates[other])}, the "
                    f"date of {row(other)}, a figure of the same item: totals count its latest figure, so date "
                    "them apart (to the day)",
                )
            if latest < 0 or hi[n] > hi[latest]:
                latest = n


def _second_capex(c: Mapping[str, pd.Series], companies: np.ndarray, unique: np.ndarray, bad: Any, row: Any) -> None:
    """A second company capex item of one company and period, or a company spelt two ways; said on
    the first in the file (an upload's row, under "add"), naming the last."""
    heads = np.flatnonzero(unique & (c[s.SCOPE] == CAPEX).to_numpy() & (c[s.ROLE] == "headline").to_numpy())
    spelt: dict[str, int] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for n in heads[::-1]:
        company = companies[n]
        folded = " ".join(company.casefold().split())
        k = spelt.setdefault(folded, n)
        if folded and companies[k] != company:
            bad(
                n,
                s.ACTOR,
                f"{show(company)} is written {show(companies[k])} in {row(k)}: one company, one "
                "spelling (totals count one capex figure per company and year)",
            )
        key = (folded, c[s.PERIOD_START].iat[n], c[s.PERIOD_END].iat[n])
        if not all(key) or not (c[s.AMOUNT_LOW].iat[n] or c[s.AMOUNT_HIGH].iat[n]):
            continue
        if (k := seen.setdefault(key, n)) != n:
            bad(
                n,
                s.PERIOD_END,
                f"a second company capex item of {show(company)} for {key[1]} to {key[2]}, beside "
                f"{row(k)}: totals count one figure per company and year, and which would hang on the ids; "
                f"make it a revision of {show(c[s.ID].iat[k])}",
            )


def _inside_larger(c: Mapping[str, pd.Series], first: Mapping[str, int], bad: Any, row: Any) -> None:
    """An ``inside`` link to an item whose every figure (the row and its revisions) is smaller than
    the row's, compared in euros at each figure's own date, with 5 % to spare for the rates."""
    linked = np.flatnonzero(c[s.OVERLAPS_WITH].str.contains("inside", regex=False).to_numpy())
    links = [
        (int(n), target)
        for n in linked
        for kind, target in parse_overlaps(c[s.OVERLAPS_WITH].iat[n])
        if kind == "inside"
    ]
    targets = {target for n, target in links if target in first}
    if not targets:
        return
    low = pd.to_numeric(c[s.AMOUNT_LOW], errors="coerce").to_numpy()
    high = pd.to_numeric(c[s.AMOUNT_HIGH], errors="coerce").to_numpy()
    currencies, dates = c[s.CURRENCY].to_numpy(dtype=object), c[s.ANNOUNCED].to_numpy(dtype=object)

    def euros(n: int, amount: float) -> float:
        try:
            return amount * fx.rate(currencies[n], "EUR", announced=dates[n]).rate
        except (fx.MissingRateError, ValueError):  # said on currency or announced
            return math.nan

    revisions = (c[s.ROLE] == "revision").to_numpy() & c[s.PARENT_ID].isin(targets).to_numpy()
    largest: dict[str, tuple[float, int]] = {}  # item -> its largest figure in euros, and where
    for n in [first[target] for target in targets] + np.flatnonzero(revisions).tolist():
        item = c[s.ID].iat[n] if c[s.ID].iat[n] in targets else c[s.PARENT_ID].iat[n]
        value = euros(n, high[n])
        if value >= largest.get(item, (-math.inf, n))[0]:
            largest[item] = (value, n)
    for n, target in links:
        most, at = largest.get(target, (math.nan, -1))
        if euros(n, low[n]) > 1.05 * most:
            bad(
                n,
                s.OVERLAPS_WITH,
                f"inside {row(first[target])}, whose largest figure ({high[at]:,.0f} "
                f"{currencies[at]}) is smaller than this row's ({low[n]:,.0f} {currencies[n]}): money inside "
                "an item is part of it",
            )
