"""The dataset contract in code: column names, vocabularies and the pandera schema.

This is layer 0 (stdlib, pandas, pandera only) and the one place the contract of
``data/investments.csv`` (design.md, section 2) is spelled out for programs: every other module
refers to columns through the constants below, never through string literals. It describes;
it does not act: no I/O, no Streamlit, no currency data (the loader in ``dashboard.dataset``
checks convertibility), and no work at import time beyond building constant objects.

``INVESTMENTS_SCHEMA`` documents and checks the *typed* frame that ``dashboard.dataset``
returns: one row per data row, index ``row`` = the 1-based data row number (header = row 0),
columns in ``COLUMNS`` order, ``amount_low``/``amount_high`` float64 (NaN for a row without
money), every other column a plain string (``""`` when empty, never NaN).
The row-by-row messages a person reads come from ``dashboard.dataset``; this schema is the
last safety net and the reference for what downstream code may assume.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

# --- column names ---------------------------------------------------------------------------

ID = "id"
PARENT_ID = "parent_id"
ROLE = "role"
NAME = "name"
NAME_DE = "name_de"
ACTOR = "actor"
ACTOR_TYPE = "actor_type"
REGION = "region"
COUNTRY = "country"
AMOUNT_LOW = "amount_low"
AMOUNT_HIGH = "amount_high"
AMOUNT_KIND = "amount_kind"
CURRENCY = "currency"
ANNOUNCED = "announced"
PERIOD_START = "period_start"
PERIOD_END = "period_end"
STATUS = "status"
SCOPE = "scope"
CONFIDENCE = "confidence"
SOURCE_URL = "source_url"
NOTE = "note"
SHORT_NAME = "short_name"
SHORT_NAME_DE = "short_name_de"
SOURCE_KIND = "source_kind"
CAPACITY_GW_LOW = "capacity_gw_low"
CAPACITY_GW_HIGH = "capacity_gw_high"
CAPACITY_GW_KIND = "capacity_gw_kind"
ACCELERATORS_LOW = "accelerators_low"
ACCELERATORS_HIGH = "accelerators_high"
ACCELERATORS_KIND = "accelerators_kind"
OVERLAPS_WITH = "overlaps_with"

#: All columns, in file and frame order.
COLUMNS: tuple[str, ...] = (
    ID,
    PARENT_ID,
    ROLE,
    NAME,
    NAME_DE,
    SHORT_NAME,
    SHORT_NAME_DE,
    ACTOR,
    ACTOR_TYPE,
    REGION,
    COUNTRY,
    AMOUNT_LOW,
    AMOUNT_HIGH,
    AMOUNT_KIND,
    CURRENCY,
    ANNOUNCED,
    PERIOD_START,
    PERIOD_END,
    STATUS,
    SCOPE,
    CONFIDENCE,
    SOURCE_KIND,
    SOURCE_URL,
    CAPACITY_GW_LOW,
    CAPACITY_GW_HIGH,
    CAPACITY_GW_KIND,
    ACCELERATORS_LOW,
    ACCELERATORS_HIGH,
    ACCELERATORS_KIND,
    OVERLAPS_WITH,
    NOTE,
)
#: The physical figures by unit: (low, high, wording) columns. The wording is the source's
#: ("up to 5 GW"; ``AMOUNT_KINDS``), which a cost per unit's wording depends on.
UNIT_COLUMNS: dict[str, tuple[str, str, str]] = {
    "gw": (CAPACITY_GW_LOW, CAPACITY_GW_HIGH, CAPACITY_GW_KIND),
    "accelerator": (ACCELERATORS_LOW, ACCELERATORS_HIGH, ACCELERATORS_KIND),
}
#: Columns a file may leave out: a missing one reads as all-empty (the 2026-11 extension).
OPTIONAL_COLUMNS: tuple[str, ...] = (
    SHORT_NAME,
    SHORT_NAME_DE,
    SOURCE_KIND,
    CAPACITY_GW_LOW,
    CAPACITY_GW_HIGH,
    CAPACITY_GW_KIND,
    ACCELERATORS_LOW,
    ACCELERATORS_HIGH,
    ACCELERATORS_KIND,
    OVERLAPS_WITH,
)
#: Columns every file must have.
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)
#: Every numeric column (float64 in the typed frame, NaN when empty); every other is a string.
NUMBER_COLUMNS: tuple[str, ...] = (
    AMOUNT_LOW,
    AMOUNT_HIGH,
    CAPACITY_GW_LOW,
    CAPACITY_GW_HIGH,
    ACCELERATORS_LOW,
    ACCELERATORS_HIGH,
)
#: Name of the frame index: the 1-based data row number of the CSV (the header is row 0).
ROW = "row"

# --- data/economies.csv: one row per economy (GDP and population with year and source) ------

ECONOMY_COUNTRY = "country"
ECONOMY_NAME = "name"
ECONOMY_NAME_DE = "name_de"
GDP_USD = "gdp_usd"
GDP_YEAR = "gdp_year"
GDP_SOURCE_URL = "gdp_source_url"
POPULATION = "population"
POPULATION_YEAR = "population_year"
POPULATION_SOURCE_URL = "population_source_url"
ECONOMY_NOTE = "note"
#: Columns of ``data/economies.csv``, in file order.
ECONOMY_COLUMNS: tuple[str, ...] = (
    ECONOMY_COUNTRY,
    ECONOMY_NAME,
    ECONOMY_NAME_DE,
    GDP_USD,
    GDP_YEAR,
    GDP_SOURCE_URL,
    POPULATION,
    POPULATION_YEAR,
    POPULATION_SOURCE_URL,
    ECONOMY_NOTE,
)
#: The file beside ``investments.csv`` that holds the economies.
ECONOMIES_FILE = "economies.csv"

# --- vocabularies ---------------------------------------------------------------------------

#: Roles of a row without parent_id.
ROLES_TOP: tuple[str, ...] = ("headline", "context")
#: Roles of a row with a parent_id.
ROLES_CHILD: tuple[str, ...] = ("component", "revision", "cumulative", "context")
#: Every role, each once.
ROLES: tuple[str, ...] = tuple(dict.fromkeys(ROLES_TOP + ROLES_CHILD))
ACTOR_TYPES: tuple[str, ...] = ("public", "private", "public-private", "corporate")
REGIONS: tuple[str, ...] = ("Europe", "North America", "Asia", "Middle East", "Global")
#: The EU's member states (the EU27 since 1 February 2020) as ``country`` codes (ISO: Greece is GR);
#: the EU's own programmes are ``EU``. The region Europe holds the UK and Norway too (QA pass 29).
EU_MEMBERS: frozenset[str] = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()  # noqa: SIM905 (one line, not 27)
)
AMOUNT_KINDS: tuple[str, ...] = ("exact", "approx", "up-to", "more-than")
STATUSES: tuple[str, ...] = ("announced", "committed", "spent", "cancelled")
SCOPES: tuple[str, ...] = (
    "ai-infrastructure",
    "ai-programme",
    "capex-total",
    "venture",
    "training-cost",
    "multi-technology",
)
#: Ordered from low to high: a "minimum confidence" filter keeps ``CONFIDENCES[i:]``.
CONFIDENCES: tuple[str, ...] = ("low", "medium", "high")
#: How close the source is to the figure: filing or official document, newsroom, aggregator.
SOURCE_KINDS: tuple[str, ...] = ("primary", "secondary", "tertiary")
#: Kinds of ``overlaps_with`` entries: this row's money sits wholly inside / partly in another.
OVERLAP_KINDS: tuple[str, ...] = ("inside", "partial")
#: Longest ``short_name`` / ``short_name_de`` (characters).
SHORT_NAME_MAX = 32
#: The export's columns (``python -m dashboard export``, the Data page's CSV): the contract (issue:
#: "at least these columns"), then extra method columns.
EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "parent_id",
    "role",
    "name",
    "region",
    "country",
    "actor_type",
    "status",
    "scope",
    "confidence",
    "announced",
    "currency",
    "amount_low",
    "amount_high",
    "target_currency",
    "fx_basis",
    "fx_rate",
    "fx_date",
    "value_low",
    "value_high",
    "per_year_low",
    "per_year_high",
    "counts_in_total",
    "source_url",
)
EXPORT_EXTRA_COLUMNS: tuple[str, ...] = (
    "name_de",
    "actor",
    "amount_kind",
    "period_start",
    "period_end",
    "item_id",
    "fx_problem",
    "overlaps_with",
    "counted_inside",
    "counted_in_view",
    "kind",
    "calendar_year",
    "year_months",
    "year_low",
    "year_high",
    "other_year",
    "gdp_share_low",
    "gdp_share_high",
    "per_capita_low",
    "per_capita_high",
    "usd_per_gw",
    "usd_per_accelerator",
    "usd_per_gw_low",
    "usd_per_gw_high",
    "usd_per_accelerator_low",
    "usd_per_accelerator_high",
    "note",
    # Extended 2026-12: the figures the costs divide by, with their wordings and the costs'.
    "capacity_gw_low",
    "capacity_gw_high",
    "capacity_gw_kind",
    "accelerators_low",
    "accelerators_high",
    "accelerators_kind",
    "usd_per_gw_kind",
    "usd_per_accelerator_kind",
    # Extended 2026-12-04: the dataset's other columns, so that the export with its computed
    # columns deleted uploads as the data it came from; and whether a row is context or below one.
    "short_name",
    "short_name_de",
    "source_kind",
    "under_context",
)

#: Upper bounds of the physical columns: gigawatts and a count of accelerators.
CAPACITY_GW_MAX = 1000
ACCELERATORS_MAX = 100_000_000

#: Currencies the ECB does not publish but that are pegged to the US dollar: units per 1 USD.
#: The loader accepts them as convertible; the FX module converts them through USD.
PEGGED_TO_USD: dict[str, float] = {"SAR": 3.75, "AED": 3.6725}

#: The ``country`` value for the European Union's own programmes (not an ISO 3166-1 code).
COUNTRY_EU = "EU"

# --- value patterns (full-match) ------------------------------------------------------------

#: Not "-" first: the export marks a cell "-…" with an apostrophe for spreadsheets, and the id
#: came back "'-alpha", refused (attack round 5).
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
# Digits are spelled [0-9]: ``\d`` also matches other scripts' digits ("２０２５", "٢٠٢٥"),
# which Python's int() and float() accept and the rest of the code does not expect.
#: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (the calendar check lives in the loader).
ANNOUNCED_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-[0-9]{2})?)?$"
#: ``YYYY`` or ``YYYY-MM``.
PERIOD_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$"
#: A year as links, CLI options and the economies file take it: four ASCII digits (``\d`` took
#: "٢٠٢٥" and "２０２５" as 2025: attack round 4).
YEAR_PATTERN = r"^[0-9]{4}$"
#: A plain decimal number: optional sign, digits, optional fraction. No exponent, no
#: thousands separators, no units, no "inf"/"nan" (a sign is accepted so that "-5" is
#: reported as negative rather than as "not a number").
NUMBER_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"
#: Control characters but tab and line breaks (C0, DEL, C1: ESC starts terminal escapes): never in
#: a note, an upload's text or an export's cell. Spelled for RE2 (pandas' Arrow strings) and re alike.
CONTROL_CHARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
#: Embeddings, overrides and isolates, which turn the direction of the text after them (as
#: characters, for RE2 and re alike): a name ending in U+202E drew the sidebar's notice and a
#: chart's footer backwards (attack round 5). Not the plain marks (LRM, RLM, ALM) that Arabic and
#: Hebrew text carries (review 57).
DIRECTION_MARKS = "[\u202a-\u202e\u2066-\u2069]"
#: Characters that show nothing (a character class's body, for RE2 and re alike): Unicode's
#: default-ignorable code points and the blank fillers (review 57). A text of them alone is
#: refused; inside a name they do not make it another (attack round 6).
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
#: Largest amount in units of its currency (10^15: a quadrillion yen is about 6.5 trillion
#: US dollars, far above any real announcement); larger figures overflow conversions and sums.
MAX_AMOUNT = 10**15


def matches(pattern: str, value: str) -> bool:
    """Whether *value* matches *pattern* in full.

    >>> matches(ID_PATTERN, "eu-investai-2025")
    True
    >>> matches(ID_PATTERN, "EU InvestAI")
    False
    >>> matches(NUMBER_PATTERN, "200000000000"), matches(NUMBER_PATTERN, "200bn")
    (True, False)
    """
    return re.fullmatch(pattern, value) is not None


def confidence_at_least(minimum: str) -> tuple[str, ...]:
    """The confidence levels at or above *minimum*, for a "minimum confidence" filter.

    >>> confidence_at_least("medium")
    ('medium', 'high')
    >>> confidence_at_least("low")
    ('low', 'medium', 'high')
    """
    return CONFIDENCES[CONFIDENCES.index(minimum) :]


# --- the typed frame ------------------------------------------------------------------------


def _in(values: tuple[str, ...], *, empty_ok: bool = False) -> pa.Check:
    allowed = list(values) + ([""] if empty_ok else [])
    return pa.Check.isin(allowed)


def _optional(pattern: str) -> pa.Check:
    """Pattern check that also lets the empty string through."""
    return pa.Check.str_matches(f"^$|{pattern}")


def _amounts_both_or_neither(frame: pd.DataFrame) -> pd.Series:
    return frame[AMOUNT_LOW].isna() == frame[AMOUNT_HIGH].isna()


def _low_not_above_high(frame: pd.DataFrame) -> pd.Series:
    low, high = frame[AMOUNT_LOW], frame[AMOUNT_HIGH]
    return low.isna() | high.isna() | (low <= high)


def _money_rows_complete(frame: pd.DataFrame) -> pd.Series:
    has_money = frame[AMOUNT_LOW].notna()
    complete = (
        (frame[CURRENCY] != "") & (frame[AMOUNT_KIND] != "") & (frame[ANNOUNCED] != "") & (frame[SOURCE_URL] != "")
    )
    return ~has_money | complete


def _roles_fit_parent(frame: pd.DataFrame) -> pd.Series:
    top = frame[PARENT_ID] == ""
    return (top & frame[ROLE].isin(ROLES_TOP)) | (~top & frame[ROLE].isin(ROLES_CHILD))


def _parents_exist(frame: pd.DataFrame) -> pd.Series:
    parent = frame[PARENT_ID]
    # Not Series.isin: on Arrow strings it makes a pyarrow scalar per id (0.9 s at 100,000 rows).
    known = pd.Index(frame[ID]).unique().get_indexer(parent) >= 0
    return (parent == "") | (known & (parent != frame[ID]))


def _text(*checks: pa.Check, unique: bool = False) -> pa.Column:
    return pa.Column(str, list(checks), nullable=False, unique=unique)


def _amount(maximum: float | None = None) -> pa.Column:
    checks = [pa.Check.ge(0), pa.Check(lambda s: s.abs() != float("inf"), name="finite")]
    if maximum is not None:
        checks.append(pa.Check.le(maximum))
    return pa.Column("float64", checks, nullable=True)


#: The typed frame returned by ``dashboard.dataset.read_dataset``.
INVESTMENTS_SCHEMA = pa.DataFrameSchema(
    columns={
        ID: _text(pa.Check.str_matches(ID_PATTERN), unique=True),
        PARENT_ID: _text(_optional(ID_PATTERN)),
        ROLE: _text(_in(ROLES)),
        NAME: _text(pa.Check.str_length(min_value=1)),
        NAME_DE: _text(),
        SHORT_NAME: _text(pa.Check.str_length(max_value=SHORT_NAME_MAX)),
        SHORT_NAME_DE: _text(pa.Check.str_length(max_value=SHORT_NAME_MAX)),
        ACTOR: _text(),
        ACTOR_TYPE: _text(_in(ACTOR_TYPES)),
        REGION: _text(_in(REGIONS)),
        COUNTRY: _text(_optional(COUNTRY_PATTERN)),
        AMOUNT_LOW: _amount(MAX_AMOUNT),
        AMOUNT_HIGH: _amount(MAX_AMOUNT),
        AMOUNT_KIND: _text(_in(AMOUNT_KINDS, empty_ok=True)),
        CURRENCY: _text(_optional(CURRENCY_PATTERN)),
        ANNOUNCED: _text(_optional(ANNOUNCED_PATTERN)),
        PERIOD_START: _text(_optional(PERIOD_PATTERN)),
        PERIOD_END: _text(_optional(PERIOD_PATTERN)),
        STATUS: _text(_in(STATUSES)),
        SCOPE: _text(_in(SCOPES)),
        CONFIDENCE: _text(_in(CONFIDENCES)),
        SOURCE_KIND: _text(_in(SOURCE_KINDS, empty_ok=True)),
        SOURCE_URL: _text(_optional(r"https?://\S+")),
        CAPACITY_GW_LOW: _amount(CAPACITY_GW_MAX),
        CAPACITY_GW_HIGH: _amount(CAPACITY_GW_MAX),
        CAPACITY_GW_KIND: _text(_in(AMOUNT_KINDS, empty_ok=True)),
        ACCELERATORS_LOW: _amount(ACCELERATORS_MAX),
        ACCELERATORS_HIGH: _amount(ACCELERATORS_MAX),
        ACCELERATORS_KIND: _text(_in(AMOUNT_KINDS, empty_ok=True)),
        OVERLAPS_WITH: _text(),
        NOTE: _text(),
    },
    checks=[
        pa.Check(_amounts_both_or_neither, name="amounts both or neither"),
        pa.Check(_low_not_above_high, name="amount_low <= amount_high"),
        pa.Check(_money_rows_complete, name="money rows have currency, kind, date, source"),
        pa.Check(_roles_fit_parent, name="role fits parent"),
        pa.Check(_parents_exist, name="parent exists"),
    ],
    index=pa.Index(int, pa.Check.ge(1), name=ROW, unique=True),
    strict=True,
    ordered=True,
    coerce=False,
    name="investments",
    description="Typed rows of data/investments.csv (see design.md, section 2).",
)
