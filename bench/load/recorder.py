"""What the load generator saw: every request's latency and status, and every acknowledgement.

Kept in memory during the run (one gevent process, no locking needed) and written as JSON
files into the run's folder when the run ends; the report and the consistency check read
them. Times are seconds since the epoch (the server is on the same machine and clock).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path


class Recorder:
    """Samples by phase ("prep": sign-ins before the release; "run": the measured window)."""

    def __init__(self) -> None:
        self.phase = "prep"
        self.released_at: float | None = None
        self.ready_at_release = 0  # users signed in (or ready) when the run was released
        self.stopped_at: float | None = None
        # (phase, name, started, ms, status, error code)
        self.samples: list[tuple[str, str, float, float, int, str | None]] = []
        self.acks: list[dict] = []  # saves answered 200: what the server promised to keep
        self.starts: list[dict] = []  # every start answered, with the attempt id
        self.submits: list[dict] = []  # every submit answered 200, with the score shown
        self.gave_up: dict[str, int] = defaultdict(int)  # requests abandoned after retries
        self.signins: list[float] = []  # when each sign-in of the sign-in stream succeeded
        self.entered: list[dict] = []  # start-burst candidates: first try → entry
        self.network: dict[str, int] = defaultdict(int)  # network errors by what was raised

    def sample(self, name: str, started: float, ms: float, status: int, code: str | None) -> None:
        self.samples.append((self.phase, name, started, ms, status, code))

    def release(self) -> None:
        self.phase = "run"
        self.released_at = time.time()

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "samples.json").write_text(json.dumps(self.samples))
        (folder / "acks.json").write_text(json.dumps(self.acks))
        (folder / "starts.json").write_text(json.dumps(self.starts))
        (folder / "submits.json").write_text(json.dumps(self.submits))
        (folder / "client.json").write_text(
            json.dumps(
                {
                    "released_at": self.released_at,
                    "ready_at_release": self.ready_at_release,
                    "stopped_at": self.stopped_at,
                    "gave_up": dict(self.gave_up),
                    "signins": self.signins,
                    "entered": self.entered,
                    "network": dict(self.network),
                }
            )
        )


RECORDER = Recorder()
