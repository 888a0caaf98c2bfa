"""seed-demo: a published province contest with a round open for 30 days, a real bank, accounts.

Idempotent: running it again adds nothing that is already there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from contest.accounts import organizations, registration, staff
from contest.accounts.models import OrganizationKind, User
from contest.announcements import services as announcements
from contest.announcements.models import Announcement
from contest.core.access import Role
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.demo.learning import seed_learning
from contest.rounds.models import (
    BlueprintItem,
    Contest,
    ContestStatus,
    ParticipantGroup,
    PredictionTarget,
    Round,
)
from questions import services as bank
from questions.models import Difficulty, QuestionType
from questions.services import OptionInput, QuestionInput
from questions.topics import get_or_create_topic, topic_counts

DATA_DIR = Path(__file__).resolve().parent
DEMO_SLUG = "tim-hieu-phap-luat-2026"
DEMO_PASSWORD = "ThiLuat@2026"  # noqa: S105 - printed by seed-demo, for the demo only
STAFF = [
    (Role.ADMIN, "admin@demo.thiluat.vn", "Quản trị hệ thống"),
    (Role.ORGANIZER, "bantochuc@demo.thiluat.vn", "Ban Tổ chức Sở Tư pháp"),
    (Role.JUDGE, "giamkhao@demo.thiluat.vn", "Ban Giám khảo"),
]
CANDIDATE = registration.Registration(
    full_name="Nguyễn Văn An",
    birth_date="1990-05-15",
    gender="male",
    id_number="001090012345",
    phone="0912345678",
    email="thisinh@demo.thiluat.vn",
    password=DEMO_PASSWORD,
    consent=True,
)
RULES = """\
## Thể lệ cuộc thi (bản trình diễn)

1. **Đối tượng:** mọi công dân Việt Nam đang sinh sống, học tập, làm việc trên địa bàn tỉnh.
2. **Hình thức:** thi trắc nghiệm trực tuyến. Mỗi lượt thi gồm 12 câu hỏi được rút ngẫu nhiên
   từ ngân hàng câu hỏi và một câu hỏi dự đoán số người trả lời đúng tất cả các câu.
3. **Thời gian làm bài:** 20 phút cho mỗi lượt, tính theo đồng hồ của máy chủ.
4. **Số lượt thi:** tối đa 2 lượt trong mỗi tuần thi; lượt có kết quả cao nhất được tính.
   Câu trả lời dự đoán được ghi nhận ở lần nộp bài đầu tiên.
5. **Xếp hạng:** điểm cao hơn xếp trên; nếu bằng điểm, người làm bài nhanh hơn xếp trên;
   tiếp đến người dự đoán gần đúng hơn; cuối cùng người nộp bài sớm hơn.
"""


WELCOME = """\
Tuần thi thứ nhất đang mở. Mỗi thí sinh có **2 lượt thi**, lượt có kết quả cao nhất được tính.

Trước khi thi, bạn có thể [luyện tập](/practice/) với các câu hỏi không tính điểm.
"""


@dataclass
class SeedResult:
    contest: Contest
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    questions_added: int = 0


def seed_demo() -> SeedResult:
    """Create (or complete) the demo; the caller commits."""
    lists = json.loads((DATA_DIR / "organizations.json").read_text(encoding="utf-8"))
    organizations.add_organizations(OrganizationKind.UNIT, lists["units"])
    organizations.add_organizations(OrganizationKind.LOCALITY, lists["localities"])
    added = _seed_bank()
    contest = _seed_contest(lists)
    result = SeedResult(contest=contest, questions_added=added)
    for role, email, name in STAFF:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            staff.create_staff(email, role, DEMO_PASSWORD, name)
        result.logins.append((role.value, email, DEMO_PASSWORD))
    if db.session.scalar(select(User.id).where(User.phone == CANDIDATE.phone)) is None:
        registration.register_candidate(CANDIDATE)
    result.logins.append((Role.CANDIDATE.value, CANDIDATE.phone, DEMO_PASSWORD))
    db.session.flush()
    seed_learning(contest)
    _seed_announcement(contest)
    return result


def _seed_bank() -> int:
    known = bank.known_fingerprints()
    added = 0
    for item in json.loads((DATA_DIR / "bank.json").read_text(encoding="utf-8")):
        data = QuestionInput(
            text=item["text"],
            qtype=QuestionType(item["type"]),
            options=[OptionInput(o["text"], bool(o["correct"])) for o in item["options"]],
            topic=item["topic"],
            difficulty=Difficulty(item["difficulty"]),
            legal_basis=item.get("legal_basis"),
            explanation=item.get("explanation"),
        )
        if bank.question_fingerprint(data) in known:
            continue
        bank.create_question(data)
        known.add(bank.question_fingerprint(data))
        added += 1
    return added


def _seed_contest(lists: dict) -> Contest:
    contest = db.session.scalar(select(Contest).where(Contest.slug == DEMO_SLUG))
    if contest is not None:
        return contest
    province = lists["province"]
    contest = Contest(
        slug=DEMO_SLUG,
        title=f"Cuộc thi trực tuyến tìm hiểu pháp luật {province} năm 2026",
        description=(
            "Cuộc thi trình diễn của ThiLuat: tìm hiểu Hiến pháp, pháp luật về giao thông, "
            "hôn nhân và gia đình, phòng, chống bạo lực gia đình và căn cước."
        ),
        rules=RULES,
        organizing_unit=f"Sở Tư pháp {province}",
        status=ContestStatus.PUBLISHED,
    )
    contest.groups = [
        ParticipantGroup(name=name, position=i) for i, name in enumerate(lists["groups"])
    ]
    now = utcnow().replace(second=0, microsecond=0)
    round_ = Round(
        name="Tuần thi thứ nhất",
        opens_at=now,
        closes_at=now + timedelta(days=30),
        time_limit_seconds=20 * 60,
        max_attempts=2,
        prediction_question=(
            "Theo bạn, sẽ có bao nhiêu người trả lời đúng tất cả các câu hỏi của tuần thi này?"
        ),
        prediction_target=PredictionTarget.PERFECT_CANDIDATES,
    )
    for topic_name in sorted(topic_counts()):
        round_.blueprint.append(BlueprintItem(topic=get_or_create_topic(topic_name), count=2))
    contest.rounds.append(round_)
    db.session.add(contest)
    db.session.flush()
    return contest


def _seed_announcement(contest: Contest) -> None:
    """A pinned welcome on the contest page, once."""
    if db.session.scalar(select(Announcement.id).where(Announcement.contest_id == contest.id)):
        return
    data = {"title": "Chào mừng bạn đến với cuộc thi", "body": WELCOME, "pinned": True}
    announcements.create(contest, data, None)
