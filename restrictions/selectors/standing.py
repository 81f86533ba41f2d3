"""A person's standing (warnings and the restriction in force, its open review) and their
records."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse

from contacts.models import Contact, ServiceUser
from contacts.selectors import count_of
from restrictions import gate
from restrictions.choices import RestrictionState, ReviewState
from restrictions.models import Breach, Condition, Restriction, Review, Term, Variation, Warning
from restrictions.selectors._shared import IN_FORCE, _with_parts
from restrictions.selectors.judgement import conditions_in_force


@dataclass(frozen=True)
class PersonStanding:
    """What the identity bar shows: the warnings in force and the restriction in force (its
    conditions, the end of its current term, the review of that term while one is open, its
    breaches)."""

    unspent_warnings: int
    restriction_id: int | None = None
    term_ends_on: date | None = None
    review_due_on: date | None = None
    breaches: int = 0
    conditions: tuple[Condition, ...] = ()

    @property
    def conditions_in_words(self) -> list[str]:
        return [gate.describe(condition) for condition in self.conditions]

    @property
    def restriction_url(self) -> str:
        if self.restriction_id is None:
            return ""
        return reverse("restrictions:detail", kwargs={"pk": self.restriction_id})


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


@functools.cache
def standing_annotations() -> dict[str, Any]:
    """The person's standing as annotations of a query of people (``person_standing`` reads
    them back): the warnings in force, and the restriction in force (the newest, should there
    be two) with the end of its current term, that term's open review and its breaches.

    Made once: an expression is copied, never changed, by each query it annotates."""
    restriction = OuterRef("standing_restriction")
    latest_term = Term.objects.filter(restriction=OuterRef("restriction")).order_by("-number")
    in_force = Warning.objects.filter(service_user=OuterRef("pk")).in_force()
    return {
        "standing_warnings": count_of(in_force),
        "standing_restriction": Subquery(
            Restriction.objects.filter(service_user=OuterRef("pk"), state__in=IN_FORCE)
            .order_by("-proposed_at", "-id")
            .values("pk")[:1]
        ),
        "standing_term_ends_on": Subquery(
            Term.objects.filter(restriction=restriction).order_by("-number").values("ends_on")[:1]
        ),
        "standing_review_due_on": Subquery(
            Review.objects.filter(
                restriction=restriction,
                restriction__state=RestrictionState.REVIEW_DUE,
                state=ReviewState.OPEN,
                term__number=Subquery(latest_term.values("number")[:1]),
            )
            .order_by("due_on", "id")
            .values("due_on")[:1]
        ),
        "standing_breaches": count_of(Breach.objects.filter(restriction=restriction)),
    }


def person_standing(service_user: ServiceUser) -> PersonStanding:
    """The person's standing, as read with them where their query was annotated with
    ``standing_annotations`` (every page of the case file reads them so), else in a query of
    its own; and while a restriction is in force, its conditions in one more."""
    names = list(standing_annotations())
    if hasattr(service_user, "standing_warnings"):
        values = {name: getattr(service_user, name) for name in names}
    else:
        values = (
            ServiceUser.objects.filter(pk=service_user.pk)
            .annotate(**standing_annotations())
            .values(*names)
            .get()
        )
    if values["standing_restriction"] is None:
        return PersonStanding(values["standing_warnings"])
    return PersonStanding(
        unspent_warnings=values["standing_warnings"],
        restriction_id=values["standing_restriction"],
        term_ends_on=values["standing_term_ends_on"],
        review_due_on=values["standing_review_due_on"],
        breaches=values["standing_breaches"],
        conditions=tuple(conditions_in_force(values["standing_restriction"])),
    )


def conditions_in_force_of(
    restriction_id: int, *, standing: PersonStanding | None = None
) -> list[Condition]:
    """The restriction's conditions in force: those the person's standing read already (the
    case file's header) when it is the person's restriction in force."""
    if standing is not None and standing.restriction_id == restriction_id:
        return list(standing.conditions)
    return conditions_in_force(restriction_id)


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


def warnings_of(service_user: ServiceUser, *, with_contacts: bool = True) -> QuerySet[Warning]:
    """The person's warnings, newest first, with who issued and closed each and (unless a
    page names the warnings alone) the contacts each cites."""
    warnings = (
        Warning.objects.filter(service_user=service_user)
        .select_related("issued_by", "closed_by")
        .order_by("-issued_at", "-id")
    )
    if with_contacts:
        contacts = Prefetch("contacts", queryset=Contact.objects.order_by("occurred_at"))
        warnings = warnings.prefetch_related(contacts)
    return warnings


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
