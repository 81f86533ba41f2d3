from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from musuc.roles import Role, grant_role_permissions

# Where the browser journeys save their screenshots (tests/browser/conftest.py).
SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    """Run in parallel, the controller clears last run's screenshots once, before any worker
    starts; the workers only add to the folder."""
    config = session.config
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)


def role_group(role: str) -> Group:
    """The role's group, made again from ROLE_PERMISSIONS if a flush took it away."""
    group = Group.objects.filter(name=role).first()
    if group is None:
        grant_role_permissions()
        group = Group.objects.get(name=role)
    return group


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Each test stores attachments in its own folder, and hashes passwords quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "attachments", "base_url": None},
        },
    }


def _user(role: Role, username: str):
    from tests.musuc.factories import UserFactory

    return UserFactory(username=username, role=role.value)


@pytest.fixture
def caseworker(db):
    return _user(Role.CASEWORKER, "caseworker")


@pytest.fixture
def manager(db):
    return _user(Role.MANAGER, "manager")


@pytest.fixture
def qsr(db):
    return _user(Role.QSR, "qsr")


@pytest.fixture
def administrator(db):
    return _user(Role.ADMINISTRATOR, "administrator")


@pytest.fixture
def users_by_role(caseworker, manager, qsr, administrator):
    return {
        "caseworker": caseworker,
        "manager": manager,
        "qsr": qsr,
        "administrator": administrator,
    }


@pytest.fixture
def client_for(client):
    """A client signed in as the given user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def caseworker_client(client_for, caseworker):
    return client_for(caseworker)


@pytest.fixture(scope="session", autouse=True)
def _purge_test_messages():
    """Tests that commit queue real delivery tasks no worker consumes: clear them at the end."""
    yield
    from musuc.celery import app as celery_app

    with contextlib.suppress(Exception):  # nothing to purge when no broker answers
        celery_app.control.purge()


@contextlib.contextmanager
def broker_at(url: str):
    """Point the Celery app at another broker for a while.

    Celery keeps its connection and producer pools once made; they are dropped on the way in
    and out so that publishing really goes to ``url``, and afterwards to the usual broker.
    """
    from musuc.celery import app as celery_app

    def drop_pools():
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    drop_pools()
    try:
        yield
    finally:
        celery_app.conf.broker_url = original
        drop_pools()
