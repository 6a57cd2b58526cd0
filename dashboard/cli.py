"""``python -m dashboard <command>``: the command line that scripts and CI rely on.

Sits beside ``charts`` in the layers (it may use the pure modules) and never imports
Streamlit. Output goes to stdout; exit codes: 0 success, 1 the data is invalid (the problem
lines of ``dashboard.dataset`` are printed, every one, then a count), 2 a usage error
(argparse's own; ``SystemExit(2)`` from ``main``), 3 the output could not be written (a full disk,
a closed stdout: one line on stderr where it can be written), 130 interrupted (Ctrl-C; the process
then ends by the signal, so a shell loop stops too). No input file ever produces a traceback.

Commands::

    validate [PATH]                       count (exit 0) or every problem line (exit 1), stdout
    export   [--data PATH] [money options] [--format csv|json]
                                          every row normalised (dashboard.export columns)
    totals   [--data PATH] [money options] [--by ...] [filters]
                                          totals, each item once, as JSON (report.totals_payload)

    money options: --currency CODE (EUR) --fx-basis announcement|latest|average
                   --revisions latest|first --view total|per-year|year
                   --year YYYY: the calendar year of --view year and the one year of company
                   capex the other views count (default: the year most companies' capex
                   guidance reaches); also the averaged year of --fx-basis average (required there,
                   unless --fx-year YYYY gives the averaged year on its own)

``export`` and ``totals`` print their data to stdout and everything else to stderr: a bad
option is ONE line ``<command>: --<option>: <what is wrong with the value>`` and exit 2; an
invalid dataset gives the problem lines of ``validate`` (on stderr, so a redirected CSV or
JSON file never receives them) and exit 1; rows without an exchange rate for their date are
kept (export: marked in ``fx_problem``; totals: left out and listed in ``unconverted_ids``)
with a one-line warning on stderr, exit 0.

Adding a subcommand takes one ``_add_<name>(subparsers)`` function that registers the parser
and sets ``handler=``, one ``cmd_<name>(args) -> int`` function, and one line in
``build_parser``. Commands that need the data use ``load_or_report`` so that invalid data is
reported the same way everywhere.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO, cast

import pandas as pd

from dashboard import dataset, export, ledger, measures, report, schema, years
from dashboard.cli_options import (
    CommandParser,
    UsageError,
    add_choice,
    add_money_arguments,
    average_year,
    bound_year,
    check_money_options,
    check_view_year,
    countries,
    vocabulary,
)
from dashboard.dataset import DatasetError, Problem, default_dataset_path, read_dataset
from dashboard.rules import plural, shown_path

# --- helpers reusable by every subcommand ---------------------------------------------------


def display_path(path: Path) -> str:
    """*path* relative to the working directory when it lies below it, else as given.

    >>> display_path(Path.cwd() / "data" / "investments.csv")
    'data/investments.csv'
    >>> display_path(Path("/elsewhere/x.csv"))
    '/elsewhere/x.csv'
    """
    try:
        return shown_path(Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix())
    except ValueError:
        return shown_path(path)


def dataset_path(args: argparse.Namespace) -> tuple[Path, str]:
    """The dataset file a command works on and how to name it in output.

    A path given on the command line is named as typed; the bundled default is named relative
    to the working directory.
    """
    if getattr(args, "path", None):
        return Path(args.path), shown_path(args.path)
    default = default_dataset_path()
    return default, display_path(default)


#: Where a command writes lines: a text stream, or ``STDERR`` below.
Lines = TextIO | io.TextIOBase


def print_problems(problems: Sequence[Problem], shown_path: str, out: Lines) -> None:
    """Every problem line, then ``N problems in <path>``."""
    for problem in problems:
        print(problem, file=out)
    print(f"{plural(len(problems), 'problem')} in {shown_path}", file=out)


def load_or_report(args: argparse.Namespace) -> tuple[pd.DataFrame | None, str]:
    """The validated frame for the command's PATH, or None after printing its problems on stderr."""
    path, shown = dataset_path(args)
    try:
        return read_dataset(path), shown
    except DatasetError as error:
        print_problems(error.problems, shown, STDERR)
        return None, shown


