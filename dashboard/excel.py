"""What spreadsheet programs write: encodings other than UTF-8, ';' or tab with a decimal comma
(German Excel), and XLSX workbooks (when openpyxl is installed), read for ``check_upload``.

Layer 1 (stdlib, pandas; openpyxl optional). Pure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pandas as pd

from dashboard import schema as s
from dashboard.reading import MAX_COLUMNS, byte_at, records_frame
from dashboard.rules import Problem, file_problem, show

#: Most data rows one upload may have (the bundled dataset has fewer than 100).
MAX_UPLOAD_ROWS = 20_000

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(s.CONTROL_CHARS)
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A number as German Excel writes it: optional '.' thousands groups, optional decimal comma.
_GERMAN_NUMBER = re.compile(r"[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(\.[0-9]{3})+")
#: One separator followed by exactly three digits: "294,000" and "1.500" read as 294 or 294000,
#: 1500 or 1.5, depending on the decimal mark, which such a cell alone does not tell.
_AMBIGUOUS = re.compile(r"[+-]?[0-9]{1,3}[.,][0-9]{3}")
_SEP_LINE = re.compile(r"sep=(.)")


def decode_upload(data: bytes) -> tuple[str | None, str, list[Problem]]:
    r"""Text of an upload in UTF-8 (BOM or not), else Windows-1252/Latin-1; or why it is not text.

    >>> decode_upload("Zürich".encode("latin-1"))[:2]
    ('Zürich', 'Latin-1')
    >>> decode_upload(b"\xef\xbb\xbfid")[:2]
    ('id', 'UTF-8 with BOM')
    >>> decode_upload("€5".encode("cp1252"))[:2]
    ('€5', 'Windows-1252')
    >>> str(decode_upload(b"id,name\x00\x01")[2][0])
    'file: not a text file (byte 0x00 at offset 7, line 1, character 8)'
    >>> str(decode_upload("x,société\xa0:".encode("latin-1") + b"\x81")[2][0])  # one byte, one character
    'file: control character U+0081 (byte 0x81 at offset 11, line 1, character 12); remove it'
    >>> str(decode_upload("€5,„a“".encode("cp1252") + b"\x9d")[2][0])  # the byte cp1252 lacks, not the €
    'file: control character U+009D (byte 0x9d at offset 6, line 1, character 7); remove it'
    >>> str(decode_upload("id,name\n".encode("utf-16"))[2][0])
    'file: UTF-16 text (as Excel\'s "Unicode Text" writes it); save the file as "CSV UTF-8" instead'
    """
    if not data:
        return None, "", file_problem("empty file (0 bytes)")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, "", file_problem("UTF-32 text (byte order mark at offset 0); save the file as CSV UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        return (
            None,
            "",
            file_problem('UTF-16 text (as Excel\'s "Unicode Text" writes it); save the file as "CSV UTF-8" instead'),
        )
    if data.startswith(_OLE_MAGIC):
        return None, "", file_problem("an old Excel .xls (or other Office) file, not CSV text; save the sheet as CSV")
    control_byte = _CONTROL_BYTE.search(data)  # a control in UTF-8, Latin-1 and cp1252 alike
    if control_byte:
        return None, "", file_problem(f"not a text file ({byte_at(data, control_byte.start())})")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        encoding = "UTF-8 with BOM" if bom else "UTF-8"
    except UnicodeDecodeError as error:
        first = _UTF8_SEQUENCE.search(data)
        if bom or first is not None:
            where = 0 if bom else first.start()  # type: ignore[union-attr]
            return (
                None,
                "",
                file_problem(
                    f"mixed encodings: UTF-8 text (from offset {where}) but {byte_at(data, error.start)} "
                    "is not UTF-8; save the whole file as CSV UTF-8"
                ),
            )
        try:
            text = data.decode("cp1252")
            encoding = "Windows-1252" if re.search(rb"[\x80-\x9f]", data) else "Latin-1"
        except UnicodeDecodeError as undefined:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: C1 controls in Latin-1
            # The byte cp1252 has no character for, not the first € a Latin-1 reading makes U+0080 (review).
            return None, "", _control(data[undefined.start], byte_at(data, undefined.start, single_byte=True))
    control = _CONTROL.search(text)  # in UTF-8 text: C1, as C0 bytes are refused above as binary
    if control:
        i = control.start()
        offset = len(text[:i].encode("utf-8")) + (3 if bom else 0)
        return None, "", _control(ord(text[i]), byte_at(data, offset))
    return text, encoding, []


def _control(code: int, where: str) -> list[Problem]:
    """A text's one control character, named as the CLI's row check names it, not "not a text file"
    (QA pass 19: harsh for ordinary Latin-1 text with one bad byte)."""
    return file_problem(f"control character U+{code:04X} ({where}); remove it")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: every other byte of ASCII text is 0."""
    sample = data[:2000]
    if len(sample) < 16:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) >= 0.4 * len(odd) and even.count(0) == 0) or (
        even.count(0) >= 0.4 * len(even) and odd.count(0) == 0
    )


