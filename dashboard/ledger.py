"""Roles, de-duplicated totals, revisions, annualisation and filters.

This is where the dataset's overlaps are resolved so that no euro or dollar is counted twice
(design.md section 4):

* Totals add ``headline`` rows only. A headline with ``revision`` children counts its latest
  revision (by ``announced``) under ``revisions="latest"``, its own first figure under
  ``revisions="first"``. The row whose figures are added is the one flagged
  ``counts_in_total``; the headline it stands for is its ``item_id``.
* ``component`` rows are parts of their parent, ``cumulative`` and ``context`` rows are shown
  but never summed, ``cancelled`` rows and rows without money are out of totals.
* Ranges sum low with low and high with high.
* The per-year figure is the amount divided by the stated period in years (months / 12); a row
  without a stated period has none. The calendar-year figures, the one-year rule for company
  capex and the kinds of money are ``dashboard.years``'s.

Pure pandas: no Streamlit, no Plotly, no I/O, no rounding. Functions never modify their input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence, Set
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from dashboard import fx, overlaps, schema, years
from dashboard.datekeys import date_keys, date_sort_key
from dashboard.lookups import is_in, values_at
from dashboard.years import added, view_columns

REVISIONS = ("latest", "first")
GROUP_BY = ("region", "country", "actor_type", "status", "scope", "kind", "none")

#: Confidence grades, lowest first: a "minimum confidence" filter keeps a grade and those after it.
CONFIDENCE_ORDER = schema.CONFIDENCES


def _strings(series: pd.Series) -> np.ndarray:
    """A string column as a numpy object array (fast to index, no Arrow round trips)."""
    return series.fillna("").astype(object).to_numpy()


def _climb(ids: np.ndarray, parents: np.ndarray, marks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position of each row's top ancestor (a parentless row, or one whose parent is unknown,
    is its own root), and whether the row or any of its ancestors is marked. Pointer jumping:
    each pass doubles how far every row has climbed, so ceil(log2(n)) + 1 passes reach the top
    of any chain (a chain of 20,000 rows in 16).

    >>> ids, parents = np.array(["a", "b", "c", "d"]), np.array(["", "a", "b", ""])
    >>> root, marked = _climb(ids, parents, np.array([False, True, False, False]))
    >>> root.tolist(), marked.tolist()
    ([0, 0, 0, 3], [False, True, True, False])
    """
    index = pd.Index(ids)
    parent_pos = index.get_indexer(parents)  # -1 where empty or unknown
    up = np.where(parent_pos >= 0, parent_pos, np.arange(len(ids)))
    marked = marks.copy()
    # The validator rejects cycles; the bound keeps a hand-made cyclic frame from looping forever.
    for _ in range(max(1, len(ids)).bit_length() + 1):
        marked |= marked[up]
        nxt = up[up]
        if np.array_equal(nxt, up):
            break
        up = nxt
    return up, marked


def item_ids(frame: pd.DataFrame) -> np.ndarray:
    """Each row's item: its top ancestor's id (``resolve``'s ``item_id``, without the rest).

    >>> item_ids(pd.DataFrame({"id": ["a", "a-2", "a-2-x", "b"], "parent_id": ["", "a", "a-2", ""]})).tolist()
    ['a', 'a', 'a', 'b']
    """
    ids = _strings(frame["id"])
    root, _marked = _climb(ids, _strings(frame["parent_id"]), np.zeros(len(ids), dtype=bool))
    return ids[root]


