"""Demo contacts: a few people make most of them, and about one in seven is unacceptable."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.seeding.bulk import Progress, history_write
from casework.seeding.names import SUMMARIES_ACCEPTABLE, SUMMARIES_UNACCEPTABLE
from contacts.choices import (
    BEHAVIOUR_GROUPS,
    Assessment,
    Behaviour,
    Channel,
    Direction,
    Handling,
    Impact,
)
from contacts.models import Contact
from musuc.models import User


def _assess_unacceptable(rnd: random.Random, contact: Contact, groups: list) -> None:
    """Behaviours from one group (never child sexual abuse content), impacts, and handling."""
    group = rnd.choice(groups)
    contact.behaviours = [
        code
        for code in rnd.sample(group, k=rnd.randint(1, 2))
        if code != Behaviour.CHILD_SEXUAL_ABUSE
    ] or [Behaviour.HARASSMENT.value]
    contact.impacts = rnd.sample(Impact.values, k=rnd.randint(1, 2))
    if Behaviour.SHOUTING_SWEARING in contact.behaviours:
        contact.shouting_due_to_condition = False
    contact.extremely_unacceptable = rnd.random() < 0.05
    phoned = contact.channel == Channel.PHONE
    contact.handling = Handling.CALL_TERMINATED if phoned else Handling.READ_NOT_RESPONDED


def _contact(rnd: random.Random, owner: int, staff: list[User], now, groups: list) -> Contact:
    unacceptable = rnd.random() < 0.15
    channel = rnd.choice(Channel.values)
    contact = Contact(
        service_user_id=owner,
        channel=channel,
        direction=Direction.OUTBOUND if rnd.random() < 0.2 else Direction.INBOUND,
        occurred_at=now - timedelta(minutes=rnd.randrange(1, 2 * 365 * 24 * 60)),
        summary=rnd.choice(SUMMARIES_UNACCEPTABLE if unacceptable else SUMMARIES_ACCEPTABLE),
        assessment=Assessment.UNACCEPTABLE if unacceptable else Assessment.ACCEPTABLE,
        logged_by=rnd.choice(staff),
    )
    if unacceptable:
        _assess_unacceptable(rnd, contact, groups)
    else:
        contact.handling = Handling.RESPONDED
    return contact


def create_contacts(
    rnd: random.Random, out, total: int, ids: list[int], staff: list[User], batch_size: int
) -> None:
    """Make ``total`` contacts among the people ``ids``, in batches, each received by whoever
    logged it, with their history rows."""
    if not ids or not total:
        return
    progress = Progress(out, "contacts", total)
    now = timezone.now()
    # A few people make most of the contact, as in life.
    weights = [min(rnd.paretovariate(1.5), 100.0) for _ in ids]
    through = Contact.received_by.through
    groups = list(BEHAVIOUR_GROUPS.values())
    made = 0
    while made < total:
        size = min(batch_size, total - made)
        owners = rnd.choices(ids, weights=weights, k=size)
        batch = [_contact(rnd, owner, staff, now, groups) for owner in owners]
        with transaction.atomic():
            created = Contact.objects.bulk_create(batch)
            through.objects.bulk_create(
                [through(contact_id=c.pk, user_id=c.logged_by_id) for c in created]
            )
            history_write(Contact, created, "logged_by_id")
        made += size
        progress.report(made)
