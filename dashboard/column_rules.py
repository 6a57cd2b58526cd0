"""The rules that check whole columns of stripped cells (``validate_frame`` runs them on every
file): the 2026-11 contract extension and the rules found in hostile files. Each looks only at
the rows that fill a column or match a pattern, so a file without them costs next to nothing.

Layer 1 (pandas). Pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from dashboard import schema as s
from dashboard.datekeys import before, date_keys
from dashboard.rules import POINT_FIGURE, WHOLE_PATTERN, Problem, is_http_url, one_of, show, vocabulary_problem

# --- the contract extension: short names, source kind, physical figures, overlaps ------------

_SECOND_SOURCE = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.IGNORECASE)


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def has_second_source(note: str, source_url: str) -> bool:
    """Whether *note* cites an http(s) URL on another host than *source_url* (an independent
    second source, as ``confidence=high`` with ``source_kind=secondary`` needs).

    >>> has_second_source("Also https://www.ft.com/x.", "https://reuters.com/y")
    True
    >>> has_second_source("Also https://reuters.com/z", "https://www.reuters.com/y")
    False
    >>> has_second_source("no link", "https://reuters.com/y")
    False
    """
    own = _host(source_url) if is_http_url(source_url) else ""
    for match in _SECOND_SOURCE.finditer(note):
        url = match.group().rstrip(".,;:!?")
        if is_http_url(url) and _host(url) != own:
            return True
    return False


def parse_overlaps(text: str) -> list[tuple[str, str]]:
    """The ``(kind, id)`` entries of an ``overlaps_with`` cell, in order; ``[]`` when empty.

    Entries are ``kind:id`` separated by ``;`` (spaces around ``;`` allowed). On validated
    data every kind is in ``schema.OVERLAP_KINDS`` and every id names another row; an entry
    without ``:`` comes back as ``("", entry)``.

    >>> parse_overlaps("partial:uk-nscale-loughton ; inside:nvidia-capex-2025")
    [('partial', 'uk-nscale-loughton'), ('inside', 'nvidia-capex-2025')]
    >>> parse_overlaps("")
    []
    """
    if not text.strip():
        return []
    out = []
    for entry in text.split(";"):
        kind, colon, target = entry.strip().partition(":")
        out.append((kind, target) if colon else ("", entry.strip()))
    return out


#: Most items one row may name in ``overlaps_with`` (the bundled data's most is 5), and all rows
#: together: 560 rows each naming the 559 others took every rerun 10-30 s (attack round 6); the
#: overlap bounds cost about 30 microseconds a link.
MAX_LINKS_IN_ROW = 50
MAX_LINKS = 5_000


def overlap_messages(text: str, own_id: str, ids: Mapping[str, Any]) -> list[str]:
    """What is wrong with one ``overlaps_with`` cell (``ids``: every id of the dataset)."""
    entries = parse_overlaps(text)
    if len(entries) > MAX_LINKS_IN_ROW:
        return [f"{len(entries):,} entries; a row may name at most {MAX_LINKS_IN_ROW} items it overlaps"]
    out = []
    seen: set[str] = set()
    for kind, target in entries:
        entry = f"{kind}:{target}" if kind else target
        if not entry:
            out.append(f"empty entry in {show(text)} (entries are kind:id separated by ';')")
        elif not kind:
            out.append(f"{show(entry)} is not a kind:id entry (e.g. inside:<id> or partial:<id>)")
        elif kind not in s.OVERLAP_KINDS:
            out.append(f"{show(entry)}: {show(kind)} is not one of {one_of(s.OVERLAP_KINDS)}")
        elif target == own_id:
            out.append(f"{show(entry)} names the row's own id")
        elif target not in ids:
            out.append(f"{show(entry)}: {show(target)} is not the id of any row")
        elif target in seen:
            out.append(f"{show(target)} appears more than once")
        seen.add(target)
    return out


#: The physical columns: (low, high, largest value, whole numbers only, unit for messages).
PHYSICAL: tuple[tuple[str, str, int, bool, str], ...] = (
    (s.CAPACITY_GW_LOW, s.CAPACITY_GW_HIGH, s.CAPACITY_GW_MAX, False, "gigawatts"),
    (s.ACCELERATORS_LOW, s.ACCELERATORS_HIGH, s.ACCELERATORS_MAX, True, "accelerators"),
)


def parse_physical(text: str, *, maximum: int, whole: bool, unit: str) -> float | str:
    """A capacity (GW) or accelerator count as float, or the reason it is not one.

    >>> parse_physical("1.5", maximum=1000, whole=False, unit="gigawatts")
    1.5
    >>> parse_physical("2 GW", maximum=1000, whole=False, unit="gigawatts")
    "'2 GW' is not a plain number (gigawatts: digits, '.' for decimals, no units)"
    >>> parse_physical("1.5", maximum=10, whole=True, unit="accelerators")
    "'1.5' is not a whole number (a count: digits only, e.g. 100000)"
    >>> parse_physical("2000", maximum=1000, whole=False, unit="gigawatts")
    "'2000' is above the maximum of 1000 gigawatts"
    """
    if whole and not s.matches(WHOLE_PATTERN, text):
        return f"{show(text)} is not a whole number (a count: digits only, e.g. 100000)"
    if not s.matches(s.NUMBER_PATTERN, text):
        return f"{show(text)} is not a plain number ({unit}: digits, '.' for decimals, no units)"
    value = float(text)
    if value < 0:
        return f"{show(text)} is negative"
    if value > maximum:
        return f"{show(text)} is above the maximum of {maximum} {unit}"
    return value


def extension_problems(c: Mapping[str, pd.Series], absent: frozenset[str]) -> list[Problem]:
    """The rules of the 2026-11 contract extension (``schema.OPTIONAL_COLUMNS``):

    * ``short_name``, ``short_name_de``: at most ``schema.SHORT_NAME_MAX`` characters;
    * ``source_kind``: one of ``schema.SOURCE_KINDS``, or empty ("not stated": a file in the
      format before the extension, alone or added to the bundled data); where stated,
      ``confidence=high`` needs ``primary``, or ``secondary`` plus a second http(s) URL on
      another host in ``note`` (``has_second_source``); never ``tertiary``. The bundled
      dataset states it on every row (``tests/test_data_content.py``);
    * ``capacity_gw_*`` / ``accelerators_*``: non-negative numbers (accelerators whole), both
      or neither, low <= high, at most ``schema.CAPACITY_GW_MAX`` / ``ACCELERATORS_MAX``;
      ``capacity_gw_kind`` / ``accelerators_kind`` (the 2026-12 extension): one of
      ``schema.AMOUNT_KINDS`` or empty (exact), and only where the figure is given;
    * ``overlaps_with``: ``kind:id`` entries separated by ``;`` (``parse_overlaps``), kinds
      in ``schema.OVERLAP_KINDS``, each id another existing row's, each once.
    """
    out: list[Problem] = []
    bad = _reporter(c[s.ID], out)

    for column in (s.SHORT_NAME, s.SHORT_NAME_DE):
        positions = (c[column].str.len() > s.SHORT_NAME_MAX).to_numpy().nonzero()[0]
        for position, value in zip(positions, _at(c[column], positions)):
            bad(position, column, f"{show(value)} is {len(value)} characters long (at most {s.SHORT_NAME_MAX})")

    if s.SOURCE_KIND not in absent:
        kinds = c[s.SOURCE_KIND]
        positions = ((kinds != "") & ~kinds.isin(s.SOURCE_KINDS)).to_numpy().nonzero()[0]
        for position, kind in zip(positions, _at(kinds, positions)):
            bad(position, s.SOURCE_KIND, vocabulary_problem(kind, s.SOURCE_KINDS) or "")
        high = (c[s.CONFIDENCE] == "high").to_numpy()
        for position in (high & (kinds == "tertiary").to_numpy()).nonzero()[0]:
            bad(position, s.CONFIDENCE, "'high' is not allowed with source_kind tertiary (use medium or low)")
        secondary = (high & (kinds == "secondary").to_numpy()).nonzero()[0]
        rows = zip(secondary, _at(c[s.NOTE], secondary), _at(c[s.SOURCE_URL], secondary))
        for position, note, url in rows:
            if not has_second_source(note, url):
                bad(
                    position,
                    s.CONFIDENCE,
                    "'high' with source_kind secondary needs a second independent http(s) URL "
                    "in note (on another host than source_url)",
                )

    for low_column, high_column, maximum, whole, unit in PHYSICAL:
        positions = (_given(c[low_column]) | _given(c[high_column])).nonzero()[0]
        rows = zip(positions, _at(c[low_column], positions), _at(c[high_column], positions))
        for position, low_text, high_text in rows:
            parsed = {}
            for column, text in ((low_column, low_text), (high_column, high_text)):
                if text:
                    physical = parse_physical(text, maximum=maximum, whole=whole, unit=unit)
                    parsed[column] = physical
                    if isinstance(physical, str):
                        bad(position, column, physical)
            if not high_text:
                bad(position, high_column, f"missing while {low_column} is given {POINT_FIGURE}")
            elif not low_text:
                bad(position, low_column, f"missing while {high_column} is given {POINT_FIGURE}")
            else:
                low, high = parsed[low_column], parsed[high_column]
                if isinstance(low, float) and isinstance(high, float) and low > high:
                    bad(position, low_column, f"{show(low_text)} is greater than {high_column} {show(high_text)}")

    for low_column, high_column, kind_column in s.UNIT_COLUMNS.values():
        kinds = c[kind_column]
        for position in _given(kinds).nonzero()[0]:
            kind = kinds.iloc[position]
            if problem := vocabulary_problem(kind, s.AMOUNT_KINDS):
                bad(position, kind_column, problem)
            elif not (c[low_column].iloc[position] or c[high_column].iloc[position]):
                bad(position, kind_column, f"{show(kind)} is given but {low_column} and {high_column} are empty")

    overlaps = c[s.OVERLAPS_WITH]
    given = _given(overlaps).nonzero()[0]
    if len(given):
        every_id = dict.fromkeys(c[s.ID].tolist())
        links = 0
        for position, own, text in zip(given, _at(c[s.ID], given), _at(overlaps, given)):
            for message in overlap_messages(text, own, every_id):
                bad(position, s.OVERLAPS_WITH, message)
            links += sum(1 for kind, target in parse_overlaps(text) if kind or target)
        if links > MAX_LINKS:
            message = (
                f"the rows name {links:,} items they overlap (overlaps_with); a file may name at most {MAX_LINKS:,}"
            )
            out.append(Problem(None, None, None, message))
    return out


def _reporter(ids: pd.Series, out: list[Problem]) -> Callable[[int, str, str], None]:
    """``bad(position, column, message)``: adds a problem for the 0-based *position*; the ids
    are looked up all at once, and only when there is a first problem."""
    found: list[Any] = []

    def bad(position: int, column: str, message: str) -> None:
        if not found:
            found.append(ids.to_numpy(dtype=object))
        out.append(Problem(int(position) + 1, found[0][position], column, message))

    return bad


# --- rules found in hostile files: control characters, revisions that count nothing ----------

#: Control characters (``schema.CONTROL_CHARS``; CR splits CSV rows in other programs), of which
#: ``note`` may hold tab and line breaks.
_CONTROL_IN_TEXT = r"[\x00-\x1f\x7f-\x9f]"
_FREE_TEXT = (s.NAME, s.NAME_DE, s.SHORT_NAME, s.SHORT_NAME_DE, s.ACTOR, s.NOTE)
_DIRECTION = s.DIRECTION_MARKS
_TURNS = "it turns the text around; remove it"
#: A text of these only shows nothing: the largest bar had no name (attack round 5).
_INVISIBLE_ONLY = f"^[\\s{s.INVISIBLE}]+$"
#: A word of Latin letters with a Greek, Cyrillic, Armenian or IPA one: "Amаzon" with a Cyrillic "а"
#: was another company beside "Amazon", its capex added twice (attack round 6), and so were "Amօzon"
#: and "Amɑzon" (review 60). Mixed scripts within a run of letters ("α-Fonds" is two), as browsers
#: flag in web addresses, for want of a table of look-alikes.
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
#: Greek (but "μ", the micro sign's look-alike in "5 μm": review 60), Cyrillic, Armenian and IPA letters.
_GREEK_CYRILLIC = "\u0370-\u03bb\u03bd-\u03ff\u0400-\u052f\u0531-\u058f\u0250-\u02af"
_LETTERS = f"[{_LATIN}{_GREEK_CYRILLIC}]"
_MIXED_SCRIPTS = f"[{_LATIN}]{_LETTERS}*[{_GREEK_CYRILLIC}]|[{_GREEK_CYRILLIC}]{_LETTERS}*[{_LATIN}]"


def _mixed_at(value: str) -> int:
    """Where the first Greek or Cyrillic letter of the first word of :data:`_MIXED_SCRIPTS` is
    (word by word: the pattern itself backtracks in Python's re, 5 s over 100,000 long names)."""
    for word in re.finditer(f"{_LETTERS}+", value):
        if re.search(f"[{_LATIN}]", word.group()) and (letter := re.search(f"[{_GREEK_CYRILLIC}]", word.group())):
            return word.start() + letter.start()
    raise AssertionError(value)  # RE2 found such a word


#: Longest text of each kind: names of 120,000 characters kept a browser tab busy for minutes on
#: the compute page (attack round 5); the bundled data's longest name has 112, its longest note 2,827.
_MAX_TEXT = {s.NOTE: 20_000}
_MAX_LABEL = 300


def _where(column: pd.Series, pattern: str) -> tuple[np.ndarray, list[str]]:
    """The positions of ``column``'s values that ``pattern`` finds something in, and those values."""
    positions = column.str.contains(pattern, regex=True).to_numpy().nonzero()[0]
    return positions, _at(column, positions)


def content_problems(c: Mapping[str, pd.Series]) -> list[Problem]:
    """Control characters in free text, and revisions that totals could not count:

    * ``name``, ``name_de``, ``short_name(_de)``, ``actor``, ``note``: no C0/C1 control
      characters or DEL (``note`` may hold tab, CR and LF); the other columns' patterns and
      vocabularies already refuse them; no direction marks, not only invisible characters, at
      most 300 characters (``note``: 20,000); no word of Latin with Greek or Cyrillic letters
      (``note`` aside);
    * a ``revision`` revises a headline or another non-revision row, never a revision (its
      figure would be ignored: the latest revision of a headline counts);
    * a ``revision`` with an amount may not revise a ``headline`` without one (the item would
      count nothing);
    * a ``revision`` is not dated before the row it revises, compared at the coarser precision
      of the two (totals would count the older figure as the item's latest).
    """
    out: list[Problem] = []
    ids = c[s.ID]
    bad = _reporter(ids, out)
    for column in _FREE_TEXT:
        control = s.CONTROL_CHARS if column == s.NOTE else _CONTROL_IN_TEXT
        allowed = "tab and line breaks are the only ones allowed in note" if column == s.NOTE else "remove it"
        for pattern, what, why in ((control, "control character", allowed), (_DIRECTION, "direction mark", _TURNS)):
            for position, value in zip(*_where(c[column], pattern)):
                found = re.search(pattern, value)
                assert found is not None  # RE2 and re agree on these patterns
                where = f"U+{ord(found.group()):04X} at character {found.start() + 1}"
                bad(position, column, f"{what} {where} ({why})")
        for position, _value in zip(*_where(c[column], _INVISIBLE_ONLY)):
            bad(position, column, "only invisible characters (write the text, or leave the cell empty)")
        for position, value in zip(*_where(c[column], _MIXED_SCRIPTS)) if column != s.NOTE else ():
            at = _mixed_at(value)
            letter = unicodedata.name(value[at])
            script = "IPA" if "\u0250" <= value[at] <= "\u02af" else letter.split()[0].title()
            message = (
                f"{show(value)} mixes Latin letters with {script} ones in one word (U+"
                f"{ord(value[at]):04X}, {letter}, at character {at + 1}): write the word in one script, or it "
                "reads as another name"
            )
            bad(position, column, message)
        if column in (s.SHORT_NAME, s.SHORT_NAME_DE):  # at most SHORT_NAME_MAX, said above
            continue
        limit = _MAX_TEXT.get(column, _MAX_LABEL)
        long = (c[column].str.len().to_numpy() > limit).nonzero()[0]
        for position, value in zip(long, _at(c[column], long)):
            bad(position, column, f"{show(value)} is {len(value):,} characters long (at most {limit:,})")

    roles = c[s.ROLE].to_numpy(dtype=object)
    revisions = (roles == "revision").nonzero()[0]
    if len(revisions):
        first = pd.Index(ids.drop_duplicates(keep="first"))
        first_pos = ids.drop_duplicates(keep="first").index.to_numpy()
        parents = _at(c[s.PARENT_ID], revisions)
        # A parent whose id repeats is reported on id; which of its rows a revision revises is unknown,
        # and an upload repeating a bundled id had the bundled revisions checked against it (review).
        found_at = np.where(np.isin(parents, ids[ids.duplicated()].to_numpy()), -1, first.get_indexer(parents))
        money = _given(c[s.AMOUNT_LOW]) | _given(c[s.AMOUNT_HIGH])
        keys = date_keys(c[s.ANNOUNCED].iloc[np.concatenate([revisions, first_pos[found_at]])])
        early = before(keys[: len(revisions)], keys[len(revisions) :]) & (found_at >= 0)
        items = _revised_items(
            dict(zip(first, c[s.PARENT_ID].to_numpy(dtype=object)[first_pos])), dict(zip(first, roles[first_pos]))
        )
        for position, parent, k in zip(revisions, parents, found_at):
            if k < 0:
                continue  # a missing parent is reported on parent_id, a repeated id on id
            p = int(first_pos[k])
            item = items.get(parent) if roles[p] == "revision" else None
            if item is not None:
                message = (
                    f"a revision of the revision {show(parent)}: make it a revision of "
                    f"{show(item)} (the item both revise), or totals ignore its figure"
                )
                bad(position, s.ROLE, message)
            elif roles[p] == "headline" and money[position] and not money[p]:
                message = (
                    f"a revision with an amount of the headline {show(parent)}, which has none: "
                    "totals would count nothing (give the headline its first figure)"
                )
                bad(position, s.ROLE, message)
        for i in np.flatnonzero(early):
            own, dated = c[s.ANNOUNCED].iloc[revisions[i]], c[s.ANNOUNCED].iloc[int(first_pos[found_at[i]])]
            message = (
                f"{show(own)} is before {show(dated)}, the date of {show(parents[i])}, the row it revises: "
                f"totals would count this older figure as the item's latest (date it {dated} or later)"
            )
            bad(revisions[i], s.ANNOUNCED, message)
    return out


def _revised_items(parent_of: Mapping[str, str], role_of: Mapping[str, str]) -> dict[str, str | None]:
    """For each revision id, the first id up its parent_id chain that is not a revision: the item a
    revision of it should revise. None where the chain has no such end (a ring, a missing or empty
    parent), which parent_id or role reports; the fix offered was the row itself, '' or another
    revision of the chain (QA pass, review). Linear: each id is walked once.

    >>> _revised_items({"a": "b", "b": "c", "c": "", "x": "y", "y": "x"},
    ...                {"a": "revision", "b": "revision", "c": "headline", "x": "revision", "y": "revision"})
    {'a': 'c', 'b': 'c', 'x': None, 'y': None}
    """
    items: dict[str, str | None] = {}
    for start in role_of:
        path: dict[str, None] = {}  # ordered, and a set for the ring check
        node = start
        while role_of.get(node) == "revision" and node not in items and node not in path:
            path[node] = None
            node = parent_of.get(node, "")
        items.update(dict.fromkeys(path, items.get(node, None if node in path or node not in role_of else node)))
    return items


def _at(column: pd.Series, positions: Any) -> list[str]:
    return column.iloc[positions].tolist()


def _given(column: pd.Series) -> Any:
    return (column != "").to_numpy(dtype=bool)