def stands_for_item(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row is the one that stands for its item (:func:`resolve`'s flag), whether or
    not the view adds it: the one-year view un-counts rows without money in its year and
    :func:`normalise` those without a rate, but another year's capex still stands for its item."""
    return frame["counts_if_converted" if "counts_if_converted" in frame else "counts_in_total"].to_numpy(dtype=bool)


def resolve(frame: pd.DataFrame, *, revisions: str = "latest") -> pd.DataFrame:
    """Add ``item_id``, ``item_announced``, ``item_name(_de)``, ``kind`` and ``company``
    (``years.kind_of``, ``years.company_of``) and ``counts_in_total`` to a copy.

    ``item_id`` is the top ancestor, ``item_announced`` that ancestor's announcement date (the date range
    filter selects items by it), ``item_name`` its name (a chart labels a counted revision with the item
    it revises), and ``counts_in_total`` marks exactly the rows whose figures a total adds: for each
    counted headline, the headline itself or, under ``revisions="latest"``, its latest non-cancelled
    revision with money (``latest_revision`` marks that revision of every revised row, ``revised`` the
    row it revises, which the validator never lets a revision predate; whatever ``revisions``).
    ``under_context`` marks a context row and every row below one (its revision, its part): never added,
    and shown as context. ``period_years`` is the stated period's length, inclusive months / 12 (a bare
    year is January to December). ``item_overlaps`` (with an ``overlaps_with`` column) holds the links a row's figure
    stands for: a revision's item's links with its own (``overlaps.item_links``), every other row's own.
    """
    if revisions not in REVISIONS:
        raise ValueError(f"revisions must be one of {', '.join(REVISIONS)}, not {revisions!r}")
    out = frame.copy()
    ids = _strings(out["id"])
    parents = _strings(out["parent_id"])
    roles = _strings(out["role"])
    root, out["under_context"] = _climb(ids, parents, roles == "context")
    names = _strings(out["name"])
    names_de = np.where(_strings(out["name_de"]) == "", names, _strings(out["name_de"]))
    out["item_id"] = ids[root]
    out["item_announced"] = _strings(out["announced"])[root]
    # The date a row converts at under "announcement" (``normalise``): its item's, or below a context
    # row that row's, as the context row's own (a revision of Oracle's $300bn contract read 13 % more
    # at Stargate's date: attack round 6).
    fx_root, _marked = _climb(ids, np.where(roles == "context", "", parents), np.zeros(len(ids), dtype=bool))
    out["fx_announced"] = _strings(out["announced"])[fx_root]
    # Numeric keys (YYYYMMDD, 0 = unknown) do not depend on the currency: computed once, not parsed every rerun.
    announced_keys = date_keys(out["announced"])
    out["announced_key"], out["item_key"] = announced_keys, announced_keys[root]
    # Periods parsed once per dataset into month numbers (the year view reads them on every run).
    first, last, out["period_from"], out["period_until"] = years.period_bounds(out["period_start"], out["period_end"])
    out["period_first"], out["period_last"] = first, last
    out["period_years"] = (last - first + 1) / 12.0
    out["item_name"], out["item_name_de"] = names[root], names_de[root]
    # How many parts the item's headline has in the data: a filtered frame that lacks one cannot
    # bound an overlap by its parts (``overlaps._carried_by_parts``).
    parent_pos = pd.Index(ids).get_indexer(parents)
    direct = parent_pos[(roles == "component") & (parent_pos >= 0)]
    out["item_part_count"] = np.bincount(direct, minlength=len(out))[root]
    # A row's kind of money and its actor's company are the same in every currency and view.
    out["kind"] = years.kind_of(out)
    out["company"] = years.company_of(out["actor"])
    if "overlaps_with" in out.columns:
        # The overlaps an item's counted row stands for: its item's links and its own. A revision has no
        # links of its own, and reading its empty cell lost Oracle's FY2026 share of Stargate (and added a revised
        # ``inside`` item to its container) when the latest figure counted. Set before filters drop the headline.
        out["item_overlaps"] = overlaps.item_links(
            ids, _strings(out["overlaps_with"]), root, _strings(out["role"]) == "revision"
        )
    money = (out["amount_low"].notna() & out["amount_high"].notna()).to_numpy()
    live = (out["status"] != "cancelled").to_numpy()
    headline = (roles == "headline") & (parents == "") & money & live
    counts = headline.copy()
    rows = np.flatnonzero((roles == "revision") & money & live & (parent_pos >= 0))
    # For hovers, whatever the setting: each item's latest revision and the row it revises (QA pass). Ties: the later.
    order = rows[np.lexsort((np.arange(len(rows)), announced_keys[rows]))]
    latest = pd.Series(order, index=parent_pos[order], dtype=np.int64).groupby(level=0).last()
    out["latest_revision"] = np.isin(np.arange(len(out)), latest.to_numpy())
    out["revised"] = np.isin(np.arange(len(out)), latest.index)
    if revisions == "latest":
        latest = latest[headline[latest.index.to_numpy()]]  # an item counts at its latest figure
        counts[latest.to_numpy()] = True
        counts[latest.index.to_numpy()] = False
    out["counts_in_total"] = counts
    return out


def normalise(
    frame: pd.DataFrame,
    *,
    currency: str,
    basis: str = "announcement",
    year: int | None = None,
    revisions: str = "latest",
    on_missing: str = "raise",
    view: str = "total",
    calendar_year: int | None = None,
) -> pd.DataFrame:
    """Convert every row to ``currency``, resolve roles and add the per-year and year figures:
    :func:`resolve`, :func:`converted`, then :func:`in_view`.

    Rows that cannot be converted under ``on_missing="mark"`` keep NaN values and a non-empty
    ``fx_problem``; they never count in a total. ``view`` and ``calendar_year`` decide what
    counts (``years.for_view``). ``year`` is the averaged year of the ``average`` basis;
    ``calendar_year`` (default :func:`default_year`) the year of the year view and of the
    one-year rule for company capex. Roles do not depend on the currency, so a UI resolves
    once per dataset and revisions setting and converts cheaply on every currency or basis
    switch (``ui.state``).
    """
    view_columns(view)  # a bad view fails here, before any work
    rows = converted(
        resolve(frame, revisions=revisions), currency=currency, basis=basis, year=year, on_missing=on_missing
    )
    return in_view(rows, view=view, calendar_year=calendar_year)


def default_year(frame: pd.DataFrame) -> int:
    """The calendar year a view uses when none is chosen: the year most companies' capex guidance
    reaches (``years.latest_guidance_year``)."""
    return years.latest_guidance_year(frame, fallback=fx.last_fixing_date().year)


#: The furthest "Year" may lie after the last fixing year: an upload's horizon of 9999 offered
#: thousands of years (review); stated horizons reach 2034 (the EU budget) or 2040 (Japan).
YEARS_AHEAD = 50


def last_view_year(frame: pd.DataFrame) -> int:
    """The last year the year settings offer: the last year of the bundled ECB fixings, or a later
    one that the default year or a stated horizon reaches (Stargate's to 2028, the EU budget's
    digital window to 2034), at most :data:`YEARS_AHEAD` later: the money that falls in a future
    year is a view of its own."""
    last_fixing = fx.last_fixing_date().year
    wanted = max(last_fixing, default_year(frame), years.last_horizon_year(frame))
    return min(wanted, last_fixing + YEARS_AHEAD)


def in_view(converted_rows: pd.DataFrame, *, view: str, calendar_year: int | None = None) -> pd.DataFrame:
    """What ``view`` counts in a :func:`converted` frame (``years.for_view``); cheap, so a UI
    keeps the conversion and redoes only this on a view or year switch."""
    chosen = default_year(converted_rows) if calendar_year is None else int(calendar_year)
    return years.for_view(converted_rows, view=view, year=chosen)


def converted(
    resolved: pd.DataFrame,
    *,
    currency: str,
    basis: str = "announcement",
    year: int | None = None,
    on_missing: str = "raise",
) -> pd.DataFrame:
    """A resolved frame converted to ``currency`` with its per-year figures (no view applied)."""
    source = resolved
    if basis == "announcement":
        # An item is one decision restated, not bought again at each new rate: every row of an
        # item converts at the rate of its headline's announcement date, so a revision's value
        # changes only with its amount, in every display currency (design, money rules).
        # A context row is another deal beside its item (a cloud contract, a loan), not the item
        # restated: it and the rows below it convert at its date (Oracle's $300bn contract of Sep
        # 2025 read €290B at Stargate's January rate, 13% more than at its own; QA pass).
        fx_date = resolved["fx_announced"]
        dated = fx_date.where(fx_date.ne(""), resolved["announced"])
        source = resolved[["id", "currency", "amount_low", "amount_high"]].assign(announced=dated)
    columns = fx.conversion_columns(source, target=currency, basis=basis, year=year, on_missing=on_missing)
    value_low = pd.Series(columns["value_low"], index=resolved.index)
    # Everything the conversion adds, and the counted flag it changes, in one step.
    counts = resolved["counts_in_total"] & value_low.notna()
    horizon = resolved["period_years"]  # months of the stated period / 12, NaN without one (resolve)
    columns["per_year_low"] = value_low / horizon
    columns["per_year_high"] = columns["value_high"] / horizon
    # counts_if_converted keeps the flag resolve() set: the rows a total would add if every rate
    # existed (report.payload_for_rows lists those without a rate as unconverted).
    return resolved.assign(counts_if_converted=resolved["counts_in_total"], counts_in_total=counts, **columns)


@dataclass(frozen=True)
class Filters:
    """Facet filters; an empty tuple (or None) means "no restriction" for that facet."""

    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()
    min_confidence: str = "low"
    date_from: str | None = None
    date_to: str | None = None
    item_ids: tuple[str, ...] = field(default=())

    @property
    def key_range(self) -> tuple[int, int]:
        """The ``item_key``s the dates keep, inclusive (an end at month or year precision takes all of it)."""
        (y0, m0, d0), (y1, m1, d1) = date_sort_key(self.date_from or ""), date_sort_key(self.date_to or "")
        high = y1 * 10000 + (m1 or 12) * 100 + (d1 or 31) if self.date_to else 99_991_231
        return y0 * 10000 + m0 * 100 + d0, high


def apply_filters(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows of a resolved frame that pass every facet filter.

    Facets apply to each row's own attributes; the date range (``Filters.key_range``) applies to
    ``item_announced``, so a revision or component stays with its item.
    """
    keep = pd.Series(True, index=frame.index)
    for column, wanted in (
        ("region", filters.regions),
        ("country", filters.countries),
        ("actor_type", filters.actor_types),
        ("status", filters.statuses),
        ("scope", filters.scopes),
        ("item_id", filters.item_ids),
    ):
        if wanted:
            keep &= frame[column].isin(list(wanted))
    if filters.min_confidence and filters.min_confidence != CONFIDENCE_ORDER[0]:
        keep &= frame["confidence"].isin(schema.confidence_at_least(filters.min_confidence))
    if filters.date_from or filters.date_to:
        keys = frame["item_key"].to_numpy() if "item_key" in frame.columns else date_keys(frame["item_announced"])
        low, high = filters.key_range
        keep &= (keys >= low) & (keys <= high)
    # No restriction: hand back the frame itself rather than a copy of every row.
    return overlaps.without_inside_items(frame if bool(keep.all()) else frame[keep])


def below_confidence(frame: pd.DataFrame, filters: Filters, rows: pd.DataFrame, view: str = "total") -> list[str]:
    """Rows that ``filters``' minimum confidence alone keeps from counting while other rows of their
    item stay in ``rows`` (``apply_filters(frame, filters)``) without counting: Oracle's FY2026 is
    counted at its low-graded actual, and its guidance, still listed, does not stand in for it, so
    the item adds nothing. Rows another filter drops, inside a counted container or adding nothing
    in ``view`` are not named."""
    minimum = filters.min_confidence
    if not minimum or minimum == CONFIDENCE_ORDER[0]:
        return []
    strong = schema.confidence_at_least(minimum)
    if not (frame["counts_in_total"] & ~frame["confidence"].isin(strong)).any():
        return []  # no counted row is weak: the common case costs one mask, not a second filter pass
    return _left_out(frame, replace(filters, min_confidence=CONFIDENCE_ORDER[0]), rows, view)


def filtered_out(
    frame: pd.DataFrame, filters: Filters, rows: pd.DataFrame, view: str = "total", named: Set[str] = frozenset()
) -> list[str]:
    """``below_confidence`` for the other row filters (status, scope, region, country, actor type),
    alone or with the confidence: "announced" leaves out Oracle's FY2026 actual ("spent") while its
    guidance stays listed. ``named`` (what ``below_confidence`` named) is not named again."""
    row_facets = Filters(item_ids=filters.item_ids, date_from=filters.date_from, date_to=filters.date_to)
    if filters == replace(row_facets, min_confidence=filters.min_confidence):
        return []  # no row filter, or the confidence alone (below_confidence's case)
    return [i for i in _left_out(frame, row_facets, rows, view) if i not in named]


def _left_out(frame: pd.DataFrame, relaxed: Filters, rows: pd.DataFrame, view: str) -> list[str]:
    """Rows of the ``relaxed`` selection that ``view`` adds, whose item is listed in ``rows`` but adds nothing."""
    # A cancelled row lists no item: under "cancelled" alone Stargate "would count" (QA pass).
    live = (rows["status"] != "cancelled").to_numpy()
    items = rows["item_id"][live]
    listed = items[~is_in(items, items[rows["counts_in_total"].to_numpy(dtype=bool)[live]])]
    if listed.empty:
        return []
    would = apply_filters(frame, relaxed)
    return would.loc[added(would, view) & is_in(would["item_id"], listed), "id"].astype(str).tolist()


@dataclass(frozen=True)
class Group:
    key: str
    low: float
    high: float
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Totals:
    """De-duplicated totals of a resolved, converted frame."""

    groups: tuple[Group, ...]
    low: float
    high: float
    ids: tuple[str, ...]
    #: Counted items left out of a per-year total because no horizon is stated.
    no_horizon_ids: tuple[str, ...] = ()


def totals(frame: pd.DataFrame, *, by: str | None = None, view: str = "total") -> Totals:
    """Sum the counted rows, low with low and high with high, optionally grouped.

    ``view="per-year"`` sums the per-year figures and ``view="year"`` the money falling in the
    calendar year; both report the counted rows without a stated horizon in ``no_horizon_ids``
    instead of guessing one.
    """
    low_col, high_col = view_columns(view)
    if by == "none":
        by = None
    if by is not None and by not in GROUP_BY:
        raise ValueError(f"by must be one of {', '.join(GROUP_BY)}, not {by!r}")
    # Column by column (a frame-wide mask would copy every column it carries).
    counted = added(frame, view)
    no_horizon: tuple[str, ...] = ()
    if view != "total":
        no_horizon = tuple(_strings(frame["id"][frame["counts_in_total"].to_numpy(dtype=bool) & ~counted]))
    low, high = frame[low_col][counted], frame[high_col][counted]
    ids = tuple(_strings(frame["id"][counted]))
    groups: list[Group] = []
    if by is not None:
        rows = frame.loc[counted, [low_col, high_col, "id", by]]
        for key, part in rows.groupby(by, sort=True):
            groups.append(
                Group(str(key), float(part[low_col].sum()), float(part[high_col].sum()), tuple(_strings(part["id"])))
            )
        groups.sort(key=lambda g: (-g.high, g.key))
    else:
        groups.append(Group("total", float(low.sum()), float(high.sum()), ids))
    return Totals(
        groups=tuple(groups),
        low=float(low.sum()),
        high=float(high.sum()),
        ids=ids,
        no_horizon_ids=no_horizon,
    )


def history(records: Sequence[dict], headline_id: str) -> list[dict]:
    """``headline_id``'s history among ``records`` (dicts with ``id``, ``parent_id``, ``role``,
    ``announced``): the headline first, then its revisions oldest first (at equal dates, in
    their order).

    >>> rows = [("r2", "capex", "2025-07"), ("capex", "", "2025-01"), ("r1", "capex", "2025-02-11")]
    >>> records = [dict(id=i, parent_id=p, role="revision" if p else "headline", announced=a) for i, p, a in rows]
    >>> [r["id"] for r in history([*records, dict(id="part", parent_id="capex", role="component")], "capex")]
    ['capex', 'r1', 'r2']
    """
    rows = [r for r in records if r["id"] == headline_id or (r["parent_id"] == headline_id and r["role"] == "revision")]
    return sorted(rows, key=lambda r: (r["id"] != headline_id, date_sort_key(r["announced"])))


def public_share(frame: pd.DataFrame, *, view: str = "total") -> tuple[tuple[float, float], tuple[float, float]]:
    """Shares of the counted total from ``public`` and from ``public-private`` actors, each as the
    smallest share the ranges allow (the part at its low ends, the rest at its high ends) to the
    largest (the reverse). Low over the low total and high over the high total gave 9.1–11.2% where
    the share may be 9.0–11.4% (QA pass 24): narrower than the figures, and quoted as bounds."""
    low_col, high_col = view_columns(view)
    counted = frame.loc[added(frame, view), ["actor_type", low_col, high_col]]
    total_low, total_high = (float(counted[c].sum()) for c in (low_col, high_col))

    def share(kind: str) -> tuple[float, float]:
        if not total_high:
            return math.nan, math.nan  # nothing counted
        part = counted.loc[counted["actor_type"] == kind]
        low, high = float(part[low_col].sum()), float(part[high_col].sum())
        rest_low, rest_high = total_low - low, total_high - high
        # Where an end's total is nothing, the other figures decide it: no rest at all is all of it
        # (public money alone, of "0–X" figures, read "–": review), none of it at most is none.
        least = low / (low + rest_high) if low + rest_high else 1.0
        most = high / (high + rest_low) if high + rest_low else 0.0
        return least, most

    return share("public"), share("public-private")


def largest_items(frame: pd.DataFrame, n: int | None = None, *, view: str = "total") -> pd.DataFrame:
    """Counted rows sorted by their high figure, largest first."""
    column = view_columns(view)[1]
    return frame.iloc[largest_positions(frame, column, n, where=frame["counts_in_total"].to_numpy(dtype=bool))]


def largest_positions(
    frame: pd.DataFrame, column: str, n: int | None = None, *, where: np.ndarray | None = None
) -> np.ndarray:
    """Positions of the rows with the largest ``column`` (never NaN), largest first, ties by ``id``.

    ``where`` (a boolean array) restricts the rows; ``n`` keeps the first ``n``. Only the leaders
    (every tie at the cut included) are sorted, so this is fast whatever the number of rows.

    >>> frame = pd.DataFrame({"id": ["b", "a", "c", "d"], "value_high": [5.0, 5.0, math.nan, 7.0]})
    >>> largest_positions(frame, "value_high").tolist(), largest_positions(frame, "value_high", 2).tolist()
    ([3, 1, 0], [3, 1])
    """
    values = frame[column].to_numpy(dtype=float)
    keep = ~np.isnan(values) if where is None else ~np.isnan(values) & where
    positions = np.flatnonzero(keep)
    if n is not None and len(positions) > n > 0:
        cut = np.partition(values[positions], len(positions) - n)[len(positions) - n]
        positions = positions[values[positions] >= cut]
    ranked = sorted(zip(-values[positions], values_at(frame["id"], positions), positions))
    chosen = np.array([position for _value, _id, position in ranked], dtype=np.int64)
    return chosen if n is None else chosen[:n]


def shown_rows(frame: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """The row whose figure stands for each id, in the given order (unknown ids are skipped).

    A headline with a counted revision is shown by that revision (its latest figure, or its
    first, as :func:`resolve` was told), unless that revision is asked for too: then the
    headline shows its own figure beside it, not the same figure twice. Any other row stands
    for itself.

    >>> data = resolve(pd.DataFrame({
    ...     "id": ["capex", "capex-r1", "other"], "parent_id": ["", "capex", ""],
    ...     "role": ["headline", "revision", "headline"], "announced": ["2025-01", "2025-07", "2025"],
    ...     "name": ["Capex", "Capex, raised", "Other"], "name_de": "", "period_start": "", "period_end": "",
    ...     "amount_low": [80e9, 88e9, 1e9], "amount_high": [80e9, 88e9, 1e9], "status": "announced",
    ...     "actor": "Company", "actor_type": "corporate", "scope": "capex-total"}))
    >>> shown_rows(data, ["other", "capex", "nope"])["id"].tolist()
    ['other', 'capex-r1']
    >>> shown_rows(data, ["capex", "capex-r1"])["id"].tolist()
    ['capex', 'capex-r1']
    """
    ids = list(dict.fromkeys(ids))
    own = pd.Index(frame["id"]).get_indexer(ids)
    positions = np.flatnonzero(stands_for_item(frame) & is_in(frame["item_id"], ids))
    first_counted: dict[str, int] = {}
    for item, position in zip(values_at(frame["item_id"], positions), positions):
        first_counted.setdefault(item, int(position))
    known, asked = own >= 0, set(ids)
    chosen = []
    for item, position, role in zip(
        np.array(ids, dtype=object)[known], own[known], values_at(frame["role"], own[known])
    ):
        stand_in = first_counted.get(item, position) if role == "headline" else position
        # A stand-in asked for itself too: the headline shows its own figure beside it.
        chosen.append(position if frame["id"].iat[stand_in] in asked else stand_in)
    return frame.iloc[chosen]
