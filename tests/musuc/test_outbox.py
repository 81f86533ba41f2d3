import datetime as dt

import time_machine
from django.core import mail
from django.utils import timezone

from musuc import outbox
from musuc.models import Notification
from musuc.tasks import sweep_notifications
from restrictions import services
from restrictions.choices import ConditionKind, RestrictionState
from tests.conftest import broker_at
from tests.contacts.factories import ContactFactory, ServiceUserFactory
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


def test_home_page_lists_the_notifications(client_for, caseworker, manager):
    _proposal(caseworker)
    body = client_for(manager).get("/").content.decode()
    assert "A restriction awaits your decision" in body


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
