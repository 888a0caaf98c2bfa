"""The scenarios' sizes (smoke: about a minute each; full: the issue's figures) and settings."""

from __future__ import annotations

import argparse

SIZES = {
    "closed": {
        "smoke": {"users": 100, "duration": 30, "think": [1.0, 3.0]},
        "full": {"users": 1000, "duration": 300, "think": [1.0, 3.0]},
    },
    "open": {
        "smoke": {"users": 150, "arrival": 15, "think": [0.5, 1.5], "rush_window": 15},
        "full": {"users": 10_000, "arrival": 300, "think": [30.0, 90.0], "rush_window": 60},
    },
    # Once in, candidates read and answer as in the open model (30–90 s a question): the burst
    # measures the starts, not a quiz at a pace no person keeps.
    "burst": {
        "smoke": {"users": 150, "burst_window": 10, "think": [30.0, 90.0]},
        "full": {"users": 2000, "burst_window": 10, "think": [30.0, 90.0]},
    },
    "signin": {
        "smoke": {"users": 60, "duration": 30, "think": [1.0, 3.0], "signin_rate": 20},
        "full": {"users": 500, "duration": 120, "think": [1.0, 3.0], "signin_rate": 30},
    },
    "soak": {
        "smoke": {"users": 50, "duration": 60, "think": [1.0, 3.0]},
        "full": {"users": 500, "duration": 1800, "think": [1.0, 3.0]},
    },
}
SIGNIN_USERS = 10


def scenario_config(args: argparse.Namespace) -> dict:
    """The scenario's figures: its size, then any option given on the command line."""
    size = dict(SIZES[args.scenario][args.size])
    for name in ("users", "duration", "think", "arrival", "rush_window", "burst_window"):
        value = getattr(args, name, None)
        if value is not None:
            size[name] = list(value) if name == "think" else value
    if args.signin_rate is not None:
        size["signin_rate"] = args.signin_rate
    low, high = size["think"]
    config = {
        "scenario": args.scenario,
        "quiz_users": size["users"],
        "think": [low, high],
        "answers": args.answers,
        "tabs": args.tabs or (1 if args.scenario == "burst" else 2),
        "race_share": args.race_share if args.scenario in ("closed", "soak", "signin") else 0.0,
        "sign_in_first": args.scenario != "open",
        # The start burst measures starts: its candidates accepted the rules beforehand.
        "accept_first": args.scenario == "burst",
        "duration": size.get("duration", 0),
    }
    if args.scenario == "open":
        config.update(arrival_seconds=size["arrival"], rush_share=args.rush_share)
        config["rush_window"] = size["rush_window"]
        # Time to start the server, measure the ceiling and spawn everyone; then everyone can
        # finish answering before the last minute, and the round ends right after it.
        setup = 45 + size["users"] / 200
        round_seconds = getattr(args, "round_seconds", None) or (
            setup + size["arrival"] + (args.answers + 2) * high + size["rush_window"]
        )
        config.update(round_seconds=round_seconds, time_limit_seconds=round_seconds)
        config["duration"] = round_seconds + 30
    elif args.scenario == "burst":
        config["burst_window"] = size["burst_window"]
        # Long enough for every queued start to come back and enter, and for a few answers.
        config["duration"] = size.get("duration") or size["burst_window"] + 170
    if args.scenario == "signin":
        rate = size["signin_rate"]
        config.update(
            signin_users=SIGNIN_USERS,
            signin_pacing=SIGNIN_USERS / rate,
            signin_first_index=size["users"],
            signin_accounts=int(rate * config["duration"]) + SIGNIN_USERS,
        )
    config.setdefault("round_seconds", 86_400)
    config.setdefault("time_limit_seconds", 20 * 60)
    config["candidates"] = size["users"] + config.get("signin_accounts", 0)
    return config
