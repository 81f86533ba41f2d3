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


@shared_task
def flag_overdue_reviews() -> int:
    """Daily: managers hear once of each review past its due date."""
    return services.reviews_flag_overdue()


@shared_task
def remind_terms_ending() -> int:
    """Daily: managers hear once of each term ending within 14 days."""
    return services.terms_remind_ending()
