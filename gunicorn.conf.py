"""gunicorn settings for production-like serving: `gunicorn -c gunicorn.conf.py wsgi:app`.

Sized from the machine: one worker process per CPU (at least 2, so that one busy or restarting
worker never takes the site down), each with a few threads. Handling a request here is mostly
Python (routing, JSON, the ORM): more processes than cores only queue for the CPU, while the
threads overlap the waits on the database (a commit, a row lock). Every setting can be
overridden from the environment without editing this file:

| variable | default | meaning |
| --- | --- | --- |
| `GUNICORN_BIND` | `127.0.0.1:8000` | where to listen (the reverse proxy forwards here) |
| `GUNICORN_WORKERS` (or `WEB_CONCURRENCY`) | CPU count, at least 2 | worker processes |
| `GUNICORN_THREADS` | `4` | threads per worker (each may hold one database connection) |
| `GUNICORN_TIMEOUT` | `30` | seconds a silent worker lives before it is killed and replaced |
| `GUNICORN_GRACEFUL_TIMEOUT` | `30` | seconds a worker gets to finish its requests on restart |
| `GUNICORN_KEEPALIVE` | `5` | seconds an idle keep-alive connection stays open |
| `GUNICORN_MAX_REQUESTS` | `100000` | recycle a worker after about this many requests (0: never) |
| `GUNICORN_ACCESSLOG` | unset (none) | gunicorn's access log too (a file; `-`: stderr) |
| `GUNICORN_CONTROL_SOCKET` | unset (none) | path of gunicorn's control socket, if wanted |
| `GUNICORN_SWITCH_INTERVAL_MS` | `1` | how often a worker's threads hand the GIL over (Python: 5) |

Workers × threads is the number of requests served at once on a node, and the number of
database connections it may open: keep (nodes × workers × threads) under PostgreSQL's
max_connections, or put PgBouncer in front (docs/deploy.md). `kill -HUP <master>` reloads
the code and the configuration gracefully (the app is not preloaded, so each new worker
imports the new code); `kill -TERM` stops after the requests in flight are answered.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
# Keep-alive connections a worker holds open at once (a proxy in front needs few).
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 1000)
backlog = _int("GUNICORN_BACKLOG", 2048)

timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then (bounded memory growth), never all at the same moment. Not often:
# a recycled worker closes its idle keep-alive connections (a request already on its way on one
# fails) and the new one spends seconds of CPU importing the app; at a rush of 170 requests a
# second, 10,000 would restart a worker every minute (bench/RESULTS.md). The app's own caches
# are bounded (papers, version cards, counters), so memory does not grow with requests.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100_000)
max_requests_jitter = max_requests // 10

# The heartbeat file on tmpfs: a busy disk must not make a healthy worker look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - tmpfs, ours

# The app logs one JSON line per request (LOG_REQUESTS: time, request id, method, path, status,
# size, duration, user, address, user agent): gunicorn's access log would be a second line for
# each. Set GUNICORN_ACCESSLOG (a file, or - for stderr) to have it as well; it also shows the
# requests gunicorn refuses itself (a malformed request line) and the proxy's X-Forwarded-For.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "") or None
access_log_format = (
    '%(h)s fwd="%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(B)s %(D)sus '
    'rid=%({x-request-id}o)s ua="%(a)s"'
)
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "thiluat"
# gunicorn's control socket has one default path per user: two servers on one machine (a node
# and a benchmark) would fight over it. Signals do the same work; set a path to have it.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


# Python hands the GIL over every 5 ms by default. A thread back from the database (a row lock,
# SQLite's writer lock, a commit) then waits up to that long at each step for a thread that is
# busy rendering JSON, and a writer holding the lock waits so while the others queue behind it
# (the "convoy effect", bpo-7946). A shorter interval lets it take the next step sooner.
switch_interval_ms = float(os.environ.get("GUNICORN_SWITCH_INTERVAL_MS", "1") or 5)


def post_worker_init(worker) -> None:
    import sys

    sys.setswitchinterval(switch_interval_ms / 1000)