def sniff(text: str) -> tuple[str, str]:
    """(delimiter, text): a leading ``sep=X`` line decides and is removed; otherwise the
    delimiter among ',', ';' and tab that splits the first line into the most known column
    names (',' on a tie).

    >>> sniff("id;parent_id;role\\n")[0], sniff("sep=;\\nid;name\\n")
    (';', (';', 'id;name\\n'))
    >>> sniff("id,name;x\\n")[0]
    ','
    """
    lines = io.StringIO(text, newline="")
    consumed = 0
    first = ""
    for line in lines:
        if line.strip():
            first = line
            break
        consumed += len(line)
    sep = _SEP_LINE.fullmatch(first.strip().strip('"'))
    if sep:
        return sep.group(1), text[:consumed] + text[consumed + len(first) :]
    known = set(s.COLUMNS)
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            fields = next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter), [])
        except csv.Error:
            fields = []
        score = len({f.strip() for f in fields} & known)
        if score > best_score:
            best, best_score = delimiter, score
    return best, text


def decimal_comma(
    raw: pd.DataFrame,
) -> tuple[str, bool, dict[tuple[int, str], str], list[Problem]]:
    """Rewrite German-format amounts (``1.234.567,89``) as plain numbers, in place.

    Only for files not separated by commas. Returns the decimal mark found, whether '.'
    grouped thousands, the original text of every rewritten cell (by (row, column)), and a
    problem for each amount that is not a number in the file's format.

    The cells that say which mark is decimal decide; a cell like ``294,000`` or ``1.500``
    (one mark, then three digits) fits both readings, so when nothing else in the file decides,
    each such cell is refused with both readings rather than guessed.
    """
    cells = [
        (n, column, value)
        for column in s.NUMBER_COLUMNS
        if column in raw.columns
        for n, value in zip(raw.index, [v.strip() for v in raw[column].tolist()])
        if value
    ]
    settling = [v for _n, _c, v in cells if not _AMBIGUOUS.fullmatch(v)]
    points = [(n, c, v) for n, c, v in cells if "." in v and not _GROUPED.fullmatch(v) and not _AMBIGUOUS.fullmatch(v)]
    if any("," in v for v in settling):
        decimal = ","
    elif points:  # a decimal point: leave the plain numbers alone
        # Except a cell that groups thousands with '.' twice or more, which no decimal number does: the
        # validator's "write 200000000000: digits, '.' for decimals" was no help with "250.000.000.000"
        # beside a "1.3" in the file (QA pass 14).
        n0, c0, v0 = points[0]
        example = f"{show(v0)} in {c0} of {raw.at[n0, s.ID].strip() or f'row {n0}'}"  # rows count from 1
        return (
            ".",
            False,
            {},
            [
                Problem(
                    n,
                    raw.at[n, s.ID].strip(),
                    column,
                    f"{show(value)} groups thousands with '.', but this file writes decimals with '.' ({example}): "
                    f"write {value.replace('.', '')}, or a decimal comma in every amount",
                )
                for n, column, value in cells
                if _GROUPED.fullmatch(value) and value.count(".") >= 2
            ],
        )
    elif any(_GROUPED.fullmatch(v) for v in settling):
        decimal = ","  # only thousands groups such as 1.500.000: German Excel
    else:
        return (
            ".",
            False,
            {},
            [
                Problem(n, raw.at[n, s.ID].strip(), column, _ambiguous(value))
                for n, column, value in cells
                if _AMBIGUOUS.fullmatch(value)
            ],
        )
    thousands = False
    originals: dict[tuple[int, str], str] = {}
    problems: list[Problem] = []
    for n, column, value in cells:
        if _GERMAN_NUMBER.fullmatch(value):
            plain = value.replace(".", "").replace(",", ".")
            thousands = thousands or "." in value
            if plain != value:
                raw.at[n, column] = plain
                originals[(n, column)] = value
        else:
            problems.append(
                Problem(
                    n,
                    raw.at[n, s.ID].strip(),
                    column,
                    f"{show(value)} is not a number in this file's format (decimal comma: "
                    "write 1234567,89 or 1.234.567,89; no units)",
                )
            )
    return decimal, thousands, originals, problems


