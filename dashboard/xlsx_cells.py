"""How one cell of a workbook reads: as the contract's text (a date as precise as its cell shows
it), and where openpyxl reads a cell as what the sheet does not hold (a formula without its value,
a number past any date, a hidden row), or stops at one without naming it.

Layer 1 (stdlib; openpyxl optional, imported where used). Pure, but that :func:`cells_as_stored`
wraps openpyxl's parser while a workbook is read (in the reading child of ``xlsx``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from dashboard.excel import number_text
from dashboard.rules import show

#: What a number format shows of a date, its text and locale tags (``[$-409]``, ``"x"``, ``\-``) aside.
_FORMAT_NOISE = re.compile(r'\[[^\]]*\]|"[^"]*"|\\.')


def xlsx_cell(value: Any, number_format: str | None = None) -> str:
    r"""A cell as the contract's text; a date as precise as its cell shows it, where what it hides
    is what Excel stores for a month or a year typed alone: "2025-05" typed into a cell becomes 1 May
    2025 shown "May-25", which read as the 1st took a day's rate for the month's average (QA pass
    21). A date it hides a day of (21 May shown "May-25") stays that day (review).

    >>> xlsx_cell(dt.datetime(2025, 5, 1), "mmm\\-yy"), xlsx_cell(dt.datetime(2025, 1, 1), "[$-409]yyyy;@")
    ('2025-05', '2025')
    >>> xlsx_cell(dt.datetime(2025, 5, 21), "mmm\\-yy"), xlsx_cell(dt.datetime(2025, 5, 1), "yyyy")
    ('2025-05-21', '2025-05-01')
    >>> xlsx_cell(dt.datetime(2025, 5, 1), "yyyy-mm-dd h:mm:ss"), xlsx_cell(dt.date(2025, 5, 3), "d/m/yyyy")
    ('2025-05-01', '2025-05-03')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        shown = _FORMAT_NOISE.sub("", (number_format or "").lower())
        first = value.day == 1 and (not isinstance(value, dt.datetime) or value.time() == dt.time())
        if first and "y" in shown and "d" not in shown and "h" not in shown:
            if "m" in shown:
                return f"{value.year:04d}-{value.month:02d}"
            if value.month == 1:
                return f"{value.year:04d}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return number_text(value)
    return str(value).strip()


#: A comma that scales a number by 1,000 ("0,," shows millions), not one that groups ("#,##0").
_SCALING = re.compile(r",(?![0#?])")
#: Text a number format adds: in quotes, escaped character by character, or as a currency tag's
#: symbol ("[$Mrd. €-407]").
_WORDS = re.compile(r'"([^"]*)"|\\(.)|\[\$([^\]-]*)')
#: Words of scale in English, German and Indian usage: a unit ("kr", "GW", "R$") is no scale.
_SCALES = (
    "k m mm mn b bn t tn thousand thousands million millions billion billions trillion tsd tausend mio "
    "millionen mrd milliarde milliarden bio billionen cr crore crores lakh lakhs lac"
)
_SCALE_WORDS = frozenset(_SCALES.split())


