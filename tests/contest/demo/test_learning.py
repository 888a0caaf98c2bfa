"""The demo's practice questions, certificates and announcement, as `make run` shows them."""

from __future__ import annotations

from sqlalchemy import func, select

from contest.announcements.models import Announcement
from contest.certificates.models import CertificateSettings
from contest.core.extensions import db
from contest.practice.eligibility import candidate_topics, marked_count
from contest.practice.models import PracticeQuestion
from contest.rounds.models import Round


def test_the_demo_offers_practice_outside_its_open_round(runner, now):
    runner.invoke(args=["seed-demo"])

    topics = candidate_topics(now())

    assert [(t.name, t.servable) for t in topics] == [("Lao động", 8)]
    assert marked_count() == 68  # the whole bank: the round's topics come back once it closes


def test_the_demo_round_issues_certificates(runner, now):
    runner.invoke(args=["seed-demo"])

    settings = db.session.scalars(select(CertificateSettings)).all()

    assert [(s.round_id, s.participation, s.prize) for s in settings] == [
        (db.session.scalar(select(Round.id)), True, True)
    ]
    assert settings[0].issuer.startswith("Sở Tư pháp")


def test_seeding_again_adds_no_practice_question_or_setting(runner, now):
    runner.invoke(args=["seed-demo"])
    before = [
        db.session.scalar(select(func.count()).select_from(t))
        for t in (PracticeQuestion, CertificateSettings)
    ]

    result = runner.invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    assert [
        db.session.scalar(select(func.count()).select_from(t))
        for t in (PracticeQuestion, CertificateSettings)
    ] == before


def test_the_demo_contest_page_shows_a_pinned_welcome_once(runner, client, now):
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo"])

    items = db.session.scalars(select(Announcement)).all()
    html = client.get(f"/contests/{items[0].contest.slug}").get_data(as_text=True)

    assert [(a.title, a.pinned) for a in items] == [("Chào mừng bạn đến với cuộc thi", True)]
    assert "<strong>2 lượt thi</strong>" in html
