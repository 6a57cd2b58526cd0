"""Markdown tables for the suite: the machine, each benchmark's results, the target verdicts.

Every function takes the results of a worker run as collected by ``benchmarks.__main__``:
``{"events": [...], "complete": bool, "elapsed_s": float, "budget_s": float, ...}``, where the
events are the JSON objects the worker printed (plus ``t``, seconds since the worker started,
added on receipt). Nothing here measures anything.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("streamlit", "plotly", "pandas", "numpy", "pyarrow", "babel", "CurrencyConverter", "pandera",
            "playwright")

B1_RATIO = 2.0
B2_RERUN_MS = 400.0
B2_SPEC_BYTES = 1_000_000
B2_RSS_MB = 600.0
B2_TARGET_ROWS = 100_000
B3_TARGET_S = 1.5
B4_RATIO = 1.5

MET = "met"
MISSED = "**MISSED**"
UNMEASURED = "**NOT MEASURED**"


# --- numbers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stat:
    median: float
    min: float
    max: float
    n: int

    @classmethod
    def of(cls, values) -> Stat | None:
        values = [float(v) for v in values]
        if not values:
            return None
        return cls(statistics.median(values), min(values), max(values), len(values))


def ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.1f}" if value < 10 else f"{value:,.0f}"


def sec(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or not b:
        return "–"
    return f"{a / b:.2f}×"


def mb(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def kb(value: int | None) -> str:
    return "–" if value is None else f"{value / 1000:,.1f} kB"


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" * len(header)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# --- machine ----------------------------------------------------------------------------------


def _first(path: str, key: str) -> str:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def _run(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=20, cwd=ROOT)
        return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict:
    mem_kb = _first("/proc/meminfo", "MemTotal").split()[0]
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    dirty = [line for line in _run(["git", "status", "--porcelain"]).splitlines() if line.strip()]
    return {
        "cpu": _first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "ram_gib": int(mem_kb) / 1024 / 1024 if mem_kb.isdigit() else None,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(),
        "packages": versions,
        "chromium": _run(["/usr/bin/chromium", "--version"]) or "not found",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git": _run(["git", "rev-parse", "--short", "HEAD"]),
        "dirty_files": len(dirty),
    }


def machine_section(info: dict) -> str:
    pkgs = ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    ram = f"{info['ram_gib']:.1f} GiB" if info["ram_gib"] else "?"
    lines = [
        f"- **CPU:** {info['cpu']}, {info['cores']} logical cores ({info['usable_cores']} usable by this process)",
        f"- **RAM:** {ram}",
        f"- **OS:** {info['os']}",
        f"- **Python:** {info['python']}",
        f"- **Packages:** {pkgs}",
        f"- **Browser:** {info['chromium']} (headless, driven by Playwright over CDP)",
        f"- **Code:** git {info['git'] or '?'}" + (f" plus {info['dirty_files']} uncommitted changed files in the "
                                                   "working tree" if info["dirty_files"] else "")
        + (f"; measured on a frozen copy of the working tree taken at {info['snapshot']}" if info.get("snapshot")
           else "; measured in place"),
        f"- **Date:** {info['date']}",
    ]
    return "\n".join(lines)


def contention_line(res: dict) -> str:
    load = res.get("load") or {}
    if not load:
        return ""
    text = (f"Machine during this benchmark: other processes used {load['others_cores']:.2f} of "
            f"{load['cores']} cores on average (this benchmark {load['ours_cores']:.2f}); load average "
            f"{load['loadavg_start']} → {load['loadavg_end']}; {res['elapsed_s']:.0f} s")
    if res.get("waited_s"):
        text += f" (after waiting {res['waited_s']:.0f} s for a quieter machine)"
    text += "."
    if load["others_cores"] + load["ours_cores"] >= 0.9 * load["cores"] and load["others_cores"] >= 0.25:
        text += (" **Every core was busy for part of the time, so wall-clock times may be inflated;** where a "
                 "CPU column is close to its wall-clock median they were not, and the ratios compare runs made "
                 "under the same conditions (interleaved, or in the same process).")
    return text


def notes(res: dict) -> str:
    """What follows a benchmark's tables: why it failed or stopped, if it did, and the machine's load."""
    text = ""
    if not res["complete"] or res.get("returncode"):
        text += "\n\n" + _failure(res)
    line = contention_line(res)
    if line:
        text += "\n\n" + line
    return text


def _failure(res: dict) -> str:
    errors = [e["message"] for e in res["events"] if e.get("kind") == "error"]
    parts = []
    if errors:
        parts.append("The worker reported: `" + errors[0].splitlines()[0][:300] + "`")
    if not res["complete"]:
        parts.append(f"stopped by the time budget after {res['elapsed_s']:.0f} s (budget {res['budget_s']:.0f} s)")
    elif res.get("returncode"):
        parts.append(f"the worker exited with code {res['returncode']}")
        if res.get("stderr_tail"):
            parts.append("last output:\n```\n" + res["stderr_tail"] + "\n```")
    return "; ".join(parts)


def _events(res: dict, kind: str) -> list[dict]:
    return [e for e in res["events"] if e.get("kind") == kind]


def _last(res: dict, kind: str) -> dict | None:
    found = _events(res, kind)
    return found[-1] if found else None


# --- B1 ---------------------------------------------------------------------------------------


def b1_tables(res: dict) -> tuple[str, list[list[str]]]:
    out, verdicts = [], []
    first = _last(res, "first_runs")
    reruns = _last(res, "reruns")
    cold = _last(res, "cold_currency")
    if first:
        base = Stat.of(first["ms"]["baseline"])
        rows = []
        for page, values in first["ms"].items():
            if page == "baseline":
                continue
            s = Stat.of(values)
            cpu, bcpu = Stat.of(first["cpu_ms"][page]), Stat.of(first["cpu_ms"]["baseline"])
            rows.append([page, ms(s.median), ms(s.min), ms(s.max), ms(base.median), ms(base.min), ms(base.max),
                         ratio(s.median, base.median), ms(cpu.median), ms(bcpu.median), ratio(cpu.median, bcpu.median)])
        out.append(f"**B1a. First run of a new session** (AppTest, warm process and caches, bundled data; "
                   f"n = {base.n} each, interleaved with the baseline's first run). No target; for reference.\n")
        out.append(table(["page", "dashboard median ms", "min", "max", "baseline median ms", "min", "max", "ratio",
                          "CPU: dashboard ms", "baseline ms", "ratio"], rows, "lrrrrrrrrrr"))
    if reruns:
        base = Stat.of(reruns["ms"]["baseline"])
        rows = []
        worst = None
        met_count = total = 0
        base_cpu = Stat.of(reruns["cpu_ms"]["baseline"])
        entries = [(k, v, reruns["cpu_ms"][k], base, base_cpu) for k, v in reruns["ms"].items() if k != "baseline"]
        if cold:
            cold_base = Stat.of(cold["ms"]["baseline"])
            cold_cpu = Stat.of(cold["cpu_ms"]["baseline"])
            entries += [(k, v, cold["cpu_ms"][k], cold_base, cold_cpu) for k, v in cold["ms"].items()
                        if k != "baseline"]
        for key, values, cpu, b, bcpu in entries:
            page, switch = key.split("|")
            s = Stat.of(values)
            c = Stat.of(cpu)
            r = s.median / b.median
            ok = r <= B1_RATIO
            total += 1
            met_count += ok
            if worst is None or r > worst[0]:
                worst = (r, page, switch)
            rows.append([page, switch, ms(s.median), ms(s.min), ms(s.max), ms(b.median), ms(b.min), ms(b.max),
                         f"{r:.2f}×", MET if ok else MISSED, ms(c.median), ms(bcpu.median), ratio(c.median, bcpu.median)])
        out.append(f"\n\n**B1b. Rerun after a switch** (AppTest, warm process; each switch toggles between two "
                   f"settings that are both cached, except `currency (new)`: a currency not used before, so the "
                   f"normalisation cache misses; n = {base.n} each, interleaved with the baseline's rerun after "
                   f"switching its selectbox). Target: dashboard rerun ≤ {B1_RATIO:.1f}× the baseline's rerun.\n")
        out.append(table(["page", "switch", "dashboard median ms", "min", "max", "baseline rerun median ms", "min",
                          "max", "ratio", f"target ≤ {B1_RATIO:.1f}×", "CPU: dashboard ms", "baseline ms",
                          "ratio"], rows, "llrrrrrrrlrrr"))
        verdicts.append([f"B1 rerun ≤ {B1_RATIO:.1f}× baseline rerun",
                         f"{met_count} of {total} page × switch combinations met; worst {worst[0]:.2f}× "
                         f"({worst[1]}, {worst[2]})", MET if met_count == total else MISSED])
    if not res["complete"] or res.get("returncode") or not reruns:
        out.append("\n\n" + (_failure(res) or "B1 did not produce results."))
        if not reruns:
            verdicts.append([f"B1 rerun ≤ {B1_RATIO:.1f}× baseline rerun", "no result", UNMEASURED])
    out.append("\n\n" + contention_line(res))
    return "\n".join(out), verdicts


# --- B2 ---------------------------------------------------------------------------------------


def _b2_page(res: dict, page: str, runs: int) -> dict:
    """What one B2 process measured for one page, with lower bounds when the budget ran out."""
    first = next((e for e in _events(res, "page_first") if e["page"] == page), None)
    done = next((e for e in _events(res, "page") if e["page"] == page), None)
    progress = [e for e in _events(res, "progress") if e["page"] == page]
    partial = {w: [e["ms"] for e in progress if e["what"] == w] for w in ("cold", "warm")}
    cpu = {f"{page}|{w}": [e.get("cpu_ms") for e in progress if e["what"] == w and e.get("cpu_ms") is not None]
           for w in ("cold", "warm")}
    if done:
        partial = {"cold": done["ms"][f"{page}|cold"], "warm": done["ms"][f"{page}|warm"]}
        cpu = done["cpu_ms"]
    beat = _last(res, "heartbeat")
    running = None  # (phase, seconds so far) of what the budget interrupted
    if not res["complete"] and beat:
        running = (beat["phase"], beat["phase_s"] + max(0.0, res["elapsed_s"] - beat["t"]))
    return {
        "first_ms": first["ms"][f"{page}|first run"][0] if first else None,
        "spec_bytes": first["spec_bytes"] if first else None,
        "runs": partial,
        "cpu": cpu,
        "running": running if running and running[0].startswith(page) else None,
        "started": first is not None or bool(running and running[0].startswith(page)),
    }


def b2_tables(results: list[dict], runs: int) -> tuple[str, list[list[str]]]:
    timing_rows, page_rows, memory_rows, verdicts, notes = [], [], [], [], []
    for res in results:
        rows_n = res["rows"]
        pages = res["pages"]
        baseline = _last(res, "baseline")
        base = Stat.of(baseline["ms"]["baseline rerun"]) if baseline else None
        base_cpu = Stat.of(baseline["cpu_ms"]["baseline rerun"]) if baseline else None
        base_first = baseline["ms"]["baseline first run"][0] if baseline else None
        at_target = rows_n == B2_TARGET_ROWS
        for page in pages:
            info = _b2_page(res, page, runs)
            for what, label in (("warm", "currency switch, cached settings"),
                                ("cold", "currency switch, new currency (cache miss)")):
                values = info["runs"][what]
                s = Stat.of(values)
                if s and s.n >= runs:
                    cpu = Stat.of(info["cpu"].get(f"{page}|{what}", []))
                    cells = [ms(s.median), ms(s.min), ms(s.max), str(s.n),
                             ms(base.median) if base else "–", ratio(s.median, base.median if base else None),
                             ms(cpu.median if cpu else None), ms(base_cpu.median if base_cpu else None),
                             ratio(cpu.median if cpu else None, base_cpu.median if base_cpu else None)]
                    verdict = (MET if s.median <= B2_RERUN_MS else MISSED) if at_target else "–"
                    measured = f"median {ms(s.median)} ms"
                else:
                    running = info["running"]
                    bound = running[1] * 1000 if running and running[0].endswith(what) else None
                    if s:
                        text = f"only {s.n} of {runs} runs in the budget: {ms(s.min)}–{ms(s.max)}"
                        if bound:
                            text += f"; next run > {ms(bound)}"
                    elif info["first_ms"] is None:
                        lower = info["running"][1] if info["running"] else None
                        text = (f"not reached: the page's first run was still running after {lower:,.0f} s"
                                if lower else "not reached (budget used up by earlier steps)")
                    else:
                        text = f"first rerun still running after {bound / 1000:,.0f} s" if bound else "not reached"
                    cells = [text, "", "", str(s.n if s else 0), ms(base.median) if base else "–", "", "", "", ""]
                    slowest_bound = max([v for v in values] + ([bound] if bound else []), default=None)
                    if not at_target:
                        verdict = "–"
                    elif slowest_bound and min(values + ([bound] if bound else [])) > B2_RERUN_MS:
                        verdict = MISSED + " (every run measured > 400 ms)"
                    else:
                        verdict = UNMEASURED
                    measured = text
                timing_rows.append([f"{rows_n:,}", page, label, *cells[:6], verdict, *cells[6:]])
                if at_target:
                    verdicts.append([f"B2 rerun ≤ {B2_RERUN_MS:.0f} ms at 100k rows ({page}, {label})",
                                     measured, verdict.split(" (")[0] if verdict.startswith(MISSED) else verdict])
            spec = info["spec_bytes"]  # None: the first run did not finish; {}: a page without charts
            total = sum(spec.values()) if spec is not None else None
            per_chart = (", ".join(f"{k} {kb(v)}" for k, v in spec.items()) or "no Plotly charts") if spec is not None \
                else "–"
            spec_verdict = "–" if not at_target else (UNMEASURED if total is None else
                                                      MET if total <= B2_SPEC_BYTES else MISSED)
            first = ms(info["first_ms"]) if info["first_ms"] is not None else (
                f"> {info['running'][1]:,.0f} s (budget)" if info["running"] else "–")
            page_rows.append([f"{rows_n:,}", page, first, kb(total) if total is not None else "–", per_chart,
                              spec_verdict])
            if at_target:
                verdicts.append([f"B2 figure specs ≤ 1 MB per page at 100k rows ({page})",
                                 kb(total) if total is not None else "not measured (first run did not finish)",
                                 spec_verdict])
        # Peak RSS: one per process (the pages it ran).
        done = _last(res, "done")
        beat = _last(res, "heartbeat")
        peak = done["peak_rss_mb"] if done else (beat["peak_rss_mb"] if beat else None)
        reset = _last(res, "peak_reset")
        base_rss = baseline["peak_rss_mb"] if baseline else None
        finished = done is not None
        if peak is None:
            rss_text, rss_verdict = "–", UNMEASURED
        elif finished:
            rss_text, rss_verdict = mb(peak), (MET if peak <= B2_RSS_MB else MISSED)
        else:
            rss_text = f"≥ {mb(peak)} (stopped by the budget)"
            rss_verdict = MISSED if peak > B2_RSS_MB else UNMEASURED
        memory_rows.append([f"{rows_n:,}", " + ".join(pages), rss_text,
                            mb(base_rss) + ("" if reset and reset["ok"] else " (peak not reset)"),
                            ms(base_first), "–" if not at_target else rss_verdict])
        if at_target:
            verdicts.append([f"B2 peak RSS ≤ {B2_RSS_MB:.0f} MB at 100k rows ({' + '.join(pages)})",
                             f"{rss_text} MB", rss_verdict])
        if not res["complete"] or res.get("returncode"):
            notes.append(f"- {rows_n:,} rows, {' + '.join(pages)}: {_failure(res)}.")
        line = contention_line(res)
        if line:
            notes.append(f"- {rows_n:,} rows, {' + '.join(pages)}: {line}")
    text = [
        "**B2a. Rerun after a currency switch at scale** (AppTest, a fresh process per dataset size and page, "
        "synthetic data from `benchmarks/synth.py`; n runs each; cold = a currency never used before in the "
        "process, so the normalisation cache misses; warm = switching between two cached currencies). The baseline "
        "reads the same file (uncached, `usecols`) and is measured in the same process just before the dashboard. "
        f"Target at 100,000 rows: rerun ≤ {B2_RERUN_MS:.0f} ms.\n",
        table(["rows", "page", "switch", "dashboard median ms", "min", "max", "n", "baseline rerun median ms",
               "ratio", "target ≤ 400 ms (100k)", "CPU: dashboard ms", "baseline ms", "ratio"], timing_rows,
              "lllrrrrrrlrrr"),
        "\n\n**B2b. Figure specs** (sum of `len(element.proto.spec)` over `at.get(\"plotly_chart\")` after the "
        "page's first run in its process, default settings: the JSON the server sends for the page's charts). "
        "Target at 100,000 rows: ≤ 1 MB per page.\n",
        table(["rows", "page", "first run ms (n = 1, fresh process: reads and validates the file)", "figure specs",
               "per chart", "target ≤ 1 MB (100k)"], page_rows, "llrrll"),
        f"\n\n**B2c. Peak memory** (`ru_maxrss` of the process, reset with `/proc/self/clear_refs` after the "
        "baseline ran in it, so it covers the dashboard: reading, validating, caching and drawing the page, then "
        f"{runs} new and {runs} cached currencies). Target at 100,000 rows: ≤ {B2_RSS_MB:.0f} MB.\n",
        table(["rows", "pages in the process", "dashboard peak RSS MB", "baseline alone, peak RSS MB",
               "baseline first run ms (n = 1)", f"target ≤ {B2_RSS_MB:.0f} MB (100k)"], memory_rows, "llrrrl"),
    ]
    if notes:
        text.append("\n\n" + "\n".join(notes))
    return "\n".join(text), verdicts


# --- B3 ---------------------------------------------------------------------------------------


def b3_table(res: dict) -> tuple[str, list[list[str]]]:
    setup = _last(res, "setup")
    naive = _last(res, "naive")
    timings = _events(res, "timing")
    rows, verdicts = [], []
    for t in timings:
        s = Stat.of(t["s"])
        speed = f"{naive['scaled_s'] / s.median:,.0f}× faster" if naive and t["label"].startswith("convert") else ""
        verdict = ""
        if t.get("target") and t["rows"] < 1_000_000:
            verdict = "– (the target is for 1,000,000 rows)"
        elif t.get("target"):
            verdict = MET if s.median <= B3_TARGET_S else MISSED
            verdicts.append([f"B3 vectorised conversion of {t['rows']:,} rows ≤ {B3_TARGET_S} s",
                             f"median {sec(s.median)} s", verdict])
        rows.append([t["label"], f"{t['rows']:,}", sec(s.median), sec(s.min), sec(s.max), str(s.n), speed,
                     verdict or "–"])
    if naive:
        rows.append([f"naive `CurrencyConverter.convert` loop, {naive['sample']:,}-row sample scaled "
                     f"×{naive['rows'] / naive['sample']:,.0f}", f"{naive['rows']:,}", sec(naive["scaled_s"], 1),
                     "", "", "1", "1× (baseline)", "–"])
    rows_n = setup["rows"] if setup else 1_000_000
    head = (f"**B3. Conversion of {rows_n:,} rows** (in one process; synthetic rows, see "
            "`benchmarks/synth.py`)")
    if setup:
        head += (f": {setup['distinct_keys']:,} distinct (currency, announced) keys, frame built in "
                 f"{setup['build_s']:.1f} s, first (cold) `convert_frame` {setup['cold_convert_s']:.3f} s, "
                 f"{setup['fx_problems']} rows without a rate")
    head += f". Target: vectorised conversion of 1,000,000 rows ≤ {B3_TARGET_S} s.\n"
    text = head + "\n" + table(["what", "rows", "median s", "min s", "max s", "n", "vs naive loop", "target"],
                               rows, "lrrrrrll")
    if not any(t.get("target") and t["rows"] >= 1_000_000 for t in timings):
        verdicts.append([f"B3 vectorised conversion of 1,000,000 rows ≤ {B3_TARGET_S} s", "no result at 1M rows",
                         UNMEASURED])
    return text + notes(res), verdicts


# --- B4 ---------------------------------------------------------------------------------------


def b4_table(res: dict) -> tuple[str, list[list[str]]]:
    loads = _events(res, "load")
    warm = _last(res, "warm")
    browser = _last(res, "browser")
    stats = {}
    for app in ("dashboard", "baseline"):
        mine = [e for e in loads if e["app"] == app]
        stats[app] = (Stat.of([e["browser_ms"] for e in mine]), Stat.of([e["wall_ms"] for e in mine]))
    rows, verdicts = [], []
    base = stats["baseline"][0]
    for app in ("dashboard", "baseline"):
        s, wall = stats[app]
        if s is None:
            rows.append([app, "–", "–", "–", "0", "–", "–", "–", "–"])
            continue
        r = s.median / base.median if base else None
        verdict = "–"
        if app == "dashboard" and r is not None:
            verdict = MET if r <= B4_RATIO else MISSED
            verdicts.append([f"B4 browser: dashboard ≤ {B4_RATIO}× baseline (navigation to all charts drawn)",
                             f"{r:.2f}× ({ms(s.median)} vs {ms(base.median)} ms)", verdict])
        rows.append([app if app == "baseline" else "dashboard (overview)", ms(s.median), ms(s.min), ms(s.max),
                     str(s.n), ms(wall.median), str(warm["charts"][app]) if warm else "?",
                     "1.00×" if app == "baseline" else (f"{r:.2f}×" if r else "–"), verdict])
    if not verdicts:
        verdicts.append([f"B4 browser ratio ≤ {B4_RATIO}", "no result", UNMEASURED])
    text = ("**B4. Browser: navigation to every chart drawn** (headless Chromium"
            + (f" {browser['version']}" if browser else "") + ", a new browser context per load (cold cache, new "
            "session), 1400×1000; both servers started once and warmed with one load; loads alternate between the "
            "apps. Time = `performance.now()` in the page when the last of the page's `[data-testid=\"stPlotlyChart\"] "
            ".js-plotly-plot` has a laid-out `.main-svg` with trace graphics, i.e. measured from the navigation "
            f"start). Target: ratio ≤ {B4_RATIO}.\n\n")
    text += table(["app", "median ms", "min", "max", "n", "Python wall median ms", "charts", "ratio",
                   f"target ≤ {B4_RATIO}"], rows, "lrrrrrrrl")
    return text + notes(res), verdicts


def verdict_table(verdicts: list[list[str]]) -> str:
    return table(["target", "measured", "verdict"], verdicts, "lll")


def python_command(argv: list[str]) -> str:
    return " ".join(["python -m benchmarks", *argv]) if argv else "python -m benchmarks"


if __name__ == "__main__":  # pragma: no cover - a module of helpers
    sys.exit("use: python -m benchmarks")
