"""A session ends after 30 minutes without activity, and is not written on every request."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _writes_to_sessions(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
    ]


def _expiry():
    return Session.objects.get().expire_date


def test_a_request_soon_after_the_last_refresh_writes_nothing(client_for, caseworker):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(caseworker)
        signed_in_until = _expiry()
        clock.shift(dt.timedelta(minutes=4))
        assert _writes_to_sessions(client) == []
        assert _expiry() == signed_in_until


def test_working_past_the_refresh_interval_pushes_the_expiry_on(client_for, caseworker):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(caseworker)
        clock.shift(dt.timedelta(minutes=6))
        assert _writes_to_sessions(client)
        assert _expiry() == timezone.now() + dt.timedelta(minutes=30)


def test_someone_who_keeps_working_stays_signed_in(client_for, caseworker):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(caseworker)
        for _ in range(20):  # an hour and twenty minutes, a page every four minutes
            clock.shift(dt.timedelta(minutes=4))
            assert client.get(reverse("home")).status_code == 200


def test_thirty_minutes_without_activity_signs_out(client_for, caseworker):
    with time_machine.travel(START, tick=False) as clock:
        client = client_for(caseworker)
        clock.shift(dt.timedelta(minutes=4))
        client.get(reverse("home"))  # within the interval: the expiry stays at sign-in's
        clock.shift(dt.timedelta(minutes=26, seconds=1))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("sign-in"))


def test_a_visitor_who_is_not_signed_in_gets_no_session_row(client):
    client.get(reverse("sign-in"))
    assert not Session.objects.exists()


def test_roles_and_permissions_are_read_in_one_query(client_for, manager):
    client = client_for(manager)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    reads = [q["sql"] for q in queries.captured_queries if '"auth_group"' in q["sql"]]
    assert len(reads) == 1
