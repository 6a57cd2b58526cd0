"""Overlaps between counted items (``overlaps_with``): what a total must not add, and what it
may count twice.

``inside:<id>`` rows are not added while ``<id>``'s item counts in the selection
(:func:`without_inside_items`, applied by ``ledger.apply_filters``); ``partial:<id>`` rows stay
added and :func:`overlap` says how much of a total they may count twice. Pure: pandas and
numpy only, on frames that ``ledger`` resolved and converted.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.column_rules import parse_overlaps
from dashboard.lookups import is_in, values_at
from dashboard.years import CAPEX, company_of, period_bounds, view_columns


def item_links(ids: np.ndarray, links: np.ndarray, root: np.ndarray, revision: np.ndarray) -> np.ndarray:
    """A revision's links: its item's, with its own added; where both name the same item (a row
    or one of its revisions), its own entry replaces the item's (a revision that outgrew its
    container says ``partial:`` where the headline said ``inside:``). Other rows keep their own.

    >>> ids = np.array(["a", "a-r1", "a-r2", "x", "b", "b-r"], dtype=object)
    >>> links = np.array(["inside:b;partial:c", "", "partial:b-r", "partial:d", "", ""], dtype=object)
    >>> roots, revision = np.array([0, 0, 0, 3, 4, 4]), np.array([False, True, True, False, False, True])
    >>> item_links(ids, links, roots, revision).tolist()[:4]
    ['inside:b;partial:c', 'inside:b;partial:c', 'partial:b-r;partial:c', 'partial:d']
    """
    top = links[root]
    out = np.where(revision & (links == ""), top, links)
    # Joined only where a revision and its item both hold (different) links: a handful of rows.
    merge = np.flatnonzero(revision & (links != "") & (top != "") & (links != top))
    if not len(merge):
        return out
    # A lookup per entry, and the item's links read once per item: one index lookup per entry of
    # every revision took 395 s for 15,000 revisions of an item with 100 links (attack round 5).
    item_of = dict(zip(ids.tolist(), ids[root].tolist()))
    items_links: dict[str, dict[str, tuple[str, str]]] = {}
    for position in merge:
        if (item := top[position]) not in items_links:
            items_links[item] = {item_of.get(t, t): (k, t) for k, t in parse_overlaps(item) if t}
        entries = dict(items_links[item])
        entries.update((item_of.get(t, t), (k, t)) for k, t in parse_overlaps(links[position]) if t)
        out[position] = ";".join(f"{kind}:{target}" if kind else target for kind, target in entries.values())
    return out


def _links(rows: pd.DataFrame) -> np.ndarray:
    """Each row's overlap links as its item holds them (``item_overlaps``, set by
    ``ledger.resolve``: a counted revision keeps its headline's links), else its own cell."""
    column = "item_overlaps" if "item_overlaps" in rows.columns else "overlaps_with"
    return rows[column].to_numpy(dtype=object)


def without_inside_items(rows: pd.DataFrame) -> pd.DataFrame:
    """Stop counting an item whose money sits wholly inside another item of the selection.

    A row marked ``overlaps_with = inside:<id>`` (a company's country pledge inside its global
    capex) is not added while ``<id>``'s item counts in ``rows``; when the filters drop that
    container, the inside item counts again (not when the view leaves out the container's money:
    a year outside its horizon). ``counted_inside`` names the container (empty
    elsewhere), so tables and exports can say why a row is not added. Partial overlaps stay
    counted (issue: honest comparison). Returns ``rows`` itself when nothing changes.
    """
    if "overlaps_with" not in rows.columns:
        return rows
    counted = rows["counts_in_total"].to_numpy(dtype=bool)
    links = _links(rows)
    candidates = np.flatnonzero(counted & (links != ""))
    if not len(candidates):
        return rows
    item_ids = rows["item_id"].to_numpy(dtype=object)
    item_of = dict(zip(rows["id"].to_numpy(dtype=object), item_ids))
    # The container's item is in the selection while a row of it stands for the item, whether or
    # not this view adds its money: in the year 2034, outside the UK Spending Review's horizon,
    # the £1bn inside it counted again and was listed as "counted by Total", left out for want of
    # a horizon (QA pass).
    stands = rows["counts_if_converted"].to_numpy(dtype=bool) if "counts_if_converted" in rows else counted
    counted_items = set(item_ids[stands])
    inside = np.full(len(rows), "", dtype=object)
    for position in candidates:
        for kind, target in parse_overlaps(str(links[position])):
            container = item_of.get(target, target)
            # An item is never inside itself: a headline linked to its own component still counts.
            if kind == "inside" and container != item_ids[position] and container in counted_items:
                inside[position] = target
                break
    if not (inside != "").any():
        return rows
    return rows.assign(counts_in_total=counted & (inside == ""), counted_inside=inside)


