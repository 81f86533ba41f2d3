"""Time the letters: a figure for the README, not a test.

1. Drafting one restriction letter from its record and rendering its PDF (WeasyPrint, PDF/UA-1),
   repeated on fresh records: the target is under 1 s.
2. Issuing letters in batches (by default 100, 500 and 1,000): each letter rendered as HTML,
   plain text and PDF, hashed, stored and frozen in its own transaction. The time per letter
   should stay the same whatever the batch's size: issuing is linear.

Everything runs inside one transaction that is rolled back at the end, and the PDFs go to a
temporary folder that is removed: the database and the attachments are left as they were.
Each letter's own transaction is therefore a savepoint here, so a real commit per letter
(a few milliseconds on this machine) is not counted.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import tempfile
import time

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from casework.benchmarking import add_force_argument, refuse_without_force
from contacts.choices import Channel
from contacts.models import ServiceUser
from letters import rendering, services
from letters.defaults import templates_install
from letters.models import Letter
from musuc.models import User
from musuc.roles import Role
from restrictions import rules
from restrictions.choices import ConditionKind, RestrictionState
from restrictions.models import Condition, Restriction, Term


class Rollback(Exception):
    """Raised at the end to undo everything the benchmark wrote."""


class Command(BaseCommand):
    help = "Time drafting and rendering a restriction letter, and issuing letters in batches."

    def add_arguments(self, parser):
        parser.add_argument("--single", type=int, default=10, help="Single letters to time.")
        parser.add_argument(
            "--batches",
            default="100,500,1000",
            help="Sizes of the batches to issue, comma-separated.",
        )
        add_force_argument(parser)

    def handle(self, *args, **options):
        refuse_without_force(options)
        batches = [int(size) for size in options["batches"].split(",") if size.strip()]
        folder = tempfile.mkdtemp(prefix="musuc-letters-")
        storages = {
            **settings.STORAGES,
            "attachments": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": folder, "base_url": None},
            },
        }
        try:
            with override_settings(STORAGES=storages), transaction.atomic():
                self.run(options["single"], batches)
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: nothing the benchmark wrote was kept.")
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def run(self, single: int, batches: list[int]) -> None:
        templates_install()
        manager = User.objects.create(username="benchmark-letters", first_name="Bench")
        manager.groups.add(Group.objects.get(name=Role.MANAGER))
        manager = User.objects.get(pk=manager.pk)  # its roles read afresh
        self.stdout.write(f"Filling {single + sum(batches):,} restrictions in force …")
        restrictions = self.fill(single + sum(batches), manager)
        self.time_single(restrictions[:single], manager)
        rest = restrictions[single:]
        rows = []
        for size in batches:
            batch, rest = rest[:size], rest[size:]
            rows.append(self.time_batch(batch, manager))
        self.stdout.write("")
        self.stdout.write("Issuing in batches (each letter drafted, then issued):")
        self.stdout.write("  letters   draft s   issue s   issue ms/letter")
        for size, drafting, issuing in rows:
            self.stdout.write(
                f"  {size:>7,}   {drafting:>7.1f}   {issuing:>7.1f}   {issuing * 1000 / size:>9.1f}"
            )
        per_letter = [issuing / size for size, _, issuing in rows]
        if len(per_letter) > 1:
            self.stdout.write(
                f"  largest / smallest batch, per letter: {max(per_letter) / min(per_letter):.2f} "
                "(1.00 is perfectly linear)"
            )

    def fill(self, count: int, manager: User) -> list[Restriction]:
        """People, each with a restriction in force: its first term and three conditions, as
        approval leaves them (written in bulk)."""
        today = timezone.localdate()
        stamp = f"{int(time.time()) % 100_000:05d}"
        people = ServiceUser.objects.bulk_create(
            ServiceUser(
                reference=f"BL{stamp}{index:05d}",
                first_name="Bench",
                last_name=f"Mark {index}",
                address_line_1=f"{index} High Street",
                town="Cardiff",
                postcode="CF10 1AA",
                created_by=manager,
            )
            for index in range(count)
        )
        restrictions = Restriction.objects.bulk_create(
            Restriction(
                service_user=person,
                state=RestrictionState.ACTIVE,
                reasons="You sent threatening emails to staff on three occasions.",
                term_months=6,
                starts_on=today,
                access_route="By post",
                proposed_by=manager,
                decided_by=manager,
                decided_at=timezone.now(),
            )
            for person in people
        )
        Term.objects.bulk_create(
            Term(
                restriction=restriction,
                number=1,
                starts_on=today,
                ends_on=rules.term_end(today, 6),
                months=6,
                decided_by=manager,
                decided_at=restriction.decided_at,
                reason="Benchmark",
            )
            for restriction in restrictions
        )
        Condition.objects.bulk_create(
            condition
            for restriction in restrictions
            for condition in (
                Condition(
                    restriction=restriction,
                    kind=ConditionKind.LIMITED_CHANNELS,
                    channels=[Channel.POST, Channel.EMAIL],
                ),
                Condition(
                    restriction=restriction,
                    kind=ConditionKind.PERMITTED_TIMES,
                    permitted_days=[0, 2, 4],
                    permitted_from=dt.time(10),
                    permitted_until=dt.time(12),
                    max_call_minutes=20,
                ),
                Condition(
                    restriction=restriction,
                    kind=ConditionKind.RESPONSE_TIME,
                    response_working_days=10,
                ),
            )
        )
        return restrictions

    def time_single(self, restrictions: list[Restriction], manager: User) -> None:
        """Draft one letter from its record and render its PDF, for each restriction."""
        self.stdout.write("Drafting and rendering one restriction letter's PDF …")
        totals, drafts, renders, pdfs = [], [], [], []
        for restriction in restrictions:
            started = time.perf_counter()
            letter = services.letter_draft(restriction, by=manager)
            drafted = time.perf_counter()
            rendered = rendering.letter_rendered(letter, on=timezone.localdate())
            laid_out = time.perf_counter()
            pdf = rendering.pdf_of(rendered.html)
            finished = time.perf_counter()
            assert pdf.startswith(b"%PDF-")  # noqa: S101 - a benchmark of nothing would be worse
            drafts.append(drafted - started)
            renders.append(laid_out - drafted)
            pdfs.append(finished - laid_out)
            totals.append(finished - started)
        self.stdout.write(
            f"  draft + render + PDF of one restriction letter: median "
            f"{statistics.median(totals) * 1000:.0f} ms, slowest {max(totals) * 1000:.0f} ms "
            f"(first, with WeasyPrint's start-up: {totals[0] * 1000:.0f} ms) over {len(totals)}"
        )
        draft, html, pdf = (statistics.median(times) * 1000 for times in (drafts, renders, pdfs))
        self.stdout.write(
            f"  of which: draft {draft:.0f} ms, HTML {html:.0f} ms, PDF {pdf:.0f} ms "
            "(target: under 1,000 ms)"
        )

    def time_batch(
        self, restrictions: list[Restriction], manager: User
    ) -> tuple[int, float, float]:
        size = len(restrictions)
        self.stdout.write(f"Batch of {size:,}: drafting …")
        started = time.perf_counter()
        letters = [services.letter_draft(restriction, by=manager) for restriction in restrictions]
        drafting = time.perf_counter() - started
        self.stdout.write(f"Batch of {size:,}: issuing …")
        step = max(1, size // 5)
        started = time.perf_counter()

        def progress(done: int) -> None:
            if done % step == 0 or done == size:
                self.stdout.write(
                    f"  issued {done:,}/{size:,} ({time.perf_counter() - started:.1f} s)"
                )

        issued = services.letters_issue_each(letters, by=manager, progress=progress)
        issuing = time.perf_counter() - started
        assert issued == size == Letter.objects.filter(pk__in=[x.pk for x in letters]).count()  # noqa: S101
        return size, drafting, issuing
