"""What the sidebar says of an upload: the last attempt's outcome (accepted, or rejected with its
problem lines and what to do) and which data is in use. The state behind it is ``upload``'s.

Untrusted text (file names, problem lines quoting cell values) is shown with ``st.code`` or
through ``widgets.escape_markdown``, never as live Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard import formatting
from dashboard.labels import listed, region_label, revisions_label
from dashboard.locale_base import language_of
from dashboard.ui import state, widgets
from dashboard.ui.widgets import escape_markdown

#: Characters of a file name shown (a longer one is cut with "…").
_NAME_CHARS = 80


def mode_names(_: Callable[[str], str]) -> dict[str, str]:
    """The upload modes as the radio names them."""
    return {"replace": _("replace the bundled data"), "add": _("add to the bundled data")}


def short_name(name: str) -> str:
    name = str(name)
    return name if len(name) <= _NAME_CHARS else name[: _NAME_CHARS - 1] + "…"


def counter(locale: str) -> Callable[[int], str]:
    return lambda n: formatting.format_number(n, locale=locale, digits=0)


def show_report(
    report: dict[str, Any] | None,
    _: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    number: Callable[[int], str],
    locale: str,
) -> None:
    if not report:
        return
    side = st.sidebar
    name = escape_markdown(short_name(report["name"]))
    if report["ok"]:
        variant = report["variant"].describe(_) if report["variant"] else ""
        text = ngettext(
            "{name}: {rows} row read as {variant}.", "{name}: {rows} rows read as {variant}.", report["rows"]
        ).format(name=name, rows=number(report["rows"]), variant=escape_markdown(variant))
        side.success(text, icon=":material/check_circle:")  # ✅ drew a box without an emoji font (QA)
        if report.get("unworded"):  # an older file: SoftBank's "about €15B" per GW read "up to" (QA pass)
            side.info(
                _(
                    "The file has no {columns} column, so its capacities read as exact and a cost per GW or per "
                    "accelerator takes the money's wording (“up to”, “about”)."
                ).format(columns=" / ".join(f"`{column}`" for column in report["unworded"]))
            )
        moved = report.get("moved") or []
        if moved:  # an uploaded revision in another region moves its item's money there (QA pass 2)

            def place(region: str, country: str) -> str:
                return f"{region_label(region, _)} ({country})" if country else region_label(region, _)

            shown = [
                escape_markdown(f"{rid}: {place(r0, c0)} → {place(r1, c1)}")
                for rid, r0, c0, r1, c1 in moved[: widgets.NAMES_SHOWN]
            ]
            side.warning(
                ngettext(
                    "A revision that is its item's latest figure names a different region or country from the "
                    "item, so the item's money counts there under “{latest}”: {rows}.",
                    "{count} revisions that are their items' latest figures name a different region or country "
                    "from their items, so the items' money counts there under “{latest}”: {rows}.",
                    len(moved),
                ).format(
                    count=number(len(moved)),
                    latest=revisions_label("latest", _),
                    rows=widgets.joined(shown, len(moved), ngettext, locale),
                )
            )
        return
    count = report["count"]
    side.error(_rejection(report, _, ngettext, number), icon=":material/block:")  # 🚫: a box without an emoji font
    hint = report["mode"] == "add" and not report.get("in_use")  # in use, it already replaces the bundled data
    if report.get("parents_bundled") and not report.get("in_use"):  # in use, it is already added
        side.caption(
            _(
                "Its rows name rows of the bundled data as parents: to add the file to the bundled data, choose "
                "“{add}” under “{label}”."
            ).format(add=mode_names(_)["add"], label=_("Uploaded rows"))
        )
    if hint and any("bundled row" in line for line in report["lines"]):
        # An edited copy of the bundled data, added to it, clashes on every id: a QA pass read 183
        # problems and no word of the other mode (choosing it reads the file again), then found the
        # hint below 50 lines (QA pass): it comes first.
        side.caption(
            _(
                "Its ids are in the bundled data too: to use the file in place of the bundled data, choose "
                "“{replace}” under “{label}”."
            ).format(replace=mode_names(_)["replace"], label=_("Uploaded rows"))
        )
    if count > len(report["lines"]):
        text = (
            _("The first {shown} of {count} problems:")
            if report.get("from_top", True)
            else _("{shown} of {count} problems: the first of each column's, then the others from the top:")
        )
        side.caption(text.format(shown=number(len(report["lines"])), count=number(count)))
    side.code("\n".join(report["lines"]), language=None, wrap_lines=True)
    if any(line.startswith("row ") for line in report["lines"]):
        # "row 1 (id investai)" is the file's line 2, which a spreadsheet numbers 2 too (QA pass); a
        # sheet's empty rows are skipped, so its row numbers may differ (QA pass 28).
        xlsx = report.get("variant") is not None and report["variant"].kind == "xlsx"
        side.caption(
            _("Rows are counted from the first filled row under the header; empty rows of the sheet are not counted.")
            if xlsx
            else _("Rows are counted from the first row under the header: row 1 is the file's line 2.")
        )
    if language_of(locale) != "en":  # the lines are the CLI's (a contract), not translated
        # Only for the contract's CSV: validate refuses the ';' files and workbooks an upload reads (QA pass 28).
        side.caption(
            _(
                "The problem lines are in English, as `python -m dashboard validate` prints them for a "
                "comma-separated UTF-8 file."
            )
        )


def _rejection(
    report: dict[str, Any],
    _: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    number: Callable[[int], str],
) -> str:
    """The heading of a rejected file's problems: what became of the data in use."""
    count, kept = report["count"], report.get("kept_mode")
    if kept == "replace":  # the file in use, switched to "add"
        text = ngettext(
            "{name} cannot be added to the bundled data: {count} problem. It stays in use in place of the "
            "bundled data, and “{label}” is back at “{mode}”.",
            "{name} cannot be added to the bundled data: {count} problems. It stays in use in place of the "
            "bundled data, and “{label}” is back at “{mode}”.",
            count,
        )
    elif kept == "add":
        text = ngettext(
            "{name} cannot replace the bundled data: {count} problem. It stays in use, added to the bundled "
            "data, and “{label}” is back at “{mode}”.",
            "{name} cannot replace the bundled data: {count} problems. It stays in use, added to the bundled "
            "data, and “{label}” is back at “{mode}”.",
            count,
        )
    elif report.get("replaced"):
        text = ngettext(
            "{name} was rejected: {count} problem. The bundled data is in use: {replaced}, the file it "
            "replaced, left the uploader.",
            "{name} was rejected: {count} problems. The bundled data is in use: {replaced}, the file it "
            "replaced, left the uploader.",
            count,
        )
    else:
        text = ngettext(
            "{name} was rejected: {count} problem. The data in use is unchanged.",
            "{name} was rejected: {count} problems. The data in use is unchanged.",
            count,
        )
    return text.format(
        name=escape_markdown(short_name(report["name"])),
        count=number(count),
        replaced=escape_markdown(short_name(report.get("replaced") or "")),
        label=_("Uploaded rows"),
        mode=mode_names(_).get(kept or "", ""),
    )