def _is_there(path: Path, *, any_kind: bool = False) -> bool:
    """``path.is_file()`` (``any_kind``: ``exists()``), and True where the path cannot even be looked
    at (a directory without search permission): reading it then names the reason in a problem line,
    where the check ended in a traceback (review)."""
    try:
        return path.exists() if any_kind else path.is_file()
    except OSError:
        return True


def load_economies(args: argparse.Namespace, *, required: bool = True) -> pd.DataFrame | None:
    """``economies.csv`` beside the command's dataset, else the bundled one (said on stderr), as the
    app measures an uploaded file: ``totals --measure gdp-share`` of a file the app ranked exited
    with "not found", and ``export`` left its share and per-person columns empty (QA pass 23).
    None (after saying why) if bad, or absent with no bundled file; an absent file that is not
    ``required`` (the export's optional columns) is not reported."""
    path = dataset.economies_path(dataset_path(args)[0])
    bundled = dataset.economies_path(default_dataset_path())
    if not _is_there(path) and path != bundled and _is_there(bundled):
        print(
            f"{args.command}: no {path.name} beside the dataset: GDP and population from {display_path(bundled)}",
            file=STDERR,
        )
        path = bundled
    if not _is_there(path):
        if required:
            print(f"{args.command}: {display_path(path)} not found: no GDP or population to measure by", file=STDERR)
        return None
    try:
        return dataset.read_economies(path)
    except DatasetError as error:
        print_problems(error.problems, display_path(path), STDERR)
        return None


def _add_path_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="dataset CSV (default: the bundled data/investments.csv)",
    )


# --- validate -------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    """Print ``ok: N rows (M with money) in <path>`` and return 0, or the problems and 1.

    Without PATH, ``economies.csv`` beside the default dataset is checked too when it exists
    (``ok: N economies in <path>`` or its problems), and so is that every non-empty
    ``country`` of the dataset has a row there.
    """
    path, shown = dataset_path(args)
    frame, problems = None, []
    try:
        frame = read_dataset(path)
    except DatasetError as error:
        problems = error.problems
    economies, economy_problems = None, []
    economies_file = None if args.path else dataset.economies_path(path)
    if economies_file is not None and _is_there(economies_file, any_kind=True):
        try:
            economies = dataset.read_economies(economies_file)
        except DatasetError as error:
            economy_problems = error.problems
        if frame is not None and economies is not None:
            problems = dataset.economies_missing(frame, economies)
    # Written at once through ``_write``: a reader that stops early (``validate | head -1``) gets
    # no traceback, and the exit code still says whether the file is valid.
    out = io.StringIO()
    if problems:
        print_problems(problems, shown, out)
    elif frame is not None:
        with_money = int(frame[schema.AMOUNT_LOW].notna().sum())
        print(f"ok: {plural(len(frame), 'row')} ({with_money} with money) in {shown}", file=out)
    if economies_file is not None and economy_problems:
        print_problems(economy_problems, display_path(economies_file), out)
    elif economies is not None and economies_file is not None:
        count = len(economies)
        print(f"ok: {count} {'economy' if count == 1 else 'economies'} in {display_path(economies_file)}", file=out)
    _write(out.getvalue())
    return 1 if problems or economy_problems else 0


def _add_validate(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a dataset CSV against the contract",
        description="Check a dataset CSV; print a count (exit 0) or every problem (exit 1).",
    )
    _add_path_argument(parser)
    parser.set_defaults(handler=cmd_validate)


class OutputError(Exception):
    """The command's output (stdout) could not be written: ``main`` says so in one line, exit 3."""


#: The exit code of Ctrl-C, which ``__main__`` turns into a death by the signal.
INTERRUPTED = 128 + signal.SIGINT


def _write(text: str) -> None:
    """Write to stdout; a reader that stops early (``| head``) is not an error, a full disk or a
    closed stdout is an ``OutputError`` (a traceback before: attack round 4)."""
    if sys.stdout is None:  # started with stdout closed (``>&-``)
        raise OutputError("standard output is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError as error:
        raise OutputError(error.strerror or str(error)) from error


class _Stderr(io.TextIOBase):
    """Stderr for warnings and problem lines: what it cannot take is dropped (the exit code and the
    output still tell), never written to stdout, where ``print`` puts it when stderr is closed: a
    warning became a CSV's first line (review), and a full stderr cost the whole output."""

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError, AttributeError, ValueError):
            sys.stderr.write(text)
            sys.stderr.flush()
        return len(text)


