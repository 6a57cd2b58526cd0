"""Small Streamlit building blocks shared by pages (notes, tables, download)."""

from __future__ import annotations

from typing import Iterable

import streamlit as st

from dashboard import charts

#: Plotly toolbar: keep zoom and image download, drop the clutter.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def escape_markdown(text: str) -> str:
    """Make data text inert inside ``st.markdown``/``st.caption`` (no links, no formatting)."""
    out = []
    for ch in str(text):
        if ch in "\\`*_{}[]()<>#+-.!|~$:":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def names_for(ctx, ids: Iterable[str]) -> list[str]:
    by_id = ctx.all_rows.set_index("id")
    return [escape_markdown(charts.row_label(by_id.loc[i], ctx.locale)) for i in ids if i in by_id.index]


def no_horizon_note(ctx, ids: Iterable[str]) -> None:
    _ = ctx._
    st.info(_("Horizon not stated, so no per-year figure: {names}.").format(names=", ".join(names_for(ctx, ids))))
