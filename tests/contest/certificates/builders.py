"""Rounds that issue certificates, their finishers and prize winners, built directly."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from PIL import Image, ImageDraw

from contest.certificates.models import CertificateSettings
from contest.core.extensions import db
from contest.prizes.models import PrizeAward, PrizeResult, PrizeStatus, PrizeTier
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import CLOSES, gen_contest, gen_round

PUBLISHED = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # after CLOSES, before the `now` noon
BASE = "http://localhost/verify/"


def issuing_round(*, participation=True, prize=False, published=True, **fields):
    """A closed round (published unless asked) whose settings issue the given certificates."""
    contest = gen_contest(
        title="Cuộc thi tìm hiểu Hiến pháp năm 2026", organizing_unit="Sở Tư pháp"
    )
    values = {"name": "Tuần thi thứ nhất", "results_published_at": PUBLISHED if published else None}
    round_ = gen_round(contest, **{**values, **fields})
    db.session.add(
        CertificateSettings(
            round_id=round_.id,
            participation=participation,
            prize=prize,
            issuer="Sở Tư pháp tỉnh Minh Họa",
            signer_title="TM. Ban Tổ chức",
            signer_name="Trần Văn Bình",
        )
    )
    db.session.flush()
    return round_


def finished(round_, user, score=8.5, max_score=10, **fields):
    """A submitted attempt of the user in the round."""
    return gen_attempt(round_, user, score=score, max_score=max_score, **fields)


def locked_prizes(round_, winners):
    """A locked prize list of the round: winners are (user, tier name) pairs."""
    result = PrizeResult(
        contest_id=round_.contest_id, round_id=round_.id, scope_key=f"round:{round_.id}"
    )
    db.session.add(result)
    db.session.flush()
    tiers = {}
    for position, (user, tier_name) in enumerate(winners, start=1):
        if tier_name not in tiers:
            tiers[tier_name] = PrizeTier(
                result_id=result.id, position=len(tiers), name=tier_name, count=1
            )
            db.session.add(tiers[tier_name])
            db.session.flush()
        db.session.add(
            PrizeAward(
                result_id=result.id,
                tier_id=tiers[tier_name].id,
                user_id=user.id,
                position=position,
                rank=position,
                full_name=user.full_name,
            )
        )
    db.session.flush()
    result.status, result.locked_at, result.sha256 = PrizeStatus.LOCKED, CLOSES, "0" * 64
    db.session.flush()
    return result


def signature_png(width=300, height=120) -> bytes:
    """A small signature drawn as a PNG."""
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).line((10, 100, 80, 20, 150, 90, 290, 30), fill="navy", width=5)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
