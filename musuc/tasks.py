from __future__ import annotations

from celery import shared_task

from musuc import services


@shared_task
def remove_expired_sessions() -> int:
    """Delete sessions that ended through inactivity (daily, idempotent)."""
    return services.expired_sessions_remove()
