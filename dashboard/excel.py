"""What spreadsheet programs write: encodings other than UTF-8, ';' or tab with a decimal comma
(German Excel), read for ``check_upload``; XLSX workbooks are ``xlsx``'s.

Layer 1 (stdlib, pandas; openpyxl optional). Pure.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from dashboard import schema as s
from dashboard.reading import SEP_LINE, byte_at
from dashboard.rules import Problem, file_problem, show

#: Most data rows one upload may have (the bundled dataset has fewer than 100).
MAX_UPLOAD_ROWS = 20_000

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(s.CONTROL_CHARS)
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A number as German Excel writes it: optional '.' thousands groups, optional decimal comma.
_GERMAN_NUMBER = re.compile(r"[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(\.[0-9]{3})+")
#: One separator followed by exactly three digits: "294,000" and "1.500" read as 294 or 294000,
#: 1500 or 1.5, depending on the decimal mark, which such a cell alone does not tell.
_AMBIGUOUS = re.compile(r"[+-]?[0-9]{1,3}[.,][0-9]{3}")


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
    sep = SEP_LINE.fullmatch(first.strip().strip('"'))
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


def number_text(value: float) -> str:
    """A float as a plain number the contract accepts (no exponent), exact on reading back.

    >>> number_text(200e9), number_text(1234567.89), number_text(1e-5), number_text(1e20)
    ('200000000000', '1234567.89', '0.00001', '100000000000000000000')
    """
    import numpy as np

    return np.format_float_positional(value, trim="-")
