import datetime as dt

import time_machine
from django.utils import timezone

from restrictions import services
from restrictions.choices import RestrictionState
from restrictions.tasks import activate_due_restrictions
from tests.restrictions.factories import RestrictionFactory


def test_approved_restrictions_start_on_their_date_and_only_once(db):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    later = RestrictionFactory(state=RestrictionState.APPROVED, starts_on=tomorrow)
    assert services.restrictions_activate_due() == 0
    with time_machine.travel(dt.datetime.combine(tomorrow, dt.time(0, 5), tzinfo=dt.UTC)):
        assert activate_due_restrictions() == 1
        assert activate_due_restrictions() == 0
    later.refresh_from_db()
    assert later.state == RestrictionState.ACTIVE
    assert later.history.first().history_change_reason == "The start date came"


def test_activation_catches_up_after_downtime_in_batches(db):
    last_week = timezone.localdate() - dt.timedelta(days=7)
    for _ in range(5):
        RestrictionFactory(state=RestrictionState.APPROVED, starts_on=last_week)
    RestrictionFactory(state=RestrictionState.PENDING_APPROVAL, starts_on=last_week)
    assert services.restrictions_activate_due(batch_size=2) == 5
