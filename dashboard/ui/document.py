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
  const w = window.parent || window;
  if (w.__dashboardHistoryRule) return;
  w.__dashboardHistoryRule = true;
  const push = w.history.pushState.bind(w.history);
  w.history.pushState = (state, title, url) => {
    const target = url == null ? null : new URL(url, w.location.href);
    if (target && target.origin === w.location.origin && target.pathname === w.location.pathname) {
      return w.history.replaceState(state, title, url);
    }
    return push(state, title, url);
  };
})();
"""


def prepare(lang: str) -> None:
    """``<html lang>`` follows the UI language (screen readers, hyphenation, translation tools),
    and settings changes replace the page's history entry instead of adding one (installed once
    per browser page)."""
    script = _ONE_ENTRY_PER_PAGE
    if lang in i18n.LANGUAGES:  # st.html is not iframed: this is the page's own <html>
        script += f"document.documentElement.lang = '{lang}';"
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
