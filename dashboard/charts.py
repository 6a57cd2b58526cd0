"""Pure figure builders: a normalised DataFrame plus keyword options in, a ``go.Figure`` out.

Every builder takes the frame produced by ``ledger.normalise`` (and filtered by the caller), the
target ``currency``, the Babel ``locale`` and a ``gettext`` function, and returns a figure whose
axis titles name the currency and view, whose separators follow the locale, and whose hovers
show the name, the original amount, the converted amount, the rate and its date, the status,
the confidence and the source's site. Values are plotted in display units (bn, m, tn) chosen
by ``formatting.unit_scale`` so that ticks never carry an SI suffix such as "G".

Must not: import Streamlit, read files, or change the numbers it is given (no rounding; ranges
are drawn as error bars around the central figure, never collapsed silently).
"""

from __future__ import annotations

import math
from typing import Callable, Sequence
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting, ledger

Gettext = Callable[[str], str]

#: Okabe–Ito colours (colour-blind safe), one per region, used by every chart.
REGION_COLOURS = {
    "Europe": "#0072B2",
    "North America": "#D55E00",
    "Asia": "#009E73",
    "Middle East": "#E69F00",
    "Global": "#CC79A7",
}
OTHER_COLOUR = "#999999"
STATUS_SYMBOLS = {"announced": "circle-open", "committed": "circle", "spent": "diamond", "cancelled": "x"}
FONT = "Source Sans Pro, Arial, sans-serif"
#: How many items a ranking draws before it folds the rest into one "others" bar.
TOP_N = 25
#: Longest axis or legend label; longer names are cut with an ellipsis (the hover has them whole)
#: so that the bars keep their room on a phone.
MAX_LABEL = 34
#: Most points a timeline draws (the largest announcements); the caller says how many exist.
TIMELINE_POINTS = 400
#: Most items per actor type a treemap draws before it folds the rest into "others".
TREEMAP_ITEMS = 10
#: Most parts drawn inside one treemap item (the smallest first, as long as they fit).
COMPONENTS_PER_ITEM = 5
#: Most companies a guidance chart follows (the largest).
GUIDANCE_LINES = 6


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts, fast (``DataFrame.to_dict`` goes row by row through pandas)."""
    columns = list(frame.columns)
    arrays = [frame[c].to_numpy(dtype=object) for c in columns]
    return [dict(zip(columns, values)) for values in zip(*arrays)]


def _identity(text: str) -> str:
    return text


def region_label(region: str, _: Gettext) -> str:
    names = {
        "Europe": _("Europe"),
        "North America": _("North America"),
        "Asia": _("Asia"),
        "Middle East": _("Middle East"),
        "Global": _("Global"),
    }
    return names.get(region, region)


def status_label(status: str, _: Gettext) -> str:
    names = {"announced": _("announced"), "committed": _("committed"), "spent": _("spent"),
             "cancelled": _("cancelled")}
    return names.get(status, status)


def confidence_label(confidence: str, _: Gettext) -> str:
    return {"high": _("high"), "medium": _("medium"), "low": _("low")}.get(confidence, confidence)


def actor_type_label(actor_type: str, _: Gettext) -> str:
    names = {"public": _("public"), "private": _("private"), "public-private": _("public-private"),
             "corporate": _("corporate")}
    return names.get(actor_type, actor_type)


def item_label(row: pd.Series, locale: str) -> str:
    """The item's name in the UI language (German falls back to English where empty)."""
    if formatting.language_of(locale) == "de":
        return str(row.get("item_name_de") or row.get("item_name") or row["name"])
    return str(row.get("item_name") or row["name"])


def row_label(row: pd.Series, locale: str) -> str:
    if formatting.language_of(locale) == "de" and row.get("name_de"):
        return str(row["name_de"])
    return str(row["name"])


