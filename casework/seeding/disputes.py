"""Two disputes for the QSR queue: one overdue, one due within five working days."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.seeding.restrictions import PolicyCases
from disputes import services as dispute_services
from musuc.models import User


def create_disputes(cases: PolicyCases) -> None:
    """Dispute both approved restrictions, each received after the decision it disputes."""
    caseworker = User.objects.get(username="caseworker")
    for person, restriction_disputed, days_ago, channel in (
        (cases.restricted, cases.in_force, 35, "email"),
        (cases.reviewed, cases.ended_term, 23, "post"),
    ):
        dispute_services.dispute_record(
            service_user=person,
            term=restriction_disputed.terms.get(),
            received_at=timezone.now() - timedelta(days=days_ago),
            channel=channel,
            statement="The restriction stops me chasing my complaint, which is still "
            "unresolved. I was frustrated, not threatening.",
            recorded_by=caseworker,
        )