def _ambiguous(value: str) -> str:
    """Why a one-mark, three-decimal cell is refused, with both readings.

    >>> import textwrap
    >>> print(textwrap.fill(_ambiguous("294,000"), 100))
    '294,000' is ambiguous: 294000 if ',' groups thousands, 294 if it is the decimal mark, and no other
    number in the file tells which; write it without thousands separators, e.g. 294000
    """
    mark = "," if "," in value else "."
    grouped = value.replace(mark, "")
    decimal = number_text(float(value.replace(mark, ".")))
    return (
        f"{show(value)} is ambiguous: {grouped} if {mark!r} groups thousands, {decimal} if it is "
        f"the decimal mark, and no other number in the file tells which; write it without "
        f"thousands separators, e.g. {grouped}"
    )


#: What a number format shows of a date, its text and locale tags (``[$-409]``, ``"x"``, ``\-``) aside.
_FORMAT_NOISE = re.compile(r'\[[^\]]*\]|"[^"]*"|\\.')


def _xlsx_cell(value: Any, number_format: str | None = None) -> str:
    r"""A cell as the contract's text; a date as precise as its cell shows it, where what it hides
    is what Excel stores for a month or a year typed alone: "2025-05" typed into a cell becomes 1 May
    2025 shown "May-25", which read as the 1st took a day's rate for the month's average (QA pass
    21). A date it hides a day of (21 May shown "May-25") stays that day (review).

    >>> _xlsx_cell(dt.datetime(2025, 5, 1), "mmm\\-yy"), _xlsx_cell(dt.datetime(2025, 1, 1), "[$-409]yyyy;@")
    ('2025-05', '2025')
    >>> _xlsx_cell(dt.datetime(2025, 5, 21), "mmm\\-yy"), _xlsx_cell(dt.datetime(2025, 5, 1), "yyyy")
    ('2025-05-21', '2025-05-01')
    >>> _xlsx_cell(dt.datetime(2025, 5, 1), "yyyy-mm-dd h:mm:ss"), _xlsx_cell(dt.date(2025, 5, 3), "d/m/yyyy")
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


#: Most bytes the members of an uploaded workbook may unpack to (a 20,000-row sheet of the
#: dataset's columns is about 35 MB of XML). Checked on the sizes the ZIP declares, which are
#: also where Python's zipfile, and so openpyxl, stops reading a member.
MAX_XLSX_UNPACKED = 64_000_000
#: Most shared strings a workbook may hold: one per cell of the largest sheet an upload may
#: have. openpyxl reads the whole table first, at about 20 microseconds a string.
MAX_SHARED_STRINGS = (MAX_UPLOAD_ROWS + 1) * len(s.COLUMNS)
#: Most bytes any other XML part but a sheet may unpack to. openpyxl builds the styles, the
#: workbook's defined names and the like whole, before a row is read: a 94 kB styles.xml of
#: 2 million cell formats cost 36 s and 2 GB (attack round 3); Excel's own are tens of kB.
MAX_XLSX_PART = 2_000_000
#: Sheets are streamed, a row at a time, and the rows and columns read are bounded.
_SHEETS = "xl/worksheets/"
_SHARED_STRINGS_TYPE = b"sharedStrings+xml"
#: A shared string, its namespace prefix or not ("<x:si>" is one too, to openpyxl).
_STRING = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")
#: An Override of [Content_Types].xml, where openpyxl finds the shared strings, whatever their name.
_OVERRIDE = re.compile(rb"<(?:[\w.-]+:)?Override\b[^>]*>")
_PART_NAME = re.compile(rb"""PartName\s*=\s*["']/?([^"']+)""")
#: ZIP methods Python's zipfile reads: stored, deflated, bzip2, LZMA (not AES, method 99).
_READABLE_METHODS = (0, 8, 12, 14)


def _shared_strings_parts(archive: Any) -> set[str]:
    """The parts [Content_Types].xml declares as shared strings, and the usual name."""
    names = {"xl/sharedStrings.xml"}
    if "[Content_Types].xml" in archive.namelist():
        for tag in _OVERRIDE.findall(archive.read("[Content_Types].xml")):
            found = _PART_NAME.search(tag)
            if found and _SHARED_STRINGS_TYPE in tag:
                names.add(found.group(1).decode("utf-8", "replace"))
    return names


def _xlsx_bomb(archive: Any) -> str | None:
    """Why a workbook is refused before openpyxl opens it, or None."""
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_XLSX_UNPACKED:
        return (
            f"the workbook unpacks to {unpacked / 1e6:.1f} MB, more than the "
            f"{MAX_XLSX_UNPACKED / 1e6:g} MB an uploaded workbook may unpack to; save the sheet as CSV"
        )
    for info in infos:
        if info.flag_bits & 1:
            return (
                "the workbook is password-protected (its parts are encrypted); save it without a password, "
                "or save the sheet as CSV"
            )
        if info.compress_type not in _READABLE_METHODS:
            return (
                f"the workbook's part {show(info.filename)} is packed in a way that cannot be read (ZIP method "
                f"{info.compress_type}); save the workbook again in a spreadsheet program, or save the sheet as CSV"
            )
    strings = _shared_strings_parts(archive)
    for info in infos:
        if info.filename in strings:
            if _too_many_strings(archive, info.filename):
                return (
                    f"the workbook holds more than {MAX_SHARED_STRINGS:,} shared strings (one per "
                    f"cell of {MAX_UPLOAD_ROWS:,} rows); save the sheet as CSV"
                )
        elif not info.filename.startswith(_SHEETS) and info.file_size > MAX_XLSX_PART:
            return (
                f"the workbook's part {show(info.filename)} unpacks to {info.file_size / 1e6:.1f} MB, more than the "
                f"{MAX_XLSX_PART / 1e6:g} MB a part other than a sheet or its strings may have; save the sheet as CSV"
            )
    return None


def _too_many_strings(archive: Any, name: str) -> bool:
    """Whether a shared-strings part holds more than :data:`MAX_SHARED_STRINGS` strings, or more
    tags than that many plain ones have (``<si><t>…</t></si>``: four), so that rich-text runs
    inside one string cannot make the table as costly to read."""
    strings = tags = 0
    tail = b""
    with archive.open(name) as member:
        while chunk := member.read(1 << 20):
            strings += len(_STRING.findall(tail + chunk)) - len(_STRING.findall(tail))
            tags += chunk.count(b"<")
            tail = chunk[-32:]
            if strings > MAX_SHARED_STRINGS or tags > 4 * MAX_SHARED_STRINGS + 64:
                return True
    return False


def read_xlsx(data: bytes, max_rows: int) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The first sheet of an XLSX workbook as an all-string frame (needs openpyxl)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            too_big = _xlsx_bomb(archive) if "xl/workbook.xml" in names else None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as error:
        # RuntimeError and NotImplementedError: zipfile's words for an encrypted part, an unknown method.
        return None, file_problem(f"a damaged ZIP/XLSX file ({error})")
    if "xl/workbook.xml" not in names:
        return None, file_problem("a ZIP archive, not CSV text or an XLSX workbook; unpack it first")
    if too_big:
        return None, file_problem(too_big)
    try:
        import openpyxl  # optional: not a dependency of the dashboard
    except ImportError:
        return None, file_problem("XLSX needs openpyxl, which is not installed; export as CSV")
    records: list[list[str]] = []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not book.worksheets:
                return None, file_problem(
                    "the workbook has no sheet of cells (a chart sheet only?); save the sheet as CSV"
                )
            sheet = book.worksheets[0]
            # Blank rows count too: a 1.5 kB sheet whose second row is numbered 20,000,000 made
            # openpyxl yield every empty row between, for minutes (attack round 3).
            last_row = 2 * (max_rows + 1)
            for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
                if number > last_row:
                    return None, file_problem(
                        f"the sheet goes on past row {last_row:,}: an upload reads at most that many rows, blank "
                        f"ones included ({max_rows:,} data rows and as many blank ones); delete the blank rows"
                    )
                record = [_xlsx_cell(c.value, getattr(c, "number_format", None)) for c in cells]
                while record and not record[-1]:
                    record.pop()  # trailing empty cells of a wider sheet
                if record:
                    records.append(record)
                if len(records) > max_rows + 1:
                    break
        finally:
            book.close()
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        return None, file_problem(
            f"cannot read the XLSX file: {type(error).__name__} (a damaged workbook?); open it in a spreadsheet "
            "program and save the sheet as CSV"
        )
    if records:
        width = len(records[0])
        records = [(r + [""] * width)[:width] if len(r) < width else r for r in records]
    return records_frame(records)


def number_text(value: float) -> str:
    """A float as a plain number the contract accepts (no exponent), exact on reading back.

    >>> number_text(200e9), number_text(1234567.89), number_text(1e-5), number_text(1e20)
    ('200000000000', '1234567.89', '0.00001', '100000000000000000000')
    """
    import numpy as np

    return np.format_float_positional(value, trim="-")
