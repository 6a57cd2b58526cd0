"""Uploads: tolerant reading, limits, and adding the rows to the bundled dataset.

``read_dataset`` reads the contract (UTF-8, comma-separated) and nothing else: the bundled
file and ``python -m dashboard validate`` stay strict. An upload comes from a person's
spreadsheet program, so ``check_upload`` also accepts what Excel writes (``dashboard.excel``):
Windows-1252 or Latin-1 instead of UTF-8, ';' (or tab) as the separator with a decimal comma in
the amount columns, and XLSX when openpyxl happens to be installed. Whatever it reads goes
through the same ``validate_frame``, so the problem lines are the validator's.

Layer 1 (stdlib, pandas). Pure.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard import schema as s
from dashboard.excel import MAX_UPLOAD_ROWS, decimal_comma, decode_upload, number_text, sniff
from dashboard.reading import ZIP_MAGIC, parse, too_many_rows
from dashboard.rules import ROWS_SHOWN, Problem, cell_text, file_problem, row_list, show, shown_id, sorted_problems
from dashboard.validation import validate_frame
from dashboard.xlsx import read_xlsx

#: Bytes in the "MB" of Streamlit's ``server.maxUploadSize`` as the browser applies it (its
#: uploader counts 1 MB as 1,000,000 bytes; the server's own cap, 1,048,576 bytes a MB, is
#: larger, so this is the limit a person meets first and the one the message names).
MB = 1_000_000
#: Default size limit of an upload in bytes (the app passes ``server.maxUploadSize`` MB).
MAX_UPLOAD_BYTES = 5 * MB
#: Upload modes: the file is the whole dataset, or it is added to the bundled rows.
UPLOAD_MODES: tuple[str, ...] = ("replace", "add")


@dataclass(frozen=True)
class Variant:
    """How an uploaded file was read (shown to the person who uploaded it)."""

    kind: str = "csv"  # "csv" or "xlsx"
    delimiter: str = ","
    decimal: str = "."  # "," when the amount columns use a decimal comma
    thousands: bool = False  # '.' groups thousands (only with a decimal comma)
    encoding: str = "UTF-8"  # UTF-8, UTF-8 with BOM, Latin-1, Windows-1252

    def describe(self, gettext: Callable[[str], str] | None = None) -> str:
        """The variant in words, for the success message (in the UI's language with ``gettext``).

        >>> Variant().describe()
        'comma-separated, UTF-8'
        >>> Variant(delimiter=";", decimal=",", encoding="Latin-1").describe()
        'semicolon-separated, decimal comma, Latin-1'
        >>> Variant(delimiter=";", decimal=",", thousands=True, encoding="UTF-8 with BOM").describe()
        "semicolon-separated, decimal comma and '.' for thousands, UTF-8 with BOM"
        >>> Variant(kind="xlsx").describe()
        'XLSX (first sheet)'
        """
        _ = gettext or (lambda message: message)
        if self.kind == "xlsx":
            return _("XLSX (first sheet)")
        separated = {",": _("comma-separated"), ";": _("semicolon-separated"), "\t": _("tab-separated")}
        parts = [separated.get(self.delimiter) or _("{delimiter}-separated").format(delimiter=repr(self.delimiter))]
        if self.decimal == ",":
            parts.append(_("decimal comma and '.' for thousands") if self.thousands else _("decimal comma"))
        parts.append({"UTF-8 with BOM": _("UTF-8 with BOM")}.get(self.encoding, self.encoding))
        return ", ".join(parts)


@dataclass(frozen=True)
class Upload:
    """The outcome of :func:`check_upload`: a valid frame, or every problem (never both)."""

    frame: pd.DataFrame | None
    problems: list[Problem]
    variant: Variant | None
    #: Data rows in the uploaded file (0 when it could not be split into rows).
    rows: int
    mode: str
    #: The wording columns (``capacity_gw_kind``, ``accelerators_kind``) a valid file leaves out
    #: although it states their figures: those read as exact (said to the uploader).
    unworded: tuple[str, ...] = ()
    #: A file refused as the whole dataset whose missing parents are all bundled rows, and none of
    #: whose ids is a bundled one: rows written to be added to the bundled data.
    parents_bundled: bool = False

    @property
    def ok(self) -> bool:
        return self.frame is not None


def _as_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """A typed frame back as the all-string frame ``validate_frame`` reads."""
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for column in s.COLUMNS:
        values = frame[column].tolist()
        if column in s.NUMBER_COLUMNS:
            out[column] = ["" if pd.isna(v) else number_text(float(v)) for v in values]
        else:
            out[column] = [cell_text(v) for v in values]
    return out


def contract_csv(frame: pd.DataFrame) -> bytes:
    """A typed frame as contract CSV bytes (UTF-8, ',', one header row): what
    ``read_dataset`` reads back into the same frame. The app keeps an accepted upload in
    this form, so the strict reader and its cache key (the content) apply to it too.

    An optional column that is empty on every row is left out: it reads back as empty.
    """
    strings = _as_strings(frame)
    empty = [c for c in s.OPTIONAL_COLUMNS if not strings[c].astype(bool).any()]
    strings = strings.drop(columns=empty)
    buffer = io.StringIO()
    # "\r\n" ends the rows so that the writer quotes a field holding a lone "\r" (a note may):
    # with "\n" it would not, and the copy would split that row when read back.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(strings.columns)
    writer.writerows(strings.itertuples(index=False, name=None))
    return buffer.getvalue().encode("utf-8")


def _combine(raw: pd.DataFrame, bundled: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Validate the uploaded rows followed by the bundled rows as one dataset.

    Uploaded rows keep their own numbers (they come first); a duplicate id names the bundled
    row it clashes with, and the bundled side of that clash is not reported twice.
    """
    m = len(raw)
    absent = frozenset(c for c in s.OPTIONAL_COLUMNS if c not in raw.columns and not bundled[c].astype(bool).any())
    both = pd.concat([raw.reset_index(drop=True), _as_strings(bundled)], ignore_index=True)
    frame, problems = validate_frame(both, absent=absent)
    rows_of: dict[str, list[int]] | None = None
    out: list[Problem] = []
    for problem in problems:
        duplicate = problem.column == s.ID and problem.message.startswith("duplicate id, ")
        if problem.row is None:
            out.append(problem)
        elif problem.row <= m and duplicate:
            if rows_of is None:
                rows_of = defaultdict(list)
                for n, rid in enumerate(both[s.ID].map(cell_text).tolist(), start=1):
                    rows_of[rid].append(n)
            rows = rows_of[problem.id or ""]  # ascending; only the first few are listed
            split = bisect.bisect_right(rows, m)
            mine = [x for x in rows[: ROWS_SHOWN + 1] if x <= m and x != problem.row][:ROWS_SHOWN]
            theirs = [x - m for x in rows[split : split + ROWS_SHOWN]]
            parts = [row_list(mine, total=split - 1)] if split > 1 else []
            if theirs:
                parts.append(row_list(theirs, "bundled row", total=len(rows) - split))
            out.append(Problem(problem.row, problem.id, s.ID, "duplicate id, also " + " and ".join(parts)))
        elif problem.row <= m:
            out.append(problem)
        elif not duplicate:  # a bundled row (should not happen: the bundled data is valid)
            where = f"bundled row {problem.row - m} (id {shown_id(problem.id)})"
            out.append(Problem(None, None, None, f"{where}, {problem.column}: {problem.message}"))
    return frame, out


def check_upload(
    content: bytes,
    filename: str = "",
    *,
    mode: str = "replace",
    bundled: pd.DataFrame | None = None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_rows: int = MAX_UPLOAD_ROWS,
) -> Upload:
    r"""Read and validate an uploaded file: the whole dataset (``mode="replace"``) or rows to
    add to ``bundled`` (``mode="add"``; the two are validated together, so parents may be
    bundled rows and an id may not repeat a bundled one). Under "replace", ``bundled`` (if
    given) only tells whether a refused file was written to be added (``parents_bundled``).
    Pure; never raises for bad content.

    >>> german = ";".join(s.REQUIRED_COLUMNS) + "\n" + (
    ...     "bonn-ki;;headline;KI in Bonn;Künstliche Intelligenz;Stadt;public;Europe;DE;"
    ...     "1.500.000,5;2.000.000;exact;EUR;2025;;;announced;ai-programme;low;https://x.de;\n")
    >>> result = check_upload(german.encode("latin-1"), "x.csv")
    >>> result.ok, result.rows, result.variant.describe()
    (True, 1, "semicolon-separated, decimal comma and '.' for thousands, Latin-1")
    >>> result.frame.loc[1, ["amount_low", "amount_high"]].tolist()
    [1500000.5, 2000000.0]
    >>> [str(p) for p in check_upload(b"").problems]
    ['file: empty file (0 bytes)']
    """
    if mode not in UPLOAD_MODES:
        raise ValueError(f"mode must be one of {UPLOAD_MODES}, not {mode!r}")
    if mode == "add" and bundled is None:
        raise ValueError('mode="add" needs the bundled frame')

    def rejected(problems: list[Problem], variant: Variant | None = None, rows: int = 0) -> Upload:
        return Upload(None, problems, variant, rows, mode)

    size = len(content)
    if size > max_bytes:
        return rejected(
            file_problem(
                f"the file is {size / MB:.1f} MB ({size:,} bytes); uploads are limited "
                f"to {max_bytes / MB:g} MB ({max_bytes:,} bytes)"
            )
        )
    decimal_problems: list[Problem] = []
    originals: dict[tuple[int, str], str] = {}
    if content.startswith(ZIP_MAGIC):
        raw, problems = read_xlsx(content, max_rows)
        variant = Variant(kind="xlsx", encoding="")
    else:
        text, encoding, problems = decode_upload(content)
        if text is None:
            return rejected(problems)
        delimiter, text = sniff(text)
        raw, problems = parse(text, delimiter, max_rows)
        variant = Variant(delimiter=delimiter, encoding=encoding)
        if raw is not None and delimiter != ",":
            decimal, thousands, originals, decimal_problems = decimal_comma(raw)
            variant = Variant(delimiter=delimiter, decimal=decimal, thousands=thousands, encoding=encoding)
    if raw is None:
        return rejected(problems, variant)
    rows = len(raw)
    if rows > max_rows:
        # an XLSX sheet is read only up to one row past the limit
        count = f"more than {max_rows:,}" if variant.kind == "xlsx" else f"{rows:,}"
        return rejected(too_many_rows(count, max_rows), variant, rows)
    if mode == "add":
        frame, more = _combine(raw, bundled)
    else:
        frame, more = validate_frame(raw)
    bad_cells = {(p.row, p.column) for p in decimal_problems}
    more = [_original_text(p, originals) for p in more if (p.row, p.column) not in bad_cells]
    problems = sorted_problems(problems + decimal_problems + more)
    if problems or frame is None:
        to_add = mode == "replace" and bundled is not None and any(p.column == s.PARENT_ID for p in problems)
        return Upload(None, problems, variant, rows, mode, parents_bundled=to_add and _parents_bundled(raw, bundled))
    unworded = tuple(
        kind
        for _low, high, kind in s.UNIT_COLUMNS.values()
        if kind not in raw.columns and high in raw.columns and raw[high].astype(str).str.strip().ne("").any()
    )
    return Upload(frame, [], variant, rows, mode, unworded)


def _parents_bundled(raw: pd.DataFrame, bundled: pd.DataFrame) -> bool:
    """Whether the parents ``raw`` names but lacks are all ids of ``bundled``, and none of its own ids
    is one: checked by sets, so a file with a typo besides is still pointed to "add" (a second
    validation under "add" doubled the time of a refused file and missed those: review).

    >>> raw = pd.DataFrame({"id": ["a", "b"], "parent_id": ["", "stargate "]})
    >>> _parents_bundled(raw, pd.DataFrame({"id": ["stargate"]})), _parents_bundled(raw, pd.DataFrame({"id": ["a"]}))
    (True, False)
    """
    if s.ID not in raw.columns or s.PARENT_ID not in raw.columns:
        return False
    ids = set(raw[s.ID].map(cell_text))
    wanted = set(raw[s.PARENT_ID].map(cell_text)) - ids - {""}
    known = set(bundled[s.ID])
    return bool(wanted) and wanted <= known and not ids & known


def _original_text(problem: Problem, originals: Mapping[tuple[int, str], str]) -> Problem:
    """Quote amounts as the file wrote them (``'-5,5'``), not as rewritten for checking."""
    if problem.row is None or not originals:
        return problem
    message = problem.message
    for column in s.NUMBER_COLUMNS:
        original = originals.get((problem.row, column))
        if original is not None:
            plain = original.replace(".", "").replace(",", ".")
            message = message.replace(show(plain), show(original))
    if message == problem.message:
        return problem
    return Problem(problem.row, problem.id, problem.column, message)
