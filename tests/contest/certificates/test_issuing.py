"""Issuing certificates: who may have one, what it states, frozen once issued, revocation."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from contest.accounts.models import User
from contest.certificates import issuing as issuing_module
from contest.certificates.issuing import (
    CertificateUnavailable,
    by_code,
    issue,
    offers,
    revoke,
)
from contest.certificates.models import Certificate, CertificateKind, CertificateSettings
from contest.core.audit import AuditEntry
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from contest.prizes.models import PrizeResult
from contest.rounds.models import CountedAttempt
from tests.contest.attempts.races import concurrently, postgres_only
from tests.contest.certificates.builders import BASE, finished, issuing_round, locked_prizes
from tests.factories.accounts import gen_candidate

PARTICIPATION, PRIZE = CertificateKind.PARTICIPATION, CertificateKind.PRIZE


def test_a_finisher_of_a_published_round_is_offered_a_participation_certificate(holder, now):
    user, round_ = holder

    (offer,) = offers(user, now())

    assert (offer.round.id, offer.kind, offer.result) == (
        round_.id,
        PARTICIPATION,
        "Đạt 8,5/10 điểm",
    )
    assert offer.certificate is None  # issued at the first download


def test_no_certificate_before_the_results_are_published(app, now):
    round_ = issuing_round(published=False, review_policy="never")
    user = gen_candidate()
    finished(round_, user)

    assert offers(user, now()) == []
    with pytest.raises(CertificateUnavailable):
        issue(user, round_.id, PARTICIPATION, now(), BASE)


def test_no_certificate_without_a_final_attempt_or_when_the_round_issues_none(app, now):
    silent = issuing_round(participation=False)
    idle, finisher = gen_candidate(), gen_candidate()
    finished(silent, finisher)
    issuing_round()

    assert offers(idle, now()) == []
    assert offers(finisher, now()) == []


def test_the_counted_attempt_gives_the_result(app, now):
    round_ = issuing_round(max_attempts=2, counted_attempt=CountedAttempt.BEST)
    user = gen_candidate()
    finished(round_, user, score=6, number=1)
    finished(round_, user, score=9, number=2)

    assert offers(user, now())[0].result == "Đạt 9/10 điểm"


def test_issuing_freezes_what_the_certificate_states(holder, now):
    user, round_ = holder

    certificate = issue(user, round_.id, PARTICIPATION, now(), BASE)
    user.full_name, round_.name = "Tên khác", "Tên tuần khác"
    db.session.flush()
    again = issue(user, round_.id, PARTICIPATION, now(), BASE)

    assert again.id == certificate.id
    assert (again.full_name, again.round_name) == ("Nguyễn Thị Ánh", "Tuần thi thứ nhất")
    assert (again.issuer, again.signer_title) == ("Sở Tư pháp tỉnh Minh Họa", "TM. Ban Tổ chức")
    assert again.contest_title == "Cuộc thi tìm hiểu Hiến pháp năm 2026"
    assert again.verify_url == BASE + certificate.code
    assert (again.issued_at, str(again.issued_on)) == (now(), "2026-11-27")


def test_a_prize_winner_of_a_locked_list_is_offered_a_prize_certificate(app, now):
    round_ = issuing_round(participation=False, prize=True)
    winner, other = gen_candidate(), gen_candidate()
    for user in (winner, other):
        finished(round_, user)
    locked_prizes(round_, [(winner, "Giải nhất")])

    (offer,) = offers(winner, now())
    certificate = issue(winner, round_.id, PRIZE, now(), BASE)

    assert (offer.kind, offer.result) == (PRIZE, "Giải nhất")
    assert certificate.result == "Giải nhất"
    assert offers(other, now()) == []


def test_a_draft_prize_list_gives_no_prize_certificate(app, now):
    round_ = issuing_round(participation=False, prize=True)
    winner = gen_candidate()
    db.session.add(
        PrizeResult(
            contest_id=round_.contest_id, round_id=round_.id, scope_key=f"round:{round_.id}"
        )
    )
    db.session.flush()

    assert offers(winner, now()) == []


def test_an_issued_certificate_stays_offered_when_the_round_stops_issuing(holder, now):
    user, round_ = holder
    issue(user, round_.id, PARTICIPATION, now(), BASE)
    db.session.get(CertificateSettings, round_.id).participation = False
    db.session.flush()

    (offer,) = offers(user, now())

    assert offer.certificate is not None


def test_a_certificate_is_found_by_its_code_as_typed(holder, now):
    user, round_ = holder
    certificate = issue(user, round_.id, PARTICIPATION, now(), BASE)
    typed = f"{certificate.code[:5].lower()}-{certificate.code[5:]}"

    assert by_code(typed).id == certificate.id
    with pytest.raises(NotFound):
        by_code("22222-22222")


def test_revoking_needs_a_reason_and_is_audited(holder, now, make_user):
    user, round_ = holder
    organizer = make_user("organizer")
    certificate = issue(user, round_.id, PARTICIPATION, now(), BASE)

    with pytest.raises(InvalidInput):
        revoke(certificate, "sai", organizer, now())
    revoke(certificate, "Kết quả bị huỷ do gian lận", organizer, now())

    assert certificate.is_revoked
    assert certificate.revoked_reason == "Kết quả bị huỷ do gian lận"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "certificates.revoke"))
    assert (entry.actor_id, entry.object_id, entry.reason) == (
        organizer.id,
        certificate.code,
        "Kết quả bị huỷ do gian lận",
    )
    with pytest.raises(Conflict):
        revoke(certificate, "Thu hồi lần thứ hai", organizer, now())


@pytest.mark.postgres_only
@postgres_only
def test_two_simultaneous_first_downloads_issue_one_certificate(app, holder, now, monkeypatch):
    user, round_ = holder
    user_id, round_id = user.id, round_.id
    both_checked = threading.Barrier(2, timeout=10)
    eligible = issuing_module.eligible_result

    def racing_eligibility(*args):
        both_checked.wait()  # both tabs found no certificate yet: now both issue one
        return eligible(*args)

    monkeypatch.setattr(issuing_module, "eligible_result", racing_eligibility)

    def download():
        certificate = issue(db.session.get(User, user_id), round_id, PARTICIPATION, now(), BASE)
        code = certificate.code
        db.session.commit()
        return code

    codes = concurrently(app, [download, download])

    assert codes[0] == codes[1]
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
