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

#: All columns, in file and frame order.
COLUMNS: tuple[str, ...] = (
    ID,
    PARENT_ID,
    ROLE,
    NAME,
    NAME_DE,
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
    SOURCE_URL,
    NOTE,
)
#: The two numeric columns (float64 in the typed frame); every other column is a string.
AMOUNT_COLUMNS: tuple[str, ...] = (AMOUNT_LOW, AMOUNT_HIGH)
TEXT_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c not in AMOUNT_COLUMNS)
#: Name of the frame index: the 1-based data row number of the CSV (the header is row 0).
ROW = "row"

# --- vocabularies ---------------------------------------------------------------------------

#: Roles of a row without parent_id.
ROLES_TOP: tuple[str, ...] = ("headline", "context")
#: Roles of a row with a parent_id.
ROLES_CHILD: tuple[str, ...] = ("component", "revision", "cumulative", "context")
#: Every role, each once.
ROLES: tuple[str, ...] = tuple(dict.fromkeys(ROLES_TOP + ROLES_CHILD))
ACTOR_TYPES: tuple[str, ...] = ("public", "private", "public-private", "corporate")
REGIONS: tuple[str, ...] = ("Europe", "North America", "Asia", "Middle East", "Global")
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

#: Currencies the ECB does not publish but that are pegged to the US dollar: units per 1 USD.
#: The loader accepts them as convertible; the FX module converts them through USD.
PEGGED_TO_USD: dict[str, float] = {"SAR": 3.75, "AED": 3.6725}

#: The ``country`` value for the European Union's own programmes (not an ISO 3166-1 code).
COUNTRY_EU = "EU"

# --- value patterns (full-match) ------------------------------------------------------------

ID_PATTERN = r"^[a-z0-9-]+$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
#: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (the calendar check lives in the loader).
ANNOUNCED_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$"
#: ``YYYY`` or ``YYYY-MM``.
PERIOD_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2]))?$"
#: A plain decimal number: optional sign, digits, optional fraction. No exponent, no
#: thousands separators, no units, no "inf"/"nan" (a sign is accepted so that "-5" is
#: reported as negative rather than as "not a number").
NUMBER_PATTERN = r"^[+-]?(\d+(\.\d*)?|\.\d+)$"


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
        (frame[CURRENCY] != "")
        & (frame[AMOUNT_KIND] != "")
        & (frame[ANNOUNCED] != "")
        & (frame[SOURCE_URL] != "")
    )
    return ~has_money | complete


def _roles_fit_parent(frame: pd.DataFrame) -> pd.Series:
    top = frame[PARENT_ID] == ""
    return (top & frame[ROLE].isin(ROLES_TOP)) | (~top & frame[ROLE].isin(ROLES_CHILD))


def _parents_exist(frame: pd.DataFrame) -> pd.Series:
    parent = frame[PARENT_ID]
    return (parent == "") | (parent.isin(frame[ID]) & (parent != frame[ID]))


def _text(*checks: pa.Check, unique: bool = False) -> pa.Column:
    return pa.Column(str, list(checks), nullable=False, unique=unique)


def _amount() -> pa.Column:
    return pa.Column(
        "float64",
        [pa.Check.ge(0), pa.Check(lambda s: s.abs() != float("inf"), name="finite")],
        nullable=True,
    )


#: The typed frame returned by ``dashboard.dataset.read_dataset``.
INVESTMENTS_SCHEMA = pa.DataFrameSchema(
    columns={
        ID: _text(pa.Check.str_matches(ID_PATTERN), unique=True),
        PARENT_ID: _text(_optional(ID_PATTERN)),
        ROLE: _text(_in(ROLES)),
        NAME: _text(pa.Check.str_length(min_value=1)),
        NAME_DE: _text(),
        ACTOR: _text(),
        ACTOR_TYPE: _text(_in(ACTOR_TYPES)),
        REGION: _text(_in(REGIONS)),
        COUNTRY: _text(_optional(COUNTRY_PATTERN)),
        AMOUNT_LOW: _amount(),
        AMOUNT_HIGH: _amount(),
        AMOUNT_KIND: _text(_in(AMOUNT_KINDS, empty_ok=True)),
        CURRENCY: _text(_optional(CURRENCY_PATTERN)),
        ANNOUNCED: _text(_optional(ANNOUNCED_PATTERN)),
        PERIOD_START: _text(_optional(PERIOD_PATTERN)),
        PERIOD_END: _text(_optional(PERIOD_PATTERN)),
        STATUS: _text(_in(STATUSES)),
        SCOPE: _text(_in(SCOPES)),
        CONFIDENCE: _text(_in(CONFIDENCES)),
        SOURCE_URL: _text(_optional(r"https?://\S+")),
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
