"""Timeline: announcements over time, the running total per region, and capex guidance."""

import streamlit as st

from dashboard import charts, labels, ledger, lookups, report
from dashboard.ui import context, figures, state, widgets

ctx = context.get()
_ = ctx._
s = ctx.settings
rows = ctx.rows

context.page_header(ctx, _("Announcements over time"))

st.subheader(_("Every announcement with an amount"))
# A timeline spans six orders of magnitude: logarithmic unless the reader chose a scale.
scale_log = s.log_scale(auto=True)
fig = state.figure(
    "timeline_scatter",
    ctx.key,
    lambda: charts.timeline(rows, currency=s.currency, locale=ctx.locale, gettext=_, log=scale_log),
)
figures.show(
    ctx,
    fig,
    key="timeline_scatter",
    title=_("AI investment announcements over time, by amount"),
    table=lambda: charts.timeline_table(
        rows, currency=s.currency, locale=ctx.locale, gettext=_, view=s.view, year=s.year
    ),
    by_view=False,
)
st.caption(
    _(
        "Filled circle: committed · open circle: announced · diamond: spent · cross: cancelled. "
        "Revisions, parts, running totals and context figures appear as their own points; the table's "
        "“Counted” marks the ones the total adds."
    )
)
drawn, total = charts.timeline_count(rows)
if drawn < total:
    st.caption(_("Showing the {drawn} largest of {total} announcements.").format(drawn=drawn, total=total))

st.subheader(
    {
        "total": _("Running total by region, each item once"),
        "per-year": _("Running total per year by region, each item once"),
        "year": _("Running total of the money falling in {year} by region, each item once"),
    }[s.view].format(year=s.year)
)

# Each line alone: money that two regions share is in neither line, and the sentence says so.
region_shared = context.region_overlaps(ctx)
running_shared = region_shared and _(
    "Partial overlaps stay added: of each line's last running total, up to this much may be counted twice in the "
    "overlaps the data records between items of its region (others may remain): {amounts}."
).format(amounts=region_shared)
figures.show(
    ctx,
    state.figure(
        "timeline_cumulative",
        ctx.key,
        lambda: charts.cumulative(
            rows, currency=s.currency, locale=ctx.locale, gettext=_, ngettext=ctx.ngettext, view=s.view
        ),
    ),
    key="timeline_cumulative",
    title=_("Running total of AI investments announced, by region"),
    caveat=running_shared,
    table=lambda: charts.cumulative_table(
        rows, currency=s.currency, locale=ctx.locale, gettext=_, view=s.view, year=s.year
    ),
)
st.caption(
    # The figure as the sidebar's "Figures" sets it (the caption said "current" under "first"; QA pass).
    (
        # Steps are monthly (drawn at the month's start): "at its first announcement date" put
        # Stargate's 21 Jan 2025 on 1 Jan (QA pass).
        _(
            "Each step adds the counted items first announced in one month (or year, where only the year is "
            "known), with their current figures."
        )
        if s.revisions == "latest"
        else _(
            "Each step adds the counted items first announced in one month (or year, where only the year is "
            "known), with their figures as first announced."
        )
    )
    + (" " + _("Items without a stated horizon are left out.") if s.view != "total" else "")
    + " "
    + _(
        "The lines follow central figures (ranges are in the hover and the table). They add different kinds of "
        "money (public programmes, multi-year pledges, one year of company capex, venture rounds), which the "
        "Overview shows apart; filter by scope or actor type to follow one kind."
    )
    + (" " + running_shared if running_shared else "")
)
if s.view != "year" and ctx.capex:
    # One year of capex per company, as the Overview's total: 2025's guidance, announced in 2025, was in
    # no line at any date of 2025, and only the figure's subtitle said why (QA pass 25).
    other_year = state.figure(
        "timeline_other_year",
        ctx.key,
        lambda: widgets.name_list(ctx, lookups.values_at(rows["id"], rows["other_year"].to_numpy(bool).nonzero()[0])),
    )
    st.caption(labels.one_year_of_capex(s.year, other_year, _))
if s.view != "total":
    # Named, as the Overview names them and the Method page says: the caption only said that items
    # without a stated horizon are left out (QA pass 7). The same counting as the Overview's total.
    left_out = state.figure("timeline_no_horizon", ctx.key, lambda: ledger.totals(rows, view=s.view).no_horizon_ids)
    if left_out:
        widgets.no_horizon_note(ctx, left_out)
# The running total misses what the Overview's total misses: say which figures the filters leave out.
widgets.filter_notes(
    ctx,
    *state.figure(
        "timeline_left_out",
        ctx.key,
        lambda: report.left_out_by_filters(ctx.all_rows, s.filters(), rows, s.view),
    ),
)

st.subheader(_("How company capex guidance moved"))
# The companies followed, once per data and settings (the chart, its table and the phone note).
revised = state.figure("timeline_revised", ctx.key, lambda: charts.revised_capex_ids(rows))
# What a downloaded image and CSV must say too: Microsoft's change of definition read as a raise (QA pass 8).
definitions = [
    _("Company capex is total capital expenditure, not AI-only, and an actual may cover more than its guidance did.")
]
# Only where its line is drawn (review): among the plans with the largest figures.
drawn = state.figure("timeline_drawn", ctx.key, lambda: charts.guidance_drawn(rows, revised))
if "microsoft-capex-fy2025" in drawn:
    definitions.append(
        _(
            "Microsoft's FY2025 actual includes finance leases, its guidance was for AI-enabled datacenters, so "
            "part of that change is one of definition. Microsoft's fiscal year runs July to June."
        )
    )
