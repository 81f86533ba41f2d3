import datetime as dt
import smtplib
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse
from django.utils import timezone

from musuc import outbox
from musuc.models import Notification
from musuc.outbox import sweep_notifications
from musuc.views import NOTIFICATIONS_PAGE_SIZE
from restrictions import services
from restrictions.choices import ConditionKind, RestrictionState
from tests.conftest import broker_at
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.musuc.concurrency import two_runs_at_once
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import WarningFactory, condition


def _proposal(caseworker):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    return services.restriction_propose(
        service_user=person,
        proposed_by=caseworker,
        conditions=[condition(ConditionKind.TERMINATE_CALLS)],
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats",
        term_months=3,
        starts_on=timezone.localdate(),
        access_route="Email",
    )


def test_managers_are_told_a_restriction_awaits_approval(caseworker, manager):
    _proposal(caseworker)
    notification = Notification.objects.get(recipient=manager)
    assert "awaits your decision" in notification.subject
    assert notification.state == Notification.State.PENDING


@pytest.mark.parametrize(
    ("decision", "subject", "words"),
    [
        ("approve", "Your proposed restriction was approved", "approved the restriction you"),
        ("reject", "Your proposed restriction was rejected", "rejected the restriction you"),
        ("return", "Your proposed restriction was returned to you", "returned the restriction you"),
    ],
)
def test_the_proposer_is_told_the_decision_in_plain_words(
    caseworker, manager, decision, subject, words
):
    proposal = _proposal(caseworker)
    services.restriction_decide(
        restriction=proposal, manager=manager, decision=decision, reason="Clear evidence"
    )
    told = Notification.objects.get(recipient=caseworker)
    person = proposal.service_user
    assert told.subject == f"{subject}: {person.full_name}"
    assert f"{manager} {words}" in told.body
    if decision == "return":
        assert "for you to change and submit again" in told.body
    assert told.body.endswith("Their reasons: Clear evidence")
    assert "decided" not in told.subject + told.body


def test_an_approval_says_from_when_the_restriction_applies(caseworker, manager):
    proposal = _proposal(caseworker)
    services.restriction_decide(
        restriction=proposal, manager=manager, decision="approve", reason="Clear evidence"
    )
    told = Notification.objects.get(recipient=caseworker)
    today = timezone.localdate()
    assert f"It applies from {today.day} {today:%B %Y}." in told.body


def test_a_pending_email_is_not_mentioned_to_its_recipient(client_for, manager):
    outbox.notify(recipient=manager, key="event:7", subject="A review is due", body="B")
    for page in (reverse("home"), reverse("notifications")):
        body = client_for(manager).get(page).content.decode()
        assert "not sent" not in body
        assert "pending" not in body.lower()


def test_the_same_event_is_written_once(manager):
    first = outbox.notify(recipient=manager, key="event:1", subject="A", body="B")
    second = outbox.notify(recipient=manager, key="event:1", subject="A", body="B")
    assert first is not None
    assert second is None
    assert Notification.objects.count() == 1


