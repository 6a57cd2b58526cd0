"""Every page in German says nothing in English: titles, captions, metrics, notices, widget
labels and options, table headers, and the texts inside the charts (titles, axes, legends,
labels). Data values that are names (an actor, a source host) are not UI text and are not read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.settings import PARAMS

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ("overview", "compare", "timeline", "compute", "data_sources", "method")

#: English UI words that have no place in the German UI (whole words, case-sensitive). Words
#: that German spells the same way (Region, Status, Name, Global, Linear, Link, Download, in,
#: private) are not listed.
ENGLISH = (
    "Overview", "Compare", "Timeline", "Method", "Upload", "Browse", "rows", "row", "items",
    "Source", "Sources", "Rate", "Figure", "Figures", "Confidence", "Currency", "Language", "announced",
    "committed", "spent", "cancelled", "Others", "Automatic", "Ignored", "horizon", "stated", "per year",
    "Per year", "Latest", "average", "Europe", "Asia", "Middle East", "North America", "public",
    "corporate", "headline", "Amount", "Loading", "Something", "Reset", "Counted", "Largest", "share",
    "Column", "Meaning", "the", "and", "of", "with", "not", "from", "to", "is", "are", "by", "per", "any", "Items",
)
PATTERN = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")


def _chart_texts(spec: dict) -> list[str]:
    layout = spec.get("layout", {})
    texts = [layout.get("title", {}).get("text") or ""]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            texts.append((axis.get("title") or {}).get("text") or "")
    texts += [a.get("text", "") for a in layout.get("annotations", [])]
    for trace in spec.get("data", []):
        if trace.get("showlegend", True) is not False:
            texts.append(trace.get("name") or "")
    return texts


def _ui_texts(at: AppTest) -> list[str]:
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "warning", "info", "error", "success"):
        texts += [str(e.value) for e in getattr(at, kind)]
    for metric in at.metric:
        texts += [metric.label, metric.proto.help]
    for kind in ("selectbox", "radio", "multiselect", "select_slider"):
        for widget in getattr(at, kind):
            texts += [widget.label, widget.proto.help, *widget.proto.options]
    for button in at.get("download_button"):
        texts.append(button.proto.label)
    for expander in at.expander:
        texts.append(expander.label)
    for frame in at.dataframe:  # the headers shown are the column config's labels
        config = json.loads(frame.proto.columns or "{}")
        texts += [str(c.get("label") or "") for c in config.values()]
    for chart in at.get("plotly_chart"):
        texts += _chart_texts(json.loads(chart.proto.spec))
    # Links, and URL parameter names quoted in notices ("from: ..."), are not words of the UI.
    names = "|".join(PARAMS.values())
    return [re.sub(rf"https?://\S+|\(/\)|\b(?:{names})(?=[:=/])", "", t) for t in texts if t]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_german_has_no_english_ui_words(page):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "de"
    at.query_params["cur"] = "XYZ"  # a link notice must be German too
    at.query_params["from"] = "soon"
    at.run()
    at.switch_page(f"dashboard/app_pages/{page}.py").run()
    assert not at.exception
    assert len(at.warning) >= 2
    found = sorted({(m.group(0), text[:80]) for text in _ui_texts(at) for m in PATTERN.finditer(text)})
    assert not found, f"English on the German {page} page:\n" + "\n".join(f"  {w!r} in {t!r}" for w, t in found)


def test_the_check_finds_english():
    """The check itself can fail: the English UI has plenty of these words."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert sum(1 for text in _ui_texts(at) for _ in PATTERN.finditer(text)) > 20


@pytest.mark.parametrize("page", ["overview", "compare"])
def test_an_emptied_multiselect_says_choose_in_german(page):
    """Streamlit's own placeholder, drawn when a filter or the Compare picker is emptied, is
    English ("Choose options"): a German reader saw it (QA pass); the app gives its own."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "de"
    at.run()
    if page != "overview":
        at.switch_page(f"dashboard/app_pages/{page}.py").run()
    assert at.multiselect and {m.proto.placeholder for m in at.multiselect} == {"Optionen auswählen"}
