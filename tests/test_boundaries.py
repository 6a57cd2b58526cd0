"""Layering rules of design.md section 1, checked on the source (ast) and on import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "dashboard"

#: Layer of each pure module; a module may import only from lower layers.
LAYERS = {
    "schema": 0,
    "lookups": 0.25,  # fast lookups in text columns, for every layer above
    "datekeys": 0.25,  # sort keys of announced dates, for the validator and every layer above
    "picks": 0.25,  # Compare's picks, plain lists
    "ecb": 0.5,  # the bundled ECB table, below fx
    "locale_base": 0.75,  # languages, locales and decimals, below formatting, axes and i18n
    "rules": 1, "column_rules": 1.1, "item_rules": 1.15, "validation": 1.2, "reading": 1.3, "excel": 1.4, "xlsx_cells": 1.41, "xlsx": 1.42, "economies": 1.4,
    "uploads": 1.45, "dataset": 1.49,  # the dataset modules, below their public face
    "fx": 1, "formatting": 1, "dates": 1.1, "i18n": 1, "axes": 1.5,
    "years": 1, "measures": 1.5, "overlaps": 1.5, "ledger": 2, "compute": 2, "export": 2, "explain": 2,
    "labels": 2,
    "charts": 3, "settings": 3, "report": 3, "upload_checks": 3,
    "cli_options": 3.5, "cli": 4,
}
FORBIDDEN = {
    0: {"streamlit", "plotly", "babel", "currency_converter"},
    0.5: {"streamlit", "plotly", "babel"},
    0.75: {"streamlit", "plotly"},
    1: {"streamlit", "plotly"},
    1.5: {"streamlit", "plotly"},
    2: {"streamlit", "plotly"},
    3: {"streamlit"},
    4: {"streamlit"},
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "dashboard":
                names.update(f"dashboard.{alias.name}" for alias in node.names)
    return names


def sources(module: str) -> list[Path]:
    """A module's file, or every file of a package (``charts/``)."""
    path = PKG / f"{module}.py"
    return [path] if path.exists() else sorted((PKG / module).glob("*.py"))


@pytest.mark.parametrize("module", sorted(m for m in LAYERS if sources(m)))
def test_pure_modules_import_only_lower_layers_and_allowed_libraries(module):
    layer = LAYERS[module]
    forbidden = FORBIDDEN[max(k for k in FORBIDDEN if k <= layer)]
    found = set().union(*(imports(path) for path in sources(module)))
    tops = {name.split(".")[0] for name in found}
    assert not tops & forbidden, f"{module} (layer {layer}) imports {tops & forbidden}"
    for name in found:
        if name.startswith("dashboard."):
            other = name.split(".")[1]
            if other == module:  # within its own package
                continue
            assert other in LAYERS, f"{module} imports {name}, which is UI code"
            assert LAYERS[other] < layer, f"{module} (layer {layer}) imports {other} (layer {LAYERS[other]})"


def test_streamlit_is_imported_only_in_ui_pages_and_app():
    offenders = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).parts
        if rel[0] in ("ui", "app_pages"):
            continue
        if any(name.split(".")[0] == "streamlit" for name in imports(path)):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_caching_lives_only_in_ui_and_is_bounded():
    for path in list(PKG.rglob("*.py")) + [ROOT / "app.py"]:
        text = path.read_text(encoding="utf-8")
        for marker in ("st.cache_data", "st.cache_resource"):
            if marker in text:
                assert path.parent.name == "ui", f"{path} caches outside dashboard/ui"
                for line in text.splitlines():
                    if line.strip().startswith(f"@{marker}"):
                        assert "max_entries" in line and "ttl" in line, f"unbounded cache in {path}: {line}"


def test_importing_the_package_does_no_work():
    code = (
        "import sys, time; t=time.perf_counter();"
        "import dashboard.schema, dashboard.dataset, dashboard.fx, dashboard.formatting, dashboard.i18n,"
        " dashboard.ledger, dashboard.settings, dashboard.export, dashboard.charts, dashboard.cli,"
        " dashboard.explain, dashboard.report;"
        "from dashboard import ecb, i18n, dataset;"
        "assert ecb.table.cache_info().currsize == 0, 'ECB table loaded at import';"
        "assert i18n.translations.cache_info().currsize == 0, 'catalog read at import';"
        "assert 'streamlit' not in sys.modules, 'streamlit imported by the pure layers'"
    )
    run_fresh(code)


def test_importing_app_gives_an_st_app_without_the_heavy_imports():
    # ``streamlit run app.py`` imports app.py before the server answers: the dashboard's imports
    # (pandas, pandera and its own modules) wait for the warming thread (``dashboard.ui.warm``).
    run_fresh(
        "import sys, streamlit as st, app;"
        "assert isinstance(app.app, st.App), type(app.app);"
        "heavy = [m for m in ('pandas', 'pandera', 'dashboard.ui.state', 'dashboard.ledger') if m in sys.modules];"
        "assert not heavy, heavy"
    )


def run_fresh(code: str) -> None:
    """Run ``code`` in a new interpreter at the repository root; it fails by raising."""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_product_module_is_over_500_lines():
    # Issue 16: small modules a newcomer can hold in their head (``ruff format`` decides the layout).
    lines = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in [*PKG.rglob("*.py"), ROOT / "app.py"]}
    assert {str(path.relative_to(ROOT)): n for path, n in lines.items() if n > 500} == {}


def test_no_unsafe_html_anywhere():
    for path in list(PKG.rglob("*.py")) + [ROOT / "app.py"]:
        assert "unsafe_allow_html=True" not in path.read_text(encoding="utf-8").replace(" ", ""), path
