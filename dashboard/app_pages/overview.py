"""Overview: the totals (each item once), the ranking of headline items, and the drill-down treemap."""

import math
from functools import partial
from typing import Any

import streamlit as st

from dashboard import charts, compute, formatting, labels, ledger, report, years
from dashboard.measures import PER_UNIT
from dashboard.ui import context, economies_section, figures, state, widgets, year_notes

#: Partial overlaps the total's help lists, the largest first (the Method page lists all).
HELP_OVERLAPS = 10
ctx = context.get()
_ = ctx._
s = ctx.settings

context.page_header(ctx, _("AI investments compared"), measure_used=True)


def totals(**options: Any) -> dict[str, Any]:
    """The totals of ``python -m dashboard totals`` for these settings (``options``: by, measure)."""
    return report.payload_for_rows(
        ctx.all_rows,
        currency=s.currency,
        basis=s.basis,
        year=s.average_year,
        revisions=s.revisions,
        view=s.view,
        filters=s.filters(),
        filtered=ctx.rows,
        calendar_year=s.year,
        **options,
    )


payload, largest, (public, mixed) = state.figure(
    "overview_kpis",
    ctx.key,
    lambda: (
        totals(),
        ledger.largest_items(ctx.rows, 1, view=s.view),
        ledger.public_share(ctx.rows, view=s.view),
    ),
)
total, counted_ids, no_horizon_ids = payload["total"], payload["groups"][0]["ids"], payload.get("no_horizon_ids", [])
low_col, high_col = years.view_columns(s.view)

cards = widgets.Cards()


# The total is the longest text ("1,79–1,87 Bio. €"): give it the widest card.
c1, c2, c3, c4 = st.columns([1.7, 1.3, 1.0, 1.0])
# Outside the year view "Year" picks the one year of capex per company: the card says which, at
# the default year too (a screenshot of the card carries no sidebar); over public programmes alone it
# said "capex of 2026" of none (review), and over a year without capex "capex of 2034" read as counting
# some (QA pass 5): that card says "no capex of 2034".
# "Each item once", not "de-duplicated": partial overlaps stay in the total, and the caption below
# says how much (QA pass).
capex_in = ctx.capex  # as every chart's subtitle says it
total_label = {
    ("total", years.CAPEX_COUNTED): _("Total, each item once, capex of {year}"),
    ("total", years.CAPEX_NONE_OF_YEAR): _("Total, each item once, no capex of {year}"),
    ("total", years.NO_CAPEX): _("Total, each item once"),
    ("per-year", years.CAPEX_COUNTED): _("Total per year, each item once, capex of {year}"),
    ("per-year", years.CAPEX_NONE_OF_YEAR): _("Total per year, each item once, no capex of {year}"),
    ("per-year", years.NO_CAPEX): _("Total per year, each item once"),
}.get((s.view, capex_in), _("Total in {year}, each item once")).format(year=s.year)
shared = payload["overlap"]
# Names looked up once per data, language, revisions and ids: a currency switch keeps the ids,
# and at 100k rows the lookups took ~45 ms of its rerun. The revisions setting decides which
# figure names an overlap's item (its guidance or its actual).
bounds = {kind: payload["by_wording"][kind]["ids"] for kind in ("up-to", "more-than")}
pairs, other_year, bound_names = state.figure(
    "overview_names",
    (
        ctx.data.digest,
        s.lang,
        s.revisions,
        tuple(map(tuple, shared["pairs"])),
        tuple(payload["other_year_ids"]),
        *map(tuple, bounds.values()),
    ),
    lambda: (
        widgets.pair_names(ctx, shared["pairs"]),
        labels.listed(widgets.names_for(ctx, payload["other_year_ids"])),
        {kind: labels.listed(widgets.names_for(ctx, ids)) for kind, ids in bounds.items()},
    ),
)
total_help = _(
    "Headline items only; parts, running totals and context figures are never added. Items wholly "
    "inside another counted item (a programme inside a budget) are not added while that item counts."
)
# What one figure adds, said on the card a reader quotes (a QA pass found it only in the split
# below and on the Timeline).
total_help += (
    "\n\n"
    + {
        "total": _(
            "This view adds whole figures as announced: multi-year pledges and budgets for all their years, "
            "one year of capex per company, funding rounds. “The total by kind of money” below splits it."
        ),
        "per-year": _(
            "This view adds each figure divided by its stated period, whichever years that covers: a sum of "
            "yearly rates, not one year's money (“One year” gives that). Items without a period are left out. "
            "“The total by kind of money” below splits it."
        ),
        "year": _(
            "This view adds the money of each figure that falls in {year} (its stated period, month by month); "
            "items without one are left out. “The total by kind of money” below splits it."
        ).format(year=s.year),
    }[s.view]
)
if pairs:
    # The largest only: 41 lines made the help a box to scroll that a phone reader never found the
    # end of (QA pass 12); Method lists them all, or its largest ``labels.OVERLAPS_SHOWN``.
    lines = labels.overlap_lines(pairs, shared["pair_amounts"], s.currency, locale=ctx.locale, _=_, limit=HELP_OVERLAPS)
    more = len(pairs) - HELP_OVERLAPS
    count = formatting.format_number(more, locale=ctx.locale, digits=0)
    total_help += (
        "\n\n"
        + _("Partial overlaps (money that may be counted twice):")
        + "\n"
        + "\n".join(f"- {p}" for p in lines)
        + (
            "\n- "
            + (
                ctx.ngettext(
                    "and {count} more: the Method page lists them all",
                    "and {count} more: the Method page lists them all",
                    more,
                ).format(count=count)
                if len(pairs) <= labels.OVERLAPS_SHOWN
                else ctx.ngettext(
                    "and {count} more: the Method page lists the largest {shown} "
                    "(`python -m dashboard totals` every one)",
                    "and {count} more: the Method page lists the largest {shown} "
                    "(`python -m dashboard totals` every one)",
                    more,
                ).format(count=count, shown=labels.OVERLAPS_SHOWN)
            )
            if more > 0
            else ""
        )
        + "\n\n"
        + _(context.OVERLAP_BOUNDS)
    )
