"""Searching and filtering the bank: diacritics ignored, every filter, paging limits."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from contest.core.errors import InvalidInput
from contest.core.extensions import db
from questions import services
from questions.models import Difficulty, QuestionType, Topic
from questions.search import QuestionFilters, paginate, paging, question_select
from questions.services import OptionInput, QuestionInput

BASE = QuestionInput(
    text="Ngày Pháp luật Việt Nam là ngày nào?",
    qtype=QuestionType.SINGLE,
    options=[OptionInput("Ngày 9 tháng 11", True), OptionInput("Ngày 2 tháng 9", False)],
    topic="Phổ biến pháp luật",
    difficulty=Difficulty.EASY,
)


@pytest.fixture
def bank(app):
    """Four questions across two topics, types, difficulties; one retired, one imported."""
    from questions.models import QuestionImport

    record = QuestionImport(filename="a.xlsx", sha256="0" * 64, report={})
    db.session.add(record)
    db.session.flush()
    questions = {
        "law_day": services.create_question(BASE),
        "land": services.create_question(
            replace(
                BASE,
                text="Đất đai thuộc sở hữu toàn dân?",
                topic="Đất đai",
                difficulty=Difficulty.HARD,
                qtype=QuestionType.TRUE_FALSE,
                options=[OptionInput("Đúng", True), OptionInput("Sai", False)],
            )
        ),
        "constitution": services.create_question(
            replace(
                BASE,
                text="Hiến pháp năm 2013 có bao nhiêu chương?",
                topic="Hiến pháp",
                qtype=QuestionType.MULTIPLE,
                difficulty=Difficulty.MEDIUM,
                options=[
                    OptionInput("11 chương", True),
                    OptionInput("Mười một chương", True),
                    OptionInput("12", False),
                ],
                legal_basis="Hiến pháp 2013",
            ),
            import_id=record.id,
        ),
        "retired": services.create_question(replace(BASE, text="Câu hỏi cũ về 100% cử tri?")),
    }
    services.set_active(questions["retired"], False)
    db.session.commit()
    return {name: q.id for name, q in questions.items()} | {"import": record.id}


def found(**args) -> set[int]:
    filters = QuestionFilters.from_args({k: str(v) for k, v in args.items()})
    return {q.id for q in db.session.scalars(question_select(filters))}


@pytest.mark.parametrize(
    "query", ["phap luat", "PHÁP LUẬT", "pháp luật", "Phap  Luat", "luat phap"]
)
def test_search_ignores_diacritics_case_and_word_order(bank, query):
    assert bank["law_day"] in found(q=query)
    assert bank["land"] not in found(q=query)


def test_search_looks_in_options_and_legal_basis(bank):
    assert found(q="muoi mot chuong") == {bank["constitution"]}
    assert found(q="hien phap 2013") == {bank["constitution"]}


def test_search_treats_like_wildcards_as_text(bank):
    assert found(q="%") == {bank["retired"]}
    assert found(q="_") == set()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"difficulty": "hard"}, {"land"}),
        ({"type": "multiple"}, {"constitution"}),
        ({"type": "true_false", "difficulty": "hard"}, {"land"}),
        ({"active": "false"}, {"retired"}),
        ({"active": "true", "q": "ngay"}, {"law_day"}),
        ({"topic": "dat dai"}, {"land"}),
        ({"topic": "Đất đai"}, {"land"}),
        ({"topic": "Không có"}, set()),
    ],
)
def test_filters_narrow_the_list(bank, args, expected):
    assert found(**args) == {bank[name] for name in expected}


def test_filter_by_topic_id_and_by_import(bank):
    topic_id = db.session.scalar(select(Topic.id).where(Topic.name == "Hiến pháp"))
    assert found(topic=topic_id) == {bank["constitution"]}
    assert found(**{"import": bank["import"]}) == {bank["constitution"]}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"difficulty": "rat kho"}, "difficulty"),
        ({"type": "essay"}, "type"),
        ({"active": "maybe"}, "active"),
        ({"import": "abc"}, "import"),
    ],
)
def test_a_filter_value_that_is_not_allowed_is_a_400(app, args, field):
    with pytest.raises(InvalidInput) as refused:
        QuestionFilters.from_args(args)
    assert field in refused.value.details["fields"]


def test_query_args_round_trip(app):
    args = {
        "topic": "Hiến pháp",
        "difficulty": "easy",
        "type": "single",
        "q": "luat",
        "active": "true",
        "import": "3",
    }
    assert QuestionFilters.from_args(args).query_args() == args
    assert QuestionFilters().query_args() == {}


def test_paging_is_limited_to_200_per_page(app):
    assert paging({}) == (1, 50)
    assert paging({"page": "3", "per_page": "200"}) == (3, 200)
    for bad in ({"per_page": "201"}, {"per_page": "0"}, {"page": "-1"}):
        with pytest.raises(InvalidInput):
            paging(bad)


def test_paginate_counts_the_whole_list(bank):
    page = paginate(question_select(QuestionFilters()), page=2, per_page=3)
    assert (page.total, page.pages, len(page.items)) == (4, 2, 1)
    assert paginate(question_select(QuestionFilters()), page=5, per_page=3).items == []


def test_a_page_of_questions_costs_the_same_few_queries_however_long(bank):
    from sqlalchemy import event

    def queries_for(per_page: int) -> int:
        statements = []

        def listener(*args):
            statements.append(args[2])

        db.session.expire_all()
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            page = paginate(question_select(QuestionFilters()), page=1, per_page=per_page)
            for question in page.items:  # everything the list and the API show
                _ = (
                    question.topic.name,
                    question.current.text,
                    [o.text for o in question.current.options],
                )
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    assert queries_for(1) == queries_for(4) <= 4


@pytest.mark.parametrize("value", ["265899713039037", "²", "٣", "0", "-1", "1.5"])
def test_a_page_number_beyond_the_database_integers_or_not_a_plain_number_is_refused(value):
    with pytest.raises(InvalidInput):
        paging({"page": value})
