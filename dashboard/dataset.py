"""Read and validate the investments CSV into the typed frame of ``dashboard.schema``: the
public face of ``rules`` (values, problems), ``column_rules``, ``validation``, ``reading``,
``economies``, ``excel`` and ``uploads``, which import from each other directly.

Layer 1 (stdlib, pandas, pandera, babel, CurrencyConverter). Pure apart from reading the one
file it is given: no Streamlit, no caching policy (the UI wraps ``read_dataset`` in its own
bounded cache), no network, no work at import time. Bad input never raises anything but
``DatasetError``, which carries *every* problem found, not just the first.

Problem lines (``str(Problem)``), one per problem, in file order (file, then header, then rows
by row number and column order)::

    file: <message>                          the file as a whole: "cannot read <path>:
                                             <reason>", "empty file (0 bytes)", "not a UTF-8
                                             text file (byte 0x.. at offset n, line l,
                                             character c)", "not
                                             comma-separated: ...", "malformed CSV near line
                                             n: ...", "the first line is not the dataset
                                             header ...", "no data rows"
    header, <column>: <message>              a column name (missing, unknown, duplicate, empty)
    row <n> (id <id>), <column>: <message>   one value; n is the 1-based data row (header = row
                                             0, blank lines are skipped and not counted), <id>
                                             the row's id as written, ``?`` when it is empty
    row <n> (id <id>): <message>             the row as a whole (wrong number of fields)

Messages quote the offending value with Python's ``repr`` (``'Europa'``) and say what is
allowed, e.g. ``row 3 (id foo), region: 'Europa' is not one of Europe, North America, Asia,
Middle East, Global``. When the header is wrong, only header problems are reported (the row
rules need every column). Values are stripped of surrounding whitespace before checking.

What the rules are (design.md, section 2): see ``validation.validate_frame``.

Uploads (``check_upload``) are read more tolerantly than the contract: UTF-8 with or without BOM,
else Windows-1252/Latin-1; ',' or, as German Excel writes it, ';' (or tab) with a decimal comma
and '.' thousands in the amount columns; XLSX when openpyxl is installed. They have a size and a
row limit, may be added to the bundled rows (validated together), and give the same problem
lines plus a few of their own (``file: not a text file ...``, ``file: UTF-16 text ...``,
``... is not a number in this file's format ...``). ``contract_csv`` writes a frame back as
contract CSV. ``read_dataset`` and the CLI stay strict.
"""

# The names other modules use as ``dataset.<name>`` (re-exported, hence unused here).
from dashboard.economies import dataset_updated, economies_missing, economies_path, read_economies  # noqa: F401
from dashboard.excel import MAX_UPLOAD_ROWS  # noqa: F401
from dashboard.reading import DATA_ENV, bundled_dataset_path, default_dataset_path, read_dataset  # noqa: F401
from dashboard.rules import DatasetError, Problem, is_http_url  # noqa: F401
from dashboard.uploads import (  # noqa: F401
    MAX_UPLOAD_BYTES,
    MB,
    UPLOAD_MODES,
    Upload,
    Variant,
    check_upload,
    contract_csv,
)
from dashboard.xlsx import MAX_SHARED_STRINGS  # noqa: F401
