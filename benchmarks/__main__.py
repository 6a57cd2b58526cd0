"""``python -m benchmarks [--quick] [--only B1,B2,B3,B4,B5] [--out PATH] [--wait-quiet S] [--snapshot]``

Runs the performance benchmarks of the dashboard, prints a Markdown table per benchmark and
writes them, with the machine, the exact command and a verdict per target, to
``benchmarks/RESULTS.md`` (a full run) or ``benchmarks/RESULTS-partial.md`` (``--quick`` or
``--only``; ``--out`` chooses any file), and every single measurement next to it as ``.json``. See ``benchmarks/README.md`` for what each benchmark
measures and how.

Every benchmark runs in a fresh Python process of its own (B2: one per dataset size and page),
which reports its measurements line by line; a time budget per process bounds the whole run:
what is not finished when the budget ends is reported as not measured (with the lower bound it
had reached), never guessed. The machine's load from other processes is measured during each
benchmark and printed next to its table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402

ALL = ("B1", "B2", "B3", "B4", "B5")
PLANS = {
    "full": {
        "runs": 7,
        "b1_pages": ["overview", "compare", "timeline", "data_sources", "method"],
        "b1_budget": 300,
        "b2_sizes": (1_000, 10_000, 100_000),
        "b2_pages": ["overview", "compare", "timeline", "data_sources", "method"],
        "b2_split_pages": True,  # one process per size and page: peak RSS per page
        "b2_budget": {1_000: 60, 10_000: 90, 100_000: 150},
        "b3": {"rows": 1_000_000, "runs": 7, "sample": 10_000, "normalise_runs": 7},
        "b3_budget": 300,
        "b4_runs": 7,
        "b4_budget": 300,
        "b5_runs": 7,
        "b5_pages": "overview,compare,timeline,compute,data,method",
        "b5_budget": 1500,
    },
    "quick": {
        "runs": 3,
        "b1_pages": ["overview", "timeline"],
        "b1_budget": 45,
        "b2_sizes": (1_000, 10_000),
        "b2_pages": ["overview", "timeline"],
        "b2_split_pages": False,
        "b2_budget": {1_000: 25, 10_000: 25},
        "b3": {"rows": 1_000_000, "runs": 3, "sample": 2_000, "normalise_runs": 0},
        "b3_budget": 40,
        "b4_runs": 3,
        "b4_budget": 90,
        "b5_runs": 3,
        "b5_pages": "overview,timeline",
        "b5_budget": 400,
    },
}


# --- machine load -----------------------------------------------------------------------------


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _loadavg() -> str:
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


class LoadMeter:
    """CPU used by the whole machine and by our (reaped) children between start and stop."""

    def __init__(self) -> None:
        self.busy, self.total = _cpu_ticks()
        self.ours = _children_cpu()
        self.wall = time.monotonic()
        self.loadavg = _loadavg()

    def stop(self) -> dict:
        busy, total = _cpu_ticks()
        wall = max(time.monotonic() - self.wall, 1e-6)
        cores = os.cpu_count() or 1
        busy_cores = (busy - self.busy) / max(total - self.total, 1) * cores
        ours = (_children_cpu() - self.ours) / wall
        return {"cores": cores, "busy_cores": busy_cores, "ours_cores": ours,
                "others_cores": max(0.0, busy_cores - ours), "loadavg_start": self.loadavg,
                "loadavg_end": _loadavg()}


def wait_quiet(max_wait: float, threshold: float = 0.3) -> float:
    """Wait (up to ``max_wait`` s) until other processes use < ``threshold`` cores over 3 s."""
    if max_wait <= 0:
        return 0.0
    start = time.monotonic()
    while True:
        b0, t0 = _cpu_ticks()
        time.sleep(3)
        b1, t1 = _cpu_ticks()
        used = (b1 - b0) / max(t1 - t0, 1) * (os.cpu_count() or 1)
        waited = time.monotonic() - start
        if used < threshold or waited >= max_wait:
            print(f"  (machine: {used:.2f} cores busy after waiting {waited:.0f} s)", file=sys.stderr)
            return waited


# --- workers ----------------------------------------------------------------------------------


def run_worker(module: str, args: list[str], budget: float, label: str, quiet_wait: float = 0.0) -> dict:
    """Run ``python -m <module> <args>`` and collect its JSON lines until it ends or the budget does."""
    waited = wait_quiet(quiet_wait)
    print(f"[{time.strftime('%H:%M:%S')}] {label} (budget {budget:.0f} s) ...", file=sys.stderr, flush=True)
    err = tempfile.TemporaryFile()
    meter = LoadMeter()
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", module, *args], cwd=str(ROOT), stdout=subprocess.PIPE,
                            stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
    events: list[dict] = []
    pending = b""
    complete = True
    fd = proc.stdout.fileno()
    while True:
        remaining = budget - (time.monotonic() - start)
        if remaining <= 0:
            complete = False
            break
        ready, _, _ = select.select([fd], [], [], min(remaining, 1.0))
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            if not line.startswith(b"{"):
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            event["t"] = time.monotonic() - start
            events.append(event)
            if event.get("kind") == "progress":
                print(f"    {event['page']} {event['what']} rerun {event['n']}: {event['ms']:,.0f} ms",
                      file=sys.stderr, flush=True)
    elapsed = time.monotonic() - start
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
    returncode = proc.wait()
    err.seek(0)
    tail = [line for line in err.read().decode("utf-8", "replace").splitlines()
            if "ScriptRunContext" not in line and line.strip()][-15:]
    err.close()
    load = meter.stop()
    status = "done" if complete and returncode == 0 else ("stopped by the budget" if not complete
                                                          else f"exit code {returncode}")
    print(f"[{time.strftime('%H:%M:%S')}] {label}: {status} after {elapsed:.0f} s", file=sys.stderr, flush=True)
    return {"events": events, "complete": complete, "elapsed_s": elapsed, "budget_s": budget,
            "returncode": returncode if complete else None, "stderr_tail": "\n".join(tail), "load": load,
            "waited_s": waited}


# --- snapshot ---------------------------------------------------------------------------------

SNAPSHOT_ENV = "AI_DASHBOARD_BENCH_SOURCE"
_SNAPSHOT_SKIP = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis",
                                        "*.egg-info", "build", "docs", "RESULTS*.md")


def run_in_snapshot(argv: list[str], out: Path, keep: bool = False) -> int:
    """Copy the working tree to a temp dir and run the suite there, writing ``out`` here.

    Other people may commit while the suite runs (AppTest and ``streamlit run`` read the app's
    files on every run); a frozen copy makes every number belong to one version of the code.
    """
    info = report.machine()
    source = {"git": info["git"], "dirty_files": info["dirty_files"], "command": report.python_command(argv),
              "snapshot": info["date"], "root": str(ROOT)}
    tmp = Path(tempfile.mkdtemp(prefix="ai-dashboard-bench-snapshot-"))
    try:
        shutil.copytree(ROOT, tmp / "repo", ignore=_SNAPSHOT_SKIP, symlinks=True)
        inner = [a for a in argv if a not in ("--snapshot", "--keep-snapshot")]
        if "--out" not in inner:
            inner += ["--out", str(out.resolve())]
        print(f"measuring a snapshot of {ROOT} (git {info['git']}, {info['dirty_files']} uncommitted files) "
              f"copied to {tmp / 'repo'}", file=sys.stderr)
        env = {**os.environ, SNAPSHOT_ENV: json.dumps(source)}
        return subprocess.call([sys.executable, "-m", "benchmarks", *inner], cwd=str(tmp / "repo"), env=env)
    finally:
        if keep:
            print(f"snapshot kept: {tmp / 'repo'}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# --- the suite --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[1])
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 3 repeats, 1k and 10k rows only, small budgets (about a minute)")
    parser.add_argument("--only", default="", help="comma-separated subset of B1,B2,B3,B4,B5")
    parser.add_argument("--out", type=Path, help="results file (default: benchmarks/RESULTS.md for a full run, "
                                                 "benchmarks/RESULTS-partial.md otherwise)")
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                        help="before each benchmark, wait up to SECONDS for other processes to go quiet")
    parser.add_argument("--snapshot", action="store_true",
                        help="measure a frozen copy of the working tree (others may commit during the run)")
    parser.add_argument("--keep-snapshot", action="store_true",
                        help="with --snapshot: keep the copy (to profile exactly the code that was measured)")
    args = parser.parse_args(argv)
    only = [b.strip().upper() for b in args.only.split(",") if b.strip()] or list(ALL)
    unknown = set(only) - set(ALL)
    if unknown:
        parser.error(f"--only: unknown {', '.join(sorted(unknown))} (use {','.join(ALL)})")
    plan = PLANS["quick" if args.quick else "full"]
    out = args.out or (ROOT / "benchmarks" / ("RESULTS.md" if not args.quick and len(only) == len(ALL)
                                              else "RESULTS-partial.md"))
    if args.snapshot:
        return run_in_snapshot(argv, out, keep=args.keep_snapshot)
    runs = plan["runs"]
    info = report.machine()
    command = report.python_command(argv)
    source = json.loads(os.environ.get(SNAPSHOT_ENV) or "null")
    if source:  # running inside a snapshot: describe the original tree and command
        info.update(git=source["git"], dirty_files=source["dirty_files"], snapshot=source["snapshot"])
        command = source["command"]
    sections: dict[str, str] = {}
    verdicts: list[list[str]] = []
    raw_results: dict[str, object] = {}
    started = time.monotonic()

    def write() -> None:
        body = [
            "# Benchmark results",
            "",
            f"Command: `{command}` ({'quick smoke run' if args.quick else 'full run'}; "
            f"{'all benchmarks' if len(only) == len(ALL) else 'only ' + ', '.join(only)}), "
            f"{(time.monotonic() - started) / 60:.1f} min. How to run and what is measured: "
            "[README.md](README.md). Numbers are medians of n runs with their min and max; every dashboard "
            "timing has the baseline app (`benchmarks/baseline_app.py`) measured in the same process or the "
            "same run next to it, as a ratio.",
            "",
            "## Machine",
            "",
            report.machine_section(info),
            "",
            "## Targets",
            "",
            report.verdict_table(verdicts) if verdicts else "(no results yet)",
        ]
        for name in ALL:
            if name in sections:
                body += ["", f"## {name}", "", sections[name]]
        out.write_text("\n".join(body) + "\n", encoding="utf-8")
        # Every single run's numbers, for anyone who wants more than median, min and max.
        raw = {"command": command, "machine": info, "results": raw_results}
        out.with_suffix(".json").write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")

    def show(name: str, text: str, new: list[list[str]]) -> None:
        sections[name] = text
        verdicts.extend(new)
        print(f"\n## {name}\n\n{text}\n", flush=True)
        write()

    if "B1" in only:
        res = run_worker("benchmarks.appbench", ["b1", "--runs", str(runs), "--pages", ",".join(plan["b1_pages"])],
                         plan["b1_budget"], "B1 server time (AppTest, bundled data)", args.wait_quiet)
        raw_results["B1"] = res
        show("B1", *report.b1_tables(res))

    if "B2" in only:
        results = []
        for rows in plan["b2_sizes"]:
            groups = [[p] for p in plan["b2_pages"]] if plan["b2_split_pages"] else [plan["b2_pages"]]
            for pages in groups:
                res = run_worker("benchmarks.appbench",
                                 ["b2", "--rows", str(rows), "--runs", str(runs), "--pages", ",".join(pages)],
                                 plan["b2_budget"][rows], f"B2 {rows:,} rows, {' + '.join(pages)}",
                                 args.wait_quiet)
                res.update(rows=rows, pages=pages)
                results.append(res)
        raw_results["B2"] = results
        show("B2", *report.b2_tables(results, runs))

    if "B3" in only:
        b3 = plan["b3"]
        res = run_worker("benchmarks.conversion",
                         ["--rows", str(b3["rows"]), "--runs", str(b3["runs"]), "--sample", str(b3["sample"]),
                          "--normalise-runs", str(b3["normalise_runs"])],
                         plan["b3_budget"], f"B3 conversion of {b3['rows']:,} rows", args.wait_quiet)
        raw_results["B3"] = res
        show("B3", *report.b3_table(res))

    if "B4" in only:
        res = run_worker("benchmarks.browserbench", ["--runs", str(plan["b4_runs"])], plan["b4_budget"],
                         "B4 browser (Chromium)", args.wait_quiet)
        raw_results["B4"] = res
        show("B4", *report.b4_table(res))

    if "B5" in only:
        from benchmarks import clickbench

        res = run_worker("benchmarks.clickbench", ["--runs", str(plan["b5_runs"]), "--pages", plan["b5_pages"]],
                         plan["b5_budget"], "B5 browser click-to-chart and loads (Chromium)", args.wait_quiet)
        raw_results["B5"] = res
        show("B5", *clickbench.tables(res))

    print("\n## Targets\n\n" + report.verdict_table(verdicts), flush=True)
    print(f"\nwritten: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} "
          f"({(time.monotonic() - started) / 60:.1f} min)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
