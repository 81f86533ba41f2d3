"""Staff notifications that are never lost: written with the action, sent after it commits.

Services call ``notify`` inside their own transaction. Once that commits, a Celery task is
queued to send it; if the broker cannot be reached within a couple of seconds the action has
still succeeded and the notification waits, pending, for the sweep that beat runs every minute.
Both tasks, the delivery and the sweep, live here beside what they send.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from musuc.models import Notification, User

log = logging.getLogger(__name__)

# A notification newer than this is left to the task its own commit queued.
SWEEP_GRACE = dt.timedelta(minutes=1)
# After this many failed attempts a notification stays in the person's history but is not emailed.
MAX_ATTEMPTS = 8


def notify(
    *, recipient: User, key: str, subject: str, body: str, link: str = ""
) -> Notification | None:
    """Record a notification once per key, and have it sent after the transaction commits."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, key=key[:200], subject=subject[:200], body=body, link=link
            )
    except IntegrityError:
        return None  # already told of this
    transaction.on_commit(lambda: enqueue(notification.pk))
    return notification


def notify_each(recipients, *, key: str, subject: str, body: str, link: str = "") -> int:
    """Notify each person once per key (the recipient joins the key); how many were new."""
    return sum(
        notify(
            recipient=recipient,
            key=f"{key}:{recipient.pk}",
            subject=subject,
            body=body,
            link=link,
        )
        is not None
        for recipient in recipients
    )


def enqueue(notification_id: int) -> None:
    """Queue the delivery task; a broker that does not answer leaves the row for the sweep."""
    try:
        deliver_notification.apply_async(args=[notification_id], retry=False)
    except Exception:  # the broker is down or slow: the sweep will send it
        log.warning("Broker unavailable; notification %s left pending", notification_id)


def deliver(notification_id: int) -> bool:
    """Send one pending notification; True if this call sent it.

    The row is locked while sending, so two workers (or a task and the sweep) cannot both
    send it, and it is marked sent in the same transaction.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(
                pk=notification_id,
                state=Notification.State.PENDING,
                attempts__lt=MAX_ATTEMPTS,
            )
            .first()
        )
        if notification is None:
            return False
        notification.attempts += 1
        if not notification.recipient.email:
            # Nothing to send to: give up now rather than try every minute.
            notification.attempts = MAX_ATTEMPTS
            notification.last_error = "The recipient has no email address."
            notification.save(update_fields=["attempts", "last_error"])
            return False
        message = EmailMessage(
            subject=notification.subject,
            body=f"{notification.body}\n\n{settings.SITE_URL}{notification.link}".rstrip(),
            to=[notification.recipient.email],
            headers={"X-MUSUC-Notification": notification.key},
        )
        message.send()
        notification.state, notification.sent_at = Notification.State.SENT, timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["state", "sent_at", "attempts", "last_error"])
        return True


def record_failure(notification_id: int, error: Exception) -> None:
    """Count a failed send (the row lock was released with the rollback of the attempt)."""
    Notification.objects.filter(pk=notification_id).update(
        attempts=models.F("attempts") + 1, last_error=str(error)[:1000]
    )


def pending_ids(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Notifications still pending after their own task had its chance (a partial index)."""
    now = now or timezone.now()
    return list(
        Notification.objects.filter(
            state=Notification.State.PENDING,
            created_at__lte=now - SWEEP_GRACE,
            attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def notifications_for(user: User) -> models.QuerySet[Notification]:
    """Everything the person was told, newest first (the recipient's index serves it).

    A history, not a to-do list: the work itself is listed from the records' own state.
    """
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


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
        return deliver(notification_id)
    except OSError as error:
        record_failure(notification_id, error)
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
        for notification_id in pending_ids():
            try:
                sent += deliver(notification_id)
            except OSError as error:
                record_failure(notification_id, error)
                break
    finally:
        cache.delete(SWEEP_LOCK)
    return sent
