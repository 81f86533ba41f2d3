"""Who may run restrictions' transitions, and the guards (side-effect-free predicates) on them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from restrictions.choices import RestrictionState
from restrictions.rules import is_proposer

if TYPE_CHECKING:
    # Only named in annotations: the models import these guards for their transitions.
    from restrictions.models.restrictions import Restriction
    from restrictions.models.reviews import Review
    from restrictions.models.variations import Variation

DECIDE = "restrictions.decide_restriction"


def is_deciding_manager(record: Restriction | Variation, user) -> bool:
    """A manager decides, and never on their own proposal."""
    return user.has_perm(DECIDE) and not is_proposer(record, user)


def is_manager(instance, user) -> bool:
    return user.has_perm(DECIDE)


def system_only(instance, user) -> bool:
    """Run by a scheduled job or another record's transition, never by a person."""
    return False


# Guards (django-fsm conditions): side-effect-free predicates on the record.
def starts_later(restriction: Restriction) -> bool:
    """Its start date is still to come: approved, it waits for the day."""
    return restriction.starts_on > timezone.localdate()


def starts_by_today(restriction: Restriction) -> bool:
    """Its start date has come: approved, it is in force at once."""
    return restriction.starts_on <= timezone.localdate()


def restriction_in_force(record: Variation) -> bool:
    """Only a restriction in force can be varied."""
    return record.restriction.is_in_force


def restriction_review_due(review: Review) -> bool:
    """A review is decided while its restriction awaits it (not one lifted on dispute)."""
    return review.restriction.state == RestrictionState.REVIEW_DUE
