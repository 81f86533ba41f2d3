"""Issued letters that reach the person, and are never lost.

``delivery_begin`` runs inside the transaction that issues a letter (``letter_issue``): it
chooses the channel by the person's preferences among those their restriction leaves open
(``rules.delivery_channel_for``, the one rule) and writes the letter's ``LetterDelivery``:

* by email, through the mail server or, when ``NOTIFY_API_KEY`` is set, GOV.UK Notify
  (``letters.notify``): sent after the commit by a task, exactly as staff notifications are
  (``musuc.outbox``): a broker that cannot be reached leaves it pending for the sweep beat runs
  every minute, and a delivery is locked (``FOR UPDATE SKIP LOCKED``), sent and marked sent in
  one transaction, so the task and the sweep never both send it;
* by post, to the print queue, where staff mark it posted (``delivery_mark_posted``); or, where
  Notify's letter API is turned on (``NOTIFY_SEND_LETTERS``), to Notify as a precompiled letter,
  sent like an email;
* by neither, when no channel is open or known: it is recorded failed, with the reason, for the
  case file and the work list of whoever issued it; so is a delivery the mail server or Notify
  refused, or that kept failing. Once its cause is put right, ``delivery_retry`` tries again.

A letter in a format produced by hand (Braille, audio …) has no delivery here: it is sent with
what is produced, the letter's own task (``Letter.needs_manual_production``).

As with the outbox, the one way to send a letter twice is a crash after the mail server or Notify
took it and before its batch committed; that is chosen over marking it "sending" first, which a
crash would leave unsent without a word.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Sequence

from celery import shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.mail.utils import DNS_NAME
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from letters import notify, rules, selectors
from letters.choices import DeliveryChannel, DeliveryRoute, DeliveryState, LetterFormat
from letters.models import DELIVER_PERMISSION, Letter, LetterDelivery
from musuc import outbox, records
from musuc.models import User

log = logging.getLogger(__name__)

# A delivery newer than this is left to the task its own commit queued.
SWEEP_GRACE = outbox.SWEEP_GRACE
# After this many failed attempts (about three hours of waits) a delivery is given up as failed.
MAX_ATTEMPTS = 8
# Deliveries locked, sent and marked in one transaction (one mail-server connection).
DELIVERY_BATCH = 50
SWEEP_LOCK = "musuc:sweep-letter-deliveries"
# The formats whose PDF goes with the email: the email's text is the letter, the PDF is how it
# looks printed. A plain-text email letter is its text alone.
PDF_ATTACHED = (LetterFormat.STANDARD, LetterFormat.LARGE_PRINT)


class _Refused(Exception):
    """Sending this delivery cannot succeed as it is: it fails now, with this reason."""


def _wait_after(attempts: int) -> dt.timedelta:
    """How long a failed delivery waits before the sweep tries it again: 1, 2, 4 … minutes,
    an hour at most."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 60))


def _route(channel: str) -> str:
    if channel == DeliveryChannel.EMAIL:
        return DeliveryRoute.NOTIFY_EMAIL if notify.configured() else DeliveryRoute.SMTP
    return DeliveryRoute.NOTIFY_LETTER if notify.letters_configured() else DeliveryRoute.PRINT_QUEUE


def _choose(delivery: LetterDelivery, letter: Letter) -> rules.DeliveryChoice:
    """Choose the channel from the person's case file and restriction as they are now; the
    route and the address follow from it."""
    person = letter.service_user
    choice = rules.delivery_channel_for(
        person,
        letter_format=letter.format,
        conditions=selectors.delivery_conditions_of(person),
    )
    delivery.channel = choice.channel
    delivery.route = _route(choice.channel) if choice.channel else ""
    delivery.email = person.email if choice.channel == DeliveryChannel.EMAIL else ""
    return choice


def _queue_after_commit(delivery: LetterDelivery) -> None:
    if delivery.state == DeliveryState.PENDING and not delivery.in_print_queue:
        pk = delivery.pk
        transaction.on_commit(
            lambda: outbox.enqueue_or_leave(deliver_letters, [pk], what="letter delivery(ies)")
        )


def delivery_begin(*, letter: Letter) -> LetterDelivery | None:
    """Write how the letter just issued reaches the person, in the issuing transaction, and
    have an email or a Notify letter sent once that commits. None for a letter produced by
    hand, which goes with what is produced."""
    if letter.format == LetterFormat.MANUAL:
        return None
    delivery = LetterDelivery(letter=letter, next_attempt_at=timezone.now() + SWEEP_GRACE)
    choice = _choose(delivery, letter)
    if choice.channel:
        records.recorded_by(delivery, letter.issued_by, _("Delivery started"))
    else:
        # Refused at once: written failed, as the FSM's one creation may be.
        delivery = LetterDelivery(
            letter=letter,
            state=DeliveryState.FAILED,
            next_attempt_at=delivery.next_attempt_at,
            last_error=choice.reason,
        )
        records.recorded_by(delivery, letter.issued_by, _("No channel to deliver it"))
    delivery.save()
    _queue_after_commit(delivery)
    return delivery


