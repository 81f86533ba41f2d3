"""Every non-trivial read of warnings and restrictions, each choosing its own joins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm

from contacts.models import Contact, ServiceUser
from contacts.selectors import TimelineEvent
from musuc.hooks import Hook
from musuc.models import User
from restrictions import gate, rules
from restrictions.choices import (
    DECISION_BY_STATE,
    DECISION_LABELS,
    RestrictionState,
    ReviewState,
)
from restrictions.models import (
    Breach,
    Condition,
    Restriction,
    Review,
    Term,
    Variation,
    Warning,
    condition_from_data,
)

IN_FORCE = (RestrictionState.ACTIVE, RestrictionState.REVIEW_DUE)


def _with_parts() -> QuerySet[Restriction]:
    return Restriction.objects.select_related(
        "service_user", "proposed_by", "decided_by"
    ).prefetch_related(
        Prefetch(
            # Only the conditions in force; those a variation replaced stay on record, ended.
            "conditions",
            queryset=Condition.objects.filter(ended_at__isnull=True).select_related(
                "single_point_of_contact"
            ),
        ),
        Prefetch("terms", queryset=Term.objects.select_related("decided_by").order_by("number")),
    )


@dataclass(frozen=True)
class PersonStanding:
    """What the identity bar shows: warnings in force and the restriction in force."""

    unspent_warnings: int
    restriction: Restriction | None
    breaches: int

    @property
    def conditions_in_words(self) -> list[str]:
        if self.restriction is None:
            return []
        return [gate.describe(condition) for condition in self.restriction.conditions.all()]

    @property
    def current_term(self) -> Term | None:
        terms = list(self.restriction.terms.all()) if self.restriction else []
        return terms[-1] if terms else None

    @cached_property
    def open_review(self) -> Review | None:
        return open_review_of(self.restriction) if self.restriction else None


def open_review_of(restriction: Restriction) -> Review | None:
    """The open review of the term that ended, while the restriction stays in force for it.

    A query only while a review is due: a term keeps every review it had (one open at most;
    others closed when a change to the term superseded them)."""
    if restriction.state != RestrictionState.REVIEW_DUE:
        return None
    terms = list(restriction.terms.all())
    if not terms:
        return None
    return Review.objects.filter(term=terms[-1], state=ReviewState.OPEN).first()


def warnings_in_force(service_user: ServiceUser) -> int:
    """How many of the person's warnings are in force."""
    return Warning.objects.filter(service_user=service_user).in_force().count()


def person_standing(service_user: ServiceUser) -> PersonStanding:
    restriction = _with_parts().filter(service_user=service_user, state__in=IN_FORCE).first()
    warnings = warnings_in_force(service_user)
    breaches = restriction.breaches.count() if restriction else 0
    return PersonStanding(warnings, restriction, breaches)


def restriction_in_force_for(service_user: ServiceUser) -> Restriction | None:
    return _with_parts().filter(service_user=service_user, state__in=IN_FORCE).first()


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


def flags_for(service_user_ids: Iterable[int]) -> dict[int, dict]:
    """Warnings in force and restriction state for a page of people, in two queries."""
    ids = list(service_user_ids)
    flags = {pk: {"warnings": 0, "restricted": False} for pk in ids}
    for row in (
        Warning.objects.filter(service_user_id__in=ids)
        .in_force()
        .values("service_user_id")
        .annotate(total=Count("id"))
    ):
        flags[row["service_user_id"]]["warnings"] = row["total"]
    for pk in Restriction.objects.filter(service_user_id__in=ids, state__in=IN_FORCE).values_list(
        "service_user_id", flat=True
    ):
        flags[pk]["restricted"] = True
    return flags


def warnings_of(service_user: ServiceUser) -> QuerySet[Warning]:
    return (
        Warning.objects.filter(service_user=service_user)
        .select_related("issued_by", "closed_by")
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.order_by("occurred_at")))
        .order_by("-issued_at", "-id")
    )


def restrictions_of(service_user: ServiceUser) -> QuerySet[Restriction]:
    return _with_parts().filter(service_user=service_user).order_by("-proposed_at", "-id")


