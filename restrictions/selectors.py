"""Every non-trivial read of warnings and restrictions, each choosing its own joins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from contacts.models import Contact, ServiceUser
from musuc.models import User
from restrictions import gate
from restrictions.choices import RestrictionState, WarningState
from restrictions.models import Condition, Restriction, Term, Variation, Warning

IN_FORCE = (RestrictionState.ACTIVE, RestrictionState.REVIEW_DUE)


def _with_parts() -> QuerySet[Restriction]:
    return Restriction.objects.select_related(
        "service_user", "proposed_by", "decided_by"
    ).prefetch_related(
        Prefetch(
            "conditions", queryset=Condition.objects.select_related("single_point_of_contact")
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


def person_standing(service_user: ServiceUser) -> PersonStanding:
    restriction = _with_parts().filter(service_user=service_user, state__in=IN_FORCE).first()
    counts = ServiceUser.objects.filter(pk=service_user.pk).aggregate(
        warnings=Count("warnings", filter=Q(warnings__state=WarningState.ISSUED), distinct=True),
    )
    breaches = restriction.breaches.count() if restriction else 0
    return PersonStanding(counts["warnings"], restriction, breaches)


def restriction_in_force_for(service_user: ServiceUser) -> Restriction | None:
    return _with_parts().filter(service_user=service_user, state__in=IN_FORCE).first()


def flags_for(service_user_ids: Iterable[int]) -> dict[int, dict]:
    """Warnings in force and restriction state for a page of people, in two queries."""
    ids = list(service_user_ids)
    flags = {pk: {"warnings": 0, "restricted": False} for pk in ids}
    for row in (
        Warning.objects.filter(service_user_id__in=ids, state=WarningState.ISSUED)
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
        ),
        pk=pk,
    )


def approvals_queue(manager: User) -> QuerySet[Restriction]:
    """Proposals awaiting a decision that this manager may take (never their own), oldest first."""
    return (
        Restriction.objects.filter(state=RestrictionState.PENDING_APPROVAL)
        .exclude(proposed_by=manager)
        .select_related("service_user", "proposed_by")
        .order_by("submitted_at", "id")
    )


def unacceptable_contacts_of(service_user: ServiceUser) -> QuerySet[Contact]:
    """The person's unacceptable contacts, newest first: what a warning or restriction cites."""
    return Contact.objects.filter(service_user=service_user, assessment="unacceptable").order_by(
        "-occurred_at", "-id"
    )


def timeline_events(service_user: ServiceUser, *, limit: int) -> list:
    from contacts.selectors import TimelineEvent

    events = [
        TimelineEvent("warning", warning.issued_at, warning.issued_by, warning)
        for warning in Warning.objects.filter(service_user=service_user)
        .select_related("issued_by")
        .order_by("-issued_at")[:limit]
    ]
    for restriction in (
        Restriction.objects.filter(service_user=service_user)
        .select_related("proposed_by", "decided_by")
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
        if restriction.decided_at:
            events.append(
                TimelineEvent(
                    "restriction_decided",
                    restriction.decided_at,
                    restriction.decided_by,
                    restriction,
                )
            )
    return events
