"""Data & sources: the filtered rows with their conversion, readable in the UI's language, a CSV
download of the same rows with the dataset's codes, the column dictionary and an upload template.

On a wide screen the rows are a table (name, converted figure, rate and source first); below
640 px the table is replaced by a compact card list (CSS media queries on the two keyed
containers: the server cannot know the screen width).
"""

import html
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import charts, dates, explain, export, formatting, labels, measures, settings, years
from dashboard.ui import context, state, widgets

ctx = context.get()
_ = ctx._
s = ctx.settings
loc = ctx.locale

context.page_header(ctx, _("Data & sources"))

ROWS_SHOWN = 5000
CARDS_SHOWN = 40


def not_counted(frame: pd.DataFrame) -> list[str]:
    """Why this view's total leaves each row out, in words ("part of InvestAI initiative"): a QA
    pass read "not added to the total" on Meta's 2026 guidance, counted through its revision.
    ``frame``: rows of ``table``, by its index (positions in ``counted``)."""
    codes, targets = export.not_counted(counted, ctx.all_rows, s.view, at=frame.index.to_numpy())
    named = widgets.row_names(ctx.all_rows, {str(t) for t, c in zip(targets, codes) if c}, loc)
    dropped = widgets.dropping_filters(ctx, [str(t) for t, c in zip(targets, codes) if c == "filtered-figure"])
    return [
        labels.not_counted_label(
            code, _, item=named.get(str(target), str(target)), year=s.year, filters=dropped.get(str(target), "")
        )
        for code, target in zip(codes, targets)
    ]


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """What a reader sees: localised money, rates, dates and labels; empty cells stay empty."""
    de = s.lang == "de"
    # Columns as lists: iterating an Arrow column yields one value per call, 15x slower (2.5 ms
    # per 5,000 values, measured; ~15 columns of a 100k-row upload, B2).
    kinds = frame["amount_kind"].fillna("").tolist()  # a contract column: every frame has it
    # A few dozen rate dates among 5,000 rows: each worded once (20 ms a table otherwise, measured).
    rate_dates = {d: explain.rate_date(d, locale=loc, gettext=_) for d in set(frame["fx_date"].dropna().tolist())}
    name = frame["name"]
    if de and "name_de" in frame:
        name = frame["name_de"].where(frame["name_de"].fillna("") != "", frame["name"])
    return pd.DataFrame(
        {
            "name": name.fillna(""),
            # "up to", "more than", "about" as the source words it (``amount_kind``).
            "value": [
                labels.worded_money(lo, hi, s.currency, kind, _, locale=loc) if hi == hi else ""
                for lo, hi, kind in zip(frame["value_low"].tolist(), frame["value_high"].tolist(), kinds)
            ],
            "amount": [
                labels.qualified_amount(formatting.format_money_range(lo, hi, cur, locale=loc), kind, _)
                if hi == hi and cur
                else ""
                for lo, hi, cur, kind in zip(
                    frame["amount_low"].tolist(), frame["amount_high"].tolist(), frame["currency"].tolist(), kinds
                )
            ],
            # No rate is shown where none was needed (the amount is already in the display currency).
            "fx_rate": [
                f"1 {cur} = {formatting.format_rate(rate, locale=loc)} {s.currency}"
                if rate == rate and cur and cur != s.currency
                else ""
                for rate, cur in zip(frame["fx_rate"].tolist(), frame["currency"].tolist())
            ],
            "fx_date": [
                rate_dates[d] if d and cur != s.currency else ""
                for d, cur in zip(frame["fx_date"].fillna("").tolist(), frame["currency"].tolist())
            ],
            "source_url": frame["source_url"].fillna(""),
            "status": [labels.status_label(v, _) for v in frame["status"].tolist()],
            "confidence": [labels.confidence_label(v, _) for v in frame["confidence"].tolist()],
            "counts_in_total": frame["counted_in_view"].astype(bool),
            "why": not_counted(frame),
            "announced": [
                dates.format_announced(d, locale=loc) if d else "" for d in frame["announced"].fillna("").tolist()
            ],
            "region": [labels.region_label(v, _) for v in frame["region"].tolist()],
            "role": [labels.role_label(v, _) for v in frame["role"].tolist()],
            "actor": frame["actor"].fillna(""),
            "note": frame["note"].fillna(""),
            "id": frame["id"],
            # For sorting (the worded text sorted "up to $7B" above "up to $674M", and "Apr 10, 2025"
            # after "2025": QA pass): the rows' rank by high end, the date as ISO text. A rank, not
            # the amount: the grid formats numbers in the browser's locale, not the page's ("3.4B"
            # beside "3,4 Mrd. €", and "102T", Tausend to a German reader: QA pass).
            "rank": frame["value_high"].rank(ascending=False, method="min").astype("Int64").to_numpy(),
            "announced_iso": frame["announced"].fillna("").astype(str).to_numpy(),
        }
    )


