"""Lighthouse (mobile) on the pages a candidate meets first: home, login, registration, the
contest page and the quiz, served as in production (gunicorn, THILUAT_ENV=production) on the
seeded demo.

    make bench-lighthouse                        # or: python -m bench lighthouse
    python -m bench.bench_lighthouse --runs 5    # the median of 5 runs per page

Needs Lighthouse from npm (`npm ci`, pinned in package-lock.json) and Chromium (CHROME_PATH,
default /usr/bin/chromium). A fresh SQLite database in a temporary folder is migrated and seeded;
the demo candidate signs in through the API and starts an attempt, and Lighthouse sends that
session's cookie to reach the quiz. Targets: accessibility ≥ 0.95 and performance ≥ 0.9 on every
page (the median of the runs); the exit status says whether they are met.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
BIN = Path(sys.executable).parent
TARGETS = {"accessibility": 0.95, "performance": 0.9}
# The metrics behind the performance score: milliseconds, and the layout shift (no unit).
METRICS = {
    "first-contentful-paint": "FCP (ms)",
    "largest-contentful-paint": "LCP (ms)",
    "total-blocking-time": "TBT (ms)",
    "cumulative-layout-shift": "CLS",
}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Client:
    """A small JSON client that keeps its cookies by hand: production cookies are Secure, and a
    cookie jar would not send them to http://127.0.0.1."""

    def __init__(self, base: str) -> None:
        self.base, self.cookies, self.csrf = base, {}, ""

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        headers = {"Content-Type": "application/json", "X-CSRFToken": self.csrf}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data, headers, method=method)  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            for raw in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = raw.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return json.loads(response.read() or b"{}")

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


def serve(env: dict, port: int, log: Path) -> subprocess.Popen:
    """Migrate, seed the demo, then start gunicorn as `make serve` does; wait until it answers."""
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*flask, "seed-demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESSLOG": ""},
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError(f"gunicorn did not answer on port {port}; see {log}")


def quiz_session(base: str) -> tuple[str, str]:
    """The demo candidate signs in, accepts the rules and starts an attempt: (path, cookie)."""
    from contest.demo.seed import CANDIDATE, DEMO_PASSWORD, DEMO_SLUG

    client = Client(base)
    client.csrf = client.call("GET", "/api/v1/auth/csrf")["csrf_token"]
    signed_in = client.call(
        "POST", "/api/v1/auth/login", {"login": CANDIDATE.phone, "password": DEMO_PASSWORD}
    )
    client.csrf = signed_in["csrf_token"]
    contests = client.call("GET", "/api/v1/contests")["items"]
    contest = next(c for c in contests if c["slug"] == DEMO_SLUG)
    group = contest["groups"][0]["id"]
    client.call("POST", f"/api/v1/contests/{contest['id']}/participation", {"group_id": group})
    attempt = client.call("POST", f"/api/v1/rounds/{contest['rounds'][0]['id']}/attempts")
    return f"/attempts/{attempt['id']}", client.cookie_header()


def lighthouse(url: str, out: Path, cookie: str | None) -> dict[str, float]:
    """One mobile Lighthouse run: {category: score} and {metric: value}."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, env=env, check=True, timeout=300)
    report = json.loads(out.read_text())
    if report["finalDisplayedUrl"] != url:  # a redirect (to sign-in) would measure another page
        raise RuntimeError(f"{url} ended at {report['finalDisplayedUrl']}")
    scores = {name: report["categories"][name]["score"] for name in TARGETS}
    return scores | {metric: report["audits"][metric]["numericValue"] for metric in METRICS}


def failing_audits(report_path: Path) -> list[str]:
    """The audits below full marks that weigh on the score, to say what to fix."""
    report = json.loads(report_path.read_text())
    weights = {
        ref["id"]: ref["weight"]
        for name in TARGETS
        for ref in report["categories"][name]["auditRefs"]
    }
    return [
        f"{audit_id} ({audit['score']:.2f}): {audit.get('displayValue', '')}".rstrip(": ")
        for audit_id, audit in report["audits"].items()
        if weights.get(audit_id) and audit["score"] is not None and audit["score"] < 1
    ]


def measure(pages: dict[str, tuple[str, str | None]], base: str, runs: int, out: Path) -> list:
    """The median scores of each page over the runs; its cookie signs the page's viewer in."""
    rows = []
    for name, (path, cookie) in pages.items():
        values: dict[str, list[float]] = {key: [] for key in [*TARGETS, *METRICS]}
        for run in range(runs):
            report = out / f"{name}-{run + 1}.json"
            for key, value in lighthouse(base + path, report, cookie).items():
                values[key].append(value)
        medians = {key: statistics.median(found) for key, found in values.items()}
        rows.append((name, path, medians, failing_audits(report)))
        print(f"{name:13} " + "  ".join(f"{c} {medians[c]:.2f}" for c in TARGETS), flush=True)
    return rows


def table(rows: list) -> str:
    """The medians as a Markdown table, for bench/RESULTS.md."""
    header = ["page", "path", *TARGETS, *METRICS.values(), "target"]
    lines = ["| " + " | ".join(header) + " |", "| --- | --- |" + " ---: |" * 6 + " --- |"]
    for name, path, medians, _audits in rows:
        met = all(medians[category] >= target for category, target in TARGETS.items())
        cells = [f"{medians[key]:.2f}" for key in TARGETS]
        cells += [f"{medians[key]:.0f}" for key in list(METRICS)[:3]]
        cells.append(f"{medians['cumulative-layout-shift']:.3f}")
        cells.append("met" if met else "NOT met")
        lines.append(f"| {name} | `{path}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "lighthouse")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `npm ci` (make install-dev) first.")
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="thiluat-lighthouse-") as folder:
        env = {
            **os.environ,
            "THILUAT_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": f"sqlite:///{folder}/lighthouse.sqlite3",
        }
        server = serve(env, port, args.out / "gunicorn.log")
        try:
            quiz, cookie = quiz_session(base)
            from contest.demo.seed import DEMO_SLUG

            pages = {
                "home": ("/", None),
                "login": ("/login", None),
                "registration": ("/register", None),
                "contest": (f"/contests/{DEMO_SLUG}", None),
                "quiz": (quiz, cookie),
            }
            rows = measure(pages, base, args.runs, args.out)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print()
    print(table(rows))
    for name, _path, _medians, audits in rows:
        if audits:
            print(f"\n{name}: " + "; ".join(audits))
    met = all(m[c] >= t for _n, _p, m, _a in rows for c, t in TARGETS.items())
    return 0 if met else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
