"""Server-time benchmarks under AppTest: B1 (bundled data) and B2 (synthetic data at scale).

Each benchmark runs in a process of its own (``python -m benchmarks.appbench b1 [--runs 7]``,
``python -m benchmarks.appbench b2 --rows 10000 [--pages overview,timeline]``, started by
``python -m benchmarks``) and writes one JSON object per line to stdout as it goes, so that what
was measured before a time budget ran out is still reported (B2 also sends a heartbeat every 2 s
with the phase in progress and the memory so far).

Timing: ``time.perf_counter`` around ``AppTest.run()`` (the script run in AppTest's thread plus
AppTest turning the messages into elements, the same for the dashboard and the baseline), and
the process CPU time (user + system, all threads) of the same call: wall time well above CPU
time means the machine was busy with something else. Every run is checked for an exception: a
page that failed is an error, never a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
BASELINE = str(ROOT / "benchmarks" / "baseline_app.py")
DATA_ENV = "AI_DASHBOARD_DATA"
#: Page name -> page file (AppTest.switch_page resolves it against the app's folder).
PAGES = {
    "overview": "dashboard/app_pages/overview.py",
    "compare": "dashboard/app_pages/compare.py",
    "timeline": "dashboard/app_pages/timeline.py",
    "data_sources": "dashboard/app_pages/data_sources.py",
    "method": "dashboard/app_pages/method.py",
}
#: Target currencies never used before in the process: each switch misses the normalisation
#: cache ("cold"). Only currencies with fixings on every date of the synthetic data.
#: Pages measured in one process need lists without a common code (``b2`` checks); in a full
#: run every page has a process of its own.
_FIRST_TEN = ("GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "NOK", "SGD", "HKD", "NZD")
_SECOND_TEN = ("DKK", "PLN", "ZAR", "MXN", "INR", "KRW", "CNY", "THB", "SAR", "AED")
COLD_CURRENCIES = {
    "overview": _FIRST_TEN,
    "timeline": _SECOND_TEN,
    "compare": _SECOND_TEN,
    "data_sources": _FIRST_TEN,
    "method": _SECOND_TEN,
}


class BenchError(RuntimeError):
    pass


#: English page titles (``st.title``), to check that a run drew the page asked for.
TITLES = {
    "overview": "AI investments compared",
    "compare": "Compare items",
    "timeline": "Announcements over time",
    "data_sources": "Data & sources",
    "method": "Method and caveats",
}
_page_hashes: dict[str, str] = {}


def registered_page_hashes() -> dict[str, str]:
    """The script hash of every page as ``st.navigation`` registers it (by its ``url_path``).

    ``AppTest.switch_page`` before a session's first run identifies a page by its file name, which
    is wrong for a page with another ``url_path`` (``data_sources.py`` is served at ``/data``: the
    switch silently lands on the default page). After one run it resolves registered pages; this
    runs one probe session and keeps the hashes, so that a *new* session can start on any page.
    (Reads AppTest's private ``_page_hash``; :func:`check_page` verifies the page that was drawn.)
    """
    if not _page_hashes:
        probe = checked_run(new_app(APP))
        for page, rel in PAGES.items():
            probe.switch_page(rel)
            _page_hashes[page] = probe._page_hash
    return _page_hashes


def new_app(path: str, page: str | None = None, timeout: float = 600, *, registered: bool = False):
    """A new AppTest session, on ``page`` from its first run.

    ``registered=True`` (needed for a page whose ``url_path`` differs from its file name) uses
    :func:`registered_page_hashes`, which costs one probe run of the app in this process.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(path, default_timeout=timeout)
    if page and page != "overview":
        if registered:
            at._page_hash = registered_page_hashes()[page]
        else:
            at.switch_page(PAGES[page])
    return at


def checked_run(at):
    at.run()
    if at.exception:
        raise BenchError("the app raised: " + "; ".join(str(e.message)[:300] for e in at.exception))
    return at


def widget(at, kind: str, field: str):
    """The widget for settings ``field``: in the dashboard its key carries the UI language
    (``currency-de``); the baseline app (no settings store) keys it by the field alone."""
    from dashboard.ui import controls

    if controls.STORE_KEY not in at.session_state:
        return getattr(at, kind)(key=field)
    return getattr(at, kind)(key=controls.widget_key(field, at.session_state[controls.STORE_KEY].lang))


def set_currency(at, code: str) -> None:
    widget(at, "selectbox", "currency").set_value(code)
    checked_run(at)


def toggle_currency(at) -> None:
    set_currency(at, "USD" if widget(at, "selectbox", "currency").value == "EUR" else "EUR")


def toggle_lang(at) -> None:
    box = widget(at, "selectbox", "lang")
    box.set_value("de" if box.value == "en" else "en")
    checked_run(at)


def toggle_region(at) -> None:
    box = widget(at, "multiselect", "regions")
    if "Asia" in box.value:
        box.unselect("Asia")
    else:
        box.select("Asia")
    checked_run(at)


SWITCHES: dict[str, Callable] = {"currency": toggle_currency, "lang": toggle_lang, "region": toggle_region}


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process
    return usage.ru_utime + usage.ru_stime


class Timings:
    """Wall and process-CPU milliseconds of timed calls, by label."""

    def __init__(self) -> None:
        self.wall: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}

    def time(self, label: str, fn: Callable, *args, check: Callable[[], None] | None = None) -> float:
        """Time ``fn(*args)``; then (untimed) ``check()``, which raises if the run drew the wrong thing."""
        _set_phase(label)
        cpu, start = _cpu_s(), time.perf_counter()
        fn(*args)
        wall = (time.perf_counter() - start) * 1000.0
        cpu_ms = (_cpu_s() - cpu) * 1000.0
        _set_phase("")
        if check is not None:
            check()
        self.wall.setdefault(label, []).append(wall)
        self.cpu.setdefault(label, []).append(cpu_ms)
        return wall

    def payload(self, *labels: str) -> dict:
        keys = labels or tuple(self.wall)
        return {"ms": {k: self.wall.get(k, []) for k in keys}, "cpu_ms": {k: self.cpu.get(k, []) for k in keys}}


