"""Publication texts inside a figure, as Our World in Data and Epoch AI print them: a title that
says what is measured, a subtitle with unit, currency, FX basis and view, and a footer with the
source and the link to the view. They are part of the figure, so the image a reader downloads
from the toolbar carries them too.

Pure: no Streamlit. :func:`publish` copies the figure it is given (pages cache figures and
share them between sessions) and only adds the texts and the room they need; the texts come
from :func:`subtitle`, :func:`footer` and :func:`download_name`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.text import MAX_LABEL, distinct_labels, escape, row_label, short_names, wrap_words
from dashboard.fx import is_partial_period
from dashboard.i18n import Gettext
from dashboard.labels import kind_label, listed
from dashboard.years import CAPEX_COUNTED, CAPEX_NONE_OF_YEAR, NO_CAPEX, kinds_shown, with_money

TITLE_SIZE = 17
SUBTITLE_SIZE = 12
FOOTER_SIZE = 11
#: Characters a line holds at 360 px (a small phone); longer texts wrap, so nothing runs past the
#: edge of a narrow chart (measured in Chromium: 42 and 62 ran titles and subtitles up to 30 px
#: past it at 360 px, QA pass 16). The footer starts further in, after the blank symbol of its
#: legend entry.
TITLE_WRAP = 36
TEXT_WRAP = 54
FOOTER_WRAP = 54
#: How much higher Plotly sets a title of several lines than one of one line (both anchored at the top).
MULTILINE_LIFT_PX = 12
#: Pixels each line takes, with its leading.
LINE_PX = {TITLE_SIZE: 24, SUBTITLE_SIZE: 17, FOOTER_SIZE: 15}
#: Pixels above the title and between the texts and the chart.
PAD_PX = 10
#: The strip at the figure's top that Plotly's toolbar takes (26 px), kept clear above the title: a
#: touch screen shows the toolbar all the time, and at 420 px it lay over the title (QA pass 10).
TOOLBAR_PX = 28
#: Plotly's own margins, for figures that leave them unset.
PLOTLY_MARGIN_T, PLOTLY_MARGIN_B = 100, 80
PLOTLY_HEIGHT = 450
TEXT_COLOUR = "#555"
#: Trace types drawn on x and y axes, whose figures have a legend at their foot.
CARTESIAN = frozenset({"bar", "scatter"})


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters: at spaces, and a word longer than a line
    (a link) before its "&"s, by characters only where a part is still longer: a link broke
    mid-word ("status=a" / "nnounced", QA pass).

    >>> wrap("Data: bundled dataset; ECB rates", 20)
    ['Data: bundled', 'dataset; ECB rates']
    >>> wrap("https://example.org/?cur=USD&view=year", 16)
    ['https://example.', 'org/?cur=USD', '&view=year']
    """
    lines: list[str] = []
    for line in wrap_words(text, width) or [""]:
        if len(line) <= width:
            lines.append(line)
            continue
        current = ""
        for part in re.split(r"(?=&)", line):
            for chunk in (part[i : i + width] for i in range(0, len(part), width)):
                if current and len(current) + len(chunk) > width:
                    lines.append(current)
                    current = ""
                current += chunk
        lines.append(current)
    return lines


def _html(lines: list[str]) -> str:
    return "<br>".join(escape(line) for line in lines)


