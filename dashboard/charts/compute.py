"""Money and compute: money against gigawatts, cost per GW by project, money against chips.

Each builder takes :attr:`dashboard.compute.MoneyAndCompute.points` (one row per item that
states money and a capacity). Only points with the capacity a chart needs are drawn; a missing
side is never drawn as zero. Contracts and purchases (``context`` rows) are open markers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import axes, compute, formatting
from dashboard.charts.bars import BAR_GAP, ROW_PX, label_position, name_rows
from dashboard.charts.common import (
    GRID_COLOUR,
    OTHER_COLOUR,
    REGION_COLOURS,
    base_layout,
    empty_figure,
    figure,
    identity,
    legend_only,
    range_marker,
    value_axis,
)
from dashboard.charts.economies import headroom
from dashboard.charts.placing import label_positions
from dashboard.charts.publish import LINE_PX as TEXT_LINE_PX
from dashboard.charts.publish import wrap
from dashboard.charts.text import Hovers, distinct_labels, escape, hover_lines, row_label, short_names, wrap_words
from dashboard.i18n import Gettext
from dashboard.labels import qualified_amount, region_label, worded_quantity
from dashboard.schema import (
    ACCELERATORS_HIGH,
    ACCELERATORS_LOW,
    CAPACITY_GW_HIGH,
    CAPACITY_GW_LOW,
)

#: An axis whose largest value is this many times its smallest is drawn on a log scale.
LOG_SPREAD = 20
#: Longest point label in a scatter (the hover has the whole name).
SCATTER_LABEL = 28
#: Most bars the cost-per-GW chart draws (the highest costs); the table has every point.
MAX_BARS = 40
TRANSPARENT = "rgba(0,0,0,0)"
#: Longest bar label (data short names are at most 32 characters).
BAR_LABEL = 32
#: Characters of an axis title's line: a 360 px phone's plot holds about 40 at 14 px.
AXIS_TITLE_CHARS = 36


def needs_log(values: Sequence[float]) -> bool:
    """Whether values spread over more than :data:`LOG_SPREAD` times (all positive)."""
    finite = [v for v in values if v is not None and np.isfinite(v)]
    return bool(finite) and min(finite) > 0 and max(finite) / min(finite) > LOG_SPREAD


def _mid(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return (low + high) / 2


#: The reference line's label: its font size, and the characters a line holds.
REFERENCE_SIZE = 12
REFERENCE_WRAP = 22


def _fractions(values: np.ndarray, axis: dict) -> np.ndarray:
    """Positions of ``values`` along an axis of :func:`value_axis` (0 = start, 1 = end)."""
    data = np.log10(values) if axis.get("type") == "log" else values
    start, end = axis.get("range", (float(np.nanmin(data)), float(np.nanmax(data))))
    return (data - start) / ((end - start) or 1)


class _Texts:
    """Hover lines of the points: the row's own hover, then capacity and implied costs."""

    def __init__(self, *, currency: str, locale: str, _: Gettext) -> None:
        self.hovers = Hovers(currency=currency, locale=locale, _=_, view="total")
        self.currency, self.locale, self._ = currency, locale, _

    def _cost(self, row: dict, low: str, high: str, kind: str) -> str:
        # Worded from the money's and the capacity's wording (measures.per_unit_kind).
        amount = self.hovers.money(row[low], row[high], self.currency)
        return qualified_amount(amount, row.get(kind) or "", self._, value=row[high])

    def per_gw(self, row: dict) -> str:
        return self._cost(row, compute.PER_GW_LOW, compute.PER_GW_HIGH, compute.PER_GW_KIND)

    def per_accelerator(self, row: dict) -> str:
        return self._cost(row, compute.PER_ACCELERATOR_LOW, compute.PER_ACCELERATOR_HIGH, compute.PER_ACCELERATOR_KIND)

    def hover(self, row: dict) -> str:
        _, locale = self._, self.locale
        lines = [self.hovers.text(row)]
        if row[compute.HAS_GW]:
            gw = worded_quantity(row, "gw", locale, _)
            lines.append(_("Capacity: {value} GW").format(value=gw))
            lines.append(_("Implied cost per GW: {amount}").format(amount=self.per_gw(row)))
        if row[compute.HAS_ACCELERATORS]:
            count = worded_quantity(row, "accelerator", locale, _)
            lines.append(_("Accelerators: {value}").format(value=count))
            lines.append(_("Implied cost per accelerator: {amount}").format(amount=self.per_accelerator(row)))
        if row[compute.CONTEXT]:
            lines.append(_("Contract or purchase: not counted in totals"))
        if row.get(compute.PROGRAMME):
            lines.append(_("A whole programme's money, not the price of this capacity alone"))
        return "<br>".join([lines[0], hover_lines(lines[1:])])  # wrapped for a phone, as the item's own lines


