"""B4 browser: navigation to "every chart drawn" in headless Chromium, dashboard vs baseline.

``python -m benchmarks.browserbench [--runs 7] [--path /]`` prints one JSON object per line
(``python -m benchmarks`` turns them into the B4 table).

* Two ``streamlit run`` servers on free 127.0.0.1 ports, started once each (the dashboard's
  ``app.py`` and ``benchmarks/baseline_app.py``, both on the bundled data, both with the repo's
  ``.streamlit/config.toml``), each warmed with one full page load.
* Each measured load uses a new browser context (empty cache, no cookies, a new Streamlit
  session), a 1400x1000 viewport and ``en-US``; dashboard and baseline loads alternate, and
  which goes first alternates every round.
* The clock is the browser's: an init script (run before any page script) watches the DOM with
  a ``MutationObserver`` and stores ``performance.now()`` (milliseconds since the navigation
  started) at the first moment when the page holds as many
  ``[data-testid="stPlotlyChart"] .js-plotly-plot`` as the warm-up load showed, each with a
  laid-out ``.main-svg`` (non-zero size) that contains drawn trace graphics. The Python-side
  wall time from ``goto`` to seeing that flag is reported too (it adds Playwright's polling).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "benchmarks/baseline_app.py"
VIEWPORT = {"width": 1400, "height": 1000}

READY_SCRIPT = """
(() => {
  const N = %d;
  window.__benchReady = null;
  const drawn = (plot) => {
    const svg = plot.querySelector('.main-svg');
    if (!svg) return false;
    const box = svg.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0)) return false;
    // Trace graphics exist: bars/points (cartesian) or treemap slices.
    return !!plot.querySelector('.main-svg .trace path, .main-svg .trace .point, .main-svg g.slice path');
  };
  const check = () => {
    if (window.__benchReady !== null) return;
    const plots = document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot');
    if (plots.length < N) return;
    for (const plot of plots) { if (!drawn(plot)) return; }
    window.__benchReady = performance.now();
    window.__benchCharts = plots.length;
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true, attributes: true});
})();
"""


def _emit(kind: str, **data) -> None:
    print(json.dumps({"kind": kind, **data}), flush=True)


class Server:
    """``streamlit run <script>`` on a free port in its own process group (output to a temp file)."""

    def __init__(self, script: str, env: dict[str, str]):
        from tools import screenshots

        self.port = screenshots.free_port()
        fd, self.log = tempfile.mkstemp(prefix="bench-streamlit-", suffix=".log")
        self._log = os.fdopen(fd, "wb")
        cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
               "--server.port", str(self.port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        self.proc = subprocess.Popen(cmd, cwd=str(ROOT), env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        self.server = screenshots.AppServer(self.proc, self.port, Path(self.log), self._log)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.server.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"streamlit not healthy after {timeout:.0f} s:\n{self.server.output()}")

    def stop(self) -> None:
        self.server.stop()


def load(browser, url: str, expected: int, timeout_ms: float = 120_000) -> dict:
    """One cold load: new context, navigate, wait for every chart drawn; times in ms."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    try:
        context.add_init_script(READY_SCRIPT % expected)
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__benchReady !== null", timeout=timeout_ms, polling=10)
        wall = (time.perf_counter() - start) * 1000
        browser_ms, charts = page.evaluate("[window.__benchReady, window.__benchCharts]")
        return {"browser_ms": browser_ms, "wall_ms": wall, "charts": charts}
    finally:
        context.close()


def count_charts(browser, url: str) -> int:
    """Warm-up load: wait until the app is idle with its charts drawn, then count the charts."""
    from playwright.sync_api import expect

    from tools import screenshots

    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    try:
        page = context.new_page()
        page.goto(url)
        expect(page.locator(screenshots.APP_IDLE)).to_have_count(1, timeout=120_000)
        expect(page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot .main-svg").first).to_be_visible(
            timeout=120_000)
        expect(page.locator("[data-testid='stMain'] [data-stale='true']")).to_have_count(0, timeout=120_000)
        page.wait_for_timeout(500)  # let a late rerun start, then wait for it again
        expect(page.locator(screenshots.APP_IDLE)).to_have_count(1, timeout=120_000)
        problems = screenshots.page_problems(page)
        if problems:
            raise RuntimeError(f"{url}: {problems}")
        charts = page.get_by_test_id("stPlotlyChart").count()
        drawn = page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot")
        expect(drawn).to_have_count(charts, timeout=120_000)
        return charts
    finally:
        context.close()


def run(runs: int, path: str) -> None:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tools import screenshots

    env = {k: v for k, v in os.environ.items() if k != "AI_DASHBOARD_DATA"}  # bundled data for both
    # The servers run in sessions of their own: when the suite's time budget ends it terminates this
    # process, and SIGTERM must unwind through the ``finally`` below so they are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    servers = {}
    try:
        servers = {"dashboard": Server("app.py", env), "baseline": Server(BASELINE, env)}
        for server in servers.values():
            server.wait_healthy()
        with sync_playwright() as p:
            browser = screenshots.launch_chromium(p)
            try:
                _emit("browser", version=browser.version)
                urls = {"dashboard": servers["dashboard"].url + path, "baseline": servers["baseline"].url + "/"}
                expected = {}
                for name, url in urls.items():
                    expected[name] = count_charts(browser, url)
                    if not expected[name]:
                        raise RuntimeError(f"{name}: no chart at {url}")
                _emit("warm", charts=expected)
                for r in range(runs):
                    order = ("dashboard", "baseline") if r % 2 == 0 else ("baseline", "dashboard")
                    for name in order:
                        _emit("load", app=name, run=r + 1, **load(browser, urls[name], expected[name]))
            finally:
                try:
                    browser.close()
                except Exception:  # noqa: BLE001 - the browser may already be gone (terminated with us)
                    pass
    finally:
        for server in servers.values():
            server.stop()
    _emit("done")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.browserbench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--path", default="/", help="dashboard page path (default: the overview, '/')")
    args = parser.parse_args(argv)
    return guarded(lambda: run(args.runs, args.path))


def guarded(work) -> int:
    """Run ``work``; an exception becomes an ``error`` line for the suite (shown in its table) and exit code 1."""
    try:
        work()
    except Exception as error:  # noqa: BLE001 - reported to the suite, which shows it in the table
        _emit("error", message=f"{type(error).__name__}: {error}"[:2000])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
