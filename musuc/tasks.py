from __future__ import annotations

from celery import shared_task

from musuc import services

# The notifications' delivery and sweep are tasks of their own module, beside the outbox they
# serve: ``musuc.outbox`` (the Celery app imports it).


@shared_task
def remove_expired_sessions() -> int:
    """Delete sessions that ended through inactivity (daily, idempotent)."""
    return services.expired_sessions_remove()
