"""Translated names for the dataset's codes and the settings' values: one home for every label.

Each function takes the code and a ``gettext``; an unknown code is returned unchanged (data from
an upload may carry a value that has no translation yet, and it must still show). Pure: no
Streamlit. Widgets translate with these over stable option values (``format_func``), so an
option's identity never depends on the UI language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import babel.numbers as _bn
from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_name

from dashboard import formatting
from dashboard import schema as s
from dashboard.i18n import Gettext
from dashboard.locale_base import babel_locale, normalize_locale, to_decimal


def region_label(region: str, _: Gettext) -> str:
    return {
        "Europe": _("Europe"),
        "North America": _("North America"),
        "Asia": _("Asia"),
        "Middle East": _("Middle East"),
        "Global": _("Global"),
    }.get(region, region)


def listed(names: Iterable[str]) -> str:
    """Names joined with commas, or semicolons where one holds a colon or comma: "Microsoft:
    tatsächliche Investitionen GJ 2025 …, Alphabet: tatsächliche …" read as one run of pairs (QA pass 8).

    >>> listed(["Stargate", "InvestAI"]), listed(["Meta: actual 2025", "Alphabet: actual 2025"])
    ('Stargate, InvestAI', 'Meta: actual 2025; Alphabet: actual 2025')
    """
    names = list(names)
    return ("; " if any(":" in name or "," in name for name in names) else ", ").join(names)


def with_detail(name: str, *details: str) -> str:
    """``name (detail; detail)``, without the details it already states, each once, or ``name``
    alone: "Anthropic: … über 65 Mrd. $ (Serie H) (65 Mrd. $)" in a list of totals (QA pass 14).
    ``name`` may be Markdown-escaped; spaces, no-break spaces and "bn" for "B" do not make a difference.

    >>> with_detail("Anthropic $65bn round", "$65B"), with_detail("Google Belgium", "€5B")
    ('Anthropic $65bn round', 'Google Belgium (€5B)')
    >>> with_detail("Mistral AI: 4 Mrd. € für Rechenzentren", "4 Mrd.\N{NO-BREAK SPACE}€")
    'Mistral AI: 4 Mrd. € für Rechenzentren'
    >>> with_detail("Google: 5,5 Mrd. € in Deutschland", "5 Mrd. €"), with_detail("Microsoft Canada C$7.5bn", "$7.5B")
    ('Google: 5,5 Mrd. € in Deutschland (5 Mrd. €)', 'Microsoft Canada C$7.5bn ($7.5B)')

    Capacities too, however the name joins number and unit ("Stargate UAE 1GW cluster (1 GW)",
    QA pass 15):

    >>> with_detail("Stargate UAE 1GW cluster", "1 GW"), with_detail("Stargate UAE: 1-GW-Cluster", "1 GW")
    ('Stargate UAE 1GW cluster', 'Stargate UAE: 1-GW-Cluster')
    >>> with_detail("Campus 1.2 GW", "2 GW"), with_detail("Stargate UAE 1GW cluster", "1 GW", "part", "part", "")
    ('Campus 1.2 GW (2 GW)', 'Stargate UAE 1GW cluster (part)')
    """

    def plain(text: str) -> str:
        text = re.sub(r"(\d)[\s-]?GW\b", r"\1GW", " ".join(text.replace("\\", "").split()))
        return re.sub(r"(\d)bn\b", r"\1B", text)

    # Whole amounts only: "5 Mrd. €" is not stated by "5,5 Mrd. €", nor "$7.5B" by "C$7.5bn" (review).
    said = plain(name)
    shown = [d for d in dict.fromkeys(details) if d and not re.search(rf"(?<![\w.,]){re.escape(plain(d))}(?!\w)", said)]
    return f"{name} ({'; '.join(shown)})" if shown else name


#: Most partial overlaps the Method page lists, the largest first: an upload of 600 items each
#: overlapping all the others listed 179,700 (4.4 MB of text; Chromium's tab stopped answering for
#: ten minutes, and each run took 3.5 s: attack round 4). ``python -m dashboard totals`` lists every one.
OVERLAPS_SHOWN = 500


def overlap_lines(
    names: list[str],
    amounts: list[tuple[float, float]],
    currency: str,
    *,
    locale: str,
    _: Gettext,
    limit: int | None = None,
) -> list[str]:
    """Each partial overlap, the largest first, with its bound (``overlaps.Overlap.shares``): the
    list named 41 pairs without saying which of them hold the money (a reader had to look up every
    figure to find the €103B beside the €0.4B). The first ``limit`` only, where given: an upload of
    600 items each overlapping all others made 179,700 lines (attack round 4).

    >>> overlap_lines(["A ↔ B", "C ↔ D"], [(1e9, 2e9), (5e9, 5e9)], "EUR", locale="en_US", _=str)
    ['up to €5B: C ↔ D', 'up to €1–2B: A ↔ B']
    >>> overlap_lines(["A ↔ B", "C ↔ D"], [(1e9, 2e9), (5e9, 5e9)], "EUR", locale="en_US", _=str, limit=1)
    ['up to €5B: C ↔ D']
    """
    order = sorted(range(len(names)), key=lambda i: (-amounts[i][1], names[i]))[:limit]
    return [
        _("up to {amount}: {pair}").format(
            amount=formatting.format_money_range(*amounts[i], currency, locale=locale), pair=names[i]
        )
        for i in order
    ]


def region_help(_: Gettext) -> str:
    """What a row's region is: "Europe: €546–559B" read as European money (QA pass 8)."""
    return _(
        "Where the money goes, not who pays: the country of a programme, site or pledge (Europe includes the UK "
        "and Norway, and US companies' pledges for European countries). Company capex and funding rounds go by "
        "the company's home country, though capex is spent worldwide. Global: no one country."
    )


