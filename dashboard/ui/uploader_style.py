"""The CSS that puts the app's own words into Streamlit's file uploader (pure: returns the rules)."""

from __future__ import annotations


def _css_text(text: str) -> str:
    """``text`` as a CSS string literal's content (our catalog's text: quotes and backslashes
    are dropped rather than escaped, which is all it could hold)."""
    return "".join(ch for ch in text if ch not in '"\\\n\r<>')


def css(target: str, *, button: str | None, limit: str | None, refused: str) -> str:
    """A ``<style>`` for the uploader ``target`` (a CSS selector).

    Streamlit's file uploader writes "Upload" and "5MB per file" in English whatever the app's
    language (its frontend has no option for them), so CSS puts our translations in their place
    (``button`` and ``limit``; None keeps Streamlit's English).

    A file the browser refuses (too large, or another type) is listed with a red mark, and its
    reason only in a hover and in text for screen readers, in English: a QA pass saw no reason at
    all (QA pass 14). CSS shows ``refused`` under it instead.

    >>> rules = css(".k", button=None, limit=None, refused='Not "read"')
    >>> 'content: "Not read"' in rules, "Upload" in rules
    (True, False)
    """
    rules = [
        f"{target} [data-testid='stFileChip']:has([role='alert']) {{flex-wrap: wrap;}}",
        f"{target} [data-testid='stFileChip'] [role='alert'] {{position: static !important; width: 100% "
        "!important; height: auto !important; clip: auto !important; clip-path: none !important; overflow: visible "
        "!important; white-space: normal !important; margin: 0.25rem 0 0 !important; padding: 0 !important; "
        "font-size: 0;}",
        f"{target} [data-testid='stFileChip'] [role='alert']::after {{content: \"{_css_text(refused)}\"; "
        "font-size: 0.8rem;}",
    ]
    if button is not None and limit is not None:
        rules += [
            f"{target} [data-testid='stBaseButton-secondary'] [data-testid='stMarkdownContainer'] p {{font-size: 0;}}",
            f"{target} [data-testid='stBaseButton-secondary'] [data-testid='stMarkdownContainer'] "
            f'p::after {{content: "{_css_text(button)}"; font-size: 0.875rem;}}',
            f"{target} [data-testid='stFileUploaderDropzoneInstructions'] span {{font-size: 0;}}",
            f"{target} [data-testid='stFileUploaderDropzoneInstructions'] span::after "
            f'{{content: "{_css_text(limit)}"; font-size: 0.875rem;}}',
        ]
    return "<style>" + " ".join(rules) + "</style>"
