"""Warm the shared caches once when the server starts, so the first reader does not wait.

``app.py`` hands :func:`lifespan` to ``st.App``: ``streamlit run app.py`` then starts the server,
and this does the first session's expensive work in a background thread (imports, reading and
validating the bundled data, loading the ECB rates, converting for the default settings, the
catalogs). The server answers at once; a session that arrives before the thread is done waits
on the same cache entries (Streamlit computes each key once) instead of doing the work twice.
A failure here is logged and changes nothing: the session does the work.

Once warm, what is loaded (modules, locale data, the bundled data's caches: ~158,000 objects the
garbage collector tracks) is frozen out of later collections (``gc.freeze``): a full collection
then scans only what sessions made since. Over 120 reruns of four pages in one process, its
pauses took 503–664 ms against 951–1,751 ms, and a full collection 36–224 ms against 92–532 ms
(two runs each, measured in AppTest). Frozen objects are still freed by reference counting.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

_LOG = logging.getLogger(__name__)


def warm() -> None:
    """Fill the caches the default first page reads (the English and German defaults)."""
    import plotly.graph_objects as go

    from dashboard import formatting, i18n
    from dashboard.settings import Settings
    from dashboard.ui import state

    data = state.bundled()
    state.economies()
    state.currencies()
    settings = Settings(year=state.default_year(data))  # as ``context.get`` fills in the year
    state.filtered(data, settings, state.normalised(data, settings))
    go.Figure([go.Bar(), go.Treemap(), go.Scatter()])  # plotly loads each trace type's validators once
    for lang, locale in i18n.LOCALE_FOR_LANGUAGE.items():
        i18n.gettext_for(lang)
        formatting.format_money(1e9, settings.currency, locale=locale)  # Babel loads the locale's data
    # Streamlit's own table, loaded on the first check of an emoji page icon (ours is one): ~0.1 s.
    with contextlib.suppress(ImportError):
        import streamlit.emojis  # noqa: F401


def _warm_logged() -> None:
    try:
        warm()
    except Exception:  # the first session does the work instead; never stop the server for this
        _LOG.exception("warming the caches at start failed")
        return
    gc.freeze()


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    threading.Thread(target=_warm_logged, name="warm-caches", daemon=True).start()
    yield
