"""What the app sets on the browser's page itself, outside Streamlit's elements: ``<html lang>``,
how the URL's settings enter the browser history, and the style of Streamlit's own widgets. One
``st.html`` per run (each script-only element takes a gap in the layout), constant apart from
``lang``."""

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


# On a phone the sidebar, with the page menu in it, covers the page: after a page was chosen it
# stayed open over it, 300 of 360 px, and Streamlit remembers it open across reloads (QA pass 23).
# A page chosen where the sidebar lies over the page (below 768 px: the page does not move aside for
# it) closes it, as a phone's menu does; at 600 to 767 px it covers less than half (review).
_CLOSE_MENU_ON_PHONE = """
(() => {
  if (window.__dashboardMenuRule) return;
  window.__dashboardMenuRule = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('[data-testid="stSidebarNavLink"]');
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    const main = document.querySelector('[data-testid="stMain"]');
    if (!link || !sidebar || !main) return;
    if (main.getBoundingClientRect().left >= sidebar.getBoundingClientRect().right - 1) return;  // beside it
    setTimeout(() => {
      const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 0);
  }, true);
})();
"""


# A chosen option of a filter shows whole, on as many lines as it needs: Streamlit cuts a tag at
# about 160 px, and "Capex der Unterneh…" lost "(gesamt, nicht nur KI)", what the scope means (QA pass 14).
# And every chosen option shows: Streamlit caps the box of tags at about 155 px and scrolls the
# rest, so the Scope filter showed 4 of its 6 scopes, the fifth cut in half, at 1400 px as at 390
# px (QA pass 20), as if two were not chosen.
_WHOLE_TAGS = (
    "[data-testid='stMultiSelect'] div:has(> [data-testid='stMultiSelectTagsContainer']) { max-height: none; }"
    "[data-testid='stMultiSelect'] [data-tag] { max-width: 100%; height: auto; }"
    "[data-testid='stMultiSelect'] [data-tag] > span[title] { max-width: none; white-space: normal; overflow: "
    "visible; text-overflow: clip; line-height: 1.3; padding: 0.2rem 0; }"
)


def prepare(lang: str) -> None:
    """``<html lang>`` follows the UI language (screen readers, hyphenation, translation tools),
    settings changes replace the page's history entry instead of adding one, a page chosen on a
    phone closes the menu (both installed once per browser page), and a filter's chosen options
    show whole."""
    # ``st.html`` is not iframed: ``window`` and ``document`` are the app's own page. The language
    # first, so nothing in the history rule can keep it from being set.
    script = f"document.documentElement.lang = '{lang}';" if lang in i18n.LANGUAGES else ""
    script += _ONE_ENTRY_PER_PAGE + _CLOSE_MENU_ON_PHONE
    st.html(f"<style>{_WHOLE_TAGS}</style><script>{script}</script>", unsafe_allow_javascript=True)
