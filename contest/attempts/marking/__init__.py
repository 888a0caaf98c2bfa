"""Marking an attempt: grading answers, scoring, regrading keys, the review shown after."""