def show_in_use(
    entry: dict[str, Any] | None,
    _: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    number: Callable[[int], str],
    lang: str,
) -> None:
    side = st.sidebar
    if not entry:
        rows = len(state.bundled().frame)
        side.caption(_("Data in use: the bundled dataset ({rows} rows).").format(rows=number(rows)))
        return
    name = escape_markdown(short_name(entry["name"]))
    if entry["mode"] == "add":
        text = ngettext(
            "Data in use: {name} ({rows} row) added to the bundled dataset, {total} rows in all.",
            "Data in use: {name} ({rows} rows) added to the bundled dataset, {total} rows in all.",
            entry["rows"],
        )
    else:
        text = ngettext(
            "Data in use: {name} ({rows} row) instead of the bundled dataset.",
            "Data in use: {name} ({rows} rows) instead of the bundled dataset.",
            entry["rows"],
        )
    side.caption(text.format(name=name, rows=number(entry["rows"]), total=number(entry["total"])))
    # Kept in st.session_state: a reload starts a new session, and a link carries no data.
    side.caption(
        _("Kept in this browser tab only: a reload, or this page's link opened elsewhere, shows the bundled data.")
    )
    changed = entry.get("changed", {}).get(lang) or []
    if changed:
        side.info(
            ngettext(
                "Your rows revise or add parts to a bundled item, which changes it in every view (a revision "
                "becomes the figure counted): {names}.",
                "Your rows revise or add parts to bundled items, which changes them in every view (a revision "
                "becomes the figure counted): {names}.",
                len(changed),
            ).format(names=listed(escape_markdown(n) for n in changed))
        )
