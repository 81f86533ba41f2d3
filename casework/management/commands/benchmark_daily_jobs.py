"""Time the daily jobs at scale: a figure for the README, not a test.

Fills the database when it is short (seed_demo for people and contacts, then restrictions
and terms in bulk, of which a share are due), runs each job twice and prints how long each
run took: the second run shows the cost of finding nothing to do.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from contacts.models import Contact, ServiceUser
from musuc import outbox
from musuc.models import User
from restrictions import rules, services
from restrictions.choices import RestrictionState
from restrictions.models import Restriction, Term


class Command(BaseCommand):
    help = "Fill the database to size and time each daily job (twice)."

    def add_arguments(self, parser):
        parser.add_argument("--service-users", type=int, default=50_000)
        parser.add_argument("--contacts", type=int, default=1_000_000)
        parser.add_argument("--restrictions", type=int, default=100_000)
        parser.add_argument("--due-percent", type=float, default=1.0)
        parser.add_argument("--force", action="store_true", help="Run with DEBUG off.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("The benchmark writes synthetic data: give --force with DEBUG off.")
        if Contact.objects.count() < options["contacts"]:
            call_command(
                "seed_demo",
                service_users=options["service_users"],
                contacts=options["contacts"],
                batch_size=10_000,
                force=True,
                stdout=self.stdout,
            )
        self.fill_restrictions(options["restrictions"], options["due_percent"])
        # Emails go nowhere and no delivery task is queued: the benchmark measures the jobs,
        # not a mail server or a broker (and never mails real staff).
        with (
            override_settings(
                MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
            ),
            mock.patch("musuc.outbox.enqueue"),
        ):
            self.time_jobs()

    def fill_restrictions(self, total: int, due_percent: float) -> None:
        have = Restriction.objects.filter(reasons="Benchmark").count()
        if have >= total:
            self.stdout.write(f"{have:,} benchmark restrictions already there.")
            return
        rnd = random.Random(7)  # noqa: S311 - repeatable synthetic data
        people = list(ServiceUser.objects.values_list("pk", flat=True)[:total])
        manager = User.objects.get(username="manager")
        today = timezone.localdate()
        due_every = max(1, round(100 / due_percent))
        started, made, batch = time.monotonic(), have, 5_000
        while made < total:
            size = min(batch, total - made)
            restrictions, terms_for = [], []
            for index in range(made, made + size):
                due = index % due_every == 0
                starts_on = today - dt.timedelta(days=120 if due else rnd.randrange(1, 80))
                state = RestrictionState.ACTIVE
                if index % due_every == 1:
                    state, starts_on = RestrictionState.APPROVED, today
                restrictions.append(
                    Restriction(
                        service_user_id=people[index % len(people)],
                        state=state,
                        reasons="Benchmark",
                        term_months=3,
                        starts_on=starts_on,
                        access_route="Post",
                        proposed_by=manager,
                        decided_by=manager,
                        decided_at=timezone.now(),
                    )
                )
                terms_for.append(state == RestrictionState.ACTIVE)
            with transaction.atomic():
                created = Restriction.objects.bulk_create(restrictions)
                Term.objects.bulk_create(
                    Term(
                        restriction=restriction,
                        number=1,
                        starts_on=restriction.starts_on,
                        ends_on=rules.term_end(restriction.starts_on, 3),
                        months=3,
                        decided_by=manager,
                        decided_at=restriction.decided_at,
                        reason="Benchmark",
                    )
                    for restriction, has_term in zip(created, terms_for, strict=True)
                    if has_term
                )
            made += size
            self.stdout.write(
                f"  restrictions: {made:,}/{total:,} ({made * 100 // total}%) "
                f"{time.monotonic() - started:.0f} s"
            )

    def time_jobs(self) -> None:
        later = timezone.now() + dt.timedelta(minutes=2)
        jobs = [
            ("activate approved restrictions", services.restrictions_activate_due),
            ("raise reviews for ended terms", services.reviews_raise_due),
            ("remind of terms ending in 14 days", services.terms_remind_ending),
            ("flag overdue reviews", services.reviews_flag_overdue),
            (
                "send pending notifications",
                lambda: sum(
                    outbox.deliver(pk) for pk in outbox.pending_ids(now=later, limit=1_000_000)
                ),
            ),
        ]
        self.stdout.write(f"{'job':<36} {'run':>4} {'done':>8} {'seconds':>8}")
        for name, job in jobs:
            for run in (1, 2):
                started = time.monotonic()
                done = job()
                self.stdout.write(
                    f"{name:<36} {run:>4} {done:>8,} {time.monotonic() - started:>8.2f}"
                )
