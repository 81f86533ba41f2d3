"""Demo accounts and realistic demo data, at any size (also how benchmarks fill the database)."""

from __future__ import annotations

import datetime as dt
import random
import time
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from contacts.choices import (
    BEHAVIOUR_GROUPS,
    Assessment,
    Behaviour,
    Channel,
    Direction,
    Handling,
    Impact,
    Language,
    PreferredFormat,
    SafeguardingAction,
)
from contacts.models import (
    Contact,
    ReasonableAdjustment,
    SafeguardingConcern,
    ServiceUser,
)
from contacts.services import service_user_reference_new
from disputes import services as dispute_services
from musuc.models import Team, User
from musuc.roles import Role
from restrictions import services as restriction_services
from restrictions.choices import ConditionKind
from restrictions.models import Condition

DEMO_PASSWORD = "musuc-demo"  # noqa: S105 - demo data only; refused with DEBUG off
DEMO_ACCOUNTS = [
    ("caseworker", "Cara", "Walsh", Role.CASEWORKER, "Contact Centre"),
    ("manager", "Morgan", "Price", Role.MANAGER, "Contact Centre"),
    ("qsr", "Quinn", "Roberts", Role.QSR, "Quality Standards and Research"),
    ("admin", "Ada", "Hughes", Role.ADMINISTRATOR, None),
]
OTHER_STAFF = [
    ("sam.khan", "Sam", "Khan", Role.CASEWORKER, "Complaints and Feedback"),
    ("ellis.jones", "Ellis", "Jones", Role.CASEWORKER, "Casework Team A"),
    ("rowan.evans", "Rowan", "Evans", Role.MANAGER, "Casework Team A"),
]
TEAMS = [
    "Contact Centre",
    "Complaints and Feedback",
    "Casework Team A",
    "Quality Standards and Research",
]
FIRST_NAMES = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Sophia",
    "Rosie",
    "Grace",
    "Freya",
    "Emily",
    "Ella",
    "Evie",
    "Poppy",
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Muhammad",
    "Leo",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Theo",
    "Jack",
    "Charlie",
    "Jacob",
    "Thomas",
    "Dylan",
    "Rhys",
    "Cerys",
    "Seren",
    "Gareth",
    "Siân",
    "Aled",
    "Ffion",
    "Dafydd",
    "Megan",
    "Priya",
    "Aisha",
    "Kwame",
    "Tomasz",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
]
TOWNS = [
    ("Cardiff", "CF10 1AA"),
    ("Swansea", "SA1 1AA"),
    ("London", "SE1 7TL"),
    ("Manchester", "M1 1AE"),
    ("Leeds", "LS1 4AP"),
    ("Bristol", "BS1 5TR"),
    ("Birmingham", "B1 1BB"),
    ("Newcastle", "NE1 7RU"),
    ("Wrexham", "LL11 1AY"),
    ("Sheffield", "S1 2HE"),
]
SUMMARIES_ACCEPTABLE = [
    "Asked for an update on the progress of their complaint; next steps explained.",
    "Sent further information about the incident, including dates and officer numbers.",
    "Called to confirm we had received their documents. Confirmed receipt.",
    "Asked how to request a review of the decision; the online form was explained.",
    "Letter sent confirming the timescale for the investigation.",
    "Requested a copy of the decision letter in large print.",
]
SUMMARIES_UNACCEPTABLE = [
    "Repeated the same demand for the third time today after being told the next steps.",
    "Shouted and swore at the caseworker throughout the call and would not let them speak.",
    "Sent 40 emails overnight repeating the same request to several teams.",
    "Made threats against a named member of staff during the call.",
    "Demanded the decision be changed immediately, although it cannot be changed.",
    "Sent images with graphic content alongside a repeated complaint.",
]