# Whether the current view's total adds the row (the screen's "Counted"; the CSV has it too).
counted = ctx.rows.assign(counted_in_view=years.added(ctx.rows, s.view))
table = export.table(counted)
# Cached per data and settings (only the rows shown: the whole table is tens of MB at 100k rows):
# formatting them took ~250 ms of every run at 100k rows (B2).
shown = state.table("data_shown", ctx.key, lambda: readable(table.head(ROWS_SHOWN)))
count = formatting.format_number(len(table), locale=loc, digits=0)
if table.empty:  # "0 rows match" over an empty grid and a CSV of no rows (QA pass 13)
    st.info(_("No row matches the current filters: change them in the sidebar to see rows."))
else:
    st.write(
        ctx.ngettext(
            "{count} row matches the filters. Every figure comes with a link to the page it was read from.",
            "{count} rows match the filters. Every figure comes with a link to the page it was read from.",
            len(table),
        ).format(count=count)
    )
if s.view != "total":
    st.caption(
        _(
            "Figures are whole amounts, as announced, in every view; the export adds the per-year and "
            "one-year columns. “Counted” marks the rows the current view's total adds."
        )
    )
HEADERS = {
    "name": _("Name"),
    "value": _("Figure in {currency}").format(currency=s.currency),
    "amount": _("As announced"),
    "fx_rate": _("Rate"),
    "fx_date": _("Rate date"),
    "source_url": _("Source"),
    "status": _("Status"),
    "confidence": _("Confidence"),
    "counts_in_total": _("Counted"),
    "why": _("Why not counted"),
    "announced": _("Announcement date"),
    "region": _("Region"),
    "role": _("Role"),
    "actor": _("Actor"),
    "note": _("Note"),
    "id": _("ID"),
}
column_config = {c: st.column_config.TextColumn(label) for c, label in HEADERS.items()}
column_config["name"] = st.column_config.TextColumn(HEADERS["name"], width=300, pinned=True)
column_config["source_url"] = st.column_config.LinkColumn(
    HEADERS["source_url"], display_text=r"https?://(?:www\.)?([^/]+)", width="small"
)
# Sortable twins of "Figure" and "Announcement date", shown in their place in the grid: a grid sorts
# text as text, and a Styler over numbers made a copied cell or the grid's CSV a bare sort key
# ("100000000000.00005" for "up to $50–100B": review).
# "Order", not "Rank": it numbers every row shown, parts, running totals and context figures too, and
# a QA pass read InvestAI as "9th" behind rows no total adds (QA pass 14).
rank_header = _("Order by amount")
# "Figure" sorted put "up to €9B" above "up to €885M" (QA pass): its help points to the twin.
value_help = _("Worded as the source words it, so it sorts as text: sort by “{column}” to order by amount.")
for column in ("value", "amount", "fx_rate", "fx_date"):  # sized for their longest text, not the first rows
    column_config[column] = st.column_config.TextColumn(
        HEADERS[column],
        width=widgets.text_width([*shown[column], HEADERS[column]]),
        help=value_help.format(column=rank_header) if column == "value" else None,
    )
column_config["counts_in_total"] = st.column_config.CheckboxColumn(HEADERS["counts_in_total"], width="small")
rank_help = _(
    "1 is the row with the largest figure in {currency} (its high end) among the rows shown, counted or not: "
    "parts, running totals and context figures are numbered too. Sort by it to order the rows by amount. It "
    "is not a ranking of investments (the Overview ranks headline items). Rows with the same high end share a "
    "number."
).format(currency=s.currency)
column_config["rank"] = st.column_config.NumberColumn(
    rank_header,
    width=widgets.text_width([rank_header], pad=48),  # its header whole, beside the sort arrow and menu
    format="%d",
    help=rank_help,
)
column_config["announced_iso"] = st.column_config.TextColumn(
    HEADERS["announced"], help=_("Year, year-month or day as the source gives it (YYYY-MM-DD), so that it sorts.")
)
order = [c for c in HEADERS if c != "announced"]
order.insert(order.index("value") + 1, "rank")
order.insert(order.index("why") + 1, "announced_iso")
column_config["note"] = st.column_config.TextColumn(HEADERS["note"], width="large")
# Its header whole and most reasons ("Warum nicht gezä…" and cut reasons: QA pass); a cell shows the rest.
column_config["why"] = st.column_config.TextColumn(HEADERS["why"], width=widgets.text_width(shown["why"], cap=420))

