"""Calendar years: the year view, one year of capex per company, and the kind of money.

Three counting rules that make a total add like with like (issue: honest comparison):

* **Year view** (``view="year"``): each row's money that falls in one calendar year, its value
  times the share of its stated horizon's months inside that year. A fiscal year splits by
  month (Microsoft's FY2025, July 2024 to June 2025, puts half in each calendar year); a
  multi-year pledge spreads evenly by month. A row without both ends of a horizon has no
  share: its year figures are NaN, and totals list it instead of guessing.
* **One year of capex per company** (``view="total"`` and ``"per-year"``): a company capex row
  (scope ``capex-total``) is the capex of the year its period ends in, as companies name their
  fiscal years (Oracle's fiscal 2026, June 2025 to May 2026, is its capex of 2026), and a row
  without a period of no year; of one
  company's counted rows ending in the chosen year, the one covering most of its months counts
  (ties: the later period). The others are marked ``other_year`` and not added. Two years of one
  company's capex are never one figure, and one figure is never two years' capex.
* **Kinds** of money (``kind``): public programmes, public-private and private pledges, company
  capex and venture rounds are different things; totals report each (``by_kind``).

Pure pandas and numpy, like ``ledger``; frames come from ``ledger.normalise``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from dashboard import lookups

#: total amounts, per year of the stated horizon, or the money falling in one calendar year.
VIEWS = ("total", "per-year", "year")
_VIEW_COLUMNS = {
    "total": ("value_low", "value_high"),
    "per-year": ("per_year_low", "per_year_high"),
    "year": ("year_low", "year_high"),
}
CAPEX = "capex-total"
#: The kinds of money a total reports apart, in display order. The bundled data never counts a
#: training cost (its rows are context), but an uploaded headline may: it is not a pledge.
KINDS = ("public-programmes", "pledges", "company-capex", "venture", "training-cost")

_PERIOD = r"[0-9]{4}(?:-[0-9]{2})?"


def view_columns(view: str) -> tuple[str, str]:
    """The low and high columns that ``view`` adds.

    >>> view_columns("year")
    ('year_low', 'year_high')
    """
    if view not in _VIEW_COLUMNS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}")
    return _VIEW_COLUMNS[view]


def added(frame: pd.DataFrame, view: str = "total") -> np.ndarray:
    """The rows a total of ``view`` adds: the counted rows, and outside the total view only those
    with a figure in it (a counted row without a stated horizon is left out, not guessed)."""
    counted = frame["counts_in_total"].to_numpy(dtype=bool)
    if view == "total":
        return counted
    return counted & frame[view_columns(view)[0]].notna().to_numpy(dtype=bool)


#: How the view's year of company capex stands in some rows (:func:`capex_of_year`).
CAPEX_COUNTED, CAPEX_NONE_OF_YEAR, NO_CAPEX = "counted", "none-of-year", ""


def capex_of_year(frame: pd.DataFrame, view: str) -> str:
    """How the total and per-year views' year of company capex stands in ``frame`` (rows of
    :func:`for_view`), as the total card, every chart's subtitle and its file name say it:
    :data:`CAPEX_COUNTED` (some is added), :data:`CAPEX_NONE_OF_YEAR` (only other years' capex,
    left out: "capex of 2034" read as counting some, QA pass 5), or :data:`NO_CAPEX` (none at all:
    Europe's rows, public programmes, an upload without capex; and the one-year view, which adds
    what falls in the year, capex or not).

    >>> rows = pd.DataFrame({"counts_in_total": [True, False], "kind": ["company-capex", "company-capex"],
    ...                      "other_year": [False, True]})
    >>> capex_of_year(rows, "total"), capex_of_year(rows.iloc[1:], "total"), capex_of_year(rows, "year")
    ('counted', 'none-of-year', '')
    """
    if view == "year":
        return NO_CAPEX
    if (added(frame, view) & frame["kind"].eq("company-capex").to_numpy(dtype=bool, na_value=False)).any():
        return CAPEX_COUNTED
    return CAPEX_NONE_OF_YEAR if frame["other_year"].to_numpy(dtype=bool).any() else NO_CAPEX


def period_bounds(start: pd.Series, end: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """First and last month of each period as month numbers (``year * 12 + month - 1``), NaN where
    either end is missing or malformed (a bare year runs from January to December); then each end
    on its own (NaN where that end is missing or malformed): "until 2026" has a last month and no
    period. One parse of each column.

    >>> first, last, start_month, end_month = period_bounds(pd.Series(["", "2030"]), pd.Series(["2026", ""]))
    >>> first.tolist(), start_month.tolist(), (end_month // 12).tolist()
    ([nan, nan], [nan, 24360.0], [2026.0, nan])
    """
    s = start.fillna("").astype(str)
    e = end.fillna("").astype(str)
    s_ok = s.str.fullmatch(_PERIOD).fillna(False).to_numpy(dtype=bool)
    e_ok = e.str.fullmatch(_PERIOD).fillna(False).to_numpy(dtype=bool)
    sy = pd.to_numeric(s.str.slice(0, 4), errors="coerce").to_numpy(dtype=float)
    sm = pd.to_numeric(s.str.slice(5, 7), errors="coerce").fillna(1).to_numpy(dtype=float)
    ey = pd.to_numeric(e.str.slice(0, 4), errors="coerce").to_numpy(dtype=float)
    em = pd.to_numeric(e.str.slice(5, 7), errors="coerce").fillna(12).to_numpy(dtype=float)
    start_month = np.where(s_ok, sy * 12 + sm - 1, np.nan)
    end_month = np.where(e_ok, ey * 12 + em - 1, np.nan)
    ok = s_ok & e_ok
    return np.where(ok, start_month, np.nan), np.where(ok, end_month, np.nan), start_month, end_month


def months_in(first: np.ndarray, last: np.ndarray, year: int) -> np.ndarray:
    """Months of each period ``[first, last]`` inside calendar ``year`` (NaN without a period).

    >>> months_in(np.array([2024 * 12 + 6, 2025 * 12, np.nan]), np.array([2025 * 12 + 5, 2028 * 12 + 11, 1.0]), 2025)
    array([ 6., 12., nan])
    """
    with np.errstate(invalid="ignore"):
        inside = np.minimum(last, year * 12 + 11) - np.maximum(first, year * 12) + 1
    return np.where(np.isnan(inside), np.nan, np.clip(inside, 0, None))


def kind_of(frame: pd.DataFrame) -> np.ndarray:
    """The kind of money of each row: company capex, venture and training cost by scope, then
    public programmes by actor type; everything else (public-private, private and corporate
    pledges such as Stargate) is a pledge.

    >>> kind_of(pd.DataFrame({"scope": ["capex-total", "venture", "ai-programme", "ai-infrastructure", "training-cost"],
    ...                       "actor_type": ["corporate", "private", "public", "corporate", "private"]})).tolist()
    ['company-capex', 'venture', 'public-programmes', 'pledges', 'training-cost']
    """
    # pandas' comparisons (pyarrow strings) and masked writes, later ones winning: 28 -> 10 ms at
    # 100k rows against numpy's select over object arrays.
    kind = np.full(len(frame), "pledges", dtype=object)
    for column, value, name in (
        ("actor_type", "public", "public-programmes"),
        ("scope", "venture", "venture"),
        ("scope", CAPEX, "company-capex"),
        ("scope", "training-cost", "training-cost"),
    ):
        kind[frame[column].eq(value).to_numpy(dtype=bool, na_value=False)] = name
    return kind


def kinds_shown(frame: pd.DataFrame) -> pd.Series:
    """Each row's kind of money, that of a context row or a row below one (``ledger.resolve``'s
    ``under_context``) as "context" (a training cost keeps its kind): Oracle's $300bn contract read
    "Pledges" on Compare and "Contract or purchase" on Money and compute, and Korea's growth fund,
    expanded, "Pledges" beside its first figure's "Context" (QA passes). ``frame`` is resolved
    (``ledger.resolve``): it has ``kind`` and ``under_context``."""
    return frame["kind"].where(~frame["under_context"].astype(bool) | frame["kind"].eq("training-cost"), "context")


def with_money(frame: pd.DataFrame, view: str) -> np.ndarray:
    """Whether each row has money in ``view`` (its high figure above 0; NaN is not): the rows a
    chart draws a bar for."""
    with np.errstate(invalid="ignore"):
        return frame[view_columns(view)[1]].to_numpy(dtype=float) > 0


def company_of(actor: pd.Series) -> np.ndarray:
    """The company an ``actor`` names, without what brackets of any kind or width add, wherever
    they stand ("Amazon（CFO）", "Nebius【CFO】" and "(CFO) Amazon" were companies of their own, whose
    capex counted beside Amazon's: attack round 7, review 60); an actor all in brackets is its own
    company (it named "", in which two companies' capex merged).

    >>> company_of(pd.Series(["Microsoft (CFO Amy Hood)", "Microsoft", " Meta  (post)"])).tolist()
    ['Microsoft', 'Microsoft', 'Meta']
    >>> company_of(pd.Series(["Amazon（CFO）", "Amazon [CFO]", "(CFO) Amazon", "Nebius【CFO】", "(Nebius)"])).tolist()
    ['Amazon', 'Amazon', 'Amazon', 'Nebius', '(Nebius)']
    """
    # Split once per distinct actor, not per row: ~9 -> ~2 ms for the 22k capex rows of 100k rows.
    codes, distinct = pd.factorize(actor)
    whole = pd.Series(distinct, dtype=object).astype(str).str.strip()
    names = whole.str.replace(_BRACKETED, " ", regex=True).str.split().str.join(" ")
    names = names.where(names != "", whole)
    return np.append(names.to_numpy(dtype=object), "")[codes]  # a missing actor (code -1) names ""


#: What a bracket adds to a company's name: from any opening bracket (Unicode's opening
#: punctuation but German low quotes, which open a name, and "<") to the next closing one, or to the end.
_OPEN, _CLOSE = (
    "".join(
        re.escape(chr(c))
        for c in range(0x10000)
        if unicodedata.category(chr(c)) == kind and "QUOTATION" not in unicodedata.name(chr(c), "")
    )
    + extra
    for kind, extra in (("Ps", "<"), ("Pe", ">"))
)
_BRACKETED = f"[{_OPEN}][^{_CLOSE}]*(?:[{_CLOSE}]|$)"


def companies_at(frame: pd.DataFrame, positions: np.ndarray) -> np.ndarray:
    """:func:`company_of` the actors at ``positions``, read from ``company`` where
    ``ledger.resolve`` added it (splitting the actors again cost ~8 ms per 22k capex rows)."""
    if "company" in frame.columns:
        return lookups.values_at(frame["company"], positions)
    return company_of(frame["actor"].take(positions))


def periods(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The first and last months (:func:`period_bounds`) of a frame's periods, read from
    ``period_first``/``period_last`` where ``ledger.resolve`` already parsed them."""
    if "period_first" in frame.columns:
        return frame["period_first"].to_numpy(dtype=float), frame["period_last"].to_numpy(dtype=float)
    return period_bounds(frame["period_start"], frame["period_end"])[:2]


def latest_guidance_year(frame: pd.DataFrame, fallback: int) -> int:
    """The default year: the calendar year that most companies' last capex guidance (a
    ``capex-total`` row still ``announced``) covers, the later of a tie; else the same of any
    capex row; else ``fallback``. Not the last year any guidance covers: one company's guidance
    for its next fiscal year (Oracle's FY2027, given in June 2026) made the default a year of that
    company's capex alone, and the Overview's capex fell from €2.4T to Oracle's (data audit 34).

    >>> rows = pd.DataFrame({"scope": CAPEX, "status": "announced", "actor": ["A", "B", "Oracle", "Oracle"],
    ...                      "period_start": ["2026", "2026", "2025-06", "2026-06"],
    ...                      "period_end": ["2026", "2026", "2026-05", "2027-05"]})
    >>> latest_guidance_year(rows, 2025), latest_guidance_year(rows.iloc[2:], 2025)
    (2026, 2027)
    """
    capex = (frame["scope"] == CAPEX).to_numpy(dtype=bool)
    _first, last = periods(frame)
    guidance = capex & (frame["status"] == "announced").to_numpy(dtype=bool) & ~np.isnan(last)
    for mask in (guidance, capex & ~np.isnan(last)):
        if mask.any():
            positions = np.flatnonzero(mask)
            latest = pd.Series(last[positions] // 12, index=companies_at(frame, positions)).groupby(level=0).max()
            counts = latest.value_counts()
            return int(counts.index[counts == counts.max()].max())
    return fallback


def last_horizon_year(frame: pd.DataFrame) -> int:
    """The last calendar year that the stated horizon of a figure a total may add reaches
    (headlines and revisions with money, not cancelled), 0 without one: money pledged to 2029
    has a one-year view of 2029.

    >>> last_horizon_year(pd.DataFrame({"role": ["headline", "context"], "status": "announced",
    ...                                 "amount_high": 1.0, "period_start": "2025", "period_end": ["2029", "2040"]}))
    2029
    """
    _first, last = periods(frame)
    may_add = (
        frame["role"].isin(["headline", "revision"]).to_numpy(dtype=bool)
        & (frame["status"] != "cancelled").to_numpy(dtype=bool)
        & frame["amount_high"].notna().to_numpy(dtype=bool)
        & ~np.isnan(last)
    )
    return int(last[may_add].max() // 12) if may_add.any() else 0


def for_view(frame: pd.DataFrame, *, view: str, year: int) -> pd.DataFrame:
    """Add ``calendar_year``, ``year_months``, ``year_low``, ``year_high`` and ``other_year`` for
    ``year``, and count what the view adds (``ledger.resolve`` adds ``kind``, which no view changes).

    ``year_months`` is the number of the row's months inside ``year`` (NaN without a
    horizon); ``year_low``/``year_high`` its value times ``year_months`` over the horizon's
    months. In the year view a row with no month in the year stops counting; in the other
    views ``other_year`` marks company capex that is not the company's capex for ``year``,
    and it stops counting. ``counts_if_converted`` keeps marking the row that stands for its
    item (a compared item shows its latest figure whatever the year).
    """
    first, last = periods(frame)
    months = _outside_half_periods(frame, months_in(first, last, year), year)
    with np.errstate(invalid="ignore"):
        share = np.where(months == 0, 0.0, months / (last - first + 1))
    counted = frame["counts_in_total"].to_numpy(dtype=bool)
    if view == "year":
        out_of_view = counted & (months == 0)
        other_year = np.zeros(len(frame), dtype=bool)
    else:
        stands = counted | frame["counts_if_converted"].to_numpy(dtype=bool)
        other_year = _other_year_capex(frame, stands, months, (first, last), year)
        out_of_view = other_year
    return frame.assign(
        calendar_year=year,
        year_months=months,
        year_low=frame["value_low"].to_numpy(dtype=float) * share,
        year_high=frame["value_high"].to_numpy(dtype=float) * share,
        other_year=other_year,
        counts_in_total=counted & ~out_of_view,
    )


def _outside_half_periods(frame: pd.DataFrame, months: np.ndarray, year: int) -> np.ndarray:
    """``months`` with 0 for a period stated at one end only that lies wholly outside ``year``:
    Narvik "until 2026" has no money in 2034, and the year view listed it among the items left
    out for want of a full period, as if some of it might fall there (QA pass). The ends are
    ``ledger.resolve``'s ``period_from``/``period_until``: parsing them here took ~150 ms a
    run at 100k rows (measured).

    >>> rows = pd.DataFrame({"period_start": ["", "2030", "", "2020"], "period_end": ["2026", "", "2040", ""]})
    >>> _outside_half_periods(rows, np.full(4, np.nan), 2028).tolist()
    [0.0, 0.0, nan, nan]
    """
    if "period_from" in frame.columns:
        start_month, end_month = frame["period_from"].to_numpy(dtype=float), frame["period_until"].to_numpy(dtype=float)
    else:
        start_month, end_month = period_bounds(frame["period_start"], frame["period_end"])[2:]
    with np.errstate(invalid="ignore"):
        outside = np.isnan(months) & ((end_month < year * 12) | (start_month > year * 12 + 11))
    return np.where(outside, 0.0, months)


def misses_year(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose stated period has no month in the year viewed (``for_view``'s ``year_months``
    is 0; NaN, no period stated, is not "missing" it): the one place this is decided."""
    return frame["year_months"].to_numpy(dtype=float) == 0


def without_figure(frame: pd.DataFrame) -> np.ndarray:
    """Items whose stated period has months in the year viewed (``for_view``'s ``year_months``)
    but that have no amount of their own, so they add nothing to it: Microsoft's FY2026, July
    2025 to June 2026, is known only by its reported quarters, parts that no total adds, and
    its 2025 months were silently missing from the one-year view. Cancelled items are not
    listed."""
    with np.errstate(invalid="ignore"):
        in_year = frame["year_months"].to_numpy(dtype=float) > 0
    return (
        in_year
        & (frame["role"] == "headline").to_numpy(dtype=bool)
        & (frame["parent_id"].fillna("") == "").to_numpy(dtype=bool)
        & (frame["status"] != "cancelled").to_numpy(dtype=bool)
        & frame["amount_high"].isna().to_numpy(dtype=bool)
    )


def without_capex(selected: pd.DataFrame, every: pd.DataFrame) -> list[str]:
    """The companies whose company capex in ``selected`` (rows of ``for_view``) is all another
    year's and of which ``every`` (all rows, so that a filter's work is not called a gap in the
    data) counts none: the total and per-year views add no capex of theirs.

    >>> rows = pd.DataFrame({"scope": CAPEX, "actor": ["Oracle", "Meta (CFO)", "Meta"],
    ...                      "other_year": [True, True, False], "counts_in_total": [False, False, True]})
    >>> without_capex(rows, rows), without_capex(rows.iloc[:2], rows)
    (['Oracle'], ['Oracle'])
    """

    def companies(rows: pd.DataFrame, column: str) -> set[str]:
        mask = (rows["scope"] == CAPEX).to_numpy(dtype=bool) & rows[column].to_numpy(dtype=bool)
        return {str(company) for company in companies_at(rows, np.flatnonzero(mask))}

    return sorted(companies(selected, "other_year") - companies(every, "counts_in_total"))


def counted_capex_items(frame: pd.DataFrame, item_ids: tuple[str, ...]) -> tuple[str, ...] | None:
    """``item_ids`` with each capex item replaced by its company's item that counts in the total
    of the year ``frame`` was normalised for (``counts_in_total``); other items as they are. None
    unless every such company has exactly one (an upload without 2026 capex for one of them, or
    the one-year view, which counts a fiscal year on each side of January: review).

    >>> rows = pd.DataFrame({"id": ["m25", "m26", "m26-rev", "a25", "x"], "item_id": ["m25", "m26", "m26", "a25", "x"],
    ...     "scope": ["capex-total"] * 4 + ["ai-programme"], "counts_in_total": [False, False, True, True, True],
    ...     "actor": ["Meta (post)", "Meta", "Meta (CFO)", "Alphabet", ""]})
    >>> counted_capex_items(rows, ("x", "m25", "a25")), counted_capex_items(rows[:2], ("m25",))
    (('x', 'm26', 'a25'), None)
    """
    at = np.flatnonzero((frame["scope"] == CAPEX).to_numpy(dtype=bool))
    item_ids_at, companies = lookups.values_at(frame["item_id"], at), companies_at(frame, at)
    company = dict(zip(item_ids_at, companies))
    counted = frame["counts_in_total"].to_numpy(dtype=bool)[at]
    items = pd.Series(item_ids_at[counted], index=companies[counted])
    items = items[~items.duplicated().to_numpy()]  # each counted item once
    per_company = items.index.value_counts()
    if any(per_company.get(company[item], 0) != 1 for item in item_ids if item in company):
        return None
    return tuple(str(items[company[item]]) if item in company else item for item in item_ids)


def incomplete_capex(
    frame: pd.DataFrame, year: int, *, selected: pd.DataFrame | None = None
) -> list[dict[str, object]]:
    """Companies whose counted capex, as far as the data gives it a figure, covers fewer than the
    12 months of ``year``: ``{"company", "months"}`` (the months covered; 0: none), by company.

    The year view adds what falls in ``year`` and cannot see what the data lacks: for 2026 it
    adds Oracle's fiscal 2026 (June 2025 to May 2026) and nothing after May, for 2024 no
    Alphabet capex at all. The rows considered are the capex rows that stand for their item
    (``counts_if_converted``, whatever the year). ``frame`` is all the data, so that a filter's
    work is not called a gap in the data (a minimum confidence of "high" drops Alphabet's 2026
    guidance, which the filter notices name); ``selected`` (default ``frame``), the filtered
    rows, decides which companies are asked about.

    >>> rows = pd.DataFrame({"scope": "capex-total", "counts_if_converted": True, "actor": ["Oracle", "Meta", "Meta"],
    ...                      "amount_high": [1.0, 2.0, None], "period_start": ["2025-06", "2026", "2027"],
    ...                      "period_end": ["2026-05", "2026", "2027"]})
    >>> incomplete_capex(rows, 2026), incomplete_capex(rows, 2027)
    ([{'company': 'Oracle', 'months': 5}], [{'company': 'Meta', 'months': 0}, {'company': 'Oracle', 'months': 0}])
    >>> incomplete_capex(rows, 2027, selected=rows.iloc[[1]])  # Oracle's rows filtered out
    [{'company': 'Meta', 'months': 0}]
    """

    def stands(rows: pd.DataFrame) -> np.ndarray:
        return np.flatnonzero(
            (rows["scope"] == CAPEX).to_numpy(dtype=bool) & rows["counts_if_converted"].to_numpy(dtype=bool)
        )

    selected = frame if selected is None else selected
    positions, chosen = stands(frame), stands(selected)
    if not len(positions) or not len(chosen):
        return []
    first, last = (bound[positions] for bound in periods(frame))
    months = year * 12 + np.arange(12)
    # A row without an amount of its own (Microsoft's FY2026, known by its quarters) covers nothing.
    has_figure = frame["amount_high"].notna().to_numpy(dtype=bool)[positions]
    with np.errstate(invalid="ignore"):
        covers = (first[:, None] <= months) & (months <= last[:, None]) & has_figure[:, None]
    # Each company's months at once: a mask per company took 27 s with 30k companies (review).
    names, company = np.unique(companies_at(frame, positions).astype(str), return_inverse=True)
    covered = np.zeros((len(names), 12), dtype=bool)
    np.logical_or.at(covered, company, covers)
    asked = set(companies_at(selected, chosen).astype(str))
    return [{"company": str(n), "months": int(m)} for n, m in zip(names, covered.sum(axis=1)) if m < 12 and n in asked]


def with_a_rate(
    gaps: list[dict[str, object]], frame: pd.DataFrame, counted_ids: Sequence[str]
) -> list[dict[str, object]]:
    """``gaps`` (:func:`incomplete_capex`) less the companies whose capex in ``frame`` has no
    exchange rate on the basis chosen and none counted (``counted_ids``): the total holds none of
    it, and "the 2026 total misses the rest of its spending: Oracle (5 of 12 months)" read as if
    part were in it (QA pass 23, review); the page's warning names those rows. A company the
    data has no capex for in the year stays named.

    >>> rows = pd.DataFrame({"id": ["o", "m"], "kind": "company-capex", "actor": ["Oracle", "Meta"],
    ...                      "fx_problem": ["no EUR→ISK rate", ""]})
    >>> gaps = [{"company": "Oracle", "months": 5}, {"company": "Meta", "months": 0}]
    >>> with_a_rate(gaps, rows, ["m"])
    [{'company': 'Meta', 'months': 0}]
    >>> with_a_rate(gaps, rows.assign(fx_problem=""), ["o", "m"]) == gaps
    True
    """
    capex = (frame["kind"] == "company-capex").to_numpy(dtype=bool)
    no_rate = capex & (frame["fx_problem"] != "").to_numpy(dtype=bool)
    counted = capex & lookups.is_in(frame["id"], counted_ids)
    unrated = set(companies_at(frame, np.flatnonzero(no_rate))) - set(companies_at(frame, np.flatnonzero(counted)))
    return [gap for gap in gaps if not (gap["months"] and gap["company"] in unrated)]


def _other_year_capex(
    frame: pd.DataFrame, counted: np.ndarray, months: np.ndarray, bounds: tuple[np.ndarray, np.ndarray], year: int
) -> np.ndarray:
    """Counted company capex rows that are not their company's one row for the year: those ending
    in another year (with "most months" alone, Oracle's fiscal 2026 was its capex of 2025, 7
    months, and, for want of a later figure, of 2026 too: QA pass), and of those ending in it all
    but the one covering most months, then ending latest, then of the shortest period (a figure
    for 2024-2026 beside one for 2026 went by their ids: attack round 6). A row without a period
    is no year's capex (an upload's counted in every year, beside the company's figure for it:
    review)."""
    first, last = bounds
    capex = counted & (frame["scope"] == CAPEX).to_numpy(dtype=bool)
    ends_in_year = last // 12 == year  # NaN (no period) compares False
    other = capex & ~ends_in_year
    positions = np.flatnonzero(capex & ends_in_year)
    if len(positions) > 1:
        candidates = pd.DataFrame(
            {
                "company": companies_at(frame, positions),
                "months": months[positions],
                "last": last[positions],
                "longer": last[positions] - first[positions],
                "id": lookups.values_at(frame["id"], positions),
            },
            index=positions,
        ).sort_values(["company", "months", "last", "longer", "id"], ascending=[True, True, True, False, True])
        keep = candidates.groupby("company", sort=False).tail(1).index
        other[np.setdiff1d(positions, keep.to_numpy())] = True
    return other
