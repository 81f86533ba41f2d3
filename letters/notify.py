"""GOV.UK Notify, behind one small interface: send an email, send a precompiled letter.

Everything else in the project knows only these two functions and their two errors; the
official client (``notifications-python-client``) is used here and nowhere else. Notify is
configured from the environment (musuc/settings.py): ``NOTIFY_API_KEY`` turns it on,
``NOTIFY_BASE_URL`` says where it answers, and ``NOTIFY_EMAIL_TEMPLATE_ID`` names the email
template, which Notify requires: its subject is ``((subject))`` and its body ``((body))``.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils.translation import gettext as _
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyRefused(Exception):
    """Notify refused the request for good (a bad address, a trial-mode key, a PDF outside its
    specification): sending it again will not help."""


class NotifyUnavailable(OSError):
    """Notify could not be reached or could not take it now (rate limit, server error): try
    again later. An OSError, as a mail server's failure is, so one retry policy serves both."""


def configured() -> bool:
    """Whether emails go through Notify rather than the mail server."""
    return bool(settings.NOTIFY_API_KEY)


def letters_configured() -> bool:
    """Whether posted letters go to Notify's letter API rather than the print queue."""
    return configured() and settings.NOTIFY_SEND_LETTERS


def _client() -> NotificationsAPIClient:
    return NotificationsAPIClient(
        settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=settings.NOTIFY_TIMEOUT
    )


def _error(error: APIError) -> Exception:
    """Notify's answer as one of our two errors: a rate limit or a server's trouble (or no
    answer at all, which the client reports as 503) is worth trying again; the rest is not."""
    message = error.message
    if isinstance(message, list):  # Notify's errors: [{"error": ..., "message": ...}, ...]
        message = "; ".join(str(each.get("message", each)) for each in message)
    description = (
        _("GOV.UK Notify answered %(status)s: %(message)s")
        % {"status": error.status_code, "message": message}
    )[:1000]
    if error.status_code == 429 or error.status_code >= 500:
        return NotifyUnavailable(description)
    return NotifyRefused(description)


def send_email(*, to: str, subject: str, body: str, reference: str) -> str:
    """Send an email through the Notify template; the id Notify gave it."""
    try:
        response = _client().send_email_notification(
            email_address=to,
            template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
            personalisation={"subject": subject, "body": body},
            reference=reference,
        )
    except APIError as error:
        raise _error(error) from error
    return str((response or {}).get("id", ""))


def send_precompiled_letter(*, pdf: bytes, reference: str) -> str:
    """Send a PDF to be printed and posted (its address block is on its first page, as
    Notify's letter specification places it); the id Notify gave it."""
    try:
        response = _client().send_precompiled_letter_notification(
            reference=reference,
            pdf_file=io.BytesIO(pdf),
            postage=settings.NOTIFY_LETTER_POSTAGE or None,
        )
    except APIError as error:
        raise _error(error) from error
    return str((response or {}).get("id", ""))
