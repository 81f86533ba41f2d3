"""The work awaiting managers (approvals, open reviews) and a person's timeline entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet
from django.urls import reverse

from contacts.models import ServiceUser
from contacts.selectors import TimelineEvent, TimelineKeys, TimelineKind
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


def _decisions(service_user: ServiceUser) -> QuerySet:
    """Each decision on the person's proposals as the history row its own save wrote: the
    first row of each restriction with each decision's time. Read from those rows, a later
    event (a dispute lifting it, another decision after a return) never changes what the entry
    says happened then, or who did it."""
    history = Restriction.history.filter(service_user=service_user, decided_at__isnull=False)
    first_rows = history.values("id", "decided_at").annotate(first=Min("history_id"))
    return history.filter(
        history_id__in=first_rows.values("first"), state__in=list(DECISION_BY_STATE)
    )


def timeline_kinds(service_user: ServiceUser) -> list[TimelineKind]:
    """The person's warnings, proposals, reviews and decisions, for the timeline's index."""
    return [
        TimelineKind("warning", Warning.objects.filter(service_user=service_user), "issued_at"),
        TimelineKind(
            "restriction_proposed",
            Restriction.objects.filter(service_user=service_user),
            "proposed_at",
        ),
        TimelineKind(
            "review", Review.objects.filter(restriction__service_user=service_user), "raised_at"
        ),
        TimelineKind("restriction_decided", _decisions(service_user), "decided_at", "history_id"),
    ]


def timeline_read(
    service_user: ServiceUser, keys: TimelineKeys
) -> dict[tuple[str, int], TimelineEvent]:
    """The entries of these kinds that the timeline shows, by kind and key: a query for each
    kind among them."""
    events: dict[tuple[str, int], TimelineEvent] = {}
    if keys.get("warning"):
        for warning in Warning.objects.filter(pk__in=keys["warning"]).select_related("issued_by"):
            events["warning", warning.pk] = TimelineEvent(
                "warning", warning.issued_at, warning.issued_by, warning
            )
    if keys.get("restriction_proposed"):
        for restriction in Restriction.objects.filter(
            pk__in=keys["restriction_proposed"]
        ).select_related("proposed_by"):
            events["restriction_proposed", restriction.pk] = TimelineEvent(
                "restriction_proposed",
                restriction.proposed_at,
                restriction.proposed_by,
                restriction,
            )
    if keys.get("review"):
        for review in Review.objects.filter(pk__in=keys["review"]):
            events["review", review.pk] = TimelineEvent("review", review.raised_at, None, review)
    if keys.get("restriction_decided"):
        for row in Restriction.history.filter(
            history_id__in=keys["restriction_decided"]
        ).select_related("decided_by"):
            events["restriction_decided", row.history_id] = TimelineEvent(
                "restriction_decided",
                row.decided_at,
                row.decided_by,
                RestrictionDecision(
                    row.id, str(DECISION_LABELS[DECISION_BY_STATE[row.state]]), row.decision_reason
                ),
            )
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
