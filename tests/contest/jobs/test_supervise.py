"""make run's supervisor: the worker restarts when it dies; the web server's end ends both."""

from __future__ import annotations

import sys

from contest.jobs.supervise import Supervisor


def test_a_dead_worker_is_restarted_until_the_web_server_stops(tmp_path):
    starts = tmp_path / "starts"
    worker = [sys.executable, "-c", f"open({str(starts)!r}, 'a').write('x')"]
    # The "web server" waits (bounded) until the worker has started three times, then exits 3.
    web = [
        sys.executable,
        "-c",
        "import os, sys, time\n"
        "end = time.monotonic() + 20\n"
        f"while time.monotonic() < end and (not os.path.exists({str(starts)!r}) "
        f"or len(open({str(starts)!r}).read()) < 3):\n"
        "    time.sleep(0.02)\n"
        "sys.exit(3)",
    ]
    supervisor = Supervisor(web, worker, out=open(tmp_path / "log", "w"))  # noqa: SIM115
    supervisor.backoff = 0.01

    code = supervisor.run(poll=0.02)

    assert code == 3
    assert supervisor.restarts >= 2
    assert len(starts.read_text()) >= 3
