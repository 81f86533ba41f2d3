from __future__ import annotations

from celery import shared_task
from django.core.cache import cache

from musuc import outbox, services


@shared_task
def remove_expired_sessions() -> int:
    """Delete sessions that ended through inactivity (daily, idempotent)."""
    return services.expired_sessions_remove()


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def deliver_notification(self, notification_id: int) -> bool:
    """Send one notification; mail server errors retry with back-off, never twice sent."""
    try:
        return outbox.deliver(notification_id)
    except OSError as error:
        outbox.record_failure(notification_id, error)
        raise


SWEEP_LOCK = "musuc:sweep-notifications"


@shared_task
def sweep_notifications() -> int:
    """Every minute: send what a broker outage or a failed task left pending.

    One sweep at a time; a mail server that fails stops this sweep (the next one tries again).
    """
    if not cache.add(SWEEP_LOCK, "running", timeout=300):
        return 0
    sent = 0
    try:
        for notification_id in outbox.pending_ids():
            try:
                sent += outbox.deliver(notification_id)
            except OSError as error:
                outbox.record_failure(notification_id, error)
                break
    finally:
        cache.delete(SWEEP_LOCK)
    return sent