def source_site(url: str) -> str:
    """The host of a source URL, without ``www.``; empty for anything that is not http(s)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https"):
        return ""
    host = parts.hostname or ""
    return host[4:] if host.startswith("www.") else host


def value_columns(view: str) -> tuple[str, str]:
    return ("value_low", "value_high") if view == "total" else ("per_year_low", "per_year_high")


def axis_title(currency: str, scale: formatting.Scale, view: str, _: Gettext) -> str:
    template = _("Announced, {unit} {currency}") if view == "total" else _("Per year, {unit} {currency}")
    return template.format(unit=scale.unit, currency=currency)


def hover_text(row: pd.Series, *, currency: str, locale: str, _: Gettext, view: str = "total") -> str:
    """One hover box: what the figure is, where it came from and how it was converted."""
    low_col, high_col = value_columns(view)
    lines = [f"<b>{_escape(row_label(row, locale))}</b>"]
    if row.get("item_id") and row.get("item_id") != row["id"]:
        relation = _("latest figure for: {item}") if row["role"] == "revision" else _("part of: {item}")
        lines.append(relation.format(item=_escape(item_label(row, locale))))
    original = formatting.format_money_range(row["amount_low"], row["amount_high"], row["currency"], locale=locale)
    lines.append(_("Announced: {amount}").format(amount=original))
    converted = formatting.format_money_range(row[low_col], row[high_col], currency, locale=locale)
    label = _("Converted: {amount}") if view == "total" else _("Per year: {amount}")
    lines.append(label.format(amount=converted))
    if view != "total" and not math.isnan(row.get("period_years", math.nan)):
        lines.append(_("over {years} years ({period})").format(
            years=formatting.format_number(row["period_years"], locale=locale,
                                           digits=0 if float(row["period_years"]).is_integer() else 1),
            period=formatting.format_period(row["period_start"], row["period_end"], locale=locale)))
    if row["currency"] != currency and not pd.isna(row.get("fx_rate")):
        lines.append(_("Rate: 1 {source} = {rate} {target} ({date})").format(
            source=row["currency"], rate=formatting.format_rate(row["fx_rate"], locale=locale),
            target=currency, date=formatting.format_announced(row["fx_date"], locale=locale)))
    lines.append(_("Status: {status} · confidence: {confidence}").format(
        status=status_label(row["status"], _), confidence=confidence_label(row["confidence"], _)))
    lines.append(_("Announced on: {date}").format(date=formatting.format_announced(row["announced"], locale=locale)))
    site = source_site(row.get("source_url", ""))
    if site:
        lines.append(_("Source: {site}").format(site=site))
    return "<br>".join(lines)


def _escape(text: str) -> str:
    # Plotly renders a small HTML subset in hover and tick text: data text must stay text.
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def date_axis_format(locale: str) -> dict:
    """Plotly date ticks in the locale's order (Plotly's bundle has English month names only)."""
    if formatting.language_of(locale) == "de":
        return {"tickformat": "%m.%Y", "hoverformat": "%d.%m.%Y"}
    return {"tickformat": "%b %Y", "hoverformat": "%d %b %Y"}


def _base_layout(fig: go.Figure, *, locale: str, height: int, title: str | None = None) -> go.Figure:
    fig.update_layout(
        separators=formatting.plotly_separators(locale),
        font=dict(family=FONT, size=13),
        height=height,
        margin=dict(l=10, r=20, t=50 if title else 20, b=10),
        title=dict(text=title, x=0, xanchor="left") if title else None,
        hoverlabel=dict(align="left"),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, title_text="",
                    entrywidth=120, entrywidthmode="pixels"),
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def _empty(message: str, *, locale: str, height: int = 220) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=15))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _base_layout(fig, locale=locale, height=height)


def _value_axis(values: Sequence[float], *, scale: formatting.Scale, locale: str, log: bool,
                headroom: float = 0.05) -> dict:
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
        props = formatting.axis_ticks(lo, vmax, locale=locale, log=True)
        span = math.log10(vmax) - math.log10(lo)
        props["range"] = [math.log10(lo) - 0.02 * span, math.log10(vmax) + max(headroom, 0.05) * max(span, 1)]
    else:
        props = formatting.axis_ticks(vmin, vmax, locale=locale, log=False)
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
    low_col, high_col = value_columns(view)
    rows = frame[frame["counts_in_total"] & frame[high_col].notna()] if order is None else frame[frame[high_col].notna()]
    if order is not None:
        position = {item: i for i, item in enumerate(order)}
        rows = rows.assign(_pos=rows["id"].map(position)).sort_values("_pos")
    else:
        # Rank only the leaders (ties at the cut included, then cut again after the id tie-break).
        everything = rows
        leaders = everything.nlargest(top, high_col, keep="all")
        rows = leaders.sort_values([high_col, "id"], ascending=[False, True]).iloc[:top]
    if rows.empty:
        return _empty(_("No items match the current filters."), locale=locale)
    # Everything not drawn is folded into "others"; only its two sums are needed.
    if order is None:
        others = everything[[low_col, high_col]].drop(rows.index)
    else:
        others = rows[[low_col, high_col]].iloc[top:]
    rows = rows.iloc[:top]
    scale = formatting.unit_scale(float(max(rows[high_col].max(), others[high_col].sum() if len(others) else 0)),
                                  locale=locale)
    records = rows.pipe(_records)
    labels = [item_label(r, locale) if order is None else row_label(r, locale) for r in records]
    labels = _dedupe_labels([_escape(short_label(label, label_limit)) for label in labels])
    fig = go.Figure()
    for region in list(REGION_COLOURS) + sorted(set(rows["region"]) - set(REGION_COLOURS)):
        mask = (rows["region"] == region).to_numpy()
        if not mask.any():
            continue
        part = rows[mask]
        low = part[low_col].to_numpy(dtype=float) / scale.divisor
        high = part[high_col].to_numpy(dtype=float) / scale.divisor
        colour = REGION_COLOURS.get(region, OTHER_COLOUR)
        y = [lab for lab, m in zip(labels, mask) if m]
        hovers = [hover_text(r, currency=currency, locale=locale, _=_, view=view)
                  for r, m in zip(records, mask) if m]
        texts = [formatting.format_money_range(lo, hi, currency, locale=locale)
                 for lo, hi in zip(part[low_col], part[high_col])]
        has_range = high > low
        # The solid bar reaches the low figure; a lighter segment spans the range up to the
        # high figure, so an uncertain item never looks more certain than its sources.
        fig.add_trace(go.Bar(
            orientation="h", name=region_label(region, _), legendgroup=region, y=y, x=low,
            marker=dict(color=colour, line=dict(width=0)),
            text=[None if r else t for r, t in zip(has_range, texts)], textposition="outside", cliponaxis=False,
            hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
        ))
        if has_range.any():
            fig.add_trace(go.Bar(
                orientation="h", name=region_label(region, _) + " " + _("(range)"), legendgroup=region,
                showlegend=False, y=[lab for lab, r in zip(y, has_range) if r], x=(high - low)[has_range],
                base=low[has_range], marker=dict(color=colour, opacity=0.5, pattern=dict(shape="/", fgcolor=colour),
                                                 line=dict(width=1.5, color=colour)),
                text=[t for t, r in zip(texts, has_range) if r], textposition="outside", cliponaxis=False,
                hovertext=[h for h, r in zip(hovers, has_range) if r], hovertemplate="%{hovertext}<extra></extra>",
            ))
    if len(others):
        low = others[low_col].sum() / scale.divisor
        high = others[high_col].sum() / scale.divisor
        label = _("Others ({count} items)").format(count=len(others))
        fig.add_trace(go.Bar(
            orientation="h", name=_("Others"), y=[label], x=[high], marker_color=OTHER_COLOUR,
            text=[formatting.format_money_range(others[low_col].sum(), others[high_col].sum(), currency, locale=locale)],
            textposition="outside", cliponaxis=False,
            hovertemplate=f"{label}<extra></extra>",
        ))
        labels.append(label)
    xaxis = _value_axis(list(rows[low_col] / scale.divisor) + list(rows[high_col] / scale.divisor)
                        + ([others[high_col].sum() / scale.divisor] if len(others) else []),
                        scale=scale, locale=locale, log=log, headroom=0.22)
    fig.update_xaxes(title_text=axis_title(currency, scale, view, _), **xaxis, gridcolor="rgba(128,128,128,0.25)",
                     automargin=True)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)), automargin=True,
                     title_text="")
    fig.update_layout(barmode="overlay", bargap=0.25)
    return _base_layout(fig, locale=locale, height=max(260, 90 + 30 * len(labels)))


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
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,:;(-–") + "…"


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
    view: str = "total",
) -> tuple[go.Figure, list[str]]:
    """Treemap region → actor type → item → components, sized by the central figure.

    Components are nested inside their item with the rest shown as "not itemised". Components
    that overlap each other (together larger than their item) cannot all be drawn as parts of a
    whole: the smallest are drawn while they fit and the ids of the others are returned, so the
    caller can say so next to the chart.
    """
    _ = gettext or _identity
    low_col, high_col = value_columns(view)
    counted = frame[frame["counts_in_total"] & frame[high_col].notna()]
    if counted.empty:
        return _empty(_("No items match the current filters."), locale=locale), []
    scale = formatting.unit_scale(float(counted[high_col].max()), locale=locale)
    ids, labels, parents, values, hovers, colours = [], [], [], [], [], []
    left_out: list[str] = []

    def add(node_id, label, parent, value, hover, colour):
        ids.append(node_id)
        labels.append(label)
        parents.append(parent)
        values.append(value)
        hovers.append(hover)
        colours.append(colour)

    # One vectorised pass decides what is drawn; the loops below only walk the few drawn nodes.
    counted = counted.assign(_mid=(counted[low_col] + counted[high_col]) / 2 / scale.divisor)
    region_sums = counted.groupby("region", sort=True)["_mid"].sum()
    type_sums = counted.groupby(["region", "actor_type"], sort=True)["_mid"].sum()
    ranked = counted.sort_values(["region", "actor_type", "_mid"], ascending=[True, True, False], kind="stable")
    is_drawn = (ranked.groupby(["region", "actor_type"], sort=False).cumcount() < TREEMAP_ITEMS).to_numpy()
    drawn = ranked[is_drawn]
    rest = ranked[~is_drawn].groupby(["region", "actor_type"], sort=True)["_mid"].agg(["sum", "size"])
    drawn_by_type: dict[tuple[str, str], list[dict]] = {}
    for item in _records(drawn):
        drawn_by_type.setdefault((item["region"], item["actor_type"]), []).append(item)
    components = frame[(frame["role"] == "component") & frame[high_col].notna()
                       & frame["parent_id"].isin(set(drawn["item_id"]))]
    components = components.assign(_mid=(components[low_col] + components[high_col]) / 2 / scale.divisor)
    components = components.sort_values(["parent_id", "_mid", "id"], kind="stable")
    parts_by_item: dict[str, list[dict]] = {}
    for part in _records(components):
        parts_by_item.setdefault(part["parent_id"], []).append(part)

    for region, region_total in region_sums.items():
        colour = REGION_COLOURS.get(region, OTHER_COLOUR)
        region_name = region_label(region, _)
        add(f"r/{region}", region_name, "", float(region_total),
            f"<b>{region_name}</b><br>" + formatting.format_money(region_total * scale.divisor, currency, locale=locale),
            colour)
        for (_region, actor_type), type_total in type_sums.loc[[region]].items():
            type_id = f"r/{region}/{actor_type}"
            type_name = actor_type_label(actor_type, _)
            add(type_id, type_name, f"r/{region}", float(type_total),
                f"<b>{region_name} · {type_name}</b><br>"
                + formatting.format_money(type_total * scale.divisor, currency, locale=locale), colour)
            if (region, actor_type) in rest.index:
                rest_value, rest_count = rest.loc[(region, actor_type)]
                label = _("Others ({count} items)").format(count=int(rest_count))
                add(f"{type_id}/others", label, type_id, float(rest_value),
                    label + "<br>" + formatting.format_money(rest_value * scale.divisor, currency, locale=locale),
                    OTHER_COLOUR)
            for item in drawn_by_type.get((region, actor_type), []):
                item_value = float(item["_mid"])
                item_node = f"{type_id}/{item['item_id']}"
                add(item_node, item_label(item, locale), type_id, item_value,
                    hover_text(item, currency=currency, locale=locale, _=_, view=view), colour)
                used = 0.0
                for part in parts_by_item.get(item["item_id"], [])[:COMPONENTS_PER_ITEM]:
                    if used + part["_mid"] <= item_value * (1 + 1e-9):
                        used += part["_mid"]
                        add(f"{item_node}/{part['id']}", row_label(part, locale), item_node, float(part["_mid"]),
                            hover_text(part, currency=currency, locale=locale, _=_, view=view), colour)
                    else:
                        left_out.append(str(part["id"]))
                remainder = item_value - used
                if used and remainder > item_value * 1e-6:
                    add(f"{item_node}/rest", _("not itemised"), item_node, remainder,
                        _("Part of {item} not itemised in the data").format(item=_escape(item_label(item, locale))),
                        colour)
    fig = go.Figure(go.Treemap(
        ids=ids, labels=[_escape(lab) for lab in labels], parents=parents, values=values, branchvalues="total",
        marker=dict(colors=colours, line=dict(width=1, color="white")),
        hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
        texttemplate="%{label}", maxdepth=3, pathbar=dict(visible=True, thickness=20),
    ))
    fig = _base_layout(fig, locale=locale, height=480)
    fig.update_layout(margin=dict(l=5, r=5, t=5, b=5))
    return fig, left_out


def announced_timestamp(announced: str) -> pd.Timestamp | None:
    """The first day of an ``announced`` string's period (a month or year starts on day 1).

    >>> announced_timestamp("2025-07"), announced_timestamp("2023")
    (Timestamp('2025-07-01 00:00:00'), Timestamp('2023-01-01 00:00:00'))
    """
    key = ledger.date_sort_key(announced)
    if key[0] == 0:
        return None
    return pd.Timestamp(key[0], key[1] or 1, key[2] or 1)


def _timeline_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if "announced_key" in frame.columns:
        dated = frame["announced_key"] > 0
    else:
        dated = frame["announced"].astype(str).str.match(r"\d{4}").fillna(False)
    return frame[frame["value_high"].notna() & (frame["value_high"] > 0) & dated]


def timeline_count(frame: pd.DataFrame) -> tuple[int, int]:
    """(points drawn, announcements with money and a date) for the timeline of ``frame``."""
    total = len(_timeline_rows(frame))
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
    rows = _timeline_rows(frame)
    rows = rows.nlargest(TIMELINE_POINTS, "value_high") if len(rows) > TIMELINE_POINTS else rows.copy()
    rows["_when"] = [announced_timestamp(a) for a in rows["announced"]]
    if rows.empty:
        return _empty(_("No items match the current filters."), locale=locale)
    scale = formatting.unit_scale(float(rows["value_high"].max()), locale=locale)
    fig = go.Figure()
    # One trace per region (colour, in the legend); the marker shape says the status (caption).
    for region in [r for r in REGION_COLOURS if r in set(rows["region"])]:
        part = rows[rows["region"] == region]
        mid = (part["value_low"] + part["value_high"]) / 2 / scale.divisor
        fig.add_trace(go.Scatter(
            x=list(part["_when"]), y=mid.to_numpy(), mode="markers", name=region_label(region, _),
            legendgroup=region,
            marker=dict(symbol=[STATUS_SYMBOLS.get(s, "circle") for s in part["status"]], size=11,
                        color=REGION_COLOURS[region], line=dict(width=2, color=REGION_COLOURS[region])),
            hovertext=[hover_text(r, currency=currency, locale=locale, _=_) for r in part.pipe(_records)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    yaxis = _value_axis(list(rows["value_high"] / scale.divisor) + list(rows["value_low"] / scale.divisor),
                        scale=scale, locale=locale, log=log)
    fig.update_yaxes(title_text=axis_title(currency, scale, "total", _), **yaxis, gridcolor="rgba(128,128,128,0.25)")
    fig.update_xaxes(title_text=_("Announcement date"), gridcolor="rgba(128,128,128,0.25)", **date_axis_format(locale))
    return _base_layout(fig, locale=locale, height=480)


def cumulative(
    frame: pd.DataFrame,
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
) -> go.Figure:
    """Running de-duplicated total per region over the items' first announcement dates."""
    _ = gettext or _identity
    rows = frame[frame["counts_in_total"] & frame["value_high"].notna()]
    keys = rows["item_key"].to_numpy() if "item_key" in rows.columns else ledger.date_keys(rows["item_announced"])
    rows = rows[keys > 0].assign(_month=keys[keys > 0] // 100)
    if rows.empty:
        return _empty(_("No items match the current filters."), locale=locale)
    # One step per region and month, whatever the number of items: the chart stays small.
    monthly = rows.groupby(["region", "_month"], sort=True).agg(
        low=("value_low", "sum"), high=("value_high", "sum"), items=("id", "size"),
        first=("item_name" if formatting.language_of(locale) != "de" else "item_name_de", "first"))
    by_region = rows.groupby("region")["value_high"].sum()
    scale = formatting.unit_scale(float(by_region.max()), locale=locale)
    fig = go.Figure()
    present = set(rows["region"].unique())
    for region in [r for r in REGION_COLOURS if r in present]:
        part = monthly.loc[region]
        when = [pd.Timestamp(int(m) // 100, max(int(m) % 100, 1), 1) for m in part.index]
        low = part["low"].cumsum() / scale.divisor
        high = part["high"].cumsum() / scale.divisor
        hovers = []
        for (lo, hi), (_m, step) in zip(zip(low, high), part.iterrows()):
            total = formatting.format_money_range(lo * scale.divisor, hi * scale.divisor, currency, locale=locale)
            if step["items"] == 1:
                hovers.append(_("{region}: {total} once {item} is added").format(
                    region=region_label(region, _), total=total, item=_escape(step["first"])))
            else:
                hovers.append(_("{region}: {total} once {count} items of this month are added").format(
                    region=region_label(region, _), total=total, count=int(step["items"])))
        fig.add_trace(go.Scatter(
            x=when, y=((low + high) / 2).to_numpy(), mode="lines+markers", line_shape="hv",
            name=region_label(region, _), line=dict(color=REGION_COLOURS[region], width=2.5),
            hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
        ))
    yaxis = _value_axis([v / scale.divisor for v in by_region], scale=scale, locale=locale, log=False)
    fig.update_yaxes(title_text=axis_title(currency, scale, "total", _), **yaxis, rangemode="tozero",
                     gridcolor="rgba(128,128,128,0.25)")
    fig.update_xaxes(title_text=_("First announced"), gridcolor="rgba(128,128,128,0.25)", **date_axis_format(locale))
    return _base_layout(fig, locale=locale, height=400)


def revised_capex_ids(frame: pd.DataFrame) -> list[str]:
    """Company capex headlines that have at least one revision (the guidance chart's lines)."""
    revised = set(frame.loc[frame["role"] == "revision", "parent_id"])
    capex = frame[(frame["role"] == "headline") & (frame["scope"] == "capex-total")]
    return [h for h in capex["id"] if h in revised]


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
    palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
    # Follow the largest companies only, chosen before any per-company work is done.
    family = frame[frame["id"].isin(headline_ids) | frame["parent_id"].isin(headline_ids)]
    family = family[family["value_high"].notna() & ((family["role"] == "revision") | family["id"].isin(headline_ids))]
    biggest = family.assign(_head=family["parent_id"].where(family["parent_id"] != "", family["id"]))
    chosen = biggest.groupby("_head")["value_high"].max().nlargest(GUIDANCE_LINES).index
    histories = [ledger.revision_history(family, h) for h in chosen]
    histories = [h for h in histories if not h.empty]
    if not histories:
        return _empty(_("No capex guidance in the current selection."), locale=locale)
    scale = formatting.unit_scale(float(max(h["value_high"].max() for h in histories)), locale=locale)
    fig = go.Figure()
    for colour, hist in zip(palette * 3, histories):
        when = hist["announced"].map(announced_timestamp)
        low = hist["value_low"].to_numpy(dtype=float) / scale.divisor
        high = hist["value_high"].to_numpy(dtype=float) / scale.divisor
        mid = (low + high) / 2
        symbols = ["diamond" if s == "spent" else "circle" for s in hist["status"]]
        fig.add_trace(go.Scatter(
            x=list(when), y=mid, mode="lines+markers", name=short_label(item_label(hist.iloc[0], locale), 28),
            line=dict(color=colour, width=2), marker=dict(size=10, symbol=symbols, color=colour),
            error_y=dict(type="data", symmetric=False, array=high - mid, arrayminus=mid - low,
                         visible=bool((high > low).any()), color=colour, thickness=1.5, width=4),
            hovertext=[hover_text(r, currency=currency, locale=locale, _=_) for r in hist.pipe(_records)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    all_values = [v for h in histories for v in list(h["value_high"] / scale.divisor) + list(h["value_low"] / scale.divisor)]
    yaxis = _value_axis(all_values, scale=scale, locale=locale, log=False)
    fig.update_yaxes(title_text=axis_title(currency, scale, "total", _), **yaxis, rangemode="tozero",
                     gridcolor="rgba(128,128,128,0.25)")
    fig.update_xaxes(title_text=_("Date of guidance or report"), gridcolor="rgba(128,128,128,0.25)",
                     **date_axis_format(locale))
    fig = _base_layout(fig, locale=locale, height=420)
    # Company names are longer than region names: let each legend entry take its own width.
    fig.update_layout(legend=dict(entrywidth=0, entrywidthmode="pixels"))
    return fig