bounds_caption = context.bounds_caption(ctx, payload["by_wording"], len(counted_ids))
if bounds_caption:  # which figures are bounds, in the help as the overlaps are
    total_help += "".join(
        "\n\n" + heading + " " + bound_names[kind] + "."  # the help's last sentence ended without one (QA pass 3)
        for kind, heading in (("up-to", _("Stated as “up to”:")), ("more-than", _("Stated as “more than”:")))
        if bound_names[kind]
    )
# A training cost only from an upload that counts one: no empty card for what bundled data never counts.
kinds = {k: part for k, part in payload["by_kind"].items() if k != "training-cost" or part["ids"]}
amounts = context.sums_as_worded(ctx, {**total, "ids": counted_ids}, kinds)
cards.card(
    c1,
    total_label,
    amounts.pop("total")[0],
    help=total_help,
    border=True,
)
if payload["unconverted_ids"]:  # in 1999's average CNY, 58 of 59 counted items had no rate
    c1.caption(
        ctx.ngettext(
            "without {count} item that would count but has no exchange rate on this basis (see the warning above)",
            "without {count} items that would count but have no exchange rate on this basis (see the warning above)",
            len(payload["unconverted_ids"]),
        ).format(count=formatting.format_number(len(payload["unconverted_ids"]), locale=ctx.locale))
    )
if shared["high"] > 0:
    # "at most €33.2B may be counted twice" read as a bound on all double counting, while it bounds
    # the overlaps the data records only: Europe's private pledges beside national packages are not
    # (QA pass 8). Said as the Method page says it.
    c1.caption(
        ctx.ngettext(
            "of which up to {amount} may be counted twice in the {count} partial overlap the data records "
            "(in the help and on the Method page); others may remain",
            "of which up to {amount} may be counted twice in the {count} partial overlaps the data records "
            "(the largest in the help, all on the Method page); others may remain",
            len(pairs),
        ).format(
            amount=formatting.format_money_range(shared["low"], shared["high"], s.currency, locale=ctx.locale),
            count=len(pairs),
        )
    )