# One search for the table, the cards and the download, at every width: a phone's search stayed
# in force, hidden, on a wider screen, and the CSV held 15 rows beside a table of 183 (QA pass).
wanted = st.text_input(_("Find a row"), key="data_find", placeholder=_("Name, actor or ID")).strip()
found, matched, hits = shown, len(table), table
if wanted:
    # Every row, not only the table's first 5,000 (a large upload); names in both languages.
    text = table["name"].fillna("") + " " + table["actor"].fillna("") + " " + table["id"]
    if "name_de" in table:
        text += " " + table["name_de"].fillna("")
    hits = table[text.str.casefold().str.contains(wanted.casefold(), regex=False)]
    # Cached as ``shown`` is: a search left in the box formatted up to 5,000 rows on every run (review).
    found = state.table("data_found", (*ctx.key, wanted.casefold()), lambda: readable(hits.head(ROWS_SHOWN)))
    matched = len(hits)
    st.caption(
        ctx.ngettext("{count} row contains “{text}”.", "{count} rows contain “{text}”.", len(hits)).format(
            count=formatting.format_number(len(hits), locale=loc, digits=0), text=widgets.escape_markdown(wanted)
        )
    )
if matched > ROWS_SHOWN:  # of the rows the search finds, if any (said above it, it contradicted the search)
    st.caption(
        _("The table shows the first {shown} rows; the download holds all {count}.").format(
            shown=formatting.format_number(ROWS_SHOWN, locale=loc, digits=0),
            count=formatting.format_number(matched, locale=loc, digits=0),
        )
    )
# Both views are drawn; CSS shows one by screen width (the cards are a short list for phones).
widgets.by_width(wide_only=(".st-key-data_table",), narrow_only=(".st-key-data_cards",))
with st.container(key="data_table"):
    if not found.empty:  # an empty grid of blank lines said nothing the captions do not (QA pass 13)
        st.dataframe(
            found,
            hide_index=True,
            width="stretch",
            column_config=column_config,
            column_order=order,
            height=560,
            placeholder=formatting.MISSING,
        )
with st.container(key="data_cards"):
    cards = []
    for row in found.head(CARDS_SHOWN).itertuples(index=False):
        link = (
            (
                f'<a href="{html.escape(row.source_url)}" target="_blank" rel="noopener noreferrer">'
                f"{html.escape(_('Source'))}</a>"
            )
            if row.source_url.startswith(("https://", "http://"))
            else ""
        )
        # Its role and whether this view's total adds it, as the table's columns say: without them a
        # running total or a revision read as one more investment on a phone (QA pass).
        added = (
            _("counted in this view's total")
            if row.counts_in_total
            else _("not added to the total: {why}").format(why=row.why)
        )
        # The amount as announced and the rate, as the table's columns give them: a phone read
        # "£408B" for Stargate with neither $500bn nor a rate (QA pass).
        converted = (
            _("{amount} as announced, {rate} ({date})").format(amount=row.amount, rate=row.fx_rate, date=row.fx_date)
            if row.fx_rate
            else ""
        )
        status = "" if row.status == row.why else row.status  # "not added: cancelled · cancelled" (QA pass 6)
        facts = " · ".join(html.escape(x) for x in (row.value, converted, row.role, added, status, row.announced) if x)
        cards.append(
            f'<div style="border:1px solid rgba(128,128,128,.35);border-radius:.5rem;padding:.5rem .75rem;'
            f'margin-bottom:.5rem"><strong>{html.escape(row.name)}</strong><br>{facts}'
            f"{' · ' + link if link else ''}</div>"
        )
    if cards:  # ``st.html("")`` raises: no rows match the filters
        st.html("".join(cards))
    if matched > CARDS_SHOWN:
        st.caption(_("The first {shown} rows; the download and a wider screen show all.").format(shown=CARDS_SHOWN))

economies = state.economies()
calendar_year = s.year or state.default_year(ctx.data)


searched = counted.iloc[hits.index.to_numpy()] if wanted else counted  # ``table``'s index: positions


def csv_text() -> str:
    """The export's columns as ``python -m dashboard export`` gives them, the measures included
    (share of GDP, per person, cost per GW and per accelerator): the page's CSV lacked those
    ten (QA pass). Only the rows the search finds, as the caption says: the file held every
    row of the filters while the page said "exactly these rows" (QA pass). Pure computation, when
    clicked."""
    # In German as a German spreadsheet opens it, as the charts' tables are (QA pass).
    german = s.lang == "de"
    # The costs per GW and per accelerator need no economies (the CLI's export has them too: QA pass 9).
    usd = state.normalised(ctx.data, replace(s, currency="USD"))
    measured = searched.join(measures.row_measures(searched, usd, economies))
    return export.to_csv(export.table(measured), german=german, bom=True)


