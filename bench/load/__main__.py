"""The deadline rush, measured from outside: `python -m bench.load SCENARIO [options]`.

Each run prepares a throwaway database (a SQLite file in the run's folder, or a PostgreSQL
database created next to --postgres, dropped afterwards) with the demo contest, its round
open now and the candidates inserted in bulk; starts gunicorn with gunicorn.conf.py and
THILUAT_ENV=production against it (and Redis for the rate limits with --redis), with the
background worker (`flask jobs worker`) beside it as production runs it; measures the
ceiling (GET /healthz at full speed, same stack, same tool), the scenario with Locust, then
the ceiling again (a shared machine drifts: both ratios are reported); stops them; runs the
consistency check (bench/load/check.py); prints the figures as markdown. Everything lands in
bench/out/load/<time>-<scenario>-<engine>/.

Scenarios (sizes: --size smoke, 1–2 minutes each, or --size full; any figure overridable):
  closed   a closed loop of candidates: sign in beforehand, released together, each starts
           twice as a second tab would, saves 15 answers (think time between), submits, again
  open     an open model: candidates arrive over a window, sign in, sit once with 30–90 s
           between answers (full size), and 20 % hold their submit for the round's last minute
  burst    candidates signed in beforehand all start within 10 s, then sit once
  signin   sign-ins at a paced rate (fresh sessions) during closed-loop quiz traffic
  soak     the closed loop at half the users for a long time (full: 30 minutes)

Faults (--fault, at --fault-at seconds after the release): kill-worker (kill -9 one gunicorn
worker), restart-postgres (a private cluster started for the run, or --pg-restart-command),
restart-redis (a private redis-server started for the run). Clients retry as the quiz page
does; the consistency check then says whether anything acknowledged was lost.

The load generator shares the machine's cores with the server: compare ratios, not rates.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.load import check, report, servers
from bench.load.scenarios import SIZES, scenario_config
from bench.load.seed import prepare

ROOT = servers.ROOT
OUT = ROOT / "bench" / "out" / "load"

CEILING_USERS = 32


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("scenario", choices=sorted(SIZES))
    parser.add_argument("--size", choices=("smoke", "full"), default="smoke")
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="a PostgreSQL server URL; a throwaway database is created beside it "
        "(default: $BENCH_DATABASE_URL)",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL"),
        help="REDIS_URL for the server's rate limits (default: $BENCH_REDIS_URL; none: "
        "in-process memory per worker). Only its LIMITS* keys are cleared first.",
    )
    parser.add_argument("--users", type=int, help="candidates (quiz users)")
    parser.add_argument("--duration", type=float, help="measured seconds (closed, signin, soak)")
    parser.add_argument("--think", type=float, nargs=2, metavar=("MIN", "MAX"))
    parser.add_argument("--arrival", type=float, help="open: seconds over which candidates arrive")
    parser.add_argument("--rush-window", type=float, help="open: the round's last N seconds")
    parser.add_argument("--rush-share", type=float, default=0.2)
    parser.add_argument(
        "--round-seconds",
        type=float,
        help="open: the round closes this long after the server starts (default: late enough "
        "for the last arrival to answer everything at the slowest pace); shorter, the close "
        "catches the slowest, as a real deadline does",
    )
    parser.add_argument("--burst-window", type=float, help="burst: seconds to start everyone")
    parser.add_argument("--signin-rate", type=float, help="signin: offered sign-ins per second")
    parser.add_argument("--answers", type=int, default=15, help="saves per attempt")
    parser.add_argument("--tabs", type=int, help="starts sent at once per attempt (2; burst: 1)")
    parser.add_argument(
        "--race-share",
        type=float,
        default=0.1,
        help="share of attempts whose last 3 saves race their submit (a second tab)",
    )
    parser.add_argument("--workers", type=int, help="GUNICORN_WORKERS (default: gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, help="GUNICORN_THREADS")
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="do not run the background worker (`flask jobs worker`) beside gunicorn",
    )
    parser.add_argument(
        "--proxy",
        choices=("none", "nginx"),
        default="none",
        help="nginx: behind nginx as docs/deploy.md sets it up (TRUSTED_PROXIES=1)",
    )
    parser.add_argument("--ceiling-seconds", type=float, default=15)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument(
        "--fault", choices=("kill-worker", "restart-postgres", "restart-redis"), default=None
    )
    parser.add_argument("--fault-at", type=float, default=20, help="seconds after the release")
    parser.add_argument(
        "--pg-restart-command",
        help="restart-postgres: run this instead of using a private cluster",
    )
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    return parser.parse_args(argv)


@contextmanager
def database(args: argparse.Namespace, folder: Path, stack: ExitStack):
    """A throwaway database URL for the run."""
    if args.engine == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    if args.fault == "restart-postgres" and not args.pg_restart_command:
        cluster = servers.PrivatePostgres(port=args.port + 100)
        cluster.start()
        stack.callback(cluster.stop)
        server_url = cluster.server_url
        args.restart_postgres = cluster.restart
    else:
        server_url = args.postgres
        if not server_url:
            raise SystemExit("--engine postgres needs --postgres URL (or BENCH_DATABASE_URL)")
        if args.pg_restart_command:
            command = args.pg_restart_command
            args.restart_postgres = lambda: servers.run_command(command)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"thiluat_load_{os.getpid()}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        if not args.keep:
            admin.dispose()  # its pooled connection may predate a PostgreSQL restart
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_locust(
    folder: Path, host: str, config: dict, classes: list[str], users: int, runtime: float
) -> float:
    """Run the locustfile headless with this configuration; the CPU seconds it used."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config, indent=1))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with (folder / "locust.log").open("wb") as log:
        subprocess.run(
            [str(servers.BIN / "locust"), "-f", str(ROOT / "bench/load/locustfile.py")]
            + ["--headless", "--only-summary", "--loglevel", "WARNING", "-H", host]
            + ["-u", str(users), "-r", str(min(users, 500)), "--run-time", f"{int(runtime)}s"]
            + ["--stop-timeout", "5", *classes],
            cwd=ROOT,
            env={**os.environ, "THILUAT_LOAD_CONFIG": str(folder / "config.json")},
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def read_run(folder: Path) -> tuple[list, dict]:
    samples = json.loads((folder / "samples.json").read_text())
    client = json.loads((folder / "client.json").read_text())
    return samples, client


def measure_ceiling(folder: Path, host: str, seconds: float) -> dict:
    """GET /healthz at full speed from CEILING_USERS closed-loop users: requests per second."""
    config = {
        "scenario": "ceiling",
        "ceiling_users": CEILING_USERS,
        "users_total": CEILING_USERS,
        "duration": seconds,
        "out_dir": str(folder),
        "seeded": {},
    }
    cpu = run_locust(folder, host, config, ["CeilingUser"], CEILING_USERS, seconds + 60)
    samples, client = read_run(folder)
    figures = report.summarize(samples, client, None)
    row = figures["endpoints"].get("healthz", {})
    return {
        "rps": figures["rps"],
        "p50": row.get("p50"),
        "p95": row.get("p95"),
        "p99": row.get("p99"),
        "errors": figures["errors"],
        "load_generator_cpu_s": cpu,
    }


def inject_fault(args: argparse.Namespace, folder: Path, gunicorn, redis, log: list) -> None:
    """Wait for the release, then at --fault-at seconds break what --fault names."""
    released = folder / "released"
    until = time.time() + 3600
    while not released.exists() and time.time() < until:
        time.sleep(0.2)
    time.sleep(max(0.0, float(released.read_text()) + args.fault_at - time.time()))
    began = time.time()
    if args.fault == "kill-worker":
        detail = f"kill -9 worker {gunicorn.kill_worker()}"
    elif args.fault == "restart-redis":
        redis.restart()
        detail = f"redis-server on port {redis.port} stopped and started again"
    else:
        args.restart_postgres()
        detail = "PostgreSQL restarted (pg_ctl restart -m fast)"
    log.append({"fault": args.fault, "at": began, "seconds": time.time() - began, "detail": detail})


def main(argv: list[str]) -> int:
    args = parse(argv)
    config = scenario_config(args)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = OUT / f"{stamp}-{args.scenario}-{args.size}-{args.engine}"
    folder.mkdir(parents=True, exist_ok=True)
    secret_key = secrets.token_hex(32)
    load_before = os.getloadavg()
    with ExitStack() as stack:
        url = stack.enter_context(database(args, folder, stack))
        started = time.time()
        seeded = prepare(
            url,
            secret_key,
            candidates=config["candidates"],
            round_seconds=config["round_seconds"],
            time_limit_seconds=config["time_limit_seconds"],
            max_attempts=1000,
        )
        print(f"prepared {config['candidates']:,} candidates in {time.time() - started:.1f} s")
        redis = None
        redis_url = args.redis
        if args.fault == "restart-redis":
            redis = servers.PrivateRedis(args.port + 200, folder / "redis.log")
            redis.start()
            stack.callback(redis.stop)
            redis_url = redis.url
        if redis_url:
            servers.forget_rate_limits(redis_url)
        env = {"THILUAT_ENV": "production", "SECRET_KEY": secret_key, "DATABASE_URL": url}
        # Every virtual candidate comes from 127.0.0.1: a province behind one address. The
        # per-address ceilings are raised for it; the per-account and per-candidate limits stay.
        env.update(
            LIMIT_SIGN_IN="1000000/minute",
            LIMIT_REGISTER="1000000/minute",
            LIMIT_START_ADDRESS="1000000/minute",
        )
        if redis_url:
            env["REDIS_URL"] = redis_url
        if args.workers:
            env["GUNICORN_WORKERS"] = str(args.workers)
        if args.threads:
            env["GUNICORN_THREADS"] = str(args.threads)
        behind_nginx = args.proxy == "nginx"
        if behind_nginx:
            env["TRUSTED_PROXIES"] = "1"
        # Behind nginx, gunicorn listens on the next port and only nginx talks to it.
        gunicorn = servers.Gunicorn(args.port + behind_nginx, env, folder / "gunicorn.log")
        gunicorn.start()
        stack.callback(gunicorn.stop)
        front = gunicorn
        if behind_nginx:
            front = servers.Nginx(args.port, gunicorn.port, folder)
            front.start()
            stack.callback(front.stop)
        if not args.no_worker:
            background = servers.BackgroundWorker(env, folder / "worker.log")
            background.start()
            stack.callback(background.stop)
        workers = len(gunicorn.workers())
        ceiling = measure_ceiling(folder / "ceiling", front.url, args.ceiling_seconds)
        print(f"ceiling: GET /healthz {ceiling['rps']:.1f}/s (p50 {ceiling['p50']:.1f} ms)")
        config.update(seeded=seeded.as_dict(), out_dir=str(folder))
        classes = ["QuizCandidate"] + (["SignInUser"] if args.scenario == "signin" else [])
        users = config["quiz_users"] + config.get("signin_users", 0)
        config["users_total"] = users
        config["prep_timeout"] = 120 + config["candidates"] * 0.5
        faults: list[dict] = []
        injector = None
        if args.fault:
            injector = threading.Thread(
                target=inject_fault, args=(args, folder, gunicorn, redis, faults), daemon=True
            )
            injector.start()
        runtime = config["prep_timeout"] + config["duration"] + 120
        cpu = run_locust(folder, front.url, config, classes, users, runtime)
        if injector is not None:
            injector.join(timeout=120)
        # Again after the scenario, on the same server: how far the machine itself drifted.
        ceiling_after = None
        try:
            ceiling_after = measure_ceiling(
                folder / "ceiling-after", front.url, args.ceiling_seconds
            )
            print(f"ceiling after the run: GET /healthz {ceiling_after['rps']:.1f}/s")
        except Exception as error:  # noqa: BLE001 - the scenario's figures must not be lost to it
            print(f"ceiling after the run not measured: {error!r}")
        gunicorn.stop()
        samples, client = read_run(folder)
        figures = report.summarize(samples, client, ceiling, ceiling_after)
        if args.scenario == "open":
            figures["rush"] = report.rush(samples, config)
        figures.update(
            ready_at_release=f"{client.get('ready_at_release')} of {users}",
            ceiling=ceiling,
            ceiling_after=ceiling_after,
            load_generator_cpu_s=cpu,
            load_average_before=load_before,
            workers=workers,
            proxy=args.proxy,
            faults=faults,
            config={k: v for k, v in config.items() if k != "seeded"},
        )
        print("consistency check:")
        verdict = check.check(url, folder, seeded.round_id)
        verdict.print()
        figures["check"] = verdict.as_dict()
        title = (
            f"{args.scenario}, {config['quiz_users']:,} candidates, {args.engine}"
            + (" + Redis" if redis_url else "")
            + f", {workers} workers"
            + (" behind nginx" if behind_nginx else "")
            + (f", fault {args.fault}" if args.fault else "")
        )
        text = report.markdown(title, figures)
        if faults:
            text += "\nFaults: " + "; ".join(
                f"{f['detail']} at +{f['at'] - client['released_at']:.1f} s "
                f"(took {f['seconds']:.1f} s)"
                for f in faults
            )
            text += ".\n"
        text += (
            f"\nConsistency: {'consistent' if verdict.ok else 'INCONSISTENT'} "
            f"({json.dumps(verdict.as_dict()['violations']) if not verdict.ok else 'no violation'})"
            "."
            f" Load generator CPU {cpu:.0f} s over the run; load average before "
            f"{load_before[0]:.1f}.\n"
        )
        (folder / "report.json").write_text(json.dumps(figures, indent=1, default=str))
        (folder / "report.md").write_text(text)
        print()
        print(text)
        print(f"(files in {folder.relative_to(ROOT)})")
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
