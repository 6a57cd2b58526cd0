"""Charts over dates: the timeline of announcements and the running total per region (each
company's capex guidance as it moved is in :mod:`dashboard.charts.capex_guidance`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import axes, datekeys, dates
from dashboard.charts.common import (
    GRID_COLOUR,
    REGION_COLOURS,
    any_reported,
    axis_title,
    base_layout,
    calendar_year,
    date_axis,
    empty_figure,
    english_plural,
    figure,
    identity,
    legend_only,
    no_rate_reason,
    nothing_counted,
    present_columns,
    records_at,
    value_axis,
)
from dashboard.charts.text import Hovers, escape, hover_columns, hover_lines
from dashboard.i18n import Gettext, Ngettext
from dashboard.labels import bounds_note, region_label, summed_money
from dashboard.locale_base import language_of
from dashboard.years import view_columns

STATUS_SYMBOLS = {"announced": "circle-open", "committed": "circle", "spent": "diamond", "cancelled": "x"}
#: Most points a timeline draws (the largest announcements); the caller says how many exist.
TIMELINE_POINTS = 400


def _columns(frame: pd.DataFrame, *groups: Sequence[str]) -> pd.DataFrame:
    """``frame`` with only the named columns that it has (see :func:`present_columns`).

    Masks and row selections copy every column they carry: on a normalised frame of ~40
    columns and 100k rows, selecting the few a chart reads first is most of the saving.
    """
    names = present_columns(frame, *groups)
    return frame if len(names) == len(frame.columns) else frame[names]


def announced_timestamp(announced: str) -> pd.Timestamp | None:
    """The first day of an ``announced`` string's period (a month or year starts on day 1).

    >>> announced_timestamp("2025-07"), announced_timestamp("2023")
    (Timestamp('2025-07-01 00:00:00'), Timestamp('2023-01-01 00:00:00'))
    """
    key = datekeys.date_sort_key(announced)
    if key[0] == 0:
        return None
    return pd.Timestamp(key[0], key[1] or 1, key[2] or 1)


def _timeline_positions(frame: pd.DataFrame) -> np.ndarray:
    """Positions of the rows a timeline can draw: money above zero and a date."""
    if "announced_key" in frame.columns:
        dated = frame["announced_key"].to_numpy() > 0
    else:
        dated = frame["announced"].astype(str).str.match(r"\d{4}").fillna(False).to_numpy(dtype=bool)
    high = frame["value_high"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return np.flatnonzero((high > 0) & dated)


def timeline_count(frame: pd.DataFrame) -> tuple[int, int]:
    """(points drawn, announcements with money and a date) for the timeline of ``frame``."""
    total = len(_timeline_positions(frame))
    return min(total, TIMELINE_POINTS), total


def timeline(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    log: bool = True,
) -> go.Figure:
    """Announcements with money: date against converted amount, marker by status.

    At most ``TIMELINE_POINTS`` points, the largest announcements (see :func:`timeline_count`).
    """
    _ = gettext or identity
    positions = _timeline_positions(frame)
    if len(positions) > TIMELINE_POINTS:
        # The largest, chosen on the one column that decides (ties: the first row wins).
        high = pd.Series(frame["value_high"].to_numpy(dtype=float)[positions], index=positions)
        positions = high.nlargest(TIMELINE_POINTS).index.to_numpy()
    if not len(positions):
        return empty_figure(no_rate_reason(frame, _) or _("No items match the current filters."), locale=locale)
    records = records_at(frame, present_columns(frame, ("region", "status"), hover_columns()), positions)
    when = np.array([announced_timestamp(r["announced"]) for r in records], dtype=object)
    low_all = frame["value_low"].to_numpy(dtype=float)[positions]
    high_all = frame["value_high"].to_numpy(dtype=float)[positions]
    scale = axes.unit_scale(float(high_all.max()), locale=locale)
    regions = np.array([r["region"] for r in records], dtype=object)
    statuses = np.array([r["status"] for r in records], dtype=object)
    hovers = Hovers(currency=currency, locale=locale, _=_, view="total")
    traces: list[dict] = []
    legend: list[dict] = []
    # One trace per region (colour); the marker shape says the status (caption). The legend has
    # an entry of its own per region, a square: Plotly draws a trace's entry with its first
    # point's shape, so Asia's read "committed" and the others "announced" (QA pass).
    present = set(regions)
    for region in [r for r in REGION_COLOURS if r in present]:
        mask = regions == region
        mid = (low_all[mask] + high_all[mask]) / 2 / scale.divisor
        name = region_label(region, _)
        colour = REGION_COLOURS[region]
        square = dict(symbol="square", size=11, color=colour)
        legend.append(legend_only(name, type="scatter", mode="markers", legendgroup=region, marker=square))
        traces.append(
            dict(
                type="scatter",
                x=list(when[mask]),
                y=mid,
                mode="markers",
                name=name,
                legendgroup=region,
                showlegend=False,
                marker=dict(
                    symbol=[STATUS_SYMBOLS.get(s, "circle") for s in statuses[mask]],
                    size=11,
                    color=colour,
                    line=dict(width=2, color=colour),
                ),
                hovertext=[hovers.text(r) for r, m in zip(records, mask) if m],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    yaxis = value_axis(list(high_all / scale.divisor) + list(low_all / scale.divisor), locale=locale, log=log)
    title = axis_title(currency, scale, "total", _, reported=any_reported(frame, positions))
    return figure(
        traces + legend,
        base_layout(
            locale=locale,
            height=480,
            yaxis=dict(title=dict(text=title), **yaxis, gridcolor=GRID_COLOUR),
            xaxis=date_axis(locale, _("Announcement date"), list(when)),
            showlegend=True,  # one region's entry too (see money_over_dates)
        ),
    )


def wordings_so_far(rows: pd.DataFrame, high: str) -> dict[tuple[Any, Any], set[str]]:
    """Per (region, month) of ``rows`` (columns region, _month, amount_kind and ``high``), the
    wordings of every figure with money (a €0 figure bounds nothing) that the region's running
    total holds after that month: "Middle East: €47.0–94.1B" was Saudi Arabia's "up to
    $50–100bn" alone (QA pass). From the few distinct triples; a month of €0 figures alone keeps
    the wordings before it."""
    so_far: dict[tuple[Any, Any], set[str]] = {}
    held: dict[Any, set[str]] = {}
    none = "(no money)"  # the wording of a €0 figure: none (not an amount_kind: schema.AMOUNT_KINDS)
    kinds = np.where(rows[high].to_numpy(dtype=float) > 0, rows["amount_kind"].fillna("").to_numpy(dtype=object), none)
    triples = pd.DataFrame({"region": rows["region"].to_numpy(), "_month": rows["_month"].to_numpy(), "kind": kinds})
    for region, month, kind in triples.drop_duplicates().sort_values(["region", "_month"]).itertuples(index=False):
        held[region] = held.get(region, set()) | ({kind} - {none})
        so_far[(region, month)] = held[region]
    return so_far


def cumulative(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
    ngettext: Ngettext | None = None,
    view: str = "total",
) -> go.Figure:
    """Running de-duplicated total per region over the items' first announcement dates, of the
    figures ``view`` adds (total amounts, per year, or the money falling in one year)."""
    _ = gettext or identity
    ngettext = ngettext or english_plural
    german = language_of(locale) == "de"
    name_col = "item_name_de" if german else "item_name"
    low_col, high_col = view_columns(view)
    keep = frame["counts_in_total"].to_numpy(dtype=bool) & frame[high_col].notna().to_numpy(dtype=bool)
    wanted = ("region", low_col, high_col, "id", "item_id", "item_key", "item_announced", name_col, "amount_kind")
    rows = _columns(frame, (*wanted, "name", "name_de"))[keep].rename(
        columns={low_col: "value_low", high_col: "value_high"}
    )
    keys = rows["item_key"].to_numpy() if "item_key" in rows.columns else datekeys.date_keys(rows["item_announced"])
    rows = rows[keys > 0].assign(_month=keys[keys > 0] // 100)
    if rows.empty:
        return empty_figure(nothing_counted(view, _, frame), locale=locale)
    # A step names the item, dated by its first announcement; a revision counted in its place is
    # named too: "once Oracle FY2026 capex guidance is added (Jun 2025)" added the $55.7B actual
    # of Jun 2026, not the ~$25B guidance (QA pass).
    own = rows["name"]
    if german and "name_de" in rows:
        own = rows["name_de"].where(rows["name_de"].fillna("") != "", own)
    revised = rows["id"] != rows["item_id"] if "item_id" in rows else pd.Series(False, index=rows.index)
    rows = rows.assign(_figure=own.where(revised, ""), _revised=revised)
    # One step per region and month, whatever the number of items: the chart stays small.
    monthly = rows.groupby(["region", "_month"], sort=True).agg(
        low=("value_low", "sum"),
        high=("value_high", "sum"),
        items=("id", "size"),
        first=(name_col, "first"),
        figure=("_figure", "first"),
        revised=("_revised", "sum"),
    )
    by_region = rows.groupby("region")["value_high"].sum()
    so_far = wordings_so_far(rows, "value_high")
    scale = axes.unit_scale(float(by_region.max()), locale=locale)
    year = calendar_year(frame)

    def in_view(amount: str) -> str:
        """What the figure adds, as the axis says: "$906–941B" per year read as a total (QA pass)."""
        if view == "per-year":
            return _("{amount} per year").format(amount=amount)
        return _("{amount} in {year}").format(amount=amount, year=year) if view == "year" else amount

    traces: list[dict] = []
    for region in [r for r in REGION_COLOURS if r in monthly.index.levels[0]]:
        part = monthly.loc[region]
        low, high = part["low"].cumsum() / scale.divisor, part["high"].cumsum() / scale.divisor
        name = region_label(region, _)
        # Steps sit at their month's start; hovers name the month (the caption promised days: QA pass).
        months = [f"{m // 100}-{m % 100:02d}" if m % 100 else str(m // 100) for m in part.index.astype(int)]
        when = [announced_timestamp(m) for m in months]
        hovers = [
            hover_lines(
                [
                    (
                        _("{region}: {total} once {item} is added ({month}) at its latest figure: {figure}")
                        if items == 1 and figure
                        else _("{region}: {total} once {item} is added ({month})")
                        if items == 1
                        else _("{region}: {total} once {count} items of {month} are added")
                    ).format(
                        region=name,
                        total=in_view(
                            summed_money(lo * scale.divisor, hi * scale.divisor, currency, kinds, _, locale=locale)
                        ),
                        item=escape(first),
                        figure=escape(figure),
                        count=int(items),
                        month=dates.format_announced(month, locale=locale),
                    ),
                    # A month of several items named none of its revisions (QA pass 2).
                    ngettext(
                        "{count} of them at its latest figure, not as first announced",
                        "{count} of them at their latest figures, not as first announced",
                        revised,
                    ).format(count=revised)
                    if items > 1 and revised
                    else "",
                    bounds_note(kinds, _),
                ]
            )
            for month, lo, hi, items, first, figure, revised, kinds in zip(
                months,
                low.to_numpy(),
                high.to_numpy(),
                part["items"].to_numpy(),
                part["first"].to_numpy(dtype=object),
                part["figure"].to_numpy(dtype=object),
                part["revised"].astype(int).tolist(),
                [so_far[(region, month)] for month in part.index],
            )
        ]
        traces.append(
            dict(
                type="scatter",
                x=when,
                y=((low + high) / 2).to_numpy(),
                mode="lines+markers",
                name=name,
                line=dict(shape="hv", color=REGION_COLOURS[region], width=2.5),
                hovertext=hovers,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return money_over_dates(
        traces,
        [v / scale.divisor for v in by_region],
        scale=scale,
        currency=currency,
        locale=locale,
        _=_,
        x_title=_("First announced"),
        height=400,
        view=view,
        year=year,
        reported=any_reported(frame, np.flatnonzero(keep)),
    )


def money_over_dates(
    traces: list[dict],
    values: Sequence[float],
    *,
    scale: axes.Scale,
    currency: str,
    locale: str,
    _: Gettext,
    x_title: str,
    height: int,
    view: str = "total",
    year: object = None,
    reported: bool = False,
    **props: Any,
) -> go.Figure:
    """A money-over-dates figure: linear money axis from zero, dates on the x axis."""
    yaxis = value_axis(values, locale=locale, log=False)
    return figure(
        traces,
        base_layout(
            locale=locale,
            height=height,
            yaxis=dict(
                title=dict(text=axis_title(currency, scale, view, _, year, reported=reported)),
                **yaxis,
                rangemode="tozero",
                gridcolor=GRID_COLOUR,
            ),
            xaxis=date_axis(locale, x_title, [t for trace in traces for t in trace.get("x", [])]),
            # One region's or company's line is named too: Plotly hides a lone trace's legend, and
            # Europe's running total in 2033 went unnamed (QA pass).
            showlegend=True,
            **props,
        ),
    )
