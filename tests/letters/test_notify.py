"""GOV.UK Notify: the official client, behind letters.notify, against a local server that
answers as Notify's documented API does (and checks the client's JWT)."""

from __future__ import annotations

import base64
import uuid

import pytest
from django.core.checks import run_checks

from contacts.choices import UpdateMethod
from letters import delivery, notify
from letters.choices import DeliveryRoute, DeliveryState
from letters.delivery import deliver_letters
from letters.models import LetterDelivery
from tests.letters import factories as f
from tests.letters.deliveries import issued_warning_letter
from tests.letters.servers import free_port, notify_error

pytestmark = pytest.mark.django_db


def _delivery(letter) -> LetterDelivery:
    return LetterDelivery.objects.get(letter=letter)


def test_an_email_letter_goes_through_notify_when_its_api_key_is_set(notify_service, settings):
    letter = issued_warning_letter()
    pending = _delivery(letter)
    assert pending.route == DeliveryRoute.NOTIFY_EMAIL

    assert deliver_letters.run([pending.pk]) == 1

    [request] = notify_service.requests
    assert request["path"] == "/v2/notifications/email"
    assert request["headers"]["Authorization"].startswith("Bearer ")
    assert request["body"] == {
        "email_address": letter.service_user.email,
        "template_id": settings.NOTIFY_EMAIL_TEMPLATE_ID,
        "personalisation": {"subject": letter.subject, "body": letter.text},
        "reference": f"letter-delivery-{pending.pk}",
    }
    sent = _delivery(letter)
    assert sent.state == DeliveryState.SENT
    uuid.UUID(sent.provider_reference)  # the id Notify gave the notification
    assert deliver_letters.run([pending.pk]) == 0
    assert len(notify_service.requests) == 1


def test_a_posted_letter_goes_to_notify_as_its_precompiled_pdf(notify_service, settings):
    settings.NOTIFY_SEND_LETTERS = True
    letter = issued_warning_letter(f.person(update_method=UpdateMethod.POST))
    pending = _delivery(letter)
    assert pending.route == DeliveryRoute.NOTIFY_LETTER

    assert deliver_letters.run([pending.pk]) == 1

    [request] = notify_service.requests
    assert request["path"] == "/v2/notifications/letter"
    assert request["body"]["reference"] == f"letter-delivery-{pending.pk}"
    assert "postage" not in request["body"]  # Notify's default, second class
    with letter.pdf.open("rb") as stored:
        assert base64.b64decode(request["body"]["content"]) == stored.read()
    assert _delivery(letter).state == DeliveryState.SENT


def test_without_notify_letters_a_posted_letter_waits_in_the_print_queue(notify_service):
    letter = issued_warning_letter(f.person(update_method=UpdateMethod.POST))
    assert _delivery(letter).route == DeliveryRoute.PRINT_QUEUE


def test_the_postage_setting_is_sent_to_notify(notify_service, settings):
    settings.NOTIFY_LETTER_POSTAGE = "first"
    notify.send_precompiled_letter(pdf=b"%PDF-1.7 a letter", reference="letter-delivery-1")
    assert notify_service.requests[0]["body"]["postage"] == "first"


def test_a_refusal_by_notify_fails_the_delivery_with_notifys_message(notify_service):
    notify_service.answer = notify_error(
        400,
        "BadRequestError",
        "Can't send to this recipient when service is in trial mode - see "
        "https://www.notifications.service.gov.uk/trial-mode",
    )
    letter = issued_warning_letter()

    assert delivery.deliver_many([_delivery(letter).pk]) == (0, None)

    failed = _delivery(letter)
    assert (failed.state, failed.attempts) == ("failed", 1)
    assert failed.last_error.startswith("GOV.UK Notify answered 400: Can't send to this recipient")


def test_a_wrong_api_key_is_refused_by_notify(notify_service, settings):
    settings.NOTIFY_API_KEY = f"musuc_test-{notify_service.service_id}-{uuid.uuid4()}"
    letter = issued_warning_letter()
    delivery.deliver_many([_delivery(letter).pk])
    failed = _delivery(letter)
    assert failed.state == DeliveryState.FAILED
    assert "403: Invalid token: signature, api token not found" in failed.last_error


@pytest.mark.parametrize(
    "answer",
    [
        notify_error(500, "Exception", "Internal server error"),
        notify_error(
            429,
            "RateLimitError",
            "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
        ),
    ],
)
def test_notify_that_cannot_take_it_now_is_tried_again(notify_service, answer):
    notify_service.answer = answer
    letter = issued_warning_letter()

    with pytest.raises(notify.NotifyUnavailable):
        deliver_letters.run([_delivery(letter).pk])  # Celery retries it with back-off

    waiting = _delivery(letter)
    assert (waiting.state, waiting.attempts) == ("pending", 1)
    assert waiting.last_error.startswith(f"GOV.UK Notify answered {answer[0]}: ")
    notify_service.answer = None
    assert deliver_letters.run([waiting.pk]) == 1


def test_notify_that_cannot_be_reached_is_tried_again(notify_service, settings):
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    letter = issued_warning_letter()
    sent, error = delivery.deliver_many([_delivery(letter).pk])
    assert (sent, type(error)) == (0, notify.NotifyUnavailable)
    assert _delivery(letter).state == DeliveryState.PENDING


def _errors() -> set[str]:
    return {message.id for message in run_checks() if message.id.startswith("letters.")}


def test_the_delivery_settings_check_clean_without_notify():
    assert _errors() == set()


def test_notify_half_set_up_fails_the_checks(settings):
    settings.NOTIFY_API_KEY = "not-a-key"
    settings.NOTIFY_LETTER_POSTAGE = "express"
    assert _errors() == {"letters.E001", "letters.E003", "letters.E004"}


def test_notify_letters_need_an_api_key(settings):
    settings.NOTIFY_SEND_LETTERS = True
    assert _errors() == {"letters.E002"}


def test_notify_fully_set_up_passes_the_checks(notify_service):
    assert _errors() == set()
