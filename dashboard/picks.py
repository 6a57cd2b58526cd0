"""Compare's picks: where a pick that was set aside goes when it comes back, and how each compares
with the first (its ratio)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np

#: The session-state key of Compare's picks an upload did not have: id -> {"before": the picks
#: before it then, "left": for the page's own default picks (set aside without a word) the picks
#: the upload left, else None, "name": its label}. Written by the Compare page; picks it gives
#: back on another page leave it there (``ui.controls.give_back_picks``).
SET_ASIDE = "_compare_picks_set_aside"


def returning(set_aside: Mapping[str, Mapping], picks: Sequence[str], available: Collection[str]) -> dict:
    """The set-aside picks to give back (id -> the picks that stood before it): those the data has
    again (``available``) and ``picks`` lacks; a default pick only while the reader has left the
    picks as uploads left them.

    >>> aside = {"a": {"before": (), "left": None}, "d": {"before": ("a",), "left": ()}}
    >>> returning(aside, [], {"a", "d"}), returning(aside, ["x"], {"a", "d"})
    ({'a': (), 'd': ('a',)}, {'a': ()})
    """
    return {
        i: a["before"]
        for i, a in set_aside.items()
        if i in available and i not in picks and a["left"] in (None, tuple(picks))
    }


def linked(set_aside: Mapping[str, Mapping], picks: Sequence[str], defaults: Sequence[str]) -> tuple[str, ...]:
    """The picks a link carries: the page's ``defaults`` while ``picks`` are what uploads left of
    them (the reader has not touched them), else ``picks``. An upload without the defaults left
    ``items=investai`` in the link, so a reload, which drops the upload, or a shared link compared
    one item that nobody picked (QA pass 28).

    >>> aside = {"d": {"before": ("a",), "left": ("a",)}}
    >>> linked(aside, ["a"], ["a", "d"]), linked(aside, ["a", "x"], ["a", "d"]), linked({}, ["a"], ["a", "d"])
    (('a', 'd'), ('a', 'x'), ('a',))
    """
    untouched = any(a["left"] == tuple(picks) for a in set_aside.values())
    return tuple(defaults) if untouched else tuple(picks)


def put_back(picks: Sequence[str], returning: Mapping[str, Sequence[str]], limit: int) -> tuple[list[str], list[str]]:
    """``picks`` with each returning id (mapped to the picks that stood before it when it was set
    aside) after the last of those still picked, or first if none is; ids past ``limit`` picks
    come back apart. A place kept as an index came back wrong after a second upload set another
    pick aside, or after the reader removed an earlier pick (review).

    >>> put_back(["a", "c"], {"b": ("a",), "d": ("a", "b", "c")}, 8)
    (['a', 'b', 'c', 'd'], [])
    >>> put_back(["b", "d"], {"c": ("a", "b")}, 8), put_back(["d"], {"c": ("a", "b")}, 8)
    ((['b', 'c', 'd'], []), (['c', 'd'], []))
    >>> put_back(["x", "y"], {"c": ("x",), "e": ()}, 3)
    (['x', 'c', 'y'], ['e'])
    """
    out = list(picks)
    no_room = []
    for pick, before in returning.items():
        if len(out) >= limit:
            no_room.append(pick)
            continue
        places = [out.index(p) for p in before if p in out]
        out.insert(max(places) + 1 if places else 0, pick)
    return out, no_room


def ratios(low: np.ndarray, high: np.ndarray) -> tuple[int | None, np.ndarray]:
    """The position of the first pick with a figure (in the one-year view the first may have none),
    None if no pick has one, and each pick's central figure (the middle of its range) over that
    pick's: NaN where a pick has no figure, 0 where it has no money.

    >>> ratios(np.array([np.nan, 0.0, 100.0, 150.0]), np.array([np.nan, 0.0, 300.0, 250.0]))
    (2, array([nan,  0.,  1.,  1.]))
    >>> ratios(np.array([np.nan, 0.0]), np.array([np.nan, 0.0]))
    (None, array([nan, nan]))
    """
    mids = (np.asarray(low, dtype=float) + np.asarray(high, dtype=float)) / 2
    with_figure = np.flatnonzero(mids > 0)  # NaN compares False
    if not len(with_figure):
        return None, np.full(len(mids), np.nan)
    return int(with_figure[0]), mids / mids[with_figure[0]]
