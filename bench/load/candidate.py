"""A candidate as the quiz page drives the API: sign in, accept the rules, start, save, submit.

Retries are the page's (static/js/quiz.js): a request that fails on the network, with a 5xx or
with 429 is sent again after 1 s, then 2, 4 … up to 30 s (or the Retry-After the server asks
for), for at most RETRY_FOR seconds; saves carry a sequence number, so a retried or late save
never overwrites a newer one. A quiz request gives up after TIMEOUT seconds without an answer,
as the page does (20 s); a sign-in waits SIGN_IN_TIMEOUT, as a browser posting the sign-in form
waits for the reverse proxy's answer (nginx's proxy_read_timeout, 60 s).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from http.cookiejar import DefaultCookiePolicy

import gevent
from geventhttpclient.url import URL

from bench.load.recorder import RECORDER

API = "/api/v1"
TIMEOUT = 20.0
SIGN_IN_TIMEOUT = 60.0
RETRY_FOR = 120.0
RETRYABLE = {0, 429, 500, 502, 503, 504}


def source_address(index: int) -> str:
    """A loopback address of its own for candidate `index` (127.10.0.1 …): many households."""
    return f"127.{10 + index // 62_500}.{1 + index // 250 % 250}.{1 + index % 250}"


def bind_source(session, host: str, address: str) -> None:
    """Make every connection of this session leave from `address` (the client's own IP).

    geventhttpclient has no option for it: wrap the socket factory of the session's pool.
    The server runs with production settings, so its cookies are Secure; in production a
    proxy terminates TLS in front of it. Here the client talks plain HTTP to gunicorn, so
    its cookie jar is told to send Secure cookies over http too, as a browser would over the
    proxy's https.
    """
    session.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "wss", "http")))
    pool = session.client.clientpool.get_client(URL(host))._connection_pool
    create = pool._create_tcp_socket

    def bound(family, socktype, protocol):
        sock = create(family, socktype, protocol)
        sock.bind((address, 0))
        return sock

    pool._create_tcp_socket = bound


def drop_idle_connections(session, host: str) -> None:
    """Close the session's idle keep-alive connections (after a long wait, as a browser would).

    A connection idle for longer than the server's keep-alive is closed by the server; a
    request sent on it as the close arrives fails on the network. Browsers retry such a
    request silently; this client opens new connections instead.
    """
    queue = session.client.clientpool.get_client(URL(host))._connection_pool._socket_queue
    while not queue.empty():
        queue.get(block=False).close()


@dataclass
class Answered:
    status: int
    body: dict | None
    code: str | None = None
    headers: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def call(
    session,
    method: str,
    path: str,
    name: str,
    *,
    csrf: str | None = None,
    timeout: float = TIMEOUT,
    **kwargs,
):
    """One request, timed and recorded; never raises for HTTP or network failures."""
    headers = {"Accept": "application/json"}
    if csrf:
        headers["X-CSRFToken"] = csrf
    started = time.time()
    status, body, code, answer_headers = 0, None, "network", {}
    try:
        with (
            gevent.Timeout(timeout),
            session.request(
                method, path, name=name, headers=headers, catch_response=True, **kwargs
            ) as response,
        ):
            status = response.status_code or 0
            if not status:  # the client caught the failure itself: keep what it was
                error = getattr(response, "error", None)
                RECORDER.network[f"{name}: {type(error).__name__}: {error}"[:120]] += 1
            if status:
                code = None
                answer_headers = {"Retry-After": response.headers.get("Retry-After")}
                try:
                    body = response.json()
                except Exception:  # noqa: BLE001 - an HTML error page, an empty body
                    body = None
                if 200 <= status < 300 and status != 204 and not isinstance(body, dict):
                    status, code = 0, "unreadable"  # a cut answer: the page retries it
                if isinstance(body, dict) and isinstance(body.get("error"), dict):
                    code = body["error"].get("code")
            if 200 <= status < 300:
                response.success()
            else:
                response.failure(f"{status} {code or ''}")
    except gevent.Timeout:
        status, code = 0, "timeout"  # no answer at all: the page gives up on it and retries
    except Exception as error:  # noqa: BLE001 - connection refused or reset: the page retries
        status, code = 0, "network"
        RECORDER.network[f"{name}: {type(error).__name__}: {error}"[:120]] += 1
    RECORDER.sample(name, started, (time.time() - started) * 1000, status, code)
    return Answered(status, body, code, answer_headers)


def call_retrying(session, method: str, path: str, name: str, **kwargs) -> Answered:
    """call(), again after a network error, a 5xx or a 429, with the page's backoff.

    A POST goes out on a fresh connection. A pooled one may be closed by the server's
    keep-alive timer (5 s) just as it is reused, after a think time or a Retry-After of about
    that long; a browser then sends the POST again on a new connection by itself (Chromium
    does so for a reused connection closed before any answer), and HTTP clients resend a GET
    or a PUT the same way. A connection that fails fresh is still counted as an error.
    """
    give_up_at = time.time() + RETRY_FOR
    backoff = 1.0
    while True:
        if method == "POST":
            drop_idle_connections(session, session.base_url)
        answer = call(session, method, path, name, **kwargs)
        if answer.status not in RETRYABLE:
            return answer
        wait = backoff
        retry_after = answer.headers.get("Retry-After")
        if retry_after and str(retry_after).isdigit():
            wait = max(wait, float(retry_after))
        if time.time() + wait > give_up_at:
            RECORDER.gave_up[name] += 1
            return answer
        gevent.sleep(wait)
        backoff = min(backoff * 2, 30.0)


class Candidate:
    """One seeded candidate (by index) on one HTTP session."""

    def __init__(self, session, seeded: dict, index: int, rng: random.Random) -> None:
        self.session = session
        self.seeded = seeded
        self.index = index
        self.rng = rng
        self.csrf: str | None = None
        self.accepted = False
        self.last_seq = 0

    # --- signing in --------------------------------------------------------------------------

    def sign_in(self) -> bool:
        """GET the CSRF token, then sign in with the CCCD, as the sign-in page's script does."""
        from bench.load.seed import cccd

        token = call_retrying(
            self.session, "GET", f"{API}/auth/csrf", "auth/csrf", timeout=SIGN_IN_TIMEOUT
        )
        if not token.ok:
            return False
        answer = call_retrying(
            self.session,
            "POST",
            f"{API}/auth/login",
            "auth/login",
            csrf=token.body["csrf_token"],
            timeout=SIGN_IN_TIMEOUT,
            json={"login": cccd(self.index), "password": self.seeded["password"]},
        )
        if not answer.ok:
            return False
        self.csrf = answer.body["csrf_token"]
        return True

    def accept_rules(self) -> bool:
        body = {"group_id": self.seeded["group_id"]} if self.seeded["group_id"] else {}
        answer = call_retrying(
            self.session,
            "POST",
            f"{API}/contests/{self.seeded['contest_id']}/participation",
            "participation",
            csrf=self.csrf,
            json=body,
        )
        self.accepted = answer.ok
        return answer.ok

    # --- one attempt -------------------------------------------------------------------------

    def start(self, tabs: int) -> dict | None:
        """Start, as `tabs` tabs opening the quiz at once would; the attempt, or None."""
        path = f"{API}/rounds/{self.seeded['round_id']}/attempts"
        jobs = [
            gevent.spawn(call_retrying, self.session, "POST", path, "start", csrf=self.csrf)
            for _ in range(tabs)
        ]
        gevent.joinall(jobs)
        attempt = None
        for job in jobs:
            if job.exception is not None:
                RECORDER.gave_up[f"start: {job.exception!r}"] += 1
            answer = job.value
            if answer is not None and answer.ok:
                RECORDER.starts.append(
                    {
                        "user": self.index,
                        "attempt": answer.body["id"],
                        "status": answer.status,
                        "number": answer.body.get("number"),
                        "acked": time.time(),
                    }
                )
                attempt = attempt or answer.body
            elif answer is not None:
                RECORDER.starts.append(
                    {"user": self.index, "attempt": None, "status": answer.status}
                )
        return attempt

    def choose(self, question: dict) -> list[int]:
        options = [option["id"] for option in question["options"]]
        if question["type"] == "multiple":
            return sorted(self.rng.sample(options, self.rng.randint(1, min(2, len(options)))))
        return [self.rng.choice(options)]

    def save(self, attempt_id: int, question: dict) -> Answered:
        chosen = self.choose(question)
        self.last_seq = max(int(time.time() * 1000), self.last_seq + 1)
        seq = self.last_seq
        answer = call_retrying(
            self.session,
            "PUT",
            f"{API}/attempts/{attempt_id}/answers/{question['id']}",
            "save",
            csrf=self.csrf,
            json={"option_ids": chosen, "seq": seq},
        )
        if answer.status == 200:
            RECORDER.acks.append(
                {
                    "user": self.index,
                    "attempt": attempt_id,
                    "question": question["id"],
                    "option_ids": chosen,
                    "seq": seq,
                    "saved_at": answer.body.get("saved_at"),
                    "server_time": answer.body.get("server_time"),
                    "acked": time.time(),
                }
            )
        return answer

    def submit(self, attempt_id: int) -> Answered:
        answer = call_retrying(
            self.session,
            "POST",
            f"{API}/attempts/{attempt_id}/submit",
            "submit",
            csrf=self.csrf,
            json={"prediction": self.index % 997},
        )
        if answer.status == 200:
            RECORDER.submits.append(
                {
                    "user": self.index,
                    "attempt": attempt_id,
                    "status": answer.body.get("status"),
                    "score": answer.body.get("score"),
                    "max_score": answer.body.get("max_score"),
                    "correct_count": answer.body.get("correct_count"),
                    "acked": time.time(),
                }
            )
        return answer

    def answers_plan(self, questions: list[dict], count: int) -> list[dict]:
        """`count` saves: every question once in order, then changes to random ones."""
        plan = list(questions[:count])
        while len(plan) < count:
            plan.append(self.rng.choice(questions))
        return plan
