"""XLSX workbooks for ``check_upload``: the first sheet as text cells, and the checks that refuse
a workbook before openpyxl (optional) opens it: what it unpacks to, its shared strings, the parts
openpyxl builds whole, encrypted or unreadable parts.

Layer 1 (stdlib, pandas; openpyxl optional). Pure, but that it reads a workbook in a child
process of this module, under limits of CPU time and memory.
"""

from __future__ import annotations

import csv
import io
import json
import lzma
import posixpath
import re
import subprocess
import sys
import zlib
from typing import Any

import pandas as pd

from dashboard import schema as s
from dashboard.excel import MAX_UPLOAD_ROWS, number_text
from dashboard.reading import MAX_COLUMNS, records_frame, too_wide
from dashboard.rules import Problem, file_problem, show
from dashboard.xlsx_cells import HIDDEN, UNCOMPUTED, cells_as_stored, failed_cell, shown_otherwise, xlsx_cell

#: Most bytes the members of an uploaded workbook may unpack to (a 20,000-row sheet of the
#: dataset's columns is about 35 MB of XML). Checked on the sizes the ZIP declares, which are
#: also where Python's zipfile, and so openpyxl, stops reading a member.
MAX_XLSX_UNPACKED = 64_000_000
#: Most shared strings a workbook may hold: one per cell of the largest sheet an upload may
#: have. openpyxl reads the whole table first, at about 20 microseconds a string.
MAX_SHARED_STRINGS = (MAX_UPLOAD_ROWS + 1) * len(s.COLUMNS)
#: Most bytes (UTF-8) the cells of the sheet read may hold together: a 12 kB workbook whose 2,000
#: cells named one shared string of 300,000 characters sent 600 million characters back, and the
#: server took 2 GB to refuse it (attack round 5); in characters, emoji still did (review 57). The
#: same bound as the unpacked size.
MAX_XLSX_TEXT = MAX_XLSX_UNPACKED
#: Most XML tags a part that openpyxl builds whole may hold (styles, the workbook with its
#: defined names, relationships, properties): 2 million cell formats in a 94 kB styles.xml cost
#: 36 s and 2 GB (attack round 3); Excel's own maximum of 64,000 formats is ~64,000 tags (1.4 s).
MAX_XLSX_TAGS = 300_000
#: A part whose relationships openpyxl follows, read whole to find them (real ones are kilobytes).
MAX_XLSX_INDEX = 2_000_000
#: A shared string, its namespace prefix or not ("<x:si>" is one too, to openpyxl).
_STRING = re.compile(rb"<(?:[^\s<>/:!?]+:)?si[\s/>]")
#: ZIP methods Python's zipfile reads: stored, deflated, bzip2, LZMA (not AES, method 99).
_READABLE_METHODS = (0, 8, 12, 14)


def _index(archive: Any, name: str, names: frozenset[str]) -> list[dict[str, str]]:
    """The attributes of every element of a small XML part (the manifest, a relationships part),
    or [] if there is none; a ValueError if it is too big or not XML."""
    import xml.etree.ElementTree as ET

    if name not in names:
        return []
    if archive.getinfo(name).file_size > MAX_XLSX_INDEX:
        raise ValueError(f"the workbook's part {show(name)} is over {MAX_XLSX_INDEX / 1e6:g} MB")
    try:
        # Attributes without a namespace only, as openpyxl reads them ("x:PartName" hid a part: review).
        return [{k: v for k, v in e.attrib.items() if "}" not in k} for e in ET.fromstring(archive.read(name)).iter()]
    except ET.ParseError as error:
        raise ValueError(f"the workbook's part {show(name)} is not XML ({error})") from error


def _targets(archive: Any, source: str, names: frozenset[str]) -> list[tuple[str, str]]:
    """(type, part) of the relationships of part ``source`` ("" for the package), as openpyxl resolves
    them, each once (a sheet named 2,000 times had its relationships read 2,000 times: review)."""
    folder, base = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    out = []
    for rel in _index(archive, rels, names):
        target = rel.get("Target", "")
        if target and rel.get("TargetMode") != "External":
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out.append((rel.get("Type", ""), path))
    return [("relationships", rels)] * (rels in names) + list(dict.fromkeys(out))


