"""The test factories: plain `gen_*` functions that add rows and flush (the test commits).

One family, one numbering (slugs, names, phones and CCCDs never collide between them):
    accounts   gen_user, gen_candidate, gen_candidates, gen_org
    questions  gen_question, gen_question_from (from an input, LAW_DAY by default), gen_version
    rounds     gen_contest, gen_round (last week's, closed), gen_open_round (open now, with a
               bank), gen_upcoming_round (next week's), gen_group, gen_participation
    attempts   gen_attempt, gen_first_start, gen_prediction, gen_attempt_question, gen_answer
    scenes     boards and prize lists several test modules share
"""

import itertools

_numbers = itertools.count(1)


def next_number() -> int:
    """A number no other factory call has had in this test run."""
    return next(_numbers)