def linked_from_counted(rows: pd.DataFrame) -> np.ndarray:
    """Rows whose money a counted row of the same scope says it shares, wholly or partly (its
    ``partial:`` or ``inside:`` link names them): Microsoft's FY2026, which has no figure of its
    own, is partly inside the counted calendar-2026 guidance, so a 2026 total does not miss it.
    A heuristic from links, not from amounts: a country pledge linked to that capex (another
    scope) covers a sliver of it, not the year, so it does not count. All ``False`` without
    link or scope columns."""
    out = np.zeros(len(rows), dtype=bool)
    if "overlaps_with" not in rows.columns or "scope" not in rows.columns:
        return out
    links = _links(rows)
    linking = np.flatnonzero(rows["counts_in_total"].to_numpy(dtype=bool) & (links != ""))
    scopes = rows["scope"].to_numpy(dtype=object)
    named = {(target, scopes[p]) for p in linking for _kind, target in parse_overlaps(str(links[p]))}
    ids = rows["id"].to_numpy(dtype=object)
    for position in np.flatnonzero(is_in(rows["id"], {target for target, _scope in named})):
        out[position] = (ids[position], scopes[position]) in named
    return out


def _carried_by_parts(
    frame: pd.DataFrame, linked: np.ndarray, lows: np.ndarray, highs: np.ndarray
) -> dict[tuple[int, str], tuple[float, float]]:
    """(a linking row's position, an item it names) -> the summed figures of its own item's parts
    (``component`` rows under the item's headline) whose links name that item too. Where its parts
    carry a link, they bound what the row shares with that item: the Tech Prosperity Deal shares
    Alphabet's capex through Google's £5bn, not through all of its £31bn ("up to €35.8B" of
    Alphabet's capex: QA pass 24). Only where every part of the item is in ``frame``
    (``item_part_count``, set by ``ledger.resolve``: a filter that dropped one lowered the bound
    below what the data allows), no carrying part states a floor ("more than": it bounds nothing)
    and each has a figure in the view (review). Empty without those columns."""
    needed = {"parent_id", "role", "item_id", "item_part_count", "amount_kind"}
    if not needed <= set(frame.columns) or not len(linked):
        return {}
    by_item: dict[str, list[int]] = {}
    for position, item in zip(linked, values_at(frame["item_id"], linked)):
        by_item.setdefault(str(item), []).append(int(position))
    is_part = (frame["role"] == "component").to_numpy(dtype=bool)
    parts = np.flatnonzero(is_part & is_in(frame["parent_id"], set(by_item)))
    parents = [str(p) for p in values_at(frame["parent_id"], parts)]
    whole, present = frame["item_part_count"].to_numpy(), Counter(parents)
    complete = {item for item, positions in by_item.items() if present[item] == whole[positions[0]]}
    part_links = frame["overlaps_with"].to_numpy(dtype=object)
    targets = {part: [t for _kind, t in parse_overlaps(str(part_links[part] or ""))] for part in parts}
    floors = (frame["amount_kind"] == "more-than").to_numpy(dtype=bool)
    named = {target for named_by_part in targets.values() for target in named_by_part}
    at = np.flatnonzero(is_in(frame["id"], named))
    item_of = dict(zip(values_at(frame["id"], at), values_at(frame["item_id"], at)))
    sums: dict[tuple[int, str], tuple[float, float]] = {}
    for part, parent in zip(parts, parents):
        if parent not in complete:
            continue
        bound = (math.nan, math.nan) if floors[part] else (float(lows[part]), float(highs[part]))
        for target in {str(item_of.get(t, t)) for t in targets[part]}:
            for position in by_item[parent]:
                low, high = sums.get((position, target), (0.0, 0.0))
                sums[position, target] = (low + bound[0], high + bound[1])
    return {key: bound for key, bound in sums.items() if not math.isnan(bound[0]) and not math.isnan(bound[1])}


