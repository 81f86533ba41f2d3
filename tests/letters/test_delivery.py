"""Delivery: each issued letter reaches the person once, by a channel the restriction leaves
open, with real email to a real SMTP server; what cannot be delivered says why."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from contacts.choices import Channel, PreferredFormat
from letters import delivery, selectors, services
from letters.choices import (
    DeliveryChannel,
    DeliveryRoute,
    DeliveryState,
    LetterFormat,
    LetterState,
)
from letters.delivery import deliver_letters, sweep_letter_deliveries
from letters.models import LetterDelivery
from restrictions import services as restriction_services
from restrictions.choices import ConditionKind
from tests.conftest import broker_at
from tests.contacts.factories import ContactFactory
from tests.letters import factories as f
from tests.letters.deliveries import issued_warning_letter, wants_email
from tests.letters.servers import free_port, smtp_mailer
from tests.musuc.concurrency import two_runs_at_once
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import WarningFactory, condition

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(minutes=2)


def _restricted_to(person, channels):
    """A restriction in force whose only open channels are ``channels``."""
    WarningFactory(service_user=person)
    restriction = restriction_services.restriction_propose(
        service_user=person,
        proposed_by=UserFactory(role="Caseworker"),
        conditions=[condition(ConditionKind.LIMITED_CHANNELS, channels=list(channels))],
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="You sent threatening emails to staff.",
        term_months=3,
        starts_on=timezone.localdate(),
        access_route="By phone",
    )
    restriction_services.restriction_decide(
        restriction=restriction,
        manager=UserFactory(role="Manager"),
        decision="approve",
        reason="Meets the policy",
    )
    restriction.refresh_from_db()
    return restriction


def _issued_restriction_letter(restriction):
    manager = UserFactory(role="Manager")
    return services.letter_issue(letter=f.drafted(restriction, by=manager), by=manager)


def _delivery(letter) -> LetterDelivery:
    return LetterDelivery.objects.get(letter=letter)


def test_issuing_writes_the_delivery_and_queues_it_after_the_commit(
    django_capture_on_commit_callbacks, smtp_server
):
    with django_capture_on_commit_callbacks() as callbacks:
        letter = issued_warning_letter()
    found = _delivery(letter)
    assert (found.channel, found.route, found.state) == ("email", "smtp", "pending")
    assert found.email == letter.service_user.email
    assert found.history.first().history_change_reason == "Delivery started"
    assert any(
        getattr(callback, "__qualname__", "").startswith("_queue_after_commit")
        for callback in callbacks
    )
    assert not smtp_server.messages  # nothing is sent before the commit


def test_an_emailed_letter_arrives_once_at_the_mail_server_as_its_plain_text(smtp_server):
    letter = issued_warning_letter()
    assert letter.format == LetterFormat.EMAIL_TEXT
    pk = _delivery(letter).pk

    assert deliver_letters.run([pk]) == 1
    assert deliver_letters.run([pk]) == 0

    [message] = smtp_server.messages
    assert smtp_server.envelopes == [("musuc@localhost", [letter.service_user.email])]
    assert message["Subject"] == letter.subject
    assert message["X-MUSUC-Letter"] == letter.reference
    text = message.get_body(("plain",)).get_content()
    assert text.strip().splitlines() == letter.text.strip().splitlines()
    assert not list(message.iter_attachments())  # a plain-text email letter is its text
    sent = _delivery(letter)
    assert (sent.state, sent.attempts, sent.last_error) == ("sent", 1, "")
    assert sent.sent_at is not None
    assert sent.provider_reference == message["Message-ID"]


def test_a_large_print_letter_sent_by_email_carries_its_pdf(smtp_server):
    letter = issued_warning_letter(wants_email(preferred_format=PreferredFormat.LARGE_PRINT))
    assert letter.format == LetterFormat.LARGE_PRINT
    deliver_letters.run([_delivery(letter).pk])

    [message] = smtp_server.messages
    [attachment] = message.iter_attachments()
    with letter.pdf.open("rb") as stored:
        assert attachment.get_content() == stored.read()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{letter.reference.replace('/', '-')}.pdf"


@pytest.mark.django_db(transaction=True)
def test_a_letter_sent_by_email_arrives_once_even_with_redis_stopped_during_the_action(
    smtp_server, caplog
):
    caseworker = UserFactory(role="Caseworker")
    warning = f.issued_warning(wants_email(), issued_by=caseworker)
    draft = f.drafted(warning, by=caseworker)

    with broker_at("redis://127.0.0.1:1/0"):  # nothing listens on port 1: the broker is down
        letter = services.letter_issue(letter=draft, by=caseworker)  # and it commits

    assert "Broker unavailable; 1 letter delivery(ies) left pending" in caplog.text
    found = _delivery(letter)
    assert letter.__class__.objects.get(pk=letter.pk).state == LetterState.ISSUED
    assert found.state == DeliveryState.PENDING
    assert not smtp_server.messages

    # The task (retried by hand here) and the sweep both run, at once: the first holds the
    # delivery locked while the mail server takes it; the other skips it.
    runs = iter(
        [
            lambda: deliver_letters.run([found.pk]),
            lambda: delivery.deliver_pending(now=timezone.now() + LATER)[0],
        ]
    )
    first, second = two_runs_at_once(lambda: next(runs)(), pause_at="letters.delivery._Mailer.send")
    assert (first, second) == (1, 0)
    # And again, one after the other: nothing more is sent.
    with time_machine.travel(timezone.now() + LATER):
        assert sweep_letter_deliveries() == 0
    assert deliver_letters.run([found.pk]) == 0

    assert len(smtp_server.with_header("X-MUSUC-Letter", letter.reference)) == 1
    assert _delivery(letter).state == DeliveryState.SENT


def test_the_sweep_sends_what_the_broker_lost_once_its_task_had_its_chance(smtp_server):
    letter = issued_warning_letter()
    assert sweep_letter_deliveries() == 0  # newer than a minute: its own task's
    with time_machine.travel(timezone.now() + LATER):
        assert sweep_letter_deliveries() == 1
        assert sweep_letter_deliveries() == 0
    assert len(smtp_server.messages) == 1
    assert _delivery(letter).state == DeliveryState.SENT


def test_a_mail_server_that_cannot_be_reached_is_tried_again_after_a_wait(settings):
    settings.MAILERS = smtp_mailer(free_port())  # nothing listens there
    letter = issued_warning_letter()
    pk = _delivery(letter).pk

    with pytest.raises(ConnectionRefusedError):
        deliver_letters.run([pk])  # Celery retries it with back-off

    waiting = _delivery(letter)
    assert (waiting.state, waiting.attempts) == ("pending", 1)
    assert "Connection refused" in waiting.last_error
    assert delivery.deliver_pending() == (0, None)  # its wait is not over
    assert _delivery(letter).attempts == 1
    sent, error = delivery.deliver_pending(now=timezone.now() + LATER)
    assert (sent, type(error)) == (0, ConnectionRefusedError)
    assert _delivery(letter).attempts == 2


def test_after_its_last_attempt_a_delivery_fails_and_shows_on_the_case_file_and_work_list(
    settings,
):
    settings.MAILERS = smtp_mailer(free_port())
    issuer = UserFactory(role="Caseworker")
    letter = issued_warning_letter(by=issuer)
    pk = _delivery(letter).pk
    for _attempt in range(delivery.MAX_ATTEMPTS):
        delivery.deliver_many([pk])

    failed = _delivery(letter)
    assert (failed.state, failed.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert failed.last_error.startswith("Not sent after 8 attempts: ")
    assert list(selectors.delivery_failures_of(letter.service_user)) == [failed]
    assert list(selectors.delivery_failures_for(issuer)) == [failed]
    assert list(selectors.delivery_failures_for(UserFactory(role="Caseworker"))) == []
    assert delivery.deliver_many([pk]) == (0, None)  # given up: not tried again by itself


def test_an_address_the_mail_server_refuses_fails_at_once_and_the_others_still_go(smtp_server):
    refused = issued_warning_letter()
    accepted = issued_warning_letter()
    smtp_server.refused.add(refused.service_user.email)

    assert delivery.deliver_many([_delivery(refused).pk, _delivery(accepted).pk]) == (1, None)

    failed = _delivery(refused)
    assert (failed.state, failed.attempts) == ("failed", 1)
    assert failed.last_error.startswith("The mail server refused it: ")
    assert "550" in failed.last_error
    assert _delivery(accepted).state == DeliveryState.SENT
    assert [message["X-MUSUC-Letter"] for message in smtp_server.messages] == [accepted.reference]


def test_email_read_but_not_responded_to_sends_the_letter_by_post_never_by_email(smtp_server):
    restriction = f.restriction_in_force(wants_email())  # email open, but read, not answered
    letter = _issued_restriction_letter(restriction)
    found = _delivery(letter)
    assert (found.channel, found.route, found.state) == ("post", "print_queue", "pending")

    assert delivery.deliver_pending(now=timezone.now() + LATER) == (0, None)
    assert deliver_letters.run([found.pk]) == 0
    assert not smtp_server.messages
    assert list(selectors.print_queue()) == [found]


def test_a_restriction_that_closes_email_posts_the_letter_to_someone_whowants_email():
    restriction = _restricted_to(wants_email(), [Channel.POST, Channel.PHONE])
    found = _delivery(_issued_restriction_letter(restriction))
    assert (found.channel, found.email) == (DeliveryChannel.POST, "")


def test_with_no_open_channel_the_letter_is_issued_and_its_delivery_failed_with_the_reason(
    smtp_server,
):
    restriction = _restricted_to(wants_email(), [Channel.PHONE])
    letter = _issued_restriction_letter(restriction)

    assert letter.state == LetterState.ISSUED
    found = _delivery(letter)
    assert (found.state, found.channel, found.route) == ("failed", "", "")
    assert "post is closed by the restriction in force" in found.last_error
    assert "email is closed by the restriction in force" in found.last_error
    assert found.history.first().history_change_reason == "No channel to deliver it"
    assert list(selectors.delivery_failures_of(letter.service_user)) == [found]
    assert delivery.deliver_pending(now=timezone.now() + LATER) == (0, None)
    assert not smtp_server.messages


def test_an_approved_restriction_not_yet_started_already_decides_its_letters_channel():
    person = wants_email()
    restriction = _restricted_to(person, [Channel.POST])
    restriction.__class__.objects.filter(pk=restriction.pk).update(state="approved")
    assert [c.kind for c in selectors.delivery_conditions_of(person)] == ["limited_channels"]
    assert _delivery(_issued_restriction_letter(restriction)).channel == DeliveryChannel.POST


def test_a_letter_produced_by_hand_has_no_delivery_of_its_own():
    letter = issued_warning_letter(wants_email(preferred_format=PreferredFormat.BRAILLE))
    assert letter.format == LetterFormat.MANUAL
    assert not LetterDelivery.objects.filter(letter=letter).exists()


# Trying again ---------------------------------------------------------------------------------


@pytest.fixture
def unreachable():
    """A letter to someone with neither an email address nor a postal address."""
    caseworker = UserFactory(role="Caseworker")
    letter = issued_warning_letter(
        wants_email(email="", address_line_1="", postcode=""), by=caseworker
    )
    return _delivery(letter), caseworker


def test_a_failed_delivery_is_sent_once_its_address_is_put_right(
    unreachable, smtp_server, django_capture_on_commit_callbacks
):
    failed, caseworker = unreachable
    person = failed.letter.service_user
    person.email = "found@example.com"
    person.save()

    with django_capture_on_commit_callbacks() as callbacks:
        tried = delivery.delivery_retry(delivery=failed, by=caseworker)

    assert (tried.state, tried.route, tried.email) == ("pending", "smtp", "found@example.com")
    assert (tried.attempts, tried.last_error) == (0, "")
    assert len(callbacks) == 1
    record = tried.history.first()
    assert (record.history_user, record.history_change_reason) == (
        caseworker,
        "Delivery tried again",
    )
    assert deliver_letters.run([tried.pk]) == 1
    assert smtp_server.envelopes[0][1] == ["found@example.com"]
    assert not selectors.delivery_failures_of(person).exists()


def test_trying_again_with_still_no_channel_is_refused_with_the_reason(unreachable):
    failed, caseworker = unreachable
    with pytest.raises(ValidationError, match="no postal address"):
        delivery.delivery_retry(delivery=failed, by=caseworker)


def test_only_a_failed_delivery_can_be_tried_again(smtp_server):
    letter = issued_warning_letter()
    with pytest.raises(ValidationError, match="Only a delivery that failed"):
        delivery.delivery_retry(delivery=_delivery(letter), by=UserFactory(role="Caseworker"))


@pytest.mark.parametrize("role", ["Quality Standards and Research", "Administrator"])
def test_only_caseworkers_and_managers_try_a_delivery_again(unreachable, role):
    failed, _caseworker = unreachable
    with pytest.raises(PermissionDenied):
        delivery.delivery_retry(delivery=failed, by=UserFactory(role=role))


def test_a_delivery_route_is_chosen_once_when_it_is_written(settings, smtp_server):
    letter = issued_warning_letter()
    settings.NOTIFY_API_KEY = "x" * 80  # configured afterwards: the pending delivery keeps its way
    assert deliver_letters.run([_delivery(letter).pk]) == 1
    assert _delivery(letter).route == DeliveryRoute.SMTP
