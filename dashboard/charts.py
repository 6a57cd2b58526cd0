"""Pure figure builders: a normalised DataFrame plus keyword options in, a ``go.Figure`` out.

Every builder takes the frame produced by ``ledger.normalise`` (and filtered by the caller), the
target ``currency``, the Babel ``locale`` and a ``gettext`` function, and returns a figure whose
axis titles name the currency and view, whose separators follow the locale, and whose hovers
show the name, the original amount, the converted amount, the rate and its date, the status,
the confidence and the source's site. Values are plotted in display units (bn, m, tn) chosen
by ``axes.unit_scale`` so that ticks never carry an SI suffix such as "G".

Must not: import Streamlit, read files, or change the numbers it is given (no rounding; ranges
are drawn as error bars around the central figure, never collapsed silently).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import axes, formatting, ledger
from dashboard.i18n import Gettext, Ngettext
from dashboard.labels import actor_type_label, confidence_label, region_label, status_label

#: Okabe–Ito colours (colour-blind safe), one per region, used by every chart.
REGION_COLOURS = {
    "Europe": "#0072B2",
    "North America": "#D55E00",
    "Asia": "#009E73",
    "Middle East": "#E69F00",
    "Global": "#CC79A7",
}
OTHER_COLOUR = "#999999"
#: Companies in the guidance chart: Paul Tol's "muted" colours (colour-blind safe), none of which
#: is a region colour, so a company line is never read as a region; dashes tell them apart too.
COMPANY_COLOURS = ("#332288", "#882255", "#44AA99", "#999933", "#CC6677", "#88CCEE")
COMPANY_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
STATUS_SYMBOLS = {"announced": "circle-open", "committed": "circle", "spent": "diamond", "cancelled": "x"}
FONT = "Source Sans Pro, Arial, sans-serif"
#: How many items a ranking draws before it folds the rest into one "others" bar.
TOP_N = 25
#: Ranking rows: pixels per item (a name line and a bar) and the share of a row left for the name.
ROW_PX = 46
BAR_GAP = 0.5
#: Longest axis or legend label; longer names are cut with an ellipsis (the hover has them whole)
#: so that the bars keep their room on a phone.
MAX_LABEL = 48
#: Most points a timeline draws (the largest announcements); the caller says how many exist.
TIMELINE_POINTS = 400
#: Most items per actor type a treemap draws before it folds the rest into "others".
TREEMAP_ITEMS = 10
#: Most parts drawn inside one treemap item (the smallest first, as long as they fit).
COMPONENTS_PER_ITEM = 5
#: Most companies a guidance chart follows (the largest).
GUIDANCE_LINES = 6
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
    "value_low",
    "value_high",
    "per_year_low",
    "per_year_high",
)
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
)


def _records_at(frame: pd.DataFrame, columns: Sequence[str], positions: np.ndarray) -> list[dict]:
    """The rows at ``positions`` as plain dicts of ``columns`` (Python values), without building
    the frame ``frame[columns].iloc[positions]`` (``DataFrame.to_dict`` goes row by row)."""
    arrays = [ledger.values_at(frame[c], positions) for c in columns]
    return [dict(zip(columns, values)) for values in zip(*arrays)]


def _present(frame: pd.DataFrame, *groups: Sequence[str]) -> list[str]:
    """The named columns that ``frame`` has, each once, in the order named."""
    present = set(frame.columns)
    return list(dict.fromkeys(c for group in groups for c in group if c in present))


def _columns(frame: pd.DataFrame, *groups: Sequence[str]) -> pd.DataFrame:
    """``frame`` with only the named columns that it has (see :func:`_present`).

    Masks and row selections copy every column they carry: on a normalised frame of ~40
    columns and 100k rows, selecting the few a chart reads first is most of the saving.
    """
    names = _present(frame, *groups)
    return frame if len(names) == len(frame.columns) else frame[names]


def _identity(text: str) -> str:
    return text


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def item_label(row: pd.Series, locale: str) -> str:
    """The item's name in the UI language (German falls back to English where empty)."""
    if formatting.language_of(locale) == "de":
        return str(row.get("item_name_de") or row.get("item_name") or row["name"])
    return str(row.get("item_name") or row["name"])


def row_label(row: pd.Series, locale: str) -> str:
    if formatting.language_of(locale) == "de" and row.get("name_de"):
        return str(row["name_de"])
    return str(row["name"])


