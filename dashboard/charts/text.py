"""What charts write: row and item labels, short names cut to fit, hovers, source sites.

Data text is escaped (:func:`escape`) wherever Plotly would read it as markup.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from dashboard import dates, formatting, lookups
from dashboard.explain import rate_date
from dashboard.i18n import Gettext
from dashboard.labels import confidence_label, qualified_amount, scope_label, status_label
from dashboard.locale_base import language_of
from dashboard.years import CAPEX, view_columns

#: Longest axis or legend label; longer names are cut with an ellipsis (the hover has them whole)
#: so that the bars keep their room on a phone.
MAX_LABEL = 48
#: Characters a hover line holds before it wraps (every item's and every sum's hover): at 420 px
#: a box of a longer line (a running total's "… once … is added", a note on bounds, a long name)
#: ran past the screen and lost its start, the region and the amount (QA pass). ~7 px a
#: character at Plotly's 13 px. Titles and lines are plain escaped text, without markup. By hand
#: (``textwrap``): Plotly sizes a hover box to its longest line and has no wrapping option.
HOVER_WRAP = 46


def item_label(row: pd.Series, locale: str) -> str:
    """The item's name in the UI language (German falls back to English where empty)."""
    if language_of(locale) == "de":
        return str(row.get("item_name_de") or row.get("item_name") or row["name"])
    return str(row.get("item_name") or row["name"])


def row_label(row: pd.Series, locale: str) -> str:
    if language_of(locale) == "de" and row.get("name_de"):
        return str(row["name_de"])
    return str(row["name"])


def horizon(start: object, end: object, *, locale: str, _: Gettext) -> str:
    """A figure's stated period ("2025–2028"; "until 2030" where only its end is stated, as
    Amazon's "by 2030"; "from 2025" where only its start is), or "no stated horizon".

    >>> horizon("2025", "2028", locale="de_DE", _=str), horizon("", "2030", locale="en_US", _=str)
    ('2025–2028', 'until 2030')
    >>> horizon("2025-06", None, locale="en_US", _=str), horizon(None, "", locale="en_US", _=str)
    ('from Jun 2025', 'no stated horizon')
    """
    has_start, has_end = (isinstance(bound, str) and bound != "" for bound in (start, end))  # not None or NaN
    if not has_start and not has_end:
        return _("no stated horizon")
    if has_start != has_end:  # "? – 2027" on Compare's bars was cryptic (QA pass)
        known = dates.format_announced(start if has_start else end, locale=locale)
        return (_("from {start}") if has_start else _("until {end}")).format(start=known, end=known)
    return dates.format_period(start, end, locale=locale)


@lru_cache(maxsize=4096)
def source_site(url: str) -> str:
    """The host of a source URL, without ``www.``; empty for anything that is not http(s)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https"):
        return ""
    host = parts.hostname or ""
    return host[4:] if host.startswith("www.") else host


def escape(text: str) -> str:
    # Plotly renders a small HTML subset in hover and tick text: data text must stay text.
    return html.escape(str(text), quote=False)


#: Spans a line never breaks inside: an amount with its unit ("65 Mrd. $", "1 GBP", "1,1612 EUR")
#: and a date ("30. Okt. 2026", "Oct 30, 2026"). A chart note broke "über 65 Mrd." / "$ (Serie H)"
#: and a hover "Kurse bis 30." / "Okt. 2026)" (QA pass 14).
_UNBROKEN = re.compile(
    r"\d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,4}\.? \d{4}"  # dates first: "30." is an amount's start too
    r"|\b[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}"
    r"|\d[\d.,]*(?: (?:Mrd|Mio|Bio|Tsd)\.)?(?: (?:[A-Z]{0,2}[$€£¥₹₩]|[A-Z]{3})(?!\w))?"
)
#: Stands for a space inside such a span while ``textwrap`` splits (it splits at ASCII whitespace only).
_HELD = "\x00"


def wrap_words(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters, broken between words only, never inside an
    amount or a date; a word longer than a line stays whole.

    >>> wrap_words("Anthropic: Finanzierungsrunde über 65 Mrd. $ (Serie H)", 40)
    ['Anthropic: Finanzierungsrunde über', '65 Mrd. $ (Serie H)']
    >>> wrap_words("Kurs: 1 GBP = 1,1612 EUR (2026, Kurse bis 30. Okt. 2026)", 48)
    ['Kurs: 1 GBP = 1,1612 EUR (2026, Kurse bis', '30. Okt. 2026)']
    """
    held = _UNBROKEN.sub(lambda m: m.group(0).replace(" ", _HELD), text)
    lines = textwrap.wrap(held, width, break_long_words=False, break_on_hyphens=False)
    return [line.replace(_HELD, " ") for line in lines]


