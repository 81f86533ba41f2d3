"""What several of restrictions' selectors share: the states in force, a restriction
with its parts."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from restrictions.choices import RestrictionState
from restrictions.models import Condition, Restriction, Term

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