STDERR = _Stderr()


def _some(ids: Sequence[str], limit: int = 5) -> str:
    """``a, b, c`` or ``a, b, c, d, e and 3 more``."""
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown} and {len(ids) - limit} more"


# --- export ---------------------------------------------------------------------------------

EXPORT_FORMATS = ("csv", "json")


def cmd_export(args: argparse.Namespace) -> int:
    """Print every row normalised (``dashboard.export`` columns) as CSV or JSON; return 0.

    Rows without an exchange rate for their date stay in the output with empty values and
    the reason in ``fx_problem``; a one-line warning goes to stderr.
    """
    check_money_options(args)
    frame, _shown = load_or_report(args)
    if frame is None:
        return 1
    check_view_year(args, frame)

    def normalised_in(currency: str) -> pd.DataFrame:
        return report.normalised(
            frame,
            currency=currency,
            basis=args.basis,
            year=average_year(args),
            revisions=args.revisions,
            view=args.view,
            calendar_year=args.year,
        )

    rows = normalised_in(args.currency)
    unconverted = rows.loc[rows["fx_problem"] != "", "id"].tolist()
    if unconverted:
        print(
            f"export: warning: {plural(len(unconverted), 'row')} without an exchange rate for "
            f"{'its' if len(unconverted) == 1 else 'their'} date, left empty and explained in "
            f"fx_problem: {_some(unconverted)}",
            file=STDERR,
        )
    # The same counting as totals and the app: an item inside a counted item is not counted.
    counted = ledger.apply_filters(rows, ledger.Filters())
    # Whether this view's total adds the row (per year and in one year: only with a stated period).
    counted = counted.assign(counted_in_view=years.added(counted, args.view))
    # Without economies.csv beside the file the bundled one gives GDP and population (QA pass 23);
    # the costs per GW and per accelerator need none, and a file outside data/ lost them too (QA pass 9).
    economies = load_economies(args, required=False)
    counted = counted.join(measures.row_measures(counted, normalised_in("USD"), economies))
    out = export.table(counted)
    _write(export.to_csv(out) if args.format == "csv" else export.to_json(out) + "\n")
    return 0


def _add_export(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="print every row normalised to one currency, as CSV or JSON",
        description="Print every row of the dataset converted to one currency, with its FX rate and "
        "date, per-year figures and whether it counts in totals (CSV or JSON, on stdout).",
        one_line_errors=True,
        allow_abbrev=False,
    )
    add_money_arguments(parser)
    add_choice(
        parser,
        "--format",
        EXPORT_FORMATS,
        "an export format",
        default="csv",
        help="csv (default; text that a spreadsheet would evaluate as a formula is prefixed with ') "
        "or json (a list of objects, null for empty)",
    )
    parser.set_defaults(handler=cmd_export, command_parser=parser)


# --- totals ---------------------------------------------------------------------------------


def filters_from_args(args: argparse.Namespace) -> ledger.Filters:
    """The ``ledger.Filters`` the totals options describe (no option = no restriction)."""
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UsageError("--from", f"{args.date_from} is after --to {args.date_to}")
    return ledger.Filters(
        regions=tuple(dict.fromkeys(args.region or ())),
        countries=tuple(dict.fromkeys(args.country or ())),
        actor_types=tuple(dict.fromkeys(args.actor_type or ())),
        statuses=tuple(dict.fromkeys(args.status or ())),
        scopes=tuple(dict.fromkeys(args.scope or ())),
        min_confidence=args.min_confidence,
        date_from=args.date_from,
        date_to=args.date_to,
    )


