"""Data & sources: the filtered rows with their conversion, and a CSV download of that table."""

import streamlit as st

from dashboard import charts, export
from dashboard.ui import context

ctx = context.get()
_ = ctx._
s = ctx.settings

st.title(_("Data & sources"))
st.caption(context.basis_caption(ctx))
context.conversion_warnings(ctx)

table = export.table(ctx.rows)
st.write(_("{count} rows match the filters. Every figure links to the page it was read from.").format(count=len(table)))
column_config = {
    "source_url": st.column_config.LinkColumn(_("Source"), display_text=r"https?://(?:www\.)?([^/]+)"),
    "name": st.column_config.TextColumn(_("Name"), width="large"),
    "amount_low": st.column_config.NumberColumn(_("Amount (low)"), format="localized"),
    "amount_high": st.column_config.NumberColumn(_("Amount (high)"), format="localized"),
    "value_low": st.column_config.NumberColumn(_("Converted (low), {currency}").format(currency=s.currency),
                                               format="localized"),
    "value_high": st.column_config.NumberColumn(_("Converted (high), {currency}").format(currency=s.currency),
                                                format="localized"),
    "fx_rate": st.column_config.NumberColumn(_("Rate"), format="%.6f"),
    "counts_in_total": st.column_config.CheckboxColumn(_("Counted")),
    "id": st.column_config.TextColumn(_("ID")),
    "region": st.column_config.TextColumn(_("Region")),
    "status": st.column_config.TextColumn(_("Status")),
    "confidence": st.column_config.TextColumn(_("Confidence")),
    "currency": st.column_config.TextColumn(_("Currency")),
    "announced": st.column_config.TextColumn(_("Announcement date")),
    "fx_date": st.column_config.TextColumn(_("Rate date")),
    "fx_basis": st.column_config.TextColumn(_("FX basis")),
    "role": st.column_config.TextColumn(_("Role")),
    "actor": st.column_config.TextColumn(_("Actor")),
    "note": st.column_config.TextColumn(_("Note"), width="large"),
}
ROWS_SHOWN = 5000
shown = table.head(ROWS_SHOWN).copy()
if len(table) > ROWS_SHOWN:
    st.caption(_("The table shows the first {shown} rows; the download holds all {count}.").format(
        shown=ROWS_SHOWN, count=len(table)))
if s.lang == "de":
    shown["name"] = shown["name_de"].where(shown["name_de"] != "", shown["name"])
    # Readable values on screen; the download keeps the dataset's codes.
    shown["region"] = shown["region"].map(lambda v: charts.region_label(v, _))
    shown["status"] = shown["status"].map(lambda v: charts.status_label(v, _))
    shown["confidence"] = shown["confidence"].map(lambda v: charts.confidence_label(v, _))
# The columns a reader needs first; the rest (ids, roles, notes) follow.
FIRST = ["name", "value_low", "value_high", "amount_low", "amount_high", "currency", "fx_rate", "fx_date",
         "status", "confidence", "region", "announced", "counts_in_total", "source_url"]
order = [c for c in FIRST if c in shown.columns] + [c for c in shown.columns if c not in FIRST]
st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config, column_order=order, height=560)
st.download_button(
    _("Download this table (CSV)"),
    # Built when clicked, not on every run: at 100,000 rows the CSV is ~64 MB and takes seconds.
    data=lambda: export.to_csv(table),
    file_name=f"ai-investments-{s.currency.lower()}.csv",
    mime="text/csv",
    key="download_csv",
)
st.caption(_("The CSV holds exactly these rows with the method columns (rate, rate date, basis, counted). "
             "Cells that a spreadsheet would evaluate as a formula start with an apostrophe."))