def qualified_amount(amount: str, kind: str, _: Gettext, value: float | None = None) -> str:
    """A formatted amount with the source's wording of it (``amount_kind``): "about", "up to",
    "more than"; a plain figure (exact, or no kind) as it is. ``value``, the figure formatted:
    no wording before nothing (0: money outside the year) or no figure (NaN).

    >>> qualified_amount("£31B", "more-than", str), qualified_amount("$50–100B", "up-to", str)
    ('more than £31B', 'up to $50–100B')
    >>> qualified_amount("$10B", "exact", str), qualified_amount("", "approx", str)
    ('$10B', '')
    >>> qualified_amount("€0", "approx", str, value=0.0), qualified_amount("–", "approx", str, value=float("nan"))
    ('€0', '–')
    """
    if not amount or (value is not None and not value > 0):  # NaN compares False
        return amount
    wording = {
        "approx": _("about {amount}"),
        "up-to": _("up to {amount}"),
        "more-than": _("more than {amount}"),
        # A cost per unit only (measures.per_unit_kind): a bound over an "about" figure, or the reverse.
        "at-least": _("at least {amount}"),
        "up-to-approx": _("up to about {amount}"),
        "at-least-approx": _("at least about {amount}"),
        "more-than-approx": _("more than about {amount}"),
    }
    return wording[kind].format(amount=amount) if kind in wording else amount


def worded_money(low: float, high: float, currency: str, kind: str, _: Gettext, *, locale: str) -> str:
    """A money range (``formatting.format_money_range``) with its source's wording, which a
    figure derived from it may keep (a cost per unit takes ``measures.per_unit_kind``'s).

    >>> worded_money(60e9, 65e9, "USD", "up-to", str, locale="en_US")
    'up to $60–65B'
    >>> worded_money(0.0, 0.0, "EUR", "approx", str, locale="en_US")  # no wording before nothing
    '€0'
    """
    return qualified_amount(formatting.format_money_range(low, high, currency, locale=locale), kind, _, value=high)


def quantity_text(low: object, high: object, locale: str) -> str:
    """A count or a capacity as stored (the data's own digits), as one figure or a range ("1.4–1.5").
    Not rounded to two decimals: Mistral's 44 MW read "0.04 GW" next to a cost per GW computed
    from 0.044 ($830M ÷ 0.04 is not the $18.9B shown; QA pass).

    >>> quantity_text(1.4, 1.5, "en_US"), quantity_text(100000, 100000, "de_DE"), quantity_text(None, None, "en_US")
    ('1.4–1.5', '100.000', '–')
    >>> quantity_text(0.044, 0.044, "en_US"), quantity_text(0.065, 0.23, "de_DE")
    ('0.044', '0,065–0,23')
    """
    loc = babel_locale(normalize_locale(locale))
    numbers = [to_decimal(v) for v in (low, high)]
    # Six decimals hold a stored capacity to the kilowatt; float noise beyond them is not data.
    texts = [_bn.format_decimal(n, format="#,##0.######", locale=loc) for n in numbers if n is not None]
    if not texts:
        return formatting.MISSING
    return texts[0] if len(set(texts)) == 1 else "–".join(texts)