@lru_cache(maxsize=4096)
def source_site(url: str) -> str:
    """The host of a source URL, without ``www.``; empty for anything that is not http(s)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https"):
        return ""
    host = parts.hostname or ""
    return host[4:] if host.startswith("www.") else host


def value_columns(view: str) -> tuple[str, str]:
    return ("value_low", "value_high") if view == "total" else ("per_year_low", "per_year_high")


def axis_title(currency: str, scale: axes.Scale, view: str, _: Gettext) -> str:
    template = _("Announced, {unit} {currency}") if view == "total" else _("Per year, {unit} {currency}")
    return template.format(unit=scale.unit, currency=currency)


def hover_text(row: pd.Series, *, currency: str, locale: str, _: Gettext, view: str = "total") -> str:
    """One hover box: what the figure is, where it came from and how it was converted."""
    return _Hovers(currency=currency, locale=locale, _=_, view=view).text(row)


def hover_columns(view: str = "total") -> tuple[str, ...]:
    """The columns :func:`hover_text` reads (a chart takes only these, and its own, from a large frame)."""
    columns = (
        "id",
        "name",
        "name_de",
        "item_id",
        "item_name",
        "item_name_de",
        "role",
        "amount_low",
        "amount_high",
        "currency",
        "fx_rate",
        "fx_date",
        "status",
        "confidence",
        "announced",
        "source_url",
    )
    if view == "total":
        return columns + ("value_low", "value_high")
    return columns + ("per_year_low", "per_year_high", "period_years", "period_start", "period_end")


class _Hovers:
    """Hover texts for one chart: the settings, and each part formatted once (pure: a new
    instance per chart, nothing outlives it)."""

    def __init__(self, *, currency: str, locale: str, _: Gettext, view: str) -> None:
        self.currency, self.locale, self._, self.view = currency, locale, _, view
        self.low_col, self.high_col = value_columns(view)
        self._memo: dict = {}

    def _once(self, key: tuple, make: Callable[[], str]) -> str:
        try:
            return self._memo[key]
        except KeyError:
            text = self._memo[key] = make()
            return text
        except TypeError:  # an unhashable or incomparable cell: format it without the memo
            return make()

    def money(self, low: object, high: object, currency: str) -> str:
        """``formatting.format_money_range`` (compact) of one range, once per distinct range."""
        return self._once(
            ("money", low, high, currency),
            lambda: formatting.format_money_range(low, high, currency, locale=self.locale),
        )

    def text(self, row) -> str:
        _, locale, currency, view = self._, self.locale, self.currency, self.view
        lines = [f"<b>{_escape(row_label(row, locale))}</b>"]
        if row.get("item_id") and row.get("item_id") != row["id"]:
            relation = _("latest figure for: {item}") if row["role"] == "revision" else _("part of: {item}")
            lines.append(relation.format(item=_escape(item_label(row, locale))))
        original = self.money(row["amount_low"], row["amount_high"], row["currency"])
        lines.append(_("Announced: {amount}").format(amount=original))
        converted = self.money(row[self.low_col], row[self.high_col], currency)
        label = _("Converted: {amount}") if view == "total" else _("Per year: {amount}")
        lines.append(label.format(amount=converted))
        if view != "total" and not math.isnan(row.get("period_years", math.nan)):
            lines.append(
                _("over {years} years ({period})").format(
                    years=formatting.format_number(
                        row["period_years"], locale=locale, digits=0 if float(row["period_years"]).is_integer() else 1
                    ),
                    period=formatting.format_period(row["period_start"], row["period_end"], locale=locale),
                )
            )
        if row["currency"] != currency and not pd.isna(row.get("fx_rate")):
            source, rate, date = row["currency"], row["fx_rate"], row["fx_date"]
            lines.append(
                self._once(
                    ("rate", source, rate, date),
                    lambda: _("Rate: 1 {source} = {rate} {target} ({date})").format(
                        source=source,
                        rate=formatting.format_rate(rate, locale=locale),
                        target=currency,
                        date=formatting.format_announced(date, locale=locale),
                    ),
                )
            )
        status, confidence = row["status"], row["confidence"]
        lines.append(
            self._once(
                ("status", status, confidence),
                lambda: _("Status: {status} · confidence: {confidence}").format(
                    status=status_label(status, _), confidence=confidence_label(confidence, _)
                ),
            )
        )
        announced = row["announced"]
        lines.append(
            self._once(
                ("announced", announced),
                lambda: _("Announced on: {date}").format(date=formatting.format_announced(announced, locale=locale)),
            )
        )
        site = source_site(row.get("source_url", ""))
        if site:
            lines.append(_("Source: {site}").format(site=_escape(site)))
        return "<br>".join(lines)


def _escape(text: str) -> str:
    # Plotly renders a small HTML subset in hover and tick text: data text must stay text.
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def date_axis_format(locale: str) -> dict:
    """Plotly date ticks in the locale's order (Plotly's bundle has English month names only)."""
    if formatting.language_of(locale) == "de":
        return {"tickformat": "%m.%Y", "hoverformat": "%d.%m.%Y"}
    return {"tickformat": "%b %Y", "hoverformat": "%d %b %Y"}


def _merged(base: dict, extra: dict) -> dict:
    """``base`` updated with ``extra`` as ``Figure.update_layout`` does: nested dicts key by key."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _layout(*, locale: str, height: int, title: str | None = None, **props) -> dict:
    """The layout every chart shares, then ``props`` merged into it (see :func:`_merged`)."""
    layout = dict(
        separators=axes.plotly_separators(locale),
        font=dict(family=FONT, size=13),
        height=height,
        margin=dict(l=10, r=20, t=50 if title else 20, b=90),
        hoverlabel=dict(align="left"),
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


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """One figure from plain trace and layout dicts, validated once.

    Plotly validates every property either way; building the figure in one call instead of
    ``add_trace`` and ``update_*`` steps (each re-parsing paths such as ``title_text``) is
    many times faster and gives the same figure.
    """
    return go.Figure(data=traces, layout=layout)


def _empty(message: str, *, locale: str, height: int = 220) -> go.Figure:
    return _figure(
        [],
        _layout(
            locale=locale,
            height=height,
            annotations=[
                dict(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font=dict(size=15))
            ],
            xaxis=dict(visible=False),
            yaxis=dict(visible=False),
        ),
    )


def _value_axis(values: Sequence[float], *, scale: axes.Scale, locale: str, log: bool, headroom: float = 0.05) -> dict:
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
        props = axes.axis_ticks(lo, vmax, locale=locale, log=True)
        span = math.log10(vmax) - math.log10(lo)
        props["range"] = [math.log10(lo) - 0.02 * span, math.log10(vmax) + max(headroom, 0.05) * max(span, 1)]
    else:
        props = axes.axis_ticks(vmin, vmax, locale=locale, log=False)
        if vmin >= 0 and vmax > 0:
            props["range"] = [0, vmax * (1 + headroom)]
    props["type"] = "log" if log else "linear"
    return props


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
) -> go.Figure:
    """Horizontal bars of the counted items, largest first (or in ``order`` of item ids).

    A solid bar reaches the low figure and a lighter segment spans a range up to the high one. Beyond ``top``
    items the rest is folded into one "others" bar so a large dataset never sends thousands of
    bars to the browser.
    """
    _ = gettext or _identity
    ngettext = ngettext or _english_plural
    low_col, high_col = value_columns(view)
    low_values = frame[low_col].to_numpy(dtype=float)
    high_values = frame[high_col].to_numpy(dtype=float)
    candidates = np.flatnonzero(~np.isnan(high_values))
    if order is None:
        # The largest counted items, ties broken by id.
        counted = frame["counts_in_total"].to_numpy(dtype=bool)
        candidates = candidates[counted[candidates]]
        chosen = ledger.largest_positions(frame, high_col, top, where=counted)
    else:
        position = {item: i for i, item in enumerate(order)}
        ids = ledger.values_at(frame["id"], candidates)
        unknown = len(position)  # ids not in ``order`` go last, in their order
        candidates = candidates[np.argsort([position.get(i, unknown) for i in ids], kind="stable")]
        chosen = candidates[:top]
    if not len(chosen):
        return _empty(_("No items match the current filters."), locale=locale)
    # Everything not drawn is folded into "others"; only its two sums are needed.
    not_chosen = np.ones(len(frame), dtype=bool)
    not_chosen[chosen] = False
    others = candidates[not_chosen[candidates]]
    others_low = float(np.nansum(low_values[others]))
    others_high = float(np.nansum(high_values[others]))
    low_all, high_all = low_values[chosen], high_values[chosen]
    scale = axes.unit_scale(float(max(high_all.max(), others_high)), locale=locale)
    records = _records_at(frame, _present(frame, RANKING_COLUMNS, hover_columns(view)), chosen)
    short = short_names(frame, locale)
    labels = [item_label(r, locale) if order is None else row_label(r, locale) for r in records]
    # The short name of the row whose figure is drawn ("Meta capex 2025 (actual)"), so a label
    # never calls an actual "guidance"; else the item's short name.
    shorts = [short.get(r["id"]) or short.get(r.get("item_id", r["id"]), "") for r in records]
    labels = _dedupe_labels([_escape(label) for label in distinct_labels(labels, shorts, label_limit)])
    hovers_all = _Hovers(currency=currency, locale=locale, _=_, view=view)
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
        texts = [hovers_all.money(lo, hi, currency) for lo, hi in zip(low_all[mask], high_all[mask])]
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
                textposition="auto",
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
                    marker=dict(
                        color=colour,
                        opacity=0.5,
                        pattern=dict(shape="/", fgcolor=colour),
                        line=dict(width=1.5, color=colour),
                    ),
                    text=[t for t, r in zip(texts, has_range) if r],
                    textposition="outside",
                    cliponaxis=False,
                    hovertext=[h for h, r in zip(hovers, has_range) if r],
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
    if len(others):
        label = ngettext("Others ({count} item)", "Others ({count} items)", len(others)).format(count=len(others))
        traces.append(
            dict(
                type="bar",
                orientation="h",
                name=_("Others"),
                y=[label],
                x=[others_high / scale.divisor],
                marker=dict(color=OTHER_COLOUR),
                text=[formatting.format_money_range(others_low, others_high, currency, locale=locale)],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"{label}<extra></extra>",
            )
        )
        labels.append(label)
    xaxis = _value_axis(
        list(low_all / scale.divisor)
        + list(high_all / scale.divisor)
        + ([others_high / scale.divisor] if len(others) else []),
        scale=scale,
        locale=locale,
        log=log,
        headroom=0.22,
    )
    # Each name stands on its own line above its bar, not beside it: on a phone, names beside
    # the bars took 70 % of the width; above them, every bar gets the full width at any size.
    names = [
        dict(
            x=0,
            xref="paper",
            y=label,
            yref="y",
            text=label,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            yshift=ROW_PX * (1 - BAR_GAP) / 2,
            font=dict(size=12, color="#444"),
        )
        for label in labels
    ]
    return _figure(
        traces,
        _layout(
            locale=locale,
            height=max(260, 130 + ROW_PX * len(labels)),
            xaxis=dict(
                title=dict(text=axis_title(currency, scale, view, _)),
                **xaxis,
                gridcolor="rgba(128,128,128,0.25)",
                automargin=True,
            ),
            yaxis=dict(
                categoryorder="array",
                categoryarray=list(reversed(labels)),
                showticklabels=False,
                title=dict(text=""),
                fixedrange=True,
            ),
            barmode="overlay",
            bargap=BAR_GAP,
            annotations=names,
            # Room on the right for the axis title, which is centred under a narrow plot on a phone;
            # at the bottom for the legend (two rows on a phone).
            margin=dict(r=40, t=24, b=90),
        ),
    )


