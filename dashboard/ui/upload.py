"""The sidebar upload: a person's own dataset, for their session only.

``sidebar_upload`` draws the file uploader (key ``upload_file``, a new one after each "Use bundled
data": :func:`file_key`), the mode radio (replace the
bundled data or add to it; key ``upload_mode-<lang>``, its choice kept in ``upload_mode``) and the
"Use bundled data" button (``upload_reset``), and after a rejected file that replaced the file in
use, a button that brings that file back (``upload_restore``); ``upload_outcome`` says what became
of the last attempt and which data is in use.
The uploader's file is checked by :func:`sync_file`, which the entry script calls before
``context.data_in_use()``, so a run already sees the new data (not in the uploader's callback: a
click could cut that short).

Reading and validating is ``dataset.check_upload`` (pure). A file with any problem is rejected
whole and the data in use stays what it was; removing the file in use from the uploader (its
✕) brings back the bundled data, as "Use bundled data" does. An accepted file is kept in ``st.session_state``
(this session only) as contract CSV bytes (``dataset.contract_csv``), and every run turns those
bytes back into the frame through ``state.load_bytes``, whose cache is keyed by the content:
one session's upload can never reach another session, and there is no module-level state here.

Untrusted text (file names, problem lines quoting cell values) is shown with ``st.code`` or
through ``widgets.escape_markdown``, never as live Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard import dataset, formatting, rules
from dashboard.locale_base import language_of
from dashboard.schema import DIRECTION_MARKS
from dashboard.ui import state, upload_outcome, uploader_style
from dashboard.ui.widgets import escape_markdown
from dashboard.upload_checks import likely_copies, moved_revisions

FILE_KEY = "upload_file"
#: The mode in use ("replace" or "add"), kept across language switches (the radio's own key
#: carries the language: :func:`mode_key`).
MODE_KEY = "upload_mode"
RESET_KEY = "upload_reset"
#: How many times "Use bundled data" was pressed: the uploader's key (:func:`file_key`).
_GENERATION_KEY = "_upload_generation"
#: The accepted upload: {"content": contract CSV bytes, "label", "name", "rows", "total", "mode",
#: "variant", and "file_id" when it came through the uploader}. Present only while in use.
ACCEPTED_KEY = "_upload_accepted"
#: The outcome of the last attempt, shown under the uploader until the next one.
REPORT_KEY = "_upload_report"
#: The ``file_id`` and mode of the file in the uploader once checked (the accepted entry keeps
#: its own ``file_id``).
_IN_UPLOADER_KEY = "_upload_in_uploader"
#: The upload whose file was just removed (its name, its accepted entry) and the run a replacing
#: file would come in.
_REPLACED_KEY = "_upload_replaced"
#: The accepted entry a rejected file replaced, offered back by the ``upload_restore`` button
#: until another file is accepted, the bundled data is chosen or it is restored.
_RESTORABLE_KEY = "_upload_restorable"
RESTORE_KEY = "upload_restore"
#: The mode a file in use but not in the uploader was kept in, after the radio chose the other (said once).
_MODE_KEPT_KEY = "_upload_mode_kept"
#: Runs of the script in this session (counted by :func:`sidebar_upload`).
_RUNS_KEY = "_upload_runs"
#: Problem lines shown for a rejected file (the total is always given).
MAX_SHOWN = 50
TYPES = ("csv", "txt", "xlsx")


def max_bytes() -> int:
    """The upload size limit in bytes: ``server.maxUploadSize`` in the browser's MB
    (``dataset.MB`` = 1,000,000 bytes), so the check here and the uploader's agree."""
    return int(st.get_option("server.maxUploadSize")) * dataset.MB


def adds_to_bundled() -> bool:
    """Whether the accepted upload is added to the bundled data (mode "add"), not used instead."""
    return (st.session_state.get(ACCEPTED_KEY) or {}).get("mode") == "add"


def copies() -> list[tuple[str, str]]:
    """(added id, bundled item id) of the accepted upload's added rows that may repeat bundled items."""
    return (st.session_state.get(ACCEPTED_KEY) or {}).get("copies", [])


def accepted() -> state.Data | None:
    """This session's accepted upload as validated data (cached by content), or None."""
    entry = st.session_state.get(ACCEPTED_KEY)
    if not entry:
        return None
    try:
        return state.load_bytes(entry["content"], entry["label"])
    except dataset.DatasetError as error:  # said, never swallowed: the bundled data is back
        st.session_state.pop(ACCEPTED_KEY, None)
        _report_failed_copy(entry.get("name", ""), entry.get("mode", "replace"), error)
        return None
    except (KeyError, TypeError):  # not what accept() stored: drop it
        st.session_state.pop(ACCEPTED_KEY, None)
        return None