# Its July 2026 figure is lower for a change of accounting, its plans unchanged: drawn, it read as a cut.
if "microsoft-capex-cy2026" in drawn:
    definitions.append(
        _(
            "Microsoft's calendar-2026 figure of July 2026 leaves out datacenter leases that become operating "
            "leases (capex includes finance leases, not operating leases); its plans were unchanged, so that "
            "fall is one of definition, not a cut."
        )
    )
# How a change is measured, on the image too: "+$1.22B" from the middle of Meta's $70-72bn read as
# $1.2bn more than guided (QA pass 27).
measured = _("Changes are between central figures; one labelled “above range” or “below range”, from that range's end.")
figures.show(
    ctx,
    state.figure(
        "timeline_guidance",
        ctx.key,
        lambda: charts.guidance(rows, revised, currency=s.currency, locale=ctx.locale, gettext=_),
    ),
    key="timeline_guidance",
    title=_("Company capex guidance over time"),
    table=lambda: charts.guidance_table(rows, revised, currency=s.currency, locale=ctx.locale, gettext=_),
    by_view=False,
    by_revisions=False,
    caveat=" ".join([measured, *definitions]) if revised else "",
)
# The revised plans of all the data, whatever the filters (here and for the never-revised note below).
revised_anywhere = state.figure("timeline_revised_all", ctx.key, lambda: charts.revised_capex_ids(ctx.all_rows))
if not revised and revised_anywhere:
    # "Status: spent" left only actuals, and the empty chart said only that there was no guidance (QA);
    # named ("Regions: Europe" was told to widen Status or Scope: QA pass 4).
    filters = widgets.dropping_filters(ctx, list(revised_anywhere))[""]
    st.caption(
        _(
            "Left out by the filters ({filters}): every revised capex plan of the data in use; widen them to see "
            "how guidance moved."
        ).format(filters=filters)
        if filters
        else _(
            "The filters leave out every revised capex plan of the data in use; widen Status, Scope or the other "
            "filters to see how guidance moved."
        )
    )
# A plan whose revisions the filters all leave out has no change to show: under "Status: announced"
# Microsoft's FY2025 plan vanished without a word, being revised in the data (QA pass 7).
# Once per data and settings, as the lists below (an id lookup over every row).
hidden = state.figure(
    "timeline_hidden_revisions",
    ctx.key,
    lambda: [h for h in charts.single_figure_capex(rows, revised) if h in set(revised_anywhere)],
)
if revised and hidden:
    every = ctx.all_rows
    revisions = every["id"][lookups.is_in(every["parent_id"], hidden) & every["role"].eq("revision").to_numpy()]
    st.caption(
        _("No change to show for {names}: the filters ({filters}) leave out the revisions.").format(
            filters=widgets.dropping_filters(ctx, list(revisions))[""], names=widgets.name_list(ctx, hidden)
        )
    )
# On a phone the change labels pile up and run past the plot: the table lists them.
widgets.by_width(wide_only=(".st-key-timeline_guidance .textpoint",), narrow_only=(".st-key-timeline_narrow_note",))
# The chart follows the capex plans with the largest figures (a company may have two: fiscal and
# calendar year); say which it leaves out (CoreWeave's cut was in the table only, and the chart
# did not say it was a selection).
left_out = charts.guidance_left_out(rows, revised, locale=ctx.locale)
if left_out:
    st.caption(
        _(
            "The chart shows only the {count} revised capex plans with the largest figures; “Table” also lists {names}."
        ).format(count=charts.GUIDANCE_LINES, names=labels.listed(left_out))
    )
# Amazon's $200bn for 2026, the Overview's third-largest item, was missing without a word.
# Revised is decided on all rows: a plan whose revisions a filter hides has more than one figure.
single = state.figure(
    "timeline_single",
    ctx.key,
    lambda: widgets.name_list(ctx, charts.single_figure_capex(rows, revised_anywhere)),
)
if single:
    st.caption(
        _("Capex figures never revised have no change to show, so the chart and “Table” leave out: {names}.").format(
            names=single
        )
    )
# How to read the chart, under a chart with lines only: an empty one said "No capex guidance" and
# the filters' note, then this paragraph on Microsoft's finance leases (QA pass); that sentence only
# where Microsoft's FY2025 line is drawn (review).
if revised:
    notes = [
        _(
            "From first guidance through each raise or cut to the reported actual (diamond); each point's change "
            "from the previous one is labelled on a wide screen and listed in “Table” (between the central figures "
            "of ranges; “within range”, “narrowed”, “low end raised” or “high end lowered” where it lies inside the "
            "previous range; “above range” or “below range”, from that range's end, where a single figure lies "
            "outside it)."
        ),
        *definitions,
    ]
    notes.append(
        _(
            "Each company's figures convert at the rate of its first guidance, so no change shown comes from the "
            "exchange rate."
        )
        if s.basis == "announcement"
        else _("All figures convert at one rate (see the FX basis), so no change shown comes from the exchange rate.")
    )
    with st.container(key="timeline_narrow_note"):
        st.caption(_("On a narrow screen the points carry no change labels: “Table” lists them."))
    st.caption(" ".join(notes))
