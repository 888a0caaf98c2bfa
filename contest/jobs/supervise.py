"""`make run`: the web server and the background worker side by side, supervised.

    python -m contest.jobs.supervise --web "gunicorn …" --worker "flask --app wsgi jobs worker"

The worker is restarted whenever it dies (after 1 s, doubling up to 30 s while it keeps dying
fast); if the web server stops, the worker is stopped too and the exit code is the server's.
Ctrl-C (SIGINT) or SIGTERM stops both, each given 10 s to finish. In production systemd (or any
process manager) does this job: see docs/worker.md.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import subprocess
import sys
import time

GRACE_SECONDS = 10
MAX_BACKOFF = 30.0
STABLE_SECONDS = 60.0


class Supervisor:
    """Two child processes: the web server (its end is ours) and the worker (restarted)."""

    def __init__(self, web: list[str], worker: list[str], out=sys.stderr) -> None:
        self.web_command, self.worker_command, self.out = web, worker, out
        self.stopping = False
        self.backoff = 1.0
        self.restarts = 0

    def say(self, message: str) -> None:
        print(f"[supervise] {message}", file=self.out, flush=True)

    def start_worker(self) -> subprocess.Popen:
        self.worker_started = time.monotonic()
        return subprocess.Popen(self.worker_command)  # noqa: S603 - our own commands

    def stop(self, signum=None, frame=None) -> None:  # noqa: ARG002 - a signal handler
        self.stopping = True

    def run(self, poll: float = 0.5) -> int:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        web = subprocess.Popen(self.web_command)  # noqa: S603 - our own commands
        worker = self.start_worker()
        restart_at: float | None = None
        while not self.stopping:
            if web.poll() is not None:
                self.say(f"web server stopped (exit {web.returncode}); stopping the worker")
                break
            if restart_at is None and worker.poll() is not None:
                lived = time.monotonic() - self.worker_started
                self.backoff = 1.0 if lived > STABLE_SECONDS else min(self.backoff * 2, MAX_BACKOFF)
                restart_at = time.monotonic() + (1.0 if lived > STABLE_SECONDS else self.backoff)
                self.say(f"worker stopped (exit {worker.returncode}); restarting")
            if restart_at is not None and time.monotonic() >= restart_at:
                worker, restart_at = self.start_worker(), None
                self.restarts += 1
            time.sleep(poll)
        for process in (worker, web):
            _end(process)
        return web.returncode if web.returncode is not None else 0


def _end(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", required=True, help="the web server's command line")
    parser.add_argument("--worker", required=True, help="the background worker's command line")
    args = parser.parse_args(argv)
    return Supervisor(shlex.split(args.web), shlex.split(args.worker)).run()


if __name__ == "__main__":
    sys.exit(main())
