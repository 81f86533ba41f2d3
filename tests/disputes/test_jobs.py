"""The daily dispute jobs: due-soon reminders and overdue flags, each once, however often run."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from disputes import services
from disputes.models import Dispute
from disputes.tasks import flag_overdue_disputes, remind_disputes_due_soon
from musuc.models import Notification
from tests.disputes.factories import QSR, in_force, recorded
from tests.musuc.factories import UserFactory

LONDON_NOON = dt.time(12)


def _received(on: dt.date):
    restriction = in_force(starts_on=on - dt.timedelta(days=10))
    with time_machine.travel(dt.datetime.combine(on, LONDON_NOON), tick=False):
        return recorded(restriction)


def _on(day, task):
    with time_machine.travel(dt.datetime.combine(day, dt.time(7, 10)), tick=False):
        return task()


def test_the_team_is_reminded_once_of_an_unassigned_dispute_due_within_5_working_days(db):
    team = [UserFactory(role=QSR), UserFactory(role=QSR)]
    dispute = _received(dt.date(2026, 11, 6))  # due Friday 4 December
    assert _on(dt.date(2026, 11, 26), remind_disputes_due_soon) == 0  # 6 working days
    assert _on(dt.date(2026, 11, 27), remind_disputes_due_soon) == 1  # 5 working days
    assert _on(dt.date(2026, 11, 27), remind_disputes_due_soon) == 0
    assert _on(dt.date(2026, 11, 30), remind_disputes_due_soon) == 0
    for member in team:
        assert (
            Notification.objects.filter(
                recipient=member, key__startswith=f"dispute-due-soon:{dispute.pk}"
            ).count()
            == 1
        )


def test_the_assignee_alone_is_reminded_of_an_assigned_dispute(db):
    qsr, colleague = UserFactory(role=QSR), UserFactory(role=QSR)
    dispute = _received(dt.date(2026, 11, 6))
    services.dispute_assign(dispute=dispute, assigned_by=colleague, assignee=qsr)
    _on(dt.date(2026, 12, 1), remind_disputes_due_soon)
    reminded = Notification.objects.filter(key__startswith="dispute-due-soon")
    assert [n.recipient for n in reminded] == [qsr]


def test_an_overdue_dispute_is_flagged_and_notified_once_even_after_downtime(db):
    qsr = UserFactory(role=QSR)
    dispute = _received(dt.date(2026, 11, 6))
    assert _on(dt.date(2026, 12, 4), flag_overdue_disputes) == 0  # due today: not yet
    assert _on(dt.date(2026, 12, 14), flag_overdue_disputes) == 1  # days late, caught up
    assert _on(dt.date(2026, 12, 15), flag_overdue_disputes) == 0
    dispute.refresh_from_db()
    assert dispute.overdue_flagged_at is not None
    assert dispute.history.latest().history_change_reason == "Past its due date"
    assert (
        Notification.objects.filter(recipient=qsr, key__startswith="dispute-overdue").count() == 1
    )


def test_disputes_no_longer_open_are_neither_reminded_nor_flagged(db):
    qsr = UserFactory(role=QSR)
    dispute = _received(dt.date(2026, 11, 6))
    services.dispute_withdraw(dispute=dispute, withdrawn_by=qsr, reason="Withdrawn by phone")
    assert _on(dt.date(2026, 12, 1), remind_disputes_due_soon) == 0
    assert _on(dt.date(2026, 12, 14), flag_overdue_disputes) == 0


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_flag_each_dispute_once():
    UserFactory(role=QSR)
    for received in (dt.date(2026, 11, 2), dt.date(2026, 11, 3), dt.date(2026, 11, 4)):
        _received(received)
    results = []

    def run():
        try:
            results.append(services.disputes_flag_overdue(today=dt.date(2026, 12, 20)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 3
    assert Dispute.objects.filter(overdue_flagged_at__isnull=False).count() == 3
    assert Notification.objects.filter(key__startswith="dispute-overdue").count() == 3