def restriction_detail(pk: int) -> Restriction:
    return get_object_or_404(
        _with_parts().prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.order_by("-occurred_at")),
            Prefetch("warnings", queryset=Warning.objects.select_related("issued_by")),
            Prefetch(
                "variations",
                queryset=Variation.objects.select_related("proposed_by", "decided_by"),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("term").order_by("id")),
        ),
        pk=pk,
    )


def decision_refusal(restriction: Restriction, user: User) -> str | None:
    """Why this user cannot decide this proposal, in words for the page; None if they can."""
    if restriction.state != RestrictionState.PENDING_APPROVAL:
        return _("This proposal is not awaiting a decision.")
    # A caseworker is told a manager decides; only a manager is told it must be another one.
    if not user.has_perm("restrictions.decide_restriction"):
        return _("A manager decides this restriction.")
    if rules.is_proposer(restriction, user):
        return _("You proposed this restriction, so another manager must decide it.")
    if not has_transition_perm(restriction.reject, user):
        return _("Only a manager can decide a restriction.")
    return None


def variation_conditions(variation: Variation) -> list[Condition] | None:
    """The conditions a variation would put in force, or None if it keeps them."""
    if not variation.proposed_conditions:
        return None
    return [condition_from_data(data) for data in variation.proposed_conditions]


def variation_refusal(variation: Variation, user: User) -> str | None:
    """Why this manager cannot decide this variation, in words for the page; None if they can."""
    if rules.is_proposer(variation, user):
        return _("You proposed this variation, so another manager must decide it.")
    return None


def approvals_queue(manager: User) -> QuerySet[Restriction]:
    """Proposals awaiting a decision that this manager may take (never their own), oldest first."""
    return (
        Restriction.objects.filter(state=RestrictionState.PENDING_APPROVAL)
        .exclude(rules.proposed_by_q(manager))
        .select_related("service_user", "proposed_by")
        .order_by("submitted_at", "id")
    )


def restriction_blocking_proposal(service_user: ServiceUser) -> Restriction | None:
    """The restriction awaiting a decision or applying that a new proposal would duplicate."""
    return (
        Restriction.objects.filter(
            service_user=service_user, state__in=rules.RESTRICTION_STATES_BLOCKING_A_PROPOSAL
        )
        .order_by("-proposed_at", "-id")
        .first()
    )


