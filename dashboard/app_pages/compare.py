"""Compare: 2–8 items side by side in the chosen currency and view."""

import math

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts, formatting, labels, ledger, lookups, overlaps, picks, years
from dashboard.charts.text import STATES_AMOUNT, short_label
from dashboard.settings import DEFAULT_ITEMS, MAX_ITEMS
from dashboard.ui import context, controls, figures, state, widgets

ctx = context.get()
_ = ctx._
s = ctx.settings
rows = ctx.all_rows

st.title(_("Compare items"))
st.caption(context.basis_caption(ctx, filtered=False))  # the picks, whatever the filters
context.upload_notice(ctx)

# A picker of tens of thousands of options is unusable: the largest items, and those already chosen.
OPTIONS = 500
#: The characters of a name the table's "Item" column shows whole (~250 px; 260 px cut German names
#: at "medium", QA pass).
ITEM_CHARS = 34
LABEL_CHARS = 40  # the characters of a name the chart's bars, and the kinds under its image, show whole
#: Picks an upload did not have (``picks.SET_ASIDE``). Given back in their places once the data in
#: use has them again ("Use bundled data"; on any page: ``controls.give_back_picks``): without it
#: the upload's run emptied the picks for good (a link of ``items=none``), and a given-back pick
#: came back last; named while set aside (the notice showed once, and a page change lost it: QA pass).
SET_ASIDE = picks.SET_ASIDE
#: The current picks' names (id -> label), for a pick the next run sets aside.
PICKED_NAMES = "_compare_picked_names"
set_aside: dict[str, dict] = st.session_state.get(SET_ASIDE, {})
wanted = set(s.items) | set(set_aside)
name_col = "name_de" if s.lang == "de" else "name"
#: Each view's money column, by its header: the table, the columns' widths and the ratios' note.
HEADERS = {"total": _("Figure"), "per-year": _("Per year"), "year": _("In {year}").format(year=s.year)}


def picker_labels() -> dict[str, str]:
    """Item id -> display name of every item the picker offers."""
    # Only the columns read: a mask copies every column it carries (~45 of them).
    money = rows.loc[rows["amount_high"].notna(), list(dict.fromkeys(["id", "name", name_col, "value_high"]))]
    if len(money) > OPTIONS:
        money = money[money["id"].isin(wanted) | money.index.isin(money["value_high"].nlargest(OPTIONS).index)]
    names = money[name_col].where(money[name_col] != "", money["name"])
    # Streamlit tells options apart by their labels: an upload's row named as a bundled one took
    # the bundled pick's place, with its own amount (QA pass). A repeated name carries its id.
    repeated = names.duplicated(keep=False).tolist()
    return {i: f"{n} ({i})" if r else n for i, n, r in zip(money["id"].tolist(), names.tolist(), repeated)}


names = state.figure("compare_labels", (*ctx.key, tuple(sorted(wanted))), picker_labels)
# The page's own defaults come back only while the reader has left the picks as uploads left them (review).
untouched = s.items == DEFAULT_ITEMS or any(a["left"] == s.items for a in set_aside.values())
returning = picks.returning(set_aside, s.items, names)
items, no_room = picks.put_back([i for i in s.items if i in names], returning, MAX_ITEMS)
# Still aside; a default's "left" follows the picks while the reader has not touched them (a
# second upload gave one back and lost the other for good: review).
set_aside = {
    i: a | {"left": tuple(items)} if a["left"] == s.items else a for i, a in set_aside.items() if i not in names
}
dropped = [i for i in s.items if i not in names]
no_amount: list[str] = []
if dropped:  # rows without an amount (a link may name them), or an upload without them
    present = set(rows["id"][lookups.is_in(rows["id"], dropped)])
    no_amount = [i for i in dropped if i in present]
    # The page's own picks, not the user's: an upload without them is no news (QA pass).
    quiet = untouched and ctx.data.upload_name is not None
    # Named as the picker last named them (by the run before, which had them): an upload's pick
    # read by id once the upload was gone, or on the next run while a second one was in use (QA pass 2, review).
    picked = st.session_state.get(PICKED_NAMES, {})
    set_aside |= {
        i: {
            "before": s.items[: s.items.index(i)],
            "left": tuple(items) if quiet and i in DEFAULT_ITEMS else None,
            "name": picked.get(i, i),
        }
        for i in dropped
        if i not in present
    }