class Command(BaseCommand):
    help = "Create the demo accounts (password musuc-demo) and realistic demo data."

    def add_arguments(self, parser):
        parser.add_argument("--service-users", type=int, default=None)
        parser.add_argument("--contacts", type=int, default=None)
        parser.add_argument("--batch-size", type=int, default=5000)
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
        self.random = random.Random(options["seed"])  # noqa: S311
        staff = self.ensure_staff()
        sizes_given = options["service_users"] is not None or options["contacts"] is not None
        if ServiceUser.objects.exists() and not sizes_given:
            self.stdout.write("Demo data is already there; accounts checked.")
            return
        people = options["service_users"] if options["service_users"] is not None else 200
        contacts = options["contacts"] if options["contacts"] is not None else 3000
        started = time.monotonic()
        ids = self.create_service_users(people, staff, options["batch_size"])
        self.create_case_notes(ids, staff)
        self.create_contacts(contacts, ids, staff, options["batch_size"])
        self.create_warnings_and_restrictions()
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {people:,} service users and {contacts:,} contacts in "
                f"{time.monotonic() - started:.0f} s."
            )
        )

    def ensure_staff(self) -> list[User]:
        teams = {name: Team.objects.get_or_create(name=name)[0] for name in TEAMS}
        staff = []
        for username, first, last, role, team in DEMO_ACCOUNTS + OTHER_STAFF:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@musuc.invalid",
                    "team": teams.get(team),
                    "is_staff": role == Role.ADMINISTRATOR,
                },
            )
            if created:
                if (username, first, last, role, team) in DEMO_ACCOUNTS:
                    user.set_password(DEMO_PASSWORD)
                else:
                    user.set_unusable_password()
                user.save()
            user.groups.add(Group.objects.get(name=role.value))
            if role != Role.ADMINISTRATOR:
                staff.append(user)
        return staff

    def _progress(self, label: str, done: int, total: int, started: float) -> None:
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"  {label}: {done:,}/{total:,} ({done * 100 // max(total, 1)}%) {elapsed:.0f} s"
        )
        self.stdout.flush()

    def create_service_users(self, total: int, staff: list[User], batch_size: int) -> list[int]:
        rnd = self.random
        started = time.monotonic()
        references = set(ServiceUser.objects.values_list("reference", flat=True))
        ids: list[int] = []
        made = 0
        while made < total:
            batch = []
            for _ in range(min(batch_size, total - made)):
                reference = service_user_reference_new()
                while reference in references:
                    reference = service_user_reference_new()
                references.add(reference)
                first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
                town, postcode = rnd.choice(TOWNS)
                person = ServiceUser(
                    reference=reference,
                    first_name=first,
                    last_name=last,
                    date_of_birth=date(1940, 1, 1) + timedelta(days=rnd.randrange(0, 25000)),
                    email=f"{first}.{last}{rnd.randrange(1, 9999)}@example.com".lower(),
                    phone=f"07{rnd.randrange(100000000, 999999999)}",
                    address_line_1=f"{rnd.randrange(1, 200)} {rnd.choice(LAST_NAMES)} Road",
                    town=town,
                    postcode=postcode,
                    preferred_language=Language.WELSH if rnd.random() < 0.08 else Language.ENGLISH,
                    preferred_format=rnd.choices(
                        [
                            PreferredFormat.STANDARD,
                            PreferredFormat.LARGE_PRINT,
                            PreferredFormat.EASY_READ,
                        ],
                        weights=[90, 6, 4],
                    )[0],
                    created_by=rnd.choice(staff),
                )
                person.refresh_search_keys()
                batch.append(person)
            with transaction.atomic():
                created = ServiceUser.objects.bulk_create(batch)
                self._history(ServiceUser, created, "created_by_id")
            ids.extend(person.pk for person in created)
            made += len(batch)
            self._progress("service users", made, total, started)
        return ids

    def _history(self, model, objects, author_column: str) -> None:
        """Write the creation history rows in one INSERT … SELECT: seeded records are audited
        too, without building a second Python object per row."""
        history = model.history.model
        bookkeeping = {
            "history_id",
            "history_date",
            "history_type",
            "history_change_reason",
            "history_user_id",
        }
        columns = [
            field.column
            for field in history._meta.concrete_fields
            if field.attname not in bookkeeping
        ]
        quote = connection.ops.quote_name
        copied = ", ".join(quote(column) for column in columns)
        sql = (
            f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 - names from the models
            f"({copied}, history_date, history_type, history_change_reason, history_user_id) "
            f"SELECT {copied}, %s, '+', %s, {quote(author_column)} "
            f"FROM {quote(model._meta.db_table)} WHERE id >= %s AND id <= %s"
        )
        ids = [obj.pk for obj in objects]
        with connection.cursor() as cursor:
            cursor.execute(sql, [timezone.now(), "Demo data", min(ids), max(ids)])

    def create_case_notes(self, ids: list[int], staff: list[User]) -> None:
        rnd = self.random
        now = timezone.now()
        sample = rnd.sample(ids, k=min(len(ids), max(1, len(ids) // 20)))
        for pk in sample[: len(sample) // 2 + 1]:
            person = ServiceUser(pk=pk)
            recorder = rnd.choice(staff)
            item = ReasonableAdjustment(
                service_user=person,
                need=rnd.choice(
                    [
                        "Dyslexia",
                        "Hearing loss",
                        "Anxiety when speaking on the phone",
                        "Visual impairment",
                    ]
                ),
                adjustment=rnd.choice(
                    [
                        "Written updates in large print",
                        "Contact by email only",
                        "Extra time to reply",
                        "Text relay calls",
                    ]
                ),
                agreed_on=(now - timedelta(days=rnd.randrange(10, 400))).date(),
                recorded_by=recorder,
            )
            item._history_user = recorder
            item.save()
        for pk in sample[len(sample) // 2 + 1 :]:
            person = ServiceUser(pk=pk)
            recorder = rnd.choice(staff)
            item = SafeguardingConcern(
                service_user=person,
                concern="Expressed thoughts of self-harm during a call.",
                action=rnd.choice(SafeguardingAction.values),
                action_detail="Referred to local mental health crisis team; reference given.",
                action_by=recorder,
                action_at=now - timedelta(days=rnd.randrange(1, 300)),
                recorded_by=recorder,
            )
            item._history_user = recorder
            item.save()

    def create_warnings_and_restrictions(self) -> None:
        """Three case files that show the policy at work, made through the real services."""

        people = list(
            ServiceUser.objects.filter(contacts__assessment=Assessment.UNACCEPTABLE)
            .distinct()
            .order_by("id")[:4]
        )
        if len(people) < 4:
            return
        caseworker = User.objects.get(username="caseworker")
        other_caseworker = User.objects.get(username="sam.khan")
        approver = User.objects.get(username="rowan.evans")
        today = timezone.localdate()

        def on(day):
            """Run the services as if it were that day. They read the clock themselves, so
            a restriction decided 100 days ago is made then, its history and the dates a
            dispute or a review checks against it included."""
            import time_machine

            moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
            return time_machine.travel(moment, tick=True)

        def cited(person):
            contacts = person.contacts.filter(assessment=Assessment.UNACCEPTABLE)
            earlier = contacts.filter(occurred_at__lt=timezone.now())
            return list((earlier if earlier.exists() else contacts)[:2])

        def warn(person, by):
            restriction_services.warning_issue(
                service_user=person,
                issued_by=by,
                contacts=cited(person),
                reasons="Repeated demands for a decision that cannot be changed.",
                adjustment_requested="Please contact us only about new information.",
                delivery_method="letter",
                delivered_on=timezone.localdate(),
            )

        def propose(person, by, months=6):
            return restriction_services.restriction_propose(
                service_user=person,
                proposed_by=by,
                conditions=[
                    Condition(kind=ConditionKind.LIMITED_CHANNELS, channels=["post", "phone"]),
                    Condition(
                        kind=ConditionKind.PERMITTED_TIMES,
                        permitted_days=[0, 2, 4],
                        permitted_from=dt.time(10, 0),
                        permitted_until=dt.time(12, 0),
                        max_call_minutes=15,
                    ),
                ],
                contacts=cited(person),
                reasons="Contact continued after warnings and is affecting the service to others.",
                term_months=months,
                starts_on=timezone.localdate(),
                access_route="By post, by phone on Monday, Wednesday and Friday mornings, and "
                "the online complaint and review forms.",
                adjustments_considered="Their adjustments (written updates) stay in place.",
            )

        with_warnings, awaiting, restricted, reviewed = people
        with on(today - timedelta(days=30)):
            warn(with_warnings, caseworker)
            warn(with_warnings, other_caseworker)
            warn(awaiting, caseworker)
        propose(awaiting, caseworker)
        with on(today - timedelta(days=60)):
            warn(restricted, other_caseworker)
        with on(today - timedelta(days=40)):
            restriction = propose(restricted, other_caseworker)
            restriction_services.restriction_decide(
                restriction=restriction,
                manager=approver,
                decision="approve",
                reason="Proportionate: two warnings went unheeded.",
            )
        with on(today - timedelta(days=130)):
            warn(reviewed, caseworker)
        with on(today - timedelta(days=100)):
            ended_term = propose(reviewed, caseworker, months=3)
            restriction_services.restriction_decide(
                restriction=ended_term,
                manager=User.objects.get(username="manager"),  # its review joins their queue
                decision="approve",
                reason="Proportionate after a warning.",
            )
        # Two disputes for the QSR queue: one overdue, one due within five working days; each
        # received after the decision it disputes.

        for person, restriction_disputed, days_ago, channel in (
            (restricted, restriction, 35, "email"),
            (reviewed, ended_term, 23, "post"),
        ):
            dispute_services.dispute_record(
                service_user=person,
                term=restriction_disputed.terms.get(),
                received_at=timezone.now() - timedelta(days=days_ago),
                channel=channel,
                statement="The restriction stops me chasing my complaint, which is still "
                "unresolved. I was frustrated, not threatening.",
                recorded_by=caseworker,
            )
        self.stdout.write(
            "  Case files to look at: "
            f"{with_warnings.reference} (two warnings), "
            f"{awaiting.reference} (restriction awaiting the manager's decision), "
            f"{restricted.reference} (restriction in force), "
            f"{reviewed.reference} (term ended: a review is raised by the daily job); "
            "both restrictions are disputed (see the QSR queue)"
        )

    def create_contacts(
        self, total: int, ids: list[int], staff: list[User], batch_size: int
    ) -> None:
        if not ids or not total:
            return
        rnd = self.random
        started = time.monotonic()
        now = timezone.now()
        # A few people make most of the contact, as in life.
        weights = [min(rnd.paretovariate(1.5), 100.0) for _ in ids]
        through = Contact.received_by.through
        behaviours_by_group = list(BEHAVIOUR_GROUPS.values())
        made = 0
        while made < total:
            size = min(batch_size, total - made)
            owners = rnd.choices(ids, weights=weights, k=size)
            batch = []
            for owner in owners:
                unacceptable = rnd.random() < 0.15
                channel = rnd.choice(Channel.values)
                contact = Contact(
                    service_user_id=owner,
                    channel=channel,
                    direction=Direction.OUTBOUND if rnd.random() < 0.2 else Direction.INBOUND,
                    occurred_at=now - timedelta(minutes=rnd.randrange(1, 2 * 365 * 24 * 60)),
                    summary=rnd.choice(
                        SUMMARIES_UNACCEPTABLE if unacceptable else SUMMARIES_ACCEPTABLE
                    ),
                    assessment=Assessment.UNACCEPTABLE if unacceptable else Assessment.ACCEPTABLE,
                    logged_by=rnd.choice(staff),
                )
                if unacceptable:
                    group = rnd.choice(behaviours_by_group)
                    contact.behaviours = [
                        code
                        for code in rnd.sample(group, k=rnd.randint(1, 2))
                        if code != Behaviour.CHILD_SEXUAL_ABUSE
                    ] or [Behaviour.HARASSMENT.value]
                    contact.impacts = rnd.sample(Impact.values, k=rnd.randint(1, 2))
                    if Behaviour.SHOUTING_SWEARING in contact.behaviours:
                        contact.shouting_due_to_condition = False
                    contact.extremely_unacceptable = rnd.random() < 0.05
                    contact.handling = (
                        Handling.CALL_TERMINATED
                        if channel == Channel.PHONE
                        else Handling.READ_NOT_RESPONDED
                    )
                else:
                    contact.handling = Handling.RESPONDED
                batch.append(contact)
            with transaction.atomic():
                created = Contact.objects.bulk_create(batch)
                through.objects.bulk_create(
                    [
                        through(contact_id=contact.pk, user_id=contact.logged_by_id)
                        for contact in created
                    ]
                )
                self._history(Contact, created, "logged_by_id")
            made += size
            self._progress("contacts", made, total, started)
