"""Demo service users, and the reasonable adjustments and safeguarding concerns of a few."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from casework.seeding.bulk import Progress, history_write, rows_insert
from casework.seeding.names import FIRST_NAMES, LAST_NAMES, TOWNS
from contacts.choices import Language, PreferredFormat, SafeguardingAction
from contacts.models import ReasonableAdjustment, SafeguardingConcern, ServiceUser
from contacts.services import service_user_reference_new
from musuc.models import User

# The columns each seeded person gives; the rest take their defaults.
FIELDS = (
    "reference",
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "address_line_1",
    "town",
    "postcode",
    "preferred_language",
    "preferred_format",
    "created_by_id",
    "last_name_key",
    "first_name_key",
    "email_key",
    "phone_key",
    "postcode_key",
)


def _person(rnd: random.Random, reference: str, staff: list[User]) -> ServiceUser:
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
            [PreferredFormat.STANDARD, PreferredFormat.LARGE_PRINT, PreferredFormat.EASY_READ],
            weights=[90, 6, 4],
        )[0],
        created_by=rnd.choice(staff),
    )
    person.refresh_search_keys()
    return person


def create_service_users(
    rnd: random.Random, out, total: int, staff: list[User], batch_size: int
) -> list[int]:
    """Make ``total`` people with unused references, in batches; return their ids."""
    progress = Progress(out, "service users", total)
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
            batch.append(_person(rnd, reference, staff))
        rows = (tuple(getattr(person, name) for name in FIELDS) for person in batch)
        with transaction.atomic():
            created = rows_insert(ServiceUser, FIELDS, rows)
            history_write(ServiceUser, created, "created_by_id")
        ids.extend(created)
        made += len(batch)
        progress.report(made)
    return ids


def _adjustment(rnd: random.Random, pk: int, recorder: User, now) -> ReasonableAdjustment:
    return ReasonableAdjustment(
        service_user=ServiceUser(pk=pk),
        need=rnd.choice(
            ["Dyslexia", "Hearing loss", "Anxiety when speaking on the phone", "Visual impairment"]
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


def _concern(rnd: random.Random, pk: int, recorder: User, now) -> SafeguardingConcern:
    return SafeguardingConcern(
        service_user=ServiceUser(pk=pk),
        concern="Expressed thoughts of self-harm during a call.",
        action=rnd.choice(SafeguardingAction.values),
        action_detail="Referred to local mental health crisis team; reference given.",
        action_by=recorder,
        action_at=now - timedelta(days=rnd.randrange(1, 300)),
        recorded_by=recorder,
    )


def create_case_notes(rnd: random.Random, ids: list[int], staff: list[User]) -> None:
    """One person in twenty has a case note: half an adjustment, half a safeguarding concern."""
    now = timezone.now()
    sample = rnd.sample(ids, k=min(len(ids), max(1, len(ids) // 20)))
    half = len(sample) // 2 + 1
    for pk in sample[:half]:
        recorder = rnd.choice(staff)
        item = _adjustment(rnd, pk, recorder, now)
        item._history_user = recorder  # type: ignore[attr-defined]
        item.save()
    for pk in sample[half:]:
        recorder = rnd.choice(staff)
        concern = _concern(rnd, pk, recorder, now)
        concern._history_user = recorder  # type: ignore[attr-defined]
        concern.save()
