"""Time the daily jobs at scale: a figure for the README, not a test.

Fills the database when it is short (seed_demo for people and contacts, then restrictions
and terms in bulk, of which a share are due), brings the planner's statistics up to date, runs
each job twice and prints how long each run took and how many queries it made per item done:
the second run shows the cost of finding nothing to do. The jobs use up what is due, so a
second benchmark on the same database finds nothing: time a fresh copy.

With ``--fill-only`` it fills and analyses the tables and stops, leaving the work due for
whatever runs the jobs itself (scripts/scale_out.py: several workers and beats at once); the
sizes go down to a few dozen rows for such a trial or a test.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from unittest import mock

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from casework.benchmarking import QueryCounter, add_force_argument, refuse_without_force
from casework.seeding.staff import ensure_staff
from contacts.models import Contact, ServiceUser
from musuc import outbox
from musuc.calendar import bank_holidays
from musuc.models import Notification, User
from restrictions import rules, services
from restrictions.choices import RestrictionState
from restrictions.models import Restriction, Review, Term

# The tables the benchmark fills or the jobs read, with their histories.
FILLED = (ServiceUser, Contact, Restriction, Term, Review, Notification)
# The tables the jobs write.
JOB_TABLES = (Restriction, Term, Review, Notification)


class Command(BaseCommand):
    help = "Fill the database to size and time each daily job (twice)."

    def add_arguments(self, parser):
        parser.add_argument("--service-users", type=int, default=50_000)
        parser.add_argument("--contacts", type=int, default=1_000_000)
        parser.add_argument("--restrictions", type=int, default=100_000)
        parser.add_argument(
            "--due-percent",
            type=float,
            default=1.0,
            help="Restrictions with work due: as many whose term has ended, as many approved "
            "to start today (at most 50).",
        )
        parser.add_argument(
            "--fill-only",
            action="store_true",
            help="Fill the tables and ANALYZE them, and run no job: the work stays due.",
        )
        add_force_argument(parser)

    def handle(self, *args, **options):
        refuse_without_force(options)
        if not 0 < options["due_percent"] <= 50:
            raise CommandError("--due-percent must be more than 0 and at most 50.")
        if min(options["service_users"], options["restrictions"]) < 1:
            raise CommandError("--service-users and --restrictions must be at least 1.")
        short = ServiceUser.objects.count() < options["service_users"]
        if short or Contact.objects.count() < options["contacts"]:
            call_command(
                "seed_demo",
                service_users=options["service_users"],
                contacts=options["contacts"],
                batch_size=10_000,
                force=True,
                stdout=self.stdout,
            )
        else:
            ensure_staff()  # the fill's restrictions are the demo manager's
        self.fill_restrictions(options["restrictions"], options["due_percent"])
        self.analyze()
        if options["fill_only"]:
            self.say_due()
            return
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

    def say_due(self) -> None:
        """What the jobs would find, as the fill left it."""
        today = timezone.localdate()
        benchmark = Restriction.objects.filter(reasons="Benchmark")
        to_start = benchmark.filter(state=RestrictionState.APPROVED, starts_on__lte=today)
        ended = Term.objects.filter(
            restriction__in=benchmark, restriction__state=RestrictionState.ACTIVE, ends_on__lt=today
        )
        self.stdout.write(
            f"Filled; no job run. Due: {to_start.count():,} restrictions to put in force, "
            f"{ended.count():,} ended terms to review."
        )

    def analyze(self, models=FILLED) -> None:
        """Bring the planner's statistics up to date: tables filled in bulk a moment ago are
        otherwise planned as nearly empty (it once believed 100,000 restrictions were 3 rows,
        and each lock scanned the table)."""
        tables = [model._meta.db_table for model in models]
        tables += [
            model.history.model._meta.db_table for model in models if hasattr(model, "history")
        ]
        self.stdout.write(f"ANALYZE {', '.join(tables)} …")
        started = time.monotonic()
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        self.stdout.write(f"  done in {time.monotonic() - started:.1f} s")

    def time_jobs(self) -> None:
        # The holidays package imports every country on first use (0.5–2 s, once a process):
        # paid here, so the review job's figure is the job's.
        bank_holidays(timezone.localdate().year)
        jobs: list[tuple[str, Callable[[], int]]] = [
            ("activate approved restrictions", services.restrictions_activate_due),
            ("raise reviews for ended terms", services.reviews_raise_due),
            ("remind of terms ending in 14 days", services.terms_remind_ending),
            ("flag overdue reviews", services.reviews_flag_overdue),
            # Last, and its cut-off taken when it runs: everything the jobs above wrote is
            # pending by then (the sweep leaves the last minute's to their own tasks).
            (
                "send pending notifications",
                lambda: outbox.deliver_pending(now=timezone.now() + dt.timedelta(minutes=2))[0],
            ),
        ]
        # Seconds by the clock, and of this process's own CPU: on a machine shared with other
        # work the first can be twice the second for reasons of its own.
        self.stdout.write(
            f"{'job':<36} {'run':>4} {'done':>8} {'seconds':>8} {'cpu s':>6} {'queries':>8} "
            f"{'per item':>9}"
        )
        for index, (name, job) in enumerate(jobs):
            if index:
                # What the job before wrote (reviews, states, notifications) is hours old when
                # the next runs in production, and autovacuum has analysed it; here it is
                # seconds old, and a planner that still thinks the reviews table is empty
                # joins each review to every restriction due a review (0.2 s a batch).
                self.analyze(JOB_TABLES)
            for run in (1, 2):
                self.stdout.write(f"{name} (run {run}) …", ending="\r")
                self.stdout.flush()
                queries = QueryCounter()
                started, cpu = time.monotonic(), time.process_time()
                with connection.execute_wrapper(queries):
                    done = job()
                seconds, cpu = time.monotonic() - started, time.process_time() - cpu
                per_item = f"{queries.count / done:.3f}" if done else "-"
                self.stdout.write(
                    f"{name:<36} {run:>4} {done:>8,} {seconds:>8.2f} {cpu:>6.2f} "
                    f"{queries.count:>8,} {per_item:>9}"
                )
