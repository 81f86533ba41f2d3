from __future__ import annotations

from celery import shared_task

from restrictions import services


@shared_task
def activate_due_restrictions() -> int:
    """Daily: approved restrictions whose start date has come are put in force."""
    return services.restrictions_activate_due()


@shared_task
def raise_due_reviews() -> int:
    """Daily: a review for every ended term of a restriction in force."""
    return services.reviews_raise_due()
