"""The ranking: horizontal bars of the counted items, ranges as a lighter segment."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import axes, ledger, lookups
from dashboard.charts.common import (
    GRID_COLOUR,
    OTHER_COLOUR,
    REGION_COLOURS,
    any_reported,
    axis_title,
    base_layout,
    calendar_year,
    empty_figure,
    english_plural,
    figure,
    identity,
    nothing_counted,
    present_columns,
    range_marker,
    records_at,
    value_axis,
)
from dashboard.charts.text import (
    MAX_LABEL,
    Hovers,
    distinct_labels,
    escape,
    horizon,
    hover_columns,
    hover_lines,
    row_label,
    short_names,
)
from dashboard.i18n import Gettext, Ngettext
from dashboard.labels import bounds_note, region_label, status_label, summed_money
from dashboard.years import view_columns

#: How many items a ranking draws before it folds the rest into one "others" bar.
TOP_N = 25
#: Ranking rows: pixels per item (a name line and a bar) and the share of a row left for the name.
ROW_PX = 46
BAR_GAP = 0.5
#: Columns the ranking reads besides those of the hover (see :func:`hover_columns`).
RANKING_COLUMNS = (
    "id",
    "region",
    "name",
    "name_de",
    "item_name",
    "item_name_de",
    "value_low",
    "value_high",
    "per_year_low",
    "per_year_high",
    "year_low",
    "year_high",
)


def name_rows(labels: Sequence[str]) -> tuple[dict, dict]:
    """Each bar's name on its own line above its bar, not beside it: on a phone, names beside
    the bars took 70 % of the width; above them, every bar gets the full width at any size.

    Returns the trace that writes the names and the layout keys of the rows: the bars' y axis
    (one row per label, ``labels`` top to bottom) and two hidden axes laid over the plot, on
    which the names stand at its left edge (x 0 of 0 to 1), a quarter row and 2 px above the
    middle of their row: just above the bar. One text trace, not one annotation per name: Plotly
    redraws the ranking in 23 ms instead of 29 (median of 56 redraws in Chromium, 26 names).
    """
    rows = [-0.5, len(labels) - 0.5]
    lift = (1 - BAR_GAP) / 2 + 2 / ROW_PX
    names = dict(
        type="scatter",
        mode="text",
        x=[0] * len(labels),
        y=[len(labels) - 1 - i + lift for i in range(len(labels))],
        text=list(labels),
        textposition="top right",
        textfont=dict(size=12, color="#444"),
        xaxis="x2",
        yaxis="y2",
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
    )
    hidden = dict(visible=False, fixedrange=True)
    layout = dict(
        yaxis=dict(
            categoryorder="array",
            categoryarray=list(reversed(labels)),
            range=rows,
            showticklabels=False,
            title=dict(text=""),
            fixedrange=True,
        ),
        xaxis2=dict(overlaying="x", range=[0, 1], **hidden),
        yaxis2=dict(overlaying="y", range=rows, **hidden),
    )
    return names, layout


#: The share of a phone's plot (about 320 px at 420 px) one character of a bar label takes,
#: and a label's padding: a bar shorter than its label gets it outside.
_CHAR_SHARE, _PAD_SHARE = 0.022, 0.025


def label_position(value: float, text: str, xaxis: dict) -> str:
    """Where a bar's label goes: "auto" (inside when it fits) for a bar long enough to hold it on a
    phone, else "outside". With "auto" in an overlay of traces Plotly shrank a small bar's label
    until it vanished (DeepSeek-V3's €5.32M beside Stargate's €427B at 420 px: QA pass), and a bar
    of nothing has no inside at all ("₩0" went missing beside "₩180T").

    >>> axis = {"type": "linear", "range": [0, 100]}
    >>> label_position(90, "€90B", axis), label_position(5, "€5B", axis), label_position(0, "€0", axis)
    ('auto', 'outside', 'outside')
    >>> label_position(1e3, "€1,000", {"type": "log", "range": [0, 3.2]})
    'auto'
    """
    start, end = xaxis.get("range", (0.0, 0.0))
    if value <= 0 or end <= start:
        return "outside"
    reach = math.log10(value) if xaxis.get("type") == "log" else value
    share = (reach - start) / (end - start)
    return "auto" if share >= _CHAR_SHARE * len(text) + _PAD_SHARE else "outside"


def ranking(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    ngettext: Ngettext | None = None,
    view: str = "total",
    log: bool = False,
    order: Sequence[str] | None = None,
    top: int = TOP_N,
    label_limit: int = MAX_LABEL,
    horizons: bool = False,
) -> go.Figure:
    """Horizontal bars of the counted items, largest first (or in ``order`` of item ids).

    A solid bar reaches the low figure and a lighter segment spans a range up to the high one. Beyond ``top``
    items the rest is folded into one "others" bar so a large dataset never sends thousands of
    bars to the browser. ``horizons``: each name is followed by its figure's stated period
    (:func:`horizon`), so that a pledge for 2025–2028 and one year of capex say so on the chart
    (Compare's bars said only "total view" in the subtitle: QA pass).
    """
    _ = gettext or identity
    ngettext = ngettext or english_plural
    low_col, high_col = view_columns(view)
    low_values = frame[low_col].to_numpy(dtype=float)
    high_values = frame[high_col].to_numpy(dtype=float)
    candidates = np.flatnonzero(~np.isnan(high_values))
    counted = frame["counts_in_total"].to_numpy(dtype=bool)
    if order is None:
        candidates = candidates[counted[candidates]]
    # A lone leftover is drawn itself: "Others (1 item)" hid one name behind a bar (QA pass).
    shown = top + 1 if len(candidates) == top + 1 else top
    if order is None:
        # The largest counted items, ties broken by id.
        chosen = ledger.largest_positions(frame, high_col, shown, where=counted)
    else:
        position = {item: i for i, item in enumerate(order)}
        ids = lookups.values_at(frame["id"], candidates)
        unknown = len(position)  # ids not in ``order`` go last, in their order
        candidates = candidates[np.argsort([position.get(i, unknown) for i in ids], kind="stable")]
        chosen = candidates[:shown]
    if not len(chosen):
        text = (
            nothing_counted(view, _, frame)
            if order is None
            else _("None of the picked items has a figure here; the notes on this page say why.")
        )
        return empty_figure(text, locale=locale)
    # Everything not drawn is folded into "others"; only its two sums are needed.
    not_chosen = np.ones(len(frame), dtype=bool)
    not_chosen[chosen] = False
    others = candidates[not_chosen[candidates]]
    others_low = float(np.nansum(low_values[others]))
    others_high = float(np.nansum(high_values[others]))
    low_all, high_all = low_values[chosen], high_values[chosen]
    scale = axes.unit_scale(float(max(high_all.max(), others_high)), locale=locale)
    periods = ("period_start", "period_end", "status") if horizons else ()
    records = records_at(frame, present_columns(frame, RANKING_COLUMNS, hover_columns(view), periods), chosen)
    short = short_names(frame, locale, view=view)  # a per-year bar is no $500bn
    # The name of the row whose figure is drawn ("Meta capex 2025 (actual)"), never its item's
    # (a counted revision under the headline's name called an actual "guidance").
    labels = [row_label(r, locale) for r in records]
    shorts = [short.get(r["id"], "") for r in records]
    labels = _dedupe_labels([escape(label) for label in distinct_labels(labels, shorts, label_limit)])
    if horizons:  # after the cut to fit, so the period is never the part cut
        # A cancelled pick says so on its bar: NVIDIA–OpenAI's withdrawn letter read as live (QA
        # pass). Before the horizon: a long label's end ran past a phone's edge and took the word.
        labels = [
            f"{label} · "
            + (f"{escape(status_label('cancelled', _))} · " if r.get("status") == "cancelled" else "")
            + escape(horizon(r["period_start"], r["period_end"], locale=locale, _=_))
            for label, r in zip(labels, records)
        ]
    xaxis = value_axis(
        list(low_all / scale.divisor)
        + list(high_all / scale.divisor)
        + ([others_high / scale.divisor] if len(others) else []),
        locale=locale,
        log=log,
        headroom=0.22,
    )
    hovers_all = Hovers(currency=currency, locale=locale, _=_, view=view)
    regions = np.array([r["region"] for r in records], dtype=object)
    traces: list[dict] = []
    for region in list(REGION_COLOURS) + sorted(set(regions) - set(REGION_COLOURS)):
        mask = regions == region
        if not mask.any():
            continue
        low = low_all[mask] / scale.divisor
        high = high_all[mask] / scale.divisor
        colour = REGION_COLOURS.get(region, OTHER_COLOUR)
        y = [lab for lab, m in zip(labels, mask) if m]
        hovers = [hovers_all.text(r) for r, m in zip(records, mask) if m]
        texts = [
            hovers_all.label(r, lo, hi)
            for r, lo, hi in zip([r for r, m in zip(records, mask) if m], low_all[mask], high_all[mask])
        ]
        has_range = high > low
        # The solid bar reaches the low figure; a lighter segment spans the range up to the
        # high figure, so an uncertain item never looks more certain than its sources.
        traces.append(
            dict(
                type="bar",
                orientation="h",
                name=region_label(region, _),
                legendgroup=region,
                y=y,
                x=low,
                marker=dict(color=colour, line=dict(width=0)),
                # "auto": inside the bar when it fits, which keeps the largest bar's label on a phone
                # screen (outside, it ran past the right edge at 420 px).
                text=[None if r else t for r, t in zip(has_range, texts)],
                textposition=[label_position(v, t, xaxis) for v, t in zip(low, texts)],
                cliponaxis=False,
                insidetextanchor="end",
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        if has_range.any():
            traces.append(
                dict(
                    type="bar",
                    orientation="h",
                    name=region_label(region, _) + " " + _("(range)"),
                    legendgroup=region,
                    showlegend=False,
                    y=[lab for lab, r in zip(y, has_range) if r],
                    x=(high - low)[has_range],
                    base=low[has_range],
                    marker=range_marker(colour),
                    text=[t for t, r in zip(texts, has_range) if r],
                    textposition="outside",
                    cliponaxis=False,
                    hovertext=[h for h, r in zip(hovers, has_range) if r],
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
    if len(others):
        label = ngettext("Others ({count} item)", "Others ({count} items)", len(others)).format(count=len(others))
        # Worded as the other sums are (QA pass: it held "up to" and "more than" figures unsaid).
        with_money = others[high_values[others] > 0]  # a €0 figure bounds nothing (review)
        kinds = set(frame["amount_kind"].iloc[with_money].fillna("").unique())
        amount = summed_money(others_low, others_high, currency, kinds, _, locale=locale)
        traces.append(
            dict(
                type="bar",
                orientation="h",
                name=_("Others"),
                y=[label],
                x=[others_high / scale.divisor],
                marker=dict(color=OTHER_COLOUR),
                text=[amount],
                textposition="outside",
                cliponaxis=False,
                # What the bar adds, not only its name (its hover showed no amount).
                hovertext=[
                    hover_lines(
                        [amount, _("The smaller items, added; the chart's table lists each."), bounds_note(kinds, _)],
                        escape(label),
                    )
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        labels.append(label)
    names, rows = name_rows(labels)
    return figure(
        [*traces, names],
        base_layout(
            locale=locale,
            height=max(260, 130 + ROW_PX * len(labels)),
            xaxis=dict(
                title=dict(
                    text=axis_title(
                        currency,
                        scale,
                        view,
                        _,
                        calendar_year(frame),
                        reported=any_reported(frame, np.concatenate([chosen, others])),
                    )
                ),
                **xaxis,
                gridcolor=GRID_COLOUR,
                automargin=True,
            ),
            **rows,
            barmode="overlay",
            bargap=BAR_GAP,
            # Inside a bar Plotly shrinks a label to the bar's height: Stargate's "€483B" read at
            # about 8 px on a phone (QA pass); 10 px is legible and still fits the bar.
            uniformtext=dict(minsize=10, mode="show"),
            # Room on the right for the axis title, which is centred under a narrow plot on a phone,
            # and with the headroom for the longest bar's range label there ("3.020–3.190 Bio. IDR"
            # was cut at 420 px with 40); at the bottom for the legend (two rows on a phone).
            margin=dict(r=75, t=24, b=90),
        ),
    )


def _dedupe_labels(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out
