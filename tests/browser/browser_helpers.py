"""Helpers that drive the sidebar in the browser tests (one home, used by every test module)."""

from __future__ import annotations

import re


def sidebar(tab):
    return tab.get_by_test_id("stSidebar")


def sidebar_widget(tab, testid: str, label: str):
    """The sidebar widget of type ``testid`` whose label is exactly ``label``."""
    return sidebar(tab).get_by_test_id(testid).filter(
        has=tab.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))


def choose(tab, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar selectbox labelled ``label`` (typing filters long lists).

    Currencies show their name too ("USD — US Dollar"): the option that starts with ``option``.
    """
    sidebar_widget(tab, "stSelectbox", label).click()
    tab.keyboard.type(option)
    tab.get_by_role("option", name=re.compile("^" + re.escape(option) + "( —|$)")).first.click()
