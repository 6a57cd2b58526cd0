"""Small Streamlit building blocks shared by pages (notes, tables, download)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts, formatting, labels, ledger, lookups, measures, schema
from dashboard import settings as settings_mod
from dashboard.i18n import Ngettext
from dashboard.ui.markdown import escape_markdown


class Cards:
    """``st.metric`` cards whose amount shrinks to fit its card instead of being cut ("775–810 …"
    lost its unit in German at 1400 px); its spaces are no-break, so it cannot wrap. Each card's
    key carries the amount's length: its characters (digits, units, separators) average under
    0.75 em in Streamlit's font, so n of them fit at 100 / (0.75 n) % of the card's width; short
    ones keep the default size. :meth:`style`, after the cards, gives the rules for the lengths
    used."""

    def __init__(self) -> None:
        self.lengths: list[int] = []

    def card(self, place: Any, label: str, value: str, *, fit: int | None = None, **kwargs: Any) -> None:
        """``st.metric`` in ``place`` (a column), its amount sized to fit as if it had ``fit``
        characters (default: its own)."""
        self.lengths.append(min(fit or len(value), 30))
        with place.container(key=f"card-len{self.lengths[-1]}-{len(self.lengths)}"):
            st.metric(label, value, **kwargs)

    def style(self) -> None:
        """The font-size rules of the cards drawn so far (one per length: ~0.3 kB a rerun, not 3)."""
        st.html(
            "<style>[data-testid='stMetric'] { container-type: inline-size; }"
            # A label wraps instead of ending in "…": at 768 px German cut "Summe ohne Doppelzählung
            # im Jahr 2025" to "Summe ohne Doppelzählung i…", losing the year it covers.
            # Between words only; in a narrow card (1024 px with the sidebar) a smaller label, so a
            # word such as "Gezählte" fits instead of breaking mid-word.
            "[data-testid='stMetricLabel'] [data-testid='stMarkdownContainer'], [data-testid='stMetricLabel'] p"
            " { white-space: normal; overflow: visible; word-break: normal; overflow-wrap: normal; hyphens: auto; }"
            "@container (max-width: 170px) { [data-testid='stMetricLabel'] p { font-size: 0.75rem; } }"
            + "".join(
                f"[class*='st-key-card-len{n}-'] [data-testid='stMetricValue']"
                f"{{ font-size: min(2.25rem, {100 / (0.75 * n):.1f}cqi); }}"
                for n in sorted(set(self.lengths))
            )
            + "</style>"
        )


#: Above this many rows a table keeps Streamlit's own number format, which follows the browser's
#: locale: a Styler formats every cell in Python (about 2 s at 20k rows) and Streamlit refuses one
#: of more than 262,144 cells (the timeline's table at about 44k rows).
STYLED_ROWS = 5_000


def _cell(value: object, locale: str) -> str:
    """One number as the table shows it: in short units from a million up ("17.9B"), whole from
    1,000 up and at zero, else two decimals (a column of money per person holds both €5.61 and
    €1,385; "0.00" next to "17.9B" read as a rounded-away amount where nothing may be counted
    twice; tests/test_app.py).
    """
    # NaN compares False; None, pd.NA are neither
    whole = isinstance(value, (int, float)) and (value == 0 or abs(value) >= 1000)
    if whole:
        return formatting.format_large_number(value, locale=locale)
    # Two significant digits at least: a share of GDP of 0.0044 % read "0.00", ranked as nothing (review).
    digits = formatting.decimals_for(value) if isinstance(value, (int, float)) else 2
    return formatting.format_number(value, locale=locale, digits=digits)


def number_table(frame: pd.DataFrame, locale: str) -> None:
    """Draw ``frame`` with its numbers in the UI's locale; the grid sorts by the numbers.

    Not ``NumberColumn(format="localized")`` (up to ``STYLED_ROWS``): it follows the browser's
    locale, so a German page in an English browser showed "482,765,279,521.097". Above
    ``STYLED_ROWS`` rows the grid does show that, all digits in the browser's locale: the cost of
    formatting every cell in Python is why (see ``STYLED_ROWS``).
    """
    numbers = [
        c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]
    # Text columns as wide as their text: "Horizon" read "no stated horizo" at 1400 px (QA pass).
    texts = {
        c: st.column_config.TextColumn(
            width=text_width([str(c), *frame[c].head(STYLED_ROWS).fillna("").astype(str)], pad=24)
        )
        for c in frame.columns
        if c not in numbers and not pd.api.types.is_bool_dtype(frame[c])
    }
    if len(frame) > STYLED_ROWS:
        config = {**texts, **{c: st.column_config.NumberColumn(format="localized") for c in numbers}}
        st.dataframe(frame, hide_index=True, width="stretch", column_config=config, placeholder=formatting.MISSING)
        return
    formats = {
        c: partial(formatting.format_number, locale=locale, digits=0)
        if pd.api.types.is_integer_dtype(frame[c])
        else partial(_cell, locale=locale)
        for c in numbers
    }
    # The grid draws an empty cell as its ``placeholder`` ("None" by default) whatever the Styler
    # says: a pick without a per-year figure read "None" on Compare (QA pass).
    st.dataframe(
        frame.style.format(formats),
        hide_index=True,
        width="stretch",
        column_config=texts,
        placeholder=formatting.MISSING,
    )


def row_names(rows: pd.DataFrame, ids: Iterable[str], locale: str) -> dict[str, str]:
    """Display names of the rows of ``rows`` with ``ids`` (unknown ids are left out), as text."""
    found = np.flatnonzero(lookups.is_in(rows["id"], list(ids)))  # no index over every row for a few names
    columns = [lookups.values_at(rows[c], found) for c in ("id", "name", "name_de")]
    return {
        row_id: charts.row_label({"name": name, "name_de": name_de}, locale) for row_id, name, name_de in zip(*columns)
    }


def names_for(ctx, ids: Iterable[str]) -> list[str]:
    """The display names of the rows with ``ids`` (unknown ids are skipped), Markdown-safe."""
    ids = list(ids)
    labels = row_names(ctx.all_rows, ids, ctx.locale)
    return [escape_markdown(labels[i]) for i in ids if i in labels]


def pair_names(ctx, pairs: Iterable[Iterable[str]]) -> list[str]:
    """ "A ↔ B" for each pair of item ids, each item named by the figure that stands for it
    (``ledger.shown_rows``; it depends on the revisions setting), Markdown-safe: an overlap between
    items is between the figures the total adds, and "Oracle FY2026 capex guidance ↔ Stargate"
    named a figure that its actual replaces (QA pass). One lookup for all pairs: one a pair took
    ~110 ms at 100k rows (review)."""
    pairs = [list(pair) for pair in pairs]
    rows = ledger.shown_rows(ctx.all_rows, [i for pair in pairs for i in pair])
    names = {
        item: escape_markdown(charts.row_label(r, ctx.locale))
        for item, r in zip(rows["item_id"], rows[["name", "name_de"]].to_dict("records"))
    }
    return [" ↔ ".join(names[i] for i in pair if i in names) for pair in pairs]


#: Most names a notice lists before it says how many more (a large upload can name thousands).
NAMES_SHOWN = 12


def text_width(texts: Iterable[str], *, pad: int = 16, cap: int = 230) -> int:
    """A grid column's width in px for its longest text (~7 px a character, at most ``cap``): the
    grid sizes a column by the rows it samples, and cut what later rows hold ("about €35.2B", a
    rate "1 USD = 0.9655 EUR" under rows in euros that have none).

    >>> text_width(["€1B", "about €35.2B"]), text_width([]), text_width(["x" * 100])
    (100, 16, 230)
    """
    return min(cap, pad + 7 * max(map(len, texts), default=0))


def name_list(ctx, ids: Iterable[str]) -> str:
    """``names_for`` as :func:`joined` joins them."""
    ids = list(ids)
    # Only the names shown are looked up: a 100k-row upload named 5,560 capex plans (~40 ms a run).
    return joined(names_for(ctx, ids[:NAMES_SHOWN]), len(ids), ctx.ngettext, ctx.locale)


def joined(shown: list[str], total: int, ngettext: Ngettext, locale: str) -> str:
    """The first ``NAMES_SHOWN`` of ``total`` texts (``shown``, Markdown-safe) as ``labels.listed``
    joins them, then "and N more"."""
    text = labels.listed(shown[:NAMES_SHOWN])
    rest = total - NAMES_SHOWN
    if rest <= 0:
        return text
    more = ngettext("and {count} more", "and {count} more", rest)
    return f"{text} {more.format(count=formatting.format_number(rest, locale=locale))}"


def filter_notes(ctx, below_confidence_ids: list[str], filtered_out_ids: list[str]) -> None:
    """Say which counted figures the filters leave out while their items stay listed (``ledger.below_confidence``
    and ``ledger.filtered_out``): such an item adds nothing to a total, and nothing else would say so."""
    _ = ctx._
    if set(ctx.settings.filters().statuses) == {"cancelled"}:
        # Under "cancelled" alone every card read "–" and nothing said why (QA pass).
        st.info(
            _(
                "Cancelled figures never count in a total, so with only “cancelled” chosen under “Status” "
                "nothing is added; Data & sources lists the cancelled rows the other filters keep."
            )
        )
    if below_confidence_ids:
        # Oracle's FY2026 vanished under "medium": its counted actual is graded low, and its
        # guidance, still listed, does not count in its place.
        st.info(
            _(
                "Not counted: the figure that would count is below the minimum confidence, and the item's other "
                "figures do not stand in for it: {names}."
            ).format(names=name_list(ctx, below_confidence_ids))
        )
    if filtered_out_ids:
        # The same for the status and the other filters of a figure: under "announced", Oracle's
        # FY2026 added nothing (its counted actual is "spent") while its guidance stayed listed.
        # Named by the filters that drop them: "for example their status" was said of OpenAI's
        # round, which the regions left out (QA pass).
        st.info(
            _(
                "Not counted: these figures would count, but the filters ({filters}) leave them out, and no other "
                "figure of their items stands in for them: {names}."
            ).format(filters=dropping_filters(ctx, filtered_out_ids)[""], names=name_list(ctx, filtered_out_ids))
        )


def dropping_filters(ctx, ids: list[str]) -> dict[str, str]:
    """The sidebar filters that leave out each row of ``ids``, quoted as the sidebar names them
    ("“Regions”, “Status”"), and under "" those that leave out any of them."""
    filters = ctx.settings.filters()
    # Column by column (lookups.values_at): a take of all columns cost +20 MB of peak memory at 100k rows (measured).
    found = np.flatnonzero(lookups.is_in(ctx.all_rows["id"], ids))
    wanted = {field: (column, getattr(filters, field)) for field, column, _label in settings_mod.FACETS}
    if filters.min_confidence != ledger.CONFIDENCE_ORDER[0]:
        wanted["min_confidence"] = ("confidence", schema.confidence_at_least(filters.min_confidence))
    drops = {
        c: ~np.isin(lookups.values_at(ctx.all_rows[col], found), list(values))
        for c, (col, values) in wanted.items()
        if values
    }
    # The dates keep items by their first announcement (``ledger.apply_filters``; "to=2024" went unnamed: review).
    keys, (low, high) = lookups.values_at(ctx.all_rows["item_key"], found), filters.key_range
    drops |= {"year_from": keys < low, "year_to": keys > high}

    def quoted(controls: Iterable[str]) -> str:
        return ", ".join(ctx._("“{control}”").format(control=labels.control_label(c, ctx._)) for c in controls)

    row_ids = lookups.values_at(ctx.all_rows["id"], found)
    named = {row_id: quoted(c for c, m in drops.items() if m[i]) for i, row_id in enumerate(row_ids)}
    named[""] = quoted(c for c, m in drops.items() if m.any())
    return named


def unranked_for_want_of_horizon(ctx, economies: pd.DataFrame, names: dict[str, str], no_horizon_ids: list[str]) -> str:
    """The economy ranking's note, in the per-year and one-year views, on the economies whose
    counted items have no figure there for want of a stated horizon, with how many: France, Saudi
    Arabia and China left the ranking without a word (QA pass). ``names``: country -> economy
    name in the UI language. "" when there are none."""
    rows = ctx.rows
    mask = measures.has_economy(rows, economies) & lookups.is_in(rows["id"], no_horizon_ids)
    if not mask.any():
        return ""
    counts = rows.loc[mask, "country"].value_counts()
    shown = [
        ctx.ngettext("{economy}: {count} item", "{economy}: {count} items", int(n)).format(
            economy=escape_markdown(names[c]), count=formatting.format_number(n, locale=ctx.locale)
        )
        for c, n in sorted(counts.items(), key=lambda cn: (-cn[1], names[cn[0]]))
    ]
    # Counted per economy, not listed as economies: the US, with 3 such items, is still ranked (review).
    return ctx._(
        "Items with no stated horizon have no figure in this view, so this ranking leaves those items out (the "
        "notice above the charts names them); per economy: {economies}."
    ).format(economies="; ".join(shown))


def economy_caveats(ctx, groups: list[dict[str, Any]], names: dict[str, str]) -> list[str]:
    """The economy ranking's warnings: the economies where partly overlapping items may count money
    twice (UK 1.71% holds the Tech Prosperity Deal and the Action Plan it partly shares), and those
    whose figure holds items graded low confidence (Saudi Arabia led at 4-8% of GDP on one
    unconfirmed report, with no word of it: QA pass). ``names``: country -> economy name."""
    _ = ctx._
    low = set(ctx.rows.loc[ctx.rows["confidence"].eq("low"), "id"])
    doubled = [names.get(g["key"], g["key"]) for g in groups if g["overlap_high"] > 0]
    weak = [names.get(g["key"], g["key"]) for g in groups if low.intersection(g["ids"])]
    said = []
    if doubled:
        said.append(
            _(
                "Partly overlapping items may count money twice in: {economies} (the hover and the table give up "
                "to how much, in the overlaps the data records)."
            ).format(economies=", ".join(doubled))
        )
    if weak:
        said.append(
            _(
                "Items graded low confidence (anonymous or unconfirmed sources, or easily misread figures) are part "
                "of the figure of: {economies}; the sidebar's “Minimum confidence” leaves them out."
            ).format(economies=", ".join(weak))
        )
    return said


def parts_not_drawn(ctx, ids: list[str]) -> None:
    """Under the treemap: the parts it leaves out (the smaller ones; ``charts.drilldown``), and why."""
    if ids:
        text = ctx._(
            "Not drawn, as they would make the parts of their item add up to more than the item (they overlap, "
            "or were converted at other dates’ rates): {names}."
        )
        st.caption(text.format(names="; ".join(names_for(ctx, ids))))  # a name may hold a comma ("…, Loughton")


def no_horizon_note(ctx, ids: Iterable[str]) -> None:
    """List the counted items a per-year or one-year figure leaves out, each with its total."""
    _ = ctx._
    ids = list(ids)
    rows = ctx.all_rows
    found = np.flatnonzero(lookups.is_in(rows["id"], ids))
    # With the source's wording, as the bars give it ("up to €75B" read "(€75B)": QA pass).
    columns = ("id", "value_low", "value_high", "amount_kind")
    amounts = {
        row_id: labels.worded_money(low, high, ctx.settings.currency, kind, _, locale=ctx.locale)
        for row_id, low, high, kind in zip(*(lookups.values_at(rows[c], found) for c in columns))
    }
    listed = labels.listed(
        labels.with_detail(name, amounts[i]) for i, name in zip(ids, names_for(ctx, ids)) if i in amounts
    )
    if ctx.settings.view == "year":
        # "Full": an item with only an end ("until 2030" on Compare) read as having none (QA pass).
        text = ctx.ngettext(
            "Left out, no full period stated to place its money in {year} (its total): {names}.",
            "Left out, no full period stated to place their money in {year} (their totals): {names}.",
            len(ids),
        )
    else:
        text = ctx.ngettext(
            "Left out, no full period stated, so no per-year figure (its total): {names}.",
            "Left out, no full period stated, so no per-year figure (their totals): {names}.",
            len(ids),
        )
    # Long lists (dozens of items) stay one click away; short ones are shown as they are.
    if len(ids) <= 5:
        st.info(text.format(year=ctx.settings.year, names=listed))
        return
    # "46 counted items left out" beside the card "Items counted 19" read as a contradiction (QA
    # pass): they are counted by the "Total" view, not by this one.
    label = ctx.ngettext(
        "{count} item that “Total” counts is left out here: no full period stated",
        "{count} items that “Total” counts are left out here: no full period stated",
        len(ids),
    ).format(count=len(ids))
    with st.expander(label):
        st.info(text.format(year=ctx.settings.year, names=listed))


#: Below this width (CSS px) a page uses its phone layout.
NARROW_PX = 640


def by_width(*, wide_only: Iterable[str], narrow_only: Iterable[str]) -> None:
    """Show what the CSS selectors ``wide_only`` name only on screens wider than :data:`NARROW_PX`,
    and ``narrow_only`` only on narrower ones: CSS, because the server cannot know the width (the
    Data page's table or cards; point texts that pile up and run past a phone's plot, about 280 px
    wide, and the note that says they are left out)."""
    rules = [(f"max-width: {NARROW_PX}px", wide_only), (f"min-width: {NARROW_PX + 1}px", narrow_only)]
    st.html(
        "<style>"
        + "".join(f"@media ({when}) {{ {', '.join(hide)} {{ display: none; }} }}" for when, hide in rules if hide)
        + "</style>"
    )


#: Every swipe hint's key ends so; one rule hides them all on wide screens (:func:`swipe_hints_style`).
_SWIPE = "_swipe"


def swipe_hints_style() -> None:
    """Hide every :func:`swipe_hint` on wide screens: once a run, by the app, outside any fragment.
    Streamlit puts style-only HTML in one hidden container by position, and a fragment's rerun
    wrote its rule over the page's next one: after "Table" under Compare's chart, the hint above
    Compare's own table showed at 1400 px (its rule was gone)."""
    by_width(wide_only=(), narrow_only=(f"[class*='st-key-'][class*='{_SWIPE}']",))


def swipe_hint(key: str, text: str) -> None:
    """``text`` above a table on narrow screens only: on a phone a table's name column fills the
    screen and its amounts sit off it, with no sign (ranking tables, Compare's table). ``key``
    ends in "_swipe" (hidden on wide screens by :func:`swipe_hints_style`)."""
    if not key.endswith(_SWIPE):
        raise ValueError(f"a swipe hint's key ends in {_SWIPE!r}: {key!r}")
    with st.container(key=key):
        st.caption(text)
