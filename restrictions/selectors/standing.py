"""A person's standing (warnings and the restriction in force, its open review) and their
records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from contacts.models import Contact, ServiceUser
from restrictions import gate
from restrictions.choices import RestrictionState, ReviewState
from restrictions.models import Breach, Restriction, Review, Term, Variation, Warning
from restrictions.selectors._shared import IN_FORCE, _with_parts


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


def _count(queryset: QuerySet) -> Subquery:
    """A count of the rows a query finds, as a subquery of another."""
    return Subquery(
        queryset.order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )


def person_standing(service_user: ServiceUser) -> PersonStanding:
    """The restriction in force with its breaches and the person's warnings counted in the same
    query (its conditions and terms come with it); the warnings alone when none is in force."""
    warnings = Warning.objects.filter(service_user=service_user).in_force()
    restriction = (
        _with_parts()
        .filter(service_user=service_user, state__in=IN_FORCE)
        .annotate(
            unspent_warnings=Coalesce(_count(warnings), 0),
            breach_count=Coalesce(_count(Breach.objects.filter(restriction=OuterRef("pk"))), 0),
        )
        .first()
    )
    if restriction is None:
        return PersonStanding(warnings.count(), None, 0)
    return PersonStanding(restriction.unspent_warnings, restriction, restriction.breach_count)


def restriction_in_force_for(service_user: ServiceUser) -> Restriction | None:
    return _with_parts().filter(service_user=service_user, state__in=IN_FORCE).first()


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


def unacceptable_contacts_of(service_user: ServiceUser) -> QuerySet[Contact]:
    """The person's unacceptable contacts, newest first: what a warning or restriction cites."""
    return Contact.objects.filter(service_user=service_user, assessment="unacceptable").order_by(
        "-occurred_at", "-id"
    )
