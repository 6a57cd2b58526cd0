"""The drill-down treemap: region, actor type, item, and the parts inside an item."""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import axes, formatting, lookups
from dashboard.charts.common import (
    OTHER_COLOUR,
    REGION_COLOURS,
    base_layout,
    empty_figure,
    english_plural,
    figure,
    identity,
    nothing_counted,
    present_columns,
    records_at,
)
from dashboard.charts.text import Hovers, escape, hover_columns, hover_lines, row_label
from dashboard.i18n import Gettext, Ngettext
from dashboard.labels import actor_type_label, bounds_note, region_label, worded_sum
from dashboard.locale_base import language_of
from dashboard.years import view_columns

#: Most items per actor type a treemap draws before it folds the rest (two or more) into "others".
TREEMAP_ITEMS = 10
#: Most parts drawn inside one treemap item (the largest first, as long as they fit).
COMPONENTS_PER_ITEM = 5
#: Height of the path bar that leads back out of a zoomed box.
PATHBAR_PX = 22
#: Columns the drill-down reads besides those of the hover.
DRILLDOWN_COLUMNS = (
    "id",
    "parent_id",
    "region",
    "actor_type",
    "item_id",
    "name",
    "name_de",
    "item_name",
    "item_name_de",
    "short_name",
    "short_name_de",
    "value_low",
    "value_high",
    "per_year_low",
    "per_year_high",
    "year_low",
    "year_high",
)


def _group_sums(
    mid: np.ndarray, low: np.ndarray, high: np.ndarray, groups: np.ndarray
) -> tuple[pd.Series, dict[int, tuple[float, float]]]:
    """Per group code, the sum of the central figures, and the sums of the low and of the high
    figures (ranges add low with low), in one groupby: one per sum cost ~2 ms each at 100k rows."""
    sums = pd.DataFrame({"mid": mid, "low": low, "high": high}).groupby(groups, sort=True).sum()
    ranges = {int(g): (float(lo), float(hi)) for g, lo, hi in zip(sums.index, sums["low"], sums["high"])}
    return sums["mid"], ranges


def _group_wordings(groups: np.ndarray, kinds: np.ndarray, names: list[str]) -> dict[int, set[str]]:
    """Per group code, the wordings (``amount_kind``) of its figures: ``kinds`` are codes into
    ``names`` (-1: none, -2: left out). Pairs of integer codes: the text column as Python objects
    cost ~10 ms at 100k rows. A group whose figures are all left out has an empty set."""
    kept = kinds > -2
    pairs = np.unique(groups[kept].astype(np.int64) * (len(names) + 1) + kinds[kept] + 1)
    wordings: dict[int, set[str]] = {}
    for pair in pairs.tolist():
        group, kind = divmod(pair, len(names) + 1)
        wordings.setdefault(group, set()).add(names[kind - 1] if kind else "")
    return wordings


@lru_cache(maxsize=8192)
def _box_label(label: str) -> str:
    """A box's name wrapped over lines of ~14 characters, so it fits the narrow boxes of a treemap,
    between words only: German compounds broke mid-word ("Investi/tionsprognose"), and the two lines
    of "öffentlich-/privat" did not fit its header. Kept per name:
    the names are the same in every currency, and wrapping a chart's ~1,100 cost ~16 ms."""
    return "<br>".join(textwrap.wrap(escape(label), 14, break_long_words=False, break_on_hyphens=False)) or " "


def _box_name(row: dict, locale: str) -> str:
    """An item's or part's box name: its short name, where the data gives one, else its name
    (``row_label``; the hover gives the full name). With the full names wrapped, France's €109bn
    package and OpenAI's 2026 round, the second-largest boxes of their regions, were too wide
    for their boxes at 1400 px and Plotly drew them without a label (review of the screenshots)."""
    short = row.get("short_name_de" if language_of(locale) == "de" else "short_name")
    return short if isinstance(short, str) and short else row_label(row, locale)


