"""Locust users of the deadline rush; `python -m bench.load` writes their settings and runs them.

One locust process, headless. A conductor greenlet drives the timeline every scenario shares:
the users sign in first where the scenario says so (phase "prep", not measured), report ready,
and are released together; the measured window runs from the release until the scenario's
duration is over (or, for scenarios where each candidate sits once, until all are done); then
the users finish the request they are in and the recorder writes its files.

- QuizCandidate: a seeded candidate; closed loop (attempt after attempt), open model (arrives,
  sits once, 20 % hold their submit for the round's last minute) or start burst (all start
  within a few seconds of each other, then sit once).
- SignInUser: a stream of sign-ins with fresh sessions, from their own addresses, at a paced
  rate, while QuizCandidates load the server.
- CeilingUser: GET /healthz in a closed loop without pause: the ceiling of the same stack.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import gevent  # noqa: E402
from gevent.event import Event  # noqa: E402
from gevent.lock import Semaphore  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.contrib.fasthttp import FastHttpSession  # noqa: E402

from bench.load.candidate import (  # noqa: E402
    SIGN_IN_TIMEOUT,
    TIMEOUT,
    Candidate,
    bind_source,
    call,
    drop_idle_connections,
    source_address,
)
from bench.load.recorder import RECORDER  # noqa: E402

_config_path = os.environ.get("THILUAT_LOAD_CONFIG")
CONFIG: dict = json.loads(Path(_config_path).read_text()) if _config_path else {}
SEEDED: dict = CONFIG.get("seeded", {})
OUT = Path(CONFIG.get("out_dir", "."))
SCENARIO = CONFIG.get("scenario", "closed")

RELEASE = Event()
STOP = Event()
# Signing everyone in beforehand is preparation, not the measurement: a few at a time, so
# that the server is not flooded and nobody times out before the release.
PREP_SLOTS = Semaphore(CONFIG.get("prep_concurrency", 8))
_quiz_indices = itertools.count()
_signin_accounts = itertools.count()
_state = {"ready": 0, "active": 0, "finished": 0}


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def think(rng: random.Random) -> None:
    low, high = CONFIG.get("think", [1.0, 3.0])
    gevent.sleep(rng.uniform(low, high))


def _until(moment: float) -> None:
    while not STOP.is_set() and time.time() < moment:
        gevent.sleep(min(1.0, max(0.0, moment - time.time())))


class _Bound(FastHttpUser):
    abstract = True
    # The socket's patience; each call() gives up sooner where the page would (saves: 20 s).
    network_timeout = SIGN_IN_TIMEOUT
    connection_timeout = SIGN_IN_TIMEOUT
    concurrency = 16  # connections: two tabs at once, saves racing a submit, and spares
    # Locust's own retries stay off: failures reach candidate.call_retrying, which counts them
    # and retries as the page does. (geventhttpclient still resends an idempotent request,
    # GET or PUT, whose connection closed before the answer, as browsers do; not counted.)
    max_retries = 0
    wait_time = constant(0)


class QuizCandidate(_Bound):
    """A seeded candidate; what it does after the release depends on the scenario."""

    fixed_count = CONFIG.get("quiz_users", 0)

    def on_start(self) -> None:
        self.index = next(_quiz_indices)
        self.rng = random.Random(self.index)
        bind_source(self.client, self.host, source_address(self.index))
        self.candidate = Candidate(self.client, SEEDED, self.index, self.rng)
        self.signed_in = False
        if CONFIG.get("sign_in_first", True):
            with PREP_SLOTS:
                self.signed_in = self.candidate.sign_in()
                if self.signed_in and CONFIG.get("accept_first"):
                    self.candidate.accept_rules()
        _state["ready"] += 1
        RELEASE.wait()
        drop_idle_connections(self.client, self.host)

    @task
    def sit(self) -> None:
        _state["active"] += 1
        try:
            if SCENARIO == "open":
                self._open()
            elif SCENARIO == "burst":
                self._burst()
            else:
                self._closed_loop()
        except Exception as error:  # noqa: BLE001 - a bug of the load generator: counted, shown
            RECORDER.gave_up[f"candidate: {error!r}"] += 1
            raise
        finally:
            _state["active"] -= 1
            _state["finished"] += 1
        STOP.wait()
        gevent.sleep(3600)  # parked until the conductor ends the run

    def _ensure_entry(self) -> bool:
        if not self.signed_in:
            self.signed_in = self.candidate.sign_in()
        if self.signed_in and not self.candidate.accepted:
            self.candidate.accept_rules()
        return self.signed_in and self.candidate.accepted

    def _closed_loop(self) -> None:
        while not STOP.is_set():
            if not self._ensure_entry():
                return
            self.attempt(rush_at=None, stop_early=True)
            think(self.rng)

    def _open(self) -> None:
        arrival = CONFIG["arrival_seconds"] * self.rng.random()
        _until(RECORDER.released_at + arrival)
        if STOP.is_set() or not self._ensure_entry():
            return
        rush_at = None
        if self.rng.random() < CONFIG.get("rush_share", 0.2):
            closes = _epoch(SEEDED["closes_at"])
            window = CONFIG.get("rush_window", 60)
            rush_at = closes - window + self.rng.uniform(0, max(0.0, window - 10))
        self.attempt(rush_at=rush_at, stop_early=False)

    def _burst(self) -> None:
        gevent.sleep(self.rng.uniform(0, CONFIG.get("burst_window", 10)))
        if not self._ensure_entry():
            return
        # Recorded as soon as the start is answered (or the run ends without it), not after
        # the sitting: a candidate still answering when the run ends did enter.
        entry = {"user": self.index, "first_try": time.time(), "entered": None}
        RECORDER.entered.append(entry)
        self.attempt(rush_at=None, stop_early=True, entry=entry)

    def attempt(
        self, *, rush_at: float | None, stop_early: bool, entry: dict | None = None
    ) -> float | None:
        """One sitting: start (as many tabs as configured), save, submit; when it entered."""
        sheet = self.candidate.start(CONFIG.get("tabs", 2))
        if sheet is None:
            return None
        entered = time.time()
        if entry is not None:
            entry["entered"] = entered
        attempt_id = sheet["id"]
        plan = self.candidate.answers_plan(sheet["questions"], CONFIG.get("answers", 15))
        racing = plan[-3:] if self.rng.random() < CONFIG.get("race_share", 0.0) else []
        for question in plan[: len(plan) - len(racing)]:
            if stop_early and STOP.is_set():
                return entered
            think(self.rng)
            if self.candidate.save(attempt_id, question).status == 409:
                return entered  # closed: the page stops saving
        if stop_early and STOP.is_set():
            return entered
        if racing:
            # A second tab (or a phone's queue flushing) still saving while this one submits.
            jobs = [gevent.spawn(self.candidate.save, attempt_id, q) for q in racing]
            gevent.sleep(self.rng.uniform(0, 0.02))
            self.candidate.submit(attempt_id)
            gevent.joinall(jobs)
            return entered
        think(self.rng)
        if rush_at is not None:
            _until(rush_at)
        self.candidate.submit(attempt_id)
        return entered


class SignInUser(_Bound):
    """Sign-ins at a paced rate, each a new session of another account from its own address."""

    fixed_count = CONFIG.get("signin_users", 0)

    def on_start(self) -> None:
        _state["ready"] += 1
        RELEASE.wait()

    @task
    def sign_in(self) -> None:
        pacing = CONFIG.get("signin_pacing", 1.0)
        first, count = CONFIG.get("signin_first_index", 0), CONFIG.get("signin_accounts", 1)
        while not STOP.is_set():
            began = time.time()
            index = first + next(_signin_accounts) % count
            session = FastHttpSession(
                base_url=self.host,
                request_event=self.environment.events.request,
                user=self,
                network_timeout=SIGN_IN_TIMEOUT,
                connection_timeout=SIGN_IN_TIMEOUT,
                concurrency=2,
            )
            bind_source(session, self.host, source_address(index))
            candidate = Candidate(session, SEEDED, index, random.Random(index))
            if candidate.sign_in():
                RECORDER.signins.append(time.time())
            session.client.close()
            gevent.sleep(max(0.0, pacing - (time.time() - began)))
        STOP.wait()
        gevent.sleep(3600)


class CeilingUser(_Bound):
    """GET /healthz without pause: what this stack answers at most, measured by the same tool."""

    fixed_count = CONFIG.get("ceiling_users", 0)

    def on_start(self) -> None:
        _state["ready"] += 1
        RELEASE.wait()

    @task
    def health(self) -> None:
        while not STOP.is_set():
            call(self.client, "GET", "/healthz", "healthz")
        STOP.wait()
        gevent.sleep(3600)


def _conduct(environment) -> None:
    """Release when everyone is ready, measure for the duration, stop, write, quit."""
    expected = CONFIG.get("users_total", 0)
    prep_until = time.time() + CONFIG.get("prep_timeout", 600)
    while _state["ready"] < expected and time.time() < prep_until:
        gevent.sleep(0.2)
    RECORDER.ready_at_release = _state["ready"]
    RECORDER.release()
    (OUT / "released").write_text(str(RECORDER.released_at))
    RELEASE.set()
    ends = RECORDER.released_at + CONFIG.get("duration", 60)
    finite = SCENARIO in ("open", "burst")
    while time.time() < ends:
        if finite and _state["finished"] >= CONFIG.get("quiz_users", 0):
            break
        gevent.sleep(0.5)
    RECORDER.stopped_at = time.time()
    RECORDER.phase = "drain"
    STOP.set()
    drain_until = time.time() + CONFIG.get("drain_seconds", TIMEOUT + 10)
    while _state["active"] > 0 and time.time() < drain_until:
        gevent.sleep(0.2)
    RECORDER.write(OUT)
    (OUT / "stopped").write_text(str(RECORDER.stopped_at))
    environment.runner.quit()


@events.test_start.add_listener
def _on_test_start(environment, **_kwargs) -> None:
    gevent.spawn(_conduct, environment)
