from __future__ import annotations

from celery import shared_task

from restrictions import services


@shared_task
def activate_due_restrictions() -> int:
    """Daily: approved restrictions whose start date has come are put in force."""
    return services.restrictions_activate_due()
