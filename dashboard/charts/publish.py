"""Publication texts inside a figure, as Our World in Data and Epoch AI print them: a title that
says what is measured, a subtitle with unit, currency, FX basis and view, and a footer with the
source and the link to the view. They are part of the figure, so the image a reader downloads
from the toolbar carries them too.

Pure: no Streamlit. :func:`publish` copies the figure it is given (pages cache figures and
share them between sessions) and only adds the texts and the room they need; the texts come
from :func:`subtitle`, :func:`footer` and :func:`download_name`.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date

import plotly.graph_objects as go

from dashboard.charts.text import escape
from dashboard.i18n import Gettext

TITLE_SIZE = 17
SUBTITLE_SIZE = 12
FOOTER_SIZE = 11
#: Characters a line holds at 420 px (a phone) in each font size; longer texts wrap, so nothing
#: runs past the edge of a narrow chart. Measured in Chromium at 420 px with the app's font.
TITLE_WRAP = 42
TEXT_WRAP = 62
#: Pixels each line takes, with its leading.
LINE_PX = {TITLE_SIZE: 24, SUBTITLE_SIZE: 17, FOOTER_SIZE: 15}
#: Pixels above the title and between the texts and the chart.
PAD_PX = 10
#: Plotly's own margins, for figures that leave them unset.
PLOTLY_MARGIN_T, PLOTLY_MARGIN_B = 100, 80
PLOTLY_HEIGHT = 450
TEXT_COLOUR = "#555"


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters: at spaces, and inside a word (a link)
    only where it is longer than a line.

    >>> wrap("Data: bundled dataset; ECB rates", 20)
    ['Data: bundled', 'dataset; ECB rates']
    >>> wrap("https://example.org/?cur=USD&view=year", 16)
    ['https://example.', 'org/?cur=USD&vie', 'w=year']
    """
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _html(lines: list[str]) -> str:
    return "<br>".join(escape(line) for line in lines)


def publish(fig: go.Figure, *, title: str, subtitle: str, footer: str) -> go.Figure:
    """A copy of ``fig`` with ``title`` and ``subtitle`` above the chart and ``footer`` below it.

    The texts are plain text (escaped here) and wrap for a phone. The top margin grows by the
    height of the title block and the bottom margin by that of the footer, so the plot keeps
    its place relative to its legend and axis titles; a legend anchored to the bottom of the
    figure moves up above the footer. The figure's height grows by the same amount, so the
    plot area keeps its size.
    """
    spec = fig.to_dict()  # a copy: a new figure from it costs a tenth of Figure.update_layout
    layout = spec["layout"]
    margin = layout.setdefault("margin", {})
    old_top, old_bottom = margin.get("t", PLOTLY_MARGIN_T), margin.get("b", PLOTLY_MARGIN_B)
    title_lines = wrap(title, TITLE_WRAP)
    subtitle_lines = wrap(subtitle, TEXT_WRAP)
    footer_lines = [line for part in footer.split("\n") for line in wrap(part, TEXT_WRAP)]
    header_px = PAD_PX + LINE_PX[TITLE_SIZE] * len(title_lines) + LINE_PX[SUBTITLE_SIZE] * len(subtitle_lines)
    footer_px = LINE_PX[FOOTER_SIZE] * len(footer_lines) + PAD_PX
    old_height = layout.get("height", PLOTLY_HEIGHT)
    layout["height"] = height = old_height + header_px + footer_px
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
        pad=dict(t=PAD_PX, l=10),
    )
    # Under everything the old bottom margin held (axis title, legend), at the left edge.
    layout["annotations"] = [
        *layout.get("annotations", []),
        dict(
            text=_html(footer_lines),
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
    legend = layout.get("legend", {})
    if legend.get("yref") == "container" and legend.get("y", 0) < 0.5:  # anchored at the bottom
        legend["y"] = (legend.get("y", 0) * old_height + footer_px) / height
    return go.Figure(spec)


def subtitle(
    *,
    currency: str,
    basis: str,
    view: str | None,
    year: object,
    rate_date: str,
    _: Gettext,
) -> str:
    """Unit, currency, FX basis and view: "Nominal EUR · ECB rate of each item's first
    announcement · total view, company capex of 2026". ``view`` None: a chart that draws every
    announcement's full amount whatever the view. ``rate_date`` is the latest ECB rate's date as
    the reader reads it."""
    unit = _("Nominal {currency}, not adjusted for inflation").format(currency=currency)
    rate = {
        "announcement": _("ECB rate of each item's first announcement"),
        "latest": _("latest ECB rate ({date})"),
        "average": _("{year} average of ECB rates"),
    }[basis].format(date=rate_date, year=year)
    shown = {
        None: _("each announcement's full amount"),
        "total": _("total view, company capex of {year}"),
        "per-year": _("per-year view, company capex of {year}"),
        "year": _("money falling in {year}"),
    }[view].format(year=year)
    return " · ".join((unit, rate, shown))


def footer(*, dataset: str, as_of: str, link: str, _: Gettext) -> str:
    """The source line and, on its own line, the link to the view."""
    source = _("Data: {dataset}, as of {date}; ECB euro reference rates").format(dataset=dataset, date=as_of)
    return source + "\n" + link if link else source


def download_name(*parts: object, day: date) -> str:
    """A file name for a downloaded chart, from its parts and the day:
    ``ai-investments-overview-ranking-eur-total-2026-11-30``. Parts that are None are left out;
    anything but ASCII letters and digits becomes a hyphen.

    >>> download_name("overview_ranking", "EUR", None, "year", 2026, day=date(2026, 11, 30))
    'ai-investments-overview-ranking-eur-year-2026-2026-11-30'
    """
    words = ["ai-investments", *(str(p) for p in parts if p is not None), day.isoformat()]
    return "-".join(w for w in (re.sub(r"[^a-z0-9]+", "-", word.lower()).strip("-") for word in words) if w)
