"""Contests and their rounds: every rule a real contest varies on is a column here."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime, enum_column
from contest.core.extensions import db
from questions.models import Difficulty, Topic


class ContestStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class RankingMode(StrEnum):
    SUM = "sum"
    BEST = "best"


class CountedAttempt(StrEnum):
    BEST = "best"
    FIRST = "first"
    LAST = "last"


class MultiChoiceScoring(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"
    PARTIAL = "partial"


class ReviewPolicy(StrEnum):
    NEVER = "never"
    SCORE_ONLY = "score_only"
    AFTER_CLOSE = "after_close"


class Visibility(StrEnum):
    PUBLIC = "public"
    CANDIDATES = "candidates"
    JUDGES = "judges"


class PredictionTarget(StrEnum):
    ATTEMPTS = "attempts"
    CANDIDATES = "candidates"
    PERFECT_CANDIDATES = "perfect_candidates"
    PERFECT_ATTEMPTS = "perfect_attempts"


class DisplayMode(StrEnum):
    ONE_PER_PAGE = "one_per_page"
    ALL_ON_PAGE = "all_on_page"


class RoundState(StrEnum):
    DRAFT = "draft"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"


DEFAULT_TIE_BREAK = ["score", "duration", "prediction_error", "submitted_at"]


class Contest(db.Model):
    """A contest ("cuộc thi") run by an organizing unit as a series of rounds."""

    __tablename__ = "contest"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    rules: Mapped[str] = mapped_column(Text, default="")
    banner_path: Mapped[str | None] = mapped_column(String(255))
    organizing_unit: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[ContestStatus] = mapped_column(
        enum_column(ContestStatus, "contest_status"), default=ContestStatus.DRAFT
    )
    min_age: Mapped[int | None]
    required_fields: Mapped[list] = mapped_column(db.JSON, default=list)
    ranking_mode: Mapped[RankingMode] = mapped_column(
        enum_column(RankingMode, "ranking_mode"), default=RankingMode.SUM
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    rounds: Mapped[list[Round]] = relationship(
        back_populates="contest", order_by="Round.opens_at", cascade="all, delete-orphan"
    )
    groups: Mapped[list[ParticipantGroup]] = relationship(
        back_populates="contest", order_by="ParticipantGroup.position"
    )

    @property
    def announced_rounds(self) -> list[Round]:
        """The rounds candidates and the public see: every round but the drafts."""
        return [round for round in self.rounds if not round.is_draft]


class ParticipantGroup(db.Model):
    """A participant group (cán bộ công chức, học sinh sinh viên…); rankings can be per group."""

    __tablename__ = "participant_group"
    __table_args__ = (UniqueConstraint("contest_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    eligible: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    contest: Mapped[Contest] = relationship(back_populates="groups")


class Participation(db.Model):
    """A candidate's entry in a contest: their group and when they accepted the rules."""

    __tablename__ = "participation"
    __table_args__ = (UniqueConstraint("contest_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("participant_group.id"))
    rules_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Round(db.Model):
    """A timed round ("tuần thi", "đợt thi") with its drawing blueprint and fairness rules."""

    __tablename__ = "contest_round"
    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="closes_after_opens"),
        CheckConstraint("max_attempts >= 1", name="max_attempts_positive"),
        CheckConstraint("time_limit_seconds > 0", name="time_limit_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contest.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    time_limit_seconds: Mapped[int]
    shuffle_questions: Mapped[bool] = mapped_column(default=True)
    shuffle_options: Mapped[bool] = mapped_column(default=True)
    points_per_question: Mapped[float] = mapped_column(default=1.0)
    # {"easy": 1, "medium": 2, "hard": 3}; overrides points_per_question when set.
    points_by_difficulty: Mapped[dict | None] = mapped_column(db.JSON)
    multi_choice_scoring: Mapped[MultiChoiceScoring] = mapped_column(
        enum_column(MultiChoiceScoring, "multi_choice_scoring"),
        default=MultiChoiceScoring.ALL_OR_NOTHING,
    )
    max_attempts: Mapped[int] = mapped_column(default=1)
    cooldown_seconds: Mapped[int] = mapped_column(default=0)
    counted_attempt: Mapped[CountedAttempt] = mapped_column(
        enum_column(CountedAttempt, "counted_attempt"), default=CountedAttempt.BEST
    )
    prediction_question: Mapped[str | None] = mapped_column(Text)
    prediction_target: Mapped[PredictionTarget | None] = mapped_column(
        enum_column(PredictionTarget, "prediction_target")
    )
    prediction_actual: Mapped[int | None]
    tie_break: Mapped[list] = mapped_column(db.JSON, default=lambda: list(DEFAULT_TIE_BREAK))
    review_policy: Mapped[ReviewPolicy] = mapped_column(
        enum_column(ReviewPolicy, "review_policy"), default=ReviewPolicy.AFTER_CLOSE
    )
    auto_publish: Mapped[bool] = mapped_column(default=False)
    leaderboard_visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "visibility"), default=Visibility.PUBLIC
    )
    leaderboard_freeze_hours: Mapped[int] = mapped_column(default=0)
    display_mode: Mapped[DisplayMode] = mapped_column(
        enum_column(DisplayMode, "display_mode"), default=DisplayMode.ONE_PER_PAGE
    )
    # Eligible question ids per blueprint cell, captured when the first attempt starts, so
    # every draw of the round (and a judge's re-derivation) uses the same pool.
    pool_snapshot: Mapped[dict | None] = mapped_column(db.JSON)
    settings_frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set while a locked prize list rests on the round: its window, scoring, attempts and
    # answers can no longer change (contest.rounds.results_lock) until two judges unlock it.
    results_locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # None: a draft, seen by staff only. The organizer's pages and API create drafts and
    # announce them once the checklist passes; a round built directly is announced at once.
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    closed_early_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    results_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contest: Mapped[Contest] = relationship(back_populates="rounds")
    blueprint: Mapped[list[BlueprintItem]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="BlueprintItem.id"
    )
    fixed_questions: Mapped[list[RoundQuestion]] = relationship(
        cascade="all, delete-orphan", order_by="RoundQuestion.position"
    )

    def state_at(self, now: datetime) -> RoundState:
        """Where the round stands at a given moment (the clock is passed in, never read here)."""
        if self.announced_at is None:
            return RoundState.DRAFT
        if self.results_published_at is not None:
            return RoundState.PUBLISHED
        if now < self.opens_at:
            return RoundState.UPCOMING
        if now >= self.closes_at:
            return RoundState.PUBLISHED if self.auto_publish else RoundState.CLOSED
        return RoundState.OPEN

    @property
    def is_draft(self) -> bool:
        """Not announced yet: candidates and the public never see it."""
        return self.announced_at is None

    @property
    def question_count(self) -> int:
        if self.fixed_questions:
            return len(self.fixed_questions)
        return sum(item.count for item in self.blueprint)


class BlueprintItem(db.Model):
    """How many questions a round draws from one topic (and optionally one difficulty)."""

    __tablename__ = "blueprint_item"
    __table_args__ = (CheckConstraint("count > 0", name="count_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("contest_round.id", ondelete="CASCADE"), index=True
    )
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"))
    difficulty: Mapped[Difficulty | None] = mapped_column(enum_column(Difficulty, "difficulty"))
    count: Mapped[int]

    round: Mapped[Round] = relationship(back_populates="blueprint")
    topic: Mapped[Topic] = relationship(lazy="joined")


class RoundQuestion(db.Model):
    """A question of a round that uses a fixed list instead of a blueprint."""

    __tablename__ = "round_question"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("contest_round.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    position: Mapped[int]