# Sending --------------------------------------------------------------------------------------


def _pdf(letter: Letter) -> bytes:
    try:
        with letter.pdf.open("rb") as stored:
            return stored.read()
    except FileNotFoundError:
        raise _Refused(_("The letter's PDF is missing from storage")) from None


def _email_message(delivery: LetterDelivery) -> EmailMessage:
    letter = delivery.letter
    message = EmailMessage(
        subject=letter.subject,
        body=letter.text,
        from_email=settings.LETTERS_FROM_EMAIL,
        to=[delivery.email],
        headers={
            "X-MUSUC-Letter": letter.reference,
            "Message-ID": f"<letter-delivery-{delivery.pk}@{DNS_NAME}>",
        },
    )
    if letter.format in PDF_ATTACHED:
        name = letter.reference.replace("/", "-")
        message.attach(f"{name}.pdf", _pdf(letter), "application/pdf")
    return message


def _smtp_refused_for_good(error: Exception) -> bool:
    """The mail server's permanent answers (5xx to the sender, every recipient or the message),
    and an address it could never take; anything else is worth trying again."""
    if isinstance(error, ValueError):  # an address Django refuses to write
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


class _Mailer:
    """One connection to the mail server for a batch, opened at its first email."""

    def __init__(self):
        self.backend = None

    def send(self, message: EmailMessage) -> None:
        if self.backend is None:
            self.backend = mailers.default
            self.backend.open()
        self.backend.send_messages([message])

    def close(self) -> None:
        if self.backend is not None:
            try:
                self.backend.close()
            except OSError as failure:  # every message was taken; only goodbye failed
                log.warning("Mail server failed after taking the letters: %s", failure)


def _send(delivery: LetterDelivery, mailer: _Mailer) -> str:
    """Send one delivery by its route; the reference its carrier gave it. Raises ``_Refused``
    for what cannot succeed and OSError for what may later."""
    reference = f"letter-delivery-{delivery.pk}"  # Notify's references carry no personal data
    letter = delivery.letter
    if delivery.route == DeliveryRoute.SMTP:
        message = _email_message(delivery)
        try:
            mailer.send(message)
        except (smtplib.SMTPException, ValueError) as error:
            if _smtp_refused_for_good(error):
                raise _Refused(
                    _("The mail server refused it: %(error)s") % {"error": error}
                ) from error
            raise
        return message.extra_headers["Message-ID"]
    try:
        if delivery.route == DeliveryRoute.NOTIFY_EMAIL:
            return notify.send_email(
                to=delivery.email, subject=letter.subject, body=letter.text, reference=reference
            )
        if delivery.route == DeliveryRoute.NOTIFY_LETTER:
            return notify.send_precompiled_letter(pdf=_pdf(letter), reference=reference)
    except notify.NotifyRefused as refusal:
        raise _Refused(str(refusal)) from refusal
    raise _Refused(_("This delivery has no route to send it by"))


def _record_sent(delivery: LetterDelivery, reference: str) -> None:
    delivery.sent()
    delivery.sent_at = timezone.now()
    delivery.attempts += 1
    delivery.provider_reference = reference[:200]
    delivery.last_error = ""
    records.recorded_by(delivery, None, _("Sent"))
    delivery.save()


def _record_failed(delivery: LetterDelivery, reason: str) -> None:
    delivery.fail()
    delivery.attempts += 1
    delivery.last_error = reason[:1000]
    records.recorded_by(delivery, None, _("Delivery failed"))
    delivery.save()


def _record_attempt_failed(delivery: LetterDelivery, failure: OSError) -> None:
    """A failure that may pass: try again after a wait, or after the last attempt give up."""
    if delivery.attempts + 1 >= MAX_ATTEMPTS:
        _record_failed(
            delivery,
            _("Not sent after %(attempts)s attempts: %(error)s")
            % {"attempts": MAX_ATTEMPTS, "error": failure},
        )
        return
    delivery.attempts += 1
    delivery.last_error = str(failure)[:1000]
    delivery.next_attempt_at = timezone.now() + _wait_after(delivery.attempts)
    delivery.save()


def _to_send() -> models.QuerySet[LetterDelivery]:
    """Deliveries still to send by email or Notify (a partial index serves them)."""
    return (
        LetterDelivery.objects.filter(state=DeliveryState.PENDING)
        .exclude(route=DeliveryRoute.PRINT_QUEUE)
        .order_by("next_attempt_at", "id")
    )