multi = payload["multi_technology"]
if multi["high"] > 0:  # in the total unless the Scope filter leaves that scope out
    c1.caption(
        ctx.ngettext(
            "of which {amount} in {count} item in which AI is one of several technologies (scope “{scope}”)",
            "of which {amount} in {count} items in which AI is one of several technologies (scope “{scope}”)",
            len(multi["ids"]),
        ).format(
            amount=context.worded_scope(ctx, multi, "multi-technology"),
            count=len(multi["ids"]),
            scope=labels.scope_label("multi-technology", _),
        )
    )
if bounds_caption:
    c1.caption(bounds_caption)
# Last: the "of which" lines above are all of the total (between them it read as a part of it: review 56).
if outside_the_eu := context.outside_the_eu(ctx):
    c1.caption(outside_the_eu)
# Which figure, said as the total's card says it: "€121B" in the per-year view and "$125B" in
# 2027 read as Stargate's figure, and "$50–100B" lost its "up to" (QA pass).
largest_label = {
    "total": _("Largest item"),
    "per-year": _("Largest item per year"),
    "year": _("Largest item in {year}"),
}[s.view].format(year=s.year)
if largest.empty:
    cards.card(c2, largest_label, "–", border=True)
else:
    top = largest.iloc[0]
    top_name = widgets.escape_markdown(charts.row_label(top, ctx.locale))  # the row whose figure this is
    hovers = charts.Hovers(currency=s.currency, locale=ctx.locale, _=_, view=s.view)
    # As the ranking words its bar ("up to $50–100B", "$150B, annualised"); "$125B of $500B" goes
    # under the name: as the card's amount it shrank to 10 px in German ("… von 51,5 Mrd. €", review).
    amount = hovers.amount(top, top[low_col], top[high_col])
    labelled = hovers.of_whole(top, amount)
    cards.card(c2, largest_label, amount, help=top_name, border=True)
    c2.caption(top_name if labelled == amount else f"{top_name} ({widgets.escape_markdown(labelled)})")
cards.card(
    c3,
    _("Items counted"),
    formatting.format_number(len(counted_ids), locale=ctx.locale, digits=0),
    help=ctx.ngettext(
        "The headline items added in the total. {shown} row matches the filters, including parts, "
        "revisions and context rows, which are never added.",
        "The headline items added in the total. {shown} rows match the filters, including parts, "
        "revisions and context rows, which are never added.",
        len(ctx.rows),
    ).format(shown=formatting.format_number(len(ctx.rows), locale=ctx.locale, digits=0)),
    border=True,
)
# "9.0%", not "9%"; "0.014–0.015%" for North America per year, not "0.0%" (QA pass), nor
# "0.01–0.02%" (one significant digit made a 4% range look like a factor of two: review).
share = partial(formatting.format_percent_range, locale=ctx.locale, fixed=True, significant=2)
cards.card(
    c4,
    _("Public share"),
    "–" if math.isnan(public[1]) else share(*public),
    help=(
        # "public-private actors add another 0.0%" where none has a figure in the year (QA pass 3), and
        # "another 100.0%" beside a public share of 0.0% (QA pass 4).
        _(
            "Share of the total from public actors, from the smallest the ranges allow (public figures at their "
            "low ends, the others at their high ends) to the largest; public-private actors, counted apart, "
            "have no share of it."
        )
        if mixed[1] == 0
        else _(
            "Share of the total from public actors, from the smallest the ranges allow (public figures at their "
            "low ends, the others at their high ends) to the largest; public-private actors, counted apart, "
            "make up {mixed}."
        ).format(mixed="–" if math.isnan(mixed[1]) else share(*mixed))
    )
    + (
        " "
        + _(
            "Under the announcement basis each item converts at the rate of its own announcement date, so a share "
            "can differ slightly between display currencies; the latest and average bases give the same share in "
            "every currency."
        )
        if s.basis == "announcement"
        else ""
    ),
    border=True,
)

# Different kinds of money, never one figure without saying so (issue: honest comparison).
st.markdown("**" + _("The total by kind of money") + "**")
for column, (kind, part) in zip(st.columns(len(kinds)), kinds.items()):
    cards.card(
        column,
        labels.kind_label(kind, _),
        amounts[kind][0],
        fit=max(len(amount) for amount, _note in amounts.values()),  # equal cards: one size for the row
        help=labels.kind_help(kind, _)
        + " "
        + ctx.ngettext("{count} item", "{count} items", len(part["ids"])).format(count=len(part["ids"]))
        + "."  # "(not AI-only). 6 items" ended without one (QA pass 2)
        + (" " + amounts[kind][1] + "." if amounts[kind][1] else ""),
        border=True,
    )
