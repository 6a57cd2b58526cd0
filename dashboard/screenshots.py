"""Screenshots of every page, in both languages, at desktop and phone widths.

``python -m dashboard.screenshots [--out docs/screenshots] [--pages overview compare ...]
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
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

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
#: Page name (used in file names) -> URL path.
PAGES = {
    "overview": "/overview",
    "compare": "/compare",
    "timeline": "/timeline",
    "data": "/data",
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
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=timeout)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        try:
            self.log_path.unlink()
        except OSError:
            pass


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


def wait_for_app(page, timeout: float = 15_000) -> None:
    """Wait until the Streamlit script run is over and every Plotly chart on the page is drawn.

    Right after an interaction the app may still read "notRunning" for a moment before the rerun
    starts; callers wait for the change they expect (``expect(...)``) and then call this.
    """
    from playwright.sync_api import expect

    app = page.locator(APP_IDLE)
    expect(app).to_have_count(1, timeout=timeout)
    # Something of the page itself is drawn (the first run has finished, not just started).
    expect(page.locator("[data-testid='stMain'] [data-testid='stHeading'], "
                        "[data-testid='stMain'] [data-testid='stException']").first).to_be_visible(timeout=timeout)
    expect(app).to_have_count(1, timeout=timeout)
    charts = page.get_by_test_id("stPlotlyChart")
    count = charts.count()
    if count:
        expect(page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot .main-svg").first).to_be_visible(
            timeout=timeout)
        expect(page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot")).to_have_count(count, timeout=timeout)
    # No element is stale (Streamlit greys out elements of the previous run while rerunning).
    expect(page.locator("[data-testid='stMain'] [data-stale='true']")).to_have_count(0, timeout=timeout)


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
            langs: Sequence[str], height: int = 1000) -> list[Path]:
    """Write one PNG per page, language and width; return their paths."""
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
                    tab.goto(f"{base_url}{PAGES[name]}?lang={lang}")
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
                    path = out_dir / f"{name}-{lang}-{width}.png"
                    tab.screenshot(path=str(path))
                    written.append(path)
                    print(path, flush=True)
            finally:
                context.close()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="docs/screenshots", type=Path, help="output folder (default: %(default)s)")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES), help="pages to capture")
    parser.add_argument("--widths", nargs="+", type=int, default=[1400, 420], help="viewport widths in px")
    parser.add_argument("--langs", nargs="+", default=["en", "de"], choices=["en", "de"], help="UI languages")
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
                                  langs=args.langs)
            finally:
                browser.close()
    finally:
        server.stop()
    print(f"{len(written)} screenshots in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
