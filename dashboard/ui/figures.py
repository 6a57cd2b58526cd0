"""A chart as every page shows it: published (title, subtitle, source line and link inside the
figure), with a named image download, and a "Chart | Table" switch whose table downloads as CSV.

Its own module because it reads the context (the dataset's date), the controls (the link) and
the cache, and ``widgets`` is imported by both of the first two.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial, wraps
from typing import ParamSpec
from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, dates, export, fx, years
from dashboard import settings as settings_mod
from dashboard.ui import context, controls, errors, state, toolbar, widgets


def view_link() -> str:
    """The page's address with the query string that reproduces the view ("" outside a browser)."""
    url = st.context.url
    if not url:
        return ""
    query = urlencode(controls.linked_query(), doseq=True)
    if not urlsplit(url).path:
        url += "/"
    return f"{url}?{query}" if query else url


def _switch_key(key: str, lang: str) -> str:
    """The key of chart ``key``'s "Chart | Table" switch while the UI speaks ``lang`` (its labels
    change with the language: see ``controls.widget_key``)."""
    return f"{key}-as-{lang}"


#: Session key of this run's put-off charts: (place, draw) pairs, or None before the first chart.
_LATER = "_charts_later"


def start_run() -> None:
    """Forget what an earlier run put off (called by the app before the page)."""
    st.session_state[_LATER] = None


def draw_later() -> None:
    """Draw the charts this run put off, each into the place the page kept for it."""
    for place, draw in st.session_state.get(_LATER) or []:
        with place:
            draw()
    st.session_state[_LATER] = None


P = ParamSpec("P")


def _first_at_once(draw_section: Callable[P, None]) -> Callable[P, None]:
    """The page's first chart is drawn at once; later ones (further down) keep their place and are
    drawn at the end of the run (:func:`draw_later`, after the sidebar), so the browser has drawn
    the first chart before it gets them. Drawn in the same batch, the overview's treemap delayed
    the ranking by about 100 ms after a currency switch (``python -m benchmarks.clickbench``)."""

    @wraps(draw_section)
    def put_off(*args: P.args, **kwargs: P.kwargs) -> None:
        draw = partial(draw_section, *args, **kwargs)
        later = st.session_state.get(_LATER)
        if later is None:  # the page's first chart
            st.session_state[_LATER] = []
            draw()
        else:
            later.append((st.container(), draw))

    return put_off