def drilldown(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    ngettext: Ngettext | None = None,
    view: str = "total",
) -> tuple[go.Figure, list[str]]:
    """Treemap region → actor type → item → components, sized by the central figure.

    Components are nested inside their item with the rest shown as "not itemised". Components
    that together are larger than their item (they overlap, or their figures were converted at
    other dates' rates than the item's) cannot all be drawn as parts of a whole: the largest are
    drawn while they fit and the ids of the others are returned, so the caller can say so next to
    the chart.
    """
    _ = gettext or identity
    ngettext = ngettext or english_plural
    low_col, high_col = view_columns(view)
    low = frame[low_col].to_numpy(dtype=float)
    high = frame[high_col].to_numpy(dtype=float)
    has_value = ~np.isnan(high)
    counted = np.flatnonzero(frame["counts_in_total"].to_numpy(dtype=bool) & has_value)
    if not len(counted):
        return empty_figure(nothing_counted(view, _, frame), locale=locale), []
    scale = axes.unit_scale(float(high[counted].max()), locale=locale)
    # Boxes are sized by the central figure; their text gives the range where sources give one.
    low, high = low / scale.divisor, high / scale.divisor
    mid = (low + high) / 2

    # One vectorised pass decides what is drawn; the loops below only walk the few drawn nodes.
    # Groups are integer codes (sorted names); sums go through pandas' groupby, row by row in
    # the same order as always, so every total is the same float as before.
    region_codes, region_names = pd.factorize(frame["region"], sort=True)
    type_codes, type_names = pd.factorize(frame["actor_type"], sort=True)
    region_names, type_names = list(region_names), list(type_names)
    counted = counted[(region_codes[counted] >= 0) & (type_codes[counted] >= 0)]  # no group without both
    region_codes = region_codes[counted]
    group = region_codes * len(type_names) + type_codes[counted]
    counted_mid = mid[counted]
    region_sums, region_ranges = _group_sums(counted_mid, low[counted], high[counted], region_codes)
    type_sums, type_ranges = _group_sums(counted_mid, low[counted], high[counted], group)
    # A group's sum says "up to" where all its figures do, and its hover which are bounds (QA pass).
    kind_codes, kind_names = pd.factorize(frame["amount_kind"], sort=True)
    # A €0 figure (money outside the view) bounds nothing: its wording is left out (review).
    kinds = np.where(high[counted] > 0, kind_codes[counted], -2)
    region_wordings = _group_wordings(region_codes, kinds, list(kind_names))
    type_wordings = _group_wordings(group, kinds, list(kind_names))
    # Largest first within each region and actor type (ties: the first row).
    order = np.lexsort((-counted_mid, group))
    ranked_group = group[order]
    position = np.arange(len(order))
    first_of_group = np.maximum.accumulate(np.where(np.r_[True, ranked_group[1:] != ranked_group[:-1]], position, 0))
    # A lone item is drawn itself, not as "Others (1 item)" (QA pass: Europe · public).
    group_size = np.bincount(ranked_group)[ranked_group] if len(ranked_group) else ranked_group
    is_drawn = (position - first_of_group < TREEMAP_ITEMS) | (group_size == TREEMAP_ITEMS + 1)
    rest_group = ranked_group[~is_drawn]
    rest = order[~is_drawn]
    rest_sums, rest_ranges = _group_sums(counted_mid[rest], low[counted][rest], high[counted][rest], rest_group)
    rest_sizes = np.bincount(rest_group, minlength=len(region_names) * len(type_names))
    rest_by_group = {int(g): (total, rest_sizes[g]) for g, total in rest_sums.items()}
    rest_wordings = _group_wordings(rest_group, kinds[rest], list(kind_names))

    drawn = counted[order[is_drawn]]
    wanted = present_columns(frame, DRILLDOWN_COLUMNS, hover_columns(view))
    drawn_by_group: dict[int, list[dict]] = {}
    for item, item_group, item_mid, item_low, item_high in zip(
        records_at(frame, wanted, drawn), ranked_group[is_drawn], mid[drawn], low[drawn], high[drawn]
    ):
        item["_mid"], item["_low"], item["_high"] = item_mid, item_low, item_high
        drawn_by_group.setdefault(int(item_group), []).append(item)
    drawn_items = {item["item_id"] for items in drawn_by_group.values() for item in items}
    # The parts of the drawn items, largest first (the largest known part is drawn, not left in
    # "not itemised": Vantage's £12bn, 86% of the UK plan, was; QA pass); only the first few
    # of each are read whole.
    parts = np.flatnonzero(
        (frame["role"] == "component").to_numpy(dtype=bool) & has_value & lookups.is_in(frame["parent_id"], drawn_items)
    )
    part_keys = sorted(
        zip(lookups.values_at(frame["parent_id"], parts), -mid[parts], lookups.values_at(frame["id"], parts), parts)
    )
    first_parts = [
        key
        for i, key in enumerate(part_keys)
        if i < COMPONENTS_PER_ITEM or part_keys[i - COMPONENTS_PER_ITEM][0] != key[0]
    ]
    parts_by_item: dict[str, list[dict]] = {}
    for part, (_parent, minus_mid, _id, _position) in zip(
        records_at(frame, wanted, np.array([key[3] for key in first_parts], dtype=np.int64)), first_parts
    ):
        part["_mid"], part["_low"], part["_high"] = -minus_mid, low[_position], high[_position]
        parts_by_item.setdefault(part["parent_id"], []).append(part)

    hovers = Hovers(currency=currency, locale=locale, _=_, view=view)
    ids, labels, parents, values, texts, colours, amounts = [], [], [], [], [], [], []
    left_out: list[str] = []

    def add(node_id, label, parent, value, hover, colour, amount):
        ids.append(node_id)
        labels.append(label)
        parents.append(parent)
        values.append(value)
        texts.append(hover)
        colours.append(colour)
        amounts.append(amount)

    def money(low: float, high: float) -> str:
        return formatting.format_money_range(low * scale.divisor, high * scale.divisor, currency, locale=locale)

    def item_amount(row: dict) -> str:
        # An item's or part's amount as the ranking words it ("about €162B": the box said "€162B").
        return hovers.label(row, row["_low"] * scale.divisor, row["_high"] * scale.divisor)

    def add_sum(node_id, label, parent, value, heading, colour, bounds, wordings):
        """A sum's box: "up to" where all its figures say so, and its hover says which are bounds
        ("Middle East €63.7–111B" held Saudi Arabia's "up to $50–100bn" unsaid: QA pass)."""
        amount = worded_sum(money(*bounds), wordings, _, value=bounds[1])
        add(node_id, label, parent, value, hover_lines([amount, bounds_note(wordings, _)], heading), colour, amount)

    types_in_region: dict[int, list[tuple[int, float]]] = {}
    for g, type_total in type_sums.items():
        types_in_region.setdefault(int(g) // len(type_names), []).append((int(g), type_total))
    for region_code, region_total in region_sums.items():
        region = region_names[region_code]
        colour = REGION_COLOURS.get(region, OTHER_COLOUR)
        region_name = region_label(region, _)
        add_sum(
            f"r/{region}",
            region_name,
            "",
            float(region_total),
            region_name,
            colour,
            region_ranges[region_code],
            region_wordings.get(int(region_code), set()),
        )
        for g, type_total in types_in_region[int(region_code)]:
            actor_type = type_names[g % len(type_names)]
            type_id = f"r/{region}/{actor_type}"
            type_name = actor_type_label(actor_type, _)
            add_sum(
                type_id,
                type_name,
                f"r/{region}",
                float(type_total),
                f"{region_name} · {type_name}",
                colour,
                type_ranges[g],
                type_wordings.get(g, set()),
            )
            if g in rest_by_group:
                rest_value, rest_count = rest_by_group[g]
                label = ngettext("Others ({count} item)", "Others ({count} items)", int(rest_count)).format(
                    count=int(rest_count)
                )
                add_sum(
                    f"{type_id}/others",
                    label,
                    type_id,
                    float(rest_value),
                    label,
                    OTHER_COLOUR,
                    rest_ranges[g],
                    rest_wordings.get(g, set()),
                )
            for item in drawn_by_group.get(g, []):
                item_value = float(item["_mid"])
                item_node = f"{type_id}/{item['item_id']}"
                add(
                    item_node,
                    _box_name(item, locale),  # the counted row's name: its figure is drawn
                    type_id,
                    item_value,
                    hovers.text(item),
                    colour,
                    item_amount(item),
                )
                used, used_low, used_high = 0.0, 0.0, 0.0
                for part in parts_by_item.get(item["item_id"], [])[:COMPONENTS_PER_ITEM]:
                    if used + part["_mid"] <= item_value * (1 + 1e-9):
                        used += part["_mid"]
                        used_low += part["_low"]
                        used_high += part["_high"]
                        add(
                            f"{item_node}/{part['id']}",
                            _box_name(part, locale),
                            item_node,
                            float(part["_mid"]),
                            hovers.text(part),
                            colour,
                            item_amount(part),
                        )
                    else:
                        left_out.append(str(part["id"]))
                remainder = item_value - used
                if used and remainder > item_value * 1e-6:
                    add(
                        f"{item_node}/rest",
                        _("not itemised"),
                        item_node,
                        remainder,
                        hover_lines(
                            [_("Part of {item} not itemised in the data").format(item=escape(row_label(item, locale)))]
                        ),
                        colour,
                        # What is left of the item's range whatever the parts' figures within theirs.
                        money(max(item["_low"] - used_high, 0.0), item["_high"] - used_low),
                    )
    treemap = dict(
        type="treemap",
        ids=ids,
        labels=[_box_label(label) for label in labels],
        parents=parents,
        values=values,
        branchvalues="total",
        marker=dict(colors=colours, line=dict(width=1, color="white")),
        hovertext=texts,
        hovertemplate="%{hovertext}<extra></extra>",
        # Every box says what it holds; labels never shrink below a readable size (a box too
        # small for them shows none, its hover still does).
        text=amounts,
        texttemplate="%{label}<br>%{text}",
        textfont=dict(size=13),
        insidetextfont=dict(size=13),
        # Plotly writes a lone root's name (one region) in this font, grey on its colour by default.
        outsidetextfont=dict(size=13, color="white"),
        maxdepth=3,
        pathbar=dict(visible=True, thickness=PATHBAR_PX, textfont=dict(size=13)),
    )
    uniform: dict[str, Any] = dict(uniformtext=dict(minsize=10, mode="hide"))
    # Plotly draws the path bar of a zoomed box above the plot, over the subtitle (seen at 420 px),
    # so the top margin holds it (with a gap); a lone root (one region) also drew its box against
    # the subtitle before any zoom.
    top = 5 + PATHBAR_PX + 8
    return figure(
        [treemap], base_layout(locale=locale, height=480, margin=dict(l=5, r=5, t=top, b=5), **uniform)
    ), left_out