def publish(fig: go.Figure, *, title: str, subtitle: str, footer: str) -> go.Figure:
    """A copy of ``fig`` with ``title`` and ``subtitle`` above the chart and ``footer`` below it.

    The texts are plain text (escaped here) and wrap for a phone. The top margin grows by the
    height of the title block and the bottom margin by that of the footer, and the figure's
    height by both, so the plot area keeps its size; a legend anchored to the bottom of the
    figure moves up above the footer.
    """
    spec = fig.to_dict()  # a copy: a new figure from it costs a tenth of Figure.update_layout
    layout = spec["layout"]
    margin = layout.setdefault("margin", {})
    old_top, old_bottom = margin.get("t", PLOTLY_MARGIN_T), margin.get("b", PLOTLY_MARGIN_B)
    title_lines = wrap(title, TITLE_WRAP)
    subtitle_lines = wrap(subtitle, TEXT_WRAP)
    footer_lines = [line for part in footer.split("\n") for line in wrap(part, FOOTER_WRAP)]
    title_px = TOOLBAR_PX + PAD_PX + LINE_PX[TITLE_SIZE] * len(title_lines)
    header_px = title_px + LINE_PX[SUBTITLE_SIZE] * len(subtitle_lines)
    footer_px = LINE_PX[FOOTER_SIZE] * len(footer_lines) + PAD_PX
    old_height = layout.get("height", PLOTLY_HEIGHT)
    layout["height"] = old_height + header_px + footer_px
    margin.update(t=old_top + header_px, b=old_bottom + footer_px)
    layout["title"] = dict(
        text="<b>" + _html(title_lines) + "</b>",
        font=dict(size=TITLE_SIZE),
        subtitle=dict(text=_html(subtitle_lines), font=dict(size=SUBTITLE_SIZE, color=TEXT_COLOUR)),
        x=0,
        xref="container",
        xanchor="left",
        y=1,
        yref="container",
        yanchor="top",
        # Anchored at its top, a title of several lines sits about 12 px higher than one of one line
        # (measured in Chromium, 2 to 5 lines alike): lowered by as much. Lowered by a line for each
        # line after the first, a title of three lines pushed its subtitle into the plot's top
        # label ("Rechnerische Kosten je GW …": QA pass 17).
        pad=dict(t=TOOLBAR_PX + PAD_PX + (MULTILINE_LIFT_PX if len(title_lines) > 1 else 0), l=10),
    )
    text = _html(footer_lines)
    if any(trace.get("type") in CARTESIAN for trace in spec["data"]):
        _footer_legend(spec, text, footer_px, old_height)
    else:
        # No legend or axes push the bottom margin: a note under the plot stays where it is put.
        layout["annotations"] = [
            *layout.get("annotations", []),
            dict(
                text=text,
                name="footer",
                showarrow=False,
                align="left",
                x=0,
                xref="paper",
                xanchor="left",
                y=0,
                yref="paper",
                yanchor="top",
                yshift=-old_bottom,
                font=dict(size=FOOTER_SIZE, color=TEXT_COLOUR),
            ),
        ]
    # Not validated, as ``fig`` is not (``common.figure``): the tests validate the published
    # figures with the texts and room added here (tests/test_publish.py). Measured in process:
    # building the overview's published ranking and treemap took 32 ms validated, 4.5 ms not, on
    # every rerun after a new currency. Plotly builds its own bundled templates the same way.
    return go.Figure(spec, _validate=False)


def _footer_legend(spec: dict, text: str, footer_px: int, old_height: int) -> None:
    """The footer as the one entry of a second legend at the foot of the figure.

    A legend and the axis titles push the bottom margin as far as they need (a phone stacks the
    legend over three rows), which moves anything placed relative to the plot; a legend can be
    placed relative to the whole figure and pushes the margin too, so the footer never overlaps.
    Its trace has no points and draws no symbol; clicking it does nothing.
    """
    layout = spec["layout"]
    legend = layout.setdefault("legend", {})
    if "showlegend" not in layout and sum(t.get("showlegend", True) for t in spec["data"]) < 2:
        legend["visible"] = False  # Plotly hides the legend of a single trace: keep it so
    if legend.get("yref") == "container" and legend.get("y", 0) < 0.5:  # anchored at the bottom
        legend["y"] = (legend.get("y", 0) * old_height + footer_px) / layout["height"]
    spec["data"].append(
        dict(
            type="scatter",
            x=[None],  # a legend leaves out a trace without points
            y=[None],
            mode="markers",
            marker=dict(size=0, color="rgba(0,0,0,0)"),
            name=text,
            legend="legend2",
            showlegend=True,
            hoverinfo="skip",
        )
    )
    layout["legend2"] = dict(
        orientation="h",
        x=0,
        xanchor="left",
        yref="container",
        y=0,
        yanchor="bottom",
        itemwidth=30,
        itemclick=False,
        itemdoubleclick=False,
        font=dict(size=FOOTER_SIZE, color=TEXT_COLOUR),
    )


