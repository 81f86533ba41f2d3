"""A held lock or a slow statement answers "try again later" quickly instead of hanging."""

import contextlib
import copy
import time

import psycopg2
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from musuc.db import set_timeouts, use_timeouts
from tests.musuc.factories import UserFactory


@pytest.fixture
def web_timeouts(settings):
    """This process's connection behaves as a web worker's, with short timeouts."""
    settings.DATABASE_TIMEOUTS = {
        **settings.DATABASE_TIMEOUTS,
        "web": {"statement_timeout": 1_000, "lock_timeout": 300},
    }
    saved = copy.deepcopy(connection.settings_dict.get("OPTIONS", {}))
    use_timeouts("web")
    yield
    set_timeouts(statement_timeout=0, lock_timeout=0)
    connection.settings_dict["OPTIONS"] = saved


@contextlib.contextmanager
def _lock_held():
    """Another session holds an exclusive lock on the service users' table."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    other = psycopg2.connect(**params)
    try:
        with other.cursor() as cursor:
            cursor.execute("LOCK TABLE contacts_serviceuser IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        other.rollback()
        other.close()


def _signed_in_client(role="Caseworker"):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(role=role))
    return client


def test_a_locked_table_answers_503_quickly_with_the_service_problem_page(
    transactional_db, web_timeouts, caplog
):
    client = _signed_in_client()
    with _lock_held():
        started = time.monotonic()
        response = client.get(reverse("contacts:case-file", args=["SU-000001"]))
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert elapsed < 5
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert any(record.status_code == 503 for record in caplog.records if record.exc_info)


def test_a_statement_that_runs_too_long_is_cancelled(transactional_db, web_timeouts):
    with connection.cursor() as cursor, pytest.raises(Exception, match="statement timeout"):
        cursor.execute("SELECT pg_sleep(5)")


def test_web_timeouts_apply_to_connections_opened_later(transactional_db, web_timeouts):
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone() == ("300ms",)


def test_other_errors_are_still_a_500(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("casework.views.HomeView.get_context_data", broken)
    response = _signed_in_client().get(reverse("home"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_the_web_entry_point_sets_the_web_timeouts(monkeypatch):
    import importlib
    import sys

    chosen = []
    monkeypatch.setattr("musuc.db.use_timeouts", chosen.append)
    # Imported only with the stand-in in place: the real call would give this test process
    # the web timeouts (and touch the database outside a test's reach).
    if "musuc.wsgi" in sys.modules:
        importlib.reload(sys.modules["musuc.wsgi"])
    else:
        importlib.import_module("musuc.wsgi")
    assert chosen == ["web"]


def test_the_worker_sets_the_job_timeouts(monkeypatch):
    from celery import signals

    from musuc.celery import _use_job_timeouts

    chosen = []
    monkeypatch.setattr("musuc.db.use_timeouts", chosen.append)
    assert _use_job_timeouts in [ref() for _key, ref in signals.worker_init.receivers]
    _use_job_timeouts()
    assert chosen == ["worker"]


def test_job_timeouts_are_longer_than_web_ones(settings):
    web, worker = settings.DATABASE_TIMEOUTS["web"], settings.DATABASE_TIMEOUTS["worker"]
    assert worker["statement_timeout"] > web["statement_timeout"] > web["lock_timeout"] > 0
    assert worker["lock_timeout"] > web["lock_timeout"]
