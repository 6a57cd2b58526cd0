"""What every page needs: settings, the data in use, the normalised and filtered frame.

Pages call :func:`get` at the top; everything behind it is cached in ``ui.state``, so calling
it from the entry script and again from a page costs a dictionary look-up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st
from babel import Locale

from dashboard import compute, dates, formatting, fx, i18n, labels, overlaps, years
from dashboard.schema import COUNTRY_EU, EU_MEMBERS, REGIONS
from dashboard.settings import N_, Settings, filter_summary
from dashboard.ui import controls, state, upload, widgets


@dataclass(frozen=True)
class Context:
    settings: Settings
    data: state.Data
    #: Every row normalised for the settings' currency, basis and revisions (unfiltered).
    all_rows: pd.DataFrame
    #: The rows that pass the sidebar filters.
    rows: pd.DataFrame
    locale: str

    @property
    def key(self) -> tuple:
        """Everything a figure on a page depends on: the data and every setting."""
        return (self.data.digest, self.settings)

    @cached_property
    def capex(self) -> str:
        """How the view's year of company capex stands in ``rows`` (``years.capex_of_year``), worked
        out once a run for the total card and every chart's subtitle and file name (~1 ms a call at
        100k rows, measured, and a page asked up to four times)."""
        return years.capex_of_year(self.rows, self.settings.view)

    @property
    def _(self) -> i18n.Gettext:
        return i18n.gettext_for(self.settings.lang)

    @property
    def ngettext(self) -> i18n.Ngettext:
        return i18n.ngettext_for(self.settings.lang)


def data_in_use() -> state.Data:
    """This session's accepted upload (``ui.upload``), else the bundled dataset."""
    return upload.accepted() or state.bundled()


def _uploaded_file(ctx: Context) -> str:
    return ctx._("your uploaded file {name}").format(name=ctx.data.upload_name)


def dataset_name(ctx: Context) -> str:
    """The data in use as a reader names it (chart footers, notices)."""
    name = ctx.data.upload_name
    if name is not None and upload.adds_to_bundled():
        # Not the file alone: the charts show the bundled rows too (a QA pass read "Data: your
        # uploaded file good.csv" under a total of 66 items, 64 of them bundled).
        return ctx._("the AI investment dashboard dataset and your uploaded file {name}").format(name=name)
    if name is not None:
        return _uploaded_file(ctx)
    return ctx._("AI investment dashboard dataset")


def upload_notice(ctx: Context) -> bool:
    """On every page, under its basis line: say when an upload is in use, as the sidebar and the
    chart footers do (on a phone the sidebar is closed and a QA pass read an upload's total as the
    bundled data's). True if one is."""
    if ctx.data.upload_name is None:
        return False
    added = upload.adds_to_bundled()
    count = len(ctx.data.frame)
    text = (
        ctx.ngettext(
            "Data in use: {dataset}, added to the bundled dataset ({rows} row in all).",
            "Data in use: {dataset}, added to the bundled dataset ({rows} rows in all).",
            count,
        )
        if added
        else ctx.ngettext(
            "Data in use: {dataset} ({rows} row) instead of the bundled dataset.",
            "Data in use: {dataset} ({rows} rows) instead of the bundled dataset.",
            count,
        )
    )
    number = formatting.format_number(count, locale=ctx.locale, digits=0)
    st.info(
        text.format(
            dataset=widgets.escape_markdown(_uploaded_file(ctx)),
            rows=number,
        )
        + " "
        + (
            ctx._(
                "The data's rows and figures on this page come from the bundled data and this file (the rules and "
                "caveats are the dashboard's); “Use bundled data” in the sidebar leaves the file out again."
            )
            if added
            else ctx._(
                "The data's rows and figures on this page come from it (the rules and caveats are the dashboard's); "
                "“Use bundled data” in the sidebar brings back the bundled data."
            )
        )
    )
    # Counted twice without a word (QA pass 11); "wherever both count": in another year's view
    # neither may (QA pass 12). Here, not in the sidebar only: a phone's is closed (QA pass 28).
    if copies := upload.copies():
        st.warning(
            ctx.ngettext(
                "An added row may repeat a row of the bundled data (the same name, or the same source and "
                "amount): {rows}. Wherever both count, that money is counted twice. If it is the same money, "
                "leave it out, or make it a revision of that row (its id as parent_id, role “revision”).",
                "{count} added rows may repeat rows of the bundled data (the same name, or the same source "
                "and amount): {rows}. Wherever both count, that money is counted twice. If one is the same "
                "money, leave it out, or make it a revision of that row (its id as parent_id, role “revision”).",
                len(copies),
            ).format(
                count=formatting.format_number(len(copies), locale=ctx.locale, digits=0),
                rows=widgets.joined(
                    [widgets.escape_markdown(f"{new} = {old}") for new, old in copies[: widgets.NAMES_SHOWN]],
                    len(copies),
                    ctx.ngettext,
                    ctx.locale,
                ),
            )
        )
    return True