cards.style()
# "13 + 106 Mrd. £" beside a total of 118 (QA pass 24): 12.96 + 105.51 = 118.48, each rounded;
# not where fewer than two kinds hold money (said under cards of "–" alone: QA pass 29).
rounded = (
    _("Each amount is rounded on its own, so the kinds may not add up exactly to the rounded total.")
    if sum(part["high"] > 0 for part in kinds.values()) > 1
    else ""
)
if s.view == "year":
    st.caption(
        _(
            "Each counted item's money that falls in {year}: budgets and capex by the months their period covers "
            "(fiscal years split by month), multi-year pledges spread evenly by month over their stated horizon."
        ).format(year=s.year)
        + (" " + rounded if rounded else "")
    )
else:
    parts = []
    if s.view == "per-year":
        # "$945–980B per year" added Stargate's 2025–2028 rate to a 2028–2034 budget's: say so.
        parts.append(
            _(
                "Per year: each counted item's figure divided by its stated horizon in years, whichever years it "
                "covers, so the total is a sum of average annual rates, not money spent in one year (“One year” "
                "shows {year})."
            ).format(year=s.year)
        )
        parts.append(year_notes.outside_the_year(ctx, payload["outside_year_ids"]))
    # Not over a selection without capex (scope "Training cost": QA pass).
    parts.append(labels.one_year_of_capex(s.year, other_year, _, counted=bool(capex_in)))
    counted_capex = payload["by_kind"]["company-capex"]["ids"]
    fiscal_years, missing_capex = year_notes.capex_of_the_year(ctx, counted_capex, payload["no_capex_companies"])
    if said := " ".join(part for part in (*parts, fiscal_years, rounded) if part):  # no empty gap (review 56)
        st.caption(said)
    if missing_capex:
        st.info(missing_capex)
    if other_year and not counted_capex:
        # Year 2028 in the total view: every company's capex is another year's, and the total fell
        # by $780bn with only the grey line above to say why (review). Under "to 2025" the data
        # has 2026's capex and the filters leave it out: blaming the data contradicted the default
        # year it named (QA pass).
        every = ctx.all_rows
        capex = (every["kind"] == "company-capex").to_numpy(bool) & ~every["other_year"].to_numpy(bool)
        # In 2005's yuan (no ECB fixing) the capex is there, without a rate (the warning above).
        unconverted = capex & every["counts_if_converted"].to_numpy(dtype=bool)
        st.warning(
            _(
                "No company capex for a fiscal year ending in {year} passes the filters, so this total has none: "
                "the data has some, and the filters leave it out."
            ).format(year=s.year)
            if (capex & every["counts_in_total"].to_numpy(dtype=bool)).any()
            else _(
                "No company capex for a fiscal year ending in {year} has an exchange rate on this basis, so this "
                "total has none (see the warning above)."
            ).format(year=s.year)
            if unconverted.any()
            else _(
                "The data has no company capex for a fiscal year ending in {year}, so this total has none. Most "
                "companies' capex guidance reaches {default}."
            ).format(year=s.year, default=state.default_year(ctx.data))
        )
if s.view != "total" and no_horizon_ids:
    widgets.no_horizon_note(ctx, no_horizon_ids)
if s.view == "year" and payload["incomplete_capex"]:
    year_notes.incomplete_capex_note(ctx, payload["incomplete_capex"])
if payload.get("no_figure_ids"):
    # Microsoft's FY2026 is known by its quarters only: its 2025 months were silently missing.
    st.info(
        _(
            "Items whose period falls wholly or partly in {year} but that have no amount of their own add nothing "
            "to the {year} total (parts with figures, such as reported quarters, are never added): {names}."
        ).format(year=s.year, names=widgets.name_list(ctx, payload["no_figure_ids"]))
    )

widgets.filter_notes(ctx, payload["below_confidence_ids"], payload["filtered_out_ids"])

