"""Each company's capex guidance as it moved, from its first guidance to its reported outturn:
the chart, its change labels and placement, and which plans it follows or leaves out."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import axes, formatting, fx, ledger, lookups
from dashboard.charts.common import (
    any_reported,
    empty_figure,
    identity,
    present_columns,
    records_at,
)
from dashboard.charts.over_time import announced_timestamp, money_over_dates
from dashboard.charts.text import Hovers, escape, hover_columns, item_label, short_label, short_names
from dashboard.i18n import Gettext
from dashboard.labels import qualified_amount
from dashboard.measures import per_unit_kind

#: Companies in the guidance chart: Paul Tol's "muted" colours (colour-blind safe), none of which
#: is a region colour, so a company line is never read as a region; dashes tell them apart too.
COMPANY_COLOURS = ("#332288", "#882255", "#44AA99", "#999933", "#CC6677", "#88CCEE")
COMPANY_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
#: Most capex plans a guidance chart follows (the largest; a company may have two, fiscal and calendar).
GUIDANCE_LINES = 6


def change_label(before: float, after: float, currency: str, locale: str, divisor: float = 1e9) -> str:
    """A change between two figures (in display units of ``divisor``): absolute and in per cent.

    >>> change_label(77.7, 85.6, "EUR", "en_US"), change_label(72.0, 72.0, "USD", "de_DE")
    ('+€7.9B (+10.2%)', '±0')
    """
    if math.isnan(before) or math.isnan(after):
        return ""
    delta = after - before
    if abs(delta) < 0.0005 * max(abs(before), 1e-12):
        return "±0"
    sign = "+" if delta > 0 else "−"
    money = formatting.format_money(abs(delta) * divisor, currency, locale=locale)
    # The ratio of two converted figures carries float noise: Microsoft's $80bn -> $88.2bn is
    # +10.25% and printed +10.3% in EUR but +10.2% in ISK (QA pass); 12 places drop the noise.
    percent = formatting.format_percent(round(abs(delta) / before, 12), locale=locale) if before else ""
    return f"{sign}{money} ({sign}{percent})" if percent else f"{sign}{money}"


#: A change's bound, as a raise and as a cut (``measures.per_unit_kind``'s wordings): a cut bounded
#: from above is at least as large ("up to −$5B" would say the cut is at least $5B), one bounded
#: from below at most as large. No "about": nearly every guidance is "about", and "about" on every
#: change crowded the labels over each other (each point's hover words its figure).
_CHANGE_BOUND = {
    "up-to": ("up-to", "at-least"),
    "up-to-approx": ("up-to", "at-least"),
    "at-least": ("at-least", "up-to"),
    "at-least-approx": ("at-least", "up-to"),
    "more-than": ("more-than", "up-to"),
    "more-than-approx": ("more-than", "up-to"),
}


def wordings(records: Sequence[dict]) -> list[str]:
    """Each record's ``amount_kind``, "" where it has none (a missing cell reads NaN)."""
    return [kind if isinstance(kind := r.get("amount_kind"), str) else "" for r in records]


