"""gunicorn.conf.py: sized from the machine, overridable from the environment, and each worker
hands the GIL over often enough that a thread back from the database is not kept waiting."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


@pytest.fixture
def restore_switch_interval():
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)


def test_workers_and_threads_follow_the_cpu_count_and_the_environment(monkeypatch):
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    settings = runpy.run_path(str(CONF))
    assert settings["workers"] >= 2
    assert settings["worker_class"] == "gthread"
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "6")
    settings = runpy.run_path(str(CONF))
    assert (settings["workers"], settings["threads"]) == (3, 6)


def test_a_worker_hands_the_gil_over_every_millisecond(monkeypatch, restore_switch_interval):
    monkeypatch.delenv("GUNICORN_SWITCH_INTERVAL_MS", raising=False)
    settings = runpy.run_path(str(CONF))
    sys.setswitchinterval(0.005)  # Python's default
    settings["post_worker_init"](None)
    assert sys.getswitchinterval() == pytest.approx(0.001)


def test_the_switch_interval_is_set_by_the_environment(monkeypatch, restore_switch_interval):
    monkeypatch.setenv("GUNICORN_SWITCH_INTERVAL_MS", "2.5")
    runpy.run_path(str(CONF))["post_worker_init"](None)
    assert sys.getswitchinterval() == pytest.approx(0.0025)


def test_a_worker_is_recycled_rarely_enough_not_to_restart_during_a_rush(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    settings = runpy.run_path(str(CONF))
    assert settings["max_requests"] >= 100_000  # a rush of 170 requests/s: not every minute
    assert 0 < settings["max_requests_jitter"] < settings["max_requests"]


def test_requests_are_logged_once_by_the_app_unless_gunicorns_access_log_is_asked_for(
    monkeypatch,
):
    monkeypatch.delenv("GUNICORN_ACCESSLOG", raising=False)
    assert runpy.run_path(str(CONF))["accesslog"] is None  # the app's JSON line is the log
    monkeypatch.setenv("GUNICORN_ACCESSLOG", "-")
    assert runpy.run_path(str(CONF))["accesslog"] == "-"
