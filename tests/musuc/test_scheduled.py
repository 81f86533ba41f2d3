import datetime as dt

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from musuc.celery import app as celery_app
from musuc.tasks import remove_expired_sessions


def test_expired_sessions_are_removed_and_a_second_run_removes_nothing(db):
    live = SessionStore()
    live.create()
    gone = SessionStore()
    gone.create()
    Session.objects.filter(session_key=gone.session_key).update(
        expire_date=timezone.now() - dt.timedelta(minutes=1)
    )
    assert remove_expired_sessions() == 1
    assert remove_expired_sessions() == 0
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_beat_schedule_names_registered_tasks():
    celery_app.loader.import_default_modules()
    for entry in celery_app.conf.beat_schedule.values():
        assert entry["task"] in celery_app.tasks


def test_run_scheduled_jobs_runs_every_beat_job_once(db, capsys):
    from django.core.management import call_command

    call_command("run_scheduled_jobs")
    out = capsys.readouterr().out
    for name in celery_app.conf.beat_schedule:
        assert f"{name}: 0 (" in out
