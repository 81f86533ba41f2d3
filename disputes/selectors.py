"""Reads of disputes: the case file's, the queue's, the dispute page's and the review's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.models import Contact, ServiceUser
from contacts.selectors import TimelineEvent
from disputes import rules
from disputes.choices import OPEN_STATES, UNFINISHED_STATES, DisputeState
from disputes.models import Dispute
from musuc.calendar import working_days_from
from musuc.models import User
from restrictions.models import Condition, Restriction, Review, Term


def disputes_of(service_user: ServiceUser) -> QuerySet[Dispute]:
    return (
        Dispute.objects.filter(service_user=service_user)
        .select_related("service_user", "term", "assigned_to", "recorded_by")
        .order_by("-received_at", "-id")
    )


def open_dispute_of(service_user: ServiceUser) -> Dispute | None:
    """The dispute awaiting an outcome, for the identity bar (the soonest due if several),
    with ``overdue`` set so the bar says so."""
    dispute = (
        Dispute.objects.filter(service_user=service_user, state__in=OPEN_STATES)
        .order_by("due_on", "id")
        .first()
    )
    if dispute is not None:
        dispute.overdue = dispute.is_overdue(timezone.localdate())  # type: ignore[attr-defined]
    return dispute


def queue_counts(user: User, today: dt.date) -> dict[str, int]:
    """The QSR home page's counts, each as the queue's filter of the same name reads it, in one
    read of the unfinished disputes (a partial index: a few thousand rows at 200,000)."""
    waiting = Q(state__in=OPEN_STATES)
    return Dispute.objects.filter(state__in=UNFINISHED_STATES).aggregate(
        overdue=Count("pk", filter=rules.overdue_q(today)),
        due_soon=Count("pk", filter=rules.due_soon_q(today)),
        unassigned=Count("pk", filter=waiting & Q(assigned_to__isnull=True)),
        mine=Count("pk", filter=waiting & Q(assigned_to=user)),
        to_send=Count("pk", filter=Q(state=DisputeState.DECIDED)),
    )


def queue_rows(disputes: QuerySet[Dispute]) -> QuerySet[Dispute]:
    """The QSR queue's rows: each dispute with its assignee, and what its row shows of the
    person and the restriction as values of the same query (``person_name`` as
    ``ServiceUser.full_name`` reads, ``person_reference``, ``restriction_state``): a row has
    no use for a whole person or restriction, and making 50 of them was a tenth of the page."""
    return disputes.select_related("assigned_to").annotate(
        person_name=Concat("service_user__first_name", Value(" "), "service_user__last_name"),
        person_reference=F("service_user__reference"),
        restriction_state=F("restriction__state"),
    )


def disputable_terms(service_user: ServiceUser) -> QuerySet[Term]:
    """Decisions the person may dispute: terms of restrictions approved or in force."""
    return (
        Term.objects.filter(
            restriction__service_user=service_user,
            restriction__state__in=rules.DISPUTABLE_STATES,
        )
        .select_related("decided_by")
        .order_by("-restriction_id", "-number")
    )


def disputed_term_ids(service_user: ServiceUser) -> set[int]:
    return set(
        Dispute.objects.filter(service_user=service_user)
        .exclude(state=DisputeState.WITHDRAWN)
        .values_list("term_id", flat=True)
    )


def timeline_events(service_user: ServiceUser, *, limit: int) -> list[TimelineEvent]:
    events = []
    for dispute in disputes_of(service_user).select_related("decided_by")[:limit]:
        events.append(
            TimelineEvent("dispute_received", dispute.received_at, dispute.recorded_by, dispute)
        )
        if dispute.decided_at:
            events.append(
                TimelineEvent("dispute_decided", dispute.decided_at, dispute.decided_by, dispute)
            )
    return events


def assignees_offered(disputes: Iterable[Dispute], members: QuerySet[User]) -> QuerySet[User]:
    """The members who may be given these disputes: nobody who took part in a decision
    disputed (the independence rule)."""
    took_part: set[int] = set()
    for dispute in disputes:
        took_part |= rules.decision_takers(dispute)
    return members.exclude(pk__in=took_part)


def disputes_to_assign(ids: Iterable[int]) -> QuerySet[Dispute]:
    """Disputes by id, with what the independence rule reads about their decisions."""
    return Dispute.objects.filter(pk__in=list(ids)).select_related("restriction", "term")


def working_days_left(disputes: Iterable[Dispute], today: dt.date) -> None:
    """Set ``days_left`` on each dispute: working days from today to its due date (negative
    once overdue), reading closure days once for the whole list; and ``overdue``."""
    disputes = list(disputes)
    left = working_days_from(today, [dispute.due_on for dispute in disputes])
    for dispute in disputes:
        dispute.days_left = left[dispute.due_on]  # type: ignore[attr-defined]
        dispute.overdue = dispute.is_overdue(today)  # type: ignore[attr-defined]


def dispute_page(pk: int) -> Dispute:
    """One dispute with everything its page shows about the restriction and the decision."""
    return get_object_or_404(
        Dispute.objects.select_related(
            "service_user",
            "term__decided_by",
            "assigned_to",
            "recorded_by",
            "decided_by",
            "closed_by",
            "restriction__proposed_by",
            "restriction__decided_by",
        ).prefetch_related(
            Prefetch(
                "flagged_contacts",
                queryset=Contact.objects.order_by("-occurred_at"),
            ),
            Prefetch(
                "restriction__conditions",
                queryset=Condition.objects.filter(ended_at__isnull=True).select_related(
                    "single_point_of_contact"
                ),
            ),
            Prefetch("restriction__contacts", queryset=Contact.objects.order_by("-occurred_at")),
        ),
        pk=pk,
    )


def restriction_terms(restriction: Restriction) -> list[Term]:
    return list(restriction.terms.select_related("decided_by").order_by("number"))


def disputes_during_review(review: Review) -> list[Dispute]:
    """Stage 2 disputes about the restriction received from its start to the end of the term
    under review: what the review page shows of disputes (``restrictions.selectors``' hook)."""
    return list(
        Dispute.objects.filter(
            restriction_id=review.restriction_id, received_at__date__lte=review.term.ends_on
        )
        .select_related("term")
        .order_by("received_at", "id")
    )
