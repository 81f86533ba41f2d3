"""Time the QSR dispute queue at scale: a figure for the README, not a test.

Fills the database when it is short (seed_demo for people, then restrictions, terms and
disputes in bulk, most of them long closed as a queue's history is) and analyses it, then
requests the queue with each of its filters in turn, each time after the floor: the cheapest
page worth the name (the same middleware, one query for the newest 25 contacts with their
person, a plain template). It prints each view's median and 95th percentile, its queries and
its median over the floor's, so that a busy machine moves both alike.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

from django.contrib.admin import site
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from casework.benchmarking import (
    add_force_argument,
    percentile,
    refuse_without_force,
    urls_with_floor,
)
from contacts.models import ServiceUser
from disputes.choices import DisputeOutcome, DisputeState
from disputes.models import Dispute
from disputes.services import qsr_members
from musuc.models import User
from musuc.pagination import SeekOrder
from restrictions.choices import RestrictionState
from restrictions.models import Restriction, Term

OPEN_SHARE = 0.05  # of disputes still awaiting an outcome; the rest are closed


class Command(BaseCommand):
    help = "Fill the database with disputes and time the admin queue with each filter."

    def add_arguments(self, parser):
        parser.add_argument("--service-users", type=int, default=50_000)
        parser.add_argument("--disputes", type=int, default=200_000)
        parser.add_argument("--repeat", type=int, default=20, help="Requests of each view.")
        add_force_argument(parser)

    def handle(self, *args, **options):
        refuse_without_force(options)
        if ServiceUser.objects.count() < options["service_users"]:
            call_command(
                "seed_demo",
                service_users=options["service_users"],
                contacts=options["service_users"],
                batch_size=10_000,
                force=True,
                stdout=self.stdout,
            )
        self.fill(options["disputes"])
        # The planner's figures for what was just written; and on PostgreSQL the vacuum that
        # autovacuum would soon make of a table filled this fast, so that counts read an index
        # alone as they would on a database in use.
        self.stdout.write("Analysing the tables…")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
        with override_settings(ALLOWED_HOSTS=["*"], ROOT_URLCONF=urls_with_floor()):
            self.time_queue(options["repeat"])

    def fill(self, total: int) -> None:
        have = Dispute.objects.filter(statement="Benchmark").count()
        if have >= total:
            self.stdout.write(f"{have:,} benchmark disputes already there.")
            return
        rnd = random.Random(11)  # noqa: S311 - repeatable synthetic data
        people = list(ServiceUser.objects.values_list("pk", flat=True))
        manager = User.objects.get(username="manager")
        qsr = list(qsr_members())
        now, today = timezone.now(), timezone.localdate()
        started, made, batch = time.monotonic(), have, 5_000
        while made < total:
            size = min(batch, total - made)
            with transaction.atomic():
                restrictions = Restriction.objects.bulk_create(
                    Restriction(
                        service_user_id=people[(made + index) % len(people)],
                        state=RestrictionState.ACTIVE,
                        reasons="Benchmark",
                        term_months=12,
                        starts_on=today - dt.timedelta(days=30),
                        access_route="Post",
                        proposed_by=manager,
                        decided_by=manager,
                        decided_at=now,
                    )
                    for index in range(size)
                )
                terms = Term.objects.bulk_create(
                    Term(
                        restriction=restriction,
                        number=1,
                        starts_on=restriction.starts_on,
                        ends_on=restriction.starts_on + dt.timedelta(days=364),
                        months=12,
                        decided_by=manager,
                        decided_at=now,
                        reason="Benchmark",
                    )
                    for restriction in restrictions
                )
                disputes = []
                for term in terms:
                    is_open = rnd.random() < OPEN_SHARE
                    age = rnd.randrange(0, 40) if is_open else rnd.randrange(40, 1_500)
                    received = now - dt.timedelta(days=age)
                    disputes.append(
                        Dispute(
                            service_user_id=term.restriction.service_user_id,
                            restriction=term.restriction,
                            term=term,
                            received_at=received,
                            channel="email",
                            statement="Benchmark",
                            due_on=received.date() + dt.timedelta(days=28),
                            recorded_by=manager,
                            state=rnd.choice(
                                [DisputeState.RECEIVED, DisputeState.ASSIGNED]
                                if is_open
                                else [DisputeState.CLOSED]
                            ),
                            outcome="" if is_open else rnd.choice(DisputeOutcome.values),
                            assigned_to=rnd.choice(qsr)
                            if not is_open or rnd.random() < 0.5
                            else None,
                        )
                    )
                Dispute.objects.bulk_create(disputes)
            made += size
            self.stdout.write(
                f"  disputes: {made:,}/{total:,} ({made * 100 // total}%) "
                f"{time.monotonic() - started:.0f} s"
            )

    def page_end(self, state: str, pages: int) -> str:
        """Where the queue's given page ends: what its "Next page" link carries."""
        request = RequestFactory().get("/", {"state": state})
        request.user = User.objects.get(username="qsr")
        queue = site.get_model_admin(Dispute)
        queryset = queue.get_changelist_instance(request).queryset
        seek = SeekOrder(Dispute, queryset.query.order_by)
        return seek.key(queryset[pages * queue.list_per_page - 1])

    def time_queue(self, repeat: int) -> None:
        qsr = User.objects.get(username="qsr")
        person = ServiceUser.objects.filter(disputes__isnull=False).first()
        client = Client()
        client.force_login(qsr)

        def timed(url: str, query: dict) -> Callable[[], tuple[float, int]]:
            def request() -> tuple[float, int]:
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url, query, secure=True)
                    took = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise CommandError(f"{url} {query}: HTTP {response.status_code}")
                return took, len(queries)

            return request

        queue = reverse("admin:disputes_dispute_changelist")
        views = {
            "open disputes (default)": {},
            "overdue": {"due": "overdue"},
            "due within 5 working days": {"due": "soon"},
            "assigned to me": {"assignee": "me"},
            "unassigned": {"assignee": "none"},
            "all states": {"state": "all"},
            "all states, page 200": {"state": "all", "after": self.page_end("all", 199)},
            "outcome: upheld": {"state": "all", "outcome__exact": "upheld"},
            "search by last name": {"state": "all", "q": person.last_name},
            "search by reference": {"state": "all", "q": person.reference},
        }
        floor_request = timed(reverse("benchmark-floor"), {})
        requests = {name: timed(queue, query) for name, query in views.items()}
        # Once each first: templates compiled, caches and the connection warm.
        floor_request()
        for request in requests.values():
            request()
        floor_times: list[float] = []
        times: dict[str, list[float]] = {name: [] for name in requests}
        queries: dict[str, int] = {}
        for done in range(repeat):
            for name, request in requests.items():
                took, queries["floor"] = floor_request()
                floor_times.append(took)
                took, queries[name] = request()
                times[name].append(took)
            self.stdout.write(f"  timing: round {done + 1}/{repeat}", ending="\r")
        self.stdout.write("")
        floor_median = statistics.median(floor_times)
        self.stdout.write(
            f"{Dispute.objects.count():,} disputes in the table; each view requested "
            f"{repeat} times, each time just after the floor"
        )
        self.stdout.write(
            f"{'queue view':<28} {'median ms':>10} {'p95 ms':>7} {'queries':>8} {'÷ floor':>8}"
        )
        for name, taken in {"floor": floor_times, **times}.items():
            median = statistics.median(taken)
            self.stdout.write(
                f"{name:<28} {median:>10.0f} {percentile(taken, 0.95):>7.0f} "
                f"{queries[name]:>8} {median / floor_median:>8.1f}"
            )