if not table.empty:  # no CSV of no rows: the filters keep none (QA pass 13)
    st.download_button(
        _("Download this table (CSV)"),
        # Built when clicked, not on every run: at 100,000 rows the CSV is ~64 MB and takes seconds.
        data=csv_text,
        # The view, its year (in every view: it picks the company capex counted), an upload and the
        # day, as the charts' downloads say them: two files in other views or years had one name (QA).
        file_name=charts.download_name(
            "data",
            s.currency,
            # The rows the search finds, by what was searched: Mistral's ten rows had the name of all
            # rows, and a capex year they hold none of (QA pass 28).
            charts.view_part(
                s.view, calendar_year, capex=years.capex_of_year(searched, s.view) if wanted else ctx.capex
            ),
            charts.basis_part(s.basis, s.average_year, s.revisions),
            "filtered" if settings.filter_summary(s, _) else None,  # Europe's rows had the name of all rows
            charts.search_part(wanted) if wanted else None,
            None if ctx.data.upload_name is None else "with-upload",
            None if s.lang == "en" else s.lang,  # a German CSV, named apart (QA pass 11)
            day=date.today(),
        )
        + ".csv",
        mime="text/csv",
        key="download_csv",
        # No rerun on click: a rerun registers the callable again under a new id and revokes the one
        # the browser is fetching, so on a busy server the download was lost (a flaky CI run).
        on_click="ignore",
    )
    found_text = dict(
        count=formatting.format_number(len(hits), locale=loc, digits=0), text=widgets.escape_markdown(wanted)
    )
    if not wanted:
        csv_rows = _("The CSV holds every row that matches the filters")  # "these rows" read as a phone's 40 cards
    elif len(hits):
        csv_rows = ctx.ngettext(
            "The CSV holds the row that contains “{text}”",
            "The CSV holds the {count} rows that contain “{text}”",
            len(hits),
        ).format(**found_text)
    else:
        csv_rows = _("No row contains “{text}”, so the CSV holds the header row only").format(**found_text)
    st.caption(
        # Whole sentences, one per case, so that each translates as a sentence (review).
        _(
            "{rows}, with the dataset's codes and the method columns (rate, rate date, basis; “Counted” is "
            "counted_in_view). Cells that a spreadsheet would evaluate as a formula start with an apostrophe."
        ).format(rows=csv_rows)
        # Said in German only: the English file is the one ``python -m dashboard export`` writes.
        + (
            " " + _("Semicolon-separated with a decimal comma, as a German spreadsheet opens it.")
            if s.lang == "de"
            else ""
        )
    )

with st.expander(_("What the columns mean")):
    column_head, meaning_head = _("Column"), _("Meaning")
    st.markdown(
        "\n".join(
            [
                f"| {column_head} | {meaning_head} |",
                "|---|---|",
                f"| {HEADERS['value']} | "
                + _("The figure converted at the rate shown; a range where sources differ.")
                + " |",
                f"| {rank_header} | {rank_help} |",
                f"| {HEADERS['amount']} | " + _("The amount in the currency it was announced in.") + " |",
                f"| {HEADERS['fx_rate']} | " + _("ECB reference rate used (see the FX basis in the sidebar).") + " |",
                f"| {HEADERS['fx_date']} | " + _("The fixing date or the averaged period of that rate.") + " |",
                f"| {HEADERS['source_url']} | " + _("The page the figure was read from.") + " |",
                f"| {HEADERS['region']} | " + labels.region_help(_) + " |",
                f"| {HEADERS['status']} | "
                + _(
                    "Announced (plan, pledge, guidance), committed (contracted, budgeted), "
                    "spent (reported outturn) or cancelled."
                )
                + " |",
                f"| {HEADERS['confidence']} | "
                + _("How sure we are that the amount is right for what the row names.")
                + " "
                + labels.confidence_help(_)
                + " |",
                f"| {HEADERS['counts_in_total']} | "
                + _(
                    "Whether the total of the current view adds the row: headline items, at their latest "
                    "revision or as first announced (your choice); one year of capex per company; not an item "
                    "wholly inside another counted item; per year and in one year only those with a stated "
                    "period."
                )
                + " |",
                f"| {HEADERS['why']} | "
                + _("For a row the total does not add, why: a part, another figure of its item, another year…")
                + " |",
                f"| {HEADERS['role']} | " + _("Headline, part, revision, running total or context.") + " |",
            ]
        )
    )

st.subheader(_("Your own data"))
st.write(
    _(
        "Upload a file in the sidebar to see it instead of, or next to, the bundled data. Start from this "
        "template: the dataset's columns and one example row."
    )
)
st.download_button(
    _("Download a template (CSV)"),
    data=lambda: export.template(ctx.data.frame, german=s.lang == "de"),
    file_name="ai-investments-template.csv" if s.lang == "en" else f"ai-investments-template-{s.lang}.csv",
    mime="text/csv",
    key="download_template",
    on_click="ignore",  # as above: a rerun would revoke the callable being fetched
)
