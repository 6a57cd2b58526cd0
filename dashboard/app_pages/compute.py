"""Money and compute: what announced capacity costs, by project, and money against chips."""

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import charts, compute, dates, formatting, labels
from dashboard.schema import UNIT_COLUMNS
from dashboard.ui import context, figures, state, widgets

ctx = context.get()
_ = ctx._
s = ctx.settings
loc = ctx.locale

context.page_header(ctx, _("Money and compute"))

table = state.figure("compute_table", ctx.key, lambda: compute.money_and_compute(ctx.rows))
points = table.points
# "auto" lets each axis choose by its spread; a scale the reader chose applies to every axis.
log = None if s.scale == "auto" else s.log_scale(auto=False)
# No rate on the basis chosen, not the data, empties the charts then (review of QA pass 23); cached
# with the charts, not worked out again on every rerun.
empty = state.figure("compute_empty", ctx.key, lambda: charts.no_rate_reason(ctx.rows, _))

st.caption(
    _(
        "Each point is one item that states both money and a capacity (GW or a number of accelerators): "
        "headline items and their parts. A part, such as one campus of a larger programme, is a project of "
        "its own and is drawn beside its parent; nothing on this page is added up. Contracts and purchases of "
        "capacity (context rows and their parts, such as a cloud contract) are drawn as open markers: the "
        "capacity they buy may be a project's drawn here too. Running totals that restate an item (Stargate's), "
        "revisions and cancelled items are not drawn, and items that state only one side are listed below, never "
        "drawn as zero."
    )
)
if s.view != "total":
    st.caption(
        _(
            "This page compares whole amounts in every view: a capacity is not spread over years, so neither "
            "is the money that buys it."
        )
    )


def numbers_of(
    has: str, unit: str, money_columns: tuple[str, str], quantity: str, money: str
) -> Callable[[], pd.DataFrame]:
    """The table behind a chart: each point that has ``has``, its quantity of ``unit`` ("gw",
    "accelerator": ``schema.UNIT_COLUMNS``) and its money range (in the display currency)."""

    def build() -> pd.DataFrame:
        drawn = points[points[has]] if len(points) else points
        low, high = _("Low ({currency})"), _("High ({currency})")
        records = drawn.to_dict("records")
        hovers = charts.Hovers(currency=s.currency, locale=loc, _=_, view="total")
        quantity_columns = UNIT_COLUMNS[unit][:2]
        return pd.DataFrame(
            {
                _("Project"): [charts.row_label(r, loc) for r in records],
                _("Kind"): [charts.point_kind(r, _) for r in records],
                # "up to", "more than", "about" as the chart's labels say them: the CSV gave SoftBank's
                # cost per GW as a plain 15000000000 beside no wording at all (QA pass).
                _("Money as announced"): [
                    labels.worded_money(
                        r["amount_low"], r["amount_high"], r["currency"], r["amount_kind"], _, locale=loc
                    )
                    for r in records
                ],
                # The quantity's own wording, which the cost's depends on ("up to 5" GW: QA pass).
                f"{quantity}: {_('As worded')}": [labels.worded_quantity(r, unit, loc, _) for r in records],
                f"{quantity} ({_('low')})": drawn[quantity_columns[0]],
                f"{quantity} ({_('high')})": drawn[quantity_columns[1]],
                # A cost's own wording, from the money's and the capacity's: "about €15B" per GW, not "up to".
                **(
                    {f"{money}: {_('As worded')}": charts.cost_texts(drawn, "gw", currency=s.currency, locale=loc, _=_)}
                    if money_columns[0] == compute.PER_GW_LOW
                    else {}
                ),
                f"{money}: {low.format(currency=s.currency)}": drawn[money_columns[0]],
                f"{money}: {high.format(currency=s.currency)}": drawn[money_columns[1]],
                _("Rate"): [hovers.conversion(r) for r in records],
            }
        )

    return build


#: The two scatters, whose points carry names where there is room.
SCATTERS = ("compute_money_gw", "compute_money_accelerators")


def show(kind: str, build, title: str, table: Callable[[], pd.DataFrame], caveat: str = "") -> None:
    # Whole amounts in every view (a capacity is not spread over years): not by the view.
    fig = state.figure(kind, ctx.key, build)
    figures.show(ctx, fig, key=kind, title=title, table=table, by_view=False, caveat=caveat)
    if kind in SCATTERS and (unnamed := charts.unnamed_points(fig)):
        # On a wide screen too, some points have no room for a name (Oracle's and Stargate's Abilene
        # at 1.2 GW), and only the phone's note said so (QA pass 25).
        with st.container(key=f"{kind}_unnamed"):
            st.caption(
                ctx.ngettext(
                    "{count} point carries no name, for want of room: hover it, or see “The numbers” below.",
                    "{count} points carry no name, for want of room: hover them, or see “The numbers” below.",
                    unnamed,
                ).format(count=unnamed)
            )


