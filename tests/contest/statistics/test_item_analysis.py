"""Item analysis: facility, discrimination (top and bottom 27 %), option choices, topics by
locality, fixed questions too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.rounds.models import RoundQuestion
from contest.statistics.item_analysis import facility_by_topic_and_locality, item_analysis
from tests.factories.accounts import gen_candidate, gen_org
from tests.factories.attempts import gen_answer, gen_attempt, gen_attempt_question
from tests.factories.questions import gen_question
from tests.factories.rounds import OPENS, gen_round

# Ten candidates c10 … c1 scoring 10 … 1. Q1 (key B) was answered as below; Q2 (key A) was
# not shown to c2 and c1. Upper group (27 % of 10 → 3): c10, c9, c8; lower: c3, c2, c1.
Q1_ANSWERS = {10: 2, 9: 2, 8: 1, 7: 2, 6: 1, 5: 0, 4: 1, 3: 1, 2: 1, 1: None}  # positions, B = 1
Q2_ANSWERS = {10: 0, 9: 0, 8: 0, 7: 3, 6: 0, 5: 3, 4: 0, 3: 3}


@pytest.fixture
def analysed(app):
    round_ = gen_round()
    q1, q2 = gen_question("Hiến pháp", correct=1), gen_question("Luật Đất đai", correct=0)
    xa_a, xa_b = gen_org("Xã A", "locality"), gen_org("Xã B", "locality")
    for score in range(10, 0, -1):
        user = gen_candidate(f"c{score}", locality_id=(xa_a if score > 5 else xa_b).id)
        attempt = gen_attempt(
            round_, user, score=score, submitted_at=OPENS + timedelta(hours=score)
        )
        gen_attempt_question(attempt, q1, 1)
        gen_answer(attempt, q1, Q1_ANSWERS[score])
        if score in Q2_ANSWERS:
            gen_attempt_question(attempt, q2, 2)
            gen_answer(attempt, q2, Q2_ANSWERS[score])
    return round_, q1, q2


def test_facility_is_the_share_of_right_answers_among_those_shown(analysed):
    round_, q1, q2 = analysed

    items = {i.question_id: i for i in item_analysis(round_)}

    assert (items[q1.id].shown, items[q1.id].correct, items[q1.id].facility) == (10, 5, 0.5)
    assert (items[q2.id].shown, items[q2.id].correct, items[q2.id].facility) == (8, 5, 0.625)


def test_discrimination_compares_the_top_and_bottom_27_percent(analysed):
    round_, q1, q2 = analysed

    items = {i.question_id: i for i in item_analysis(round_)}

    assert items[q1.id].p_upper == pytest.approx(1 / 3)
    assert items[q1.id].p_lower == pytest.approx(2 / 3)
    assert items[q1.id].discrimination == pytest.approx(-1 / 3)
    assert items[q1.id].suspicious
    assert (items[q2.id].p_upper, items[q2.id].p_lower, items[q2.id].discrimination) == (1, 0, 1)
    assert not items[q2.id].suspicious


def test_option_counts_and_blanks_are_counted_by_label(analysed):
    round_, q1, q2 = analysed

    items = {i.question_id: i for i in item_analysis(round_)}

    assert dict(items[q1.id].option_counts) == {"A": 1, "B": 5, "C": 3}
    assert (items[q1.id].blank, items[q1.id].key) == (1, "B")
    assert dict(items[q2.id].option_counts) == {"A": 5, "D": 3}
    assert (items[q2.id].blank, items[q2.id].key) == (0, "A")


def test_facility_by_topic_and_locality(analysed):
    round_, _, _ = analysed

    matrix = facility_by_topic_and_locality(round_)

    assert matrix["Hiến pháp"] == {"Xã A": 0.4, "Xã B": 0.6}
    assert matrix["Luật Đất đai"] == pytest.approx({"Xã A": 0.8, "Xã B": 1 / 3})


def test_item_analysis_uses_the_round_fixed_questions_too(app):
    round_ = gen_round()
    q = gen_question()
    round_.fixed_questions = [RoundQuestion(question_id=q.id, position=1)]
    attempt = gen_attempt(round_, gen_candidate())
    gen_attempt_question(attempt, q, 1)

    (item,) = item_analysis(round_)

    assert (item.shown, item.correct, item.blank, item.discrimination) == (1, 0, 1, None)


@pytest.fixture
def typed_round(app, now):
    """Four candidates answer a fill-in question: one right, two wrong alike, one other."""
    from tests.contest.attempts.taking import begin, fill_in_round, submit, type_answer
    from tests.factories.rounds import gen_participation

    round_ = fill_in_round()
    for n, typed in enumerate(["quốc hội", "Chính phủ", "chính   PHỦ", "Tòa án", None]):
        user = gen_candidate(f"t{n}")
        gen_participation(round_.contest, user)
        attempt = begin(round_, user, now())
        if typed is not None:
            type_answer(attempt, typed, now())
        submit(attempt, now())
    return round_


def test_a_fill_in_item_counts_right_answers_and_its_most_common_wrong_ones(typed_round):
    fill_in = next(i for i in item_analysis(typed_round) if i.qtype == "fill_in")
    assert (fill_in.shown, fill_in.correct, fill_in.blank) == (5, 1, 1)
    assert fill_in.facility == pytest.approx(0.2)
    assert fill_in.common_wrong_answers == [("Chính phủ", 2), ("Tòa án", 1)]
    assert fill_in.key == "Quốc hội; Quốc hội Việt Nam"
    assert fill_in.option_counts == {}


def test_the_items_export_and_page_show_the_common_wrong_answers(
    typed_round, client, auth, make_user
):
    import csv
    import io

    from tests.contest.readers import export_csv_parts

    auth.login(make_user("judge"))
    data = client.get(f"/api/v1/rounds/{typed_round.id}/export.csv?kind=items").data
    _, body = export_csv_parts(data)
    rows = list(csv.DictReader(io.StringIO(body.decode(), newline="")))
    fill_in = next(r for r in rows if r["Đáp án"].startswith("Quốc hội"))
    assert fill_in["Câu trả lời sai thường gặp (câu điền từ)"] == "Chính phủ (2); Tòa án (1)"
    assert fill_in["Số lượt đúng"] == "1"
    listed = client.get(f"/api/v1/rounds/{typed_round.id}/items").get_json()["items"]
    item = next(i for i in listed if i["type"] == "fill_in")
    assert item["common_wrong_answers"] == [["Chính phủ", 2], ["Tòa án", 1]]
    page = client.get(f"/results/rounds/{typed_round.id}/items").get_data(as_text=True)
    assert "Sai thường gặp: “Chính phủ”: 2, “Tòa án”: 1" in page