def shown_otherwise(value: Any, number_format: str | None) -> bool:
    """Whether a number's cell shows it scaled, by commas or by a word of scale, as "200 Mrd. €"
    for 200: read as the number stored, €200 came in for the €200bn shown (attack round 7). A
    currency or unit in the format is no scale ("10.000.000.000 kr" shows the amount in full:
    review 60).

    >>> shown_otherwise(200, '0" Mrd. €"'), shown_otherwise(1.5, '0.0,,," bn"'), shown_otherwise(1.5, "0.0,,")
    (True, True, True)
    >>> shown_otherwise(200, '0" MRD €"'), shown_otherwise(200, "0 [$Mrd. €-407]"), shown_otherwise(9, '0 "TSD €"')
    (True, True, True)
    >>> shown_otherwise(2e11, '#,##0 "€"'), shown_otherwise(2e11, '"EUR "#,##0'), shown_otherwise(1e10, '#,##0 "kr"')
    (False, False, False)
    >>> shown_otherwise(2e11, "#,##0"), shown_otherwise(4.5, '0.00" GW"'), shown_otherwise(2e11, "[$€-407] #,##0")
    (False, False, False)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not number_format:
        return False
    shown = " ".join("".join(parts) for parts in _WORDS.findall(number_format))
    words = {word.casefold() for word in re.findall(r"[^\W\d_]+", shown)}
    return bool(_SCALING.search(_FORMAT_NOISE.sub("", number_format)) or words & _SCALE_WORDS)


#: What a cell's type attribute says it holds, for :func:`failed_cell`.
_CELL_TYPES = {"n": "a number", "d": "a date", "b": "true or false"}


def failed_cell(error: BaseException) -> str:
    """Which cell openpyxl stopped at and why, or "": "ValueError" alone left a reader to search the
    sheet for a cell typed as a number that holds "abc" (attack round 5). openpyxl names no cell in
    its errors, so this reads its cell parser's frame (``parse_cell``: the cell's row, column, type
    and raw value), the one place that knows; a future openpyxl without it gives ""."""
    from openpyxl.utils import get_column_letter

    trace, cell = error.__traceback__, {}
    while trace:  # the innermost: :func:`cells_as_stored` wraps the parser in one of that name
        if trace.tb_frame.f_code.co_name == "parse_cell":
            cell = trace.tb_frame.f_locals
        trace = trace.tb_next
    if not {"row", "column", "data_type", "value"} <= cell.keys():
        return ""
    where = f"cell {get_column_letter(cell['column'])}{cell['row']}"
    if cell["data_type"] == "s":
        return f"{where} names shared string {show(str(cell['value']))}, which the workbook does not hold"
    kind = _CELL_TYPES.get(cell["data_type"], f"type {show(str(cell['data_type']))}")
    return f"{where} is stored as {kind} but holds {show(str(cell['value']))}"


class _Uncomputed:
    """The value of a formula cell without the value spreadsheet programs store beside it."""

    def __str__(self) -> str:
        return ""


UNCOMPUTED = _Uncomputed()


class _Hidden:
    """The value of a cell in a hidden row (by a filter, or hidden by hand)."""

    def __str__(self) -> str:
        return ""


HIDDEN = _Hidden()


@contextlib.contextmanager
def cells_as_stored() -> Iterator[None]:
    """While reading, two cells openpyxl reads as what the sheet does not hold:

    * a formula cell without the value spreadsheet programs store beside it reads as
      :data:`UNCOMPUTED`. openpyxl's ``data_only`` reads it as an empty cell, and "=500*10^9" in
      amount_low of a file written by openpyxl itself left the row without money, and every total
      without €500bn, unsaid (attack round 6);
    * a number formatted as a date but past any date (500000000000 in a "yyyy-mm-dd" cell) reads
      as the number stored: openpyxl made it "#VALUE!", quoted in the message although no cell
      says so (attack round 6 #14). One within the dates reads as the date the cell shows.

    * a cell with a value in a hidden row reads as :data:`HIDDEN`: a row a filter hid, of €900bn
      beside the €1bn shown, was read and added (attack round 7).

    Its cell and row parsers are the one place that sees the stored value beside what it makes of
    it, so they are wrapped (this runs in the reading child)."""
    from openpyxl.worksheet import _reader

    parse, parse_row = _reader.WorkSheetParser.parse_cell, _reader.WorkSheetParser.parse_row

    def hiding_row(self: Any, element: Any) -> tuple[int, list[dict[str, Any]]]:
        number, cells = parse_row(self, element)
        if element.get("hidden") in ("1", "true"):
            for cell in cells:
                cell["value"] = HIDDEN if cell["value"] not in (None, "") else cell["value"]
        return number, cells

    def parse_cell(self: Any, element: Any) -> dict[str, Any]:
        cell = parse(self, element)
        stored = element.findtext(_reader.VALUE_TAG)
        # No value, or an empty one where no text is stored (``t="str"`` holds a formula's "" result).
        empty = not stored and element.get("t", "n") != "str"
        if empty and element.find(_reader.FORMULA_TAG) is not None:
            cell["value"] = UNCOMPUTED
        elif cell["data_type"] == "e" and element.get("t", "n") == "n" and cell["value"] == "#VALUE!":
            cell["value"], cell["data_type"] = float(stored), "n"
        return cell

    _reader.WorkSheetParser.parse_cell, _reader.WorkSheetParser.parse_row = parse_cell, hiding_row
    try:
        yield
    finally:
        _reader.WorkSheetParser.parse_cell, _reader.WorkSheetParser.parse_row = parse, parse_row