def _report_failed_copy(name: str, mode: str, error: dataset.DatasetError) -> None:
    """The upload's stored copy failed the strict reader: say so, as a rejection."""
    lines = ["file: the file was read, but the copy kept for this session fails the strict check"]
    lines += [str(p) for p in error.problems]
    st.session_state[REPORT_KEY] = {
        "ok": False,
        "name": name,
        "mode": mode,
        "rows": 0,
        "variant": None,
        "count": len(lines),
        "lines": lines[:MAX_SHOWN],
    }


def accept(result: dataset.Upload, name: str) -> None:
    """Keep a valid upload in this session (what :func:`sync_file` does with a valid file).

    The stored copy is read back here, through the same cached reader every later run uses;
    if it fails (``dataset.DatasetError``), nothing is stored and the error propagates.
    """
    if result.frame is None:
        raise ValueError("only a valid upload can be accepted")
    content = dataset.contract_csv(result.frame)
    state.load_bytes(content, f"upload:{name}")
    # Added rows come first (a replacing file has no others). One that revises or is part of a
    # bundled item changes that item: a revision of Stargate took its place in every total,
    # under "added" (QA pass).
    added, bundled = result.frame.iloc[: result.rows], result.frame.iloc[result.rows :]
    changes = added["role"].isin(["revision", "component"]) & added["amount_high"].notna()
    changed = bundled[bundled["id"].isin(added["parent_id"][changes])]
    st.session_state[ACCEPTED_KEY] = {
        "content": content,
        "label": f"upload:{name}",
        "name": name,
        "rows": result.rows,
        "total": len(result.frame),
        "mode": result.mode,
        "variant": result.variant,
        "changed": {
            "en": changed["name"].tolist(),
            "de": changed["name_de"].where(changed["name_de"] != "", changed["name"]).tolist(),
        },
        # With the data they are about: a rejected file after it replaced the report, not the data.
        "copies": likely_copies(result.frame, result.rows) if result.mode == "add" else [],
    }


def process(content: bytes, name: str, mode: str) -> dataset.Upload:
    """Check ``content`` and record the outcome in the session; accept it only when valid."""
    # A direction mark in the file's name is shown, not obeyed: "bidi<U+202E>vsc.csv" turned the
    # rest of the sidebar's notice and the charts' footers around (attack round 5).
    name = re.sub(DIRECTION_MARKS, "\ufffd", name)
    # Under "replace" the bundled ids only tell whether a refused file was written to be added to them.
    result = dataset.check_upload(content, name, mode=mode, bundled=state.bundled().frame, max_bytes=max_bytes())
    shown = rules.shown_problems(result.problems, MAX_SHOWN)
    report: dict[str, Any] = {
        "ok": result.ok,
        "name": name,
        "mode": mode,
        "rows": result.rows,
        "variant": result.variant,  # described when shown, in the language then in use
        "count": len(result.problems),
        "lines": [str(p) for p in shown],
        "from_top": shown == result.problems[: len(shown)],
    }
    # Rows written to be added to the bundled data (their parents are bundled rows, none of their ids
    # is): "add" is offered; an edited copy of the bundled data without one parent is not sent there (review).
    report["parents_bundled"] = result.parents_bundled
    if result.ok:
        report["unworded"] = list(result.unworded)
        if result.frame is not None and result.frame["role"].iloc[: result.rows].eq("revision").any():
            report["moved"] = moved_revisions(result.frame, result.frame["id"].iloc[: result.rows].tolist())
        try:
            accept(result, name)
        except dataset.DatasetError as error:
            _report_failed_copy(name, mode, error)
            return result
        report["total"] = len(result.frame) if result.frame is not None else 0
    st.session_state[REPORT_KEY] = report
    return result


def file_key() -> str:
    """The uploader's key: a new one after each "Use bundled data", so the uploader no longer
    lists a file that is not in use (Streamlit does not let a script clear a file uploader; a
    widget with a new key starts empty)."""
    generation = st.session_state.get(_GENERATION_KEY, 0)
    return FILE_KEY if generation == 0 else f"{FILE_KEY}-{generation}"


