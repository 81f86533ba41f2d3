"""Time each main page for its role at scale: figures for the README, not a test.

Fills the database when it is short (seed_demo: people, contacts and staff in teams), then
makes case files worth reading on the busiest people (warnings, a proposal awaiting its
manager, a restriction in force and one whose term has ended, each disputed, and the review
the daily job raises), analyses the tables and requests each page through the whole stack as
the role that uses it, each time just after the floor (the cheapest page worth the name: see
``casework.benchmarking``). It prints each page's median and 95th percentile, its queries and
its median over the floor's, so that a busy machine moves both alike.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from unittest import mock

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from casework.benchmarking import (
    QueryCounter,
    add_force_argument,
    percentile,
    refuse_without_force,
    urls_with_floor,
)
from casework.seeding.disputes import create_disputes
from casework.seeding.restrictions import (
    PolicyCases,
    create_warnings_and_restrictions,
    policy_people,
)
from casework.seeding.staff import ensure_staff
from contacts import selectors as contact_selectors
from contacts.choices import Assessment
from contacts.models import Contact, ServiceUser
from disputes.models import Dispute
from musuc.calendar import bank_holidays
from musuc.models import Notification, User
from restrictions import services as restriction_services
from restrictions.models import Review

# The roles pages are requested as, by the demo account holding each.
ROLES = {"caseworker": "caseworker", "manager": "manager", "QSR": "qsr", "administrator": "admin"}
SEARCH_PREFIX_LENGTH = 3
# Contacts a page of the case file's contacts list shows (contacts.views.PAGE_SIZE; a page
# beyond the last is answered with the last).
CONTACTS_PAGE_SIZE = 25


@dataclass
class Page:
    """One page to time: its name in the table, the role that uses it, and its request."""

    name: str
    role: str
    url: str
    query: dict = field(default_factory=dict)
    post: bool = False


class Command(BaseCommand):
    help = "Fill the database to size and time each main page for its role, beside the floor."

    def add_arguments(self, parser):
        parser.add_argument("--service-users", type=int, default=50_000)
        parser.add_argument("--contacts", type=int, default=1_000_000)
        parser.add_argument("--staff", type=int, default=1_000)
        parser.add_argument("--teams", type=int, default=40)
        parser.add_argument("--repeat", type=int, default=20, help="Requests of each page.")
        add_force_argument(parser)

    def handle(self, *args, **options):
        refuse_without_force(options)
        # Notifications the filling writes wait in the outbox: no broker is asked, and no
        # member of staff, real or made up, is mailed.
        with mock.patch("musuc.outbox.enqueue"):
            self.fill(options)
            cases = self.case_files()
        # The planner's figures for what was just written; and on PostgreSQL the vacuum that
        # autovacuum would soon make of tables filled this fast, so that counts read an index
        # alone as they would on a database in use.
        self.stdout.write("Analysing the tables…")
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
        self.stdout.write(f"  done in {time.monotonic() - started:.0f} s")
        with override_settings(ALLOWED_HOSTS=["*"], ROOT_URLCONF=urls_with_floor()):
            self.time_pages(self.pages(cases), options["repeat"])

    def fill(self, options) -> None:
        people, contacts = ServiceUser.objects.count(), Contact.objects.count()
        if people < options["service_users"] or contacts < options["contacts"]:
            call_command(
                "seed_demo",
                service_users=options["service_users"],
                contacts=options["contacts"],
                staff=options["staff"],
                teams=options["teams"],
                force=True,
                stdout=self.stdout,
            )
        elif User.objects.count() < options["staff"]:
            ensure_staff(options["staff"], options["teams"])
        self.stdout.write(
            f"{ServiceUser.objects.count():,} service users, {Contact.objects.count():,} "
            f"contacts, {User.objects.count():,} staff."
        )

    def case_files(self) -> PolicyCases:
        """The four busiest people with unacceptable contact (after those seed_demo's own
        case files use): one with two warnings, one with a proposal awaiting the manager, one
        restricted (the busiest) and one whose term has ended with its review raised; both
        restrictions disputed. Made once, found again on later runs."""
        seeded = [person.pk for person in policy_people() or []]
        unacceptable = Contact.objects.filter(
            service_user=OuterRef("pk"), assessment=Assessment.UNACCEPTABLE
        )
        busiest = list(
            ServiceUser.objects.filter(Exists(unacceptable))
            .exclude(pk__in=seeded)
            .annotate(contact_count=Count("contacts"))
            .order_by("-contact_count", "pk")[:4]
        )
        if len(busiest) < 4:
            raise CommandError("Too few people with unacceptable contact: seed more contacts.")
        restricted, reviewed, awaiting, with_warnings = busiest
        if not restricted.restrictions.exists():
            self.stdout.write("Making case files on the busiest people…")
            started = time.monotonic()
            people = [with_warnings, awaiting, restricted, reviewed]
            cases = create_warnings_and_restrictions(people)
            create_disputes(cases)
            # The daily job raises the review of the term that has ended.
            restriction_services.reviews_raise_due()
            self.stdout.write(f"  done in {time.monotonic() - started:.0f} s")
        return PolicyCases(
            with_warnings=with_warnings,
            awaiting=awaiting,
            restricted=restricted,
            reviewed=reviewed,
            in_force=restricted.restrictions.get(),
            ended_term=reviewed.restrictions.get(),
        )

    def pages(self, cases: PolicyCases) -> list[Page]:
        person = cases.restricted
        contacts = person.contacts.count()
        last_page = (contacts - 1) // CONTACTS_PAGE_SIZE + 1
        review = Review.objects.filter(term__restriction=cases.ended_term).latest("pk")
        dispute = Dispute.objects.filter(restriction=cases.in_force).latest("pk")
        prefix = person.last_name[:SEARCH_PREFIX_LENGTH]
        found = contact_selectors.service_user_search(prefix).count()
        manager = User.objects.get(username="manager")
        told = Notification.objects.filter(recipient=manager).count()
        reference = person.reference
        queue = reverse("admin:disputes_dispute_changelist")
        pages = [
            Page("home (caseworker)", "caseworker", reverse("home")),
            Page("home (manager)", "manager", reverse("home")),
            Page("home (QSR)", "QSR", reverse("home")),
            Page(
                f"search “{prefix}” ({found:,} people)",
                "caseworker",
                reverse("contacts:search"),
                {"q": prefix},
            ),
            Page(
                f"case file ({contacts:,} contacts, restricted)",
                "caseworker",
                reverse("contacts:case-file", args=[reference]),
            ),
            Page(
                "contacts list, page 1",
                "caseworker",
                reverse("contacts:case-file-contacts", args=[reference]),
            ),
            Page(
                "log a contact (restriction in force)",
                "caseworker",
                reverse("contacts:contact-create", args=[reference]),
            ),
            Page(
                "propose a restriction",
                "caseworker",
                reverse("restrictions:propose", args=[cases.with_warnings.reference]),
            ),
            Page(
                "review: evidence and decision",
                "manager",
                reverse("restrictions:review", args=[review.pk]),
            ),
            Page("approvals queue", "manager", reverse("restrictions:approvals")),
            Page(
                "dispute page (assign)",
                "QSR",
                reverse("admin:disputes_dispute_change", args=[dispute.pk]),
            ),
            Page("QSR queue (default)", "QSR", queue),
            Page(
                "assign disputes to… (queue action)",
                "QSR",
                queue,
                {"action": "assign_to", "_selected_action": [dispute.pk]},
                post=True,
            ),
            Page(f"notifications ({told:,})", "manager", reverse("notifications")),
            Page(
                "record a safeguarding concern",
                "caseworker",
                reverse("contacts:safeguarding-create", args=[reference]),
            ),
            Page(
                "staff search (typing “sa”)",
                "caseworker",
                reverse("contacts:staff-search"),
                {"q": "sa"},
            ),
            Page(
                f"staff accounts ({User.objects.count():,})",
                "administrator",
                reverse("admin:musuc_user_changelist"),
            ),
        ]
        if last_page > 1:
            # The deepest page of the person's contacts, found by offset.
            pages.insert(
                6,
                Page(
                    f"contacts list, page {last_page}",
                    "caseworker",
                    reverse("contacts:case-file-contacts", args=[reference]),
                    {"page": last_page},
                ),
            )
        return pages

    def time_pages(self, pages: list[Page], repeat: int) -> None:
        clients = {}
        for role, username in ROLES.items():
            clients[role] = Client()
            clients[role].force_login(User.objects.get(username=username))

        def timed(page: Page) -> Callable[[], tuple[float, int]]:
            client = clients[page.role]
            send = client.post if page.post else client.get

            def request() -> tuple[float, int]:
                queries = QueryCounter()
                with connection.execute_wrapper(queries):
                    started = time.perf_counter()
                    response = send(page.url, page.query, secure=True)
                    took = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise CommandError(
                        f"{page.name} ({page.role}, {page.url}): HTTP {response.status_code}"
                    )
                return took, queries.count

            return request

        floor_url = reverse("benchmark-floor")
        floors = {
            role: timed(Page("floor", role, floor_url)) for role in {page.role for page in pages}
        }
        requests = {page.name: (floors[page.role], timed(page)) for page in pages}
        # The holidays package imports every country on first use (once a process), and each
        # page once first: templates compiled, caches and the connection warm.
        bank_holidays(timezone.localdate().year)
        self.stdout.write(f"Warming up {len(pages)} pages…")
        for floor_request, request in requests.values():
            floor_request()
            request()
        floor_times: list[float] = []
        floor_queries = 0
        times: dict[str, list[float]] = {name: [] for name in requests}
        queries: dict[str, int] = {}
        for done in range(repeat):
            for name, (floor_request, request) in requests.items():
                took, floor_queries = floor_request()
                floor_times.append(took)
                took, queries[name] = request()
                times[name].append(took)
            self.stdout.write(f"  timing: round {done + 1}/{repeat}")
            self.stdout.flush()
        floor_median = statistics.median(floor_times)
        self.stdout.write(
            f"Each page requested {repeat} times by the role that uses it, each time just "
            "after the floor; every answer 200."
        )
        width = max(len(name) for name in ["floor", *times])
        self.stdout.write(
            f"{'page':<{width}} {'role':<13} {'median ms':>10} {'p95 ms':>7} {'queries':>8} "
            f"{'÷ floor':>8}"
        )
        roles = {page.name: page.role for page in pages}
        for name, taken in {"floor": floor_times, **times}.items():
            median = statistics.median(taken)
            count = floor_queries if name == "floor" else queries[name]
            self.stdout.write(
                f"{name:<{width}} {roles.get(name, 'each'):<13} {median:>10.0f} "
                f"{percentile(taken, 0.95):>7.0f} {count:>8} {median / floor_median:>8.1f}"
            )
