"""The Overview's notes on the Year: company capex it counts whole or covers only in part, the
companies without capex in it, items added at a yearly rate although outside it."""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from dashboard import formatting, lookups, years
from dashboard.ui import widgets
from dashboard.ui.markdown import escape_markdown


def _company(name: str) -> str:
    """A company's name for Markdown text ("–" for a capex row of an upload without an actor)."""
    return escape_markdown(name) or formatting.MISSING


def _companies(ctx, names: list[str]) -> str:
    """ "Alphabet, Amazon and 2 more": ``names`` for Markdown text."""
    return widgets.joined(
        [_company(name) for name in names[: widgets.NAMES_SHOWN]], len(names), ctx.ngettext, ctx.locale
    )


def _capex_months(ctx, gaps: list[dict[str, Any]]) -> str:
    """ "Oracle (5 of 12 months), Microsoft (6 of 12 months)": companies with the months of the year covered."""
    shown = [
        ctx.ngettext("{company} ({count} of 12 months)", "{company} ({count} of 12 months)", gap["months"]).format(
            company=_company(gap["company"]), count=gap["months"]
        )
        for gap in gaps[: widgets.NAMES_SHOWN]
    ]
    return widgets.joined(shown, len(gaps), ctx.ngettext, ctx.locale)


def incomplete_capex_note(ctx, gaps: list[dict[str, Any]]) -> None:
    """Name the companies whose capex in the data covers only part of the year viewed (the
    payload's ``incomplete_capex``), and apart from them those it has none of for the year: the
    year adds what the data has, and for 2026 Oracle's fiscal year ends in May with nothing after
    it. In one list, 2024's "covers only part of 2024" stood beside "Alphabet (none)", and the four
    companies without capex hid the two with part of it behind "and 2 more" (QA pass 30)."""
    part = [gap for gap in gaps if gap["months"]]
    none = [gap["company"] for gap in gaps if not gap["months"]]
    sentences = []
    if part:
        text = ctx.ngettext(
            "The data's company capex covers only part of {year} for this company, so the {year} total misses "
            "the rest of its spending: {names}.",
            "The data's company capex covers only part of {year} for these companies, so the {year} total misses "
            "the rest of their spending: {names}.",
            len(part),
        )
        sentences.append(text.format(year=ctx.settings.year, names=_capex_months(ctx, part)))
    if none:
        text = ctx.ngettext(
            "The data has no capex of this company for {year}, so the {year} total has none of its spending: {names}.",
            "The data has no company capex for {year}, so the {year} total has none of their spending: {names}.",
            len(none),
        )
        sentences.append(text.format(year=ctx.settings.year, names=_companies(ctx, none)))
    st.info(" ".join(sentences))


def capex_of_the_year(ctx, counted_ids: list[str], no_capex: list[str]) -> tuple[str, str]:
    """What the total and per-year views, which add one capex figure per company for the Year
    whole (``counted_ids``, the payload's company capex), say of the Year: the caption's sentence on
    the counted fiscal years that fall only partly in it (at 2026 Oracle's fiscal 2026, 5 of 12
    months), and a notice naming the companies the data has no capex for in it (``no_capex``, the
    payload's ``no_capex_companies``: "Company capex" of a year that names none read as every company's),
    unless no company capex is counted (the page warns then). Each is "" when there is nothing to
    say."""
    _ = ctx._
    year = ctx.settings.year
    rows = ctx.rows
    at = np.flatnonzero(lookups.is_in(rows["id"], counted_ids))
    months = rows["year_months"].to_numpy(dtype=float)[at]
    spans = np.rint(rows["period_years"].to_numpy(dtype=float)[at] * 12)
    found = sorted(zip(years.companies_at(rows, at).astype(str), months.tolist(), spans.tolist()))
    partial: list[dict[str, Any]] = [{"company": c, "months": int(m)} for c, m, _span in found if 0 < m < 12]
    # An upload's capex for 2024-2026 is three years' money in one year's total (review); per year
    # it is divided by its years.
    longer = [
        ctx.ngettext("{company} ({count} months)", "{company} ({count} months)", int(span)).format(
            company=_company(c), count=int(span)
        )
        for c, _m, span in found
        if span > 12
    ]
    sentences = [
        ctx.ngettext(
            "Counted whole although its fiscal year covers only part of {year}: {names}.",
            "Counted whole although their fiscal years cover only part of {year}: {names}.",
            len(partial),
        ).format(year=year, names=_capex_months(ctx, partial))
        if partial
        else "",
        ctx.ngettext(
            "Counted whole although its period is longer than a year: {names}.",
            "Counted whole although their periods are longer than a year: {names}.",
            len(longer),
        ).format(names=widgets.joined(longer[: widgets.NAMES_SHOWN], len(longer), ctx.ngettext, ctx.locale))
        if longer and ctx.settings.view == "total"
        else "",
    ]
    sentence = " ".join(part for part in sentences if part)
    notice = (
        _(
            "The data has no company capex for a fiscal year ending in {year} from these companies, so the total "
            "adds none of their capex: {names}."
        ).format(year=year, names=_companies(ctx, no_capex))
        if no_capex and counted_ids
        else ""
    )
    return sentence, notice


def outside_the_year(ctx, ids: list[str]) -> str:
    """The per-year view's sentence naming the counted items whose stated horizon lies wholly
    outside the Year (the totals' ``outside_year_ids``): their yearly rates are in a total whose
    card names the Year (at 2025 it added Korea's 2026 AI budget beside its 2025 model support,
    and Germany's 2022-23 outturn: QA pass). "" when there are none."""
    if not ids:
        return ""
    return ctx.ngettext(
        "Added at its yearly rate although its horizon lies outside {year}: {names}.",
        "Added at their yearly rates although their horizons lie outside {year}: {names}.",
        len(ids),
    ).format(year=ctx.settings.year, names=widgets.name_list(ctx, ids))