def _process_file(file: Any, mode: str) -> None:
    """Check the uploader's file; note which one it is, and which one is in use once accepted.

    A file chosen while another is in the uploader replaces it: the browser removes the old one
    first (a run of its own), then sends the new one. If the new one is rejected, the rejection
    says the bundled data is in use, not "unchanged" (a QA pass lost its upload unsaid). It does
    not bring the removed one back by itself: a reader's own ✕ looks the same, and a file removed
    on purpose came back into use under "unchanged" (QA pass). A button offers it back instead
    (:func:`_show_restore`): a QA pass lost the upload it had in use to a file with a bad date
    (QA pass 14)."""
    replaced = st.session_state.get(_REPLACED_KEY)
    process(file.getvalue(), file.name, mode)
    report = st.session_state.get(REPORT_KEY, {})
    accepted = st.session_state.get(ACCEPTED_KEY, {})
    if report.get("ok") and accepted:
        accepted["file_id"] = file.file_id
        st.session_state.pop(_RESTORABLE_KEY, None)
    elif report and not report.get("ok"):
        if replaced and replaced["run"] == st.session_state.get(_RUNS_KEY):
            report["replaced"] = replaced["name"]
            st.session_state[_RESTORABLE_KEY] = replaced["entry"]
        # A file in use that another mode rejects stays in use as it was: no hint to choose that mode,
        # and the radio goes back to the mode in use (it said "add" over a file used in place of the
        # bundled data, above "188 problems": QA pass 29).
        report["in_use"] = accepted.get("file_id") == file.file_id
        if report["in_use"]:
            mode = report["kept_mode"] = _set_mode(accepted["mode"])
    st.session_state.pop(_REPLACED_KEY, None)
    st.session_state[_IN_UPLOADER_KEY] = (file.file_id, mode)  # last: a check cut short is redone


def sync_file() -> None:
    """Bring the session in step with the uploader's file and mode; called at the start of every
    run, before the data in use is read.

    Not the uploader's ``on_change``: a click that reached the server while that callback checked
    the file (its cached reads are points where Streamlit stops for a newer rerun) cut it short,
    and the file stayed listed but not in use (QA pass: a page link clicked within 100 ms of
    choosing a file). Here a check cut short is redone by the next run."""
    file = st.session_state.get(file_key())
    checked = st.session_state.get(_IN_UPLOADER_KEY)
    if file is None and checked is not None:  # the file was removed from the uploader (its ✕)
        st.session_state.pop(REPORT_KEY, None)
        # With its rejection, the offer to use the file it replaced again (it outlived what said why: review).
        st.session_state.pop(_RESTORABLE_KEY, None)
        removed = st.session_state.pop(_IN_UPLOADER_KEY)[0]
        # Removing the file in use means "not this file": the bundled data comes back (a QA pass
        # removed it and went on reading the upload's total). Removing a rejected file leaves the
        # data in use as it was, as its rejection did; a file in use that a switch to "add" then
        # rejected is still the file in use, and its ✕ removes it.
        if st.session_state.get(ACCEPTED_KEY, {}).get("file_id") == removed:
            # Its name, for the run after the removal's, in case a replacing file follows (_process_file).
            entry = st.session_state.pop(ACCEPTED_KEY)
            run = st.session_state.get(_RUNS_KEY, 0) + 1
            st.session_state[_REPLACED_KEY] = {"name": entry["name"], "run": run, "entry": entry}
        return
    mode = st.session_state.get(MODE_KEY, "replace")
    if file is not None and checked != (file.file_id, mode):
        _process_file(file, mode)
    elif file is None and (st.session_state.get(ACCEPTED_KEY) or {}).get("mode", mode) != mode:
        # A file brought back by "Use … again" is not in the uploader, and its stored copy holds the
        # bundled rows too once added: the other mode cannot read it. The radio goes back, and says
        # why (it read "add" over a file used in place of the bundled data: review 56).
        st.session_state[_MODE_KEPT_KEY] = _set_mode(st.session_state[ACCEPTED_KEY]["mode"])


def mode_key(lang: str) -> str:
    """The mode radio's key while the UI speaks ``lang``. Its labels change with the language, and
    a radio kept under one key handed its callback the old label instead of the mode on the first
    click after a switch (a ``ValueError``); see ``controls.widget_key``."""
    return f"{MODE_KEY}-{lang}"


def _on_mode_change(key: str) -> None:
    """A new mode applies to the file in the uploader, accepted or rejected: a file refused in
    "add" for ids the bundled data has too is what "replace" is for (a QA pass switched and
    still read the old rejection). "Use bundled data" leaves the uploader empty (``file_key``)."""
    st.session_state[MODE_KEY] = st.session_state[key]  # :func:`sync_file` checks the file again


