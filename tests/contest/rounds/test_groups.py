"""Participant groups: in order, unique names, audited, kept once a candidate chose one."""

from __future__ import annotations

import pytest

from contest.core.audit import AuditEntry
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db
from contest.rounds import contests, groups
from contest.rounds.models import Contest, Participation


def field_errors(excinfo) -> dict:
    return excinfo.value.details["fields"]


def test_groups_are_added_in_order_and_audited(app):
    contest = contests.create_contest({"title": "A"})

    groups.add_group(contest, "Cán bộ, công chức")
    groups.add_group(contest, "Học sinh, sinh viên", eligible=False)

    assert [(g.name, g.eligible, g.position) for g in contest.groups] == [
        ("Cán bộ, công chức", True, 0),
        ("Học sinh, sinh viên", False, 1),
    ]
    entry = db.session.query(AuditEntry).filter_by(action="groups.create").first()
    assert entry.after == {"contest_id": contest.id, "name": "Cán bộ, công chức", "eligible": True}


def test_group_names_are_unique_within_a_contest(app):
    contest = contests.create_contest({"title": "A"})
    groups.add_group(contest, "Thí sinh tự do")

    with pytest.raises(InvalidInput) as excinfo:
        groups.add_group(contest, "Thí sinh  tự do")

    assert field_errors(excinfo) == {"name": "Đối tượng “Thí sinh tự do” đã có trong cuộc thi."}


def test_group_update_is_audited(app):
    contest = contests.create_contest({"title": "A"})
    group = groups.add_group(contest, "Học sinh")

    groups.update_group(group, "Học sinh, sinh viên", eligible=False)

    entry = db.session.query(AuditEntry).filter_by(action="groups.update").one()
    assert entry.before == {"name": "Học sinh", "eligible": True}
    assert entry.after == {"name": "Học sinh, sinh viên", "eligible": False}


def test_group_chosen_by_a_candidate_cannot_be_deleted(app, make_user):
    contest = contests.create_contest({"title": "A"})
    used, unused = groups.add_group(contest, "Cán bộ"), groups.add_group(contest, "Tự do")
    db.session.add(Participation(contest_id=contest.id, user_id=make_user().id, group_id=used.id))
    db.session.flush()

    with pytest.raises(Conflict) as excinfo:
        groups.delete_group(used)
    groups.delete_group(unused)
    db.session.commit()

    assert excinfo.value.code == "group_in_use"
    assert [g.name for g in db.session.get(Contest, contest.id).groups] == ["Cán bộ"]