def guidance_changes(
    low: np.ndarray,
    high: np.ndarray,
    *,
    currency: str,
    locale: str,
    _: Gettext,
    divisor: float = 1.0,
    kinds: Sequence[str] = (),
) -> list[str]:
    """Each figure's change from the one before ("" for the first), as the guidance chart labels
    its points and its table lists them: between central figures, except that a figure inside the
    previous range (an actual within its guidance, a range narrowed within the old one) is no raise
    or cut and says which end moved; a range restated unchanged is "±0"; and a single figure outside
    the previous range (an actual above its guidance) is measured from the range's nearer end: Meta's
    $72.22bn after $70-72bn read "+$1.22B (+1.7%)", which a reader took for $1.2bn more than guided
    (QA pass 27); it is $0.22bn above the range.

    >>> guidance_changes(np.array([91.0, 91.45, 60.0]), np.array([93.0, 91.45, 60.0]), currency="USD",
    ...                  locale="en_US", _=str, divisor=1e9)
    ['', 'within range', '−$31.5B (−34.4%)']
    >>> guidance_changes(np.array([70.0, 72.22, 60.0]), np.array([72.0, 72.22, 61.0]), currency="USD",
    ...                  locale="en_US", _=str, divisor=1e9)
    ['', '+$220M (+0.3%) above range', '−$11.7B (−16.2%)']
    >>> guidance_changes(np.array([70.0, 75.0]), np.array([72.0, 75.0]), currency="USD", locale="en_US", _=str,
    ...                  kinds=["more-than", "exact"])  # "more than $70-72bn" may already hold $75bn
    ['', 'up to +$4 (+5.6%)']

    A change between bounds is worded as one (``kinds``, each figure's ``amount_kind``): from
    "more than $25bn" to $35bn Oracle raised its guidance by up to $10bn, not by $10bn (review). It
    moves with the later figure and against the earlier, as a cost per unit with its money and
    against its units (``measures.per_unit_kind``); no bound where the bounds pull both ways.

    >>> guidance_changes(np.array([25.0, 35.0, 30.0]), np.array([25.0, 35.0, 30.0]), currency="USD", locale="en_US",
    ...                  _=str, kinds=["more-than", "exact", "up-to"])
    ['', 'up to +$10 (+40%)', 'at least −$5 (−14.3%)']
    """
    out = [""] if len(low) else []
    # Each change's wording from its two figures' (no wording without one per figure).
    wording = per_unit_kind(list(kinds[1:]), list(kinds[:-1])) if len(kinds) == len(low) else np.array([])
    for i in range(len(low) - 1):
        inside = low[i] <= low[i + 1] and high[i + 1] <= high[i]
        if low[i] < high[i] and inside and (low[i], high[i]) != (low[i + 1], high[i + 1]):
            if low[i + 1] == high[i + 1]:
                out.append(_("within range"))
            elif high[i + 1] == high[i]:  # Meta's "raises the low end" of October 2025
                out.append(_("low end raised"))
            elif low[i + 1] == low[i]:
                out.append(_("high end lowered"))
            else:
                out.append(_("narrowed"))
            continue
        before, after = (low[i] + high[i]) / 2, (low[i + 1] + high[i + 1]) / 2
        beyond = ""  # a single figure outside the previous range: from the nearer end
        stated = len(kinds) != len(low) or not ({kinds[i], kinds[i + 1]} & set(_CHANGE_BOUND))
        if low[i] < high[i] and low[i + 1] == high[i + 1] and not inside and stated:
            # Not where a bound ("more than $70-72bn", "up to $75bn") may put the figure inside (review).
            above = after > high[i]
            before, beyond = (high[i], _("{change} above range")) if above else (low[i], _("{change} below range"))
        text = change_label(before, after, currency, locale, divisor)
        if len(wording) and text not in ("", "±0"):
            bound = _CHANGE_BOUND.get(str(wording[i]))
            text = qualified_amount(text, bound[bool(after < before)], _) if bound else text
        # "±0 above range" for a figure 0.03 % past the end read as nothing (review): "±0" alone.
        out.append(beyond.format(change=text) if beyond and text not in ("", "±0") else text)
    return out


#: The guidance chart's change labels as fractions of its plot area at 1400 px (about 830 by
#: 250 px): an 11 px character is about 6 px wide, a label about 14 px high above or below its
#: marker. Below 640 px the labels give way to a note (``ui.widgets.by_width``).
_LABEL_CHAR_WIDTH = 6 / 830
_LABEL_HEIGHT = 14 / 250
#: Plotly sets a "right" or "left" label's near edge 7.25 px from its 10 px marker's centre
#: (plotly.js ``Drawing.textPointPosition``: radius / 0.8 + 1): clear of an error bar's 4 px whiskers.
_SIDE_GAP = 7.25 / 830
#: How far along its own line from its point a label may touch the line (a 10 px marker and a gap).
_OWN_POINT = 12 / 830
#: A quarter of a pixel of the plot's height: a touch by less is none, by a pixel it shows.
_PIXEL = 0.25 / 250