def get() -> Context:
    settings = controls.current_settings()
    # Shown only when the work takes longer than half a second (a cold start, a new currency).
    with st.spinner(i18n.gettext_for(settings.lang)("Loading and converting the data…")):
        data = data_in_use()
        # Pages see the year in use; the store (and the link) keep "none chosen" as None.
        settings = replace(settings, year=settings.year or state.default_year(data))
        all_rows = state.normalised(data, settings)
        rows = state.filtered(data, settings, all_rows)
    return Context(settings, data, all_rows, rows, i18n.LOCALE_FOR_LANGUAGE.get(settings.lang, "en_US"))


def basis_caption(ctx: Context, *, measure_used: bool = False, filtered: bool = True) -> str:
    """One line that says how the numbers on screen were converted, which filters they keep
    (``filtered`` false: a page of picks, which ignores them), and on a page that does not use the
    sidebar's measure (``measure_used`` false), that it does not, when one is chosen."""
    _ = ctx._
    s = ctx.settings
    if s.basis == "announcement":
        text = _("Amounts in {currency}, converted at the ECB reference rate of each item's first announcement.")
    elif s.basis == "latest":
        text = _("Amounts in {currency}, converted at the latest bundled ECB reference rate ({date}).")
    elif fx.is_partial_period(str(s.average_year)):  # the year is not over: its fixings so far
        text = _("Amounts in {currency}, converted at the {year} average of ECB reference rates (fixings to {date}).")
    else:
        text = _("Amounts in {currency}, converted at the {year} average of ECB reference rates.")
    text = text.format(
        currency=s.currency,
        year=s.average_year,
        date=dates.format_announced(fx.last_fixing_date().isoformat(), locale=ctx.locale),
    )
    if s.basis == "average" and s.rate_year is None and s.year and s.average_year != s.year:
        # 2030 has no fixings: "the rates follow the Year (2030)" beside "the 2026 average" (QA pass).
        text += " " + _(
            "The sidebar's “Year” ({year}) has no ECB fixings, so the rates are those of {rate_year}, the last "
            "year with fixings; “Rate year” sets another year for the rates alone."
        ).format(year=s.year, rate_year=s.average_year)
    elif s.basis == "average" and s.rate_year is None:
        # Choosing 2024's rates also counted 2024's capex: ~€560bn less, which read as a rate effect.
        text += " " + _(
            "The rates follow the sidebar's “Year” ({year}), which also chooses the one year of company capex "
            "that counts; “Rate year” sets another year for the rates alone."
        ).format(year=s.year)
    figures = _("Latest revisions counted.") if s.revisions == "latest" else _("Figures as first announced.")
    as_of = _("Data as of {date} (the latest announcement it covers).").format(
        date=dates.format_announced(as_of_date(ctx.data), locale=ctx.locale)
    )
    if s.measure != "money" and not measure_used:  # a control that changes nothing here says so
        as_of += " " + _("The measure “{measure}” applies on the Overview; this page does not use it.").format(
            measure=labels.measure_label(s.measure, _)
        )
    filters = filter_summary(s, _) if filtered else ""
    if filters:  # on a phone the sidebar is closed: a region's total read as the world's (QA pass)
        figures += " " + _("Filtered: {filters}.").format(filters=filters)
    return f"{text} {figures} {as_of}"


