from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningState(models.TextChoices):
    ISSUED = "issued", _("Issued")
    SPENT = "spent", _("Spent")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DeliveryMethod(models.TextChoices):
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    IN_PERSON = "in_person", _("In person")


class RestrictionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved, not started")
    ACTIVE = "active", _("Active")
    REVIEW_DUE = "review_due", _("Review due")
    ENDED = "ended", _("Ended")
    LIFTED = "lifted", _("Lifted on dispute")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class ConditionKind(models.TextChoices):
    TERMINATE_CALLS = "terminate_calls", _("Terminate phone calls")
    PERMITTED_TIMES = "permitted_times", _("Permitted times, days and durations of contact")
    RESPONSE_TIME = "response_time", _("An allocated reasonable response time")
    SINGLE_POINT_OF_CONTACT = "single_point_of_contact", _("A single point of contact")
    LIMITED_CHANNELS = "limited_channels", _("Limited channels")
    READ_NO_RESPONSE = "read_no_response", _("Read but not respond")
    POLICE_REPORT = "police_report", _("Report to the police")


class TermMonths(models.IntegerChoices):
    THREE = 3, _("3 months")
    SIX = 6, _("6 months")
    TWELVE = 12, _("12 months")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class VariationState(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ReviewState(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")
    # A change to the term (a dispute partly upheld, a variation) made the review moot.
    SUPERSEDED = "superseded", _("Closed: the term was changed")


class ReviewOutcome(models.TextChoices):
    REMOVE = "remove", _("Remove the restriction")
    EXTEND = "extend", _("Extend the restriction")


# What each decision on a proposal is called, and the state it leaves the proposal in.
DECISION_LABELS = {
    "approve": _("Approved"),
    "reject": _("Rejected"),
    "return": _("Returned to the proposer"),
}
DECISION_BY_STATE = {
    RestrictionState.APPROVED: "approve",
    RestrictionState.ACTIVE: "approve",
    RestrictionState.REJECTED: "reject",
    RestrictionState.DRAFT: "return",
}
