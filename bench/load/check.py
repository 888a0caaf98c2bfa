"""After a load run: did the server keep every promise it made? Read-only; exit 1 on a violation.

    python -m bench.load.check DATABASE_URL RUN_FOLDER [--round ID]

RUN_FOLDER holds what the load generator recorded (acks.json: every save answered 200, with
its value, sequence number and the server's saved_at; starts.json; submits.json). Checked:

1. every acknowledged answer is stored: for each attempt and question, the stored answer is
   the newest acknowledged save (same sequence number and value) or newer than it;
2. every final attempt's stored score, maximum and correct count equal a recount from its
   stored answers with the round's scoring rules (the platform's own scoring functions);
3. every submit answered 200 showed the score that is stored;
4. no candidate has two attempts in progress in the round, more attempts than the round
   allows, or a duplicated attempt: one that no start ever returned to its client although a
   later attempt was (the retried start should have resumed it);
5. no save was acknowledged, and no stored answer was saved, after its attempt's submission,
   or after its deadline (the round's close, if earlier) plus the grace.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path

CHUNK = 500
SHOW = 5  # examples printed per kind of violation


def _load(folder: Path, name: str) -> list:
    path = folder / name
    return json.loads(path.read_text()) if path.exists() else []


def _newest_acks(acks: list[dict]) -> dict[tuple[int, int], dict]:
    newest: dict[tuple[int, int], dict] = {}
    for ack in acks:
        key = (ack["attempt"], ack["question"])
        if key not in newest or ack["seq"] > newest[key]["seq"]:
            newest[key] = ack
    return newest


def _moment(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None


class Verdict:
    def __init__(self) -> None:
        self.violations: dict[str, list[str]] = defaultdict(list)
        self.facts: dict[str, int | float | str] = {}

    def violate(self, kind: str, detail: str) -> None:
        self.violations[kind].append(detail)

    @property
    def ok(self) -> bool:
        return not self.violations

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "facts": self.facts,
            "violations": {kind: len(items) for kind, items in self.violations.items()},
            "examples": {kind: items[:SHOW] for kind, items in self.violations.items()},
        }

    def print(self) -> None:
        for name, value in self.facts.items():
            print(f"  {name}: {value}")
        if self.ok:
            print("  VERDICT: consistent — no violation")
            return
        for kind, items in self.violations.items():
            print(f"  VIOLATION {kind}: {len(items)}")
            for item in items[:SHOW]:
                print(f"    {item}")
        print("  VERDICT: INCONSISTENT")


def check(url: str, folder: Path, round_id: int | None = None) -> Verdict:
    """Run every check against the database at `url` with the client's records in `folder`."""
    from bench.load.seed import production_app
    from contest.core.extensions import db

    app = production_app(url, "read-only-check")
    with app.app_context():
        try:
            return check_round(folder, round_id or _only_round(folder))
        finally:
            db.session.rollback()
            db.session.remove()
            db.engine.dispose()


def _only_round(folder: Path) -> int:
    config = json.loads((folder / "config.json").read_text())
    return config["seeded"]["round_id"]


def check_round(folder: Path, round_id: int) -> Verdict:
    """Every check, in the current app context, with the client's records in `folder`."""
    from sqlalchemy import select

    from contest.attempts.marking import grading
    from contest.attempts.models import Answer, Attempt, AttemptStatus
    from contest.core.extensions import db
    from contest.rounds.models import Round

    verdict = Verdict()
    acks, starts, submits = (
        _load(folder, "acks.json"),
        _load(folder, "starts.json"),
        _load(folder, "submits.json"),
    )
    round_ = db.session.get(Round, round_id)
    attempts = {
        a.id: a for a in db.session.scalars(select(Attempt).where(Attempt.round_id == round_id))
    }
    stored = {
        (a.attempt_id, a.question_id): a
        for a in db.session.scalars(
            select(Answer)
            .join(Attempt, Attempt.id == Answer.attempt_id)
            .where(Attempt.round_id == round_id)
        )
    }
    grace = grading.grace()
    by_status = Counter(a.status.value for a in attempts.values())
    verdict.facts.update(
        {
            "attempts": len(attempts),
            "attempts by status": dict(by_status),
            "answers stored": len(stored),
            "saves acknowledged": len(acks),
            "starts answered": sum(1 for s in starts if s.get("attempt")),
            "submits acknowledged": len(submits),
        }
    )
    _check_acks(verdict, acks, stored, attempts, grace)
    _check_stored_times(verdict, stored, attempts, grace)
    final = [a for a in attempts.values() if a.status != AttemptStatus.IN_PROGRESS]
    _check_scores(verdict, final, grading)
    _check_submits(verdict, submits, attempts)
    _check_attempts(verdict, attempts, starts, round_.max_attempts)
    return verdict