def test_delivery_is_queued_only_after_the_action_commits(
    manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        outbox.notify(recipient=manager, key="event:2", subject="A", body="B")
        assert not mail.outbox
    assert len(callbacks) == 1


def test_a_notification_is_sent_once_however_often_delivery_runs(manager):
    notification = outbox.notify(
        recipient=manager, key="event:3", subject="Review due", body="Body"
    )
    assert outbox.deliver(notification.pk) is True
    assert outbox.deliver(notification.pk) is False
    assert [message.subject for message in mail.outbox] == ["Review due"]
    assert mail.outbox[0].to == [manager.email]


def test_with_the_broker_down_approval_succeeds_and_the_email_follows_once(
    caseworker, manager, django_capture_on_commit_callbacks, caplog
):
    proposal = _proposal(caseworker)
    Notification.objects.all().delete()
    with broker_at("redis://127.0.0.1:1/0"), django_capture_on_commit_callbacks(execute=True):
        services.restriction_decide(
            restriction=proposal, manager=manager, decision="approve", reason="Yes"
        )  # nothing listens on port 1
    assert "Broker unavailable" in caplog.text
    proposal.refresh_from_db()
    told = Notification.objects.get(recipient=caseworker)
    assert proposal.state == RestrictionState.ACTIVE
    assert told.state == Notification.State.PENDING
    assert not mail.outbox
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert sweep_notifications() == 1
        assert sweep_notifications() == 0
    told.refresh_from_db()
    assert told.state == Notification.State.SENT
    assert len(mail.outbox) == 1


def test_the_sweep_leaves_a_new_notification_to_its_own_task(manager):
    outbox.notify(recipient=manager, key="event:4", subject="A", body="B")
    assert sweep_notifications() == 0


def test_a_mail_server_failure_keeps_the_notification_pending_with_the_error(manager, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    notification = outbox.notify(recipient=manager, key="event:5", subject="A", body="B")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert sweep_notifications() == 0
    notification.refresh_from_db()
    assert notification.state == Notification.State.PENDING
    assert notification.last_error


def test_home_page_lists_the_proposal_not_the_notification(client_for, caseworker, manager):
    proposal = _proposal(caseworker)
    body = client_for(manager).get(reverse("home")).content.decode()
    assert proposal.get_absolute_url() in body
    assert "A restriction awaits your decision" not in body


def test_home_page_forgets_a_proposal_another_manager_decided(client_for, caseworker, manager):
    proposal = _proposal(caseworker)
    other = UserFactory(role="Manager", team=manager.team)
    services.restriction_decide(
        restriction=proposal, manager=other, decision="approve", reason="Yes"
    )
    response = client_for(manager).get(reverse("home"))
    assert response.context["approvals"] == []
    assert proposal.service_user.full_name not in response.content.decode()


def test_home_page_links_to_the_notification_history(client_for, caseworker):
    body = client_for(caseworker).get(reverse("home")).content.decode()
    assert f'href="{reverse("notifications")}"' in body


def test_the_history_keeps_a_notification_after_the_work_is_done(client_for, caseworker, manager):
    proposal = _proposal(caseworker)
    other = UserFactory(role="Manager", team=manager.team)
    services.restriction_decide(
        restriction=proposal, manager=other, decision="approve", reason="Yes"
    )
    body = client_for(manager).get(reverse("notifications")).content.decode()
    assert "A restriction awaits your decision" in body
    assert proposal.get_absolute_url() in body


def test_the_history_shows_only_the_persons_own_notifications_newest_first(
    client_for, manager, caseworker
):
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)):
        outbox.notify(recipient=manager, key="old", subject="Older news", body="B")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
        outbox.notify(recipient=manager, key="new", subject="Newer news", body="B")
    outbox.notify(recipient=caseworker, key="theirs", subject="Someone else's news", body="B")
    response = client_for(manager).get(reverse("notifications"))
    assert [n.subject for n in response.context["notifications"]] == ["Newer news", "Older news"]


def test_the_history_is_paged_with_fixed_queries(client_for, manager, django_assert_num_queries):
    Notification.objects.bulk_create(
        Notification(recipient=manager, key=f"many:{n}", subject=f"News {n}", body="B")
        for n in range(60)
    )
    client = client_for(manager)
    # However many: session, user, roles and permissions, the count and the page.
    with django_assert_num_queries(5):
        response = client.get(reverse("notifications"), {"page": 2})
    page = response.content.decode()
    assert len(response.context["notifications"]) == NOTIFICATIONS_PAGE_SIZE
    assert "Page 2 of 3" in page
    assert 'rel="next"' in page
    assert 'rel="prev"' in page


def test_the_history_says_nothing_in_plain_words_when_empty(client_for, caseworker):
    body = client_for(caseworker).get(reverse("notifications")).content.decode()
    assert "You have not been sent any notifications yet." in body


def test_review_jobs_notify_once(manager):
    from restrictions.models import Review
    from tests.restrictions.test_reviews import _approved, _run_on

    _approved(dt.date(2026, 1, 1), approver=UserFactory(role="Manager", team=manager.team))
    _run_on(dt.date(2026, 4, 1))
    assert Notification.objects.filter(key__startswith="review-raised").exists()
    review = Review.objects.get()
    assert services.reviews_flag_overdue(today=review.due_on + dt.timedelta(days=1)) >= 1
    assert services.reviews_flag_overdue(today=review.due_on + dt.timedelta(days=1)) == 0


def test_managers_hear_of_terms_ending_within_fourteen_days_once(manager):
    from tests.restrictions.test_reviews import _approved

    restriction = _approved(dt.date(2026, 1, 1))  # ends 31 March 2026
    assert services.terms_remind_ending(today=dt.date(2026, 3, 16)) == 0
    assert services.terms_remind_ending(today=dt.date(2026, 3, 17)) >= 1
    assert services.terms_remind_ending(today=dt.date(2026, 3, 18)) == 0
    assert restriction.terms.count() == 1