@_first_at_once
@st.fragment
def show(
    ctx: context.Context,
    fig: go.Figure,
    *,
    key: str,
    title: str,
    table: Callable[[], pd.DataFrame],
    by_view: bool = True,
    by_revisions: bool = True,
    unit: str | None = None,
    picked: bool = False,
    capex: bool = True,
    note: str = "",
    caveat: str = "",
    table_note: str = "",
    name_part: str | None = None,
) -> None:
    """Draw ``fig`` under ``key`` with ``title`` and the current settings' subtitle and footer, or,
    when the reader switches to "Table", the frame ``table()`` returns, with its CSV download.

    ``by_view`` False: a chart that draws every announcement's full amount whatever the view.
    ``by_revisions`` False: a chart that draws every revision whatever "Figures" says (capex
    guidance), whose files' names do not say "first-figures" (QA pass 31).
    ``unit``: the subtitle's unit where the chart shows no money (a share of GDP).
    ``picked``: a chart of the reader's picks (Compare), where no one-year capex rule applies.
    ``capex`` False: a chart without company capex (shares of GDP), whose subtitle names no capex year.
    ``note``: a line above the chart's footer, for what a downloaded image must say itself (not in
    the table's CSV, whose rows list every pick).
    ``caveat``: what neither a downloaded image nor the table's CSV may lose (picks that hold the
    same money, a change of definition): first above the image's footer, and a "Note" column.
    ``table_note``: what the table's CSV alone must say, after ``caveat`` (what its ratios divide).
    ``name_part``: what else the chart shows by, for its files' names (the sidebar's measure: a
    chart of cost per GW and one per accelerator had one name, QA pass 11).
    ``fig`` is the page's cached figure; the published copy is cached next to it.

    A fragment: its "Chart | Table" switch reruns this section only, so the page's other charts are
    neither recomputed nor sent again. A failure stays inside it.
    """
    with errors.boundary(ctx._("the chart “{title}”").format(title=title), ctx._):
        _ = ctx._
        s = ctx.settings
        view = s.view if by_view else None
        # As the total card says it: an uploaded file without capex, or Europe's rows, still read "company
        # capex of fiscal years ending in 2026", and a year without any "capex of 2034" (QA pass 5).
        capex_state = ctx.capex if capex and not picked else years.NO_CAPEX
        filters = "" if picked else settings_mod.filter_summary(s, _)  # picks ignore the filters
        subtitle = charts.subtitle(
            currency=s.currency,
            basis=s.basis,
            view=view,
            year=s.year,
            rate_date=dates.format_announced(fx.last_fixing_date().isoformat(), locale=ctx.locale),
            _=_,
            unit=unit,
            capex=capex_state,
            rate_year=s.average_year,
            filters=filters,
        )
        source = partial(
            charts.footer,
            dataset=context.dataset_name(ctx),
            as_of=dates.format_announced(context.as_of_date(ctx.data), locale=ctx.locale),
            _=_,
        )
        link = view_link()
        if link and ctx.data.upload_name is not None:
            # A link carries the settings, not the file: it opens the bundled data (QA pass).
            link = _("{link} (opens the bundled data, without your file)").format(link=link)
        footer = source(link=link)
        # The page's warnings stayed on the page: a downloaded image of InvestAI beside its own parts
        # showed three bars to add, the guidance chart's PNG a change of definition as a raise (QA pass 8).
        # The note is the image's only: the table lists every pick.
        drawn_footer = "\n".join(line for line in (caveat, note, footer) if line)
        # A downloaded image or CSV of an uploaded file's numbers says so in its name (a CSV has no footer).
        uploaded = "with-upload" if ctx.data.upload_name is not None else None
        # The year in every view of a chart that has views: it also picks the company capex the
        # total and per-year views count, and files of 2026 and 2028 had one name (QA pass).
        part = charts.view_part(view, s.year, capex=capex_state)
        basis = charts.basis_part(s.basis, s.average_year, s.revisions if by_revisions else "latest")
        # German files are German CSVs (";", decimal commas): named apart from the English ones (QA pass 11).
        lang = None if s.lang == "en" else s.lang
        # Filtered rows say so too: two files of Europe's rows and of all rows had one name (QA pass 14).
        filtered = "filtered" if filters else None
        name = charts.download_name(key, name_part, s.currency, part, basis, filtered, uploaded, lang, day=date.today())
        # The choice, kept apart from the widget: Streamlit forgets a widget's state once a run
        # does not draw it (another page), and a language switch draws a new switch (below).
        kept = f"_{key}_shown_as"
        shown_as = st.session_state[kept] = st.segmented_control(
            _("Show as"),
            ["chart", "table"],
            format_func=lambda option: {"chart": _("Chart"), "table": _("Table")}[option],
            default=st.session_state.get(kept, "chart"),
            required=True,
            key=_switch_key(key, s.lang),
            label_visibility="collapsed",
        )
        if shown_as == "chart":
            # ``id(fig)``: the figure cached for the same settings (compare: and the same picks).
            published = state.figure(
                key + "_published",
                (*ctx.key, id(fig), title, subtitle, drawn_footer),
                lambda: charts.publish(fig, title=title, subtitle=subtitle, footer=drawn_footer),
            )
            config = toolbar.chart_config(name, published.layout.height, locale=ctx.locale, gettext=_)
            st.plotly_chart(published, key=key, width="stretch", config=config)
            return
        frame = table()
        widgets.swipe_hint(f"{key}_swipe", _("Swipe the table sideways for its other columns."))
        widgets.number_table(frame, ctx.locale)
        # Where the numbers come from, as under the chart: a table of an uploaded file said nothing of it.
        caption = title + " · " + subtitle
        st.caption(widgets.escape_markdown(caption) + "  \n" + widgets.escape_markdown(source(link="")))
        # The file says on which basis and for which view, as the caption does: two CSVs of one table
        # in other rates or revisions had the same name and the same columns (QA pass). Floats keep
        # 15 significant digits, as a spreadsheet does: 216476093749.99997 is float noise, not a figure.
        # One line per cell: the footer's line break split the source from its link inside a cell.
        said = " ".join(text for text in (caveat, table_note) if text)
        described = frame.assign(
            **{_("Basis"): caption, **({_("Note"): said} if said else {}), _("Source"): footer.replace("\n", " ")}
        )
        st.download_button(
            _("Download this table (CSV)"),
            data=lambda: export.to_csv(described, german=s.lang == "de", digits=15, bom=True),
            file_name=name + ".csv",
            mime="text/csv",
            key=f"{key}-csv",
            # A rerun would revoke the deferred file the browser is fetching (see data_sources).
            on_click="ignore",
        )
        if export.has_formula_cells(frame, german=s.lang == "de"):  # "+$8.2B (+10.3%)" in the guidance table
            st.caption(_("Cells that a spreadsheet would evaluate as a formula start with an apostrophe in the CSV."))
