"""The public collective ranking: units by participants or participation rate, counts only."""

from __future__ import annotations

from contest.core.extensions import db
from tests.contest.readers import html_of
from tests.factories.accounts import gen_candidate, gen_org
from tests.factories.attempts import gen_attempt
from tests.factories.rounds import gen_round


def test_units_are_ranked_with_their_participation_rate(client, now):
    round_ = gen_round()
    small, large = gen_org("Phòng Tư pháp", headcount=4), gen_org("Sở Nội vụ", headcount=100)
    for org, count in ((small, 2), (large, 3)):
        for _ in range(count):
            gen_attempt(round_, gen_candidate(unit_id=org.id), score=5)
    db.session.commit()
    slug = round_.contest.slug

    by_people = " ".join(html_of(client, f"/contests/{slug}/units").split())
    by_rate = html_of(client, f"/contests/{slug}/units?order=participation_rate")

    assert by_people.index("Sở Nội vụ") < by_people.index("Phòng Tư pháp")
    assert by_rate.index("Phòng Tư pháp") < by_rate.index("Sở Nội vụ")
    assert "50 %" in by_rate
    assert "Thí sinh" not in by_rate.split("<main", 1)[1].split("</table>")[0]
