"""Demo accounts and realistic demo data, at any size (also how benchmarks fill the database).

The pieces are in casework.seeding; this command runs them in order."""

from __future__ import annotations

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casework.seeding.contacts import create_contacts
from casework.seeding.disputes import create_disputes
from casework.seeding.people import create_case_notes, create_service_users
from casework.seeding.restrictions import (
    PolicyCases,
    create_warnings_and_restrictions,
    policy_people,
)
from casework.seeding.staff import ensure_staff
from contacts.models import ServiceUser
from musuc.models import Team, User


class Command(BaseCommand):
    help = "Create the demo accounts (password musuc-demo) and realistic demo data."

    def add_arguments(self, parser):
        parser.add_argument("--service-users", type=int, default=None)
        parser.add_argument("--contacts", type=int, default=None)
        parser.add_argument(
            "--staff",
            type=int,
            default=None,
            help="Add staff until there are this many accounts (no usable passwords but the "
            "demo accounts').",
        )
        parser.add_argument(
            "--teams", type=int, default=None, help="Spread the staff added over this many teams."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=50_000,
            help="Rows a transaction writes: each batch locks the people and staff its rows "
            "name once, so big batches go faster.",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo makes demo accounts with a known password: it refuses to run with "
                "DEBUG off unless given --force."
            )
        # Repeatable demo data, not secrets.
        rnd = random.Random(options["seed"])  # noqa: S311
        staff = ensure_staff(options["staff"], options["teams"], rnd)
        if options["staff"]:
            self.stdout.write(
                f"  staff: {User.objects.count():,} accounts in {Team.objects.count():,} teams"
            )
        sizes_given = options["service_users"] is not None or options["contacts"] is not None
        if ServiceUser.objects.exists() and not sizes_given:
            self.stdout.write("Demo data is already there; accounts checked.")
            return
        people = options["service_users"] if options["service_users"] is not None else 200
        contacts = options["contacts"] if options["contacts"] is not None else 3000
        started = time.monotonic()
        ids = create_service_users(rnd, self.stdout, people, staff, options["batch_size"])
        create_case_notes(rnd, ids, staff)
        create_contacts(rnd, self.stdout, contacts, ids, staff, options["batch_size"])
        if chosen := policy_people():
            cases = create_warnings_and_restrictions(chosen)
            create_disputes(cases)
            self.say_where_to_look(cases)
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {people:,} service users and {contacts:,} contacts in "
                f"{time.monotonic() - started:.0f} s."
            )
        )

    def say_where_to_look(self, cases: PolicyCases) -> None:
        self.stdout.write(
            "  Case files to look at: "
            f"{cases.with_warnings.reference} (two warnings), "
            f"{cases.awaiting.reference} (restriction awaiting the manager's decision), "
            f"{cases.restricted.reference} (restriction in force), "
            f"{cases.reviewed.reference} (term ended: a review is raised by the daily job); "
            "both restrictions are disputed (see the QSR queue)"
        )
