"""Demo contacts: a few people make most of them, and about one in seven is unacceptable."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from casework.seeding.bulk import (
    Progress,
    history_write,
    m2m_from_column,
    m2m_history_write,
    rows_insert,
)
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

# The columns each seeded contact gives; the rest take their defaults.
FIELDS = (
    "service_user_id",
    "channel",
    "direction",
    "occurred_at",
    "call_minutes",
    "summary",
    "assessment",
    "behaviours",
    "impacts",
    "shouting_due_to_condition",
    "extremely_unacceptable",
    "handling",
    "logged_by_id",
)
# Contacts reach back two years.
SPAN_MINUTES = 2 * 365 * 24 * 60
# Behaviours a seeded contact may show: never child sexual abuse content, whose contact
# carries a police reference and no attachment.
GROUPS = [
    [code.value for code in group if code != Behaviour.CHILD_SEXUAL_ABUSE]
    for group in BEHAVIOUR_GROUPS.values()
]
IMPACTS = list(Impact.values)
CHANNELS = list(Channel.values)
TIMED = {Channel.PHONE, Channel.TEXT_RELAY}


def _contact(rnd: random.Random, owner: int, logged_by: int, now: datetime) -> tuple:
    """One contact's values, in the order of ``FIELDS``."""
    channel = rnd.choice(CHANNELS)
    direction = Direction.OUTBOUND.value if rnd.random() < 0.2 else Direction.INBOUND.value
    occurred_at = now - timedelta(minutes=rnd.randrange(1, SPAN_MINUTES))
    call_minutes = rnd.randint(2, 40) if channel in TIMED else None
    if rnd.random() >= 0.15:
        return (
            owner,
            channel,
            direction,
            occurred_at,
            call_minutes,
            rnd.choice(SUMMARIES_ACCEPTABLE),
            Assessment.ACCEPTABLE.value,
            [],
            [],
            None,
            False,
            Handling.RESPONDED.value,
            logged_by,
        )
    # Unacceptable: behaviours from one group, impacts, and how it was handled.
    group = rnd.choice(GROUPS)
    behaviours = rnd.sample(group, k=rnd.randint(1, 2))
    shouting = False if Behaviour.SHOUTING_SWEARING.value in behaviours else None
    handled = Handling.CALL_TERMINATED if channel == Channel.PHONE else Handling.READ_NOT_RESPONDED
    return (
        owner,
        channel,
        direction,
        occurred_at,
        call_minutes,
        rnd.choice(SUMMARIES_UNACCEPTABLE),
        Assessment.UNACCEPTABLE.value,
        behaviours,
        rnd.sample(IMPACTS, k=rnd.randint(1, 2)),
        shouting,
        rnd.random() < 0.05,
        handled.value,
        logged_by,
    )


def create_contacts(
    rnd: random.Random, out, total: int, ids: list[int], staff: list[User], batch_size: int
) -> None:
    """Make ``total`` contacts among the people ``ids``, in batches, each received by whoever
    logged it, with their history rows (the contact's and its recipients', as logging one
    writes them)."""
    if not ids or not total:
        return
    progress = Progress(out, "contacts", total)
    now = timezone.now()
    # A few people make most of the contact, as in life.
    weights = list(itertools.accumulate(min(rnd.paretovariate(1.5), 100.0) for _ in ids))
    staff_ids = [member.pk for member in staff]
    made = 0
    while made < total:
        size = min(batch_size, total - made)
        owners = rnd.choices(ids, cum_weights=weights, k=size)
        rows: Iterator[tuple] = (
            _contact(rnd, owner, rnd.choice(staff_ids), now) for owner in owners
        )
        with transaction.atomic():
            created = rows_insert(Contact, FIELDS, rows)
            m2m_from_column(Contact, "received_by", created, "logged_by_id")
            history_write(Contact, created, "logged_by_id")
            m2m_history_write(Contact, "received_by", created)
        made += size
        progress.report(made)