def unacceptable_contacts_of(service_user: ServiceUser) -> QuerySet[Contact]:
    """The person's unacceptable contacts, newest first: what a warning or restriction cites."""
    return Contact.objects.filter(service_user=service_user, assessment="unacceptable").order_by(
        "-occurred_at", "-id"
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


def conditions_in_force(restriction_id: int) -> list[Condition]:
    return list(
        Condition.objects.filter(restriction_id=restriction_id, ended_at__isnull=True)
        .select_related("single_point_of_contact")
        .order_by("id")
    )


def review_detail(pk: int) -> Review:
    return get_object_or_404(
        Review.objects.select_related(
            "term", "team", "decided_by", "restriction__service_user", "restriction__decided_by"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class MonthEvidence:
    month: date
    contacts: int
    unacceptable: int
    breaches: int
    during: bool


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months(first: date, last: date) -> list[date]:
    months, month = [], _month_start(first)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def review_evidence(review: Review) -> list[MonthEvidence]:
    """Contacts, unacceptable contacts and breaches per month, from six months before the
    restriction began to the end of the term under review (three queries). The month it began
    is split in two, so that the contacts that led to it are not counted as during it."""
    restriction = review.restriction
    # A restriction under review has at least one term, so its first start is never None.
    began: date = restriction.terms.order_by("number").values_list("starts_on", flat=True).first()  # type: ignore[assignment]
    first = _month_start(began)
    for _month in range(rules.REVIEW_MONTHS_BEFORE):
        first = _month_start(first - timedelta(days=1))
    last = review.term.ends_on
    during = Q(occurred_at__date__gte=began)
    contacts: dict[date, Any] = {}
    for row in (
        Contact.objects.filter(
            service_user_id=restriction.service_user_id,
            occurred_at__date__gte=first,
            occurred_at__date__lte=last,
        )
        .annotate(month=TruncMonth("occurred_at"))
        .values("month")
        .annotate(
            before=Count("id", filter=~during),
            before_unacceptable=Count("id", filter=~during & Q(assessment="unacceptable")),
            during=Count("id", filter=during),
            during_unacceptable=Count("id", filter=during & Q(assessment="unacceptable")),
        )
    ):
        contacts[_as_date(row["month"])] = row
    breaches = {
        _as_date(row["month"]): row["total"]
        for row in Breach.objects.filter(restriction=restriction)
        .annotate(month=TruncMonth("contact__occurred_at"))
        .values("month")
        .annotate(total=Count("id"))
    }
    evidence = []
    for month in _months(first, last):
        row = contacts.get(month, {})
        if month <= _month_start(began) and (month < _month_start(began) or began.day > 1):
            evidence.append(
                MonthEvidence(
                    month, row.get("before", 0), row.get("before_unacceptable", 0), 0, False
                )
            )
        if month >= _month_start(began):
            evidence.append(
                MonthEvidence(
                    month,
                    row.get("during", 0),
                    row.get("during_unacceptable", 0),
                    breaches.get(month, 0),
                    True,
                )
            )
    return evidence


CHART_HEIGHT = 160
CHART_BAR = 14
CHART_GAP = 12
# Grey for all contacts, red for the unacceptable ones; the lighter shade of each is what came
# before the restriction began, the darker what came during it.
CHART_FILLS = {
    (False, "contacts"): "#b1b4b6",
    (True, "contacts"): "#505a5f",
    (False, "unacceptable"): "#e88a7d",
    (True, "unacceptable"): "#d4351c",
}


def evidence_chart(months: list[MonthEvidence]) -> dict:
    """Bar geometry for the evidence chart, so the template only draws: one pair of bars a
    month (all contacts, unacceptable ones), each labelled once. The month the restriction
    began has a row before it and a row during it in ``review_evidence``; its bars stack the
    two, the part before in the lighter shade."""
    by_month: dict[date, list[MonthEvidence]] = {}
    for row in months:
        by_month.setdefault(row.month, []).append(row)
    top = max([sum(row.contacts for row in rows) for rows in by_month.values()] + [1])
    baseline = 10 + CHART_HEIGHT
    bars = []
    for index, (month, rows) in enumerate(by_month.items()):
        x = 40 + index * (CHART_BAR * 2 + CHART_GAP)
        rects = []
        for offset, measure in ((0, "contacts"), (CHART_BAR, "unacceptable")):
            y = baseline
            for row in sorted(rows, key=lambda row: row.during):
                height = round(getattr(row, measure) / top * CHART_HEIGHT)
                if height:
                    y -= height
                    fill = CHART_FILLS[(row.during, measure)]
                    rects.append({"x": x + offset, "y": y, "height": height, "fill": fill})
        bars.append({"month": month, "rects": rects, "label_x": x + CHART_BAR})
    width = 40 + len(by_month) * (CHART_BAR * 2 + CHART_GAP) + 20
    return {"bars": bars, "width": width, "top": top, "baseline": baseline, "bar": CHART_BAR}


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value


def warnings_during(review: Review) -> list[Warning]:
    began = review.restriction.terms.order_by("number").values_list("starts_on", flat=True).first()
    return list(
        Warning.objects.filter(
            service_user_id=review.restriction.service_user_id,
            issued_at__date__gte=began,
            issued_at__date__lte=review.term.ends_on,
        ).select_related("issued_by")
    )


def _no_disputes(review: Review) -> list:
    return []


# Stage 2 disputes about the restriction received from its start to the end of the term under
# review, for the review page. Disputes build on restrictions, so the disputes app answers it
# (``disputes.selectors.disputes_during_review``, filled in at start-up).
disputes_during: Hook[[Review], list] = Hook("disputes during a review", _no_disputes)