def point_kind(row: dict, _: Gettext) -> str:
    """A point's kind, as its hover says it: "Project" beside a whole programme's money read as
    the price of its capacity when copied from the table (QA pass); the Overview's cost table had
    no kind at all, and a cloud contract read as a project there (QA pass 7)."""
    if row[compute.CONTEXT]:
        return _("Contract or purchase")
    return _("Whole programme") if row.get(compute.PROGRAMME) else _("Project")


def cost_texts(points: pd.DataFrame, per: str, *, currency: str, locale: str, _: Gettext) -> list[str]:
    """Each point's cost per GW (``per="gw"``) or per accelerator, worded as the charts word it
    ("about €15B": ``measures.per_unit_kind``), for the tables beside them."""
    texts = _Texts(currency=currency, locale=locale, _=_)
    cost = texts.per_gw if per == "gw" else texts.per_accelerator
    return [cost(r) for r in points.to_dict("records")]


def cost_table(points: pd.DataFrame, per: str, *, currency: str, locale: str, _: Gettext) -> pd.DataFrame:
    """The table of :func:`cost_per_gw`: each point with a cost, the cost as worded and its range,
    headed with its unit (a CSV passed on read "Low (EUR)" for a cost per accelerator: QA pass 9)."""
    low, high = (
        header.format(currency=currency)
        for header in (
            (_("Low ({currency} per GW)"), _("High ({currency} per GW)"))
            if per == "gw"
            else (_("Low ({currency} per accelerator)"), _("High ({currency} per accelerator)"))
        )
    )
    records = points.to_dict("records")
    hovers = Hovers(currency=currency, locale=locale, _=_, view="total")
    return pd.DataFrame(
        {
            _("Project"): [row_label(r, locale) for r in records],
            _("Kind"): [point_kind(r, _) for r in records],
            _("As worded"): cost_texts(points, per, currency=currency, locale=locale, _=_),
            low: points[f"per_{per}_low"].to_numpy(),
            high: points[f"per_{per}_high"].to_numpy(),
            _("Rate"): [hovers.conversion(r) for r in records],
        }
    ).dropna(subset=[low, high])


def _labels(points: pd.DataFrame, locale: str, limit: int) -> list[str]:
    short = short_names(points, locale, view="total")
    names = [row_label(r, locale) for r in points.to_dict("records")]
    return [escape(label) for label in distinct_labels(names, [short.get(i, "") for i in points["id"]], limit)]


def _marker(colour: str, is_open: bool) -> dict:
    return dict(symbol="circle-open" if is_open else "circle", color=colour, size=11, line=dict(width=2, color=colour))


def _entry(colour: str, is_open: bool, *, bar: bool) -> dict:
    """A legend entry's trace type and marker: a bar's or a point's."""
    if bar:
        return dict(type="bar", orientation="h", marker=_bar(colour, is_open))
    return dict(type="scatter", mode="markers", marker=_marker(colour, is_open))


def _bar(colour: str, is_open: bool) -> dict:
    """A filled bar, or an open one (a contract or purchase)."""
    return dict(color=TRANSPARENT if is_open else colour, line=dict(width=2, color=colour))