def label_box(where: str, x: float, y: float, half: float) -> tuple[float, float]:
    """The centre of a label of half width ``half`` placed ``where`` at the point (``x``, ``y``),
    in fractions of the plot.

    >>> label_box("top center", 0.5, 0.5, 0.1) == (0.5, 0.5 + _LABEL_HEIGHT)
    True
    >>> label_box("bottom left", 0.5, 0.5, 0.1) == (0.5 - _SIDE_GAP - 0.1, 0.5 - _LABEL_HEIGHT)
    True
    """
    side = 1 if where.endswith("right") else -1 if where.endswith("left") else 0
    return x + side * (_SIDE_GAP + half), y + (_LABEL_HEIGHT if where.startswith("top") else -_LABEL_HEIGHT)


def label_positions(
    x: Sequence[float],
    y: Sequence[float],
    texts: Sequence[str],
    lines: Sequence[tuple[np.ndarray, np.ndarray]] = (),
    line_of: Sequence[int] = (),
    bars: Sequence[tuple[float, float, float]] = (),
) -> list[str]:
    """Above or below each point, so that no two labels cover each other, nor a label another
    company's line or any range's error bar (``bars``: x, low, high), where one can move.

    ``x`` and ``y`` are fractions of the plot's width and height; ``lines`` each line's points
    (as fractions, in date order) and ``line_of`` the line of each label, whose own line it may
    touch. Plotly places text without avoiding other text (two guidance changes a few weeks
    apart overlapped) or lines ("+€5.25B (+8.8%)" sat on Alphabet's line: QA pass); labels are
    placed from the highest point down, each above its point unless that covers a label already
    placed or another line, then below; where both do, beside it above or below (inside the plot);
    where no place is clear, the one free of labels that crosses least (a bar worse than a line).

    >>> label_positions([0.50, 0.51, 0.9], [0.40, 0.37, 0.37], ["+€7.96B (+10.3%)", "+€9.68B (+13.3%)", "±0"])
    ['top center', 'bottom center', 'top center']
    >>> label_positions([0.1, 0.2], [0.5, 0.5], ["", ""])
    ['top center', 'top center']
    >>> other = (np.array([0.0, 1.0]), np.array([0.55, 0.55]))  # a line just above the point
    >>> label_positions([0.5], [0.5], ["+€5.25B (+8.8%)"], [(np.array([0.5]), np.array([0.5])), other], [0])
    ['bottom center']
    >>> label_positions([0.5], [0.5], ["within range"], bars=[(0.5, 0.49, 0.6)])  # its own range, upwards
    ['bottom center']

    A range both ways across its own point ("+€8.35B (+8%)" on Meta's, QA pass 15): beside its
    bar, on the side the plot has room for:

    >>> label_positions([0.5, 1.0], [0.5, 0.5], ["+€8.35B (+8%)"] * 2, bars=[(0.5, 0.4, 0.6), (1.0, 0.4, 0.6)])
    ['top right', 'top left']

    Beside its point a label reaches along its own line, which it keeps off too (review): a line
    rising through the point leaves the upper left clear.

    >>> line = (np.array([0.3, 0.5, 0.62]), np.array([0.45, 0.5, 0.62]))
    >>> label_positions([0.3, 0.5, 0.62], [0.45, 0.5, 0.62], ["", "+$10B (+8%)", ""], [line], [0, 0, 0],
    ...                 [(0.5, 0.4, 0.6)])
    ['top center', 'top left', 'top center']
    """
    positions = ["top center"] * len(texts)
    placed: list[tuple[float, float, float]] = []  # centre x, centre y, half width

    def crosses_a_line(i: int, middle: float, centre: float, half: float) -> bool:
        across = np.linspace(middle - half, middle + half, 15)
        for k, (lx, ly) in enumerate(lines):
            if len(lx) < 1:
                continue
            inside = (across >= lx[0]) & (across <= lx[-1])
            if k == (line_of[i] if i < len(line_of) else -1):
                # Its own line only away from its point, which it sits above or below: a steep own
                # segment ran through the end of "up to +€8.75B (+40%)" (QA pass 17).
                inside &= np.abs(across - x[i]) > _OWN_POINT
            if inside.any() and (np.abs(np.interp(across[inside], lx, ly) - centre) < _LABEL_HEIGHT / 2).any():
                return True
        return False

    def crosses_a_bar(middle: float, centre: float, half: float) -> bool:
        # "within range" sat across Meta's error bar, "+€8.35B (+8%)" on its own (QA pass).
        # A touch by a fraction of a pixel is no cross: "+9,68 Mrd. €" left its clear place below for
        # one over its own line when it touched Meta's bar by 0.02 px; by a pixel, a whisker's end
        # showed between "B" and "(" of "+$5.5B (+8.8%)" (QA pass 17).
        top, bottom = centre + _LABEL_HEIGHT / 2 - _PIXEL, centre - _LABEL_HEIGHT / 2 + _PIXEL
        return any(abs(bx - middle) < half and low < top and high > bottom for bx, low, high in bars)

    for i in sorted(range(len(texts)), key=lambda k: -y[k]):
        if not texts[i]:
            continue
        half = len(texts[i]) * _LABEL_CHAR_WIDTH / 2
        options = [(where, *label_box(where, x[i], y[i], half)) for where in ("top center", "bottom center")]
        beside = [
            (where, *label_box(where, x[i], y[i], half))
            for where in ("top right", "top left", "bottom right", "bottom left")
        ]
        free = [
            option
            for option in options + [(w, mx, c) for w, mx, c in beside if half <= mx <= 1 - half]
            if all(abs(option[1] - px) >= half + ph or abs(option[2] - py) >= _LABEL_HEIGHT for px, py, ph in placed)
        ]
        # The first place free of labels that crosses nothing; else the one that crosses least, a bar
        # worse than a line (a whisker through a figure reads as part of it), in the order above.
        where, middle, centre = min(
            free or options,
            key=lambda o: 2 * crosses_a_bar(o[1], o[2], half) + crosses_a_line(i, o[1], o[2], half),
        )
        positions[i] = where
        placed.append((middle, centre, half))
    return positions


