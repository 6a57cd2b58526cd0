"""What a reader sees when something fails: a plain message and a way out, never a traceback.

``client.showErrorDetails = "none"`` (``.streamlit/config.toml``) hides Streamlit's own
traceback box; :func:`boundary` catches what a page raises, logs it with its traceback on the
server, and shows which part failed, the kind of error and a link that resets the view.
Streamlit's control flow (``st.stop``, ``st.rerun``) derives from ``BaseException`` and passes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from dashboard import i18n

log = logging.getLogger("dashboard")


@contextmanager
def boundary(what: str, gettext: i18n.Gettext) -> Iterator[None]:
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the boundary: log everything, show a message
        log.exception("failed while drawing %s", what)
        st.error(
            gettext(
                "Something went wrong while drawing {what} ({error}). The problem has been logged. "
                "[Reset the view](/) to start again with the default settings."
            ).format(what=what, error=type(exc).__name__),
            icon="⚠️",
        )
