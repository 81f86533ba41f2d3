"""The Celery application; the beat schedule lives here, in code."""

from __future__ import annotations

import os

from celery import Celery, signals
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musuc.settings")

app = Celery("musuc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The outbox's delivery and sweep live beside it, not in a tasks module; so do the letters'.
app.conf.imports = ("musuc.outbox", "letters.delivery")


@signals.worker_init.connect
def _use_job_timeouts(**kwargs) -> None:
    """The worker's connections get the jobs' longer database timeouts (pool children too),
    and the working-day calendar is read before the first job needs it."""
    from musuc import calendar
    from musuc.db import use_timeouts

    use_timeouts("worker")
    calendar.load()


app.conf.beat_schedule = {
    "activate-due-restrictions": {
        "task": "restrictions.tasks.activate_due_restrictions",
        "schedule": crontab(hour=0, minute=5),
    },
    "raise-due-reviews": {
        "task": "restrictions.tasks.raise_due_reviews",
        "schedule": crontab(hour=0, minute=10),
    },
    "flag-overdue-reviews": {
        "task": "restrictions.tasks.flag_overdue_reviews",
        "schedule": crontab(hour=7, minute=0),
    },
    "remind-terms-ending": {
        "task": "restrictions.tasks.remind_terms_ending",
        "schedule": crontab(hour=7, minute=5),
    },
    "remind-disputes-due-soon": {
        "task": "disputes.tasks.remind_disputes_due_soon",
        "schedule": crontab(hour=7, minute=10),
    },
    "flag-overdue-disputes": {
        "task": "disputes.tasks.flag_overdue_disputes",
        "schedule": crontab(hour=7, minute=15),
    },
    "sweep-notifications": {
        "task": "musuc.outbox.sweep_notifications",
        "schedule": 60.0,
    },
    "sweep-letter-deliveries": {
        "task": "letters.delivery.sweep_letter_deliveries",
        "schedule": 60.0,
    },
    "remove-expired-sessions": {
        "task": "musuc.tasks.remove_expired_sessions",
        "schedule": crontab(hour=2, minute=15),
    },
}

# A bounded trial of several beats and workers sets this to fire every daily job every few
# seconds instead of once a day.
if every := os.environ.get("BEAT_EVERY_SECONDS"):
    for entry in app.conf.beat_schedule.values():
        entry["schedule"] = float(every)
