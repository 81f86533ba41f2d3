"""Staff notifications that are never lost: written with the action, sent after it commits.

Services call ``notify`` inside their own transaction (a daily job, ``notify_many`` for a
whole batch). Once that commits, a Celery task is queued to send it; if the broker cannot be
reached within a couple of seconds the action has still succeeded and the notification waits,
pending, for the sweep that beat runs every minute. Both tasks, the delivery and the sweep,
live here beside what they send.

Delivery is once, never twice: a batch of pending notifications is locked (``FOR UPDATE SKIP
LOCKED``), sent through one connection to the mail server, and marked sent in the same
transaction, so two workers (or a task and the sweep) never send the same one, and a failure
is recorded against the notification it happened to. The one way to send one twice is a crash
after the mail server took it and before the batch committed: the batch returns to pending
and is sent again. That is chosen over marking notifications "sending" before sending (a
crash would then lose them without a word): a duplicate email is better than a missed review.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from musuc.models import Notification, User

log = logging.getLogger(__name__)

# A notification newer than this is left to the task its own commit queued.
SWEEP_GRACE = dt.timedelta(minutes=1)
# After this many failed attempts a notification stays in the person's history but is not emailed.
MAX_ATTEMPTS = 8
# Notifications sent through one connection and marked sent in one transaction; also the most a
# crash between the two could send again.
DELIVERY_BATCH = 200
# Rows in one insert of many notifications (six parameters each: within SQLite's limit too).
WRITE_BATCH = 5_000
NO_ADDRESS = "The recipient has no email address."


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
    transaction.on_commit(lambda: enqueue([notification.pk]))
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


class Told(NamedTuple):
    """One notification for ``notify_many`` to write: whom, the key (the recipient joined to
    it, as ``notify_each`` makes it), and what they are told."""

    recipient_id: int
    key: str
    subject: str
    body: str
    link: str


def told_each(
    recipients: Iterable[User], *, key: str, subject: str, body: str, link: str = ""
) -> list[Told]:
    """What ``notify_each`` would write to tell each person of one event, for ``notify_many``
    to write with the rest of a batch."""
    subject = subject[:200]
    return [
        Told(recipient.pk, f"{key}:{recipient.pk}"[:200], subject, body, link)
        for recipient in recipients
    ]


def notify_many(told: Sequence[Told]) -> list[int]:
    """Write many notifications at once, each once per key, and have the new ones sent after
    the transaction commits, in one task; the ids of those written, in order.

    A notification whose key is already written is left as it was: the insert skips it, by
    the same unique key ``notify`` relies on.
    """
    # One INSERT of plain rows, skipping conflicts and returning the new ids: building a
    # Notification per row for bulk_create cost a daily job's batch more than its queries.
    quote = connection.ops.quote_name
    column = {field.name: field.column for field in Notification._meta.concrete_fields}
    names = ["recipient", "key", "subject", "body", "link", "created_at"]
    names += ["state", "attempts", "last_error"]
    columns = ", ".join(quote(column[name]) for name in names)  # type: ignore[arg-type]
    constants = f"'{Notification.State.PENDING}', 0, ''"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(told), WRITE_BATCH):
            rows = told[start : start + WRITE_BATCH]
            values = ", ".join([f"(%s, %s, %s, %s, %s, %s, {constants})"] * len(rows))
            cursor.execute(
                f"INSERT INTO {quote(Notification._meta.db_table)} ({columns}) "  # noqa: S608 - names and constants from the model; values as parameters
                f"VALUES {values} ON CONFLICT DO NOTHING RETURNING {quote('id')}",
                [value for row in rows for value in (*row, now)],
            )
            ids += [pk for (pk,) in cursor.fetchall()]
    ids.sort()
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return ids


def enqueue(notification_ids: list[int]) -> None:
    """Queue their delivery, one task for them all; a broker that does not answer leaves them
    for the sweep."""
    enqueue_or_leave(deliver_notifications, notification_ids, what="notification(s)")


def enqueue_or_leave(task, ids: list[int], *, what: str) -> None:
    """Queue ``task`` for these rows' ids, one task for them all, without waiting on a broker
    that does not answer: the rows stay pending for their sweep. Called after the commit that
    wrote them (``transaction.on_commit``); anything else that sends once from a table of
    pending rows (the letters' deliveries) is queued the same way."""
    try:
        task.apply_async(args=[ids], retry=False)
    except Exception:  # the broker is down or slow: the sweep will send them
        log.warning("Broker unavailable; %s %s left pending, from %s", len(ids), what, ids[0])


def sweep_once(lock: str, sweep: Callable[[], int]) -> int:
    """Run ``sweep`` unless another run of it holds ``lock`` (beat may start one while the last
    is still going); what it returned, or 0."""
    if not cache.add(lock, "running", timeout=300):
        return 0
    try:
        return sweep()
    finally:
        cache.delete(lock)


def _pending() -> models.QuerySet[Notification]:
    """Notifications still to send (a partial index serves them), oldest first."""
    return Notification.objects.filter(
        state=Notification.State.PENDING, attempts__lt=MAX_ATTEMPTS
    ).order_by("created_at", "id")


def _message(notification: Notification) -> EmailMessage:
    return EmailMessage(
        subject=notification.subject,
        body=f"{notification.body}\n\n{settings.SITE_URL}{notification.link}".rstrip(),
        to=[notification.recipient.email],
        headers={"X-MUSUC-Notification": notification.key},
    )


def _deliver_batch(due: models.QuerySet[Notification]) -> tuple[int, int, OSError | None]:
    """Send one batch of what ``due`` finds: (how many it found, how many it sent, the mail
    server's error).

    The batch is locked, sent through one connection and marked in one transaction. A mail
    server that fails is recorded against the notification it failed on, and ends the batch:
    the rest stay pending, untried, for the retry or the next sweep.
    """
    with transaction.atomic():
        batch = list(
            due.select_for_update(skip_locked=True, of=("self",)).select_related("recipient")[
                :DELIVERY_BATCH
            ]
        )
        addressed = [notification for notification in batch if notification.recipient.email]
        sent: list[int] = []
        error, current = None, None
        try:
            if addressed:
                mailer = mailers.default
                with mailer:  # one connection for the batch
                    for current in addressed:
                        mailer.send_messages([_message(current)])
                        sent.append(current.pk)
        except OSError as failure:
            if current is not None and len(sent) == len(addressed):
                # Every message was accepted; only saying goodbye to the server failed.
                log.warning("Mail server failed after accepting the batch: %s", failure)
            else:
                # On the notification being sent, or the first if none could be tried.
                error, failed = failure, current or addressed[0]
                Notification.objects.filter(pk=failed.pk).update(
                    attempts=models.F("attempts") + 1, last_error=str(failure)[:1000]
                )
        if sent:
            Notification.objects.filter(pk__in=sent).update(
                state=Notification.State.SENT,
                sent_at=timezone.now(),
                attempts=models.F("attempts") + 1,
                last_error="",
            )
        if unaddressed := [n.pk for n in batch if not n.recipient.email]:
            # Nothing to send to: give up now rather than try every minute.
            Notification.objects.filter(pk__in=unaddressed).update(
                attempts=MAX_ATTEMPTS, last_error=NO_ADDRESS
            )
        return len(batch), len(sent), error


def _deliver_all(due: models.QuerySet[Notification]) -> tuple[int, OSError | None]:
    sent = 0
    while True:
        found, sent_now, error = _deliver_batch(due)
        sent += sent_now
        if error is not None or found < DELIVERY_BATCH:
            return sent, error


def deliver_many(notification_ids: Sequence[int]) -> tuple[int, OSError | None]:
    """Send those of these notifications still pending: how many were sent, and the mail
    server's error that stopped it, if one did."""
    return _deliver_all(_pending().filter(pk__in=notification_ids))


def deliver_pending(*, now: dt.datetime | None = None) -> tuple[int, OSError | None]:
    """Send every notification still pending after its own task had its chance (as of
    ``now``): how many were sent, and the mail server's error that stopped it, if one did."""
    now = now or timezone.now()
    return _deliver_all(_pending().filter(created_at__lte=now - SWEEP_GRACE))


def deliver(notification_id: int) -> bool:
    """Send one pending notification; True if this call sent it. A mail server's error is
    recorded on the notification, then raised."""
    sent, error = deliver_many([notification_id])
    if error is not None:
        raise error
    return sent == 1


def pending_ids(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Notifications still pending after their own task had its chance (a partial index)."""
    now = now or timezone.now()
    due = _pending().filter(created_at__lte=now - SWEEP_GRACE)
    return list(due.values_list("pk", flat=True)[:limit])


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
def deliver_notifications(self, notification_ids: list[int]) -> int:
    """Send these notifications through one connection; a mail server's error (recorded on
    the notification it failed on) retries the rest with back-off, never sending one twice."""
    sent, error = deliver_many(notification_ids)
    if error is not None:
        raise error
    return sent


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def deliver_notification(self, notification_id: int) -> bool:
    """Send one notification (what was queued before deliveries went by the batch)."""
    return deliver(notification_id)


SWEEP_LOCK = "musuc:sweep-notifications"


@shared_task
def sweep_notifications() -> int:
    """Every minute: send what a broker outage or a failed task left pending, a batch at a
    time through one connection each.

    One sweep at a time; a mail server that fails stops this sweep (the next one tries again).
    """
    return sweep_once(SWEEP_LOCK, lambda: deliver_pending()[0])
