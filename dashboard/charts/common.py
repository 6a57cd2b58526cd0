"""What every chart shares: region colours, the base layout, the value axis, reading a few rows.

Pure: no Streamlit. Each figure builder of the package starts from these, so a colour, the font
or the legend's place is set once for every chart.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import axes, ledger, lookups
from dashboard.i18n import Gettext
from dashboard.locale_base import language_of

#: Okabe–Ito colours (colour-blind safe), one per region, used by every chart.
REGION_COLOURS = {
    "Europe": "#0072B2",
    "North America": "#D55E00",
    "Asia": "#009E73",
    "Middle East": "#E69F00",
    "Global": "#CC79A7",
}
OTHER_COLOUR = "#999999"
#: Grid lines of every value and date axis.
GRID_COLOUR = "rgba(128,128,128,0.25)"
FONT = "Source Sans Pro, Arial, sans-serif"
#: Characters a line of an empty chart's message holds at 420 px (15 px type).
EMPTY_WRAP = 40


def records_at(frame: pd.DataFrame, columns: Sequence[str], positions: np.ndarray) -> list[dict]:
    """The rows at ``positions`` as plain dicts of ``columns`` (Python values), without building
    the frame ``frame[columns].iloc[positions]`` (``DataFrame.to_dict`` goes row by row)."""
    arrays = [lookups.values_at(frame[c], positions) for c in columns]
    return [dict(zip(columns, values)) for values in zip(*arrays)]


def present_columns(frame: pd.DataFrame, *groups: Sequence[str]) -> list[str]:
    """The named columns that ``frame`` has, each once, in the order named."""
    present = set(frame.columns)
    return list(dict.fromkeys(c for group in groups for c in group if c in present))


# The defaults of a builder called without ``gettext`` or ``ngettext``: English as written.
def identity(text: str) -> str:
    return text


def english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def axis_title(
    currency: str, scale: axes.Scale, view: str, _: Gettext, year: object = None, *, reported: bool = False
) -> str:
    """A money axis's title; ``reported``: the axis carries a reported actual (:func:`any_reported`)."""
    template = {
        "total": _("Announced or reported, {unit} {currency}") if reported else _("Announced, {unit} {currency}"),
        "per-year": _("Per year, {unit} {currency}"),
        "year": _("In {year}, {unit} {currency}"),
    }[view]
    return template.format(unit=scale.unit, currency=currency, year=year)


def any_reported(frame: pd.DataFrame, positions: np.ndarray) -> bool:
    """Whether a row at ``positions`` is a reported actual (status "spent"): the Overview's and
    Compare's axis read "Announced" under Oracle's reported FY2026 capex (QA pass)."""
    # Compared in Arrow: the whole column as Python objects cost ~8 ms at 100k rows.
    return bool(frame["status"].eq("spent").to_numpy(dtype=bool, na_value=False)[positions].any())


def calendar_year(frame: pd.DataFrame) -> object:
    """The calendar year of a frame's year figures (``years.for_view``), or None."""
    return frame["calendar_year"].iloc[0] if "calendar_year" in frame.columns and len(frame) else None


#: The narrowest span of a date axis: a single date drew ticks twelve hours apart.
_MIN_DATE_SPAN = pd.Timedelta(days=90)