if s.measure in PER_UNIT:
    per = "gw" if s.measure == "cost-per-gw" else "accelerator"
    points = state.figure("overview_points", ctx.key, lambda: compute.money_and_compute(ctx.rows).points)
    per_title = (
        _("Implied cost per GW of announced AI capacity, by project")
        if per == "gw"
        else _("Implied cost per accelerator, by project")
    )
    st.subheader(per_title)
    figures.show(
        ctx,
        state.figure(
            "overview_per_unit",
            ctx.key,
            lambda: charts.cost_per_gw(
                points,
                currency=s.currency,
                locale=ctx.locale,
                gettext=_,
                per=per,
                empty=charts.no_rate_reason(ctx.rows, _),
            ),
        ),
        key="overview_per_unit",
        name_part=s.measure,
        title=per_title,
        by_view=False,
        table=lambda: charts.cost_table(points, per, currency=s.currency, locale=ctx.locale, _=_),
        caveat=context.whole_programmes(ctx, points, f"per_{per}_high", escape=False),
    )
    st.caption(
        _(
            "Announced money over announced capacity, for the items that state both (the Money and compute page "
            "shows every such item and lists those that state one side only)."
        )
        + " "
        + _(context.NOT_A_PRICE)
    )
    if programmes := context.whole_programmes(ctx, points, f"per_{per}_high"):
        st.caption(programmes)
elif s.measure != "money":
    economies_section.show(ctx, totals, no_horizon_ids)

st.subheader(_("Ranking of headline items"))
fig = state.figure(
    "overview_ranking",
    ctx.key,
    lambda: charts.ranking(
        ctx.rows,
        currency=s.currency,
        locale=ctx.locale,
        gettext=_,
        ngettext=ctx.ngettext,
        view=s.view,
        log=s.log_scale(auto=False),
    ),
)


# Plain bars of a four-year pledge, a year of capex and a venture round read as one kind of money,
# periods unsaid: what Compare says of its picks, the ranking's footer (on the page and in its
# image) says of its bars (QA pass 31).
def _ranking_note() -> str:
    counted = ctx.rows[ctx.rows["counts_in_total"].to_numpy(dtype=bool) & years.with_money(ctx.rows, s.view)]
    shown = years.kinds_shown(counted)
    kinds = charts.unlike_kinds(shown, _)
    # Only where both are drawn: Europe's bars, without capex, were said to set a pledge beside it (QA pass 32).
    if (
        not kinds
        or s.view != "total"
        or "company-capex" not in set(shown)
        or not set(shown) & {"pledges", "public-programmes"}
    ):
        return kinds
    return kinds + " " + _("In the total view a pledge over several years stands beside one year of company capex.")


ranking_note = str(state.figure("overview_ranking_note", ctx.key, _ranking_note))
figures.show(
    ctx,
    fig,
    key="overview_ranking",
    title=_("Largest AI investments, by item"),
    note=ranking_note,
    table=lambda: charts.ranking_table(
        ctx.rows, currency=s.currency, locale=ctx.locale, gettext=_, view=s.view, year=s.year
    ),
)

st.subheader(_("Where the money sits: region, actor type, item and its parts"))
tree, left_out = state.figure(
    "overview_drilldown",
    ctx.key,
    lambda: charts.drilldown(
        ctx.rows, currency=s.currency, locale=ctx.locale, gettext=_, ngettext=ctx.ngettext, view=s.view
    ),
)
# A region's box adds each item once, yet the recorded overlaps between them stay in it (QA pass 8, review).
region_shared = context.region_overlaps(ctx)
boxes_shared = region_shared and _(
    "Partial overlaps stay added: of each region's box, up to this much may be counted twice in the overlaps "
    "the data records between items of that region (others may remain): {amounts}."
).format(amounts=region_shared)
figures.show(
    ctx,
    tree,
    key="overview_drilldown",
    title=_("AI investments announced, by region, actor type and item"),
    table=lambda: charts.drilldown_table(
        ctx.rows, currency=s.currency, locale=ctx.locale, gettext=_, view=s.view, year=s.year
    ),
    caveat=boxes_shared,
)
st.caption(
    _("Click a box to zoom in. Parts are drawn inside their item; the rest of the item is “not itemised”.")
    + (" " + boxes_shared if boxes_shared else "")
)
widgets.parts_not_drawn(ctx, left_out)