def _region_traces(points: pd.DataFrame, make, legend_entry, _: Gettext) -> list[dict]:
    """Traces per region, projects filled and contracts open, then the legend: one filled entry
    per region drawn and one open entry for contracts and purchases.

    ``make(rows, colour, is_context)`` returns the traces of those rows; ``legend_entry(colour,
    is_open)`` the trace type and marker of a legend entry.
    """
    regions = points["region"].to_numpy(dtype=object)
    context = points[compute.CONTEXT].to_numpy(dtype=bool)
    traces: list[dict] = []
    legend: list[dict] = []
    for region in list(REGION_COLOURS) + sorted(set(regions) - set(REGION_COLOURS)):
        colour = REGION_COLOURS.get(region, OTHER_COLOUR)
        name = region_label(region, _)
        for is_context in (False, True):
            mask = (regions == region) & (context == is_context)
            if mask.any():
                for trace in make(np.flatnonzero(mask), colour, is_context):
                    traces.append(dict(trace, name=name, legendgroup=region, showlegend=False))
        if (regions == region).any():
            legend.append(dict(legend_entry(colour, False), name=name, legendgroup=region))
    if context.any():
        legend.append(dict(legend_entry(OTHER_COLOUR, True), name=_("Contract or purchase"), legendgroup="context"))
    return traces + [legend_only(**entry) for entry in legend]


