"""Every non-trivial read of warnings and restrictions, by subject, each choosing its own joins.

The package's public names are all here, so callers write ``selectors.person_standing(...)``
whichever module holds it.
"""

from restrictions.selectors._shared import IN_FORCE
from restrictions.selectors.decisions import (
    decision_refusal,
    restriction_blocking_proposal,
    variation_conditions,
    variation_refusal,
)
from restrictions.selectors.evidence import (
    CHART_BAR,
    CHART_FILLS,
    CHART_GAP,
    CHART_HEIGHT,
    MonthEvidence,
    disputes_during,
    evidence_chart,
    review_detail,
    review_evidence,
    warnings_during,
)
from restrictions.selectors.judgement import (
    Judgement,
    conditions_in_force,
    contact_judged,
    restriction_applying_at,
)
from restrictions.selectors.queues import (
    RestrictionDecision,
    approvals_queue,
    open_reviews,
    timeline_kinds,
    timeline_read,
)
from restrictions.selectors.standing import (
    PersonStanding,
    conditions_in_force_of,
    flags_for,
    open_review_of,
    person_standing,
    restriction_detail,
    restriction_in_force_for,
    restrictions_of,
    standing_annotations,
    unacceptable_contacts_of,
    warnings_in_force,
    warnings_of,
)

__all__ = [
    "CHART_BAR",
    "CHART_FILLS",
    "CHART_GAP",
    "CHART_HEIGHT",
    "IN_FORCE",
    "Judgement",
    "MonthEvidence",
    "PersonStanding",
    "RestrictionDecision",
    "approvals_queue",
    "conditions_in_force",
    "conditions_in_force_of",
    "contact_judged",
    "decision_refusal",
    "disputes_during",
    "evidence_chart",
    "flags_for",
    "open_review_of",
    "open_reviews",
    "person_standing",
    "restriction_applying_at",
    "restriction_blocking_proposal",
    "restriction_detail",
    "restriction_in_force_for",
    "restrictions_of",
    "review_detail",
    "review_evidence",
    "standing_annotations",
    "timeline_kinds",
    "timeline_read",
    "unacceptable_contacts_of",
    "variation_conditions",
    "variation_refusal",
    "warnings_during",
    "warnings_in_force",
    "warnings_of",
]
