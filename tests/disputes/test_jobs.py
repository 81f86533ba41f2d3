"""The daily dispute jobs: due-soon reminders and overdue flags, each once, however often run."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from disputes import services
from disputes.choices import DisputeState
from disputes.models import Dispute
from disputes.tasks import flag_overdue_disputes, remind_disputes_due_soon
from musuc.models import Notification
from tests.disputes.factories import QSR, in_force, recorded
from tests.musuc.concurrency import two_runs_at_once
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import restrictions_with_terms

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


def _many_received(count, *, assignee=None):
    """``count`` open disputes received on 6 November 2026 (due Friday 4 December), written in
    bulk: what the jobs' batches are measured on."""
    restrictions = restrictions_with_terms(count, starts_on=dt.date(2026, 10, 1))
    recorder = UserFactory(role="Caseworker")
    received = dt.datetime.combine(dt.date(2026, 11, 6), LONDON_NOON, tzinfo=dt.UTC)
    Dispute.objects.bulk_create(
        Dispute(
            service_user=restriction.service_user,
            restriction=restriction,
            term=restriction.terms.get(),
            received_at=received,
            channel="email",
            statement="Not fair",
            due_on=dt.date(2026, 12, 4),
            recorded_by=recorder,
            assigned_to=assignee,
            state=DisputeState.ASSIGNED if assignee else DisputeState.RECEIVED,
        )
        for restriction in restrictions
    )


DISPUTE_JOBS = {
    "remind": lambda **kw: services.disputes_remind_due_soon(today=dt.date(2026, 11, 27), **kw),
    "flag overdue": lambda **kw: services.disputes_flag_overdue(today=dt.date(2026, 12, 14), **kw),
}


# However many disputes: lock and read the batch, the QSR team (read once, for those with no
# assignee), the stamps as one UPDATE, their history copied by one INSERT, the notifications by
# another; in a test the batch's transaction is a savepoint, two more. "Due soon" reads the
# office's closure days first.
QUERIES = {"remind": 8, "flag overdue": 7}


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("job", DISPUTE_JOBS)
def test_a_batch_of_disputes_takes_the_same_few_queries(
    db, django_assert_max_num_queries, job, count
):
    UserFactory.create_batch(2, role=QSR)
    _many_received(count)
    with django_assert_max_num_queries(QUERIES[job]):
        assert DISPUTE_JOBS[job]() == count
    assert DISPUTE_JOBS[job]() == 0
    assert Notification.objects.count() == 2 * count


def test_assigned_disputes_need_no_look_up_of_the_team(db, django_assert_max_num_queries):
    qsr = UserFactory(role=QSR)
    _many_received(20, assignee=qsr)
    with django_assert_max_num_queries(QUERIES["remind"] - 1):
        assert services.disputes_remind_due_soon(today=dt.date(2026, 11, 27)) == 20
    assert Notification.objects.filter(recipient=qsr).count() == 20


def test_a_reminder_is_in_each_disputes_history_without_a_label(db):
    UserFactory(role=QSR)
    _many_received(3)
    services.disputes_remind_due_soon(today=dt.date(2026, 11, 27), batch_size=2)
    for dispute in Dispute.objects.all():
        latest = dispute.history.latest()
        assert latest.due_soon_reminded_at == dispute.due_soon_reminded_at is not None
        assert (latest.history_user, latest.history_change_reason) == (None, None)


def test_an_overdue_flag_is_in_each_disputes_history(db):
    UserFactory(role=QSR)
    _many_received(3)
    assert services.disputes_flag_overdue(today=dt.date(2026, 12, 14), batch_size=2) == 3
    for dispute in Dispute.objects.all():
        latest = dispute.history.latest()
        assert latest.overdue_flagged_at == dispute.overdue_flagged_at is not None
        assert latest.history_change_reason == "Past its due date"
        assert latest.history_user is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("job", DISPUTE_JOBS)
def test_two_runs_at_once_tell_of_each_dispute_exactly_once(job):
    qsr = UserFactory(role=QSR)
    _many_received(5)
    first, second = two_runs_at_once(
        lambda: DISPUTE_JOBS[job](batch_size=2), pause_at="musuc.records.saved_together"
    )
    assert (first, second) == (2, 3)  # the second skipped the batch the first held
    assert Notification.objects.filter(recipient=qsr).count() == 5
    assert Dispute.history.filter(history_type="~").count() == 5