@dataclass(frozen=True)
class Overlap:
    """How much of a total may be counted twice: partial overlaps between counted items."""

    low: float
    high: float
    #: (the row's item id, the other item's id) for every partial overlap inside the selection.
    pairs: tuple[tuple[str, str], ...]
    #: Each pair's bound (low, high): the smaller of its two figures, or what the parts that carry
    #: the link hold where less (``_carried_by_parts``). The total caps the pairs a
    #: row's own links name at that row's figure, so these may add up to more.
    shares: tuple[tuple[float, float], ...] = ()


def overlap(frame: pd.DataFrame, *, view: str = "total") -> Overlap:
    """The part of a total that partial overlaps may count twice (``overlaps_with partial:``).

    For each counted row that shares money with another counted item of ``frame``, the
    shared part is at most the smaller of the two figures (low with low, high with high), or
    what the row's parts that carry the link hold (``_carried_by_parts``), and a row never
    contributes more than its own figure. An upper bound ("up to"), not an estimate: where
    several items share one, it may exceed what that one holds. Inside
    overlaps are not added at all (``apply_filters``), so they are not in here.
    """
    low_col, high_col = view_columns(view)  # a bad view fails here, whatever the links
    if "overlaps_with" not in frame.columns or frame.empty:
        return Overlap(0.0, 0.0, ())
    counted = frame["counts_in_total"].to_numpy(dtype=bool)
    links = _links(frame)
    linked = np.flatnonzero(counted & (links != ""))
    partial = {p: [t for kind, t in parse_overlaps(str(links[p])) if kind == "partial"] for p in linked}
    targets = {target for named in partial.values() for target in named}
    if not targets:
        return Overlap(0.0, 0.0, ())
    # Lookups of the rows and items the links name only: built over every row, they took ~90 ms
    # at 100k rows on every new currency, even with no link at all (now 3 ms; bundled 0.4 -> 0.9).
    lows, highs = frame[low_col].to_numpy(dtype=float), frame[high_col].to_numpy(dtype=float)
    # An item not added for being inside a counted one shares its money through that one, up to its
    # own figure: a campus partly in Germany's pledge, inside a capex headline, reported no overlap
    # at all (attack round 7).
    within = frame["counted_inside"] if "counted_inside" in frame else pd.Series("", index=frame.index)
    held = np.flatnonzero(within.to_numpy(dtype=object) != "")
    containers = values_at(within, held)
    named = np.flatnonzero(is_in(frame["id"], targets | set(containers)))
    item_of = dict(zip(values_at(frame["id"], named), values_at(frame["item_id"], named)))
    inside = {
        item: (item_of.get(container, container), lows[p], highs[p])
        for item, container, p in zip(values_at(frame["item_id"], held), containers, held)
    }
    wanted = {item_of.get(t, t) for t in targets}
    # Up the inside links to the item that counts, the least figure on the way bounding the share
    # (two levels, K inside X inside Y, shared nothing: review 60).
    within_items: dict[str, tuple[list[str], float, float]] = {}
    for item in wanted & inside.keys():
        chain, low, high = [], math.inf, math.inf
        while item in inside and item not in chain:
            chain.append(item)
            item, item_low, item_high = inside[item]
            low, high = float(np.fmin(low, item_low)), float(np.fmin(high, item_high))
        within_items[chain[0]] = ([*chain[1:], item], low, high)
    wanted |= {containers[-1] for containers, _low, _high in within_items.values()}
    in_items = np.flatnonzero(counted & is_in(frame["item_id"], wanted))
    figure = {item: (lows[p], highs[p]) for item, p in zip(values_at(frame["item_id"], in_items), in_items)}
    for item, (chain, low, high) in within_items.items():
        if chain[-1] in figure and item not in figure:
            counted_low, counted_high = figure[chain[-1]]
            figure[item] = (float(np.fmin(low, counted_low)), float(np.fmin(high, counted_high)))
    own_items = dict(zip(linked, values_at(frame["item_id"], linked)))
    carried = _carried_by_parts(frame, linked, lows, highs)

    # Each pair of items shares one sum, however many links name it, held by one of its rows and
    # capped by that row's figure. Linked both ways (a partial:b, b partial:a) either side may
    # hold it: each choice gives an upper bound, so the smaller of "the smaller side holds" and
    # "the larger side holds" is kept (8 and 8 both inside 10, linked both ways: 10, not 16),
    # ties by id, so the row order of a file never changes the result.
    def shared(sign: float) -> tuple[float, float, list[tuple[str, str]], list[tuple[float, float]]]:
        holder: dict[frozenset, tuple[float, str, int]] = {}
        for position in linked:
            own_item = str(own_items[position])
            if math.isnan(highs[position]):
                continue
            for target in partial[position]:
                other_item = item_of.get(target, target)
                other = figure.get(other_item)
                # An item inside the linking row's own counts once, in it (review 60).
                holders = within_items[other_item][0] if other_item in within_items else []
                if other is None or other_item == own_item or own_item in holders or math.isnan(other[1]):
                    continue
                pair = frozenset((own_item, str(other_item)))
                claim = (sign * float(highs[position]), own_item, int(position))
                holder[pair] = min(holder.get(pair, claim), claim)
        total_low = total_high = 0.0
        pairs: list[tuple[str, str]] = []
        shares: list[tuple[float, float]] = []
        for position in linked:
            own_low, own_high = lows[position], highs[position]
            if math.isnan(own_high):
                continue
            shared_low = shared_high = 0.0
            for target in partial[position]:
                other_item = item_of.get(target, target)
                pair = frozenset((str(own_items[position]), str(other_item)))
                if pair not in holder or holder[pair][2] != position:
                    continue
                del holder[pair]  # once, even if two links of this row name the same item
                other = figure[other_item]
                pair_low = min(own_low, other[0]) if not math.isnan(own_low) and not math.isnan(other[0]) else 0.0
                pair_high = min(own_high, other[1])
                if (int(position), str(other_item)) in carried:
                    parts_low, parts_high = carried[int(position), str(other_item)]
                    pair_low, pair_high = min(pair_low, parts_low), min(pair_high, parts_high)
                shared_low += pair_low
                shared_high += pair_high
                pairs.append((str(own_items[position]), str(other_item)))
                shares.append((float(pair_low), float(pair_high)))
            total_low += min(shared_low, own_low if not math.isnan(own_low) else 0.0)
            total_high += min(shared_high, own_high)
        return total_low, total_high, pairs, shares

    low, high, pairs, shares = shared(1.0)
    other_low, other_high, _pairs, _shares = shared(-1.0)
    return Overlap(min(low, other_low), min(high, other_high), tuple(pairs), tuple(shares))


