"""What the app sets on the browser's page itself, outside Streamlit's elements: ``<html lang>``
and how the URL's settings enter the browser history. One ``st.html`` per run (each script-only
element takes a gap in the layout), with constant scripts apart from ``lang``."""

from __future__ import annotations

import streamlit as st

from dashboard import i18n

# Streamlit *pushes* a history entry whenever the script changes ``st.query_params`` (its
# frontend's ``handlePageInfoChanged``; there is no option to replace), and a click in the page
# navigation pushes the page's bare URL first, because navigation clears the query parameters.
# So every changed setting made an entry that Back could not undo (the settings live in the
# session, not in the URL), and every page visited made two: Back needed several presses to leave
# a page. Measured with pushState/replaceState logged in Chromium: USD, JPY, Timeline, Compare
# made 6 entries, Back from Compare stayed on Compare. Streamlit's widget URL binding replaces
# instead, but it writes translated labels (see ``controls``). The rule below keeps one entry per
# page: a push that only changes the query string of the page shown becomes a replace.
_ONE_ENTRY_PER_PAGE = """
(() => {
  if (window.__dashboardHistoryRule) return;
  window.__dashboardHistoryRule = true;
  const push = window.history.pushState.bind(window.history);
  window.history.pushState = (state, title, url) => {
    try {
      const target = url == null ? null : new URL(url, window.location.href);
      if (target && target.origin === window.location.origin && target.pathname === window.location.pathname) {
        return window.history.replaceState(state, title, url);
      }
    } catch (e) {}  // a URL the browser cannot parse: Streamlit's own push decides
    return push(state, title, url);
  };
})();
"""


def prepare(lang: str) -> None:
    """``<html lang>`` follows the UI language (screen readers, hyphenation, translation tools),
    and settings changes replace the page's history entry instead of adding one (installed once
    per browser page)."""
    # ``st.html`` is not iframed: ``window`` and ``document`` are the app's own page. The language
    # first, so nothing in the history rule can keep it from being set.
    script = f"document.documentElement.lang = '{lang}';" if lang in i18n.LANGUAGES else ""
    script += _ONE_ENTRY_PER_PAGE
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
