"""cProfile of ONE dashboard rerun under AppTest, for diagnosing a missed target.

``python -m benchmarks.profile_rerun [--rows 10000 | --bundled] [--page overview] [--switch currency]
[--cold] [--top 30] [--out FILE.prof]``

Runs the app once on the page (synthetic data of ``--rows`` rows, through ``$AI_DASHBOARD_DATA``),
warms the caches by switching back and forth once, then profiles the rerun after one more switch
(``--cold``: a currency never used before, so the normalisation cache misses). The profile is
taken in the script thread (AppTest runs the script in its own thread), so it shows the app's
own work. Prints the wall time, the top functions by cumulative and by own time, and the
project's functions (``dashboard/``, ``app.py``) by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


@contextmanager
def profile_script_thread(profile: cProfile.Profile):
    """Enable ``profile`` inside AppTest's script thread while the block runs."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread

    def wrapped(self):
        profile.enable()
        try:
            original(self)
        finally:
            profile.disable()

    LocalScriptRunner._run_script_thread = wrapped
    try:
        yield
    finally:
        LocalScriptRunner._run_script_thread = original


def _stats_text(profile: cProfile.Profile, sort: str, top: int, restrict: str | None = None) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs() if restrict is None else pstats.Stats(profile, stream=out)
    stats.sort_stats(sort)
    if restrict:
        stats.print_stats(restrict, top)
    else:
        stats.print_stats(top)
    text = out.getvalue()
    # Drop pstats' preamble up to the table header.
    start = text.find("   ncalls")
    return text[start:] if start >= 0 else text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_rerun", description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--rows", type=int, default=10_000, help="synthetic rows (default %(default)s)")
    where.add_argument("--bundled", action="store_true", help="use the bundled dataset")
    parser.add_argument("--page", default="overview", choices=["overview", "compare", "timeline", "data_sources", "method"])
    parser.add_argument("--switch", default="currency", choices=["currency", "lang", "region"])
    parser.add_argument("--cold", action="store_true", help="switch to a currency not used before (cache miss)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", type=Path, help="also write the raw profile (for snakeviz, pstats)")
    args = parser.parse_args(argv)

    if args.bundled:
        os.environ.pop("AI_DASHBOARD_DATA", None)
        label = "bundled data"
    else:
        from benchmarks import synth

        os.environ["AI_DASHBOARD_DATA"] = str(synth.dataset_path(args.rows))
        label = f"{args.rows:,} synthetic rows"
    sys.path.insert(0, str(ROOT))
    from benchmarks import appbench

    at = appbench.new_app(APP, page=args.page, timeout=3600, registered=args.page == "data_sources")
    appbench.checked_run(at)
    appbench.check_page(at, args.page)
    switch = appbench.SWITCHES[args.switch]
    switch(at)  # warm both states of the toggle
    switch(at)
    profile = cProfile.Profile()
    with profile_script_thread(profile):
        start = time.perf_counter()
        if args.cold:
            appbench.set_currency(at, "GBP")
        else:
            switch(at)
        wall = time.perf_counter() - start
    what = "new currency GBP (cache miss)" if args.cold else f"{args.switch} switch (warm caches)"
    print(f"# profile: {args.page} rerun after {what}, {label}: {wall * 1000:.0f} ms wall (under the profiler)\n")
    print(f"## top {args.top} by cumulative time\n```\n{_stats_text(profile, 'cumulative', args.top)}```\n")
    print(f"## top {args.top} by own time\n```\n{_stats_text(profile, 'tottime', args.top)}```\n")
    print(f"## project functions by cumulative time\n```\n"
          f"{_stats_text(profile, 'cumulative', args.top, restrict=str(ROOT / 'dashboard'))}```")
    if args.out:
        profile.dump_stats(str(args.out))
        print(f"\nraw profile: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
