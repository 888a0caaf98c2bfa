"""Figures of a load run from what the load generator recorded: rates, ratios, percentiles, errors.

Percentiles are exact (nearest rank over every sample of the measured window), not Locust's
rounded histogram. An error is a request that failed on the network, answered 5xx, or answered
a 4xx that the page would not expect; refusals the contract promises (409 attempt_closed for a
save that arrives after the submission or the deadline, 429 queued for a start the waiting
room asks to come back, which the page retries by itself) are counted apart.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

EXPECTED = {("save", 409, "attempt_closed"), ("start", 429, "queued")}
ORDER = ["auth/csrf", "auth/login", "participation", "start", "save", "submit", "healthz"]


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted samples."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def is_error(name: str, status: int, code: str | None) -> bool:
    if 200 <= status < 400:
        return False
    return (name, status, code) not in EXPECTED


def endpoint_table(samples: list, phase: str, window: float) -> dict[str, dict]:
    """Per request name: count, rate, p50/p95/p99/max (ms), statuses, errors."""
    by_name: dict[str, list] = defaultdict(list)
    for sample_phase, name, _started, ms, status, code in samples:
        if sample_phase == phase:
            by_name[name].append((ms, status, code))
    table = {}
    for name in sorted(by_name, key=lambda n: (ORDER.index(n) if n in ORDER else 99, n)):
        rows = by_name[name]
        ordered = sorted(ms for ms, _status, _code in rows)
        statuses = Counter(
            f"{status}{' ' + code if code and status >= 400 else ''}" if status else code
            for _ms, status, code in rows
        )
        table[name] = {
            "count": len(rows),
            "rps": len(rows) / window if window else math.nan,
            "p50": percentile(ordered, 0.50),
            "p95": percentile(ordered, 0.95),
            "p99": percentile(ordered, 0.99),
            "max": ordered[-1],
            "statuses": dict(statuses),
            "errors": sum(1 for ms, status, code in rows if is_error(name, status, code)),
            "refused": sum(1 for ms, status, code in rows if (name, status, code) in EXPECTED),
        }
    return table


def rush(samples: list, config: dict) -> dict:
    """Open model: the submits sent in the round's last rush_window seconds."""
    closes = datetime.fromisoformat(config["seeded"]["closes_at"]).timestamp()
    since = closes - config.get("rush_window", 60)
    late = [s for s in samples if s[1] == "submit" and since <= s[2] <= closes + 60]
    ordered = sorted(s[3] for s in late)
    return {
        "window_s": config.get("rush_window", 60),
        "submits": len(late),
        "p50": percentile(ordered, 0.5),
        "p95": percentile(ordered, 0.95),
        "p99": percentile(ordered, 0.99),
        "errors": sum(1 for s in late if is_error(s[1], s[4], s[5])),
    }


def summarize(
    samples: list, client: dict, ceiling: dict | None, ceiling_after: dict | None = None
) -> dict:
    """The run's headline figures and its per-endpoint table.

    The ceiling is measured before the scenario and, where given, again after it: on a shared
    machine the two have differed by half from one run to the next, so a ratio is reported
    against each (the one against the higher ceiling is the fair one to quote).
    """
    released, stopped = client["released_at"], client["stopped_at"]
    window = stopped - released
    table = endpoint_table(samples, "run", window)
    total = sum(row["count"] for row in table.values())
    figures = {
        "window_s": window,
        "requests": total,
        "rps": total / window if window else math.nan,
        "errors": sum(row["errors"] for row in table.values()),
        "refused": sum(row["refused"] for row in table.values()),
        "gave_up": client.get("gave_up", {}),
        "network": client.get("network", {}),
        "endpoints": table,
        "prep": endpoint_table(samples, "prep", 1.0),
        "drain_requests": sum(1 for s in samples if s[0] == "drain"),
    }
    if ceiling:
        figures["ceiling_rps"] = ceiling["rps"]
        figures["ratio"] = figures["rps"] / ceiling["rps"] if ceiling["rps"] else math.nan
    if ceiling_after:
        after = ceiling_after["rps"]
        figures["ceiling_after_rps"] = after
        figures["ratio_after"] = figures["rps"] / after if after else math.nan
    signins = [t for t in client.get("signins", []) if released <= t <= stopped]
    if client.get("signins"):
        figures["signins_per_s"] = len(signins) / window
    entered = client.get("entered") or []
    if entered:
        waits = sorted(e["entered"] - e["first_try"] for e in entered if e["entered"])
        figures["burst"] = {
            "candidates": len(entered),
            "entered": len(waits),
            "first_try_spread_s": max(e["first_try"] for e in entered)
            - min(e["first_try"] for e in entered),
            "enter_p50_ms": percentile(waits, 0.5) * 1000,
            "enter_p95_ms": percentile(waits, 0.95) * 1000,
            "enter_p99_ms": percentile(waits, 0.99) * 1000,
        }
    return figures


