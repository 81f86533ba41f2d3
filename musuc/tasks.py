from __future__ import annotations

from celery import shared_task

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


@shared_task
def sweep_notifications() -> int:
    """Every minute: send what a broker outage or a failed task left pending."""
    sent = 0
    for notification_id in outbox.pending_ids():
        try:
            sent += outbox.deliver(notification_id)
        except OSError as error:
            outbox.record_failure(notification_id, error)
    return sent
