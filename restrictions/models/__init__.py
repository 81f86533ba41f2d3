"""Warnings, restrictions with their conditions and terms, variations, reviews and breaches,
by subject; every model is imported here, so Django finds them, and callers write
``restrictions.models.Restriction`` whichever module holds it.
"""

from restrictions.models._guards import (
    DECIDE,
    is_deciding_manager,
    is_manager,
    restriction_in_force,
    restriction_review_due,
    starts_by_today,
    starts_later,
    system_only,
)
from restrictions.models.breaches import Breach
from restrictions.models.restrictions import (
    CONDITION_FIELDS,
    Condition,
    Restriction,
    Term,
    condition_as_data,
    condition_from_data,
)
from restrictions.models.reviews import Review
from restrictions.models.variations import Variation
from restrictions.models.warnings import Warning, WarningQuerySet

__all__ = [
    "Breach",
    "CONDITION_FIELDS",
    "Condition",
    "DECIDE",
    "Restriction",
    "Review",
    "Term",
    "Variation",
    "Warning",
    "WarningQuerySet",
    "condition_as_data",
    "condition_from_data",
    "is_deciding_manager",
    "is_manager",
    "restriction_in_force",
    "restriction_review_due",
    "starts_by_today",
    "starts_later",
    "system_only",
]
