"""Economies ranked by a measure: money as a share of GDP, or money per person.

Pure: a Plotly figure from the groups of ``report.payload_for_rows`` in a measure other than
money (one group per economy, with its money, GDP and population and their years).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from dashboard import formatting
from dashboard.charts.bars import ROW_PX, name_rows
from dashboard.charts.common import GRID_COLOUR, base_layout, empty_figure, english_plural, figure, identity, value_axis
from dashboard.charts.text import escape, hover_lines
from dashboard.i18n import Gettext, Ngettext
from dashboard.labels import bounds_note, summed_money, worded_sum

#: The colour of every economy bar (one series: colour carries no meaning here).
BAR_COLOUR = "#0072B2"
#: The share of a 360 px phone's plot (about 300 px) one character of a bar label takes, and a
#: label's padding: the labels stand after their bars, and :func:`headroom` keeps each inside.
CHAR_SHARE, PAD_SHARE = 0.024, 0.03


def measure_text(low: float, high: float, measure: str, currency: str, locale: str, *, compact: bool = False) -> str:
    """A share of GDP as a percentage range, money per person in full (``€1,385–2,770``), or
    ``compact`` from a million up, as a bar's label (``IDR 22.4–44.8M``: "up to IDR 22,407,999–44,815"
    was cut mid-number at 360 px, QA pass 23).

    >>> measure_text(22407999, 44815998, "per-capita", "IDR", "en_US", compact=True)
    'IDR\xa022.4–44.8M'
    >>> measure_text(1384.9, 2769.8, "per-capita", "EUR", "en_US", compact=True)
    '€1,385–2,770'

    >>> measure_text(0.0047, 0.0049, "gdp-share", "EUR", "de_DE")
    '0,47–0,49\xa0%'
    >>> measure_text(1384.9, 2769.8, "per-capita", "EUR", "en_US")
    '€1,385–2,770'

    Two significant digits at least, so that small shares still rank: Canada's 0.006 %, the
    EU27's 0.010 % and the UK's 0.014 % all read "0.01%" (QA pass).

    >>> [measure_text(v, v, "gdp-share", "EUR", "en_US") for v in (0.00006, 0.000144, 0.0043)]
    ['0.006%', '0.014%', '0.43%']
    """
    if measure == "gdp-share":
        return formatting.format_percent_range(low, high, locale=locale, digits=2, significant=2)
    return formatting.format_money_range(low, high, currency, locale=locale, compact=compact and high >= 1e6)


def headroom(ends: Sequence[float], texts: Sequence[str]) -> float:
    """The share of the axis beyond the longest bar that leaves each bar's label, which stands
    after its bar, room inside a phone's plot: a long label on a shorter bar may need more than
    the longest bar's ("bis zu 1.975.027–3.950.053 ₩" ran off at 360 px with a fixed 0.45).

    >>> round(headroom([10, 5], ["€1", "€2"]), 2)
    0.08
    >>> round(headroom([10, 9], ["€1", "up to IDR 22.4–44.8M"]), 2)
    0.84
    """
    pairs = [(end, text) for end, text in zip(ends, texts) if math.isfinite(end)]
    top = max((end for end, _text in pairs), default=0.0)
    if top <= 0:
        return 0.05
    need = max((end / top) / max(1 - CHAR_SHARE * len(text) - PAD_SHARE, 0.2) for end, text in pairs)
    return max(need - 1, 0.05)


def economy_ranking(
    groups: Sequence[Mapping],
    *,
    measure: str,
    currency: str,
    locale: str,
    names: Mapping[str, str],
    gettext: Gettext | None = None,
    ngettext: Ngettext | None = None,
    wordings: Mapping[str, set[str]] | None = None,
    empty: str = "",
) -> go.Figure:
    """Horizontal bars, one per economy, largest first: a solid bar to the low figure and a
    lighter segment up to the high one, so a range never looks more certain than it is.

    ``wordings``: per economy, the ``amount_kind`` of its figures. Its share or money per person
    says "up to" where all of them do, and its hover which are bounds: Saudi Arabia's "4.04–8.08%"
    was its one "up to $50–100bn" (QA pass). ``empty``: what the chart says with no economy,
    where the filters are not why (no row has a rate on the basis chosen)."""
    _ = gettext or identity
    ngettext = ngettext or english_plural
    if not groups:
        return empty_figure(
            empty or _("No money announced for one economy matches the current filters."), locale=locale
        )
    rows = list(reversed(groups))  # Plotly draws the first category at the bottom
    labels = [escape(names.get(g["key"], g["key"])) for g in rows]
    scale = 100.0 if measure == "gdp-share" else 1.0
    worded = [(wordings or {}).get(g["key"], set()) for g in rows]

    def figure_text(g: Mapping, kinds: set[str], *, compact: bool) -> str:
        return worded_sum(
            measure_text(g["low"], g["high"], measure, currency, locale, compact=compact), kinds, _, value=g["high"]
        )

    # The hover gives the figure in full, the bar's label as a phone has room for it.
    texts = [figure_text(g, kinds, compact=False) for g, kinds in zip(rows, worded)]
    bar_texts = [figure_text(g, kinds, compact=True) for g, kinds in zip(rows, worded)]

    def hover(g: Mapping, text: str, kinds: set[str]) -> str:
        money = [
            _("Money: {amount}").format(
                amount=summed_money(g["money_low"], g["money_high"], currency, kinds, _, locale=locale)
            )
        ]
        if measure == "gdp-share" and currency != "USD":
            # The share divides dollars by dollars: "€7.96B · GDP $18.5T" did not give it (QA pass).
            money.append(
                _("In US dollars: {amount} (this ÷ GDP is the share)").format(
                    amount=summed_money(g["money_usd_low"], g["money_usd_high"], "USD", kinds, _, locale=locale)
                )
            )
        if g.get("overlap_high", 0) > 0:
            # On the line in the chosen currency, not after the dollars (QA pass 2).
            money[0] += _(
                ", of which up to {amount} may be counted twice (partial overlaps the data records; others may remain)"
            ).format(amount=formatting.format_money_range(g["overlap_low"], g["overlap_high"], currency, locale=locale))
        return hover_lines(
            [
                ngettext("{measure} ({count} item)", "{measure} ({count} items)", len(g["ids"])).format(
                    measure=text, count=len(g["ids"])
                ),
                *money,
                bounds_note(kinds, _),
                _("GDP {year}: {amount}").format(
                    year=g["gdp_year"], amount=formatting.format_money(g["gdp_usd"], "USD", locale=locale)
                )
                if measure == "gdp-share"
                else _("Population {year}: {count}").format(
                    year=g["population_year"], count=formatting.format_number(g["population"], locale=locale)
                ),
            ],
            escape(names.get(g["key"], g["key"])),
        )

    hovers = [hover(g, text, kinds) for g, text, kinds in zip(rows, texts, worded)]
    low = [g["low"] * scale for g in rows]
    spread = [(g["high"] - g["low"]) * scale for g in rows]
    traces = [
        dict(
            type="bar",
            orientation="h",
            y=labels,
            x=low,
            marker=dict(color=BAR_COLOUR),
            hovertext=hovers,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        ),
        dict(
            type="bar",
            orientation="h",
            y=labels,
            x=spread,
            base=low,
            marker=dict(color=BAR_COLOUR, opacity=0.35),
            text=bar_texts,
            textposition="outside",
            cliponaxis=False,
            hovertext=hovers,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        ),
    ]
    title = _("Share of GDP, %") if measure == "gdp-share" else _("Per person, {currency}").format(currency=currency)
    ends = [h + lo for h, lo in zip(spread, low)]
    # Each economy's name on its own line above its bar, as the ranking of items has them: beside
    # the bars, "Vereinigte Arabische Emirate" lost its "V" at 360 px (QA pass 23).
    name_trace, name_layout = name_rows(list(reversed(labels)))
    return figure(
        [*traces, name_trace],
        base_layout(
            locale=locale,
            height=max(240, 110 + ROW_PX * len(rows)),
            barmode="overlay",
            bargap=0.5,
            # Ticks without an SI suffix ("4M" per person in won), and room past each bar for its
            # label, which ran off the chart ("2.052.807–4.105.614 ₩" lost its currency).
            xaxis=dict(
                title=dict(text=title),
                gridcolor=GRID_COLOUR,
                automargin=True,
                **value_axis(ends, locale=locale, log=False, headroom=headroom(ends, bar_texts)),
            ),
            **name_layout,
            margin=dict(r=20, t=24),
        ),
    )