def date_axis(locale: str, title: str, dates: Sequence[object] = ()) -> dict:
    """A date axis titled ``title``, ticks in the locale's order (Plotly's bundle has English month
    names only): months, or days where the ticks are closer than a month (a span of a few weeks
    read "Jun 2025, Jun 2025, Jul 2025" with month ticks; QA pass). ``dates``, the points drawn:
    a span shorter than three months is widened to three months around them (one point, the
    running total of 2034, read "30 Jun 2025, 30 Jun 2025, 01 Jul 2025").

    >>> date_axis("en_US", "Date", [pd.Timestamp("2025-06-30")])["range"]
    ['2025-05-16', '2025-08-14']
    """
    # English days as every other date on screen ("Jan 21, 2025"; hovers said "21 Jan 2025": QA pass).
    month, day = ("%m.%Y", "%d.%m.%Y") if language_of(locale) == "de" else ("%b %Y", "%b %-d, %Y")
    shown = [pd.Timestamp(d) for d in dates if d is not None and not pd.isna(d)]
    widened = {}
    if shown and max(shown) - min(shown) < _MIN_DATE_SPAN:
        middle = min(shown) + (max(shown) - min(shown)) / 2
        widened = {"range": [(middle + k * _MIN_DATE_SPAN / 2).strftime("%Y-%m-%d") for k in (-1, 1)]}
    return {
        "title": {"text": title},
        "gridcolor": GRID_COLOUR,
        **widened,
        "tickformat": month,
        "tickformatstops": [
            {"dtickrange": [None, "M1"], "value": day},
            {"dtickrange": ["M1", None], "value": month},
        ],
        "hoverformat": day,
    }


def _merged(base: dict, extra: dict) -> dict:
    """``base`` updated with ``extra`` as ``Figure.update_layout`` does: nested dicts key by key."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def base_layout(*, locale: str, height: int, title: str | None = None, **props) -> dict:
    """The layout every chart shares, then ``props`` merged into it (see :func:`_merged`)."""
    layout = dict(
        separators=axes.plotly_separators(locale),
        font=dict(family=FONT, size=13),
        height=height,
        margin=dict(l=10, r=20, t=50 if title else 20, b=90),
        # Dark text: Streamlit's theme writes hovers in light grey on white, hard to read (QA pass).
        hoverlabel=dict(align="left", font=dict(color="#262730")),
        # Below the chart (a legend on top stacked under the toolbar on a phone);
        # 130 px a region entry: two a row at 420 px, all six in one row on a desktop.
        legend=dict(
            orientation="h",
            yref="container",
            y=0,
            yanchor="bottom",
            xanchor="left",
            x=0,
            title=dict(text=""),
            entrywidth=130,
            entrywidthmode="pixels",
        ),
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
    )
    layout["title"] = dict(text=title, x=0, xanchor="left") if title else {}
    return _merged(layout, props)


def figure(traces: list[dict], layout: dict) -> go.Figure:
    """One figure from plain trace and layout dicts, in one call (``add_trace`` and ``update_*``
    steps re-parse paths such as ``title_text``, many times slower for the same figure).

    Not validated here: plotly's validation changed nothing in any chart but an empty ``{}``
    left out, and it cost a tenth to a third of each build (100k rows: timeline 47 -> 32 ms,
    treemap 85 -> 72 ms; bundled ranking 9 -> 6 ms). The tests validate every chart instead
    (``tests/test_publish.py``), and the copy ``publish`` makes.
    """
    return go.Figure(data=traces, layout=layout, _validate=False)


def range_marker(colour: str) -> dict:
    """The lighter, hatched segment from a bar's low figure to its high one: an uncertain item
    never looks more certain than its sources."""
    return dict(color=colour, opacity=0.5, pattern=dict(shape="/", fgcolor=colour), line=dict(width=1.5, color=colour))


def legend_only(name: str, **props: object) -> dict:
    """A trace that is only a legend entry (``props``: its type, marker, group…): Plotly leaves a
    trace without points out of the plot, and draws a trace's entry with its first point, which
    can say something the entry should not (a status; QA pass)."""
    return dict(props, x=[None], y=[None], name=name, hoverinfo="skip")


def no_rate(frame: pd.DataFrame) -> bool:
    """Whether every row with money in ``frame`` lacks an exchange rate on the basis chosen: ISK
    has no ECB fixing from 2009 to 2017, and the empty charts blamed "the current filters" with
    none set (QA pass 23).

    >>> no_rate(pd.DataFrame({"amount_high": [1.0, None], "fx_problem": ["no rate", ""]}))
    True
    >>> no_rate(pd.DataFrame({"amount_high": [1.0, 2.0], "fx_problem": ["no rate", ""]}))
    False
    """
    money = frame["amount_high"].notna()
    return bool(money.any()) and bool(frame.loc[money, "fx_problem"].ne("").all())


def no_rate_reason(frame: pd.DataFrame, _: Gettext) -> str:
    """Why an empty chart of ``frame`` is empty when no row with money has a rate (:func:`no_rate`),
    else "": the chart's own reason ("No item … states both money and capacity") was false then."""
    if not no_rate(frame):
        return ""
    return _("No item in the current selection has an exchange rate on this basis: the warning above names the rows.")