def cmd_totals(args: argparse.Namespace) -> int:
    """Print the totals, each item once, as JSON (``report.totals_payload``); return 0."""
    check_money_options(args)
    filters = filters_from_args(args)
    frame, _shown = load_or_report(args)
    if frame is None:
        return 1
    check_view_year(args, frame)
    economies = None
    if args.measure != "money":
        if args.by not in ("country", "none"):
            raise UsageError("--by", f"{args.by}: --measure {args.measure} groups by country (one economy each)")
        economies = load_economies(args)
        if economies is None:
            return 1
    payload = report.totals_payload(
        frame,
        currency=args.currency,
        basis=args.basis,
        year=average_year(args),
        revisions=args.revisions,
        by=args.by,
        view=args.view,
        filters=filters,
        calendar_year=args.year,
        measure=args.measure,
        economies=economies,
    )
    unconverted = payload["unconverted_ids"]
    if unconverted:
        print(
            f"totals: warning: {plural(len(unconverted), 'row')} left out of the totals, no "
            f"exchange rate for {'its' if len(unconverted) == 1 else 'their'} date "
            f"(listed in unconverted_ids): {_some(unconverted)}",
            file=STDERR,
        )
    _write(json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    return 0


def _add_totals(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "totals",
        help="print the totals, each item once, as JSON",
        description="Print the totals (headline items only, each revised figure once, ranges low "
        "with low and high with high; 'overlap' says how much partial overlaps between items may "
        "count twice) as JSON on stdout. Filters may be "
        "repeated or comma-separated; a repeated filter keeps rows matching any of its values.",
        one_line_errors=True,
        allow_abbrev=False,
    )
    add_money_arguments(parser)
    by_help = "one group per value of this column (default: none, one group 'total')"
    add_choice(parser, "--by", ledger.GROUP_BY, "a grouping", default="none", help=by_help)
    add_choice(
        parser,
        "--measure",
        measures.MEASURES,
        "a measure",
        default="money",
        help="money (default), or per economy (by country): gdp-share, the money as a share of the "
        "economy's GDP, or per-capita, money per person (data/economies.csv gives GDP and population)",
    )
    filters = parser.add_argument_group("filters (repeatable)")
    for option, allowed, what in (
        ("--region", schema.REGIONS, "a region"),
        ("--actor-type", schema.ACTOR_TYPES, "an actor type"),
        ("--status", schema.STATUSES, "a status"),
        ("--scope", schema.SCOPES, "a scope"),
    ):
        filters.add_argument(
            option,
            action="extend",
            type=vocabulary(allowed, what, many=True),
            metavar="VALUE",
            help=f"one of {', '.join(allowed)}",
        )
    filters.add_argument(
        "--country",
        action="extend",
        type=countries,
        metavar="CC",
        help="ISO 3166-1 alpha-2 code, or EU for the Union's own programmes",
    )
    grades = ledger.CONFIDENCE_ORDER
    grade_help = "keep rows graded at least this (default: low, i.e. all)"
    add_choice(filters, "--min-confidence", grades, "a confidence grade", default=grades[0], help=grade_help)
    for option, dest, when in (("--from", "date_from", "in or after"), ("--to", "date_to", "in or before")):
        filters.add_argument(
            option,
            dest=dest,
            type=bound_year,
            metavar="YYYY",
            help=f"items announced {when} this year (1999 to the last year of the bundled ECB rates, as in the app)",
        )
    parser.set_defaults(handler=cmd_totals, command_parser=parser)


# --- the parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m dashboard`` parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Work with the AI investment dataset from the command line.",
    )
    # Typed as plain ArgumentParsers: every subcommand's add_parser call works on those.
    subparsers = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=CommandParser),
    )
    _add_validate(subparsers)
    _add_export(subparsers)
    _add_totals(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (usage errors exit 2 through ``SystemExit``)."""
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    # The command's own parser reports what it does not know (one line for export/totals);
    # validate keeps argparse's standard message from the top-level parser.
    command_parser: argparse.ArgumentParser = getattr(args, "command_parser", None) or parser
    if extras:
        command_parser.error(f"unrecognized arguments: {' '.join(extras)}")
    command = args.command
    try:
        return int(args.handler(args))
    except UsageError as error:
        command_parser.error(str(error))
    # A full disk or a closed stdout, and Ctrl-C, ended in a traceback (attack round 4).
    except OutputError as error:
        print(f"{command}: cannot write the output: {error}", file=STDERR)
        return 3
    except KeyboardInterrupt:
        print(f"{command}: interrupted", file=STDERR)
        return INTERRUPTED