def subtitle(
    *,
    currency: str,
    basis: str,
    view: str | None,
    year: object,
    rate_date: str,
    _: Gettext,
    unit: str | None = None,
    capex: str = CAPEX_COUNTED,
    rate_year: object = None,
    filters: str = "",
) -> str:
    """Unit, currency, FX basis and view: "Nominal EUR · ECB rate of each item's first
    announcement · total view, company capex of fiscal years ending in 2026". ``view`` None: a
    chart that draws every announcement's full amount whatever the view. ``rate_date`` is the
    latest ECB rate's date as the reader reads it. ``unit`` replaces the money unit for a chart of shares or ratios.
    ``capex``: how the year's company capex stands (``years.capex_of_year``), as the total card says
    it; ``NO_CAPEX`` also for a chart of picked items, which draws each company's capex whatever its
    year (Compare), or a chart without company capex (shares of GDP): no capex year is named.
    ``rate_year``: the year the average basis averages, where it is not ``year``. ``filters``: the
    filters in force, as the sidebar names them (a downloaded chart of Europe's rows read as the
    world's: QA pass)."""
    averaged = rate_year or year
    unit = unit or _("Nominal {currency}, not adjusted for inflation").format(currency=currency)
    rate = {
        "announcement": _("ECB rate of each item's first announcement"),
        "latest": _("latest ECB rate ({date})"),
        # A year not over yet averages the fixings so far (``rate_date`` is the last of them).
        "average": _("{year} average of ECB rates to {date}")
        if is_partial_period(str(averaged))
        else _("{year} average of ECB rates"),
    }[basis].format(date=rate_date, year=averaged)
    shown = {
        # Not "full amount": on a cost-per-GW axis it read as the money itself (QA pass).
        None: _("every announcement whole, whatever the view"),
        "total": {
            CAPEX_COUNTED: _("total view, company capex of fiscal years ending in {year}"),
            CAPEX_NONE_OF_YEAR: _("total view, no company capex of fiscal years ending in {year}"),
            NO_CAPEX: _("total view"),
        }[capex],
        "per-year": {
            CAPEX_COUNTED: _("per-year view, company capex of fiscal years ending in {year}"),
            CAPEX_NONE_OF_YEAR: _("per-year view, no company capex of fiscal years ending in {year}"),
            NO_CAPEX: _("per-year view"),
        }[capex],
        "year": _("money falling in {year}"),
    }[view].format(year=year)
    filtered = [_("filtered: {filters}").format(filters=filters)] if filters else []
    return " · ".join((unit, rate, shown, *filtered))


def footer(*, dataset: str, as_of: str, link: str, _: Gettext) -> str:
    """The source line and, on its own line, the link to the view."""
    source = _("Data: {dataset}, as of {date}; ECB euro reference rates").format(dataset=dataset, date=as_of)
    return source + "\n" + link if link else source


def not_drawn(rows: pd.DataFrame, column: str, *, locale: str, _: Gettext) -> str:
    """A footer line naming the rows with no figure in ``column`` and why (no exchange rate, or no
    full period for a per-year or one-year figure): a downloaded image of Compare's picks left one
    out unsaid, which only the page named (QA pass 6). "" when every row has one.

    >>> rows = pd.DataFrame({"name": ["InvestAI", "Stargate", "Yuan fund"], "per_year_high": [float("nan"), 1e9, None],
    ...                      "fx_problem": [None, "", "no CNY→EUR rate"]})
    >>> not_drawn(rows, "per_year_high", locale="en_US", _=str)
    'Not drawn, no figure in this view: InvestAI (no full period stated); Yuan fund (no exchange rate for the date).'
    >>> not_drawn(rows.iloc[1:2], "per_year_high", locale="en_US", _=str)
    ''
    """
    undrawn = rows[rows[column].isna()]
    if undrawn.empty:
        return ""
    problems = undrawn["fx_problem"].fillna("") if "fx_problem" in undrawn else pd.Series("", index=undrawn.index)
    no_rate, no_period = _("no exchange rate for the date"), _("no full period stated")
    items = "; ".join(
        f"{row_label(row, locale)} ({no_rate if problem else no_period})"
        for (_i, row), problem in zip(undrawn.iterrows(), problems)
    )
    return _("Not drawn, no figure in this view: {items}.").format(items=items)


def bar_names(rows: pd.DataFrame, view: str, *, locale: str, limit: int = MAX_LABEL) -> list[str]:
    """Each row's name as a ranking's bar gives it in ``view`` (plain text), for an image's footer to
    name picks as its bars do: one footer named a pick twice, "OpenAI-Runde 2026 (122 Mrd. $)" and
    "OpenAI-Runde 2026 schließt mit 122 Mrd. $" (QA pass 22)."""
    short = short_names(rows, locale, view=view)
    return distinct_labels(rows["name"].tolist(), [short.get(i, "") for i in rows["id"]], limit)


def unlike_kinds(kinds: Iterable[str], _: Gettext) -> str:
    """Compare's and the ranking's sentence on the kinds of money set side by side, or "" for one."""
    kinds = list(dict.fromkeys(kinds))
    if len(kinds) < 2:
        return ""
    return _("Different kinds of money side by side: {kinds}; the table gives each item's kind and horizon.").format(
        kinds=", ".join(kind_label(kind, _) for kind in kinds)
    )


