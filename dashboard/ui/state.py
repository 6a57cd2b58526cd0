"""Cached state for the Streamlit UI: the only home of ``st.cache_data``/``st.cache_resource``.

Every cache is bounded (``max_entries`` and ``ttl``) and keyed by content and settings, never
by session: two users with the same data and settings share a result, and one user's data can
never reach another's view because the key is the data itself. Nothing here runs at import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import dataset, fx, ledger
from dashboard.settings import Settings

_TTL = 3600


@dataclass(frozen=True)
class Data:
    """A validated dataset and the key that identifies its content. ``label`` is "bundled" or
    "upload:<file name>" (``ui.upload``)."""

    frame: pd.DataFrame
    digest: str
    label: str

    @property
    def upload_name(self) -> str | None:
        """The uploaded file's name, or None for the bundled dataset."""
        return self.label.removeprefix("upload:") if self.label.startswith("upload:") else None


# Frames are cached as resources (shared, not copied on every hit: a 100k-row frame would be
# unpickled on each rerun otherwise). Nothing downstream modifies them in place.
@st.cache_resource(max_entries=4, ttl=_TTL, show_spinner=False)
def _parse(digest: str, _box: list[bytes]) -> pd.DataFrame:
    # Keyed by the content's SHA-256 alone: hashing megabytes of content again on every rerun
    # would cost more than the rest of the rerun. The content comes in a box that is emptied
    # here, so that when the caller holds no other reference the reader can free the bytes
    # once decoded (at 100,000 rows that is ~50 MB less at the peak of reading).
    return dataset.read_dataset(_box.pop())


def load_bytes(content: bytes, label: str) -> Data:
    """Validate ``content`` (raises ``dataset.DatasetError``) and return it with its digest."""
    digest = hashlib.sha256(content).hexdigest()
    return Data(_parse(digest, [content]), digest, label)


@st.cache_resource(max_entries=2, ttl=_TTL, show_spinner=False)
def _bundled(path: str, mtime_ns: int, size: int) -> Data:
    box = [Path(path).read_bytes()]  # the only reference: handed over to the reader
    digest = hashlib.sha256(box[0]).hexdigest()
    return Data(_parse(digest, box), digest, "bundled")


def bundled() -> Data:
    """The dataset file in use by default, read and validated once per version of the file."""
    path = dataset.default_dataset_path()
    info = path.stat()
    return _bundled(str(path), info.st_mtime_ns, info.st_size)


@st.cache_resource(max_entries=2, ttl=_TTL, show_spinner=False)
def _economies(path: str, mtime_ns: int) -> pd.DataFrame:
    return dataset.read_economies(Path(path))


def economies() -> pd.DataFrame | None:
    """GDP and population per economy (``economies.csv`` beside the bundled data), or None."""
    path = dataset.economies_path(dataset.default_dataset_path())
    return _economies(str(path), path.stat().st_mtime_ns) if path.is_file() else None


@st.cache_resource(max_entries=4, ttl=_TTL, show_spinner=False)
def _resolved(digest: str, _frame: pd.DataFrame, revisions: str) -> pd.DataFrame:
    return ledger.resolve(_frame, revisions=revisions)


# Bounded tightly: at 100k rows one normalised frame is tens of MB.
@st.cache_resource(max_entries=8, ttl=_TTL, show_spinner=False)
def _normalised(
    digest: str,
    _frame: pd.DataFrame,
    currency: str,
    basis: str,
    year: int | None,
    revisions: str,
) -> pd.DataFrame:
    # Roles are resolved once per dataset and revisions setting; a currency switch only converts.
    return ledger.converted(
        _resolved(digest, _frame, revisions), currency=currency, basis=basis, year=year, on_missing="mark"
    )


@st.cache_resource(max_entries=8, ttl=_TTL, show_spinner=False)
def _in_view(key: str, _converted: pd.DataFrame, view: str, calendar_year: int) -> pd.DataFrame:
    # A view or year switch keeps the conversion (~14 ms bundled, measured) and redoes only this.
    return ledger.in_view(_converted, view=view, calendar_year=calendar_year)