# As for accelerators: a programme's whole budget over its GW (an upload's; QA pass 11).
gw_programmes = context.whole_programmes(ctx, points, compute.PER_GW_HIGH, escape=False)
st.subheader(_("What a GW of announced capacity costs, by project"))
show(
    "compute_cost_per_gw",
    lambda: charts.cost_per_gw(points, currency=s.currency, locale=loc, gettext=_, log=log, empty=empty),
    _("Implied cost per GW of announced AI capacity, by project"),
    numbers_of("has_gw", "gw", ("per_gw_low", "per_gw_high"), "GW", _("Cost per GW")),
    caveat=gw_programmes,
)
if programmes := context.whole_programmes(ctx, points, compute.PER_GW_HIGH):
    st.caption(programmes)
with_gw = int(points[compute.PER_GW_HIGH].notna().sum()) if len(points) else 0
if with_gw > charts.compute.MAX_BARS:
    st.caption(
        _("Showing the {drawn} highest of {total}.").format(
            drawn=formatting.format_number(charts.compute.MAX_BARS, locale=loc),
            total=formatting.format_number(with_gw, locale=loc),
        )
    )
st.caption(
    _(
        "Implied cost per GW = announced money ÷ announced capacity. Where either side is a range, so is the "
        "cost: the lowest money over the highest capacity to the highest money over the lowest capacity (the "
        "lighter segment)."
    )
    + " "
    + _(
        "“Up to”, “more than” and “about” come from both sides: “up to €75bn” for exactly 5 GW is up to €15bn "
        "per GW; for “up to 5 GW” it is neither a ceiling nor a floor, so “about €15bn” (the figure at full size)."
    )
    + " "
    + _(context.NOT_A_PRICE)
)

# On a phone the two scatters drop their point names and a note says so; a tap on a point shows
# its name, and "The numbers" list every point.
widgets.by_width(
    wide_only=(*(f".st-key-{kind} .textpoint" for kind in SCATTERS), *(f".st-key-{kind}_unnamed" for kind in SCATTERS)),
    narrow_only=(".st-key-compute_narrow_note",),
)
st.subheader(_("Announced money against announced capacity"))
show(
    "compute_money_gw",
    lambda: charts.money_vs_gw(points, currency=s.currency, locale=loc, gettext=_, log=log, empty=empty),
    _("Announced money against announced capacity"),
    numbers_of("has_gw", "gw", ("value_low", "value_high"), "GW", _("Money")),
    caveat=gw_programmes,
)
st.caption(_("Filled: a project · open: a contract or purchase. Lines span a stated range."))
if len(points):  # "The numbers" follow only then
    with st.container(key="compute_narrow_note"):
        st.caption(
            _("On a narrow screen the points carry no names: tap a point for its name, or see “The numbers” below.")
        )

st.subheader(_("Announced money against accelerators"))
show(
    "compute_money_accelerators",
    lambda: charts.money_vs_accelerators(points, currency=s.currency, locale=loc, gettext=_, log=log, empty=empty),
    _("Announced money against accelerators"),
    numbers_of(
        "has_accelerators",
        "accelerator",
        ("value_low", "value_high"),
        _("Accelerators"),
        _("Money"),
    ),
    caveat=context.whole_programmes(ctx, points, compute.PER_ACCELERATOR_HIGH, escape=False),
)
if programmes := context.whole_programmes(ctx, points, compute.PER_ACCELERATOR_HIGH):
    st.caption(programmes)
url = compute.yardstick_source(ctx.all_rows)
yardstick = _(
    "Dashed line: one EU AI gigafactory, about {count} of the most advanced AI chips, as the European "
    "Commission announced with InvestAI on {date}."
).format(
    count=formatting.format_number(compute.GIGAFACTORY_CHIPS, locale=loc, digits=0),
    date=dates.format_announced(compute.GIGAFACTORY_ANNOUNCED, locale=loc),
)
if re.fullmatch(r"https?://[^\s()<>\[\]]+", url):
    yardstick += " " + _("Source: {site}").format(site=f"[{widgets.escape_markdown(charts.source_site(url))}]({url})")
if points[compute.HAS_ACCELERATORS].any():  # the line is drawn only with points (an empty chart says why)
    st.caption(yardstick)


def money(low: float, high: float, kind: str) -> str:
    """A range with its wording ("up to", "more than", "about"): the source's for money, for a cost
    per unit the one the money's and the capacity's give (``measures.per_unit_kind``)."""
    return labels.worded_money(low, high, s.currency, kind, _, locale=loc)