def revised_capex_ids(frame: pd.DataFrame) -> list[str]:
    """Company capex headlines that have at least one revision (the guidance chart's lines)."""
    role = frame["role"]
    revised = set(frame["parent_id"][role == "revision"].to_numpy(dtype=object))
    capex = frame["id"][(role == "headline") & (frame["scope"] == "capex-total")].to_numpy(dtype=object)
    return [h for h in capex if h in revised]


def _followed(frame: pd.DataFrame, headline_ids: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """The capex plans of ``headline_ids`` that have a figure, largest figure first (ties: in the
    order of their ids), ordered on the few columns that decide before any per-plan work;
    with the positions, ids and parents of all their figures. Ranked at one date's rates (the last
    bundled fixing), whatever the display currency and basis: at each plan's own date, Amazon's
    and Meta's swapped places, colours and legend rows between EUR and USD (QA pass 8)."""
    is_head = lookups.is_in(frame["id"], headline_ids)
    keep = (
        (is_head | lookups.is_in(frame["parent_id"], headline_ids))
        & frame["value_high"].notna().to_numpy(dtype=bool)
        & ((frame["role"] == "revision").to_numpy(dtype=bool) | is_head)
    )
    family = np.flatnonzero(keep)
    ids, parents = lookups.values_at(frame["id"], family), lookups.values_at(frame["parent_id"], family)
    heads, names = pd.factorize(
        np.array([parent if parent != "" else row_id for parent, row_id in zip(parents, ids)], dtype=object), sort=True
    )
    largest = np.full(len(names), -np.inf)
    np.fmax.at(largest, heads, _at_one_date(frame, family))  # fmax: a figure without a rate ranks last
    order = [str(names[i]) for i in np.lexsort((np.arange(len(names)), -largest))]
    return order, family, ids, parents


def _at_one_date(frame: pd.DataFrame, positions: np.ndarray) -> np.ndarray:
    """The figures at ``positions`` in euros at the last bundled fixing (NaN where that has no
    rate); the converted figures where the frame has no amounts as announced."""
    if not {"amount_low", "amount_high", "currency", "announced"} <= set(frame.columns):
        return frame["value_high"].to_numpy(dtype=float)[positions]
    converted = fx.conversion_columns(frame.iloc[positions], target="EUR", basis="latest", on_missing="mark")
    return np.asarray(converted["value_high"], dtype=float)


def guidance_drawn(frame: pd.DataFrame, headline_ids: Sequence[str]) -> list[str]:
    """The capex plans of ``headline_ids`` the guidance chart draws: the ``GUIDANCE_LINES`` with the
    largest figures, largest first."""
    return _followed(frame, headline_ids)[0][:GUIDANCE_LINES]


def guidance_left_out(frame: pd.DataFrame, headline_ids: Sequence[str], *, locale: str) -> list[str]:
    """The capex plans with guidance that the chart does not draw (it follows the
    ``GUIDANCE_LINES`` with the largest figures; its table lists every one), largest first, by
    their short names as a legend would name them.

    >>> rows = pd.DataFrame({"id": list("abcdefg"), "parent_id": [""] * 7, "role": ["headline"] * 7,
    ...                      "value_high": [7.0, 6, 5, 4, 3, 2, 1], "short_name": list("ABCDEFG")})
    >>> guidance_left_out(rows, list("gfedcba"), locale="en_US")
    ['G']
    """
    short = short_names(frame, locale, view="total")
    return [short.get(head, head) for head in _followed(frame, headline_ids)[0][GUIDANCE_LINES:]]


def single_figure_capex(frame: pd.DataFrame, headline_ids: Sequence[str]) -> list[str]:
    """Company capex headlines (guidance or a reported actual) with a figure but no revision (not
    in ``headline_ids``), largest first: nothing of theirs moved, so the guidance chart and its
    table have no line for them.

    >>> rows = pd.DataFrame({"id": list("abc"), "parent_id": [""] * 3, "role": ["headline"] * 3,
    ...                      "scope": "capex-total", "value_high": [1.0, None, 3]})
    >>> single_figure_capex(rows, ["a"])
    ['c']
    """
    role, revised = frame["role"], set(headline_ids)
    capex = frame["id"][(role == "headline") & (frame["scope"] == "capex-total")].to_numpy(dtype=object)
    return _followed(frame, [h for h in capex if h not in revised])[0]


def guidance(
    frame: pd.DataFrame,
    headline_ids: Sequence[str],
    *,
    currency: str,
    locale: str,
    gettext: Gettext | None = None,
) -> go.Figure:
    """How each company's capex guidance moved: first guidance, revisions, reported actual."""
    _ = gettext or identity
    # Follow the capex plans with the largest figures only.
    order, family, ids, parents = _followed(frame, headline_ids)
    chosen = order[:GUIDANCE_LINES]  # as guidance_drawn
    wanted = set(chosen)
    members = family[[row_id in wanted or parent in wanted for row_id, parent in zip(ids, parents)]]
    records = records_at(
        frame,
        present_columns(
            frame, ("id", "parent_id", "role", "value_low", "value_high", "announced", "status"), hover_columns()
        ),
        members,
    )
    histories = [history for head in chosen if (history := ledger.history(records, head))]
    if not histories:
        return empty_figure(_("No capex guidance in the current selection."), locale=locale)
    scale = axes.unit_scale(float(max(max(r["value_high"] for r in h) for h in histories)), locale=locale)
    hovers = Hovers(currency=currency, locale=locale, _=_, view="total")
    traces: list[dict] = []
    short = short_names(frame, locale, view="total")
    lines = []
    for hist in histories:
        low = np.array([r["value_low"] for r in hist], dtype=float) / scale.divisor
        high = np.array([r["value_high"] for r in hist], dtype=float) / scale.divisor
        changes = guidance_changes(
            low, high, currency=currency, locale=locale, _=_, divisor=scale.divisor, kinds=wordings(hist)
        )
        lines.append(([announced_timestamp(r["announced"]) for r in hist], low, high, changes))
    # Where each change label goes: positions as fractions of the axes' spans (a point without a
    # date is not drawn; its label goes nowhere near the others).
    x = np.array([np.nan if t is None else float(t.value) for when, *_rest in lines for t in when])
    x = (x - np.nanmin(x)) / ((np.nanmax(x) - np.nanmin(x)) or 1) if np.isfinite(x).any() else np.zeros(len(x))
    y = np.concatenate([(low + high) / 2 for _when, low, high, _changes in lines])
    top = max(float(high.max()) for *_rest, high, _changes in lines) or 1
    y = y / top
    x = np.nan_to_num(x, nan=-1.0)
    line_of = np.repeat(np.arange(len(lines)), [len(when) for when, *_rest in lines])
    drawn = [(x[line_of == k], y[line_of == k]) for k in range(len(lines))]
    lows = np.concatenate([low for _when, low, _high, _changes in lines]) / top
    highs = np.concatenate([high for _when, _low, high, _changes in lines]) / top
    ranged = np.flatnonzero((highs > lows) & (x >= 0))
    places = label_positions(
        x.tolist(),
        y.tolist(),
        [text for *_rest, changes in lines for text in changes],
        [(lx[lx >= 0][np.argsort(lx[lx >= 0])], ly[lx >= 0][np.argsort(lx[lx >= 0])]) for lx, ly in drawn],
        line_of.tolist(),
        [(float(x[k]), float(lows[k]), float(highs[k])) for k in ranged],
    )
    for colour, dash, hist, (when, low, high, changes) in zip(COMPANY_COLOURS, COMPANY_DASHES, histories, lines):
        mid = (low + high) / 2
        symbols = ["diamond" if r["status"] == "spent" else "circle" for r in hist]
        place, places = places[: len(hist)], places[len(hist) :]
        traces.append(
            dict(
                type="scatter",
                x=when,
                y=mid,
                mode="lines+markers+text",
                # Each change on the point it leads to, in the display currency and in per cent.
                text=changes,
                textposition=place,
                textfont=dict(size=11, color=colour),
                cliponaxis=False,
                name=escape(short.get(hist[0]["id"]) or short_label(item_label(hist[0], locale), 28)),
                line=dict(color=colour, width=2, dash=dash),
                marker=dict(size=10, symbol=symbols, color=colour),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=high - mid,
                    arrayminus=mid - low,
                    visible=bool((high > low).any()),
                    color=colour,
                    thickness=1.5,
                    width=4,
                ),
                hovertext=[hovers.text(r) for r in hist],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    all_values = [r[col] / scale.divisor for h in histories for r in h for col in ("value_high", "value_low")]
    # Company names are longer than region names: let each legend entry take its own width.
    return money_over_dates(
        traces,
        all_values,
        scale=scale,
        currency=currency,
        locale=locale,
        _=_,
        x_title=_("Date of guidance or report"),
        reported=any_reported(frame, members),
        height=420,
        legend=dict(entrywidth=0, entrywidthmode="pixels"),
    )
