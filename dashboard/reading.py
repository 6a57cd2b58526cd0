"""Reading a dataset file: the bytes (bounded), UTF-8 text, CSV cells, then ``validate_frame``.

Layer 1 (stdlib, pandas with pyarrow). Pure apart from reading the one file it is given.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import pandas as pd

from dashboard import schema as s
from dashboard.rules import DatasetError, Problem, check_header, file_problem, show, shown_path, sorted_problems
from dashboard.validation import validate_frame

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | IO[str]

#: Environment variable naming another dataset file to serve instead of the bundled one
#: (benchmarks and deployments with their own data); read at call time, never at import.
DATA_ENV = "AI_DASHBOARD_DATA"


def bundled_dataset_path() -> Path:
    """The dataset shipped with the code, ``data/investments.csv`` next to the package."""
    return Path(__file__).resolve().parents[1] / "data" / "investments.csv"


def default_dataset_path() -> Path:
    """The dataset the CLI and the dashboard use by default (not read here).

    ``$AI_DASHBOARD_DATA`` when set and non-empty, else the bundled file.
    """
    override = os.environ.get(DATA_ENV, "").strip()
    return Path(override) if override else bundled_dataset_path()


#: Largest file the readers open (the 100,000-row benchmark dataset is about 40 MB).
MAX_FILE_BYTES = 256 * 1024 * 1024

_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read_path(path: str | os.PathLike[str]) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES``: a FIFO would block and
    ``/dev/zero`` never ends, so the kind and size are checked before anything is read."""
    shown = shown_path(path)
    try:
        info = os.stat(path)
        for test, kind in _SPECIAL_FILES:
            if test(info.st_mode):
                return None, file_problem(f"cannot read {shown}: {kind}, not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            return None, file_problem(_too_big(shown, info.st_size))
        with open(path, "rb") as file:
            # In pieces: read(n) reserves n bytes up front, whatever the file's size.
            parts, total = [], 0
            while total <= MAX_FILE_BYTES:
                part = file.read(min(1 << 24, MAX_FILE_BYTES + 1 - total))
                if not part:
                    break
                parts.append(part)
                total += len(part)
            data = b"".join(parts)
            del parts
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return None, file_problem(f"cannot read {shown}: {reason}")
    if len(data) > MAX_FILE_BYTES:  # grew after the size check
        return None, file_problem(_too_big(shown, len(data)))
    return data, []


def _too_big(shown: str, size: int) -> str:
    return (
        # In bytes, as the economies file's: "256.0 MB is more than the 256 MB" read as a contradiction.
        f"cannot read {shown}: {size:,} bytes is more than the {MAX_FILE_BYTES / 1048576:g} MB "
        f"({MAX_FILE_BYTES:,} bytes) a dataset file may have"
    )


def read_bytes(source: Source) -> tuple[bytes | None, list[Problem]]:
    if isinstance(source, (str, os.PathLike)):
        return _read_path(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), []
    if hasattr(source, "read"):
        try:
            data = source.read()
        except UnicodeDecodeError as error:  # a text stream over bytes that are not UTF-8
            # The decoder works in chunks, so error.start is no file offset: name the byte only.
            byte = error.object[error.start]
            return None, file_problem(f"not a UTF-8 text file (byte 0x{byte:02x})")
        except (OSError, ValueError) as error:
            return None, file_problem(f"cannot read the stream: {error}")
        if isinstance(data, str):
            try:
                return data.encode("utf-8", errors="surrogateescape"), []
            except UnicodeEncodeError as error:
                char = ord(data[error.start])
                return None, file_problem(f"not a UTF-8 text file (character U+{char:04X} at offset {error.start})")
        if isinstance(data, (bytes, bytearray)):
            return bytes(data), []
    kind = type(source).__name__
    raise TypeError(f"read_dataset() needs a path, bytes or a file object, not {kind}")


def byte_at(data: bytes, offset: int, *, single_byte: bool = False) -> str:
    r"""Byte ``offset`` of ``data`` named as a reader can find it: its value, its offset, and its
    line and character as a text editor counts them (an offset alone left a spreadsheet user
    nothing to look for: QA pass 18). Lines end at LF, CRLF or CR; a character is one UTF-8
    sequence, or one byte that is none, or every byte of a ``single_byte`` (Latin-1) text; a
    UTF-8 byte order mark is none.

    >>> byte_at(b"id,name\r\nx,caf\xc3\xa9 \x81", 17)
    'byte 0x81 at offset 17, line 2, character 8'
    >>> byte_at(b"\xef\xbb\xbfid\x00", 5), byte_at(b"x\nsoci\xe9t\xe9\xa0: \x81", 12, single_byte=True)
    ('byte 0x00 at offset 5, line 1, character 3', 'byte 0x81 at offset 12, line 2, character 11')
    """
    before = data[:offset]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    text = before[start:].removeprefix(b"\xef\xbb\xbf" if start == 0 else b"")
    character = (len(text) if single_byte else len(text.decode("utf-8", errors="replace"))) + 1
    return f"byte 0x{data[offset]:02x} at offset {offset}, line {line}, character {character}"


#: The first bytes of a ZIP archive, such as an XLSX workbook.
ZIP_MAGIC = b"PK\x03\x04"


def decode(data: bytes) -> tuple[str | None, list[Problem]]:
    r"""The text of *data*, or why it is not UTF-8 text.

    >>> decode(b"\xef\xbb\xbfid\n")[0]
    'id\n'
    >>> str(decode(b"id\x00")[1][0])
    'file: not a UTF-8 text file (byte 0x00 at offset 2, line 1, character 3)'
    >>> str(decode(b"caf\xe9")[1][0])
    'file: not a UTF-8 text file (byte 0xe9 at offset 3, line 1, character 4)'
    >>> print(decode(ZIP_MAGIC + b"\x14\x00")[1][0])  # doctest: +ELLIPSIS
    file: a ZIP archive (an XLSX workbook, or a zipped file), not CSV text: save or unpack it as CSV (...)
    """
    if not data:
        return None, file_problem("empty file (0 bytes)")
    if data.startswith(ZIP_MAGIC):  # "not a UTF-8 text file (byte 0x00 …)" named no workbook (QA pass 28)
        return None, file_problem(
            "a ZIP archive (an XLSX workbook, or a zipped file), not CSV text: save or unpack it as CSV "
            "(comma-separated, UTF-8)"
        )
    offsets = []
    if b"\x00" in data:
        offsets.append(data.index(b"\x00"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        offsets.append(error.start)
        text = ""
    if offsets:
        return None, file_problem(f"not a UTF-8 text file ({byte_at(data, min(offsets))})")
    return text.removeprefix("\ufeff"), []


_OTHER_DELIMITERS = (";", "\t", "|")
#: The line spreadsheet programs put before the header to name the delimiter ("sep=;").
SEP_LINE = re.compile(r"sep=(.)")


def _quote_trouble(delimiter: str) -> re.Pattern[bytes]:
    """Where pandas and the csv module (strict) may read a file differently: text after the
    closing quote of a quoted field (``"a"b``: pandas reads ``ab``, csv refuses it), or a quote
    never closed. The quoted field is matched possessively from a field start, so a real case
    is never missed; a match inside a quoted field is a false alarm that costs the slow path.
    On UTF-8 bytes: no byte of a multi-byte character is a quote, a delimiter or a line break.
    """
    d = re.escape(delimiter)
    return re.compile(rf'"(?<![^{d}\r\n]")[^"]*+(?:""[^"]*+)*+(?:"(?![{d}\r\n]|\Z)|\Z)'.encode())


#: One physical line with its ending: "\n", "\r" or "\r\n" (what ``newline=""`` splits on; not
#: the other Unicode line breaks ``str.splitlines`` knows, which may sit inside a field).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_LINE_BYTES = re.compile(_LINE.pattern.encode())


#: Most columns a dataset file may have: room for the export's 63 and a user's own, as many as
#: an old Excel sheet. Both readers build a cell for every column of every line, so a 30 kB file
#: of one 10,000-column header and 10,000 short lines cost 2.5 GB and 18 s, and a 1 MB header
#: aborted the process (attack round 3); 256 columns of 20,000 short lines take ~1 s (measured).
MAX_COLUMNS = 256


def too_wide(count: str) -> list[Problem]:
    """The problem of a header of ``count`` columns, more than :data:`MAX_COLUMNS`."""
    return file_problem(
        f"the header has {count} columns; a dataset file may have at most {MAX_COLUMNS} (the dataset has "
        f"{len(s.COLUMNS)}); delete the columns that are not the dataset's"
    )


def _header_width(data: bytes, delimiter: str) -> int:
    """How many fields the header holds: the first record the csv module reads that is not blank
    to it (a line of U+3000 or a quoted line break inside the header once hid a 10,000-column
    header from a count of its first line: review); if the csv module cannot read it, the fields
    of the first line's delimiters."""
    lines = (match.group().decode("utf-8", "replace") for match in _LINE_BYTES.finditer(data))
    try:
        return next((len(r) for r in csv.reader(lines, delimiter=delimiter) if len(r) > 1 or (r and r[0].strip())), 0)
    except csv.Error:  # an unclosed quote, a field past the limit: its delimiters bound it (review)
        first = next((m.group() for m in _LINE_BYTES.finditer(data) if m.group().strip()), b"")
        return first.count(delimiter.encode()) + 1


def too_many_rows(count: str, max_rows: int) -> list[Problem]:
    return file_problem(f"too many rows: {count} data rows; uploads are limited to {max_rows:,} rows")


def parse(
    content: str | bytes, delimiter: str = ",", max_rows: int | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Split CSV text (or its UTF-8 bytes, without BOM) into an all-string frame (index = data
    row number) plus problems.

    pandas' pyarrow engine reads a well-formed file (at 100,000 rows: 0.2 s, against 2.2 s for
    its C engine and 3.6 s for the csv module). A file it refuses (a row with another number of
    fields, a line of spaces), a file of one column, one that ``_quote_trouble`` flags or with
    a field longer than the csv module's limit is read again by the csv module, which words the
    problem and its line. Blank lines are skipped and not counted; cells are left unstripped
    (``validate_frame`` strips them), header names are stripped. With ``max_rows``, the csv module
    keeps at most one row more than that and counts the rest: a 5 MB upload of a header and 2.5
    million one-field lines, each made as wide as the header, cost 21 s and 3.2 GB (measured).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if (width := _header_width(data, delimiter)) > MAX_COLUMNS:
        return None, too_wide(f"{width:,}")
    if not _quote_trouble(delimiter).search(data):  # compiled once: re caches patterns
        try:
            cells = pd.read_csv(
                io.BytesIO(data), sep=delimiter, header=None, dtype=str, keep_default_na=False, engine="pyarrow"
            )
        except ValueError:  # pandas' ParserError and EmptyDataError, pyarrow's ArrowInvalid
            cells = None
        if cells is not None and len(cells.columns) == 1:
            cells = None  # no dataset; its lines of spaces are blank lines to the csv module
        limit = csv.field_size_limit()
        if cells is not None and not (len(data) >= limit and any(cells[c].str.len().max() >= limit for c in cells)):
            header = [str(name).strip() for name in cells.iloc[0].tolist()]
            return _frame(header, cells.iloc[1:].set_axis(header, axis=1), delimiter, [])
    text = content if isinstance(content, str) else content.decode("utf-8")
    lines = (match.group() for match in _LINE.finditer(text))
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    kept = None if max_rows is None else max_rows + 2  # the header, and one row past the limit
    records: list[list[str]] = []
    count = 0
    try:
        for record in reader:
            if len(record) > 1 or (record and record[0].strip()):  # blank lines skipped
                count += 1
                if kept is None or count <= kept:
                    records.append(record)
    except csv.Error as error:
        hint = " (a quote '\"' that is never closed?)" if "end of data" in str(error) else ""
        if "field larger than field limit" in str(error):  # the file is fine but for one cell (QA pass)
            hint = f" (a cell longer than {csv.field_size_limit():,} characters)"
        return None, file_problem(f"malformed CSV near line {reader.line_num}: {error}{hint}")
    frame, problems = records_frame(records, delimiter)
    if frame is not None and max_rows is not None and count - 1 > max_rows:
        return None, too_many_rows(f"{count - 1:,}", max_rows)
    return frame, problems


def records_frame(records: Iterable[list[str]], delimiter: str = ",") -> tuple[pd.DataFrame | None, list[Problem]]:
    """The all-string frame of records (the first is the header; blank lines already dropped):
    a row with another number of fields than the header is a problem, cut or padded to width."""
    stripped = [[field.strip() for field in record] for record in records]
    if not stripped:
        return None, file_problem("no header row (the file has only blank lines)")
    header, *rows = stripped
    width = len(header)
    id_at = header.index(s.ID) if s.ID in header else 0
    problems = []
    # Fields short of the header's unnamed last columns are not missing: a trailing comma on the
    # header alone gave one "has 21 fields" line per row beside the one header line (review 55).
    named = len(header) - next((n for n, name in enumerate(reversed(header)) if name), 0)
    for n, fields in enumerate(rows, start=1):
        if len(fields) != width:
            if not named <= len(fields) < width:
                rid = fields[id_at] if id_at < len(fields) else ""
                problems.append(Problem(n, rid, None, f"has {len(fields):,} fields, the header has {width:,}"))
            rows[n - 1] = (fields + [""] * width)[:width]
    cells = pd.DataFrame(rows, columns=range(width), dtype="str").set_axis(header, axis=1)
    return _frame(header, cells, delimiter, problems)


def _frame(
    header: list[str], cells: pd.DataFrame, delimiter: str, problems: list[Problem]
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Header problems, else the frame of the contract's columns on the data row numbers."""
    hint = re.fullmatch(SEP_LINE.pattern + ",*", ",".join(header).strip())  # the reader split "sep=,"
    if hint:
        # Quoted as a header of 'sep=' and '' (attack round 6 #15); uploads read the hint (``excel.sniff``).
        other = "" if hint.group(1) == "," else " and save the file with ',' as the delimiter"
        return None, file_problem(
            f"the first line, {show(hint.group(0))}, is a spreadsheet program's note of the delimiter, not the "
            f"dataset header: delete that line{other}"
        )
    if len(header) == 1 and delimiter == ",":
        found = [d for d in _OTHER_DELIMITERS if d in header[0]]
        if found:
            shown = "tab" if found[0] == "\t" else repr(found[0])
            return None, file_problem(
                f"not comma-separated: the header contains {shown} but no ','; save the file with ',' as the delimiter"
            )
    wrong = check_header(header)
    # Columns of its own (unknown, unnamed as after a trailing comma, or repeated) leave the
    # contract's readable, so their rows are checked too: one round names every problem
    # ("my_extra: unknown column" alone hid six problems of the rows: QA pass 28, review 54). A
    # problem of the file or of a contract column (missing, repeated) stops here.
    if any(p.column is None or p.column in s.COLUMNS for p in wrong):
        return None, sorted_problems(wrong)
    if len(cells) == 0:
        return None, sorted_problems(wrong + file_problem("no data rows"))
    cells = cells[[c for c in s.COLUMNS if c in header]]
    return cells.set_axis(pd.RangeIndex(1, len(cells) + 1, name=s.ROW)), problems + wrong


def read_dataset(source: Source) -> pd.DataFrame:
    r"""Read, validate and type a dataset CSV (path, bytes, or binary/text file object).

    Returns the frame described by ``schema.INVESTMENTS_SCHEMA``; raises ``DatasetError``
    with every problem when the input breaks the contract. A *str* is a path, never CSV text
    (pass CSV text as ``io.StringIO``). An unsupported source type raises ``TypeError``.

    >>> csv_text = (
    ...     ",".join(s.REQUIRED_COLUMNS) + "\n"
    ...     "eu-ai,,headline,EU AI,,EU,public,Europe,EU,1e9,,exact,EUR,2025,,,announced,"
    ...     "ai-programme,high,https://example.org,\n"
    ... )
    >>> try:
    ...     read_dataset(io.StringIO(csv_text))
    ... except DatasetError as error:
    ...     print([(p.row, p.column) for p in error.problems])
    [(1, 'amount_low'), (1, 'amount_high')]
    >>> fixed = csv_text.replace("1e9,", "1000000000,1000000000")
    >>> read_dataset(io.StringIO(fixed))[s.AMOUNT_HIGH].tolist()
    [1000000000.0]
    """
    data, problems = read_bytes(source)
    if data is None:
        raise DatasetError(problems)
    text, problems = decode(data)  # only to know it is UTF-8 text: pandas reads the bytes
    if text is None:
        raise DatasetError(problems)
    del text  # at 100,000 rows each copy of the file is ~50 MB: keep only what is still needed
    raw, problems = parse(data.removeprefix(b"\xef\xbb\xbf"))
    del data
    if raw is None:
        raise DatasetError(problems)
    frame, more = validate_frame(raw)
    if problems or more or frame is None:
        raise DatasetError(sorted_problems(problems + more))
    return frame