def _deliver_batch(due: models.QuerySet[LetterDelivery]) -> tuple[int, int, OSError | None]:
    """Send one batch of what ``due`` finds: (how many it found, how many it sent, the error
    that stopped it).

    The batch is locked, sent and marked in one transaction. A refusal fails its own delivery
    and the batch goes on; a mail server or Notify that cannot be reached is recorded on the
    delivery it happened to and ends the batch, the rest left untried for the retry.
    """
    with transaction.atomic():
        batch = list(
            due.select_for_update(skip_locked=True, of=("self",)).select_related(
                "letter__service_user"
            )[:DELIVERY_BATCH]
        )
        mailer = _Mailer()
        sent, error = 0, None
        try:
            for delivery in batch:
                try:
                    reference = _send(delivery, mailer)
                except _Refused as refusal:
                    _record_failed(delivery, str(refusal))
                except OSError as failure:
                    _record_attempt_failed(delivery, failure)
                    error = failure
                    break
                except Exception as failure:  # noqa: BLE001 - undoing the batch would resend it
                    log.exception("Letter delivery %s failed unexpectedly", delivery.pk)
                    _record_failed(
                        delivery, _("It could not be sent: %(error)s") % {"error": failure}
                    )
                else:
                    _record_sent(delivery, reference)
                    sent += 1
        finally:
            mailer.close()
        return len(batch), sent, error


def _deliver_all(due: models.QuerySet[LetterDelivery]) -> tuple[int, OSError | None]:
    sent = 0
    while True:
        found, sent_now, error = _deliver_batch(due)
        sent += sent_now
        if error is not None or found < DELIVERY_BATCH:
            return sent, error


def deliver_many(delivery_ids: Sequence[int]) -> tuple[int, OSError | None]:
    """Send those of these deliveries still pending: how many were sent, and the error that
    stopped it, if one did."""
    return _deliver_all(_to_send().filter(pk__in=delivery_ids))


def deliver_pending(*, now: dt.datetime | None = None) -> tuple[int, OSError | None]:
    """Send every delivery due (its own task had its chance, or its wait after a failure is
    over), as of ``now``."""
    now = now or timezone.now()
    return _deliver_all(_to_send().filter(next_attempt_at__lte=now))


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=MAX_ATTEMPTS,
)
def deliver_letters(self, delivery_ids: list[int]) -> int:
    """Send these deliveries; a failure that may pass (recorded on the delivery) retries the
    rest with back-off, never sending one twice."""
    sent, error = deliver_many(delivery_ids)
    if error is not None:
        raise error
    return sent


@shared_task
def sweep_letter_deliveries() -> int:
    """Every minute: send what a broker outage or a failed task left pending, one sweep at a
    time."""
    return outbox.sweep_once(SWEEP_LOCK, lambda: deliver_pending()[0])


# Staff's actions ------------------------------------------------------------------------------


def _locked(delivery: LetterDelivery, by: User) -> LetterDelivery:
    if not by.has_perm(DELIVER_PERMISSION):
        raise PermissionDenied(_("Only caseworkers and managers send letters"))
    return (
        LetterDelivery.objects.select_for_update(of=("self",))
        .select_related("letter__service_user")
        .get(pk=delivery.pk)
    )


@transaction.atomic
def delivery_mark_posted(*, delivery: LetterDelivery, by: User) -> LetterDelivery:
    """Staff printed the letter from the print queue and posted it."""
    delivery = _locked(delivery, by)
    if not can_proceed(delivery.posted):
        raise ValidationError(_("This letter is not waiting in the print queue"))
    delivery.posted()
    delivery.posted_by, delivery.posted_at = by, timezone.now()
    records.recorded_by(delivery, by, _("Posted"))
    delivery.save()
    return delivery


@transaction.atomic
def delivery_retry(*, delivery: LetterDelivery, by: User) -> LetterDelivery:
    """Try a failed delivery again, by the channel the case file and the restriction allow now
    (an address put right, a channel opened); refused, with the reason, if there is still none."""
    delivery = _locked(delivery, by)
    if not can_proceed(delivery.retry):
        raise ValidationError(_("Only a delivery that failed can be tried again"))
    choice = _choose(delivery, delivery.letter)
    if not choice.channel:
        raise ValidationError(choice.reason)
    delivery.retry()
    delivery.attempts, delivery.last_error = 0, ""
    delivery.next_attempt_at = timezone.now() + SWEEP_GRACE
    records.recorded_by(delivery, by, _("Delivery tried again"))
    delivery.save()
    _queue_after_commit(delivery)
    return delivery
