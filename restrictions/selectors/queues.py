"""The work awaiting managers (approvals, open reviews) and a person's timeline entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet
from django.urls import reverse

from contacts.models import ServiceUser
from contacts.selectors import TimelineEvent
from musuc.models import User
from restrictions import rules
from restrictions.choices import DECISION_BY_STATE, DECISION_LABELS, RestrictionState, ReviewState
from restrictions.models import Restriction, Review, Warning


def approvals_queue(manager: User) -> QuerySet[Restriction]:
    """Proposals awaiting a decision that this manager may take (never their own), oldest first."""
    return (
        Restriction.objects.filter(state=RestrictionState.PENDING_APPROVAL)
        .exclude(rules.proposed_by_q(manager))
        .select_related("service_user", "proposed_by")
        .order_by("submitted_at", "id")
    )


@dataclass(frozen=True)
class RestrictionDecision:
    """A manager's decision on a proposal as it stood when taken: what, and why."""

    restriction_id: int
    outcome: str
    reason: str

    def get_absolute_url(self) -> str:
        return reverse("restrictions:detail", kwargs={"pk": self.restriction_id})


def decisions_of(service_user: ServiceUser, *, limit: int) -> list[TimelineEvent]:
    """Each decision on the person's proposals, read from the history row its own save wrote,
    so that a later event (a dispute lifting it, another decision after a return) never
    changes what the entry says happened then, or who did it."""
    history = Restriction.history.filter(service_user=service_user, decided_at__isnull=False)
    first_rows = history.values("id", "decided_at").annotate(first=Min("history_id"))
    return [
        TimelineEvent(
            "restriction_decided",
            row.decided_at,
            row.decided_by,
            RestrictionDecision(
                row.id, str(DECISION_LABELS[DECISION_BY_STATE[row.state]]), row.decision_reason
            ),
        )
        for row in history.filter(history_id__in=first_rows.values("first"))
        .select_related("decided_by")
        .order_by("-decided_at")[:limit]
        if row.state in DECISION_BY_STATE
    ]


def timeline_events(service_user: ServiceUser, *, limit: int) -> list:
    events = [
        TimelineEvent("warning", warning.issued_at, warning.issued_by, warning)
        for warning in Warning.objects.filter(service_user=service_user)
        .select_related("issued_by")
        .order_by("-issued_at")[:limit]
    ]
    for restriction in (
        Restriction.objects.filter(service_user=service_user)
        .select_related("proposed_by")
        .prefetch_related("reviews")
        .order_by("-proposed_at")[:limit]
    ):
        events.append(
            TimelineEvent(
                "restriction_proposed",
                restriction.proposed_at,
                restriction.proposed_by,
                restriction,
            )
        )
        for review in restriction.reviews.all():
            events.append(TimelineEvent("review", review.raised_at, None, review))
    events += decisions_of(service_user, limit=limit)
    return events


def open_reviews(user: User) -> list[Review]:
    """Open reviews for the manager's team first (overdue ones come first: ordered by due date)."""
    # A restriction lifted on dispute while its review was due needs no review any more.
    reviews = Review.objects.filter(
        state=ReviewState.OPEN, restriction__state=RestrictionState.REVIEW_DUE
    ).select_related("restriction__service_user", "term", "team")
    if user.team_id:
        reviews = reviews.filter(Q(team=user.team_id) | Q(team__isnull=True))
    return list(reviews.order_by("due_on", "id")[:50])