def test_a_recipient_without_email_is_not_tried_again(db):
    nobody = UserFactory(email="")
    notification = outbox.notify(recipient=nobody, key="event:6", subject="A", body="B")
    assert outbox.deliver(notification.pk) is False
    notification.refresh_from_db()
    assert notification.attempts == outbox.MAX_ATTEMPTS
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert notification.pk not in outbox.pending_ids()


class CountingBackend(locmem.EmailBackend):
    """The test mailbox, counting the connections opened to it."""

    opened = 0

    def open(self):
        type(self).opened += 1
        return super().open()


class FailingOnThirdBackend(locmem.EmailBackend):
    """A mail server that takes two messages, then refuses the third."""

    def send_messages(self, messages):
        if len(mail.outbox) == 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def _many(recipient, count, prefix="many"):
    return outbox.notify_many(
        [
            outbox.told_each([recipient], key=f"{prefix}:{n}", subject=f"News {n}", body="B")[0]
            for n in range(count)
        ]
    )


def test_many_notifications_are_written_once_per_key_and_queued_together(
    manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        ids = outbox.notify_many(
            outbox.told_each([manager], key="event:8", subject="A", body="B")
            + outbox.told_each([manager], key="event:9", subject="A", body="B")
        )
    assert len(ids) == 2
    assert len(callbacks) == 1  # one delivery task for them all
    again = outbox.notify_many(outbox.told_each([manager], key="event:8", subject="C", body="D"))
    assert again == []  # already written: neither written nor queued again
    assert Notification.objects.count() == 2
    assert Notification.objects.get(pk=ids[0]).subject == "A"
    assert Notification.objects.get(pk=ids[0]).key == f"event:8:{manager.pk}"


def test_a_batch_is_sent_through_one_connection_and_marked_sent(manager, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CountingBackend"}}
    CountingBackend.opened = 0
    _many(manager, 30)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        assert sweep_notifications() == 30
    assert CountingBackend.opened == 1
    assert len(mail.outbox) == 30
    assert not Notification.objects.exclude(state=Notification.State.SENT).exists()
    assert Notification.objects.filter(attempts=1, sent_at__isnull=False).count() == 30


def test_sending_takes_the_same_few_queries_for_one_or_many(manager, django_assert_max_num_queries):
    for count in (1, 50):
        ids = _many(manager, count, prefix=f"batch{count}")
        # Lock and read the batch with its recipients, mark it sent; a savepoint in a test.
        with django_assert_max_num_queries(4):
            assert outbox.deliver_many(ids) == (count, None)


def test_a_failure_mid_batch_is_recorded_on_its_notification_and_the_rest_wait(manager, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingOnThirdBackend"}}
    ids = _many(manager, 5)
    sent, error = outbox.deliver_many(ids)
    assert sent == 2
    assert isinstance(error, smtplib.SMTPServerDisconnected)
    by_id = Notification.objects.in_bulk(ids)
    states = [(by_id[pk].state, by_id[pk].attempts, bool(by_id[pk].last_error)) for pk in ids]
    assert states == [
        ("sent", 1, False),
        ("sent", 1, False),
        ("pending", 1, True),  # the one the server refused
        ("pending", 0, False),  # untried, for the retry
        ("pending", 0, False),
    ]


def test_the_delivery_task_retries_what_a_failing_server_left(manager, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingOnThirdBackend"}}
    ids = _many(manager, 3)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        outbox.deliver_notifications.run(ids)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert outbox.deliver_notifications.run(ids) == 1  # the two sent are not sent again
    assert len(mail.outbox) == 3


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_notification_exactly_once():
    recipient = UserFactory()
    ids = _many(recipient, 5)
    with mock.patch.object(outbox, "DELIVERY_BATCH", 2):
        first, second = two_runs_at_once(
            lambda: outbox.deliver_many(ids)[0], pause_at="musuc.outbox._message"
        )
    assert (first, second) == (2, 3)
    keys = [message.extra_headers["X-MUSUC-Notification"] for message in mail.outbox]
    assert sorted(keys) == sorted(Notification.objects.values_list("key", flat=True))
    assert Notification.objects.filter(state=Notification.State.SENT).count() == 5
