"""Screenshots of every page, in both languages, at desktop and phone widths.

``python -m tools.screenshots [--out docs/screenshots] [--pages overview compare ...]
[--widths 1400 420] [--langs en de]`` starts the app with ``streamlit run`` on a free localhost
port, opens each page in Debian's Chromium through Playwright and writes
``<page>-<lang>-<width>.png``, printing each path.

This module is also the single home of the helpers the browser tests use (``tests/browser``):
starting and stopping the app (:func:`start_app`), launching Chromium (:func:`launch_chromium`)
and waiting for a Streamlit run to settle (:func:`wait_for_app`). Playwright is a test extra, so
it is imported inside functions only: importing this module needs nothing beyond the stdlib.
Nothing runs at import time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
#: Flags that work for Debian's Chromium driven by Playwright without a display or sandbox.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: Page name (used in file names) -> URL path. The default page is served at "/" only (Streamlit
#: shows a "Page not found" dialog at its ``url_path``).
PAGES = {
    "overview": "/",
    "compare": "/compare",
    "timeline": "/timeline",
    "data": "/data",
    "compute": "/compute",
    "method": "/method",
}
#: CSS selector of the Streamlit app root while no script run is in progress.
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
#: Streamlit scrolls inside this container, not the document (so ``full_page`` captures too little).
SCROLL_CONTAINER = "[data-testid='stMain'], section.main"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppStartError(RuntimeError):
    """The app did not report healthy in time (the message holds the server's output)."""


@dataclass
class AppServer:
    """A running ``streamlit run app.py`` in its own process group."""

    process: subprocess.Popen
    port: int
    log_path: Path
    _log_file: object = field(repr=False, default=None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        """Everything the server printed so far (stdout and stderr)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server's process group; kill it if it does not exit within ``timeout``."""
        proc = self.process
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        with contextlib.suppress(OSError):
            self.log_path.unlink()


def start_app(root: Path | str = REPO_ROOT, *, port: int | None = None, timeout: float = 60.0) -> AppServer:
    """Start ``streamlit run app.py`` in ``root`` and wait until ``/_stcore/health`` says ``ok``.

    Raises :class:`AppStartError` with the server's output when it exits early or is not healthy
    within ``timeout`` seconds (the server is stopped first).
    """
    port = port or free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    # Output goes to a file, not a pipe: nobody reads a pipe while tests run, and a full pipe
    # would block the server.
    fd, log_name = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
    log_file = os.fdopen(fd, "wb")
    proc = subprocess.Popen(cmd, cwd=str(root), stdout=log_file, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    server = AppServer(proc, port, Path(log_name), log_file)
    health = f"{server.url}/_stcore/health"
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            out = server.output()
            server.stop()
            raise AppStartError(f"streamlit exited with code {proc.returncode} before it was healthy:\n{out}")
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.read().decode("utf-8", "replace").strip() == "ok":
                    return server
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            out = server.output()
            server.stop()
            raise AppStartError(f"streamlit was not healthy at {health} after {timeout:.0f} s:\n{out}")
        time.sleep(0.2)


def launch_chromium(playwright):
    """Launch Debian's Chromium (``playwright install`` is not possible offline)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


#: True once the app has settled: no script run, no lazy element still loading (Streamlit shows a
#: skeleton while e.g. the Plotly bundle loads), nothing stale, the page's title or an exception
#: drawn, and every Plotly chart has its SVG. It must hold for ``SETTLE_MS`` in a row, because the
#: state can read "notRunning" for a moment between an interaction and the rerun it starts.
_SETTLED_JS = """([idle, settleMs]) => {
    const q = (sel) => document.querySelector(sel);
    const charts = Array.from(document.querySelectorAll("[data-testid='stMain'] [data-testid='stPlotlyChart']"));
    const ok = q(idle)
        && !q("[data-testid='stMain'] [data-testid='stSkeleton']")
        && !q("[data-stale='true']")
        && q("[data-testid='stMain'] [data-testid='stHeading'], [data-testid='stMain'] [data-testid='stException']")
        && charts.every((c) => c.querySelector('.js-plotly-plot .main-svg'));
    if (!ok) { window.__stSettledSince = null; return false; }
    window.__stSettledSince = window.__stSettledSince || performance.now();
    return performance.now() - window.__stSettledSince >= settleMs;
}"""
SETTLE_MS = 300


def wait_for_app(page, timeout: float = 15_000) -> None:
    """Wait until the Streamlit run is over and everything it drew is on screen (charts included).

    Right after an interaction the rerun may not have started yet; callers first wait for the
    change they expect (``expect(...)``, which retries) and then call this.
    """
    page.evaluate("() => { window.__stSettledSince = null; }")
    page.wait_for_function(_SETTLED_JS, arg=[APP_IDLE, SETTLE_MS], polling=100, timeout=timeout)


def page_problems(page) -> list[str]:
    """What is visibly wrong on the page: Streamlit exception boxes, a "Page not found" dialog."""
    problems = [f"exception: {text.splitlines()[0] if text else ''}"
                for text in page.get_by_test_id("stException").all_inner_texts()]
    problems += [f"dialog: {' '.join(text.split())}"
                 for text in page.get_by_role("dialog").all_inner_texts()]
    return problems


def _scroll_height(page) -> int:
    return int(page.evaluate(
        """(sel) => {
            const el = document.querySelector(sel);
            const inner = el ? el.scrollHeight : 0;
            return Math.max(inner, document.documentElement.scrollHeight);
        }""",
        SCROLL_CONTAINER,
    ))


def capture(browser, base_url: str, out_dir: Path, *, pages: Sequence[str], widths: Sequence[int],
            langs: Sequence[str], height: int = 1000, query: str = "", tag: str = "") -> list[Path]:
    """Write one PNG per page, language and width; return their paths.

    ``query`` (``measure=gdp-share``) is added to every page's link, ``tag`` to every file name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for width in widths:
        for lang in langs:
            # One context per width and language: later pages reuse the browser cache.
            context = browser.new_context(viewport={"width": width, "height": height},
                                          locale="de-DE" if lang == "de" else "en-US")
            try:
                tab = context.new_page()
                for name in pages:
                    tab.set_viewport_size({"width": width, "height": height})
                    tab.goto(f"{base_url}{PAGES[name]}?lang={lang}" + (f"&{query}" if query else ""))
                    wait_for_app(tab)
                    # Grow the viewport to the whole scrollable app so the shot holds every element,
                    # then let charts re-layout to the (unchanged) width and wait again.
                    full = _scroll_height(tab)
                    tab.set_viewport_size({"width": width, "height": max(height, full)})
                    tab.wait_for_timeout(300)
                    full2 = _scroll_height(tab)
                    if full2 > full:
                        tab.set_viewport_size({"width": width, "height": full2})
                        tab.wait_for_timeout(300)
                    wait_for_app(tab)
                    for problem in page_problems(tab):
                        print(f"warning: {name} ({lang}, {width} px): {problem}", file=sys.stderr)
                    path = out_dir / f"{name}{'-' + tag if tag else ''}-{lang}-{width}.png"
                    tab.screenshot(path=str(path))
                    written.append(path)
                    print(path, flush=True)
            finally:
                context.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="docs/screenshots", type=Path, help="output folder (default: %(default)s)")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES), help="pages to capture")
    parser.add_argument("--widths", nargs="+", type=int, default=[1400, 420], help="viewport widths in px")
    parser.add_argument("--langs", nargs="+", default=["en", "de"], choices=["en", "de"], help="UI languages")
    parser.add_argument("--query", default="", help="settings added to every link, e.g. measure=gdp-share")
    parser.add_argument("--tag", default="", help="added to every file name, e.g. gdp-share")
    args = parser.parse_args(argv)

    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}; install with apt-get install -y chromium", file=sys.stderr)
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed; install the test extra: pip install -e '.[test]'", file=sys.stderr)
        return 2

    started = time.monotonic()
    try:
        server = start_app()
    except AppStartError as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            try:
                written = capture(browser, server.url, args.out, pages=args.pages, widths=args.widths,
                                  langs=args.langs, query=args.query, tag=args.tag)
            finally:
                browser.close()
    finally:
        server.stop()
    print(f"{len(written)} screenshots in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
