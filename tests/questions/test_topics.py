"""Topics: counts of active questions per difficulty, found by id or by name."""

from __future__ import annotations

from sqlalchemy import select

from contest.core.extensions import db
from questions import services, topics
from questions.models import Difficulty, Topic
from tests.factories.questions import gen_question_from


def test_topic_matrix_counts_active_questions_per_difficulty(app):
    gen_question_from()
    gen_question_from(text="Câu hai?", difficulty=Difficulty.HARD)
    retired = gen_question_from(text="Câu ba?", difficulty=Difficulty.HARD)
    gen_question_from(text="Câu bốn?", topic="Hiến pháp", difficulty=Difficulty.MEDIUM)
    services.set_active(retired, False)
    only_retired = gen_question_from(text="Câu năm?", topic="Đất đai")
    services.set_active(only_retired, False)
    summaries = {t.name: t.counts for t in topics.topic_summaries()}
    assert summaries == {
        "Phổ biến pháp luật": {"easy": 1, "medium": 0, "hard": 1},
        "Hiến pháp": {"easy": 0, "medium": 1, "hard": 0},
        "Đất đai": {"easy": 0, "medium": 0, "hard": 0},
    }
    assert [t.name for t in topics.topic_summaries()] == [
        "Đất đai",
        "Hiến pháp",
        "Phổ biến pháp luật",
    ]


def test_topics_are_found_by_id_or_by_name_without_diacritics(app):
    gen_question_from(topic="Hiến pháp")
    topic = db.session.scalars(select(Topic)).one()
    assert topics.find_topic(str(topic.id)) is topic
    assert topics.find_topic("hien phap") is topic
    assert topics.find_topic("HIẾN PHÁP") is topic
    assert topics.find_topic("Đất đai") is None
    assert topics.get_or_create_topic("hiến  pháp") is topic


def test_a_topic_id_beyond_the_database_integers_names_no_topic(app):
    assert topics.find_topic("99999999999999999999") is None
    assert topics.find_topic(2**31) is None