def normalised(data: Data, settings: Settings) -> pd.DataFrame:
    """The dataset converted, resolved and annualised for ``settings`` (not yet filtered).

    Cached by the data's digest and the money settings; the frame itself is excluded from
    hashing (leading underscore) because the digest already identifies it.
    """
    year = settings.average_year if settings.basis == "average" else None
    rows = _normalised(data.digest, data.frame, settings.currency, settings.basis, year, settings.revisions)
    money = _key((data.digest, settings.currency, settings.basis, year, settings.revisions))
    return _in_view(money, rows, settings.view, settings.year or default_year(data))


@st.cache_resource(max_entries=4, ttl=_TTL, show_spinner=False)
def _default_year(digest: str, _frame: pd.DataFrame) -> int:
    return ledger.default_year(_frame)


def default_year(data: Data) -> int:
    """The year used while the user has chosen none: the year most companies'
    capex guidance reaches."""
    return _default_year(data.digest, data.frame)


@st.cache_resource(max_entries=4, ttl=_TTL, show_spinner=False)
def _last_view_year(digest: str, _frame: pd.DataFrame) -> int:
    return ledger.last_view_year(_frame)


def last_view_year(data: Data) -> int:
    """The last "Year" offered: the last fixing year, or later, the last a stated horizon reaches."""
    return _last_view_year(data.digest, data.frame)


@st.cache_resource(max_entries=8, ttl=_TTL, show_spinner=False)
def _filtered(digest: str, key: str, _filters: ledger.Filters, _rows: pd.DataFrame) -> pd.DataFrame:
    return ledger.apply_filters(_rows, _filters)


def filtered(data: Data, settings: Settings, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (the normalised frame for ``settings``) after the sidebar filters, cached."""
    filters = settings.filters()
    # The rate year only where it is used: a link keeps fxyear after a switch to another basis.
    rate_year = settings.rate_year if settings.basis == "average" else None
    money = (settings.currency, settings.basis, settings.year, rate_year, settings.revisions)
    key = _key((*money, settings.view, filters))
    return _filtered(data.digest, key, filters, rows)


def _key(value: tuple) -> str:
    """A cache key as text: the ``repr`` of strings, numbers, None, tuples and frozen dataclasses
    of those is exact, and Streamlit hashes a string in microseconds where it walks a dataclass
    field by field (~0.3 ms for ``Settings``, on every rerun and every cached call)."""
    return repr(value)


@st.cache_resource(max_entries=1, ttl=_TTL, show_spinner=False)
def currencies() -> list[str]:
    return fx.target_currencies()


@st.cache_resource(max_entries=1, ttl=_TTL, show_spinner=False)
def last_fixing_year() -> int:
    return fx.last_fixing_date().year


@st.cache_resource(max_entries=256, ttl=_TTL, show_spinner=False)
def _built(kind: str, key: str, _build: Callable[[], Any]) -> Any:
    return _build()


def figure(kind: str, key: tuple, build: Callable[[], Any]) -> Any:
    """A figure (or any chart result) built once per ``kind`` and ``key``, then reused.

    ``key`` must identify everything the figure depends on: the data's digest and every
    setting the builder reads. Plotly figures are built (validated by the tests, not at run
    time) and then only read (``st.plotly_chart`` copies them with ``to_dict``), so one object
    can serve every session that asks for the same data and settings; building is most of a
    rerun's cost otherwise.
    """
    return _built(kind, _key(key), build)


# Up to 5,000 formatted rows each (~6 MB): far fewer kept than figures.
@st.cache_resource(max_entries=8, ttl=_TTL, show_spinner=False)
def _table(kind: str, key: str, _build: Callable[[], Any]) -> Any:
    return _build()


def table(kind: str, key: tuple, build: Callable[[], Any]) -> Any:
    """A formatted table built once per ``kind`` and ``key`` (as :func:`figure`), fewer kept."""
    return _table(kind, _key(key), build)