def as_of_date(data: state.Data) -> str:
    """The dataset's "as of" date: its latest announcement (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``).

    Once per dataset: three callers a run, ~2 ms each over the whole column (profiled)."""

    def latest() -> str:
        announced = data.frame["announced"]
        return str(announced[announced != ""].max() or "")

    return str(state.figure("as_of_date", (data.digest,), latest))


def page_header(ctx: Context, title: str, *, measure_used: bool = False) -> None:
    """A page of the filtered rows: its title, basis line, upload notice and conversion warnings."""
    st.title(title)
    st.caption(basis_caption(ctx, measure_used=measure_used))
    upload_notice(ctx)
    conversion_warnings(ctx)


def conversion_warnings(ctx: Context, rows: pd.DataFrame | None = None) -> None:
    """List rows that could not be converted (of ``rows``, default: the filtered rows); every
    other row is still shown."""
    problems = (ctx.rows if rows is None else rows)["fx_problem"]
    bad = problems[problems != ""]  # one column: a frame-wide mask would copy every column
    if bad.empty:
        return
    _ = ctx._
    lines = "\n".join(f"- {widgets.escape_markdown(problem)}" for problem in bad.head(20))
    if len(bad) > 20:  # 160 rows in 2005's yuan listed 20 with no word of the rest (QA pass)
        lines += "\n- " + _("and {count} more (the Data page's download lists each in its column fx_problem)").format(
            count=formatting.format_number(len(bad) - 20, locale=ctx.locale, digits=0)
        )
    st.warning(
        ctx.ngettext(
            "{count} row could not be converted and is left out of totals and charts:",
            "{count} rows could not be converted and are left out of totals and charts:",
            len(bad),
        ).format(count=formatting.format_number(len(bad), locale=ctx.locale, digits=0))
        + "\n"
        + lines
        # The lines are the export's ``fx_problem`` column (a contract), not translated.
        + (
            ""
            if ctx.settings.lang == "en"
            else "\n\n" + _("These lines are in English, as the CSV export's column fx_problem gives them.")
        )
    )


#: Under each list of partial overlaps with their bounds (Method, the Overview's help): their sum
#: is not the total's (a reader adding the lines got more than the caption's bound: review).
OVERLAP_BOUNDS = N_(
    "Each overlap's bound is the smaller of its two figures, or what the parts that carry the link hold where "
    "that is less. The total counts the overlaps an item's own links name at most up to that item's figure, "
    "so the lines may add up to more than the total."
)
#: Said under every implied cost per unit (the Money and compute page and the Overview's measure):
#: the Overview's chart lacked it while Microsoft Portugal's $10bn topped its ranking (QA pass).
NOT_A_PRICE = N_(
    "It is what an announcement implies, not a measured price: announcements differ in what they include "
    "(land, power, buildings, chips, years of operation)."
)


def whole_programmes(ctx: Context, points: pd.DataFrame, high_column: str, *, escape: bool = True) -> str:
    """Name the drawn points whose money is a whole programme's (``compute.PROGRAMME``; "" if none):
    Korea's AI budget over its 15,000 GPUs read as "€415K per accelerator" (a QA pass). Markdown-safe
    for the page, plain (``escape`` False) for a chart's image and CSV, which lacked it (QA pass 9)."""
    if points.empty:
        return ""
    ids = list(points.loc[points[compute.PROGRAMME] & points[high_column].notna(), "id"])
    names = widgets.names_for(ctx, ids) if escape else list(widgets.row_names(ctx.all_rows, ids, ctx.locale).values())
    return (
        ctx._(
            "Whole programmes, whose money pays for more than this capacity: {names}. Their implied cost "
            "divides all of it by the capacity, so it is more than the capacity's price."
        ).format(names=labels.listed(names))
        if names
        else ""
    )


