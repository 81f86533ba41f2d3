import time

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from tests.conftest import broker_at


def test_healthz_answers_without_signing_in(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_stays_up_and_reports_a_broker_that_does_not_answer(client, db):
    with broker_at("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "down"}


def test_readyz_is_unavailable_while_the_broker_does_not_answer(client, db):
    with broker_at("redis://127.0.0.1:1/0"):
        response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


def test_readyz_answers_when_everything_does(client, db):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_a_broker_that_does_not_answer_does_not_hold_healthz_up(client, db):
    started = time.monotonic()
    with broker_at("redis://10.255.255.1:6379/0"):  # unroutable: the connection never opens
        client.get(reverse("healthz"))
    assert time.monotonic() - started < 8


class _UnreachableDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


@pytest.mark.parametrize("name", ["healthz", "readyz"])
def test_health_reports_a_database_that_does_not_answer(client, db, monkeypatch, name):
    monkeypatch.setattr("musuc.health.connection", _UnreachableDatabase())
    response = client.get(reverse(name))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.parametrize("name", ["healthz", "readyz"])
def test_health_answers_head(client, db, name):
    response = client.head(reverse(name))
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("name", ["healthz", "readyz"])
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_health_only_answers_get_and_head(client, db, method, name):
    assert getattr(client, method)(reverse(name)).status_code == 405


def test_the_suite_runs_on_postgresql(db):
    from django.db import connection

    assert connection.vendor == "postgresql"
