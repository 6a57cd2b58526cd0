"""Compare's picks: where a pick that was set aside goes when it comes back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


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
