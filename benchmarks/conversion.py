"""B3 conversion: vectorised normalisation of 1,000,000 rows against a naive per-row loop.

``python -m benchmarks.conversion [--rows 1000000] [--runs 7] [--sample 10000] [--normalise-runs 7] [--parts]``
prints one JSON object per line (``python -m benchmarks`` turns them into the B3 table);
``--table`` prints a Markdown table instead.

* ``fx.convert_frame`` (the vectorised conversion: every row to the target currency with its
  rate, date and problem) on the synthetic dataset (``benchmarks.synth.typed_frame``: mixed
  currencies incl. the USD-pegged SAR and AED, day/month/year precision dates, ranges, rows
  without money). Target: <= 1.5 s for 1,000,000 rows (announcement basis -> USD).
* ``ledger.normalise`` (the full normalisation the app caches: ``resolve``
  (roles, items, which row counts) and ``converted`` + ``in_view``: conversion and per-year figures);
  ``--parts`` also times the last two alone.
* The baseline: a naive loop over a ``--sample``-row sample (every ``rows/sample``-th row),
  ``CurrencyConverter.convert`` per row (fallbacks on, so weekends and dates after the data do
  not raise; month and year precision approximated by their first day; pegs through USD),
  scaled to ``rows``. It does less than convert_frame (no averages, no problems column), so the
  speed-up is a lower bound.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 1.5


def _emit(kind: str, **data) -> None:
    print(json.dumps({"kind": kind, **data}), flush=True)


def time_runs(func, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def naive_loop(sample, target: str) -> list[float]:
    """Convert ``amount_low`` row by row with CurrencyConverter (the naive way)."""
    import pandas as pd
    from currency_converter import CurrencyConverter

    from dashboard import fx

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


def run(rows: int, runs: int, sample_size: int, normalise_runs: int, parts: bool = False) -> None:
    sys.path.insert(0, str(ROOT))
    import numpy as np
    import pandas as pd

    from benchmarks import synth
    from dashboard import fx, ledger

    start = time.perf_counter()
    frame = synth.typed_frame(rows)
    build_s = time.perf_counter() - start
    keys = frame.loc[frame["amount_low"].notna(), ["currency", "announced"]].drop_duplicates()
    start = time.perf_counter()
    first = fx.convert_frame(frame, target="USD", on_missing="mark")  # cold: reads the ECB file
    cold_s = time.perf_counter() - start
    problems = int((first["fx_problem"] != "").sum())
    _emit("setup", rows=rows, build_s=build_s, cold_convert_s=cold_s, distinct_keys=len(keys),
          fx_problems=problems, pandas=pd.__version__, numpy=np.__version__)
    del first

    for label, kwargs in (
        ("convert_frame, announcement basis -> USD", {"target": "USD"}),
        ("convert_frame, announcement basis -> EUR", {"target": "EUR"}),
        ("convert_frame, average 2025 -> EUR", {"target": "EUR", "basis": "average", "year": 2025}),
    ):
        times = time_runs(lambda kw=kwargs: fx.convert_frame(frame, on_missing="mark", **kw), runs)
        _emit("timing", label=label, rows=rows, s=times, target=label.endswith("-> USD"))

    sample = frame.iloc[:: max(1, rows // sample_size)].iloc[:sample_size]
    start = time.perf_counter()
    naive_loop(sample, "USD")
    naive_sample_s = time.perf_counter() - start
    _emit("naive", rows=rows, sample=len(sample), sample_s=naive_sample_s,
          scaled_s=naive_sample_s * rows / len(sample))

    if normalise_runs:
        label = "ledger.normalise -> USD (resolve + converted + in_view)"
        times = time_runs(lambda: ledger.normalise(frame, currency="USD", on_missing="mark"), normalise_runs)
        _emit("timing", label=label, rows=rows, s=times, target=False)
        if parts:
            resolved = ledger.resolve(frame)
            convert = lambda: ledger.in_view(ledger.converted(resolved, currency="USD", on_missing="mark"), view="total")  # noqa: E731
            for label, func in (("of which ledger.resolve", lambda: ledger.resolve(frame)),
                                ("of which ledger.converted + in_view", convert)):
                _emit("timing", label=label, rows=rows, s=time_runs(func, normalise_runs), target=False)
    _emit("done")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.conversion", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument("--normalise-runs", type=int, default=7, help="0 skips ledger.normalise")
    parser.add_argument("--parts", action="store_true", help="also time ledger.resolve and converted + in_view alone")
    parser.add_argument("--table", action="store_true", help="print a Markdown table, not JSON lines")
    args = parser.parse_args(argv)
    if not args.table:
        run(args.rows, args.runs, args.sample, args.normalise_runs, args.parts)
        return 0
    # --table: run in-process, collect the JSON lines and print the suite's B3 table.
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        run(args.rows, args.runs, args.sample, args.normalise_runs, args.parts)
    events = [json.loads(line) for line in buf.getvalue().splitlines() if line.startswith("{")]
    sys.path.insert(0, str(ROOT))
    from benchmarks import report

    text, _verdicts = report.b3_table({"events": events, "complete": True, "elapsed_s": 0.0, "budget_s": 0.0})
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
