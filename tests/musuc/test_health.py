import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from tests.conftest import broker_at


def test_healthz_answers_without_signing_in(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_reports_a_broker_that_does_not_answer(client, db):
    with broker_at("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


class _UnreachableDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


def test_healthz_reports_a_database_that_does_not_answer(client, db, monkeypatch):
    monkeypatch.setattr("musuc.health.connection", _UnreachableDatabase())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_only_answers_get(client, db, method):
    assert getattr(client, method)(reverse("healthz")).status_code == 405


def test_the_suite_runs_on_postgresql(db):
    from django.db import connection

    assert connection.vendor == "postgresql"
