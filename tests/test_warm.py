"""Warming at server start (``app.py``'s ``st.App`` and ``dashboard.ui.warm``).

``streamlit run app.py`` imports ``app.py`` to find ``app`` before the server answers, then runs
``warm.lifespan``; every session runs the file as a script. These tests hold two promises: the
warming fills the caches a first session reads, and a failure while warming only logs (that the
import is light is in ``test_boundaries``).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

import streamlit as st

from dashboard import dataset
from dashboard.settings import Settings
from dashboard.ui import state, warm

ROOT = Path(__file__).resolve().parents[1]


def test_warm_fills_the_caches_a_first_session_reads(monkeypatch):
    st.cache_resource.clear()
    reads = []
    real_read = dataset.read_dataset
    monkeypatch.setattr(dataset, "read_dataset", lambda content: reads.append(1) or real_read(content))
    conversions = []
    real_converted = state.ledger.converted
    monkeypatch.setattr(state.ledger, "converted", lambda *a, **k: conversions.append(1) or real_converted(*a, **k))
    try:
        warm.warm()
        assert reads == [1]
        assert len(conversions) == 1
        # What a first session asks for with default settings: no second read, no new conversion.
        data = state.bundled()
        settings = Settings(year=state.default_year(data))
        state.filtered(data, settings, state.normalised(data, settings))
        assert reads == [1]
        assert len(conversions) == 1
    finally:
        st.cache_resource.clear()


def test_streamlit_run_serves_app_py_as_an_st_app_with_its_lifespan():
    # Were ``app`` not found, ``streamlit run app.py`` would quietly serve the plain script: no warming.
    from streamlit.web.server.app_discovery import discover_asgi_app

    assert discover_asgi_app(ROOT / "app.py").import_string == "app:app"


def test_a_failure_while_warming_is_logged_and_the_server_goes_on(monkeypatch, caplog):
    def broken() -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(state, "bundled", broken)
    with caplog.at_level(logging.ERROR, logger="dashboard.ui.warm"):
        warm._warm_logged()  # must not raise
    assert "warming the caches at start failed" in caplog.text
    assert "disk gone" in caplog.text


def test_the_lifespan_warms_in_the_background_and_yields_at_once(monkeypatch):
    release, done = threading.Event(), threading.Event()

    def slow_warm() -> None:
        release.wait(10)
        done.set()

    monkeypatch.setattr(warm, "warm", slow_warm)
    monkeypatch.setattr(warm.gc, "freeze", lambda: None)  # not this test process's objects (review)

    async def serve() -> bool:
        async with warm.lifespan(None):
            answered_while_warming = not done.is_set()  # the server would answer now
            release.set()
            return answered_while_warming

    # A loop of its own in a thread: the browser tests' Playwright keeps one running in this one.
    answered: list[bool] = []
    server = threading.Thread(target=lambda: answered.append(asyncio.run(serve())))
    server.start()
    server.join(10)
    assert answered == [True]
    assert done.wait(10)


def test_what_warming_loaded_is_frozen_out_of_later_collections(monkeypatch):
    frozen = []
    monkeypatch.setattr(warm, "warm", lambda: None)
    monkeypatch.setattr(warm.gc, "freeze", lambda: frozen.append(1))
    warm._warm_logged()
    assert frozen == [1]


def test_nothing_is_frozen_when_warming_failed(monkeypatch):
    frozen = []

    def broken() -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(warm, "warm", broken)
    monkeypatch.setattr(warm.gc, "freeze", lambda: frozen.append(1))
    warm._warm_logged()
    assert frozen == []