def _check_acks(verdict: Verdict, acks, stored, attempts, grace: timedelta) -> None:
    for (attempt_id, question_id), ack in _newest_acks(acks).items():
        answer = stored.get((attempt_id, question_id))
        where = f"attempt {attempt_id} question {question_id} seq {ack['seq']}"
        if answer is None:
            verdict.violate("acknowledged answer not stored", where)
        elif answer.client_seq is None or answer.client_seq < ack["seq"]:
            verdict.violate(
                "acknowledged answer overwritten by an older one",
                f"{where}: stored seq {answer.client_seq}",
            )
        elif answer.client_seq == ack["seq"] and sorted(answer.option_ids or []) != sorted(
            ack["option_ids"]
        ):
            verdict.violate(
                "acknowledged answer stored with another value",
                f"{where}: acked {ack['option_ids']}, stored {answer.option_ids}",
            )
    for ack in acks:
        attempt = attempts.get(ack["attempt"])
        saved_at = _moment(ack.get("saved_at"))
        if attempt is None or saved_at is None:
            verdict.violate("acknowledged save of an unknown attempt", str(ack["attempt"]))
            continue
        if attempt.submitted_at is not None and saved_at > attempt.submitted_at:
            verdict.violate(
                "save acknowledged after the submission",
                f"attempt {attempt.id}: saved_at {saved_at} > submitted_at {attempt.submitted_at}",
            )
        limit = min(attempt.deadline, attempt.round.closes_at) + grace
        if saved_at > limit:
            verdict.violate(
                "save acknowledged after the deadline and grace",
                f"attempt {attempt.id}: saved_at {saved_at} > {limit}",
            )


def _check_stored_times(verdict: Verdict, stored, attempts, grace: timedelta) -> None:
    for (attempt_id, question_id), answer in stored.items():
        attempt = attempts[attempt_id]
        if attempt.submitted_at is not None and answer.saved_at > attempt.submitted_at:
            verdict.violate(
                "answer stored with a time after the submission",
                f"attempt {attempt_id} question {question_id}: {answer.saved_at} > "
                f"{attempt.submitted_at}",
            )
        if answer.saved_at > min(attempt.deadline, attempt.round.closes_at) + grace:
            verdict.violate(
                "answer stored with a time after the deadline and grace",
                f"attempt {attempt_id} question {question_id}: {answer.saved_at}",
            )


def _check_scores(verdict: Verdict, final: list, grading) -> None:
    recounted = 0
    for start in range(0, len(final), CHUNK):
        chunk = final[start : start + CHUNK]
        ids = [a.id for a in chunk]
        shown = grading.shown_versions(ids)
        keys = grading.item_keys(v for items in shown.values() for _q, v in items)
        overrides = grading.regrade_overrides({a.round_id for a in chunk}, shown, keys)
        choices = grading.saved_choices(ids)
        for attempt in chunk:
            result = grading.score(attempt, keys, shown[attempt.id], choices[attempt.id], overrides)
            recounted += 1
            stored = (attempt.score, attempt.max_score, attempt.correct_count)
            expected = (result.score, result.max_score, result.correct_count)
            if stored != expected:
                verdict.violate(
                    "stored score differs from a recount of the stored answers",
                    f"attempt {attempt.id} ({attempt.status.value}): stored {stored}, "
                    f"recount {expected}",
                )
    verdict.facts["final attempts recounted"] = recounted


def _check_submits(verdict: Verdict, submits, attempts) -> None:
    for submit in submits:
        attempt = attempts.get(submit["attempt"])
        if attempt is None or not attempt.is_final:
            verdict.violate("acknowledged submit not stored", str(submit["attempt"]))
        elif submit.get("score") is not None and submit["score"] != attempt.score:
            verdict.violate(
                "submit showed another score than the stored one",
                f"attempt {attempt.id}: shown {submit['score']}, stored {attempt.score}",
            )


def _check_attempts(verdict: Verdict, attempts, starts, max_attempts: int) -> None:
    per_user: dict[int, list] = defaultdict(list)
    for attempt in attempts.values():
        per_user[attempt.user_id].append(attempt)
    for user_id, mine in per_user.items():
        running = [a.id for a in mine if not a.is_final]
        if len(running) > 1:
            verdict.violate("two attempts in progress", f"user {user_id}: {running}")
        if len(mine) > max_attempts:
            verdict.violate("more attempts than allowed", f"user {user_id}: {len(mine)}")
    # An attempt no start ever returned is a duplicate if its candidate was then given a later
    # one: the retried start should have resumed it. Without a later one, the client gave up
    # (or the run ended) before the answer came: counted, not a violation.
    returned = {s["attempt"] for s in starts if s.get("attempt")}
    seen_numbers: dict[int, int] = defaultdict(int)
    for attempt_id in returned & set(attempts):
        attempt = attempts[attempt_id]
        seen_numbers[attempt.user_id] = max(seen_numbers[attempt.user_id], attempt.number)
    unanswered = 0
    for attempt_id in sorted(set(attempts) - returned):
        attempt = attempts[attempt_id]
        if seen_numbers[attempt.user_id] > attempt.number:
            verdict.violate(
                "duplicated attempt (never returned; a later one was)",
                f"user {attempt.user_id}: attempt {attempt_id} (number {attempt.number})",
            )
        else:
            unanswered += 1
    verdict.facts["attempts whose start was never answered to the client"] = unanswered


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load.check", description=__doc__)
    parser.add_argument("database_url")
    parser.add_argument("run_folder", type=Path)
    parser.add_argument("--round", type=int, default=None)
    args = parser.parse_args(argv)
    verdict = check(args.database_url, args.run_folder, args.round)
    verdict.print()
    (args.run_folder / "check.json").write_text(json.dumps(verdict.as_dict(), indent=1))
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
