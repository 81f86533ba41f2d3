"""Reads of disputes: the case file's, the queue's, the dispute page's and the review's."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.models import Contact, ServiceUser
from contacts.selectors import TimelineEvent, TimelineKeys, TimelineKind
from disputes import rules
from disputes.choices import OPEN_STATES, UNFINISHED_STATES, DisputeState
from disputes.models import Dispute
from musuc.calendar import working_days_from
from musuc.models import User
from restrictions.models import Restriction, Review, Term


def disputes_of(service_user: ServiceUser) -> QuerySet[Dispute]:
    return (
        Dispute.objects.filter(service_user=service_user)
        .select_related("service_user", "term", "assigned_to", "recorded_by")
        .order_by("-received_at", "-id")
    )


def _open_disputes(service_user) -> QuerySet[Dispute]:
    return Dispute.objects.filter(service_user=service_user, state__in=OPEN_STATES).order_by(
        "due_on", "id"
    )


@dataclass(frozen=True)
class OpenDispute:
    """What the identity bar says of the dispute awaiting an outcome."""

    due_on: dt.date
    overdue: bool


@functools.cache
def open_dispute_annotations() -> dict[str, Subquery]:
    """When the person's dispute awaiting an outcome is due (the soonest, if several), as an
    annotation of a query of people (``open_dispute_shown`` reads it back)."""
    return {"open_dispute_due_on": Subquery(_open_disputes(OuterRef("pk")).values("due_on")[:1])}


def open_dispute_shown(service_user: ServiceUser) -> OpenDispute | None:
    """The dispute awaiting an outcome, for the identity bar: as read with the person where
    their query was annotated with ``open_dispute_annotations``, else in a query of its own."""
    if hasattr(service_user, "open_dispute_due_on"):
        due_on = service_user.open_dispute_due_on
    else:
        due_on = _open_disputes(service_user).values_list("due_on", flat=True).first()
    if due_on is None:
        return None
    # As Dispute.is_overdue: still awaiting an outcome after its due date.
    return OpenDispute(due_on, due_on < timezone.localdate())


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


def timeline_kinds(service_user: ServiceUser) -> list[TimelineKind]:
    """The disputes the person made and their outcomes, for the timeline's index."""
    disputes = Dispute.objects.filter(service_user=service_user)
    return [
        TimelineKind("dispute_received", disputes, "received_at"),
        TimelineKind("dispute_decided", disputes.filter(decided_at__isnull=False), "decided_at"),
    ]


def timeline_read(
    service_user: ServiceUser, keys: TimelineKeys
) -> dict[tuple[str, int], TimelineEvent]:
    """The entries of these kinds that the timeline shows, by kind and key: one query for the
    disputes of both."""
    received, decided = keys.get("dispute_received", []), keys.get("dispute_decided", [])
    if not received and not decided:
        return {}
    events: dict[tuple[str, int], TimelineEvent] = {}
    for dispute in Dispute.objects.filter(pk__in={*received, *decided}).select_related(
        "service_user", "recorded_by", "decided_by"
    ):
        if dispute.pk in received:
            events["dispute_received", dispute.pk] = TimelineEvent(
                "dispute_received", dispute.received_at, dispute.recorded_by, dispute
            )
        if dispute.pk in decided and dispute.decided_at:
            events["dispute_decided", dispute.pk] = TimelineEvent(
                "dispute_decided", dispute.decided_at, dispute.decided_by, dispute
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
    """One dispute with what its page shows of the person, the restriction and the decision
    (the restriction's conditions in force and its contacts are ``dispute_page_contacts``'s
    and ``restrictions.selectors.conditions_in_force_of``'s)."""
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
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class DisputePageContacts:
    """The three lists of contacts on the dispute page, each newest first."""

    recent: list[Contact]
    flagged: list[Contact]
    cited: list[Contact]


def dispute_page_contacts(dispute: Dispute, *, recent: int = 20) -> DisputePageContacts:
    """The person's ``recent`` newest contacts, those flagged during the dispute and those the
    restriction cites, in one query: each is one of the person's contacts, so the query reads
    the person's (along contact_case_file_idx) and keeps those in any of the three."""
    newest = (
        Contact.objects.filter(service_user_id=dispute.service_user_id)
        .order_by("-occurred_at", "-id")
        .values("pk")[:recent]
    )
    flagged = Dispute.flagged_contacts.through.objects.filter(dispute_id=dispute.pk)
    cited = Restriction.contacts.through.objects.filter(restriction_id=dispute.restriction_id)
    contacts = list(
        Contact.objects.filter(service_user_id=dispute.service_user_id)
        .filter(
            Q(pk__in=newest)
            | Q(pk__in=flagged.values("contact_id"))
            | Q(pk__in=cited.values("contact_id"))
        )
        .annotate(
            is_recent=ExpressionWrapper(Q(pk__in=newest), output_field=BooleanField()),
            is_flagged=Exists(flagged.filter(contact_id=OuterRef("pk"))),
            is_cited=Exists(cited.filter(contact_id=OuterRef("pk"))),
        )
        .order_by("-occurred_at", "-id")
    )
    return DisputePageContacts(
        recent=[contact for contact in contacts if contact.is_recent],
        flagged=[contact for contact in contacts if contact.is_flagged],
        cited=[contact for contact in contacts if contact.is_cited],
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
