"""Prizes: tiers, the proposed allocation from the ranking, exclusions, two approvals, the lock.

The platform proposes; the judges decide. A tie that straddles a tier boundary is flagged and
blocks approval until the judges resolve it (change a tier's count, or exclude someone with a
written reason). Approvals are given to one exact proposal (its SHA-256); when two different
judges have approved it, the list is locked: the service refuses every later change, and so
does the database (triggers on the prize tables).

This module is the service's entry point; the work lives in prize_allocation (what the
ranking implies), prize_proposal (tiers, proposals, the list as exported and checksummed) and
prize_decisions (exclusions, approvals, the lock).
"""

from contest.services.prize_decisions import (
    MIN_REASON_LENGTH,
    approve,
    exclude,
    locked_results_covering,
    reinstate,
)
from contest.services.prize_proposal import (
    AwardLine,
    ResultLocked,
    TierInput,
    award_lines,
    boundary_ties,
    checksum,
    define_prizes,
    get_result,
    prize_headers,
    propose,
    result_for,
    scope_key,
)

__all__ = [
    "MIN_REASON_LENGTH",
    "AwardLine",
    "ResultLocked",
    "TierInput",
    "approve",
    "award_lines",
    "boundary_ties",
    "checksum",
    "define_prizes",
    "exclude",
    "get_result",
    "locked_results_covering",
    "prize_headers",
    "propose",
    "reinstate",
    "result_for",
    "scope_key",
]