def sums_as_worded(ctx: Context, total: dict[str, Any], kinds: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """The total's and each kind of money's sum (a payload's ``total`` and ``by_kind`` parts:
    ``{"low", "high", "ids"}``) with the wording their counted figures share
    (``labels.summed_money``), "–" where nothing is counted, as every card shows it, and the
    ``labels.bounds_note`` of a mix ("Pledges €1.15T" held "up to" and "more than" figures
    without a word: QA pass); keyed "total" and by kind. The wordings come from the rows the
    view adds, one (kind, wording) pair each: looked up id by id they cost ~100 ms a run at
    100k rows (measured)."""
    pairs = ctx.rows.loc[_added_with_money(ctx), ["kind", "amount_kind"]]
    pairs = pairs.fillna("").drop_duplicates()
    by_kind = {kind: set(group) for kind, group in pairs.groupby("kind")["amount_kind"]}
    wordings = {"total": set(pairs["amount_kind"]), **by_kind}
    return {
        key: (
            labels.summed_money(
                part["low"], part["high"], ctx.settings.currency, wordings.get(key, ()), ctx._, locale=ctx.locale
            ),
            labels.bounds_note(wordings.get(key, ()), ctx._),
        )
        if part["ids"]
        else ("–", "")
        for key, part in {"total": total, **kinds}.items()
    }


def _added_with_money(ctx: Context) -> np.ndarray:
    """The rows the view's total adds, with money in it: a €0 figure's "up to" bounds nothing (review)."""
    with_money = ctx.rows[years.view_columns(ctx.settings.view)[1]].to_numpy(dtype=float) > 0
    return years.added(ctx.rows, ctx.settings.view) & with_money


def worded_scope(ctx: Context, part: dict[str, Any], scope: str) -> str:
    """The part of the total in ``scope`` (a payload's ``{"low", "high", "ids"}``) as its caption
    says it: with the wording its figures share (``labels.summed_money``), else, where bounds are
    among them, which way they pull ("¥16.7T (partly “more than”: may be higher)"). The scope line
    under the total read "¥1.27T" beside the total's "about ¥1.27T", one item (QA pass 13)."""
    in_scope = _added_with_money(ctx) & ctx.rows["scope"].eq(scope).to_numpy(dtype=bool, na_value=False)
    return _worded(ctx, in_scope, part["low"], part["high"])


def _worded(ctx: Context, rows: np.ndarray, low: float, high: float) -> str:
    """``low``-``high``, the sum of ``rows`` (a mask), with the wording their figures share, else
    which way their bounds pull."""
    kinds = set(ctx.rows.loc[rows, "amount_kind"].fillna(""))
    amount = labels.summed_money(low, high, ctx.settings.currency, kinds, ctx._, locale=ctx.locale)
    mixed = "" if labels.shared_wording(kinds) else labels.sum_wording(kinds, ctx._)
    return f"{amount} ({mixed})" if mixed else amount


def outside_the_eu(ctx: Context) -> str:
    """Under a total that a region filter narrows to Europe (with or without other regions), how
    much of Europe's money is for countries outside the EU, how much for the EU and its member
    states, and how much names no country: "Europe" was quoted as the EU's total (QA pass 29).
    "" when all of it is the EU's. Once per data and settings, as :func:`region_overlaps`."""
    s = ctx.settings
    if "Europe" not in s.regions or set(s.regions) >= set(REGIONS):
        return ""
    return str(state.figure("outside_the_eu", ctx.key, lambda: _outside_the_eu(ctx)))


def _outside_the_eu(ctx: Context) -> str:
    s, rows = ctx.settings, ctx.rows
    europe = _added_with_money(ctx) & rows["region"].eq("Europe").to_numpy(dtype=bool, na_value=False)
    country = rows["country"].fillna("")
    eu = country.isin(EU_MEMBERS | {COUNTRY_EU}).to_numpy(dtype=bool)
    unnamed = europe & country.eq("").to_numpy(dtype=bool)
    outside = europe & ~eu & ~unnamed
    if not outside.any() and not unnamed.any():
        return ""
    low_col, high_col = years.view_columns(s.view)

    def worded(mask: np.ndarray) -> str:
        return _worded(ctx, mask, float(rows[low_col][mask].sum()), float(rows[high_col][mask].sum()))

    parts = []
    if outside.any():  # largest first
        names = Locale.parse(ctx.locale).territories
        by_country = rows[high_col][outside].groupby(country[outside]).sum().sort_values(ascending=False, kind="stable")
        parts.append(
            ctx.ngettext(
                "{amount} for a country outside the EU ({countries})",
                "{amount} for countries outside the EU ({countries})",
                len(by_country),
            ).format(amount=worded(outside), countries=labels.listed(names.get(c, c) for c in by_country.index))
        )
    if (europe & eu).any():
        parts.append(ctx._("{amount} for the EU and its member states").format(amount=worded(europe & eu)))
    if unnamed.any():  # the region without a country (an upload may have one): neither (review 56)
        parts.append(ctx._("{amount} in rows that name no country").format(amount=worded(unnamed)))
    if set(s.regions) == {"Europe"}:
        return ctx._("Europe is wider than the EU: of this total, {parts}.").format(parts="; ".join(parts))
    # Beside other regions the parts make Europe's share, not the total (QA pass 30).
    return ctx._("Europe is wider than the EU: of Europe's {europe} in this total, {parts}.").format(
        europe=worded(europe), parts="; ".join(parts)
    )


def bounds_caption(ctx: Context, by_wording: dict[str, dict[str, Any]], counted: int) -> str:
    """The caption under a total that adds figures its sources state as bounds ("up to $50bn",
    "more than €30bn") beside others: such a sum has no wording of its own (``labels.summed_money``),
    so "€2.34–2.43T" read as a firm range while €261–308B of it were upper bounds and €134B lower
    ones (QA doubt). "" when no figure is a bound or every one is the same kind (the total then
    says "up to" or "more than" itself)."""
    amount = {
        kind: formatting.format_money_range(part["low"], part["high"], ctx.settings.currency, locale=ctx.locale)
        for kind in ("up-to", "more-than")
        if 0 < len((part := by_wording[kind])["ids"]) < counted and part["high"] > 0
    }
    if len(amount) == 2:
        return ctx._(
            "of which {up_to} in figures stated as “up to” (the total may be lower) and {more_than} as "
            "“more than” (it may be higher)"
        ).format(up_to=amount["up-to"], more_than=amount["more-than"])
    if "up-to" in amount:
        return ctx._("of which {amount} in figures stated as “up to”: the total may be lower").format(
            amount=amount["up-to"]
        )
    if "more-than" in amount:
        return ctx._("of which {amount} in figures stated as “more than”: the total may be higher").format(
            amount=amount["more-than"]
        )
    return ""


def region_overlaps(ctx: Context) -> str:
    """What recorded partial overlaps may count twice in each region's sum, largest first
    ("North America €423–427B, Europe €33.2B"; "" if none), in the view's money, as ``totals --by
    region`` gives each group's "overlap": "each item once" read as no double counting, while North
    America's running total held up to €427B of it (QA pass 8). Once per data and settings."""

    def amounts() -> str:
        shared = overlaps.by_group(ctx.rows, "region", view=ctx.settings.view)
        return ", ".join(
            labels.region_label(region, ctx._)
            + " "
            + formatting.format_money_range(found.low, found.high, ctx.settings.currency, locale=ctx.locale)
            for region, found in sorted(shared.items(), key=lambda item: -item[1].high)
        )

    return state.figure("region_overlaps", ctx.key, amounts)
