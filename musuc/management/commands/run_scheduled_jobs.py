"""Run the daily jobs now, as beat would: for operators, and for the demo."""

from __future__ import annotations

import time

from celery import current_app as celery_app  # the project's app, musuc.celery
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run every scheduled job once, in order, and print what each did."

    def handle(self, *args, **options):
        celery_app.loader.import_default_modules()
        for name, entry in celery_app.conf.beat_schedule.items():
            started = time.monotonic()
            result = celery_app.tasks[entry["task"]].apply().get()
            self.stdout.write(f"{name}: {result} ({time.monotonic() - started:.2f} s)")
