"""The processes of a load run: gunicorn as configured for production (with `--proxy nginx`,
behind nginx as docs/deploy.md sets it up), and the servers faults hit.

Faults are injected only into processes this run started itself: a gunicorn worker, a private
Redis on its own port, and (for a PostgreSQL restart) a private PostgreSQL cluster in a
temporary folder — restarting the machine's shared cluster would break everyone else's
connections. `--pg-restart-command` names another command for a machine of one's own (e.g.
`pg_ctlcluster --skip-systemctl-redirect 15 main restart`).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def wait_for(check, timeout: float, what: str) -> None:
    until = time.time() + timeout
    while time.time() < until:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what}: not ready after {timeout:.0f} s")


def answers_healthz(process: subprocess.Popen | None, url: str, exited: str) -> bool:
    """Whether the server answers GET /healthz; an error if its process has ended."""
    if process is not None and process.poll() is not None:
        raise RuntimeError(f"{exited} (exit code {process.returncode})")
    with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:  # noqa: S310
        return answer.status == 200


def stop_group(process: subprocess.Popen | None) -> None:
    """SIGTERM (a graceful stop), then SIGKILL to its whole group after 40 s."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py wsgi:app` with THILUAT_ENV=production, in its own group."""

    def __init__(self, port: int, env: dict[str, str], log: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.env = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self.healthy, 90, "gunicorn")

    def healthy(self) -> bool:
        return answers_healthz(self.process, self.url, f"gunicorn exited; see {self.log}")

    def workers(self) -> list[int]:
        """The worker processes' ids (children of the master)."""
        assert self.process is not None
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def kill_worker(self) -> int:
        """kill -9 one worker mid-run (the master starts another); its id."""
        victim = self.workers()[0]
        os.kill(victim, signal.SIGKILL)
        return victim

    def stop(self) -> None:
        stop_group(self.process)


# docs/deploy.md's `location /` (no TLS: the load generator and the server share the machine),
# with nginx's upstream connections closed before gunicorn's 5 s keep-alive closes them: a
# request sent on a connection gunicorn is closing would fail (nginx resends no POST).
NGINX_CONF = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 20000; }}
http {{
    access_log off;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    upstream thiluat {{
        server 127.0.0.1:{upstream};
        keepalive 32;
        keepalive_timeout 4s;
    }}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        keepalive_timeout 65s;
        location / {{
            proxy_pass http://thiluat;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-Host $host;
            proxy_set_header X-Request-ID $request_id;
            proxy_connect_timeout 5s;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


class Nginx:
    """nginx in front of gunicorn, as in production: it holds the clients' connections and
    passes requests to gunicorn over a few kept-alive ones."""

    def __init__(self, port: int, upstream: int, folder: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.conf = folder / "nginx.conf"
        self.conf.write_text(NGINX_CONF.format(folder=folder, upstream=upstream, port=port))
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(
            [binary, "-c", str(self.conf), "-g", "daemon off;"],
            start_new_session=True,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.healthy, 30, "nginx")

    def healthy(self) -> bool:
        return answers_healthz(self.process, self.url, f"nginx exited; see {self.conf}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # finish the requests in flight
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class BackgroundWorker:
    """`flask jobs worker` beside gunicorn, as production runs it (docs/deploy.md): it scores
    overdue attempts and refreshes the boards too large to be rebuilt during a request."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = {**os.environ, **env}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(BIN / "flask"), "--app", "wsgi", "jobs", "worker"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        stop_group(self.process)


class PrivateRedis:
    """A redis-server of this run's own, on its own port, nothing persisted."""

    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
                + ["--save", "", "--appendonly", "no"],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self._ping, 20, "redis")

    def _ping(self) -> bool:
        done = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True, check=False
        )
        return done.stdout.strip() == "PONG"

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


class PrivatePostgres:
    """A throwaway PostgreSQL cluster (initdb in a temporary folder) on its own port."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="thiluat-pg-"))
        self.data = self.folder / "data"
        self.server_url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def _run(self, *command: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_postgres, *command], check=True, capture_output=True)

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        if not self.data.exists():
            self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self._pg_ctl("start")

    def _pg_ctl(self, action: str) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        )
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            options,
            "-m",
            "fast",
            "-w",
            action,
        )

    def restart(self) -> None:
        self._pg_ctl("restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg_ctl("stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def run_command(command: str) -> None:
    """A fault given as a shell command (e.g. restarting a PostgreSQL cluster of one's own)."""
    subprocess.run(shlex.split(command), check=True)


def forget_rate_limits(redis_url: str) -> None:
    """Delete the rate-limit counters (LIMITS:*) a previous run left in this Redis database.

    Only those keys, only in the database the URL names: the Redis may be shared.
    """
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter("LIMITS*", count=1000))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])
    client.close()
