"""Benchmark dashboard.fx.convert_frame on 1,000,000 rows against a naive per-row loop.

Run: ``python benchmarks/bench_fx.py [--rows N] [--runs K]``. Not a test; prints a Markdown
table. Target: 1M rows in <= 1.5 s on the project's 2-core machine.

The frame is deterministic (fixed seed): mixed currencies including the USD-pegged SAR and
AED, announcement dates across 2015-2026 at day (70 %), month (20 %) and year (10 %)
precision, a quarter of the rows with a low-high range and 2 % of rows without money.

The baseline converts a 10,000-row sample row by row with ``CurrencyConverter.convert``
(fallbacks on, so weekends and dates after the data do not raise; month and year precision
are approximated by their first day, since CurrencyConverter has no averages; pegs go
through USD) and is scaled x100. It is a naive loop, not an equivalent: it does less work.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import fx  # noqa: E402

CURRENCIES = ["EUR", "USD", "GBP", "JPY", "CNY", "INR", "KRW", "CHF", "CAD", "SAR", "AED"]
WEIGHTS = [0.30, 0.30, 0.08, 0.05, 0.06, 0.04, 0.03, 0.03, 0.03, 0.04, 0.04]


def build_frame(rows: int, seed: int = 20250211) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.date_range("2015-01-01", "2026-12-31", freq="D")
    day_text = days.strftime("%Y-%m-%d").to_numpy(dtype=object)
    month_text = pd.period_range("2015-01", "2026-12", freq="M").strftime("%Y-%m").to_numpy(dtype=object)
    year_text = np.array([str(y) for y in range(2015, 2027)], dtype=object)

    precision = rng.choice(3, size=rows, p=[0.7, 0.2, 0.1])
    announced = np.empty(rows, dtype=object)
    for code, pool in enumerate((day_text, month_text, year_text)):
        mask = precision == code
        announced[mask] = pool[rng.integers(0, len(pool), mask.sum())]

    low = np.round(rng.lognormal(mean=21, sigma=2.5, size=rows), -6)
    ranged = rng.random(rows) < 0.25
    high = np.where(ranged, low * rng.uniform(1.1, 3.0, rows), low)
    no_money = rng.random(rows) < 0.02
    low[no_money] = np.nan
    high[no_money] = np.nan
    currency = rng.choice(np.array(CURRENCIES, dtype=object), size=rows, p=WEIGHTS)
    return pd.DataFrame(
        {
            "id": pd.array([f"row-{i}" for i in range(rows)], dtype="str"),
            "currency": pd.array(currency, dtype="str"),
            "announced": pd.array(announced, dtype="str"),
            "amount_low": low,
            "amount_high": high,
        },
        index=pd.RangeIndex(1, rows + 1),
    )


def time_runs(func, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def naive_loop(sample: pd.DataFrame, target: str) -> list[float]:
    from currency_converter import CurrencyConverter

    converter = CurrencyConverter(
        fallback_on_missing_rate=True,
        fallback_on_missing_rate_method="last_known",
        fallback_on_wrong_date=True,
    )
    pegs = dict(fx.PEGGED_TO_USD)
    out = []
    for row in sample.itertuples(index=False):
        if pd.isna(row.amount_low):
            out.append(float("nan"))
            continue
        text = row.announced
        day = datetime.date.fromisoformat(text if len(text) == 10 else (text + "-01-01")[:10])
        amount, source = row.amount_low, row.currency
        if source in pegs:
            amount, source = amount / pegs[source], "USD"
        out.append(converter.convert(amount, source, target, date=day))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sample", type=int, default=10_000)
    args = parser.parse_args()

    t0 = time.perf_counter()
    frame = build_frame(args.rows)
    build_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    first = fx.convert_frame(frame, target="USD")  # cold: reads the ECB file, builds tables
    cold_s = time.perf_counter() - t0
    assert (first["fx_problem"] == "").all()
    keys = frame.loc[frame["amount_low"].notna(), ["currency", "announced"]].drop_duplicates()

    results = {}
    for label, kwargs in (
        ("convert_frame, announcement basis -> USD", {"target": "USD"}),
        ("convert_frame, announcement basis -> EUR", {"target": "EUR"}),
        ("convert_frame, average 2025 -> EUR", {"target": "EUR", "basis": "average", "year": 2025}),
    ):
        results[label] = time_runs(lambda kw=kwargs: fx.convert_frame(frame, **kw), args.runs)

    sample = frame.iloc[:: max(1, args.rows // args.sample)].iloc[: args.sample]
    t0 = time.perf_counter()
    naive_loop(sample, "USD")
    naive_s = (time.perf_counter() - t0) * (args.rows / len(sample))

    print(f"\nfx benchmark: {args.rows:,} rows, {len(keys):,} distinct (currency, announced) keys, "
          f"{os.cpu_count()} CPUs, pandas {pd.__version__}, numpy {np.__version__}, "
          f"python {sys.version.split()[0]}")
    print(f"frame built in {build_s:.2f} s; first (cold) convert_frame call {cold_s:.3f} s\n")
    print("| what | median s | min s | max s | vs naive loop |")
    print("|---|---:|---:|---:|---:|")
    for label, times in results.items():
        median = statistics.median(times)
        print(f"| {label} ({args.runs} runs) | {median:.3f} | {min(times):.3f} | {max(times):.3f} "
              f"| {naive_s / median:,.0f}x faster |")
    print(f"| naive CurrencyConverter.convert loop, {len(sample):,} rows x{args.rows // len(sample)} "
          f"| {naive_s:.1f} (scaled) | | | 1x |")
    target = 1.5
    median = statistics.median(results["convert_frame, announcement basis -> USD"])
    print(f"\ntarget <= {target} s for {args.rows:,} rows: {'met' if median <= target else 'MISSED'}")


if __name__ == "__main__":
    main()