absent = {i: a.get("name", i) for i, a in set_aside.items() if a["left"] is None}
st.session_state[SET_ASIDE] = set_aside if ctx.data.upload_name is not None else {}  # only an upload's: not kept
if no_room:
    st.warning(
        _("Not put back, as {max} items are picked already: {names}.").format(
            max=MAX_ITEMS, names=labels.listed(widgets.escape_markdown(names[i]) for i in no_room)
        )
    )
if no_amount or absent:
    # One reason a sentence: "Microsoft FY2026 capex (no full-year figure stated) (no amount stated)"
    # read as two remarks on one name (QA pass).
    notes = []
    if no_amount:
        notes.append(
            ctx.ngettext(
                "Left out of the comparison, as it states no amount: {names}.",
                "Left out of the comparison, as they state no amount: {names}.",
                len(no_amount),
            ).format(names=labels.listed(widgets.names_for(ctx, no_amount)))
        )
    if absent:
        # Named as the bundled data names them where it has them (a QA pass read "stargate,
        # stargate-abilene"), else as the picker named them.
        known = absent | widgets.row_names(state.bundled().frame, list(absent), ctx.locale)
        notes.append(
            ctx.ngettext(
                "Left out of the comparison, as the data in use does not have it: {ids}.",
                "Left out of the comparison, as the data in use does not have them: {ids}.",
                len(absent),
            ).format(ids=labels.listed(widgets.escape_markdown(known[i]) for i in absent))
        )
    st.warning(" ".join(notes))
if tuple(items) != s.items:
    controls.update(items=tuple(items))