def numbers() -> pd.DataFrame:
    """The points as a reader sees them: localised figures, the kind of item, the source."""
    rows = points.to_dict("records")
    return pd.DataFrame(
        {
            _("Item"): [charts.row_label(r, loc) for r in rows],
            _("Kind"): [charts.point_kind(r, _) for r in rows],
            _("Money"): [money(r["value_low"], r["value_high"], r["amount_kind"]) for r in rows],
            _("Capacity, GW"): [labels.worded_quantity(r, "gw", loc, _) for r in rows],
            _("Accelerators"): [labels.worded_quantity(r, "accelerator", loc, _) for r in rows],
            _("Cost per GW"): [
                money(r[compute.PER_GW_LOW], r[compute.PER_GW_HIGH], r[compute.PER_GW_KIND]) for r in rows
            ],
            _("Cost per accelerator"): [
                money(r[compute.PER_ACCELERATOR_LOW], r[compute.PER_ACCELERATOR_HIGH], r[compute.PER_ACCELERATOR_KIND])
                for r in rows
            ],
            "source_url": [r["source_url"] for r in rows],
        }
    )


if len(points):
    st.subheader(_("The numbers"))
    # On a phone only the names fit, with no sign of the costs beside them (QA pass).
    widgets.swipe_hint("compute_numbers_swipe", _("Swipe the table sideways for its other columns."))
    shown = state.figure("compute_numbers", ctx.key, numbers)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        placeholder=formatting.MISSING,
        column_config={
            _("Item"): st.column_config.TextColumn(width="medium"),
            # As wide as their longest text: the grid sized them by the rows it sampled and cut
            # "more than €24.1B" to "more than €24.1E" (QA pass), and "about 400,000" accelerators.
            **{
                column: st.column_config.TextColumn(width=widgets.text_width([column, *shown[column]], pad=24))
                for column in (
                    _("Money"),
                    _("Capacity, GW"),
                    _("Accelerators"),
                    _("Cost per GW"),
                    _("Cost per accelerator"),
                )
            },
            "source_url": st.column_config.LinkColumn(_("Source"), display_text=r"https?://(?:www\.)?([^/]+).*"),
        },
    )

LISTED = 100


def names(frame: pd.DataFrame, detail) -> str:
    """``frame``'s rows as "name (detail)", comma-separated, Markdown-safe, at most :data:`LISTED`; a
    row other than a headline says what it is ("; part", "; context"): Stargate's €96.6B part and a
    context deal stood unmarked beside headline pledges (QA pass 21)."""
    rows = frame.head(LISTED).to_dict("records")
    text = labels.listed(
        labels.with_detail(
            widgets.escape_markdown(charts.row_label(r, loc)),
            detail(r),
            labels.role_label("context" if r.get("under_context") else r["role"], _) if r["role"] != "headline" else "",
        )
        for r in rows
    )
    if len(frame) > LISTED:
        text += " " + _("and {count} more").format(count=formatting.format_number(len(frame) - LISTED, locale=loc))
    return text


def capacity(r: dict) -> str:
    parts = []
    if pd.notna(r["capacity_gw_high"]):
        parts.append(labels.worded_quantity(r, "gw", loc, _) + " GW")
    if pd.notna(r["accelerators_high"]):
        count = labels.worded_quantity(r, "accelerator", loc, _)
        parts.append(_("{count} accelerators").format(count=count))
    return "; ".join(parts)


REASONS = {
    "cancelled": _("cancelled"),
    "cumulative": _("running total"),
    "revision": _("revision"),
    "not-converted": _("not converted"),
}

one_side = len(table.capacity_only) or len(table.money_only)
if one_side or len(table.left_out):  # nothing to list, no heading (a filter that matches nothing)
    st.subheader(_("Stated on one side only"))
if len(table.capacity_only):
    st.markdown(_("**Capacity, but no money stated:** {names}.").format(names=names(table.capacity_only, capacity)))
if len(table.money_only):
    st.markdown(
        _("**Money for AI infrastructure, but no capacity stated:** {names}.").format(
            names=names(table.money_only, lambda r: money(r["value_low"], r["value_high"], r["amount_kind"]))
        )
    )
if one_side:
    st.caption(
        _(
            "Only money of the scope “AI infrastructure” is listed here, public or private. Company capex, AI "
            "programmes and venture funding state no capacity by nature and are not listed; where one does state "
            "a number of chips (a national programme's GPUs), it is drawn above."
        )
    )
if len(table.left_out):
    st.markdown(
        _("**Stating both, but left out:** {names}.").format(
            names=names(table.left_out, lambda r: REASONS[r["reason"]])
        )
    )