def check_page(at, page: str) -> None:
    """The run drew the page asked for: the shared sidebar (currency) and, on a chart page, its charts.

    Guards against timing something else (an error page, the wrong page, a half-edited app file).
    """
    titles = [t.value for t in at.title]
    try:
        widget(at, "selectbox", "currency")
    except KeyError:
        raise BenchError(f"{page}: no currency selectbox after the run (titles {titles})") from None
    from dashboard import i18n

    wanted = TITLES[page]
    if wanted not in titles and i18n.gettext_for("de")(wanted) not in titles:
        raise BenchError(f"expected the {page} page ({wanted!r}), got titles {titles}")
    if page in ("overview", "timeline"):
        keys = list(spec_bytes(at))
        if not keys or not all(k.startswith(page) for k in keys):
            raise BenchError(f"expected the {page} page's charts, got {keys}")


def spec_bytes(at) -> dict[str, int]:
    """Length of every Plotly figure spec (JSON text) on the page, by chart key."""
    out = {}
    for i, element in enumerate(at.get("plotly_chart")):
        out[element.key or f"chart{i}"] = len(element.proto.spec)
    return out


def peak_rss_mb() -> float:
    """Peak resident set size of this process since it started or since :func:`reset_peak_rss`."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def reset_peak_rss() -> bool:
    """Reset the peak RSS to the current RSS (Linux >= 4.0: ``/proc/self/clear_refs`` = 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


_lock = threading.Lock()
_phase = {"name": "", "since": time.monotonic()}
_started = time.monotonic()


def _set_phase(name: str) -> None:
    _phase["name"], _phase["since"] = name, time.monotonic()


def _emit(kind: str, **data) -> None:
    with _lock:
        print(json.dumps({"kind": kind, **data}), flush=True)


def _heartbeat(every: float = 2.0) -> None:
    """What runs now and the memory so far, so a run killed by the time budget is still described."""
    def beat() -> None:
        while True:
            time.sleep(every)
            _emit("heartbeat", elapsed_s=time.monotonic() - _started, phase=_phase["name"],
                  phase_s=time.monotonic() - _phase["since"], peak_rss_mb=peak_rss_mb(), rss_mb=rss_mb())

    threading.Thread(target=beat, daemon=True, name="bench-heartbeat").start()


# --- B1: warm process, bundled data -----------------------------------------------------------


def b1(runs: int, pages: list[str]) -> None:
    os.environ.pop(DATA_ENV, None)
    # Warm-up: imports, caches for the default settings and both states of every toggle.
    _set_phase("warm-up")
    base = checked_run(new_app(BASELINE))
    toggle_currency(base)
    toggle_currency(base)
    registered_page_hashes()
    apps = {}
    for page in pages:
        at = new_app(APP, page, registered=True)
        checked_run(at)
        check_page(at, page)
        for switch in SWITCHES.values():
            switch(at)
            switch(at)
        apps[page] = at
    _emit("warm", peak_rss_mb=peak_rss_mb())

    # First run of a new session on each page (warm process, warm caches), interleaved with the
    # baseline's first run.
    first = Timings()
    for _ in range(runs):
        first.time("baseline", checked_run, new_app(BASELINE))
        for page in pages:
            app = new_app(APP, page, registered=True)
            first.time(page, checked_run, app, check=lambda: check_page(app, page))
    _emit("first_runs", **first.payload())

    # Reruns after a switch (both states cached), interleaved with the baseline's rerun.
    reruns = Timings()
    for _ in range(runs):
        reruns.time("baseline", toggle_currency, base)
        for page, at in apps.items():
            for name, switch in SWITCHES.items():
                reruns.time(f"{page}|{name}", switch, at, check=lambda: check_page(at, page))
    _emit("reruns", **reruns.payload())

    # A currency never used before (the normalisation cache misses), overview only.
    if "overview" in apps:
        cold = Timings()
        for code in COLD_CURRENCIES["overview"][:runs]:
            cold.time("baseline", toggle_currency, base)
            cold.time("overview|currency (new)", set_currency, apps["overview"], code,
                      check=lambda: check_page(apps["overview"], "overview"))
        _emit("cold_currency", **cold.payload())
    _emit("done", peak_rss_mb=peak_rss_mb())


# --- B2: one fresh process per dataset size (and page) ----------------------------------------


def compare_items(path, n: int = 8) -> list[str]:
    """The ids of the ``n`` largest headline rows of a dataset file (for the compare page)."""
    import csv

    with open(path, encoding="utf-8", newline="") as handle:
        headlines = [(float(r["amount_high"]), r["id"]) for r in csv.DictReader(handle)
                     if r["role"] == "headline" and r["amount_high"]]
    return [rid for _amount, rid in sorted(headlines, key=lambda h: (-h[0], h[1]))[:n]]


def b2(rows: int, runs: int, pages: list[str]) -> None:
    """Baseline first (its timings, its peak RSS), then the peak is reset and the dashboard runs.

    Per page: first run (EUR), the spec sizes, ``runs`` switches to a currency never used before
    ("cold": the normalisation cache misses), then ``runs`` switches between the last of those
    and EUR ("warm": both cached). Cold first, so every run counts if the time budget ends early.
    """
    from benchmarks import synth

    _heartbeat()
    _set_phase("generating the dataset")
    path = synth.dataset_path(rows)
    os.environ[DATA_ENV] = str(path)
    _emit("data", rows=rows, path=str(path), file_bytes=path.stat().st_size, pages=pages)

    # The baseline in the same process, on the same file (it reads the CSV on every run).
    base_t = Timings()
    base = new_app(BASELINE, timeout=3600)
    base_t.time("baseline first run", checked_run, base)
    toggle_currency(base)
    toggle_currency(base)
    for _ in range(runs):
        base_t.time("baseline rerun", toggle_currency, base)
    _emit("baseline", **base_t.payload(), spec_bytes=spec_bytes(base), peak_rss_mb=peak_rss_mb())
    del base
    items = compare_items(path) if "compare" in pages else []
    reset = reset_peak_rss()
    _emit("peak_reset", ok=reset, rss_mb=rss_mb(), peak_rss_mb=peak_rss_mb())

    at = new_app(APP, page=pages[0], timeout=3600, registered=pages[0] == "data_sources")
    if items:  # the synthetic data has none of the default items: compare its largest ones
        at.query_params["items"] = items
    cold_codes = [c for page in pages for c in COLD_CURRENCIES[page][:runs]]
    if len(set(cold_codes)) != len(cold_codes):
        raise BenchError(f"pages {pages} in one process share a 'new' currency: {cold_codes}")
    for i, page in enumerate(pages):
        t = Timings()
        if i:
            at.switch_page(PAGES[page])
        t.time(f"{page}|first run", checked_run, at, check=lambda: check_page(at, page))
        _emit("page_first", page=page, **t.payload(f"{page}|first run"), spec_bytes=spec_bytes(at),
              peak_rss_mb=peak_rss_mb())
        for n in range(runs):
            t.time(f"{page}|cold", set_currency, at, cold_codes.pop(0), check=lambda: check_page(at, page))
            _emit("progress", page=page, what="cold", n=n + 1, ms=t.wall[f"{page}|cold"][-1],
                  cpu_ms=t.cpu[f"{page}|cold"][-1])
        last = widget(at, "selectbox", "currency").value
        for n in range(runs):
            t.time(f"{page}|warm", set_currency, at, "EUR" if n % 2 == 0 else last,
                   check=lambda: check_page(at, page))
            _emit("progress", page=page, what="warm", n=n + 1, ms=t.wall[f"{page}|warm"][-1],
                  cpu_ms=t.cpu[f"{page}|warm"][-1])
        _emit("page", page=page, **t.payload(f"{page}|cold", f"{page}|warm"), peak_rss_mb=peak_rss_mb())
    _emit("done", peak_rss_mb=peak_rss_mb())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.appbench")
    parser.add_argument("what", choices=["b1", "b2"])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all for b1, "
                                                     "overview,timeline for b2)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "missing ScriptRunContext" noise
    try:
        if args.what == "b1":
            b1(args.runs, args.pages.split(",") if args.pages else list(PAGES))
        else:
            b2(args.rows, args.runs, args.pages.split(",") if args.pages else ["overview", "timeline"])
    except BenchError as error:
        _emit("error", message=str(error))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