def _scatter(
    points: pd.DataFrame,
    *,
    x_cols: tuple[str, str],
    x_title: str,
    currency: str,
    locale: str,
    _: Gettext,
    log: bool | None,
    reference: tuple[float, str] | None = None,
) -> go.Figure:
    x_low, x_high = (points[c].to_numpy(dtype=float) for c in x_cols)
    y_low, y_high = points["value_low"].to_numpy(dtype=float), points["value_high"].to_numpy(dtype=float)
    scale = axes.unit_scale(float(y_high.max()), locale=locale)
    y_low, y_high = y_low / scale.divisor, y_high / scale.divisor
    x_values = [*x_low, *x_high] + ([reference[0]] if reference else [])
    y_values = [*y_low, *y_high]
    log_x = needs_log(x_values) if log is None else log
    log_y = needs_log(y_values) if log is None else log
    x_mid, y_mid = _mid(x_low, x_high), _mid(y_low, y_high)
    labels = _labels(points, locale, SCATTER_LABEL)
    x_axis = value_axis(x_values, locale=locale, log=log_x, headroom=0.08)
    y_axis = value_axis(y_values, locale=locale, log=log_y, headroom=0.1)
    fx, fy = partial(_fractions, axis=x_axis), partial(_fractions, axis=y_axis)
    places = label_positions(fx(x_mid), fy(y_mid), labels, ranges=(fx(x_low), fx(x_high), fy(y_low), fy(y_high)))
    texts = _Texts(currency=currency, locale=locale, _=_)
    records = points.to_dict("records")

    def make(rows: np.ndarray, colour: str, is_context: bool) -> list[dict]:
        return [
            dict(
                type="scatter",
                mode="markers+text",
                x=x_mid[rows],
                y=y_mid[rows],
                error_x=dict(type="data", array=(x_high - x_mid)[rows], arrayminus=(x_mid - x_low)[rows], width=0),
                error_y=dict(type="data", array=(y_high - y_mid)[rows], arrayminus=(y_mid - y_low)[rows], width=0),
                text=[labels[i] if places[i] else "" for i in rows],
                textposition=[places[i] or "top center" for i in rows],
                textfont=dict(size=11, color="#444"),
                cliponaxis=False,
                marker=_marker(colour, is_context),
                hovertext=[texts.hover(records[i]) for i in rows],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        ]

    layout = base_layout(
        locale=locale,
        height=560,
        xaxis=dict(
            title=dict(text=x_title),
            **x_axis,
            gridcolor=GRID_COLOUR,
            automargin=True,
        ),
        yaxis=dict(
            title=dict(text=_("Announced money, {unit} {currency}").format(unit=scale.unit, currency=currency)),
            **y_axis,
            gridcolor=GRID_COLOUR,
            automargin=True,
        ),
        margin=dict(t=30, r=30),
    )
    if reference:
        value, text = reference
        layout["shapes"] = [
            dict(
                type="line",
                xref="x",
                yref="paper",
                x0=value,
                x1=value,
                y0=0,
                y1=1,
                line=dict(color="#555", width=1.5, dash="dash"),
            )
        ]
        # Above the plot, over its line, in short lines: inside the plot, beside the line, it ran
        # past the right edge of a phone screen and could cover a point. "auto": centred over a
        # line in the middle third of the axis, else it extends inwards from the line.
        lines = wrap(text, REFERENCE_WRAP)
        layout["margin"]["t"] = max(layout["margin"]["t"], TEXT_LINE_PX[REFERENCE_SIZE] * len(lines) + 6)
        layout["annotations"] = [
            dict(
                # Annotations on a log axis take the exponent; shapes take the value.
                x=math.log10(value) if log_x else value,
                xref="x",
                y=1,
                yref="paper",
                text="<br>".join(escape(line) for line in lines),
                showarrow=False,
                xanchor="auto",
                yanchor="bottom",
                yshift=2,
                font=dict(size=REFERENCE_SIZE, color="#555"),
            )
        ]
    return figure(_region_traces(points, make, partial(_entry, bar=False), _), layout)


def unnamed_points(fig: go.Figure) -> int:
    """The points a money-and-capacity scatter draws without their name, for want of room."""
    return sum(not text for trace in fig.data if trace.mode == "markers+text" for text in trace.text or ())


def money_vs_gw(
    points: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    log: bool | None = None,
    empty: str = "",
) -> go.Figure:
    """Announced money (y) against announced capacity in GW (x), one labelled point per item.

    Ranges are error bars around the central figure; ``log`` None decides each axis by its
    spread (:func:`needs_log`), True or False applies to both axes. ``empty``: what the chart says
    with no point where the data is not why (``charts.common.no_rate_reason``).
    """
    _ = gettext or identity
    drawn = points[points[compute.HAS_GW]] if len(points) else points
    if drawn.empty:
        return empty_figure(empty or _("No item in the selection states both money and capacity in GW."), locale=locale)
    return _scatter(
        drawn,
        x_cols=(CAPACITY_GW_LOW, CAPACITY_GW_HIGH),
        x_title=_("Announced capacity, GW"),
        currency=currency,
        locale=locale,
        _=_,
        log=log,
    )


def money_vs_accelerators(
    points: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    log: bool | None = None,
    empty: str = "",
) -> go.Figure:
    """Announced money (y) against the number of accelerators (x), with the EU gigafactory
    yardstick (:data:`dashboard.compute.GIGAFACTORY_CHIPS`) as a dashed vertical line."""
    _ = gettext or identity
    drawn = points[points[compute.HAS_ACCELERATORS]] if len(points) else points
    if drawn.empty:
        return empty_figure(
            empty or _("No item in the selection states both money and a number of accelerators."), locale=locale
        )
    chips = compute.GIGAFACTORY_CHIPS
    text = _("EU AI gigafactory: about {count} chips").format(
        count=formatting.format_number(chips, locale=locale, digits=0)
    )
    return _scatter(
        drawn,
        x_cols=(ACCELERATORS_LOW, ACCELERATORS_HIGH),
        x_title=_("AI accelerators (GPUs, TPUs and others)"),
        currency=currency,
        locale=locale,
        _=_,
        log=log,
        reference=(chips, text),
    )


def cost_per_gw(
    points: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    log: bool | None = None,
    per: str = "gw",
    empty: str = "",
) -> go.Figure:
    """Implied cost per GW (``per="accelerator"``: per accelerator) by item, highest first: a
    solid bar to the low figure, a lighter segment up to the high one; contracts and purchases
    as open bars. At most :data:`MAX_BARS`."""
    _ = gettext or identity
    low_col, high_col = (
        (compute.PER_GW_LOW, compute.PER_GW_HIGH)
        if per == "gw"
        else (compute.PER_ACCELERATOR_LOW, compute.PER_ACCELERATOR_HIGH)
    )
    if len(points):
        per_high = points[high_col].to_numpy(dtype=float)
        drawn = points[~np.isnan(per_high)].sort_values([high_col, "id"], ascending=[False, True], kind="stable")
    else:
        drawn = points
    if drawn.empty:
        message = (
            _("No item in the selection states both money and capacity in GW.")
            if per == "gw"
            else _("No item in the selection states both money and a number of accelerators.")
        )
        return empty_figure(empty or message, locale=locale)
    drawn = drawn.head(MAX_BARS)
    low, high = (drawn[column].to_numpy(dtype=float) for column in (low_col, high_col))
    scale = axes.unit_scale(float(high.max()), locale=locale, thousands=per != "gw")
    low, high = low / scale.divisor, high / scale.divisor
    # A whole programme's money over its GPUs is no price: the bar says so, as a screenshot keeps (QA pass).
    whole, programme = _("whole programme"), drawn[compute.PROGRAMME].to_numpy(dtype=bool)
    labels = [f"{x} · {whole}" if p else x for x, p in zip(_labels(drawn, locale, BAR_LABEL), programme)]
    texts = _Texts(currency=currency, locale=locale, _=_)
    per_text = texts.per_gw if per == "gw" else texts.per_accelerator
    records = drawn.to_dict("records")
    log_x = needs_log([*low, *high]) if log is None else log
    # Room after each bar for its label on a phone: "mindestens 30–50 Mrd. €" a GW (France–UAE's
    # campus, "up to a gigawatt") ran past a 360 px plot with a fixed 0.2 (browser test).
    bar_texts = [per_text(r) for r in records]  # each bar's label, formatted once
    room = 0.2 if log_x else max(0.2, headroom(high, bar_texts))
    xaxis = value_axis([*low, *high], locale=locale, log=log_x, headroom=room)

    def make(rows: np.ndarray, colour: str, is_context: bool) -> list[dict]:
        ranged = rows[high[rows] > low[rows]]
        solid = [None if high[i] > low[i] else bar_texts[i] for i in rows]
        common = dict(type="bar", orientation="h", cliponaxis=False, hovertemplate="%{hovertext}<extra></extra>")
        # A contract or purchase is an open bar; a range's segment above the low figure is lighter.
        traces = [
            dict(
                common,
                y=[labels[i] for i in rows],
                x=low[rows],
                marker=_bar(colour, is_context),
                text=solid,
                # Inside a bar long enough to hold it, as the ranking's: outside, the longest bar's
                # "etwa 1.100 Bio. IDR" ran 9 px past a 360 px phone (QA pass 18).
                textposition=[label_position(low[i], t or "", xaxis) for i, t in zip(rows, solid)],
                insidetextanchor="end",
                hovertext=[texts.hover(records[i]) for i in rows],
            )
        ]
        if len(ranged):
            traces.append(
                dict(
                    common,
                    y=[labels[i] for i in ranged],
                    x=(high - low)[ranged],
                    base=low[ranged],
                    marker=range_marker(colour),
                    text=[bar_texts[i] for i in ranged],
                    textposition="outside",
                    hovertext=[texts.hover(records[i]) for i in ranged],
                )
            )
        return traces

    traces = _region_traces(drawn, make, partial(_entry, bar=True), _)
    names, rows = name_rows(labels)  # as in the ranking
    return figure(
        [*traces, names],
        base_layout(
            locale=locale,
            height=max(260, 130 + ROW_PX * len(drawn)),
            xaxis=dict(
                title=dict(
                    # On lines a 360 px plot holds: centred under it, "Rechnerische Kosten je
                    # Beschleuniger, Mio. KRW" lost its "R" at the left edge (QA pass 23).
                    text="<br>".join(
                        escape(line)
                        for line in wrap_words(
                            (
                                _("Implied cost per GW, {unit} {currency}")
                                if per == "gw"
                                else _("Implied cost per accelerator, {unit} {currency}")
                            ).format(unit=scale.unit, currency=currency),
                            AXIS_TITLE_CHARS,
                        )
                    )
                ),
                **xaxis,
                gridcolor=GRID_COLOUR,
                automargin=True,
            ),
            **rows,
            barmode="overlay",
            bargap=BAR_GAP,
            uniformtext=dict(minsize=10, mode="show"),  # an inside label legible, as the ranking's
            margin=dict(t=24, r=75),  # the longest bar's range label at 420 px, as the ranking
        ),
    )