def _set_mode(mode: str) -> str:
    """``mode`` in the session and in the radio of every language (none is drawn yet in this run)."""
    for key in [MODE_KEY, *(k for k in st.session_state if str(k).startswith(f"{MODE_KEY}-"))]:
        st.session_state[key] = mode
    return mode


def _on_reset(restore: bool = False) -> None:
    """ "Use bundled data", or with ``restore`` the file a rejected one replaced, as it was accepted
    and in its mode (a radio switched to "add" meanwhile said "add" over a file in use instead of
    the bundled data: review). Either way no outcome shown, and an empty uploader (``file_key``)."""
    entry = st.session_state.pop(_RESTORABLE_KEY, None)
    st.session_state.pop(ACCEPTED_KEY, None)
    if restore and entry:
        st.session_state[ACCEPTED_KEY] = entry
        _set_mode(entry["mode"])
    st.session_state.pop(_REPLACED_KEY, None)
    st.session_state.pop(REPORT_KEY, None)
    st.session_state[_GENERATION_KEY] = st.session_state.get(_GENERATION_KEY, 0) + 1


def _show_restore(_: Callable[[str], str]) -> None:
    """The button that brings back the file a rejected one replaced, while no other is in use."""
    entry = st.session_state.get(_RESTORABLE_KEY)
    if entry and not st.session_state.get(ACCEPTED_KEY):
        # A file name in a label is Markdown: escaped, as everywhere (module docstring).
        label = _("Use {name} again").format(name=escape_markdown(upload_outcome.short_name(entry["name"])))
        st.sidebar.button(label, key=RESTORE_KEY, on_click=_on_reset, args=(True,), icon=":material/undo:")


def sidebar_upload(_: Callable[[str], str], ngettext: Callable[[str, str, int], str], locale: str) -> None:
    """Draw the upload controls, the last attempt's outcome and which data is in use."""
    st.session_state[_RUNS_KEY] = st.session_state.get(_RUNS_KEY, 0) + 1
    side = st.sidebar
    side.divider()
    limit_mb = max_bytes() // dataset.MB
    english = locale == "en_US"
    with side:
        st.html(
            uploader_style.css(
                f".st-key-{file_key()}",
                button=None if english else _("Upload"),
                limit=None if english else _("up to {mb} MB per file · CSV, TXT, XLSX").format(mb=limit_mb),
                refused=_("Not read: the uploader takes one CSV, TXT or XLSX file of at most {mb} MB.").format(
                    mb=limit_mb
                ),
            )
        )
    side.file_uploader(
        _("Your own dataset (CSV or XLSX)"),
        type=TYPES,
        key=file_key(),  # read by :func:`sync_file`
        help=_(
            "Columns as in the bundled dataset (see Data & sources). UTF-8 or Latin-1; comma- or "
            "semicolon-separated (decimal comma allowed with semicolons). At most {mb} MB and {rows} "
            "rows. A file with any invalid row is rejected whole."
        ).format(mb=limit_mb, rows=formatting.format_number(dataset.MAX_UPLOAD_ROWS, locale=locale, digits=0)),
    )
    lang = language_of(locale)
    key = mode_key(lang)
    # The mode as an index only for a radio not yet in the session (0 is no default to Streamlit): one
    # that _set_mode put back is drawn from its key, and both logged Streamlit's "created with a default
    # value but also had its value set via the Session State API" (review 56).
    index = 0 if key in st.session_state else dataset.UPLOAD_MODES.index(st.session_state.get(MODE_KEY, "replace"))
    side.radio(
        _("Uploaded rows"),
        dataset.UPLOAD_MODES,
        key=key,
        format_func=upload_outcome.mode_names(_).get,
        on_change=_on_mode_change,
        args=(key,),
        index=index,
    )
    if kept := st.session_state.pop(_MODE_KEPT_KEY, None):
        side.caption(
            _(
                "The file in use is no longer in the uploader, so it stays in use as it is (“{mode}”): choose "
                "it again to use it the other way."
            ).format(mode=upload_outcome.mode_names(_)[kept])
        )
    count = upload_outcome.counter(locale)
    upload_outcome.show_report(st.session_state.get(REPORT_KEY), _, ngettext, count, locale)
    _show_restore(_)
    entry = st.session_state.get(ACCEPTED_KEY)
    side.button(_("Use bundled data"), key=RESET_KEY, on_click=_on_reset, disabled=not entry)
    upload_outcome.show_in_use(entry, _, ngettext, count, lang)
