"""Every write to disputes, by subject: recording, the QSR team's queue, the decision and its
outcome, flagged contacts and the daily jobs. The words of the notices are in disputes.notices."""

from disputes.services.base import (
    ALREADY_DISPUTED,
    MOVED_ON,
    Problems,
    approving_team,
    locked,
    move,
    qsr_members,
)
from disputes.services.decision import (
    decision_refusal,
    dispute_close,
    dispute_decide,
    dispute_decision_problems,
)
from disputes.services.flags import disputes_flag_contact
from disputes.services.jobs import disputes_flag_overdue, disputes_remind_due_soon
from disputes.services.queue import (
    dispute_assign,
    dispute_reassign,
    dispute_start_assessment,
    dispute_withdraw,
)
from disputes.services.recording import dispute_record

__all__ = [
    "ALREADY_DISPUTED",
    "MOVED_ON",
    "Problems",
    "approving_team",
    "decision_refusal",
    "dispute_assign",
    "dispute_close",
    "dispute_decide",
    "dispute_decision_problems",
    "dispute_reassign",
    "dispute_record",
    "dispute_start_assessment",
    "dispute_withdraw",
    "disputes_flag_contact",
    "disputes_flag_overdue",
    "disputes_remind_due_soon",
    "locked",
    "move",
    "qsr_members",
]
