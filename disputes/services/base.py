"""What the dispute services share: the refusals they give and how they lock and move a dispute."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from django_fsm import (
    ConcurrentTransition,
    TransitionNotAllowed,
    can_proceed,
    has_transition_perm,
)

from disputes.models import HANDLE, Dispute
from musuc.models import User
from musuc.roles import holders_of
from restrictions.models import Restriction

Problems = dict[str, list[str]]

ALREADY_DISPUTED = gettext_lazy(
    "This decision has already been disputed, and Stage 2 is final: a decision can be disputed "
    "once. An extension is a new decision and can be disputed once."
)
MOVED_ON = gettext_lazy("This dispute has moved on since the page was loaded: reload the page.")


def qsr_members() -> QuerySet[User]:
    return holders_of(HANDLE).order_by("first_name", "last_name", "username")


def approving_team(restriction: Restriction) -> int | None:
    """The team whose managers hear about a restriction's dispute: the approving manager's."""
    return restriction.decided_by.team_id if restriction.decided_by_id else None  # type: ignore[union-attr]


def locked(dispute: Dispute) -> Dispute:
    return (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("restriction", "term", "service_user")
        .get(pk=dispute.pk)
    )


def move(dispute: Dispute, move, user: User, refusal: str) -> None:
    """Run one transition for this user, or say why they cannot."""
    if not can_proceed(move):
        raise ValidationError(MOVED_ON)
    if not has_transition_perm(move, user):
        raise PermissionDenied(refusal)
    try:
        move()
    except (ConcurrentTransition, TransitionNotAllowed):
        raise ValidationError(MOVED_ON) from None