def _eager_parts(archive: Any, names: frozenset[str]) -> tuple[set[str], set[str]]:
    """The parts openpyxl reads whole in read-only mode, and its shared-strings parts: it streams
    only the sheets, and never opens pictures, calculation chains or pivot caches there. Found the
    way openpyxl finds them, by the manifest and the relationships, whatever their names."""
    manifest = _index(archive, "[Content_Types].xml", names)
    declared = {e.get("PartName", "").lstrip("/"): e.get("ContentType", "") for e in manifest if "PartName" in e}
    strings = {"xl/sharedStrings.xml"} | {p for p, kind in declared.items() if kind.endswith("sharedStrings+xml")}
    eager = {"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml", "docProps/core.xml", "docProps/custom.xml"}
    eager |= {p for p, kind in declared.items() if kind.endswith(("main+xml", "properties+xml"))}
    memo: dict[str, list[tuple[str, str]]] = {}

    def targets(source: str) -> list[tuple[str, str]]:
        if source not in memo:
            memo[source] = _targets(archive, source, names)
        return memo[source]

    package = targets("")
    eager |= {path for _kind, path in package}
    for book in dict.fromkeys(path for kind, path in package if kind.endswith("/officeDocument")):
        for kind, path in targets(book):
            if kind.endswith("/sharedStrings"):
                strings.add(path)
            elif kind.endswith("/worksheet"):  # streamed; its relationships are read
                eager |= {rels for rel_kind, rels in targets(path)[:1] if rel_kind == "relationships"}
            elif not kind.endswith("/calcChain"):  # openpyxl drops the calculation chain unread
                eager.add(path)
    return eager, strings  # a part declared as strings too stays bounded (review)


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
    names = frozenset(archive.namelist())
    try:
        eager, strings = _eager_parts(archive, names)
    except ValueError as error:
        return f"{error}; save the sheet as CSV"
    for name in sorted(strings & names):
        if _too_many_strings(archive, name):
            return (
                f"the workbook holds more than {MAX_SHARED_STRINGS:,} shared strings (one per "
                f"cell of {MAX_UPLOAD_ROWS:,} rows); save the sheet as CSV"
            )
    for name in sorted(eager & names):
        if _tags(archive, name, MAX_XLSX_TAGS) > MAX_XLSX_TAGS:
            return (
                f"the workbook's part {show(name)} holds more than {MAX_XLSX_TAGS:,} XML elements (styles or names "
                "beyond what a spreadsheet program writes); save the sheet as CSV"
            )
    return None


def _tags(archive: Any, name: str, limit: int) -> int:
    """The elements of part ``name`` (its tags but the closing ones), counted up to just past ``limit``."""
    tags = 0
    with archive.open(name) as member:
        while tags <= limit and (chunk := member.read(1 << 20)):
            tags += chunk.count(b"<") - chunk.count(b"</")
    return tags


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


#: What reading one workbook may cost, enforced by the operating system in a child process:
#: openpyxl builds parts whole, and each check above was bypassed once, by a file of kilobytes
#: costing minutes or gigabytes (attack round 3 and two reviews). A workbook at the upload limit
#: (7,520 rows of the dataset's columns, 4.97 MB) reads in 2.0 s of CPU time, 3.3 s in all.
XLSX_CPU_SECONDS = 10
XLSX_MEMORY_BYTES = 2 * 1024**3


