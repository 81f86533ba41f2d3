import datetime as dt

from django.db import connection
from django.utils import timezone

from contacts import selectors
from tests.contacts.factories import ContactFactory


def test_contacts_logged_recently_are_newest_contact_first(caseworker):
    now = timezone.now()
    yesterdays = ContactFactory(logged_by=caseworker, occurred_at=now - dt.timedelta(days=1))
    # Logged later, about a contact of last week.
    last_weeks = ContactFactory(logged_by=caseworker, occurred_at=now - dt.timedelta(days=7))
    todays = ContactFactory(logged_by=caseworker, occurred_at=now - dt.timedelta(hours=1))
    ContactFactory(occurred_at=now)  # someone else's
    assert selectors.recent_contacts_logged_by(caseworker) == [todays, yesterdays, last_weeks]


def test_contacts_logged_recently_has_an_index_in_its_order(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'contact_logged_by_when_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "(logged_by_id, occurred_at DESC, id DESC)" in definition