def worded_quantity(row: dict, unit: str, locale: str, _: Gettext) -> str:
    """A row's capacity (``unit="gw"``) or accelerator count (``"accelerator"``) with the source's
    wording of it: "up to 5" (GW) beside "up to €75B", which is why a cost per GW is "about".

    >>> row = {"capacity_gw_low": 5.0, "capacity_gw_high": 5.0, "capacity_gw_kind": "up-to"}
    >>> worded_quantity(row, "gw", "en_US", str), worded_quantity({**row, "capacity_gw_kind": ""}, "gw", "en_US", str)
    ('up to 5', '5')
    """
    low, high, kind = s.UNIT_COLUMNS[unit]
    return qualified_amount(quantity_text(row[low], row[high], locale), row.get(kind) or "", _, value=row[high])


def summed_money(low: float, high: float, currency: str, kinds: Iterable[str], _: Gettext, *, locale: str) -> str:
    """A sum of figures (``format_money_range``) with the source's wording their ``amount_kind``
    values share: a sum of "about" figures is "about", of "up to" ones "up to"; a mix has none.
    The one-year view of 2034 read "Total €7.36B" beside "Largest item about €7.36B", one item.

    >>> summed_money(5e9, 5e9, "EUR", ["approx", "approx"], str, locale="en_US")
    'about €5B'
    >>> summed_money(5e9, 5e9, "EUR", ["approx", "up-to"], str, locale="en_US")
    '€5B'
    """
    return worded_sum(formatting.format_money_range(low, high, currency, locale=locale), kinds, _, value=high)


def worded_sum(text: str, kinds: Iterable[str], _: Gettext, *, value: float) -> str:
    """``text``, a sum of figures already formatted (a share of GDP, money in a chart's unit), with
    the wording their ``amount_kind`` values share (:func:`summed_money` for money).

    >>> worded_sum("4.04–8.08%", ["up-to"], str, value=0.08), worded_sum("2.1%", ["up-to", "exact"], str, value=0.02)
    ('up to 4.04–8.08%', '2.1%')
    """
    return qualified_amount(text, shared_wording(kinds), _, value=value)


def shared_wording(kinds: Iterable[str]) -> str:
    """The one ``amount_kind`` of every figure in a sum, "" for a mix (a mix has no wording).

    >>> shared_wording(["up-to", "up-to"]), shared_wording(["up-to", "exact"])
    ('up-to', '')
    """
    shared = set(kinds)
    return shared.pop() if len(shared) == 1 else ""


def sum_wording(kinds: Iterable[str], _: Gettext) -> str:
    """How the figures of a sum are stated, for a table's column beside it: the wording all share,
    else which bounds it holds and which way they pull, short enough for a column (the sentence of
    :func:`bounds_note` was cut at "Includes figures stated as “up to” and a…": QA pass); "" for
    exact figures, or a mix without bounds.

    >>> sum_wording(["up-to"], str), sum_wording(["exact", "more-than"], str), sum_wording(["exact"], str)
    ('up to', 'partly “more than”: may be higher', '')
    """
    kinds = set(kinds)
    return wording_label(shared_wording(kinds), _) or {
        "both": _("partly “up to” / “more than”: may be lower or higher"),
        "up-to": _("partly “up to”: may be lower"),
        "more-than": _("partly “more than”: may be higher"),
    }.get(_mixed_bounds(kinds), "")


def wording_label(kind: str, _: Gettext) -> str:
    """An ``amount_kind`` as a table's cell says it: "about", "up to", "more than"; "" for exact."""
    return {"approx": _("about"), "up-to": _("up to"), "more-than": _("more than")}.get(kind, "")


def bounds_note(kinds: Iterable[str], _: Gettext) -> str:
    """For a sum whose figures mix wordings: which of them are bounds and so which way the sum may
    be off (a hover's or a help's line; "" when none is a bound or all share one wording, which
    the sum then says itself). "Middle East €63.7–111B" held Saudi Arabia's "up to $50–100bn"
    and said nothing of it (QA pass).

    >>> bounds_note(["exact", "up-to"], str)
    'Includes figures stated as “up to”: the sum may be lower'
    >>> bounds_note(["up-to"], str), bounds_note(["exact", "approx"], str)
    ('', '')
    """
    return {
        "both": _("Includes figures stated as “up to” and as “more than”: the sum may be lower or higher"),
        "up-to": _("Includes figures stated as “up to”: the sum may be lower"),
        "more-than": _("Includes figures stated as “more than”: the sum may be higher"),
    }.get(_mixed_bounds(kinds), "")


def _mixed_bounds(kinds: Iterable[str]) -> str:
    """Which bounds a mix of wordings holds: "both", "up-to", "more-than"; "" for none or no mix."""
    kinds = set(kinds)
    if len(kinds) < 2:
        return ""
    up_to, more_than = "up-to" in kinds, "more-than" in kinds
    return "both" if up_to and more_than else "up-to" if up_to else "more-than" if more_than else ""