def by_group(frame: pd.DataFrame, column: str, *, view: str = "total") -> dict[str, Overlap]:
    """:func:`overlap` within each value of ``column``, for the values with some: each group
    alone, so money that two groups share is in neither. Nothing, and no grouping, when no row
    names an overlap (grouping 100k rows cost ~280 ms for nothing, measured)."""
    if "overlaps_with" not in frame.columns or not frame["overlaps_with"].fillna("").ne("").any():
        return {}
    shared = {str(key): overlap(part, view=view) for key, part in frame.groupby(column, sort=False)}
    return {key: found for key, found in shared.items() if found.high > 0}


def shared_money(picks: pd.DataFrame, every: pd.DataFrame) -> list[tuple[int, int, str]]:
    """Pairs of ``picks`` (rows side by side, as Compare shows them) that hold some of the same
    money: ``(position, other position, kind)``, each pair once. The other pick is the nearest
    picked row up the first one's parents (a part of a part of InvestAI next to the part it
    belongs to), or one that an ``overlaps_with`` link names: that row, the nearest picked row
    above it, and any picked part of it (a component, or a component's component) whose stated
    period meets the linking row's: a link to Microsoft's FY2026 reaches its January-March 2026
    quarter, not its quarter of 2025 (QA pass); not through an ``inside`` link, whose row is a line
    of the named item as its parts are. Kind: ``"part"`` (a component), ``"same"`` (another figure
    of the same item: a revision, a running total), ``"partial"`` for a context row (a related
    figure) and a part reached through a link (``"part"`` of the linking row when both are one
    company's capex and the part's period lies within), or the link's ``"inside"``/``"partial"``. A pick
    shown by its item's revision stands for the headline too. ``every``: all rows, to walk the
    parents of rows that are not picked.

    Links are a row's own: a headline's links gather its parts' (the Tech Prosperity Deal holds
    its Microsoft and Google parts' links), so a part does not take its parent's (review).

    >>> every = pd.DataFrame({
    ...     "id": ["eu", "eu-fund", "eu-fund-x", "capex", "capex-r", "site", "tally", "fy", "fy-q1", "cy", "deal"],
    ...     "scope": [""] * 7 + ["capex-total"] * 3 + [""], "actor": [""] * 7 + ["M", "M (CFO)", "M", ""],
    ...     "parent_id": ["", "eu", "eu-fund", "", "capex", "", "capex", "", "fy", "", "fy"],
    ...     "item_id": ["eu", "eu", "eu", "capex", "capex", "site", "capex", "fy", "fy", "cy", "fy"],
    ...     "role": ["headline", "component", "component", "headline", "revision", "headline", "cumulative",
    ...              "headline", "component", "headline", "context"],
    ...     "overlaps_with": ["", "", "", "", "", "partial:capex", "", "", "", "partial:fy", ""],
    ...     "period_start": ["", "", "", "", "", "", "", "2025-07", "2026-01", "2026", "2027"],
    ...     "period_end": ["", "", "", "", "", "", "", "2026-06", "2026-03", "2026", ""]})
    >>> shared_money(every.iloc[[0, 2, 1, 4, 5, 6]], every)
    [(1, 2, 'part'), (2, 0, 'part'), (5, 3, 'same'), (4, 3, 'partial')]
    >>> shared_money(every.iloc[[8, 9]], every), shared_money(every.iloc[[9, 8]], every)  # a link reaches a part
    ([(0, 1, 'part')], [(1, 0, 'part')])
    >>> shared_money(every.assign(actor=list("abcdefghijk")).iloc[[8, 9]], every)  # another's: maybe partly
    [(1, 0, 'partial')]
    >>> shared_money(every.iloc[[7, 8, 9]], every)  # the linked item and its part, both picked
    [(1, 0, 'part'), (2, 0, 'partial'), (1, 2, 'part')]
    >>> shared_money(every.iloc[[9, 10]], every)  # not a context row below the linked item
    []
    >>> q1 = every.replace({"period_start": {"2026-01": "2025-07"}, "period_end": {"2026-03": "2025-09"}})
    >>> shared_money(q1.iloc[[8, 9]], q1)  # a quarter of 2025 and the 2026 guidance: periods apart
    []
    """
    ids = picks["id"].astype(str).tolist()
    roles = picks["role"].tolist()
    owner = {row_id: position for position, row_id in enumerate(ids)}
    for position, (role, item) in enumerate(zip(roles, picks["item_id"].astype(str).tolist())):
        if role == "revision":  # shown for its headline (``ledger.shown_rows``)
            owner.setdefault(item, position)
    # Dicts, not an index lookup per step: a chain of 20,000 parts cost 49 s of CPU for 8 picks
    # (attack round 5).
    every_ids = every["id"].astype(str).tolist()
    parent_of = dict(zip(every_ids, every["parent_id"].fillna("").astype(str).tolist()))
    role_of = dict(zip(every_ids, every["role"].tolist()))

    def chain(row_id: str) -> list[str]:
        """``row_id`` and the rows above it, nearest first; validated data has no cycles, and the
        walk stops after as many steps as there are rows anyway."""
        out: list[str] = []
        for _step in range(len(parent_of) + 1):
            out.append(row_id)
            if not (row_id := parent_of.get(row_id, "")):
                break
        return out

    def nearest(row_id: str, own: int) -> int | None:
        """The nearest pick at ``row_id`` or above it (``own`` excluded)."""
        return next((owner[i] for i in chain(row_id) if owner.get(i, own) != own), None)

    def items_of_part(row_id: str) -> set[str]:
        """The rows a component belongs to, up through components only (none for other roles)."""
        out: set[str] = set()
        walk = chain(row_id)
        for step, above in zip(walk, walk[1:]):
            if role_of.get(step) != "component":
                break
            out.add(above)
        return out

    # Each end on its own: a contract from 2027 with no end year is apart from capex of 2025.
    first, last = period_bounds(picks["period_start"], picks["period_end"])[2:]

    def apart(a: int, b: int) -> bool:
        return bool(last[a] < first[b] or last[b] < first[a])  # NaN (an end not stated) compares False

    def same_capex(part: int, whole: int) -> bool:
        """A company's capex within the period of its capex it is linked to: Microsoft's January-
        March 2026 quarter is part of its calendar 2026, not maybe partly the same (QA pass)."""
        return bool(
            capex[part]
            and capex[whole]
            and company[part] == company[whole]
            and first[whole] <= first[part]
            and last[part] <= last[whole]
        )

    capex = (picks["scope"] == CAPEX).to_numpy(dtype=bool)
    company = company_of(picks["actor"])
    part_of = [items_of_part(row_id) for row_id in ids]
    found: dict[frozenset[int], tuple[int, int, str]] = {}
    for position, (row_id, role) in enumerate(zip(ids, roles)):
        other = nearest(row_id, position)  # the pick's own id is skipped: the walk starts above it
        if other is not None:
            # A context row is a related figure, not a second figure of its item: Oracle's chips for
            # Abilene and Crusoe's capital for the campus are other dollars (QA pass), an AWS
            # commitment and Amazon's stake may return the same money.
            kind = {"component": "part", "context": "partial"}.get(role, "same")
            found.setdefault(frozenset((position, other)), (position, other, kind))
    for position, text in enumerate(_links(picks)):
        for kind, target in parse_overlaps(str(text)):
            other = nearest(target, position)
            if other is not None:
                found.setdefault(frozenset((position, other)), (position, other, kind))
            if kind == "inside":  # wholly inside the named item, as a part is: beside its other
                continue  # parts it is a line of its own (the £1bn compute next to the AI unit, QA pass)
            # Its picked parts too, with the item picked or not: Oracle's capex beside Stargate and
            # its Abilene campus lost its pair with Abilene once Stargate was picked (QA pass 14).
            for part in range(len(ids)):
                if part != position and target in part_of[part] and not apart(position, part):
                    pair = (part, position, "part") if same_capex(part, position) else (position, part, "partial")
                    found.setdefault(frozenset((position, part)), pair)
    return list(found.values())
