"""``python -m dashboard <command>``: the command line that scripts and CI rely on.

Sits beside ``charts`` in the layers (it may use the pure modules) and never imports
Streamlit. Output goes to stdout; exit codes: 0 success, 1 the data is invalid (the problem
lines of ``dashboard.dataset`` are printed, every one, then a count), 2 a usage error
(argparse's own). No input file ever produces a traceback.

Adding a subcommand takes one ``_add_<name>(subparsers)`` function that registers the parser
and sets ``handler=``, one ``cmd_<name>(args) -> int`` function, and one line in
``build_parser``. Commands that need the data use ``load_or_report`` so that invalid data is
reported the same way everywhere.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import pandas as pd

from dashboard import schema
from dashboard.dataset import DatasetError, Problem, default_dataset_path, read_dataset

# --- helpers reusable by every subcommand ---------------------------------------------------


def display_path(path: Path) -> str:
    """*path* relative to the working directory when it lies below it, else as given.

    >>> display_path(Path.cwd() / "data" / "investments.csv")
    'data/investments.csv'
    >>> display_path(Path("/elsewhere/x.csv"))
    '/elsewhere/x.csv'
    """
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def dataset_path(args: argparse.Namespace) -> tuple[Path, str]:
    """The dataset file a command works on and how to name it in output.

    A path given on the command line is named as typed; the bundled default is named relative
    to the working directory.
    """
    if getattr(args, "path", None):
        return Path(args.path), str(args.path)
    default = default_dataset_path()
    return default, display_path(default)


def plural(count: int, word: str) -> str:
    """``1 problem``, ``2 problems``.

    >>> plural(1, "problem"), plural(3, "problem")
    ('1 problem', '3 problems')
    """
    return f"{count} {word}{'' if count == 1 else 's'}"


def print_problems(problems: Sequence[Problem], shown_path: str, out: TextIO) -> None:
    """Every problem line, then ``N problems in <path>``."""
    for problem in problems:
        print(problem, file=out)
    print(f"{plural(len(problems), 'problem')} in {shown_path}", file=out)


def load_or_report(
    args: argparse.Namespace, out: TextIO | None = None
) -> tuple[pd.DataFrame | None, str]:
    """The validated frame for the command's PATH, or None after printing its problems."""
    path, shown = dataset_path(args)
    out = out or sys.stdout
    try:
        return read_dataset(path), shown
    except DatasetError as error:
        print_problems(error.problems, shown, out)
        return None, shown


def _add_path_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="dataset CSV (default: the bundled data/investments.csv)",
    )


# --- validate -------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    """Print ``ok: N rows (M with money) in <path>`` and return 0, or the problems and 1."""
    frame, shown = load_or_report(args)
    if frame is None:
        return 1
    with_money = int(frame[schema.AMOUNT_LOW].notna().sum())
    print(f"ok: {plural(len(frame), 'row')} ({with_money} with money) in {shown}")
    return 0


def _add_validate(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a dataset CSV against the contract",
        description="Check a dataset CSV; print a count (exit 0) or every problem (exit 1).",
    )
    _add_path_argument(parser)
    parser.set_defaults(handler=cmd_validate)


# --- the parser -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m dashboard`` parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Work with the AI investment dataset from the command line.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_validate(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (argparse exits 2 itself on usage errors)."""
    args = build_parser().parse_args(argv)
    return int(args.handler(args))
