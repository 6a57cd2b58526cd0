"""Small Streamlit building blocks shared by pages (notes, tables, download)."""

from __future__ import annotations

from typing import Iterable

import streamlit as st

from dashboard import charts

#: Plotly toolbar: keep zoom and image download, drop the clutter.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


#: CommonMark lets a backslash escape any ASCII punctuation, so escaping all of it leaves no
#: syntax behind: no links or autolinks, no emphasis, headings, tables, HTML, entities or maths.
_MARKDOWN_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def escape_markdown(text: str) -> str:
    r"""Make data text inert inside ``st.markdown``/``st.caption``/``st.warning`` (no links, no
    formatting): every ASCII punctuation character is backslash-escaped and line breaks become
    spaces (a line break would let ``===`` or indentation start a block).

    >>> escape_markdown("[x](javascript:alert(1)) <b>&amp;")
    '\\[x\\]\\(javascript\\:alert\\(1\\)\\) \\<b\\>\\&amp\\;'
    >>> escape_markdown("Title\n===")
    'Title \\=\\=\\='
    """
    text = str(text).replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return "".join("\\" + ch if ch in _MARKDOWN_PUNCTUATION else ch for ch in text)


def names_for(ctx, ids: Iterable[str]) -> list[str]:
    by_id = ctx.all_rows.set_index("id")
    return [escape_markdown(charts.row_label(by_id.loc[i], ctx.locale)) for i in ids if i in by_id.index]


def no_horizon_note(ctx, ids: Iterable[str]) -> None:
    _ = ctx._
    st.info(_("Horizon not stated, so no per-year figure: {names}.").format(names=", ".join(names_for(ctx, ids))))
