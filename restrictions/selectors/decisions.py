"""Whether a user may decide a proposal or a variation, and what a proposal would duplicate."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_fsm import has_transition_perm

from contacts.models import ServiceUser
from musuc.models import User
from restrictions import rules
from restrictions.choices import RestrictionState
from restrictions.models import Condition, Restriction, Variation, condition_from_data


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


def restriction_blocking_proposal(service_user: ServiceUser) -> Restriction | None:
    """The restriction awaiting a decision or applying that a new proposal would duplicate."""
    return (
        Restriction.objects.filter(
            service_user=service_user, state__in=rules.RESTRICTION_STATES_BLOCKING_A_PROPOSAL
        )
        .order_by("-proposed_at", "-id")
        .first()
    )
