"""Fixtures for the real-browser tests: the app under ``streamlit run`` and Debian's Chromium.

* ``app_url`` (session): starts ``streamlit run app.py`` on a free localhost port through
  :func:`tools.screenshots.start_app` (the screenshot tool starts the app the same way), yields
  the base URL and stops the server's process group afterwards.
* ``browser`` (session): Playwright's Chromium driven from ``/usr/bin/chromium`` (``playwright
  install`` cannot download anything here). Without Chromium or Playwright the tests skip with a
  loud reason locally and fail when ``CI=true``.
* ``page`` (function): a factory. ``page(path="/", locale="en-US", width=1400, height=1600)``
  opens a fresh browser context and returns an :class:`AppPage`: a Playwright ``Page`` (every
  attribute is delegated) that also collects console errors and uncaught page errors and knows
  how to wait for Streamlit (:meth:`AppPage.wait_for_app`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tools import screenshots

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Auto-retrying assertions wait this long (Playwright's default of 5 s is too short on a busy
#: two-core machine, where a fresh context needs 2-4 s to draw the first chart).
TIMEOUT_MS = 15_000
#: The start of the error boundary's message in either language (dashboard/ui/errors.py).
FAILURE_TEXT = re.compile(r"Something went wrong|Beim Darstellen .* ist etwas schiefgegangen")

try:
    from playwright.sync_api import expect as _expect
except ImportError:  # the ``browser`` fixture reports it
    _expect = None
else:
    _expect.set_options(timeout=TIMEOUT_MS)


def _unavailable(reason: str) -> None:
    """Fail in CI (a missing browser must not pass silently there), skip loudly elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(f"!!! {reason} !!!")


def _is_known_noise(text: str, url: str) -> bool:
    """Streamlit on a deep URL (``/compare``) first asks ``/compare/_stcore/health`` and
    ``/compare/_stcore/host-config``, which 404 before it retries at the root. Only that is ignored."""
    return text.startswith("Failed to load resource") and "404" in text and "/_stcore/" in url


class AppPage:
    """A Playwright page on the app, with the errors it reported.

    Attribute access falls through to the Playwright ``Page``; ``raw`` is the page itself (for
    ``expect(tab.raw).to_have_url(...)``).
    """

    def __init__(self, context, base_url: str):
        self.context = context
        self.base_url = base_url
        self.raw = context.new_page()
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.ignored: list[str] = []
        self.raw.on("console", self._on_console)
        self.raw.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

    def __getattr__(self, name):
        return getattr(self.raw, name)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        line = f"{message.text} ({url})" if url else message.text
        (self.ignored if _is_known_noise(message.text, url) else self.console_errors).append(line)

    def open(self, path: str = "/") -> AppPage:
        """Go to ``path`` (relative to the app, query string allowed) and wait for the app."""
        self.raw.goto(self.base_url + path)
        self.wait_for_app()
        return self

    def wait_for_app(self, timeout: float = TIMEOUT_MS) -> None:
        screenshots.wait_for_app(self.raw, timeout=timeout)

    def errors(self) -> list[str]:
        return [f"console: {e}" for e in self.console_errors] + [f"page error: {e}" for e in self.page_errors]

    def assert_healthy(self) -> None:
        """No Streamlit exception box, no "Page not found" dialog, no console error (but the known 404s), no page error."""
        exceptions = self.raw.get_by_test_id("stException")
        if exceptions.count():
            pytest.fail("Streamlit exception on " + self.raw.url + ":\n" + "\n---\n".join(exceptions.all_inner_texts()))
        # The app's error boundary (dashboard/ui/errors.py) turns a failure into a message.
        failures = self.raw.get_by_test_id("stAlert").filter(has_text=FAILURE_TEXT)
        if failures.count():
            pytest.fail("failure message on " + self.raw.url + ":\n" + "\n---\n".join(failures.all_inner_texts()))
        # Streamlit's "Page not found" dialog (an unknown URL path) is not an exception box.
        dialogs = self.raw.get_by_role("dialog").filter(has_text="Page not found")
        if dialogs.count():
            pytest.fail(f"'Page not found' dialog on {self.raw.url}: " + dialogs.first.inner_text())
        assert not self.errors(), f"errors in the browser on {self.raw.url}:\n" + "\n".join(self.errors())


@pytest.fixture(scope="session")
def app_url():
    try:
        server = screenshots.start_app(REPO_ROOT, timeout=60)
    except screenshots.AppStartError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(screenshots.CHROMIUM).exists():
        _unavailable(f"Chromium not found at {screenshots.CHROMIUM}: browser tests NOT run; "
                     "install with apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not importable: browser tests NOT run; install with pip install -e '.[test]'")
    with sync_playwright() as p:
        chromium = screenshots.launch_chromium(p)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, app_url):
    """Factory: ``page(path=None, locale="en-US", width=1400, height=1600, color_scheme="light")``
    -> :class:`AppPage`.

    Each call is a fresh browser context (no cookies, no Streamlit session). With ``path`` the
    page is opened and waited for; without it the caller navigates.
    """
    contexts = []

    def open_page(path: str | None = "/", *, locale: str = "en-US", width: int = 1400, height: int = 1600,
                  color_scheme: str = "light") -> AppPage:
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale,
                                      accept_downloads=True, color_scheme=color_scheme)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        tab = AppPage(context, app_url)
        if path is not None:
            tab.open(path)
        return tab

    yield open_page
    for context in contexts:
        context.close()
