"""In-process timing of the Babel-backed formatters (not part of ``python -m benchmarks``).

``python -m benchmarks.formatting [--n 5000] [--runs 7]`` prints the median time per call of
``format_money`` (compact, random amounts over 1e3..1e13), ``format_money_range`` and
``format_rate`` per UI locale: first over distinct amounts (every call a cache miss), then
again over the same amounts (what a chart rerun sees).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from dashboard import formatting


def _per_call(func, values, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for value in values:
            func(value)
        times.append((time.perf_counter() - start) / len(values))
    return statistics.median(times) * 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(7)
    for locale in ("en_US", "de_DE"):
        formatting.format_money(1e9, "EUR", locale=locale)  # warm Babel's locale data
        rows = []
        for name, func in (
            ("format_money", lambda v, loc=locale: formatting.format_money(v, "USD", locale=loc)),
            ("format_money_range", lambda v, loc=locale: formatting.format_money_range(v, v * 1.1, "USD", locale=loc)),
            ("format_rate", lambda v, loc=locale: formatting.format_rate(v / 1e10, locale=loc)),
        ):
            values = [10 ** rng.uniform(3, 13) for _ in range(args.n)]
            cold = _per_call(func, values, 1)
            warm = _per_call(func, values, args.runs)
            rows.append(f"  {name:<20} first {cold:7.1f} µs/call   again {warm:7.1f} µs/call")
        print(locale)
        print("\n".join(rows))


if __name__ == "__main__":
    main()