def _ms(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def markdown(title: str, figures: dict) -> str:
    """The run as markdown: headline, then one row per endpoint."""
    lines = [f"### {title}", ""]
    head = f"{figures['requests']:,} requests in {figures['window_s']:.0f} s: "
    head += f"**{figures['rps']:.1f} requests/s**"
    if "ceiling_after_rps" in figures:
        head += (
            f", ceiling (GET /healthz) {figures['ceiling_rps']:.1f}/s before the run and "
            f"{figures['ceiling_after_rps']:.1f}/s after it, "
            f"**ratio {figures['ratio']:.2f} / {figures['ratio_after']:.2f}**"
        )
    elif "ceiling_rps" in figures:
        head += (
            f", ceiling (GET /healthz) {figures['ceiling_rps']:.1f}/s, "
            f"**ratio {figures['ratio']:.2f}**"
        )
    head += f"; errors {figures['errors']}, expected refusals {figures['refused']}"
    if figures["gave_up"]:
        head += f", abandoned after retries {figures['gave_up']}"
    if figures.get("network"):
        head += f"; network errors: {figures['network']}"
    lines += [head + ".", ""]
    if "ready_at_release" in figures:
        lines += [
            f"Ready (signed in where the scenario says so) at the release: "
            f"{figures['ready_at_release']}.",
            "",
        ]
    if "rush" in figures:
        last = figures["rush"]
        lines += [
            f"Submits in the round's last {last['window_s']:.0f} s: {last['submits']}, "
            f"p50 {_ms(last['p50'])} ms, p95 {_ms(last['p95'])} ms, "
            f"**p99 {_ms(last['p99'])} ms**, errors {last['errors']}.",
            "",
        ]
    if "signins_per_s" in figures:
        lines += [
            f"Sign-ins completed during quiz traffic: **{figures['signins_per_s']:.1f}/s**.",
            "",
        ]
    if "burst" in figures:
        burst = figures["burst"]
        lines += [
            f"Start burst: {burst['candidates']} candidates first tried within "
            f"{burst['first_try_spread_s']:.1f} s; **{burst['entered']} entered**; first try → "
            f"entered p50 {_ms(burst['enter_p50_ms'])} ms, p95 {_ms(burst['enter_p95_ms'])} ms, "
            f"p99 {_ms(burst['enter_p99_ms'])} ms.",
            "",
        ]
    lines += [
        "| endpoint | requests | per s | p50 ms | p95 ms | p99 ms | max ms | statuses |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, row in figures["endpoints"].items():
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(row["statuses"].items()))
        lines.append(
            f"| {name} | {row['count']:,} | {row['rps']:.1f} | {_ms(row['p50'])} | "
            f"{_ms(row['p95'])} | {_ms(row['p99'])} | {_ms(row['max'])} | {statuses} |"
        )
    prep = figures["prep"]
    if prep:
        parts = [
            f"{name} {row['count']:,} (p50 {_ms(row['p50'])} ms, p99 {_ms(row['p99'])} ms, "
            f"statuses {row['statuses']})"
            for name, row in prep.items()
        ]
        lines += ["", "Before the release (not measured): " + "; ".join(parts) + "."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Print a finished run's figures again: python -m bench.load.report RUN_FOLDER."""
    folder = Path(argv[0])
    figures = json.loads((folder / "report.json").read_text())
    samples = json.loads((folder / "samples.json").read_text())
    config = json.loads((folder / "config.json").read_text())
    if config.get("scenario") == "open":
        figures["rush"] = rush(samples, config)
    print(markdown(argv[1] if len(argv) > 1 else folder.name, figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
