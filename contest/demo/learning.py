"""The demo's practice and certificates: a practice topic, and a round that issues certificates.

- "Lao động" (practice.json): eight questions in no round, open to practice at once. The rest
  of the demo bank is opened to practice too; it is served once the open round has closed.
- The open round issues certificates of participation and of prize: the candidate downloads
  theirs once the results are published (an organizer may close and publish the round from
  its page to see it at once).

Idempotent: what exists is left as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from contest.certificates.models import CertificateSettings
from contest.core.extensions import db
from contest.practice.eligibility import mark
from contest.rounds.models import Contest
from questions import services as bank
from questions.models import Difficulty, Question, QuestionType
from questions.services import OptionInput, QuestionInput

DATA = Path(__file__).resolve().parent / "practice.json"
SIGNER_TITLE = "TM. Ban Tổ chức"


def seed_learning(contest: Contest) -> None:
    """Practice questions, and certificates on the demo contest's rounds."""
    _seed_practice()
    for round_ in contest.rounds:
        if db.session.get(CertificateSettings, round_.id) is None:
            db.session.add(
                CertificateSettings(
                    round_id=round_.id,
                    participation=True,
                    prize=True,
                    issuer=contest.organizing_unit,
                    signer_title=SIGNER_TITLE,
                    signer_name="",
                )
            )
    db.session.flush()


def _seed_practice() -> None:
    known = bank.known_fingerprints()
    for item in json.loads(DATA.read_text(encoding="utf-8")):
        data = QuestionInput(
            text=item["text"],
            qtype=QuestionType(item["type"]),
            options=[OptionInput(o["text"], bool(o["correct"])) for o in item["options"]],
            topic=item["topic"],
            difficulty=Difficulty(item["difficulty"]),
            legal_basis=item.get("legal_basis"),
            explanation=item.get("explanation"),
        )
        if bank.question_fingerprint(data) not in known:
            bank.create_question(data)
            known.add(bank.question_fingerprint(data))
    db.session.flush()
    topic_ids = set(db.session.scalars(select(Question.topic_id).where(Question.active)))
    mark(topic_ids=topic_ids, eligible=True)
