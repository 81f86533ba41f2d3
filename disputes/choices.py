from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisputeState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Awaiting an outcome: these count towards the 20 working days.
OPEN_STATES = (DisputeState.RECEIVED, DisputeState.ASSIGNED, DisputeState.UNDER_ASSESSMENT)
# Still QSR's work: awaiting an outcome, or decided and the outcome not yet sent.
UNFINISHED_STATES = (*OPEN_STATES, DisputeState.DECIDED)


class DisputeChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SECURE_VOICEMAIL = "secure_voicemail", _("Secure voicemail")
    ONLINE_FORM = "online_form", _("Online form")
    POST = "post", _("Post")
    OTHER = "other", _("Other")


class DisputeOutcome(models.TextChoices):
    NOT_UPHELD = "not_upheld", _("Not upheld: the restriction stands")
    UPHELD = "upheld", _("Upheld: the restriction is lifted")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld: the restriction is varied")
