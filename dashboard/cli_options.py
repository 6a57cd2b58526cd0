"""Options of ``python -m dashboard``: one-line usage errors, value types, the money options.

Shared by the ``export`` and ``totals`` commands of ``dashboard.cli``. A bad value is ONE line
``<command>: --<option>: <what is wrong with the value>`` and exit 2 (``CommandParser``).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from typing import NoReturn

import pandas as pd

from dashboard import fx, ledger, rules, schema, years


class UsageError(Exception):
    """A bad combination of options found after parsing; ``main`` reports it like argparse.

    ``str()`` is ``--<option>: <what is wrong>``.
    """

    def __init__(self, option: str, message: str):
        super().__init__(f"{option}: {message}")
        self.option = option


class CommandParser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors can be ONE line: ``<command>: <message>``, exit 2.

    Subcommands registered with ``one_line_errors=True`` (export, totals) print
    ``totals: --currency: 'XYZ' is not a supported currency (EUR, USD, ...)`` instead of
    argparse's usage block, so a script's log shows the option and the value at a glance.
    Others (validate) keep argparse's standard message.
    """

    def __init__(self, *args: object, one_line_errors: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.one_line_errors = one_line_errors

    def error(self, message: str) -> NoReturn:
        if not self.one_line_errors:
            super().error(message)
        text = " ".join(re.sub(r"^argument ", "", message).split())
        command = self.prog.rsplit(" ", 1)[-1]
        self.exit(2, f"{command}: {text}\n")


def show(value: str) -> str:
    return rules.show(value, limit=40)


def vocabulary(allowed: Sequence[str], what: str, *, many: bool = False) -> Callable[[str], object]:
    """An argparse ``type=`` accepting one of ``allowed`` (any case) or, with ``many``, a
    comma-separated list of them; the error names the bad value and every allowed one."""

    def one(text: str) -> str:
        for value in allowed:
            if value.casefold() == text.strip().casefold():
                return value
        raise argparse.ArgumentTypeError(f"{show(text)} is not {what} ({', '.join(allowed)})")

    def parse(text: str) -> object:
        if not many:
            return one(text)
        parts = [part for part in text.split(",") if part.strip()]
        return [one(part) for part in parts] or [one(text)]

    return parse


def currency(text: str) -> str:
    code = text.strip().upper()
    offered = fx.target_currencies()
    if code in offered:
        return code
    raise argparse.ArgumentTypeError(f"{show(text)} is not a supported currency ({', '.join(offered)})")


def fx_year(text: str) -> int:
    first, last = fx.FIRST_FX_YEAR, fx.last_fixing_date().year
    if schema.matches(schema.YEAR_PATTERN, text.strip()) and first <= int(text) <= last:
        return int(text)
    raise argparse.ArgumentTypeError(f"{show(text)} is not a year between {first} and {last} (the bundled ECB fixings)")


def view_year(text: str) -> int:
    """A ``--year``: from the first ECB year on; :func:`check_view_year` checks the end once the
    data is read (a future year's horizon makes a one-year view of its own)."""
    if schema.matches(schema.YEAR_PATTERN, text.strip()) and int(text) >= fx.FIRST_FX_YEAR:
        return int(text)
    raise argparse.ArgumentTypeError(f"{show(text)} is not a year from {fx.FIRST_FX_YEAR} on (YYYY)")


def check_view_year(args: argparse.Namespace, frame: pd.DataFrame) -> None:
    if args.year is None:  # nothing to check (the bound costs ~0.5 s at 100k rows)
        return
    last = ledger.last_view_year(frame)
    if args.year > last:
        raise UsageError(
            "--year",
            f"'{args.year}' is not a year between {fx.FIRST_FX_YEAR} and {last} (the bundled ECB fixings, then "
            "the last year that a stated horizon of the data reaches)",
        )


def bound_year(text: str) -> str:
    """A ``--from``/``--to``: a year the link's "from"/"to" take too (``--to 0001`` kept nothing
    and said nothing: attack round 4)."""
    first, last = fx.FIRST_FX_YEAR, fx.last_fixing_date().year
    if schema.matches(schema.YEAR_PATTERN, text.strip()) and first <= int(text) <= last:
        return text.strip()
    raise argparse.ArgumentTypeError(f"{show(text)} is not a year between {first} and {last} (YYYY)")


def countries(text: str) -> list[str]:
    """Codes as the data's ``country`` takes them (``rules.country_problem``): "UK" and "ZZ" gave
    a total of zero and exit 0, and "ß" upper-cased to "SS" (attack round 4)."""
    codes = [code.upper() if code.isascii() else code for code in (p.strip() for p in text.split(",")) if code]
    for code in codes or [text]:
        if not code or rules.country_problem(code):
            hint = rules.UK_HINT if code == "UK" else "ISO 3166-1 alpha-2 such as FR, or EU"
            raise argparse.ArgumentTypeError(f"{show(code)} is not a country code ({hint})")
    return codes


def add_choice(parser: argparse._ActionsContainer, option: str, allowed: Sequence[str], what: str, **kwargs) -> None:
    """An option taking one of ``allowed`` (any case); ``--help`` lists them as ``{a,b,c}``."""
    metavar = "{" + ",".join(allowed) + "}"
    parser.add_argument(option, type=vocabulary(allowed, what), metavar=metavar, **kwargs)


def add_money_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        dest="path",
        metavar="PATH",
        help="dataset CSV (default: the bundled data/investments.csv)",
    )
    parser.add_argument(
        "--currency",
        type=currency,
        default="EUR",
        metavar="CODE",
        help="target currency, e.g. EUR, USD, GBP (default: EUR)",
    )
    add_choice(
        parser,
        "--fx-basis",
        fx.BASES,
        "an FX basis",
        dest="basis",
        default="announcement",
        help="exchange rates: the fixing on each announcement date (default), the latest bundled "
        "fixing, or one calendar year's average (needs --year or --fx-year)",
    )
    parser.add_argument(
        "--year",
        type=view_year,
        metavar="YYYY",
        help="the calendar year of --view year and the one year of company capex the other views "
        "count (default: the year most companies' capex guidance reaches), up to the last year a stated horizon "
        "reaches; also the year averaged by --fx-basis average (it needs --year or --fx-year; a "
        "year after the bundled fixings averages the last year with fixings)",
    )
    parser.add_argument(
        "--fx-year",
        type=fx_year,
        metavar="YYYY",
        help="the year averaged by --fx-basis average when it is not --year (2024's rates with 2026's "
        "capex: --fx-year 2024 --year 2026); ignored by the other bases",
    )
    add_choice(
        parser,
        "--revisions",
        ledger.REVISIONS,
        "a revisions choice",
        default="latest",
        help="count a revised figure at its latest revision (default) or as first announced",
    )
    add_choice(
        parser,
        "--view",
        years.VIEWS,
        "a view",
        default="total",
        help="total amounts (default; company capex: one year per company), per year of the stated "
        "horizon, or the money falling in the calendar year --year (items without a horizon are "
        "listed in no_horizon_ids)",
    )


def check_money_options(args: argparse.Namespace) -> None:
    if args.basis == "average" and args.year is None and args.fx_year is None:
        raise UsageError("--year", "missing: --fx-basis average needs --year YYYY (e.g. --year 2025) or --fx-year YYYY")


def average_year(args: argparse.Namespace) -> int | None:
    """The year the average basis averages: ``--fx-year``, else ``--year`` (for a year after the
    bundled fixings, the last year with fixings)."""
    return args.fx_year or (fx.averaged_year(args.year) if args.year else None)
