from __future__ import annotations

from celery import shared_task

from disputes import services


@shared_task
def remind_disputes_due_soon() -> int:
    """Daily: the assignee (or the QSR team) hears once of each dispute due within 5 working
    days."""
    return services.disputes_remind_due_soon()


@shared_task
def flag_overdue_disputes() -> int:
    """Daily: each open dispute past its due date is flagged, and its assignee (or the QSR
    team) told, once."""
    return services.disputes_flag_overdue()