def kinds_of_picks(rows: pd.DataFrame, view: str, names: list[str], *, _: Gettext) -> str:
    """A footer line grouping the rows with money in ``view`` by kind of money, each by its name in
    ``names`` (as its bar gives it: :func:`bar_names`), or "" for one kind: a downloaded image of
    InvestAI's pledge beside a year of Microsoft's capex said neither was what, its bars coloured by
    region (QA pass 20). ``rows``: resolved.

    >>> rows = pd.DataFrame({"id": list("abcd"), "name": ["InvestAI", "Stargate Project", "Meta, 2026", "Soon"],
    ...                      "short_name": ["", "Stargate (US)", "", ""], "value_high": [2, 5, 1, None],
    ...                      "kind": ["pledges", "pledges", "company-capex", "venture"], "under_context": False})
    >>> kinds_of_picks(rows, "total", bar_names(rows, "total", locale="en_US"), _=str)
    'Different kinds of money side by side. Pledges: InvestAI, Stargate (US). Company capex: Meta, 2026.'
    >>> kinds_of_picks(rows.iloc[:2], "total", ["InvestAI", "Stargate (US)"], _=str)
    ''
    """
    drawn = with_money(rows, view)
    names = [name for name, shown in zip(names, drawn) if shown]
    groups: dict[str, list[str]] = {}
    for name, kind in zip(names, kinds_shown(rows[drawn])):
        groups.setdefault(kind, []).append(name)
    if len(groups) < 2:
        return ""
    named = [_("{kind}: {names}.").format(kind=kind_label(k, _), names=listed(names)) for k, names in groups.items()]
    return " ".join([_("Different kinds of money side by side."), *named])


def view_part(view: str | None, year: int | None, *, capex: str = CAPEX_COUNTED) -> str | None:
    """A file name's view and year: the one-year view's year, or the year whose company capex the
    total and per-year views count, named so ("…-total-2026-2026-12-03" read as a typo: QA pass);
    None for a chart without views. ``capex`` as the subtitle's: no year where none applies (Compare
    draws the capex picked, of whatever year: its file said "capex-2026" over 2025 capex; QA pass).

    >>> view_part("total", 2026), view_part("year", 2028), view_part(None, 2026), view_part("total", 2026, capex="")
    ('total-capex-2026', 'year-2028', None, 'total')
    >>> view_part("per-year", 2034, capex="none-of-year")
    'per-year-no-capex-2034'
    """
    if not view:
        return None
    if view == "year":
        return f"year-{year}"
    return {CAPEX_COUNTED: f"{view}-capex-{year}", CAPEX_NONE_OF_YEAR: f"{view}-no-capex-{year}"}.get(capex, view)


def basis_part(basis: str, average_year: int | None, revisions: str) -> str | None:
    """A file name's FX basis (with its averaged year) and revisions where they are not the
    defaults (rates of each announcement's day, latest figures), which leave names as they were:
    two CSVs of one chart at other rates or as first announced had one name (noticed in QA pass 8).

    >>> basis_part("announcement", 2026, "latest"), basis_part("latest", 2026, "first")
    (None, 'fx-latest-first-figures')
    >>> basis_part("average", 2024, "latest")
    'fx-average-2024'
    """
    words = [] if basis == "announcement" else ["fx", basis]
    if basis == "average" and average_year is not None:
        words.append(str(average_year))
    if revisions == "first":
        words.append("first-figures")
    return "-".join(words) or None


def download_name(*parts: object, day: date) -> str:
    """A file name for a downloaded chart, from its parts and the day:
    ``ai-investments-overview-ranking-eur-total-2026-11-30``. Parts that are None are left out;
    anything but ASCII letters and digits becomes a hyphen.

    >>> download_name("overview_ranking", "EUR", None, "year", 2026, day=date(2026, 11, 30))
    'ai-investments-overview-ranking-eur-year-2026-2026-11-30'
    """
    words = ["ai-investments", *(str(p) for p in parts if p is not None), day.isoformat()]
    return "-".join(w for w in (re.sub(r"[^a-z0-9]+", "-", word.lower()).strip("-") for word in words) if w)


def search_part(text: str) -> str:
    """A search as a file name part: its letters without accents, and a short hash of the search
    wherever that name is not the search itself (accents, other scripts, a cut), so that two searches
    never share a name ("人工知能" gave "find", "Künstliche" "find-k-nstliche": review 54; "général"
    and "general", one name: review 55).

    >>> search_part("Mistral"), search_part("Künstliche Intelligenz"), search_part("人工知能")
    ('find mistral', 'find kunstliche intelligenz 07376501', 'find d6bc0a3e')
    >>> search_part("Großbritannien")  # casefolded: "ß" has no accent to drop ("grobritannien")
    'find grossbritannien 5f5250d8'
    """
    said = " ".join(text.lower().split())
    plain = unicodedata.normalize("NFKD", said.casefold()).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^a-z0-9]+", " ", plain).strip()[:30].strip()
    digest = None if plain == said else hashlib.sha256(text.encode()).hexdigest()[:8]
    return " ".join(part for part in ("find", plain, digest) if part)