def short_label(label: str, limit: int = MAX_LABEL) -> str:
    """``label`` cut at a word boundary to at most ``limit`` characters, with an ellipsis.

    >>> short_label("Microsoft: Investitionen GJ 2025 (KI-Rechenzentren)")
    'Microsoft: Investitionen GJ 2025…'
    >>> short_label("Stargate Project")
    'Stargate Project'
    """
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,:;(-–") + "…"


def _head_and_tail(label: str, limit: int) -> str:
    """``label`` cut in the middle at word boundaries, keeping its end."""
    tail = label[len(label) - (limit - 1) * 2 // 5 :]
    if label[len(label) - len(tail) - 1] != " " and " " in tail:
        tail = tail[tail.index(" ") + 1 :]
    head = label[: len(label) - len(tail)].rstrip()
    head = short_label(head, limit - 1 - len(tail)).rstrip("…").rstrip(" ,:;(-–")
    return f"{head}…{tail}"


def distinct_labels(names: Sequence[str], shorts: Sequence[str], limit: int = MAX_LABEL) -> list[str]:
    """Chart labels: the data's short name where it has one, else the name cut to ``limit``.

    Names whose cut forms collide are cut in the middle instead, so what tells them apart
    (usually the end: a year, "actual", "guidance") stays visible.

    >>> distinct_labels(["Meta: Investitionen 2025 (Prognose vom Januar)", "Meta: Investitionen 2025 (Ist-Zahl)"],
    ...                 ["", ""], 28)
    ['Meta: Investitionen…Januar)', 'Meta: Investitio…(Ist-Zahl)']
    >>> distinct_labels(["Stargate Project", "Meta capex 2026"], ["", "Meta 2026"])
    ['Stargate Project', 'Meta 2026']
    """
    out = [short or short_label(name, limit) for name, short in zip(names, shorts)]
    seen: dict[str, set[str]] = {}
    for name, label in zip(names, out):
        seen.setdefault(label, set()).add(name)
    return [
        _head_and_tail(name, limit) if not short and len(seen[label]) > 1 and len(name) > limit else label
        for name, short, label in zip(names, shorts, out)
    ]


def short_names(frame: pd.DataFrame, locale: str) -> dict[str, str]:
    """Row id -> the data's short name in the UI language (``short_name_de`` in German, where
    set; the English short name is not used for German, which derives from ``name_de``)."""
    column = "short_name_de" if formatting.language_of(locale) == "de" else "short_name"
    if column not in frame.columns:
        return {}
    values = frame[column].fillna("").to_numpy(dtype=object)
    present = np.flatnonzero(values != "")
    return dict(zip(ledger.values_at(frame["id"], present), values[present]))


def _dedupe_labels(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


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
    that overlap each other (together larger than their item) cannot all be drawn as parts of a
    whole: the smallest are drawn while they fit and the ids of the others are returned, so the
    caller can say so next to the chart.
    """
    _ = gettext or _identity
    ngettext = ngettext or _english_plural
    low_col, high_col = value_columns(view)
    low = frame[low_col].to_numpy(dtype=float)
    high = frame[high_col].to_numpy(dtype=float)
    has_value = ~np.isnan(high)
    counted = np.flatnonzero(frame["counts_in_total"].to_numpy(dtype=bool) & has_value)
    if not len(counted):
        return _empty(_("No items match the current filters."), locale=locale), []
    scale = axes.unit_scale(float(high[counted].max()), locale=locale)
    mid = (low + high) / 2 / scale.divisor

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
    region_sums = pd.Series(counted_mid).groupby(region_codes, sort=True).sum()
    type_sums = pd.Series(counted_mid).groupby(group, sort=True).sum()
    # Largest first within each region and actor type (ties: the first row).
    order = np.lexsort((-counted_mid, group))
    ranked_group = group[order]
    position = np.arange(len(order))
    first_of_group = np.maximum.accumulate(np.where(np.r_[True, ranked_group[1:] != ranked_group[:-1]], position, 0))
    is_drawn = position - first_of_group < TREEMAP_ITEMS
    rest_group = ranked_group[~is_drawn]
    rest_sums = pd.Series(counted_mid[order][~is_drawn]).groupby(rest_group, sort=True).sum()
    rest_sizes = np.bincount(rest_group, minlength=len(region_names) * len(type_names))
    rest_by_group = {int(g): (total, rest_sizes[g]) for g, total in rest_sums.items()}

    drawn = counted[order[is_drawn]]
    wanted = _present(frame, DRILLDOWN_COLUMNS, hover_columns(view))
    drawn_by_group: dict[int, list[dict]] = {}
    for item, item_group, item_mid in zip(_records_at(frame, wanted, drawn), ranked_group[is_drawn], mid[drawn]):
        item["_mid"] = item_mid
        drawn_by_group.setdefault(int(item_group), []).append(item)
    drawn_items = {item["item_id"] for items in drawn_by_group.values() for item in items}
    # The parts of the drawn items, smallest first; only the first few of each are read whole.
    parts = np.flatnonzero(
        (frame["role"] == "component").to_numpy(dtype=bool) & has_value & ledger.is_in(frame["parent_id"], drawn_items)
    )
    part_keys = sorted(
        zip(ledger.values_at(frame["parent_id"], parts), mid[parts], ledger.values_at(frame["id"], parts), parts)
    )
    first_parts = [
        key
        for i, key in enumerate(part_keys)
        if i < COMPONENTS_PER_ITEM or part_keys[i - COMPONENTS_PER_ITEM][0] != key[0]
    ]
    parts_by_item: dict[str, list[dict]] = {}
    for part, (_parent, part_mid, _id, _position) in zip(
        _records_at(frame, wanted, np.array([key[3] for key in first_parts], dtype=np.int64)), first_parts
    ):
        part["_mid"] = part_mid
        parts_by_item.setdefault(part["parent_id"], []).append(part)

    hovers = _Hovers(currency=currency, locale=locale, _=_, view=view)
    ids, labels, parents, values, texts, colours, amounts = [], [], [], [], [], [], []
    left_out: list[str] = []

    def add(node_id, label, parent, value, hover, colour):
        ids.append(node_id)
        labels.append(label)
        parents.append(parent)
        values.append(value)
        texts.append(hover)
        colours.append(colour)
        amounts.append(formatting.format_money(value * scale.divisor, currency, locale=locale))

    types_in_region: dict[int, list[tuple[int, float]]] = {}
    for g, type_total in type_sums.items():
        types_in_region.setdefault(int(g) // len(type_names), []).append((int(g), type_total))
    for region_code, region_total in region_sums.items():
        region = region_names[region_code]
        colour = REGION_COLOURS.get(region, OTHER_COLOUR)
        region_name = region_label(region, _)
        add(
            f"r/{region}",
            region_name,
            "",
            float(region_total),
            f"<b>{region_name}</b><br>"
            + formatting.format_money(region_total * scale.divisor, currency, locale=locale),
            colour,
        )
        for g, type_total in types_in_region[int(region_code)]:
            actor_type = type_names[g % len(type_names)]
            type_id = f"r/{region}/{actor_type}"
            type_name = actor_type_label(actor_type, _)
            add(
                type_id,
                type_name,
                f"r/{region}",
                float(type_total),
                f"<b>{region_name} · {type_name}</b><br>"
                + formatting.format_money(type_total * scale.divisor, currency, locale=locale),
                colour,
            )
            if g in rest_by_group:
                rest_value, rest_count = rest_by_group[g]
                label = ngettext("Others ({count} item)", "Others ({count} items)", int(rest_count)).format(
                    count=int(rest_count)
                )
                add(
                    f"{type_id}/others",
                    label,
                    type_id,
                    float(rest_value),
                    label + "<br>" + formatting.format_money(rest_value * scale.divisor, currency, locale=locale),
                    OTHER_COLOUR,
                )
            for item in drawn_by_group.get(g, []):
                item_value = float(item["_mid"])
                item_node = f"{type_id}/{item['item_id']}"
                add(item_node, item_label(item, locale), type_id, item_value, hovers.text(item), colour)
                used = 0.0
                for part in parts_by_item.get(item["item_id"], [])[:COMPONENTS_PER_ITEM]:
                    if used + part["_mid"] <= item_value * (1 + 1e-9):
                        used += part["_mid"]
                        add(
                            f"{item_node}/{part['id']}",
                            row_label(part, locale),
                            item_node,
                            float(part["_mid"]),
                            hovers.text(part),
                            colour,
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
                        _("Part of {item} not itemised in the data").format(item=_escape(item_label(item, locale))),
                        colour,
                    )
    treemap = dict(
        # Names wrap over lines of ~18 characters, so they fit the narrow boxes of a treemap.
        type="treemap",
        ids=ids,
        labels=["<br>".join(textwrap.wrap(_escape(lab), 18)) or " " for lab in labels],
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
        maxdepth=3,
        pathbar=dict(visible=True, thickness=22, textfont=dict(size=13)),
    )
    uniform: dict[str, Any] = dict(uniformtext=dict(minsize=10, mode="hide"))
    return _figure([treemap], _layout(locale=locale, height=480, margin=dict(l=5, r=5, t=5, b=5), **uniform)), left_out


def announced_timestamp(announced: str) -> pd.Timestamp | None:
    """The first day of an ``announced`` string's period (a month or year starts on day 1).

    >>> announced_timestamp("2025-07"), announced_timestamp("2023")
    (Timestamp('2025-07-01 00:00:00'), Timestamp('2023-01-01 00:00:00'))
    """
    key = ledger.date_sort_key(announced)
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
    _ = gettext or _identity
    positions = _timeline_positions(frame)
    if len(positions) > TIMELINE_POINTS:
        # The largest, chosen on the one column that decides (ties: the first row wins).
        high = pd.Series(frame["value_high"].to_numpy(dtype=float)[positions], index=positions)
        positions = high.nlargest(TIMELINE_POINTS).index.to_numpy()
    if not len(positions):
        return _empty(_("No items match the current filters."), locale=locale)
    records = _records_at(frame, _present(frame, ("region", "status"), hover_columns()), positions)
    when = np.array([announced_timestamp(r["announced"]) for r in records], dtype=object)
    low_all = frame["value_low"].to_numpy(dtype=float)[positions]
    high_all = frame["value_high"].to_numpy(dtype=float)[positions]
    scale = axes.unit_scale(float(high_all.max()), locale=locale)
    regions = np.array([r["region"] for r in records], dtype=object)
    statuses = np.array([r["status"] for r in records], dtype=object)
    hovers = _Hovers(currency=currency, locale=locale, _=_, view="total")
    traces: list[dict] = []
    # One trace per region (colour, in the legend); the marker shape says the status (caption).
    present = set(regions)
    for region in [r for r in REGION_COLOURS if r in present]:
        mask = regions == region
        mid = (low_all[mask] + high_all[mask]) / 2 / scale.divisor
        traces.append(
            dict(
                type="scatter",
                x=list(when[mask]),
                y=mid,
                mode="markers",
                name=region_label(region, _),
                legendgroup=region,
                marker=dict(
                    symbol=[STATUS_SYMBOLS.get(s, "circle") for s in statuses[mask]],
                    size=11,
                    color=REGION_COLOURS[region],
                    line=dict(width=2, color=REGION_COLOURS[region]),
                ),
                hovertext=[hovers.text(r) for r, m in zip(records, mask) if m],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    yaxis = _value_axis(
        list(high_all / scale.divisor) + list(low_all / scale.divisor), scale=scale, locale=locale, log=log
    )
    return _figure(
        traces,
        _layout(
            locale=locale,
            height=480,
            yaxis=dict(
                title=dict(text=axis_title(currency, scale, "total", _)), **yaxis, gridcolor="rgba(128,128,128,0.25)"
            ),
            xaxis=dict(
                title=dict(text=_("Announcement date")), gridcolor="rgba(128,128,128,0.25)", **date_axis_format(locale)
            ),
        ),
    )


def cumulative(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
) -> go.Figure:
    """Running de-duplicated total per region over the items' first announcement dates."""
    _ = gettext or _identity
    name_col = "item_name" if formatting.language_of(locale) != "de" else "item_name_de"
    keep = frame["counts_in_total"].to_numpy(dtype=bool) & frame["value_high"].notna().to_numpy(dtype=bool)
    rows = _columns(frame, ("region", "value_low", "value_high", "id", "item_key", "item_announced", name_col))[keep]
    keys = rows["item_key"].to_numpy() if "item_key" in rows.columns else ledger.date_keys(rows["item_announced"])
    rows = rows[keys > 0].assign(_month=keys[keys > 0] // 100)
    if rows.empty:
        return _empty(_("No items match the current filters."), locale=locale)
    # One step per region and month, whatever the number of items: the chart stays small.
    monthly = rows.groupby(["region", "_month"], sort=True).agg(
        low=("value_low", "sum"), high=("value_high", "sum"), items=("id", "size"), first=(name_col, "first")
    )
    by_region = rows.groupby("region")["value_high"].sum()
    scale = axes.unit_scale(float(by_region.max()), locale=locale)
    traces: list[dict] = []
    present = set(rows["region"].unique())
    for region in [r for r in REGION_COLOURS if r in present]:
        part = monthly.loc[region]
        when = [pd.Timestamp(int(m) // 100, max(int(m) % 100, 1), 1) for m in part.index]
        low = part["low"].cumsum() / scale.divisor
        high = part["high"].cumsum() / scale.divisor
        hovers = []
        name = region_label(region, _)
        for lo, hi, items, first in zip(
            low.to_numpy(), high.to_numpy(), part["items"].to_numpy(), part["first"].to_numpy(dtype=object)
        ):
            total = formatting.format_money_range(lo * scale.divisor, hi * scale.divisor, currency, locale=locale)
            if items == 1:
                hovers.append(
                    _("{region}: {total} once {item} is added").format(region=name, total=total, item=_escape(first))
                )
            else:
                hovers.append(
                    _("{region}: {total} once {count} items of this month are added").format(
                        region=name, total=total, count=int(items)
                    )
                )
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
    return _over_time(
        traces,
        [v / scale.divisor for v in by_region],
        scale=scale,
        currency=currency,
        locale=locale,
        _=_,
        x_title=_("First announced"),
        height=400,
    )


def change_label(before: float, after: float, currency: str, locale: str, divisor: float = 1e9) -> str:
    """A change between two figures (in display units of ``divisor``): absolute and in per cent.

    >>> change_label(77.7, 85.6, "EUR", "en_US"), change_label(72.0, 72.0, "USD", "de_DE")
    ('+€7.9B (+10.2%)', '±0')
    """
    if math.isnan(before) or math.isnan(after):
        return ""
    delta = after - before
    if abs(delta) < 0.0005 * max(abs(before), 1e-12):
        return "±0"
    sign = "+" if delta > 0 else "−"
    money = formatting.format_money(abs(delta) * divisor, currency, locale=locale)
    percent = formatting.format_percent(abs(delta) / before, locale=locale) if before else ""
    return f"{sign}{money} ({sign}{percent})" if percent else f"{sign}{money}"


def _over_time(
    traces: list[dict],
    values: Sequence[float],
    *,
    scale: axes.Scale,
    currency: str,
    locale: str,
    _: Gettext,
    x_title: str,
    height: int,
    **props: Any,
) -> go.Figure:
    """A money-over-dates figure: linear money axis from zero, dates on the x axis."""
    yaxis = _value_axis(values, scale=scale, locale=locale, log=False)
    grid = "rgba(128,128,128,0.25)"
    return _figure(
        traces,
        _layout(
            locale=locale,
            height=height,
            yaxis=dict(
                title=dict(text=axis_title(currency, scale, "total", _)), **yaxis, rangemode="tozero", gridcolor=grid
            ),
            xaxis=dict(title=dict(text=x_title), gridcolor=grid, **date_axis_format(locale)),
            **props,
        ),
    )


def revised_capex_ids(frame: pd.DataFrame) -> list[str]:
    """Company capex headlines that have at least one revision (the guidance chart's lines)."""
    role = frame["role"]
    revised = set(frame["parent_id"][role == "revision"].to_numpy(dtype=object))
    capex = frame["id"][(role == "headline") & (frame["scope"] == "capex-total")].to_numpy(dtype=object)
    return [h for h in capex if h in revised]


def guidance(
    frame: pd.DataFrame,
    headline_ids: Sequence[str],
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
) -> go.Figure:
    """How each company's capex guidance moved: first guidance, revisions, reported actual."""
    _ = gettext or _identity
    # Follow the largest companies only, chosen (on the few columns that decide) before any
    # per-company work is done.
    is_head = ledger.is_in(frame["id"], headline_ids)
    keep = (
        (is_head | ledger.is_in(frame["parent_id"], headline_ids))
        & frame["value_high"].notna().to_numpy(dtype=bool)
        & ((frame["role"] == "revision").to_numpy(dtype=bool) | is_head)
    )
    family = np.flatnonzero(keep)
    ids, parents = ledger.values_at(frame["id"], family), ledger.values_at(frame["parent_id"], family)
    # Each company's largest figure; the largest companies first (ties: in the order of their ids).
    heads, names = pd.factorize(
        np.array([parent if parent != "" else row_id for parent, row_id in zip(parents, ids)], dtype=object), sort=True
    )
    largest = np.full(len(names), -np.inf)
    np.maximum.at(largest, heads, frame["value_high"].to_numpy(dtype=float)[family])
    chosen = [names[i] for i in np.lexsort((np.arange(len(names)), -largest))[:GUIDANCE_LINES]]
    wanted = set(chosen)
    members = family[[row_id in wanted or parent in wanted for row_id, parent in zip(ids, parents)]]
    records = _records_at(
        frame,
        _present(frame, ("id", "parent_id", "role", "value_low", "value_high", "announced", "status"), hover_columns()),
        members,
    )
    histories = []
    for head in chosen:
        rows = [r for r in records if ledger.is_revision_of(r, head)]
        if rows:
            histories.append([rows[i] for i in ledger.history_order([(r["id"], r["announced"]) for r in rows], head)])
    if not histories:
        return _empty(_("No capex guidance in the current selection."), locale=locale)
    scale = axes.unit_scale(float(max(max(r["value_high"] for r in h) for h in histories)), locale=locale)
    hovers = _Hovers(currency=currency, locale=locale, _=_, view="total")
    traces: list[dict] = []
    short = short_names(frame, locale)
    for colour, dash, hist in zip(COMPANY_COLOURS, COMPANY_DASHES, histories):
        when = [announced_timestamp(r["announced"]) for r in hist]
        low = np.array([r["value_low"] for r in hist], dtype=float) / scale.divisor
        high = np.array([r["value_high"] for r in hist], dtype=float) / scale.divisor
        mid = (low + high) / 2
        symbols = ["diamond" if r["status"] == "spent" else "circle" for r in hist]
        changes = [""] + [
            change_label(before, after, currency, locale, scale.divisor) for before, after in zip(mid, mid[1:])
        ]
        traces.append(
            dict(
                type="scatter",
                x=when,
                y=mid,
                mode="lines+markers+text",
                # Each change on the point it leads to, in the display currency and in per cent.
                text=changes,
                textposition="top center",
                textfont=dict(size=11, color=colour),
                cliponaxis=False,
                name=_escape(short.get(hist[0]["id"]) or short_label(item_label(hist[0], locale), 28)),
                line=dict(color=colour, width=2, dash=dash),
                marker=dict(size=10, symbol=symbols, color=colour),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=high - mid,
                    arrayminus=mid - low,
                    visible=bool((high > low).any()),
                    color=colour,
                    thickness=1.5,
                    width=4,
                ),
                hovertext=[hovers.text(r) for r in hist],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    all_values = [
        v
        for h in histories
        for v in [r["value_high"] / scale.divisor for r in h] + [r["value_low"] / scale.divisor for r in h]
    ]
    # Company names are longer than region names: let each legend entry take its own width.
    return _over_time(
        traces,
        all_values,
        scale=scale,
        currency=currency,
        locale=locale,
        _=_,
        x_title=_("Date of guidance or report"),
        height=420,
        legend=dict(entrywidth=0, entrywidthmode="pixels"),
    )