def one_year_of_capex(year: int | None, left_out: str, _: Gettext, *, counted: bool = True) -> str:
    """How a total counts company capex (``counted``: some is in it) and whose capex it leaves out
    as another year's (``left_out``: their names), in the Overview's and the Timeline's words."""
    said = [
        _(
            "Company capex counts one year per company: the fiscal year ending in {year} (change it under "
            "“Year” in the sidebar), never two years of one company."
        ).format(year=year)
    ]
    if left_out:
        said.append(_("Left out as the capex of another year, or of no stated year: {names}.").format(names=left_out))
    return " ".join(said[0 if counted else 1 :])


def caveats(_: Gettext) -> dict[str, str]:
    """The Method page's caveats about one item or one kind of money, by what they apply to: an
    item's id, or the scope ``capex-total``. Compare repeats those of its picks beside the ratios:
    a newcomer compared InvestAI with Stargate and a year of capex there without them (QA pass 26)."""
    return {
        "investai": _(
            "**InvestAI mobilises rather than spends.** The €200 bn is a target for public and private investment; "
            "about €50 bn is repackaged from existing EU programmes, the rest is hoped-for private money."
        ),
        "stargate": _(
            "**Stargate's financing was questioned** from the start; its $500 bn is an intention over four years, "
            'and later "committed" totals are planned capacity, not money spent.'
        ),
        "capex-total": _(
            "**Company capex is not AI-only.** Big Tech figures are total capital expenditure (data centres, "
            "servers, also other buildings), with different definitions of leases and fiscal years."
        ),
        "deepseek-v3-training-run": _(
            "**DeepSeek's figure is a narrow training-run cost**: rented GPU hours for one final run, not the "
            "cost of the company's hardware or research."
        ),
    }


#: Items a caveat of :func:`caveats` also applies to (DeepSeek-R1's cost is one training run too).
_CAVEAT_ALSO = {"deepseek-r1-training": "deepseek-v3-training-run"}


def caveats_for(items: Iterable[str], scopes: Iterable[str], _: Gettext) -> list[str]:
    """The :func:`caveats` that apply to rows of these items and scopes."""
    present = {*items, *(scope for scope in scopes if scope == "capex-total")}
    present |= {_CAVEAT_ALSO[item] for item in present if item in _CAVEAT_ALSO}
    return [text for key, text in caveats(_).items() if key in present]


def shared_pairs(pairs: Iterable[tuple[int, int, str]], names: list[str], _: Gettext) -> str:
    """Pairs of rows that hold some of the same money (``overlaps.shared_money``), in words."""
    wording = {
        "part": _("{item} is part of {other}"),
        "same": _("{item} and {other} are figures for the same item"),
        "inside": _("{item} is counted inside {other}"),
        "partial": _("{item} and {other} may partly be the same money"),
    }
    return "; ".join(wording[kind].format(item=names[a], other=names[b]) for a, b, kind in pairs)


def status_label(status: str, _: Gettext) -> str:
    return {
        "announced": _("announced"),
        "committed": _("committed"),
        "spent": _("spent"),
        "cancelled": _("cancelled"),
    }.get(status, status)


def confidence_label(confidence: str, _: Gettext) -> str:
    return {"high": _("high"), "medium": _("medium"), "low": _("low")}.get(confidence, confidence)


def confidence_help(_: Gettext) -> str:
    """What a confidence grade means (data/README, "Confidence grades"): a reader who kept only
    "high" could not tell why Amazon's 2026 capex guidance, reported by every newsroom, was left out."""
    return _(
        "High: the announcer states the figure (a filing, release or government document), or two independent "
        "newsrooms do. Medium: one newsroom's report, however many sites relay it, or a figure that needs "
        "interpretation. Low: anonymous sources, pages no second source confirms, or a figure easily misread. "
        "Each row's note says why."
    )


def actor_type_label(actor_type: str, _: Gettext) -> str:
    return {
        "public": _("public"),
        "private": _("private"),
        "public-private": _("public-private"),
        "corporate": _("corporate"),
    }.get(actor_type, actor_type)


def scope_label(scope: str, _: Gettext) -> str:
    return {
        "ai-infrastructure": _("AI infrastructure"),
        "ai-programme": _("AI programme"),
        "capex-total": _("Company capex (all, not AI-only)"),
        "venture": _("Venture funding"),
        "training-cost": _("Training cost"),
        "multi-technology": _("Several technologies"),
    }.get(scope, scope)


