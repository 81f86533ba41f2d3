"""Recording a dispute about one decision."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import ServiceUser
from disputes import notices, rules
from disputes.choices import DisputeChannel, DisputeState
from disputes.models import Dispute
from disputes.services.base import ALREADY_DISPUTED, Problems, qsr_members
from musuc import records
from musuc.models import User
from musuc.outbox import notify_each
from restrictions.models import Term


@transaction.atomic
def dispute_record(
    *,
    service_user: ServiceUser,
    term: Term,
    received_at: dt.datetime,
    channel: str,
    channel_detail: str = "",
    statement: str,
    recorded_by: User,
) -> Dispute:
    """Record a dispute about one decision, due 20 working days after receipt, or refuse it."""
    if not recorded_by.has_perm("disputes.add_dispute"):
        raise PermissionDenied(_("Only case staff and the QSR team can record a dispute"))
    ServiceUser.objects.select_for_update().get(pk=service_user.pk)  # one record at a time
    term = Term.objects.select_related("restriction").get(pk=term.pk)
    problems: Problems = {}
    if term.restriction.service_user_id != service_user.pk:
        problems["term"] = [_("Select a decision about this person")]
    elif term.restriction.state not in rules.DISPUTABLE_STATES:
        problems["term"] = [_("Only a restriction that is approved or in force can be disputed")]
    elif Dispute.objects.filter(term=term).exclude(state=DisputeState.WITHDRAWN).exists():
        problems["term"] = [str(ALREADY_DISPUTED)]
    if received_at > timezone.now():
        problems["received_on"] = [_("The date and time received must be in the past")]
    elif received := rules.received_problems(
        received_on=timezone.localtime(received_at).date(),
        decided_on=timezone.localtime(term.decided_at).date(),
        today=timezone.localdate(),
    ):
        problems["received_on"] = received
    if channel not in DisputeChannel.values:
        problems["channel"] = [_("Select how the dispute was received")]
    elif channel == DisputeChannel.OTHER and not channel_detail.strip():
        problems["channel_detail"] = [_("Say how the dispute was received")]
    if not statement.strip():
        problems["statement"] = [_("Enter what the person says")]
    records.refuse(problems)
    dispute = Dispute(
        service_user=service_user,
        restriction=term.restriction,
        term=term,
        received_at=received_at,
        channel=channel,
        channel_detail=channel_detail.strip() if channel == DisputeChannel.OTHER else "",
        statement=statement.strip(),
        due_on=rules.dispute_due_on(timezone.localtime(received_at).date()),
        recorded_by=recorded_by,
    )
    records.recorded_by(dispute, recorded_by)
    try:
        with transaction.atomic():
            dispute.save()
    except IntegrityError:  # another person recorded one for this decision a moment ago
        raise ValidationError({"term": [str(ALREADY_DISPUTED)]}) from None
    subject, body = notices.received(dispute)
    notify_each(
        qsr_members(),
        key=f"dispute-received:{dispute.pk}",
        subject=subject,
        body=body,
        link=dispute.get_absolute_url(),
    )
    return dispute