# The picks' names as the picker gives them, for a pick set aside on the next run.
st.session_state[PICKED_NAMES] = {i: names[i] for i in items}
chosen = controls.bound(
    st.multiselect,
    "items",
    _("Items to compare (2 to {max})").format(max=MAX_ITEMS),
    list(names),
    format_func=lambda i: names.get(i, i),
    max_selections=MAX_ITEMS,
    placeholder=_("Choose options"),
    # No "Select 16 matches": it added the first few up to the limit and said nothing (QA pass).
    select_all=False,
    names="" if ctx.data.upload_name is None else ctx.data.digest[:12],
)
if tuple(chosen) == DEFAULT_ITEMS:  # not ``s.items``: the run that gives picks back starts without them (QA pass 3)
    # The default picks are the seed article's companies' capex of its year (2025); the Overview
    # counts each company's capex for the Year, and a QA pass read InvestAI as 2.3× Microsoft here
    # and 1.2× there. Offered, not switched: a default that moved with the Year would move links.
    year_picks = years.counted_capex_items(rows, DEFAULT_ITEMS)
    if year_picks and year_picks != DEFAULT_ITEMS and all(i in names for i in year_picks):
        default_capex = rows["id"].isin(DEFAULT_ITEMS) & (rows["scope"] == years.CAPEX)
        st.info(
            _(
                "These default picks hold the companies' capex for {then}, the year the article behind this dashboard "
                "(ComputerBase, February 2025, on the EU's InvestAI) compared by their first guidance; the totals "
                "count each company's capex for {year} (the sidebar's “Year”)."
            ).format(then=int(rows.loc[default_capex, "period_last"].max() // 12), year=s.year)
        )
        st.button(
            _("Compare their capex for {year}").format(year=s.year),
            key="compare_year_capex",
            on_click=controls.update,  # the picker is set from the settings on every run
            kwargs={"items": year_picks},
        )
st.caption(
    _(
        "Compare shows exactly the items you pick, regardless of the sidebar filters. An item with revisions "
        "shows its latest figure (or its first, as set in the sidebar); pick that figure too and the item "
        "shows its own beside it."
    )
)


def unlike_money_note(display: pd.DataFrame) -> None:
    """Say so when the picks are different kinds of money, and when the total view sets figures for
    different periods side by side (several years, one year, a quarter, none stated). Only picks
    with money in the view count: in the one-year view "funding rounds" was named for Mistral's,
    which has none there, and "Company capex" for a capex pick at €0 in the year (QA passes)."""
    drawn = display[years.with_money(display, s.view)]
    periods = {"none" if math.isnan(y) else round(y, 3) for y in drawn["period_years"].to_numpy(dtype=float)}
    notes = [kinds] if (kinds := charts.unlike_kinds(years.kinds_shown(drawn), _)) else []
    if s.view == "total" and len(periods) > 1:
        notes.append(
            _(
                "In the total view, figures for different periods (several years, one year, a quarter, or none "
                "stated) stand side by side, and the ratios compare them as they are. The view “Per year” divides "
                "each figure by its stated period (items without one are left out)."
            )
        )
    # Picks with a per-year figure (NaN compares False) for a period shorter than a year.
    short = display[(display["period_years"] < 1) & display["per_year_high"].notna()]
    if not short.empty:
        # A quarter's $37.5bn read as "$150B per year" next to Stargate's $125B: a rate nobody
        # announced. In every view, as the table has a per-year column in each; outside "Per year"
        # the note names that column (it read as if the chart's quarter were annualised: QA pass).
        names = labels.listed(widgets.escape_markdown(n) for n in short["name"])
        notes.append(
            ctx.ngettext(
                "“Per year” annualises a period shorter than a year: {names}. Its per-year figure is a rate (its "
                "amount × 12 ÷ its months), not money announced for a year.",
                "“Per year” annualises periods shorter than a year: {names}. Their per-year figures are rates "
                "(each amount × 12 ÷ its months), not money announced for a year.",
                len(short),
            ).format(names=names)
            if s.view == "per-year"
            else ctx.ngettext(
                "The table's column “Per year” annualises a period shorter than a year: {names}. Its per-year "
                "figure is a rate (its amount × 12 ÷ its months), not money announced for a year; the chart does "
                "not annualise it.",
                "The table's column “Per year” annualises periods shorter than a year: {names}. Their per-year "
                "figures are rates (each amount × 12 ÷ its months), not money announced for a year; the chart "
                "does not annualise them.",
                len(short),
            ).format(names=names)
        )
    # The Method page's caveats of the picks shown, as a list beside the ratios (QA pass 26).
    if said := " ".join(notes) + "".join(f"\n- {c}" for c in labels.caveats_for(drawn["item_id"], drawn["scope"], _)):
        st.info(said)


def shared_money(display: pd.DataFrame, high_col: str, *, names: list[str] | None = None, table: bool = False) -> str:
    """Which picks hold some of the same money ("" if none; by ``names``, plain text, else escaped): InvestAI
    beside its own €20bn fund read as two sums to add (QA pass). Pairs shown in the view; with ``table``,
    apart, the other pairs the table's whole figures show (per year, two picks left out for want of a
    period were named as shown: QA pass 5; and then not at all, while the table showed both: QA pass 26)."""
    # Cached with the picks: it indexes every row (~60 ms a rerun at 100k rows; warm Compare 41 -> 95 ms).
    pairs = state.figure(
        "compare_shared", (*ctx.key, tuple(display["id"])), lambda: overlaps.shared_money(display, rows)
    )
    shown, whole = ((display[c] > 0).to_numpy(dtype=bool) for c in (high_col, "value_high"))  # NaN: False
    name = names or [widgets.escape_markdown(n) for n in display["name"]]
    in_view = [(a, b, kind) for a, b, kind in pairs if shown[a] and shown[b]]
    in_table = [(a, b, kind) for a, b, kind in pairs if table and whole[a] and whole[b] and not (shown[a] and shown[b])]
    sentences = (
        (_("Some picks hold the same money, so do not add them up: {pairs}."), in_view),
        (_("In the table's column “{column}”, picks hold the same money too: {pairs}."), in_table),
    )
    return " ".join(
        text.format(column=_("Figure"), pairs=labels.shared_pairs(found, name, _)) for text, found in sentences if found
    )


def draw_chart(display: pd.DataFrame, high_col: str, chosen: list[str], ratios: tuple[int | None, np.ndarray]) -> None:
    """The picks' bars, with their table behind "Table"; both files say which picks share money."""
    # A log axis has no zero: the picks with no money in the year lost their bars and labels, and
    # Stargate's bar started at 100 (QA pass). Linear while a pick is zero, and said so.
    zero = bool((display[high_col] == 0).any())
    if zero and s.scale == "log":
        st.caption(_("A logarithmic axis cannot show zero, so this chart is linear while a pick has no money here."))
    fig = state.figure(
        "compare_chart",
        (*ctx.key, tuple(chosen)),
        lambda: charts.ranking(
            display,
            currency=s.currency,
            locale=ctx.locale,
            gettext=_,
            ngettext=ctx.ngettext,
            view=s.view,
            log=s.log_scale(auto=False) and not zero,
            order=list(display["id"]),
            label_limit=LABEL_CHARS,
            horizons=True,
        ),
    )
    bars = charts.bar_names(display, s.view, locale=ctx.locale, limit=LABEL_CHARS)  # the image names picks so
    kinds = charts.kinds_of_picks(display, s.view, bars, _=_)
    notes = (kinds, charts.not_drawn(display, high_col, locale=ctx.locale, _=_))
    figures.show(
        ctx,
        fig,
        key="compare_chart",
        title=_("Selected AI investments compared"),
        note="\n".join(line for line in notes if line),  # kinds of money: the bars' colours are regions
        caveat=shared_money(display, high_col, names=bars),
        table_note=ratio_note(display, *ratios, plain=True),
        picked=True,
        table=lambda: charts.compare_table(
            display, currency=s.currency, locale=ctx.locale, gettext=_, view=s.view, year=s.year
        ),
    )


def ratio_note(display: pd.DataFrame, base: int | None, with_figure: np.ndarray, *, plain: bool = False) -> str:
    """What the ratios divide, and what may move them; ``plain``: for the CSV, which has them too (review 52)."""
    if base is None:
        return _("No pick has a figure in this view, so there are no ratios.")
    escape = (lambda text: text) if plain else widgets.escape_markdown
    text = (
        _("Ratios divide the middle of each item's low and high figures by that of {item}.")
        if plain  # the CSV has a low and a high column where the screen has one "Figure"
        else _(
            "Ratios divide each item's central figure (the middle of its range) in the column “{column}” by "
            "that of {item}: one number each, even where the figures are ranges."
        )
    )
    text = text.format(column=HEADERS[s.view], item=escape(display["name"].iloc[base]))
    if display["fx_date"].take(with_figure).nunique() > 1:
        # Converted on different days, two figures' ratio moves with the display currency (a QA
        # pass read Microsoft at 0.81× InvestAI in EUR, 0.92× in USD); one rate for all does not.
        text += " " + _(
            "The figures are converted at rates of different dates, so their ratios depend on the currency "
            "shown; the basis “{latest}” converts every figure at one date's rates, whose ratios do not."
        ).format(latest=labels.basis_label("latest", _))
    # A ratio to "up to $50–100B" read as a firm multiple (QA pass); which bound, which way.
    figured = display.take(with_figure)
    bounded = {
        kind: ", ".join(map(escape, figured.loc[figured["amount_kind"].eq(kind).to_numpy(bool), "name"]))
        for kind in ("up-to", "more-than")
    }
    if bounded["up-to"]:
        text += " " + _(
            "A ratio with a figure stated as “up to” ({names}) compares what the source states as a maximum: "
            "the amount itself may be lower."
        ).format(names=bounded["up-to"])
    if bounded["more-than"]:
        text += " " + _(
            "A ratio with a figure stated as “more than” ({names}) compares what the source states as a minimum: "
            "the amount itself may be higher."
        ).format(names=bounded["more-than"])
    return text


def compare(chosen: list[str]) -> None:
    """The chart and the table of the picked items (at least two)."""

    def shown() -> pd.DataFrame:
        """The row whose figure stands for each pick (its counted revision, or itself), under its
        own name in the UI language: where a reported actual supplies the figure, the chart and
        the table say "actual", not the item's first name ("guidance")."""
        out = ledger.shown_rows(rows, chosen).copy()
        out["name"] = [charts.row_label(row, ctx.locale) for row in out.to_dict("records")]
        out["name_de"] = out["name"]
        return out

    display = state.figure("compare_rows", (*ctx.key, tuple(chosen)), shown)
    context.conversion_warnings(ctx, display)  # Compare ignores the filters: its own picks
    # The picker names an item by its first figure, the bars by the figure that stands for it: "…
    # AI-enabled datacenters" (guidance) read beside a total-capex actual (QA pass 4). Said by name.
    stand_ins = [
        (names.get(item, item), name)
        for row_id, item, name in zip(display["id"], display["item_id"], display["name"])
        if row_id not in chosen and item in chosen
    ]
    if stand_ins:
        st.caption(
            ctx.ngettext(
                "Shown by its latest figure, under that figure's name: {pairs}.",
                "Shown by their latest figures, under those figures' names: {pairs}.",
                len(stand_ins),
            ).format(
                pairs="; ".join(
                    _("“{picked}” as “{shown}”").format(
                        picked=widgets.escape_markdown(picked), shown=widgets.escape_markdown(shown)
                    )
                    for picked, shown in stand_ins
                )
            )
        )
    low_col, high_col = years.view_columns(s.view)
    base, ratio = picks.ratios(*(display[column].to_numpy(dtype=float) for column in (low_col, high_col)))
    with_figure = np.flatnonzero(ratio > 0)  # NaN compares False
    if (display[high_col] == 0).any() and not (display[high_col] > 0).any():  # NaN compares False
        # Five "£0" bars on a 0–1 axis, with the reason below them (QA pass): the reason, no chart.
        st.info(_("No pick has money in this view, so there is no chart: the notes below say why."))
    else:
        draw_chart(display, high_col, chosen, (base, with_figure))

    # No stated period: a row without a rate has no figure either, and the warning says why.
    missing = display[display[high_col].isna() & (display["fx_problem"].fillna("") == "")]
    if s.view != "total" and not missing.empty:
        widgets.no_horizon_note(ctx, missing["id"])

    if s.view == "year":
        outside = display[years.misses_year(display)]
        if not outside.empty:
            st.info(
                ctx.ngettext(
                    "No money in {year} for: {names} (its stated period lies outside it).",
                    "No money in {year} for: {names} (their stated periods lie outside it).",
                    len(outside),
                ).format(year=s.year, names=labels.listed(widgets.escape_markdown(n) for n in outside["name"]))
            )
    unlike_money_note(display)
    if shared := shared_money(display, high_col, table=s.view != "total"):
        st.info(shared)
    # A cut name goes by its short name, as on the chart ("Alphabet: tatsächliche Investitionen 2…", QA
    # pass 3); whole names where short ones repeat or state an amount, except in the total view where
    # both state it ("OpenAI-Runde 2026 schließt mit 122 M" read as millions at 420 px: QA pass 14).
    states = set(display["id"][display["name"].str.contains(STATES_AMOUNT)]) if s.view == "total" else set()
    short = {
        i: n
        for i, n in charts.short_names(display, ctx.locale, view="total").items()
        if i in states or not STATES_AMOUNT.search(n)
    }
    fits = [n if len(n) <= ITEM_CHARS else short.get(i) or n for i, n in zip(display["id"], display["name"])]
    item_names = fits if len(set(fits)) == len(fits) else display["name"].tolist()
    # Named in every view ("Compared with the first" left the reader to find which item that was), as
    # the table's Item column names the row and cut as it is: "Verhältnis zu Microsoft: Inve…" hid
    # which quarter, "Stargate (US, $500bn)" headed ratios of its per-year figure (QA pass 4), and a
    # whole name ran the header to 420 px (review). The caption gives the whole name.
    ratio_header = (
        _("Ratio") if base is None else _("Compared with {item}").format(item=short_label(item_names[base], ITEM_CHARS))
    )
    records = display[list(charts.Hovers.LABEL_COLUMNS)].to_dict("records")

    def money(view: str) -> list[str]:
        # As the chart labels it: the source's wording ("up to"), a quarter's per-year rate
        # "annualised" and a fiscal year's part "of €85.6B" in one year; the cells gave "€129B"
        # per year for Microsoft's quarter and "€42.8B" in 2025 for its fiscal 2025 (QA pass).
        hovers = charts.Hovers(currency=s.currency, locale=ctx.locale, _=_, view=view)
        lows, highs = (display[c] for c in years.view_columns(view))
        return ["–" if math.isnan(lo) else hovers.label(r, lo, hi) for r, lo, hi in zip(records, lows, highs)]

    table = pd.DataFrame(
        {
            _("Item"): item_names,
            # The view's figures, the kind, the ratios, horizon, confidence, status; the other views' figures
            # last: all three first pushed the status off screen at 1400 px (QA pass), the kind first cut
            # "69 Mrd. €" to "69 M" at 420 px (QA pass 16). The kind before the ratios: at 390 px the grid's
            # edge cut a ratio to a number ("1.940." of "1.940.000×": QA pass 22), a kind to a word.
            HEADERS[s.view]: money(s.view),
            _("Kind"): [labels.kind_label(v, _) for v in years.kinds_shown(display)],
            ratio_header: ["–" if math.isnan(r) else formatting.format_ratio(r, locale=ctx.locale) for r in ratio],
            _("Horizon"): [
                charts.horizon(a, b, locale=ctx.locale, _=_)
                for a, b in zip(display["period_start"], display["period_end"])
            ],
            # How sure the figure is, before its status: a QA pass quoting a "medium", tertiary-sourced
            # guidance never saw this column at 1400 px.
            _("Confidence"): [labels.confidence_label(v, _) for v in display["confidence"]],
            _("Status"): [labels.status_label(v, _) for v in display["status"]],
            **{header: money(view) for view, header in HEADERS.items() if view != s.view},
        }
    )
    kind_help = " ".join(labels.kind_help(kind, _) for kind in dict.fromkeys(years.kinds_shown(display)))
    # At every width: at 1400 px the other views' figures sat off screen with no sign, while captions
    # named their columns (QA pass 5); on a phone the amounts do. Worded for a screen where all fit too (review).
    st.caption(
        _(
            "The last columns hold the other views' figures ({columns}); swipe or scroll the table sideways where "
            "columns are cut off."
        ).format(columns=", ".join(_("“{control}”").format(control=h) for v, h in HEADERS.items() if v != s.view))
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            # Not pinned: pinned, it left a 360 px phone 74 px to swipe "121 Mrd. € von 483 Mrd. €" through,
            # never whole (QA pass 17); a status swiped away from its item is the lesser loss.
            _("Item"): st.column_config.TextColumn(
                width=widgets.text_width(table[_("Item")], cap=widgets.text_width(["x" * ITEM_CHARS])),
                help=_("A long name is given as its short name, as on the chart; the chart's hover gives it whole."),
            ),
            _("Kind"): st.column_config.TextColumn(help=kind_help),
            # Money columns as wide as their longest text: the grid sizes a column by the rows it
            # samples and cut "etwa 35,2 Mrd. CHF" (a fixed "medium" pushed the ratios off screen).
            **{
                # Up to 330 px: "etwa 14,3 Mrd. CHF von etwa 77,1 Mrd. CHF" (41 characters) in the one-year column.
                column: st.column_config.TextColumn(width=widgets.text_width(table[column], cap=330))
                for column in HEADERS.values()
            },
            # As wide as its header (at most 420 px): the ratios stay left of the horizon.
            ratio_header: st.column_config.TextColumn(width=widgets.text_width([ratio_header], pad=24, cap=420)),
            # Sized too: "Jan 2025 – D…" and "Confiden…" were cut at 1400 px (QA pass).
            **{
                column: st.column_config.TextColumn(width=widgets.text_width([*table[column], column], pad=24))
                for column in (_("Horizon"), _("Confidence"), _("Status"))
            },
        },
    )
    st.caption(ratio_note(display, base, with_figure))


# Not ``st.stop()``: the app draws the sidebar after the page, and a stopped run left it out, so
# Streamlit dropped its widgets' state and the next run showed the filters emptied.
if len(chosen) < 2:
    # An emptied picker had no way back to the default picks (QA pass); offered where the data in
    # use has two of them at least (an upload without them made the button do nothing: QA pass), or
    # said to be missing: an uploaded file in their place left the page empty without a word (QA pass 5).
    priced = rows["id"][rows["amount_high"].notna()]
    here = set(priced[lookups.is_in(priced, DEFAULT_ITEMS)])
    defaults = tuple(i for i in DEFAULT_ITEMS if i in here)
    if len(defaults) < 2 and ctx.data.upload_name is not None:
        st.info(
            _("Pick at least two items: fewer than two of the page's default items are in {dataset}.").format(
                dataset=widgets.escape_markdown(context.dataset_name(ctx))
            )
        )
    else:
        st.info(_("Pick at least two items."))
    if len(defaults) >= 2:
        st.button(
            _("Pick the default items"),
            key="compare_default_items",
            on_click=controls.update,
            kwargs={"items": defaults},
        )
else:
    compare(chosen)
