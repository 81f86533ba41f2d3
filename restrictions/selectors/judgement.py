"""A contact judged against the conditions of the restriction in force when it happened."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from restrictions import gate
from restrictions.choices import RestrictionState
from restrictions.models import Condition, Restriction


def restriction_applying_at(service_user_id: int, moment: datetime) -> Restriction | None:
    """The restriction in force when a contact happened: a term covered that day (or its last
    term had ended and the review was still due), and it had not yet been ended or lifted."""
    day = timezone.localtime(moment).date()
    not_ended = Q(ended_at__isnull=True) | Q(ended_at__gt=moment)
    # Never before the day it was decided, whatever start an older record holds.
    candidates = Restriction.objects.filter(
        not_ended, service_user_id=service_user_id, decided_at__date__lte=day
    )
    restriction = (
        candidates.filter(terms__starts_on__lte=day, terms__ends_on__gte=day).first()
        or candidates.filter(state=RestrictionState.REVIEW_DUE, terms__ends_on__lt=day).first()
    )
    if restriction is not None:
        restriction.conditions_then = list(  # type: ignore[attr-defined]
            restriction.conditions.filter(
                Q(ended_at__isnull=True) | Q(ended_at__gt=moment),
                Q(starts_at__isnull=True) | Q(starts_at__lte=moment),
            ).select_related("single_point_of_contact")
        )
    return restriction


@dataclass(frozen=True)
class Judgement:
    """A contact judged against the restriction in force when it happened."""

    restriction: Restriction | None
    result: gate.GateResult


def contact_judged(
    *,
    service_user_id: int,
    channel: str,
    direction: str,
    occurred_at: datetime | None,
    recipient_ids: Iterable[int],
    call_minutes: int | None,
) -> Judgement:
    """The one answer to "does this contact breach the restriction?", given by the
    conditions in force at the contact's time: the contact form's check and the breach stored
    on logging both ask it. A contact whose time is not yet entered is judged as of now."""
    restriction = restriction_applying_at(service_user_id, occurred_at or timezone.now())
    if restriction is None:
        return Judgement(None, gate.GateResult())
    return Judgement(
        restriction,
        gate.assess(
            restriction.conditions_then,  # type: ignore[attr-defined]
            channel=channel,
            direction=direction,
            occurred_at=occurred_at,
            recipient_ids=recipient_ids,
            call_minutes=call_minutes,
        ),
    )


def conditions_in_force(restriction_id: int) -> list[Condition]:
    return list(
        Condition.objects.filter(restriction_id=restriction_id, ended_at__isnull=True)
        .select_related("single_point_of_contact")
        .order_by("id")
    )
