"""Where a scatter's point labels go: off each other, the markers and their range lines, and
inside the plot, or left to the hover where no place leaves enough of a label clear."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

#: Where a scatter label may sit, in order of preference: Plotly's ``textposition`` and the side
#: of the marker it takes horizontally and vertically (-1 left/below, 0 centred, 1 right/above).
LABEL_PLACES = (
    ("top center", 0, 1),
    ("bottom center", 0, -1),
    ("middle right", 1, 0),
    ("middle left", -1, 0),
    ("top right", 1, 1),
    ("top left", -1, 1),
    ("bottom right", 1, -1),
    ("bottom left", -1, -1),
)
#: The plot area labels are placed for (a desktop column), a character's width, a line's
#: height and the gap between a marker's centre and its label, in pixels.
PLOT_PX = (800, 420)
CHAR_PX, LINE_PX, GAP_PX = 6, 14, 7
LINE_HIT_PX = 6  # how thick a range line counts when a label would cover it
#: The share of a label that may be covered, or outside the plot, before it is left to the hover.
CROWDED = 0.3
#: How much more a label over another point's marker counts than over another label: beside it, the
#: label reads as that point's ("Oracle Abilene chips ~$40bn" ended on Anthropic-Azure's marker and
#: read as 1 GW for about €26B: QA pass 15).
ON_A_MARKER = 10


def _span(centre: float, side: int, size: float) -> tuple[float, float]:
    if side == 0:
        return centre - size / 2, centre + size / 2
    return (centre + GAP_PX, centre + GAP_PX + size) if side > 0 else (centre - GAP_PX - size, centre - GAP_PX)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[2], b[2]))


def label_positions(
    x: Iterable[float],
    y: Iterable[float],
    labels: Sequence[str],
    *,
    ranges: tuple[Iterable[float], Iterable[float], Iterable[float], Iterable[float]] | None = None,
) -> list[str]:
    """A ``textposition`` per point that keeps labels off each other, the markers and their range
    lines (``ranges``: x low, x high, y low, y high), and inside the plot as far as :data:`PLOT_PX`
    allows; positions in the plot (0..1), greedy in the points' order (the first, the best places).
    "" for a label with no place that leaves :data:`CROWDED` of it clear (its point keeps its hover).

    >>> label_positions([0.5, 0.5], [0.5, 0.52], ["lower", "upper"])  # the upper marker is above "lower"
    ['bottom center', 'top center']
    >>> label_positions([0.5, 0.51], [0.5, 0.5], ["left one", "right one"])
    ['top center', 'bottom center']
    >>> xs, ys = [0.5, 0.5, 0.5], [0.5, 0.54, 0.46]  # above and below taken: right, or left of its range line
    >>> [label_positions(xs, ys, ["a", "b", "c"], ranges=(xs, hi, ys, ys))[0] for hi in (xs, [0.6, 0.5, 0.5])]
    ['middle right', 'middle left']
    >>> label_positions([0.5] * 6, [0.5] * 6, ["a long label"] * 6)  # a pile at one point: four fit
    ['top center', 'bottom center', 'middle right', 'middle left', '', '']
    """
    width, height = PLOT_PX
    px, py = [v * width for v in x], [v * height for v in y]
    markers = [(a - GAP_PX, a + GAP_PX, b - GAP_PX, b + GAP_PX) for a, b in zip(px, py)]
    if ranges is not None:  # a stated range's line struck its own label (Microsoft-Narvik: QA)
        x_lo, x_hi, y_lo, y_hi = ranges
        half = LINE_HIT_PX / 2
        markers += [(lo * width, hi * width, b - half, b + half) for lo, hi, b in zip(x_lo, x_hi, py) if hi > lo]
        markers += [(a - half, a + half, lo * height, hi * height) for a, lo, hi in zip(px, y_lo, y_hi) if hi > lo]
    plot = (0.0, float(width), 0.0, float(height))
    placed: list[tuple[float, float, float, float]] = []
    out: list[str] = []
    for i, label in enumerate(labels):
        w, h = CHAR_PX * len(label), LINE_PX
        best, best_cost, best_box = LABEL_PLACES[0][0], math.inf, plot
        for name, dx, dy in LABEL_PLACES:
            box = (*_span(px[i], dx, w), *_span(py[i], dy, h))
            cost = sum(_overlap(box, other) for other in placed)
            cost += sum(
                _overlap(box, m) * (ON_A_MARKER if j < len(labels) else 1)  # lines: j >= len(labels)
                for j, m in enumerate(markers)
                if j != i
            )
            cost += w * h - _overlap(box, plot)  # the part outside the plot
            if cost < best_cost:
                best, best_cost, best_box = name, cost, box
        if best_cost > CROWDED * w * h:  # no place for it: a pile of cut and overlapping labels (QA pass)
            out.append("")
            continue
        placed.append(best_box)
        out.append(best)
    return out
