"""B5 browser: click-to-chart per page, cold load and first load after start, dashboard vs baseline.

``python -m benchmarks.clickbench [--runs 7] [--pages overview,compare,...] [--parts click,cold,first]
[--changes currency,region,view]`` prints one JSON object per line (``python -m benchmarks --only B5``
turns them into the B5 tables).

* **click**: both apps served once (``streamlit run``, bundled data, the repo's config) and kept
  open in one Chromium, a tab each. On every dashboard page, three changes are toggled back and
  forth: the currency (EUR <-> USD), a region filter (none <-> Europe) and the view (total <->
  per year); the baseline toggles its one selectbox (EUR <-> USD). Each change is first made
  twice unmeasured (both states cached, as a reader who goes back and forth), then ``runs``
  times measured, each dashboard click followed by a baseline click (order alternating).
  The clock is the page's: ``performance.now()`` at the ``pointerdown`` of the deciding click
  (the option, the radio, the chip's remove button), then, watched by a ``MutationObserver``:
  *first chart* = the page's first Plotly chart is drawn with other text than before the click;
  *settled* = the script ran and is over, and nothing in the main area is stale. Pages without a
  chart (data, method) report the settled time as their click-to-content. Bytes are the sizes of
  the websocket frames the browser received from the click until settled.
* **cold**: a new browser context per load on a warm server (B4's method) for every chart page.
* **first**: a new server per load: start, wait until healthy, then one load to every chart
  drawn (the first script run of a fresh process: imports, data, caches). Apps alternate.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

from benchmarks.browserbench import BASELINE, ROOT, VIEWPORT, Server, _emit, count_charts, guarded, load

PAGES = {
    "overview": "/",
    "compare": "/compare",
    "timeline": "/timeline",
    "compute": "/compute",
    "data": "/data",
    "method": "/method",
}
CHART_PAGES = ("overview", "compare", "timeline", "compute")
CHANGES = ("currency", "region", "view")

CLOCK_SCRIPT = """
(() => {
  const b = window.__b5 = {armed: false, t0: null, first: null, settled: null, before: null};
  const main = () => document.querySelector('[data-testid="stMain"]');
  const firstChart = () => {
    const m = main();
    const plot = m && m.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    if (!plot) return null;
    const svg = plot.querySelector('.main-svg');
    if (!svg) return null;
    const box = svg.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0)) return null;
    if (!plot.querySelector('.main-svg .trace path, .main-svg .trace .point, .main-svg g.slice path')) return null;
    return plot.textContent;
  };
  b.signature = firstChart;
  document.addEventListener('pointerdown', () => {
    if (!b.armed) return;
    b.armed = false; b.t0 = performance.now(); b.first = null; b.settled = null; b.ran = false;
  }, true);
  const check = (records) => {
    if (b.t0 === null) return;
    const now = performance.now();
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-script-state');
    if (state === 'running' || records.some((r) => r.attributeName === 'data-test-script-state'
                                           && r.oldValue === 'running')) b.ran = true;
    if (b.first === null && b.before !== null) {
      const sig = firstChart();
      if (sig !== null && sig !== b.before) b.first = now - b.t0;
    }
    if (b.settled === null && b.ran && state === 'notRunning') {
      const m = main();
      if (m && !m.querySelector('[data-stale="true"]')) b.settled = now - b.t0;
    }
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, attributes: true,
                                                  attributeOldValue: true, characterData: true});
})();
"""


#: The app is idle: ``tools.screenshots``' settled test without its page heading (the baseline has none).
SETTLED = """() => {
  const q = (sel) => document.querySelector(sel);
  const charts = Array.from(document.querySelectorAll("[data-testid='stMain'] [data-testid='stPlotlyChart']"));
  const ok = q("[data-testid='stApp'][data-test-script-state='notRunning']") && !q("[data-testid='stSkeleton']")
    && !q("[data-stale='true']") && charts.every((c) => c.querySelector('.js-plotly-plot .main-svg'));
  if (!ok) { window.__stSettledSince = null; return false; }
  window.__stSettledSince = window.__stSettledSince || performance.now();
  return performance.now() - window.__stSettledSince >= 300;
}"""


#: A click whose change is not drawn within this time is reported as stalled (not timed): the tab
#: is then reloaded with the defaults and the toggling starts again from its first state. Seen
#: once in about 250 clicks, not reproduced: a click that did not reach the widget.
STALL_MS = 15_000


class Tab:
    """One open page of one app, with its websocket byte counter."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport=VIEWPORT, locale="en-US")
        self.context.add_init_script(CLOCK_SCRIPT)
        self.page = self.context.new_page()
        self.received = 0
        self.page.on("websocket", self._watch)
        self.goto(url)

    def _watch(self, ws) -> None:
        ws.on("framereceived", lambda payload: setattr(self, "received", self.received + len(payload)))

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self.settle(120_000)

    def settle(self, timeout: float) -> None:
        """Wait until no script runs, nothing is stale or loading and every chart has its SVG, for 300 ms."""
        self.page.evaluate("() => { window.__stSettledSince = null; }")
        self.page.wait_for_function(SETTLED, timeout=timeout, polling=50)

    def widget(self, testid: str, label: str):
        """The widget of type ``testid`` labelled exactly ``label`` (the dashboard's are in the sidebar)."""
        return (
            self.page.get_by_test_id(testid)
            .filter(has=self.page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))
            .first
        )

    def arm(self) -> None:
        self.page.evaluate("() => { const b = window.__b5; b.before = b.signature(); b.t0 = null; b.armed = true; }")
        self.received = 0

    def measure(self, click) -> dict:
        """``click`` arms the clock right before its deciding click; wait until settled (and until the
        first chart, if the page has one, shows other text)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        click()
        try:
            self.page.wait_for_function(
                "() => { const b = window.__b5; return b.settled !== null && (b.before === null || b.first !== null); }",
                timeout=STALL_MS,
                polling=20,
            )
        except PlaywrightTimeout:
            return {"stalled": True}
        self.settle(60_000)  # late frames count towards the bytes
        first, settled = self.page.evaluate("() => [window.__b5.first, window.__b5.settled]")
        return {"first_ms": first, "settled_ms": settled, "bytes": self.received}

    def close(self) -> None:
        self.context.close()


def _select(tab: Tab, label: str, option: str):
    def click() -> None:
        tab.widget("stSelectbox", label).click()
        tab.page.keyboard.type(option)
        target = tab.page.get_by_role("option", name=option, exact=False).first
        target.wait_for()
        tab.arm()
        target.click()

    return click


def toggles(tab: Tab, change: str):
    """The two clicks that set ``change`` one way and back (each arms the clock itself)."""
    page = tab.page
    if change == "currency":
        return [_select(tab, "Currency", "USD"), _select(tab, "Currency", "EUR")]
    if change == "view":
        radio = tab.widget("stRadio", "View")

        def to(label: str):
            def click() -> None:
                option = radio.get_by_text(label, exact=True)
                tab.arm()
                option.click()

            return click

        return [to("Per year"), to("Total")]
    if change == "region":
        box = tab.widget("stMultiSelect", "Regions")

        def remove() -> None:  # every region is chosen by default: take Europe out, then back in
            chip_x = box.get_by_role("button", name="Remove Europe")
            tab.arm()
            chip_x.click()

        def add() -> None:
            box.locator("input").click()
            option = page.get_by_role("option", name="Europe", exact=True)
            option.wait_for()
            tab.arm()
            option.click()
            page.keyboard.press("Escape")

        return [remove, add]
    raise ValueError(change)


def clicks(browser, dashboard: str, baseline: str, pages: list[str], runs: int, changes: list[str]) -> None:
    tabs = {"baseline": Tab(browser, baseline), "dashboard": Tab(browser, dashboard)}
    urls = {"baseline": baseline}
    try:
        for name in pages:
            urls["dashboard"] = dashboard + PAGES[name]
            tabs["dashboard"].goto(urls["dashboard"])
            for change in changes:
                toggle = {"dashboard": toggles(tabs["dashboard"], change),
                          "baseline": toggles(tabs["baseline"], "currency")}
                done = dict.fromkeys(tabs, 0)  # clicks made since the defaults: toggle[done % 2] is next

                def click(app: str, measured: int | None) -> None:
                    result = tabs[app].measure(toggle[app][done[app] % 2])
                    if result.get("stalled"):
                        _emit("stall", app=app, page=name, change=change)
                        tabs[app].goto(urls[app])  # a new session on the defaults
                        done[app] = 0
                        return
                    done[app] += 1
                    if measured is not None:
                        _emit("click", app=app, page=name, change=change, run=measured, **result)

                for _ in range(2):  # both states cached
                    click("dashboard", None)
                    click("baseline", None)
                for r in range(runs):
                    for app in ("dashboard", "baseline") if r % 2 == 0 else ("baseline", "dashboard"):
                        click(app, r + 1)
                for app in tabs:  # back to the defaults for the next change
                    if done[app] % 2:
                        click(app, None)
    finally:
        for tab in tabs.values():
            tab.close()


def cold(browser, servers: dict, pages: list[str], runs: int) -> None:
    urls = {"baseline": servers["baseline"].url + "/"}
    urls.update({name: servers["dashboard"].url + PAGES[name] for name in pages if name in CHART_PAGES})
    expected = {name: count_charts(browser, url) for name, url in urls.items()}
    for r in range(runs):
        names = list(urls) if r % 2 == 0 else list(urls)[::-1]
        for name in names:
            _emit(
                "cold",
                app="baseline" if name == "baseline" else "dashboard",
                page=name,
                run=r + 1,
                **load(browser, urls[name], expected[name]),
            )


def first_loads(browser, env: dict, runs: int) -> None:
    """A fresh server per load; the overview (the default page) against the baseline."""
    expected = {}
    for r in range(runs):
        order = ("app.py", BASELINE) if r % 2 == 0 else (BASELINE, "app.py")
        for script in order:
            app = "dashboard" if script == "app.py" else "baseline"
            server = Server(script, env)
            try:
                start = time.perf_counter()
                server.wait_healthy()
                healthy = (time.perf_counter() - start) * 1000
                if app not in expected:  # one unmeasured load to count the charts, then a new server
                    expected[app] = count_charts(browser, server.url + "/")
                    server.stop()
                    server = Server(script, env)
                    start = time.perf_counter()
                    server.wait_healthy()
                    healthy = (time.perf_counter() - start) * 1000
                _emit("first", app=app, run=r + 1, healthy_ms=healthy, **load(browser, server.url + "/", expected[app]))
            finally:
                server.stop()


def run(runs: int, pages: list[str], parts: list[str], changes: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    import os

    from playwright.sync_api import sync_playwright

    from tools import screenshots

    env = {k: v for k, v in os.environ.items() if k != "AI_DASHBOARD_DATA"}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    servers: dict = {}
    try:
        with sync_playwright() as p:
            browser = screenshots.launch_chromium(p)
            _emit("browser", version=browser.version)
            if "first" in parts:
                first_loads(browser, env, runs)
            if "click" in parts or "cold" in parts:
                servers = {"dashboard": Server("app.py", env), "baseline": Server(BASELINE, env)}
                for server in servers.values():
                    server.wait_healthy()
            if "cold" in parts:
                cold(browser, servers, pages, runs)
            if "click" in parts:
                clicks(browser, servers["dashboard"].url, servers["baseline"].url + "/", pages, runs, changes)
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    _emit("done")


#: Targets (issue 17): click-to-chart ratio per change, and load ratios.
CLICK_RATIO = {"currency": 1.1, "region": 1.3, "view": 1.3}
COLD_RATIO = 1.1
FIRST_RATIO = 1.3


def tables(res: dict) -> tuple[str, list[list[str]]]:
    """The B5 tables and target verdicts from a worker run (``benchmarks.__main__`` collects it)."""
    from benchmarks.report import MET, MISSED, UNMEASURED, Stat, _events, _last, ms, notes, table

    verdicts = []
    browser = _last(res, "browser")
    rows = []
    clicks_ = _events(res, "click")
    for page in dict.fromkeys(e["page"] for e in clicks_):
        for change in CHANGES:
            mine = [e for e in clicks_ if (e["page"], e["change"]) == (page, change)]
            dash = [e for e in mine if e["app"] == "dashboard"]
            base = Stat.of([e["first_ms"] for e in mine if e["app"] == "baseline"])
            if not dash or base is None:
                continue
            chart = dash[0]["first_ms"] is not None
            d = Stat.of([e["first_ms" if chart else "settled_ms"] for e in dash])
            settled = Stat.of([e["settled_ms"] for e in dash])
            nbytes = Stat.of([e["bytes"] for e in dash])
            base_bytes = Stat.of([e["bytes"] for e in mine if e["app"] == "baseline"])
            ratio, target = d.median / base.median, CLICK_RATIO[change]
            verdict = MET if ratio <= target else MISSED
            what = "first chart" if chart else "page settled (no chart)"
            verdicts.append([f"B5 click-to-chart ≤ {target}× baseline ({page}, {change})",
                             f"{ratio:.2f}× ({ms(d.median)} vs {ms(base.median)} ms, {what})", verdict])
            stalls = len([e for e in _events(res, "stall") if (e["page"], e["change"], e["app"]) == (page, change, "dashboard")])
            rows.append([page, change, what + (f" ({stalls} stalled)" if stalls else ""), ms(d.median), f"{ms(d.min)}–{ms(d.max)}", ms(base.median),
                         f"{ms(base.min)}–{ms(base.max)}", str(d.n), f"{ratio:.2f}×", f"≤ {target}×", verdict,
                         ms(settled.median), f"{nbytes.median / 1000:.1f}", f"{base_bytes.median / 1000:.1f}"])
    text = ("**B5a. Click-to-chart** (headless Chromium" + (f" {browser['version']}" if browser else "") + "; "
            "both apps open in one browser, a tab each; each change toggled back and forth, twice unmeasured, then "
            "measured, each dashboard click followed by a baseline click with the order alternating. Time = "
            "`performance.now()` from the `pointerdown` of the deciding click until the page's first Plotly chart is "
            "drawn with other text (pages without a chart: until the run is over and nothing is stale). Bytes = "
            "websocket frames received from the click until settled; identical large messages are sent as "
            "references to the browser's message cache, which is why toggling costs little.)\n\n")
    text += table(["page", "change", "until", "dashboard median ms", "min–max", "baseline median ms", "min–max",
                   "n", "ratio", "target", "verdict", "dashboard settled ms", "kB per rerun", "baseline kB"],
                  rows, "llllrrrrrllrrr")
    load_rows = []
    for kind, target, label in (("cold", COLD_RATIO, "cold load (new browser context, warm server)"),
                                ("first", FIRST_RATIO, "first load after the server starts")):
        loads = _events(res, kind)
        base = Stat.of([e["browser_ms"] for e in loads if e["app"] == "baseline"])
        for page in dict.fromkeys(e.get("page", "overview") for e in loads if e["app"] == "dashboard"):
            d = Stat.of([e["browser_ms"] for e in loads if e["app"] == "dashboard" and e.get("page", "overview") == page])
            if d is None or base is None:
                continue
            ratio = d.median / base.median
            verdict = MET if ratio <= target else MISSED
            verdicts.append([f"B5 {label} ≤ {target}× baseline ({page})",
                             f"{ratio:.2f}× ({ms(d.median)} vs {ms(base.median)} ms)", verdict])
            load_rows.append([label, page, ms(d.median), f"{ms(d.min)}–{ms(d.max)}", ms(base.median),
                              f"{ms(base.min)}–{ms(base.max)}", str(d.n), f"{ratio:.2f}×", f"≤ {target}×", verdict])
    if load_rows:
        text += ("\n\n**B5b. Loads to every chart drawn** (B4's clock: `performance.now()` from the navigation "
                 "start until every chart of the page has drawn traces; cold: a new browser context per load on "
                 "servers started once; first: a new server per load, measured from the navigation that follows "
                 "its health check; apps alternate.)\n\n")
        text += table(["load", "page", "dashboard median ms", "min–max", "baseline median ms", "min–max", "n",
                       "ratio", "target", "verdict"], load_rows, "llrrrrrrll")
    if not verdicts:
        verdicts.append(["B5 click-to-chart and loads", "no result", UNMEASURED])
    return text + notes(res), verdicts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.clickbench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--parts", default="click,cold,first")
    parser.add_argument("--changes", default=",".join(CHANGES))
    args = parser.parse_args(argv)
    return guarded(lambda: run(args.runs, args.pages.split(","), args.parts.split(","), args.changes.split(",")))


if __name__ == "__main__":
    sys.exit(main())