def nothing_counted(view: str, _: Gettext, frame: pd.DataFrame) -> str:
    """What an Overview chart with no counted figure in ``frame`` (the rows the filters keep) says:
    outside the total view the year or the horizons, not only the filters, may be why
    (``?view=year&year=1999`` said "No items match the current filters" with no filter set; QA
    pass). Where the filters keep no row it says only that, and where they keep rows that no
    view adds (scope "Training cost") not the view's reason: "Data & sources lists them" led to
    an empty page, and "needs a stated horizon" to a search for one (QA pass 13)."""
    if frame.empty:
        return _("No items match the current filters.")  # as the Timeline's scatter says it
    if reason := no_rate_reason(frame, _):
        return reason
    # No row stands for an item in any view (``counts_in_total`` alone: "status spent in 2034",
    # rows of other years, blamed the filters; review).
    if not ledger.stands_for_item(frame).any():
        view = "total"
    return {
        "year": _("No counted item in the current selection has money in this year."),
        "per-year": _("No counted item in the current selection has a per-year figure (one needs a stated horizon)."),
    }.get(view) or _(
        # Scope "Training cost" matches only context rows, which Data & sources lists: "No items
        # match" read as an empty dataset (QA pass).
        "No counted item matches the current filters; rows that are never added, such as context, "
        "may: Data & sources lists them."
    )


def empty_figure(message: str, *, locale: str) -> go.Figure:
    """A figure that says ``message`` (plain text) where its chart would be, wrapped to fit a phone:
    on one line, a German message ran past both edges of a 420 px screen."""
    text = "<br>".join(textwrap.wrap(message, EMPTY_WRAP, break_on_hyphens=False))
    return figure(
        [],
        base_layout(
            locale=locale,
            height=220,
            annotations=[
                dict(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font=dict(size=15))
            ],
            xaxis=dict(visible=False),
            yaxis=dict(visible=False),
        ),
    )


def value_axis(values: Sequence[float], *, locale: str, log: bool, headroom: float = 0.05) -> dict:
    """Axis properties with ticks that cover every value and room for labels past the largest.

    ``headroom`` is the share of the axis left free beyond the largest value (bar labels sit
    there). On a log axis the ticks start at the power of ten below the smallest value, so no
    point lies below the lowest tick.
    """
    finite = [v for v in values if v is not None and np.isfinite(v) and (v > 0 or not log)]
    if not finite:
        return {}
    vmin, vmax = min(finite), max(finite)
    if log:
        lo = 10 ** math.floor(math.log10(vmin))
        span = math.log10(vmax) - math.log10(lo)
        top = math.log10(vmax) + max(headroom, 0.05) * max(span, 1)
        # Ticks up to the axis' end: the timeline's €483–554B points sat above its last tick, 100 bn,
        # with 1,000 in the range but unlabelled (QA pass 21).
        props = axes.axis_ticks(lo, 10**top, locale=locale, log=True)
        props["range"] = [math.log10(lo) - 0.02 * span, top]
    else:
        props = axes.axis_ticks(vmin, vmax, locale=locale, log=False)
        if vmin >= 0:
            # All zeros (Compare's picks in a year none of them reaches): Plotly's own range ran from
            # -1 to 1, a negative amount of money (QA pass).
            props["range"] = [0, vmax * (1 + headroom) if vmax > 0 else 1]
    props["type"] = "log" if log else "linear"
    return props