def hover_lines(lines: Iterable[str], title: str = "") -> str:
    """A hover box of plain (escaped) ``lines`` under a bold ``title``, each wrapped between words
    at ``HOVER_WRAP`` characters; empty lines are left out.

    >>> hover_lines(["€63.7–111B", "", "Includes figures stated as “up to”: the sum may be lower"], "Middle East")
    '<b>Middle East</b><br>€63.7–111B<br>Includes figures stated as “up to”: the sum<br>may be lower'
    """

    def wrapped(line: str) -> list[str]:
        if len(line) <= HOVER_WRAP:  # most lines: a chart has thousands of hovers at 100k rows
            return [line]
        return wrap_words(line, HOVER_WRAP) or [line]

    head = [f"<b>{part}</b>" for part in wrapped(title)] if title else []
    return "<br>".join([*head, *(part for line in lines if line for part in wrapped(line))])


def short_label(label: str, limit: int = MAX_LABEL) -> str:
    """``label`` cut at a word boundary to at most ``limit`` characters, with an ellipsis.

    >>> short_label("Microsoft: Investitionen GJ 2025 (KI-Rechenzentren)")
    'Microsoft: Investitionen GJ 2025…'
    >>> short_label("Stargate Project")
    'Stargate Project'
    """
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,:;(-–") + "…"


def _head_and_tail(label: str, limit: int) -> str:
    """``label`` cut in the middle at word boundaries, keeping its end."""
    tail = label[len(label) - (limit - 1) * 2 // 5 :]
    if label[len(label) - len(tail) - 1] != " " and " " in tail:
        tail = tail[tail.index(" ") + 1 :]
    head = label[: len(label) - len(tail)].rstrip()
    head = short_label(head, limit - 1 - len(tail)).rstrip("…").rstrip(" ,:;(-–")
    return f"{head}…{tail}"


def distinct_labels(names: Sequence[str], shorts: Sequence[str], limit: int = MAX_LABEL) -> list[str]:
    """Chart labels: the data's short name where it has one, else the name cut to ``limit``.

    Names whose cut forms collide are cut in the middle instead, so what tells them apart
    (usually the end: a year, "actual", "guidance") stays visible.

    >>> distinct_labels(["Meta: Investitionen 2025 (Prognose vom Januar)", "Meta: Investitionen 2025 (Ist-Zahl)"],
    ...                 ["", ""], 28)
    ['Meta: Investitionen…Januar)', 'Meta: Investitio…(Ist-Zahl)']
    >>> distinct_labels(["Stargate Project", "Meta capex 2026"], ["", "Meta 2026"])
    ['Stargate Project', 'Meta 2026']
    """
    out = [short or short_label(name, limit) for name, short in zip(names, shorts)]
    seen: dict[str, set[str]] = {}
    for name, label in zip(names, out):
        seen.setdefault(label, set()).add(name)
    return [
        _head_and_tail(name, limit) if not short and len(seen[label]) > 1 and len(name) > limit else label
        for name, short, label in zip(names, shorts, out)
    ]


#: A short name that states an amount ("Stargate (US, $500bn)", "Anthropic-Azure $30bn").
STATES_AMOUNT = re.compile(r"[$€£¥₹]|\d\s?(?:bn|tn|Mrd|Mio|Bio)\b")


def short_names(frame: pd.DataFrame, locale: str, *, view: str) -> dict[str, str]:
    """Row id -> the data's short name in the UI language (``short_name_de`` in German, where
    set; the English short name is not used for German, which derives from ``name_de``).
    Outside the total ``view``: none that states an amount, which beside a per-year or one-year
    figure reads as that figure ("Stargate (US, $500bn)" over €121B a year: review)."""
    column = "short_name_de" if language_of(locale) == "de" else "short_name"
    values = frame[column].fillna("").to_numpy(dtype=object)
    present = np.flatnonzero(values != "")
    named = dict(zip(lookups.values_at(frame["id"], present), values[present]))
    return named if view == "total" else {i: n for i, n in named.items() if not STATES_AMOUNT.search(n)}


#: Scopes whose money is not AI-only: a hover says so, as a reader quotes a hover without the filters.
NOT_AI_ONLY = frozenset({CAPEX, "multi-technology"})


def hover_columns(view: str = "total") -> tuple[str, ...]:
    """The columns :meth:`Hovers.text` reads (a chart takes only these, and its own, from a large frame)."""
    columns = (
        "id",
        "name",
        "name_de",
        "item_id",
        "item_name",
        "item_name_de",
        "role",
        "scope",
        "latest_revision",
        "revised",
        "amount_low",
        "amount_high",
        "amount_kind",
        "currency",
        "fx_rate",
        "fx_date",
        "status",
        "confidence",
        "announced",
        "source_url",
    )
    if view == "total":
        return columns + ("value_low", "value_high")
    period = ("period_years", "period_start", "period_end")
    if view == "year":
        return columns + ("year_low", "year_high", "year_months", "calendar_year", "value_low", "value_high", *period)
    return columns + ("per_year_low", "per_year_high", *period)


class Hovers:
    """Hover texts for one chart: the settings, and each part formatted once (pure: a new
    instance per chart, nothing outlives it)."""

    def __init__(self, *, currency: str, locale: str, _: Gettext, view: str) -> None:
        self.currency, self.locale, self._, self.view = currency, locale, _, view
        self.low_col, self.high_col = view_columns(view)
        self._memo: dict = {}

    def _once(self, key: tuple, make: Callable[[], str]) -> str:
        try:
            return self._memo[key]
        except KeyError:
            text = self._memo[key] = make()
            return text
        except TypeError:  # an unhashable or incomparable cell: format it without the memo
            return make()

    def money(self, low: object, high: object, currency: str) -> str:
        """``formatting.format_money_range`` (compact) of one range, once per distinct range."""
        return self._once(
            ("money", low, high, currency),
            lambda: formatting.format_money_range(low, high, currency, locale=self.locale),
        )

    #: The columns :meth:`label` reads.
    LABEL_COLUMNS = ("amount_kind", "period_years", "year_months", "value_low", "value_high")
    #: The columns :meth:`conversion` reads.
    RATE_COLUMNS = ("currency", "fx_rate", "fx_date")

    def label(self, row, low: float, high: float) -> str:
        """A bar's amount as its table gives it: :meth:`amount`, and in the one-year view of what
        (:meth:`of_whole`)."""
        return self.of_whole(row, self.amount(row, low, high))

    def amount(self, row, low: float, high: float) -> str:
        """An amount with the source's wording ("about $190B": the chart said "$190B", the table
        "about $190B"), and a per-year figure of a period shorter than a year marked as a rate (a
        quarter's $37.5bn drew "$150B" beside Stargate's $125B: QA pass)."""
        text = qualified_amount(self.money(low, high, self.currency), row.get("amount_kind", ""), self._, value=high)
        if self.view == "per-year" and row.get("period_years", math.nan) < 1:  # NaN compares False
            text = self._("{amount}, annualised").format(amount=text)
        return text

    def of_whole(self, row, text: str) -> str:
        """In the one-year view, a figure whose period the year holds only in part says of what:
        "$44.1B of $88.2B" (Microsoft's fiscal 2025 in 2025): the label alone, under the name
        "Microsoft capex FY25 (actual)", read as the fiscal year's capex (QA pass)."""
        months, years = row.get("year_months", math.nan), row.get("period_years", math.nan)
        if self.view != "year" or not 0 < months < years * 12 - 1e-9:  # NaN compares False; none: "₩0"
            return text
        whole = self.money(row["value_low"], row["value_high"], self.currency)
        if formatting.MISSING in (text, whole):  # no rate: "–", never "– of –" (review)
            return text
        # The whole keeps its wording too: "about €7.36B of €51.5B" read as if €51.5B were exact (QA pass).
        whole = qualified_amount(whole, row.get("amount_kind", ""), self._, value=row["value_high"])
        return self._("{amount} of {whole}").format(amount=text, whole=whole)

    def conversion(self, row) -> str | None:
        """How the row was converted, "1 USD = 0.9655 EUR (Jan 21, 2025)", once per distinct rate;
        None in the display currency or without a rate. The hover's "Rate" line and the tables'
        "Rate" column (a chart's CSV gave converted figures without the rate: QA pass 11)."""
        source, rate = row["currency"], row.get("fx_rate")
        if source == self.currency or pd.isna(rate):
            return None
        date = row["fx_date"]
        return self._once(
            ("rate", source, rate, date),
            lambda: self._("1 {source} = {rate} {target} ({date})").format(
                source=source,
                rate=formatting.format_rate(rate, locale=self.locale),
                target=self.currency,
                date=rate_date(date, locale=self.locale, gettext=self._),
            ),
        )

    def text(self, row) -> str:
        """One hover box: what the figure is, where it came from and how it was converted."""
        _, locale, currency, view = self._, self.locale, self.currency, self.view
        lines: list[str] = []
        if row.get("item_id") and row.get("item_id") != row["id"]:
            # A contract or loan beside an item is not a part of it: "$100bn+ … part of: Amazon's $25bn" (QA pass).
            role = row["role"]  # one lookup a hover, not three: a chart has hundreds of hovers
            relation = (
                (
                    _("latest figure for: {item}")
                    if row["latest_revision"]
                    # Revised again later: Alphabet's Jul 2025 raise read "latest figure for" (QA pass).
                    else _("earlier figure for: {item} (revised since)")
                    if row["status"] != "cancelled" and row["amount_high"] == row["amount_high"]  # NaN: no figure
                    else _("revision of: {item}")
                )
                if role == "revision"
                else _("running total of: {item}")
                if role == "cumulative"
                else _("beside: {item} (never added to it)")
                if role == "context"
                else _("part of: {item}")
            )
            lines.append(relation.format(item=escape(item_label(row, locale))))
        else:
            if row["role"] == "context":
                # China's "about €255B" plan read as an investment like any other on the Timeline (QA pass 25).
                lines.append(_("context: never added to a total"))
            if row.get("revised") is not None and row["revised"] == True:  # noqa: E712 (NaN or numpy bool)
                # A headline shown at its first figure said nothing of the raises after it (QA pass 2).
                lines.append(_("first figure (revised since)"))
        if row.get("scope") in NOT_AI_ONLY:  # "Amazon 2026 capex guidance: about $200B" as AI money (QA pass 25)
            lines.append(_("Scope: {scope}").format(scope=scope_label(row["scope"], _)))
        # "up to", "more than", "about" as the source words it, on the converted figure too.
        kind = row.get("amount_kind", "")
        original = qualified_amount(self.money(row["amount_low"], row["amount_high"], row["currency"]), kind, _)
        # A reported actual ("spent") was not announced: "Announced: $37.5B" for a quarter's capex.
        spent = row["status"] == "spent"
        said = _("Reported: {amount}") if spent else _("Announced: {amount}")
        lines.append(said.format(amount=original))
        high = row[self.high_col]
        converted = qualified_amount(self.money(row[self.low_col], high, currency), kind, _, value=high)
        label = {
            "total": _("Converted: {amount}"),
            "per-year": _("Per year: {amount}"),
            "year": _("In {year}: {amount}"),
        }[view]
        # Not "Converted: €200B" under "Announced: €200B": an amount in the display currency is not converted.
        if not (view == "total" and row["currency"] == currency):
            lines.append(label.format(amount=converted, year=row.get("calendar_year")))
        if view == "year" and not math.isnan(row.get("year_months", math.nan)):
            lines.append(
                _("{months} of its {total} months ({period})").format(
                    months=formatting.format_number(row["year_months"], locale=locale, digits=0),
                    total=formatting.format_number(row["period_years"] * 12, locale=locale, digits=0),
                    period=dates.format_period(row["period_start"], row["period_end"], locale=locale),
                )
            )
        elif view == "per-year" and not math.isnan(row.get("period_years", math.nan)):
            years = float(row["period_years"])
            period = dates.format_period(row["period_start"], row["period_end"], locale=locale)
            if years < 1:
                # A quarter read "over 0.3 years" next to its amount × 4: say months, and that it is a rate.
                months = round(years * 12)
                over = (
                    _("over {months} month ({period}), annualised")
                    if months == 1
                    else _("over {months} months ({period}), annualised")
                )
                lines.append(over.format(months=months, period=period))
            else:
                # One year is the only singular: a fractional count ("1.5 years") is plural in both
                # languages the UI speaks.
                over = _("over {years} year ({period})") if years == 1 else _("over {years} years ({period})")
                number = formatting.format_number(years, locale=locale, digits=0 if years.is_integer() else 1)
                lines.append(over.format(years=number, period=period))
        if conversion := self.conversion(row):
            lines.append(_("Rate: {conversion}").format(conversion=conversion))
        status, confidence = row["status"], row["confidence"]
        lines.append(
            self._once(
                ("status", status, confidence),
                lambda: _("Status: {status} · confidence: {confidence}").format(
                    status=status_label(status, _), confidence=confidence_label(confidence, _)
                ),
            )
        )
        announced = row["announced"]
        lines.append(
            self._once(
                ("announced", announced, spent),
                lambda: (_("Reported on: {date}") if spent else _("Announced on: {date}")).format(
                    date=dates.format_announced(announced, locale=locale)
                ),
            )
        )
        site = source_site(row.get("source_url", ""))
        if site:
            lines.append(_("Source: {site}").format(site=escape(site)))
        # Wrapped: "Microsoft: Investitionsprognose von rund 190 Mrd. $ (als Kalenderjahr 2026
        # gelesen)" made a box 452 px wide that lost its start at 420 px (QA pass).
        return hover_lines(lines, escape(row_label(row, locale)))
