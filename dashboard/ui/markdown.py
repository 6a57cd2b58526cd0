"""Data text made inert for Streamlit's Markdown (captions, warnings, lists of names).

Pure: no Streamlit. ``ui.widgets`` and the pages use :func:`escape_markdown`.
"""

from __future__ import annotations

import re

_MARKDOWN_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def escape_markdown(text: str) -> str:
    r"""Make data text inert inside ``st.markdown``/``st.caption``/``st.warning`` (no links, no
    formatting): every ASCII punctuation character is backslash-escaped, line breaks become
    spaces (a line break would let ``===`` or indentation start a block), and a word joiner
    (U+2060, invisible) keeps "://", "www." and "@" from being linked: the renderer links bare
    URLs in the text after escapes are read, so an upload's name planted live links (QA pass).

    >>> escape_markdown("[x](javascript:alert(1)) <b>&amp;")
    '\\[x\\]\\(javascript\\:alert\\(1\\)\\) \\<b\\>\\&amp\\;'
    >>> escape_markdown("Title\n===")
    'Title \\=\\=\\='
    >>> linked = escape_markdown("http://a.io www.b.io c@d.io")
    >>> linked == "http\\:\u2060\\/\\/a\\.io www\u2060\\.b\\.io c\u2060\\@d\\.io"
    True
    """
    text = str(text).replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    text = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + "\u2060" + m.group(0)[-1], text)
    return "".join("\\" + ch if ch in _MARKDOWN_PUNCTUATION else ch for ch in text)


#: Where GFM's autolinks start: "://" (before its first "/"), "www." (before its "."), "@".
_AUTOLINK = re.compile(r":/|(?i:www)\.|@")