def control_label(field: str, _: Gettext) -> str:
    """The sidebar's name of a filter control: the control shows it, notes and captions quote it."""
    return {
        "regions": _("Regions"),
        "actor_types": _("Actor types"),
        "statuses": _("Status"),
        "scopes": _("Scope"),
        "min_confidence": _("Minimum confidence"),
        "year_from": _("Announced from"),
        "year_to": _("Announced to"),
    }[field]


def role_label(role: str, _: Gettext) -> str:
    return {
        "headline": _("headline"),
        "component": _("part"),
        "revision": _("revision"),
        "cumulative": _("running total"),
        "context": _("context"),
    }.get(role, role)


def not_counted_label(code: str, _: Gettext, *, item: str = "", year: int | None = None, filters: str = "") -> str:
    """Why a row is not added (:func:`dashboard.export.not_counted`), short, for a table cell;
    ``item``: the name of what the code names (its item, its container, the figure that counts);
    ``filters``: the filters that leave that figure out, as the sidebar names them."""
    return {
        "": "",
        "cancelled": _("cancelled"),
        "no-amount": _("no amount stated"),
        "part": _("part of {item}"),
        "part-uncounted": _("part of {item} (not counted here either)"),
        "context": _("context figure, never added"),
        "running-total": _("running total, never added"),
        "no-rate": _("no exchange rate for its date"),
        "other-year": _("capex of another year than {year}"),
        "inside": _("inside {item}, which counts"),
        "outside-year": _("no money in {year}"),
        # As Compare says it: Stargate Norway states an end year, and "no stated horizon" beside its
        # "by 2026" read as a contradiction (QA pass 9).
        "no-horizon": _("no full period stated"),
        "other-figure": _("“{item}” counts in its place"),
        "filtered-figure": _("“{item}” would count, but the filters ({filters}) leave it out"),
    }.get(code, code).format(item=item, year=year, filters=filters)


def basis_label(basis: str, _: Gettext) -> str:
    return {
        "announcement": _("Rate on announcement date"),
        "latest": _("Latest rate"),
        "average": _("Year average"),
    }.get(basis, basis)


def revisions_label(revisions: str, _: Gettext) -> str:
    return {"latest": _("Latest figures"), "first": _("As first announced")}.get(revisions, revisions)


def view_label(view: str, _: Gettext) -> str:
    return {"total": _("Total"), "per-year": _("Per year"), "year": _("One year")}.get(view, view)


def kind_help(kind: str, _: Gettext) -> str:
    return {
        "public-programmes": _("Budgets and programmes of public actors (governments, the EU)."),
        "pledges": _(
            "Public-private and private pledges: national packages, joint ventures such as Stargate, "
            "companies' country pledges."
        ),
        "company-capex": _("Companies' total capital expenditure, one year per company (not AI-only)."),
        "venture": _("Funding rounds of AI labs and start-ups."),
        "training-cost": _(
            "Estimates of what training one model cost: money spent, not pledged (the bundled data shows them "
            "and never counts them)."
        ),
        "context": _(
            "A contract, loan, purchase, fund or target beside an item: shown to compare, never added to a total."
        ),
    }.get(kind, kind)


def measure_label(measure: str, _: Gettext) -> str:
    return {
        "money": _("Money"),
        "gdp-share": _("Share of GDP"),
        "per-capita": _("Per person"),
        "cost-per-gw": _("Cost per GW"),
        "cost-per-accelerator": _("Cost per accelerator"),
    }.get(measure, measure)


def kind_label(kind: str, _: Gettext) -> str:
    return {
        "public-programmes": _("Public programmes"),
        "pledges": _("Pledges"),
        "company-capex": _("Company capex"),
        "venture": _("Venture rounds"),
        "training-cost": _("Training cost"),
        "context": _("Context (never in a total)"),
    }.get(kind, kind)


def scale_label(scale: str, _: Gettext) -> str:
    return {"auto": _("Automatic"), "linear": _("Linear"), "log": _("Logarithmic")}.get(scale, scale)


def currency_label(code: str, locale: str) -> str:
    """``USD — US dollar`` in the locale's language (Babel's CLDR names); the code alone where
    Babel has no name.

    >>> currency_label("USD", "en_US"), currency_label("EUR", "de_DE")
    ('USD — US Dollar', 'EUR — Euro')
    >>> currency_label("XYZ", "en_US")
    'XYZ'
    """
    try:
        name = get_currency_name(code, locale=Locale.parse(locale))
    except (UnknownLocaleError, ValueError):
        return code
    return code if not name or name == code else f"{code} — {name}"
