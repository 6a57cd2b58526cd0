"""``data/economies.csv``: GDP and population per economy, read and checked like the dataset.

Layer 1 (stdlib, pandas). Pure apart from reading the one file it is given.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from dashboard import schema as s
from dashboard.reading import Source, decode, default_dataset_path, read_bytes
from dashboard.rules import (
    WHOLE_PATTERN,
    DatasetError,
    Problem,
    country_problem,
    duplicates,
    file_problem,
    is_http_url,
    show,
    sorted_problems,
    url_problem,
)

#: One row per economy (about 250 exist; the bundled file has 16 rows, 5 kB). The dataset's limits
#: were not applied here: a header of 80,000 columns took 86 s, 2 million rows 49 s and 3.4 GB, and
#: printed 2 million lines (attack round 4).
MAX_ECONOMY_BYTES = 1024 * 1024
MAX_ECONOMY_ROWS = 1_000
#: Columns past the contract's that are named one by one ("unknown column"); more, one line.
MAX_EXTRA_COLUMNS = 20


#: Most a GDP (the amounts' maximum; the world's is ~10^14 US dollars) or a population may be.
_MAXIMA = {s.GDP_USD: (s.MAX_AMOUNT, "10^15 US dollars"), s.POPULATION: (10**11, "10^11 people")}


def economies_path(dataset_path: Path) -> Path:
    """Where the economies of a dataset file live: ``economies.csv`` beside it."""
    return Path(dataset_path).with_name(s.ECONOMIES_FILE)


def _economy_row(n: int, row: Mapping[str, str], seen: Mapping[str, list[int]]) -> list[Problem]:
    code = row[s.ECONOMY_COUNTRY]
    out: list[Problem] = []

    def bad(column: str, message: str) -> None:
        out.append(Problem(n, code, column, message))

    if not code:
        bad(s.ECONOMY_COUNTRY, "missing (an ISO 3166-1 alpha-2 code, or EU)")
    elif country_problem(code):
        message = country_problem(code) or ""
        bad(s.ECONOMY_COUNTRY, message.replace(" (or EU, or empty for global)", " (or EU)"))
    elif len(seen[code]) > 1:
        bad(s.ECONOMY_COUNTRY, duplicates("country", seen[code], n))
    if not row[s.ECONOMY_NAME]:
        bad(s.ECONOMY_NAME, "missing")
    for column, whole in ((s.GDP_USD, False), (s.POPULATION, True)):
        text = row[column]
        if not text:
            bad(column, "missing")
            continue
        pattern, kind = (WHOLE_PATTERN, "whole number") if whole else (s.NUMBER_PATTERN, "plain number")
        if not s.matches(pattern, text):
            bad(column, f"{show(text)} is not a {kind} (full units: digits only, no separators)")
        elif float(text) <= 0:
            bad(column, f"{show(text)} is not positive")
        elif float(text) > _MAXIMA[column][0]:  # 400 nines: infinity, and a traceback (attack round 6)
            bad(column, f"{show(text)} is above the maximum of {_MAXIMA[column][1]}")
    for column in (s.GDP_YEAR, s.POPULATION_YEAR):
        if not s.matches(s.YEAR_PATTERN, row[column]):
            bad(column, f"{show(row[column])} is not a year (YYYY)" if row[column] else "missing (YYYY)")
    for column in (s.GDP_SOURCE_URL, s.POPULATION_SOURCE_URL):
        url = row[column]
        if not url:
            bad(column, "missing (the page the figure was read from)")
        elif not is_http_url(url):
            bad(column, url_problem(url) or "")
    return out


def _too_big(size: int) -> None:
    if size > MAX_ECONOMY_BYTES:
        text = f"{size:,} bytes is more than the 1 MB ({MAX_ECONOMY_BYTES:,} bytes) an economies file may have"
        raise DatasetError(file_problem(f"{text} (one row per economy)"))


def read_economies(source: Source) -> pd.DataFrame:
    """Read and check ``data/economies.csv``: one row per economy, index = data row number,
    ``gdp_usd`` and ``population`` float64, the other columns strings. Raises ``DatasetError``
    with every problem (same line format as the dataset; the id is the ``country`` code).

    >>> text = ",".join(s.ECONOMY_COLUMNS) + "\\nEU,European Union,,19400000000000,2024,"
    >>> text += "https://imf.org/x,449000000,2024,https://ec.europa.eu/eurostat,\\n"
    >>> read_economies(io.StringIO(text)).loc[1, "gdp_usd"]
    np.float64(19400000000000.0)
    >>> try:
    ...     read_economies(io.StringIO(text.replace(",2024,", ",24,", 1)))
    ... except DatasetError as error:
    ...     print(error)
    row 1 (id EU), gdp_year: '24' is not a year (YYYY)
    """
    # A file's size before reading it: a 200 MB one took 580 MB to refuse (review); what stat cannot
    # see, read_bytes names.
    size = 0
    if isinstance(source, (str, os.PathLike)):
        with contextlib.suppress(OSError, ValueError):
            size = os.stat(source).st_size
    _too_big(size)
    data, problems = read_bytes(source)
    if data is not None:
        _too_big(len(data))
    text, more = decode(data) if data is not None else (None, [])
    if text is None:
        raise DatasetError(problems + more)
    # The file is a few dozen rows: the csv module reads it and words a malformed line.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = [[f.strip() for f in r] for r in reader if any(f.strip() for f in r)]
    except csv.Error as error:
        raise DatasetError(file_problem(f"malformed CSV near line {reader.line_num}: {error}")) from None
    if not records:
        raise DatasetError(file_problem("no header row (the file has only blank lines)"))
    header, rows = records[0], records[1:]
    if len(header) > len(s.ECONOMY_COLUMNS) + MAX_EXTRA_COLUMNS:
        width = f"the header has {len(header):,} columns; an economies file has {len(s.ECONOMY_COLUMNS)}"
        raise DatasetError(file_problem(f"{width}: delete the others"))
    if len(rows) > MAX_ECONOMY_ROWS:
        message = f"too many rows: {len(rows):,} data rows; an economies file has one row per economy, at most"
        raise DatasetError(file_problem(f"{message} {MAX_ECONOMY_ROWS:,}"))
    counts = Counter(header)
    wrong = [Problem(None, None, c, "missing column") for c in s.ECONOMY_COLUMNS if c not in counts]
    wrong += [Problem(None, None, c or "(empty)", "unknown column") for c in header if c not in s.ECONOMY_COLUMNS]
    wrong += [Problem(None, None, c, "duplicate column name") for c, n in counts.items() if n > 1]
    if wrong:
        raise DatasetError(wrong)
    if not rows:
        raise DatasetError(file_problem("no data rows"))
    seen: dict[str, list[int]] = defaultdict(list)
    values = []
    for n, record in enumerate(rows, start=1):
        if len(record) != len(header):
            code = record[header.index(s.ECONOMY_COUNTRY)] if len(record) > header.index(s.ECONOMY_COUNTRY) else ""
            problems.append(Problem(n, code, None, f"has {len(record):,} fields, the header has {len(header):,}"))
            record = (record + [""] * len(header))[: len(header)]
        row = dict(zip(header, record))
        values.append(row)
        if row[s.ECONOMY_COUNTRY]:
            seen[row[s.ECONOMY_COUNTRY]].append(n)
    for n, row in enumerate(values, start=1):
        problems.extend(_economy_row(n, row, seen))
    if problems:
        raise DatasetError(sorted_problems(problems))
    frame = pd.DataFrame(values, columns=list(s.ECONOMY_COLUMNS), dtype="str")
    frame.index = pd.RangeIndex(1, len(frame) + 1, name=s.ROW)
    for column in (s.GDP_USD, s.POPULATION):
        frame[column] = frame[column].astype("float64")
    return frame


def economies_missing(frame: pd.DataFrame, economies: pd.DataFrame) -> list[Problem]:
    """A problem for every dataset row whose non-empty ``country`` has no economies row."""
    known = set(economies[s.ECONOMY_COUNTRY])
    countries = frame[s.COUNTRY]
    missing = countries[(countries != "") & ~countries.isin(known)]
    return [
        Problem(int(n), frame.at[n, s.ID], s.COUNTRY, f"{show(code)} has no row in {s.ECONOMIES_FILE}")
        for n, code in missing.items()
    ]


def dataset_updated() -> str:
    """The bundled dataset's last update date (``YYYY-MM-DD``) from ``data/metadata.json``, or ""."""
    import json

    meta = default_dataset_path().with_name("metadata.json")
    try:
        return str(json.loads(meta.read_text(encoding="utf-8")).get("updated", ""))
    except (OSError, ValueError, AttributeError):
        return ""
