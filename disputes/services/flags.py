"""Unacceptable contact made while a dispute is open."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from contacts.choices import Assessment
from contacts.models import Contact
from disputes import notices
from disputes.choices import OPEN_STATES
from disputes.models import Dispute
from disputes.services.base import approving_team
from musuc import records
from musuc.models import User
from restrictions import services as restriction_services


@transaction.atomic
def disputes_flag_contact(*, contact: Contact, actor: User) -> int:
    """Flag an unacceptable contact on the person's open disputes, and tell the managers so
    they can consider varying the restriction. A correction that makes it acceptable takes the
    flag off. Returns how many disputes were newly flagged."""
    # Whoever logged or corrected the contact (the event's actor) is who the flag's history names.
    by = actor
    open_disputes = list(
        Dispute.objects.select_for_update(of=("self",))
        .filter(
            service_user_id=contact.service_user_id,
            state__in=OPEN_STATES,
            received_at__lte=contact.occurred_at,  # contact made during the dispute
        )
        .select_related("restriction__decided_by", "service_user")
    )
    if contact.assessment != Assessment.UNACCEPTABLE:
        for dispute in open_disputes:
            if dispute.flagged_contacts.filter(pk=contact.pk).exists():
                dispute.flagged_contacts.remove(contact)
                records.recorded_by(dispute, by, _("A flagged contact was corrected to acceptable"))
                dispute.save()
        return 0
    flagged = 0
    for dispute in open_disputes:
        if dispute.flagged_contacts.filter(pk=contact.pk).exists():
            continue
        dispute.flagged_contacts.add(contact)
        records.recorded_by(dispute, by, _("Unacceptable contact during the dispute"))
        dispute.save()
        flagged += 1
        restriction = dispute.restriction
        subject, body = notices.contact_flagged(dispute)
        restriction_services.notify_managers(
            team_id=approving_team(restriction),
            key=f"dispute-contact:{dispute.pk}:{contact.pk}",
            subject=subject,
            body=body,
            link=restriction.get_absolute_url(),
        )
    return flagged
