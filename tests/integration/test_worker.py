"""A real Celery worker, consuming from Redis, runs the beat job and sends its email."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from musuc.celery import app as celery_app
from musuc.models import Notification
from restrictions.models import Review
from restrictions.tasks import raise_due_reviews
from tests.conftest import broker_at
from tests.musuc.factories import UserFactory
from tests.restrictions.test_reviews import _approved

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_TEST_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def worker(tmp_path):
    """A worker on its own queue and Redis database, pointed at the test database."""
    queue = f"musuc-test-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "REDIS_URL": REDIS_TEST_URL,
        "CELERY_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "musuc",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    saved_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        with broker_at(REDIS_TEST_URL):
            yield tmp_path / "mail"
    finally:
        celery_app.conf.task_default_queue = saved_queue
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])  # shown if the test fails


def test_a_review_raised_by_the_beat_job_and_its_email_go_through_a_real_worker(worker):
    approver = UserFactory(role="Manager", email="approver@musuc.invalid")
    import datetime as dt

    _approved(dt.date(2026, 1, 1), approver=approver)
    raise_due_reviews.delay()  # as beat would: the worker runs the job
    deadline = time.monotonic() + 90
    sent = None
    while time.monotonic() < deadline:
        sent = Notification.objects.filter(
            key__startswith="review-raised", state=Notification.State.SENT
        ).first()
        if sent is not None and worker.exists() and any(worker.iterdir()):
            break
        time.sleep(0.5)
    assert Review.objects.count() == 1
    assert sent is not None, "the worker did not send the review notification"
    emails = "".join(path.read_text() for path in worker.iterdir())
    assert "A restriction review is due" in emails
    assert "approver@musuc.invalid" in emails
