"""Every write to warnings, restrictions, their conditions, terms and breaches, by subject.

The package's public names are all here, so callers write ``services.restriction_decide(...)``
whichever module holds it.
"""

from restrictions.models import CONDITION_FIELDS, condition_as_data, condition_from_data
from restrictions.notices import DECISION_NOTICES, notice_date
from restrictions.selectors import (
    decision_refusal,
    variation_conditions,
    variation_refusal,
    warnings_in_force,
)
from restrictions.services._shared import managers_of, notify_managers, review_team
from restrictions.services.breaches import breaches_record
from restrictions.services.endings import restriction_end_early, restriction_lift
from restrictions.services.jobs import (
    restrictions_activate_due,
    reviews_flag_overdue,
    reviews_raise_due,
    terms_remind_ending,
)
from restrictions.services.proposals import (
    ALREADY_DECIDED,
    DECISIONS,
    Proposal,
    restriction_cancel,
    restriction_decide,
    restriction_propose,
    restriction_record_told,
    restriction_revise,
)
from restrictions.services.reviews import review_decide, review_record_told
from restrictions.services.variations import (
    change_problems,
    restriction_change,
    variation_decide,
    variation_propose,
)
from restrictions.services.warnings import warning_close, warning_issue

__all__ = [
    "ALREADY_DECIDED",
    "CONDITION_FIELDS",
    "DECISIONS",
    "DECISION_NOTICES",
    "Proposal",
    "breaches_record",
    "change_problems",
    "condition_as_data",
    "condition_from_data",
    "decision_refusal",
    "managers_of",
    "notice_date",
    "notify_managers",
    "restriction_cancel",
    "restriction_change",
    "restriction_decide",
    "restriction_end_early",
    "restriction_lift",
    "restriction_propose",
    "restriction_record_told",
    "restriction_revise",
    "restrictions_activate_due",
    "review_decide",
    "review_record_told",
    "review_team",
    "reviews_flag_overdue",
    "reviews_raise_due",
    "terms_remind_ending",
    "variation_conditions",
    "variation_decide",
    "variation_propose",
    "variation_refusal",
    "warning_close",
    "warning_issue",
    "warnings_in_force",
]
