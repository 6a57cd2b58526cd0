"""The translation catalogs: the committed template matches the code, German is complete.

The template (``dashboard/locales/messages.pot``) is what ``pybabel extract`` makes of the
code; the German catalog (``dashboard/locales/de/LC_MESSAGES/messages.po``) must translate every
message of it, keep every ``{placeholder}`` and keep the Markdown structure of long texts.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dashboard import i18n

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "dashboard" / "locales" / "messages.pot"
DE_PO = ROOT / "dashboard" / "locales" / "de" / "LC_MESSAGES" / "messages.po"


def extract_args(output: str) -> list[str]:
    """The ``pybabel extract`` arguments the committed template is made with (run from ROOT)."""
    return ["extract", "-F", "babel.cfg", "-k", "_", "-k", "gettext", "--no-location", "--sort-output",
            "--project", "AI investment dashboard", "-o", output, "."]


REFRESH = (
    "pybabel " + shlex.join(extract_args("dashboard/locales/messages.pot")) + "\n"
    "pybabel update -i dashboard/locales/messages.pot -d dashboard/locales -l de "
    "--no-fuzzy-matching --ignore-obsolete\n"
    "then translate every empty msgstr in dashboard/locales/de/LC_MESSAGES/messages.po"
)

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def read_catalog(path: Path, locale: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, abort_invalid=True)


def listing(msgids: list[str]) -> str:
    return "\n".join(f"  {m[:100]!r}{'...' if len(m) > 100 else ''}" for m in msgids) or "  (none)"


def message_ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.fixture(scope="module")
def pot():
    return read_catalog(POT)


@pytest.fixture(scope="module")
def german():
    return read_catalog(DE_PO, locale="de")


def test_template_is_up_to_date_with_the_code(tmp_path):
    fresh_path = tmp_path / "messages.pot"
    done = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *extract_args(str(fresh_path))],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"pybabel extract failed:\n{done.stderr}"
    fresh = message_ids(read_catalog(fresh_path))
    committed = message_ids(read_catalog(POT))
    new, gone = sorted(fresh - committed), sorted(committed - fresh)
    assert not new and not gone, (
        f"{POT.relative_to(ROOT)} is out of date with the code.\n"
        f"New in the code ({len(new)}):\n{listing(new)}\n"
        f"No longer in the code ({len(gone)}):\n{listing(gone)}\n"
        f"Refresh from the repository root:\n{REFRESH}"
    )


def test_catalogs_parse_without_errors(pot, german):
    assert str(german.locale) == "de"
    assert len(message_ids(pot)) > 0
    errors = [(m.id, [str(e) for e in errs]) for m, errs in german.check()]
    assert not errors, errors


def test_every_message_has_a_german_translation(pot, german):
    problems = []
    for msgid in sorted(message_ids(pot)):
        message = german.get(msgid)
        if message is None:
            problems.append(f"missing from de/messages.po: {msgid!r}")
        elif not message.string or not str(message.string).strip():
            problems.append(f"untranslated: {msgid!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy (ignored at runtime): {msgid!r}")
    assert not problems, "\n".join(problems) + f"\n\nRefresh from the repository root:\n{REFRESH}"


def translated(german):
    return [(m.id, m.string) for m in german if m.id and isinstance(m.id, str) and m.string]


def test_placeholders_are_kept(german):
    problems = []
    for msgid, msgstr in translated(german):
        wanted, got = Counter(PLACEHOLDER.findall(msgid)), Counter(PLACEHOLDER.findall(msgstr))
        if wanted != got:
            problems.append(f"{msgid!r}: expects {dict(wanted)}, translation has {dict(got)}")
            continue
        try:  # what the code does with it: str.format with named arguments
            msgstr.format(**{name: "x" for name in wanted})
        except (KeyError, IndexError, ValueError) as exc:
            problems.append(f"{msgid!r}: translation does not format ({exc!r})")
    assert not problems, "\n".join(problems)


def test_markdown_structure_is_kept(german):
    problems = []
    for msgid, msgstr in translated(german):
        source, target = msgid.split("\n"), msgstr.split("\n")
        if len(source) != len(target):
            problems.append(f"{msgid[:40]!r}: {len(source)} lines, translation has {len(target)}")
        elif [line.startswith("- ") for line in source] != [line.startswith("- ") for line in target]:
            problems.append(f"{msgid[:40]!r}: list items differ")
        elif [line.count("**") for line in source] != [line.count("**") for line in target]:
            problems.append(f"{msgid[:40]!r}: bold markers (**) differ")
    assert not problems, "\n".join(problems)


def test_gettext_for_german_translates():
    _ = i18n.gettext_for("de")
    assert _("Overview") == "Überblick"
    assert _("Announced, {unit} {currency}") == "Angekündigt, {unit} {currency}"
    assert _("a message that is not in the catalog") == "a message that is not in the catalog"


def test_english_falls_back_to_the_message_id():
    assert i18n.gettext_for("en")("Overview") == "Overview"
    assert i18n.gettext_for("xx")("Overview") == "Overview"
