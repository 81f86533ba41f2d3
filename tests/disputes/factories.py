import datetime as dt

from django.utils import timezone

from disputes import services
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import approved_restriction

QSR = "Quality Standards and Research"


def in_force(months=12, starts_on=None, **people):
    """A restriction approved and in force, started a month ago unless told otherwise."""
    starts_on = starts_on or timezone.localdate() - dt.timedelta(days=30)
    return approved_restriction(starts_on, months=months, **people)


def recorded(restriction, *, received_at=None, by=None, term=None):
    """A dispute about the restriction's latest decision, as the service records it."""
    return services.dispute_record(
        service_user=restriction.service_user,
        term=term or restriction.terms.order_by("-number").first(),
        received_at=received_at or timezone.now(),
        channel="email",
        statement="The restriction is not fair: I only wanted an answer.",
        recorded_by=by or UserFactory(role="Caseworker"),
    )


def assessing(dispute, qsr):
    """The dispute assigned to ``qsr`` and under their assessment."""
    dispute = services.dispute_assign(dispute=dispute, assigned_by=qsr, assignee=qsr)
    return services.dispute_start_assessment(dispute=dispute, started_by=qsr)


def decided(dispute, qsr, outcome="not_upheld", **changes):
    dispute = assessing(dispute, qsr)
    return services.dispute_decide(
        dispute=dispute,
        decided_by=qsr,
        outcome=outcome,
        reasonable_reasons="It followed three warnings",
        proportionate_reasons="Post stays open",
        **changes,
    )