def read_xlsx(
    data: bytes, max_rows: int, *, cpu_seconds: int = XLSX_CPU_SECONDS
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The first sheet of an XLSX workbook as an all-string frame (needs openpyxl), read by
    :func:`sheet_records` in a child process under :data:`XLSX_CPU_SECONDS` of CPU time and
    :data:`XLSX_MEMORY_BYTES` of memory."""
    too_costly = (
        f"reading the workbook took more than {cpu_seconds} s of CPU time or {XLSX_MEMORY_BYTES // 1024**3} GB "
        "of memory (styles, names or strings beyond what a spreadsheet program writes?); save the sheet as CSV"
    )
    command = [sys.executable, "-m", "dashboard.xlsx", str(max_rows), str(cpu_seconds)]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=4 * cpu_seconds + 30, check=False)
    except subprocess.TimeoutExpired:
        return None, file_problem(too_costly)
    if done.returncode < 0 or b"MemoryError" in done.stderr:  # killed at the CPU limit, or out of memory
        return None, file_problem(too_costly)
    if done.returncode != 0:  # the reader itself failed: not the workbook's cost (review)
        return None, file_problem("cannot read the XLSX file (its reader stopped with an error); save the sheet as CSV")
    records, message = json.loads(done.stdout)
    if message:
        return None, file_problem(message)
    return records_frame(records)


def _required_named(sheet: Any) -> int:
    """The most of the dataset's required columns that one of a sheet's first ten rows names."""
    rows = sheet.iter_rows(max_row=10, max_col=MAX_COLUMNS + 1, values_only=True)
    return max(
        (len({str(v).strip() for v in row if v is not None} & set(s.REQUIRED_COLUMNS)) for row in rows), default=0
    )


def sheet_records(data: bytes, max_rows: int) -> tuple[list[list[str]], str]:
    """The first sheet's records (text cells, as wide as the header) or why there are none."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            too_big = _xlsx_bomb(archive) if "xl/workbook.xml" in names else None
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        zlib.error,
        lzma.LZMAError,
    ) as error:
        # zipfile's words for an encrypted part or an unknown method, zlib's for a corrupt stream.
        return [], f"a damaged ZIP/XLSX file ({error})"
    if "xl/workbook.xml" not in names:
        return [], "a ZIP archive, not CSV text or an XLSX workbook; unpack it first"
    if too_big:
        return [], too_big
    try:
        import openpyxl  # optional: not a dependency of the dashboard
        from openpyxl.utils import get_column_letter
    except ImportError:
        return [], "XLSX needs openpyxl, which is not installed; export as CSV"
    records: list[list[str]] = []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not book.worksheets:
                return [], "the workbook has no sheet of cells (a chart sheet only?); save the sheet as CSV"
            sheet, sheets = book.worksheets[0], len(book.worksheets)
            if sheet.sheet_state != "visible":  # read unseen, €900bn came in for the €1bn shown (attack round 6)
                return [], (
                    f"the first sheet, {show(sheet.title)}, is hidden, and an upload reads only the first sheet: "
                    "move the sheet of the data to the front, or unhide this one if it is the data"
                )
            # Blank rows count too: a 1.5 kB sheet whose second row is numbered 20,000,000 made
            # openpyxl yield every empty row between, for minutes (attack round 3). The header first,
            # then rows as wide as twice the contract's columns or the header, whichever is wider:
            # padding every row to 256 columns read 20k rows in 14.7 s instead of 9.4 s (review).
            last_row, width, at = 2 * (max_rows + 1), 1, 1
            text_left, cell_limit = MAX_XLSX_TEXT, csv.field_size_limit()
            for start, wide in ((1, MAX_COLUMNS + 1), (0, 0)):
                rows = sheet.iter_rows(min_row=start or at, max_col=wide or max(width + 1, 2 * len(s.COLUMNS)))
                for number, cells in enumerate(rows, start=start or at):
                    if number > last_row:
                        return [], (
                            f"the sheet goes on past row {last_row:,}: an upload reads at most that many rows, "
                            f"rows that look empty included ({max_rows:,} data rows and as many others); delete "
                            "the rows below the data"
                        )
                    # Refused where it is read: the header, and data rows as wide as the header (review 59).
                    if uncomputed := next(
                        (c for c in cells[: None if start else width] if c.value is UNCOMPUTED), None
                    ):
                        return [], (
                            f"cell {get_column_letter(uncomputed.column)}{number} of the sheet {show(sheet.title)} "
                            "holds a formula without its computed value (written by a program that does not "
                            "compute formulas?); open the workbook in a spreadsheet program and save it, or save the "
                            "sheet as CSV"
                        )
                    if any(c.value is HIDDEN for c in cells[: None if start else width]):
                        return [], (
                            f"row {number} of the sheet {show(sheet.title)} is hidden (by a filter?), and an upload "
                            "reads hidden rows too: show every row (clear the filter), and delete the rows that are "
                            "not data"
                        )
                    if shown := next(
                        (
                            c
                            for c in cells[: None if start else width]
                            if shown_otherwise(c.value, getattr(c, "number_format", None))
                        ),
                        None,
                    ):
                        return [], (
                            f"cell {get_column_letter(shown.column)}{number} of the sheet {show(sheet.title)} holds "
                            f"{number_text(float(shown.value))} but its format, {show(shown.number_format)}, shows it "
                            "scaled (in thousands, millions or more): write the amount in full as a plain number "
                            "(the currency in its column)"
                        )
                    record = [xlsx_cell(c.value, getattr(c, "number_format", None)) for c in cells]
                    while record and not record[-1]:
                        record.pop()  # trailing empty cells of a wider sheet
                    # What the strict reader of the kept copy refuses, named by its cell (review: it
                    # said "malformed CSV near line 2" of a copy nobody sees), and a bound on the text.
                    if (longest := max(record, key=len, default="")) and len(longest) > cell_limit:
                        cell = f"{get_column_letter(record.index(longest) + 1)}{number}"
                        return [], f"cell {cell} holds {len(longest):,} characters; a cell may hold {cell_limit:,}"
                    text_left -= 0 if start else sum(len(v.encode()) for v in record)  # the header, once
                    if text_left < 0:
                        return [], (
                            f"the sheet's cells hold more than {MAX_XLSX_TEXT / 1e6:g} MB of text (a long text "
                            "repeated in many cells?), more than an uploaded workbook may unpack to"
                        )
                    if record and start:  # the header: its width and row
                        width, at = len(record), number
                        break
                    if record:
                        records.append(record)
                    if len(records) > max_rows + 1:
                        break
                if width > MAX_COLUMNS:
                    return [], too_wide(f"more than {MAX_COLUMNS}")[0].message
            # "not the dataset header (found 'Notes')" named no sheet: the data was on the second (QA
            # pass 28). Said only where the first sheet's first rows name few of the required columns
            # and another sheet's name at least half (a first sheet of data under a title row, or an
            # empty one, and a sheet of rates with a "currency" column: reviews 54 and 55).
            needed = len(s.REQUIRED_COLUMNS) // 2
            if sheets > 1 and _required_named(sheet) < needed:
                named = {other.title: _required_named(other) for other in book.worksheets[1:10]}
                elsewhere = max(named, key=lambda title: named[title])
                if named[elsewhere] >= needed:
                    return [], (
                        f"the first sheet, {show(sheet.title)}, is not the dataset, and the sheet {show(elsewhere)} "
                        f"seems to be: an upload reads only the first of the workbook's {sheets} sheets, so move "
                        "that one to the front"
                    )
        finally:
            book.close()
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        return [], (
            f"cannot read the XLSX file: {failed_cell(error) or type(error).__name__} (a damaged workbook?); open "
            "it in a spreadsheet program and save the sheet as CSV"
        )
    if records:
        width = len(records[0])
        records = [(r + [""] * width)[:width] if len(r) < width else r for r in records]
    return records, ""


if __name__ == "__main__":  # the child process of read_xlsx: the workbook on stdin, JSON out
    import resource

    max_rows, cpu_seconds = (int(arg) for arg in sys.argv[1:3])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_AS, (XLSX_MEMORY_BYTES, XLSX_MEMORY_BYTES))
    # UTF-8, not "\\ud83d\\ude00": six bytes a character, twelve an emoji, on the pipe (review 57).
    with cells_as_stored():
        read = sheet_records(sys.stdin.buffer.read(), max_rows)
    sys.stdout.buffer.write(json.dumps(read, ensure_ascii=False).encode())
