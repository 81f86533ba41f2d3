"""Storing what the gate found: the breaches a contact made of the restriction in force."""

from __future__ import annotations

from django.db import transaction

from contacts.models import Contact
from restrictions import selectors
from restrictions.models import Breach


@transaction.atomic
def breaches_record(*, contact: Contact) -> selectors.Judgement:
    """Store the breaches this contact made of the restriction in force when it happened, and
    return the judgement they came from (with the gate's advice)."""
    Breach.objects.filter(contact=contact).delete()  # a correction is judged afresh
    judged = selectors.contact_judged(
        service_user_id=contact.service_user_id,
        channel=contact.channel,
        direction=contact.direction,
        occurred_at=contact.occurred_at,
        recipient_ids=[user.pk for user in contact.received_by.all()],
        call_minutes=contact.call_minutes,
    )
    stored: dict[int, Breach] = {}
    for found in judged.result.breaches:
        if found.condition.pk not in stored:  # type: ignore[attr-defined]
            stored[found.condition.pk] = Breach.objects.create(  # type: ignore[attr-defined, misc]
                contact=contact,
                restriction=judged.restriction,
                condition=found.condition,
                description=found.description[:300],
            )
    return judged
