"""Every non-trivial read of letters, each choosing its own joins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from contacts.models import ServiceUser
from contacts.selectors import TimelineEvent, TimelineKeys, TimelineKind
from letters import rules
from letters.choices import DeliveryRoute, DeliveryState, LetterFormat, LetterKind, LetterState
from letters.models import RECORD_FIELD_OF_KIND, Letter, LetterDelivery
from musuc.calendar import add_working_days_to_each
from musuc.models import User
from restrictions.choices import RestrictionState, ReviewOutcome, ReviewState, VariationState
from restrictions.models import Condition, Restriction, Review, Variation
from restrictions.selectors import IN_FORCE

# The states of a restriction its letter tells of: approved, in force, or in force while its
# review is due.
RESTRICTION_LETTER_STATES = (
    RestrictionState.APPROVED,
    RestrictionState.ACTIVE,
    RestrictionState.REVIEW_DUE,
)

# How far back the work list's cut-off is looked for: far more working days than any wait.
_LOOKBACK_DAYS = 60


def letters_of(service_user) -> QuerySet[Letter]:
    """A person's letters, newest first, for the case file and its timeline."""
    return (
        Letter.objects.filter(service_user=service_user)
        .select_related("issued_by", "drafted_by")
        .order_by("-drafted_at", "-id")
    )


def letters_about(record, kind: str) -> QuerySet[Letter]:
    """The letters of one kind about one record (a draft, and any issued), newest first."""
    field = RECORD_FIELD_OF_KIND[kind]
    return Letter.objects.filter(kind=kind, **{field: record}).order_by("-drafted_at", "-id")


def letter_detail(pk: int) -> Letter:
    return Letter.objects.select_related(
        "service_user", "template", "second_template", "issued_by", "drafted_by"
    ).get(pk=pk)


def overdue_cutoff(today: dt.date) -> dt.date:
    """The latest decision day whose letter is overdue today: decided on it or before, a letter
    still in draft is past its working days (``rules.LETTER_DUE_WORKING_DAYS``)."""
    days = [today - dt.timedelta(days=back) for back in range(1, _LOOKBACK_DAYS)]
    due = add_working_days_to_each(days, rules.LETTER_DUE_WORKING_DAYS)
    return next((day for day in days if due[day] < today), days[-1])


def letters_overdue(today: dt.date, *, cutoff: dt.date | None = None) -> QuerySet[Letter]:
    """Drafts of decisions whose letter is not issued within the working days allowed, oldest
    decision first: what the manager's work list shows (``cutoff``, if the caller has it)."""
    return (
        Letter.objects.filter(
            state=LetterState.DRAFT, decided_on__lte=cutoff or overdue_cutoff(today)
        )
        .select_related("service_user", "drafted_by")
        .order_by("decided_on", "id")
    )


def letters_to_produce() -> QuerySet[Letter]:
    """Issued letters in a format made by hand (Braille, easy read, audio …) not yet
    produced, oldest first: the task list."""
    return (
        Letter.objects.filter(
            state=LetterState.ISSUED,
            format=LetterFormat.MANUAL,
            manual_produced_at__isnull=True,
        )
        .select_related("service_user")
        .order_by("issued_at", "id")
    )


# A restriction approved and about to start binds its letters' delivery as one in force does:
# its letter, sent by a channel it is about to close, would contradict itself.
_BINDING_DELIVERY = (*IN_FORCE, RestrictionState.APPROVED)


def delivery_conditions_of(service_user) -> list[Condition]:
    """The conditions that decide how a letter may reach the person: those in force of their
    restriction in force, or approved and about to start (rules.delivery_channel_for)."""
    return list(
        Condition.objects.filter(
            restriction__service_user=service_user,
            restriction__state__in=_BINDING_DELIVERY,
            ended_at__isnull=True,
        ).order_by("id")
    )


def print_queue() -> QuerySet[LetterDelivery]:
    """Letters waiting to be printed and posted by staff, oldest first (a partial index)."""
    return (
        LetterDelivery.objects.filter(state=DeliveryState.PENDING, route=DeliveryRoute.PRINT_QUEUE)
        .select_related("letter__service_user", "letter__issued_by")
        .order_by("created_at", "id")
    )


def print_queue_delivery(pk: int) -> LetterDelivery:
    """A letter of the print queue, waiting or posted, with what its PDF's download needs."""
    return LetterDelivery.objects.select_related("letter__service_user").get(
        pk=pk, route=DeliveryRoute.PRINT_QUEUE
    )


def _failures() -> QuerySet[LetterDelivery]:
    return (
        LetterDelivery.objects.filter(state=DeliveryState.FAILED)
        .select_related("letter__service_user")
        .order_by("-created_at", "-id")
    )


def delivery_failures_of(service_user) -> QuerySet[LetterDelivery]:
    """The person's letters that did not reach them, newest first: the case file's warning."""
    return _failures().filter(letter__service_user=service_user)


def delivery_failures_for(user) -> QuerySet[LetterDelivery]:
    """The letters this person issued that did not reach their recipient, newest first: their
    work list's."""
    return _failures().filter(letter__issued_by=user)


# The manager's work list: decisions whose letter is past its working days.
WORK_LIST_SIZE = 25


@dataclass(frozen=True)
class LetterOwed:
    """A decision whose letter is overdue: drafted and not issued, or not written at all."""

    kind: str
    service_user: ServiceUser
    decided_on: dt.date
    record_url: str
    draft: Letter | None = None
    # The last day to issue it (``rules.letter_due_on``), worked out for the list at once.
    due_on: dt.date | None = None

    @property
    def kind_label(self) -> str:
        return str(LetterKind(self.kind).label)

    @property
    def url(self) -> str:
        """Where the letter is written: its draft, or the record's page offering it."""
        return reverse("letters:detail", args=[self.draft.pk]) if self.draft else self.record_url


def _has_letter(field: str, kinds) -> Exists:
    return Exists(Letter.objects.filter(kind__in=kinds, **{field: OuterRef("pk")}))


def _owed(records, kind: str, decided: str, url) -> list[LetterOwed]:
    return [
        LetterOwed(
            kind=kind,
            service_user=record.service_user,
            decided_on=timezone.localdate(getattr(record, decided)),
            record_url=url(record),
        )
        for record in records
    ]


def letters_owed(user, today: dt.date, *, limit: int = WORK_LIST_SIZE) -> tuple[list, bool]:
    """What the manager's work list shows: the decisions of the kinds ``user`` writes the
    letters of (``rules.ISSUE_PERMISSIONS``) whose letter was not issued within
    ``rules.LETTER_DUE_WORKING_DAYS`` working days, oldest decision first; and whether there
    are more than ``limit``. In a fixed number of queries, one per kind of record.

    A decision is owed its letter when its draft is still a draft (``letters_overdue``), or
    when no letter was written and nothing else says the person was told: a restriction or a
    review with no telling recorded (told, or why they could not be), a variation, an early
    end. A warning records its delivery as it is issued, and a restriction lifted on dispute
    is told by the dispute's outcome letter (QSR's): those show only once drafted.
    """
    kinds = [kind for kind, perm in rules.ISSUE_PERMISSIONS.items() if user.has_perm(perm)]
    cutoff = overdue_cutoff(today)
    # Decided on the cutoff day or before: before the start of the day after it.
    before = timezone.make_aware(dt.datetime.combine(cutoff + dt.timedelta(days=1), dt.time()))
    owed: list[LetterOwed] = [
        LetterOwed(
            kind=letter.kind,
            service_user=letter.service_user,
            decided_on=letter.decided_on,
            record_url="",
            draft=letter,
        )
        for letter in letters_overdue(today, cutoff=cutoff).filter(kind__in=kinds)[: limit + 1]
    ]
    restriction_url = Restriction.get_absolute_url
    if LetterKind.RESTRICTION in kinds:
        decided = (
            Restriction.objects.filter(
                state__in=RESTRICTION_LETTER_STATES,
                decided_at__lt=before,
                told_on__isnull=True,
                not_told_reason="",
            )
            .exclude(_has_letter("restriction", [LetterKind.RESTRICTION]))
            .select_related("service_user")
            .order_by("decided_at", "id")[: limit + 1]
        )
        owed += _owed(decided, LetterKind.RESTRICTION, "decided_at", restriction_url)
    if LetterKind.RESTRICTION_ENDED in kinds:
        removed = Review.objects.filter(
            restriction=OuterRef("pk"), state=ReviewState.DECIDED, outcome=ReviewOutcome.REMOVE
        )
        ended = (
            Restriction.objects.filter(state=RestrictionState.ENDED, ended_at__lt=before)
            .exclude(Exists(removed))
            .exclude(_has_letter("restriction", [LetterKind.RESTRICTION_ENDED]))
            .select_related("service_user")
            .order_by("ended_at", "id")[: limit + 1]
        )
        owed += _owed(ended, LetterKind.RESTRICTION_ENDED, "ended_at", restriction_url)
    if LetterKind.VARIATION in kinds:
        varied = (
            Variation.objects.filter(state=VariationState.APPROVED, decided_at__lt=before)
            .exclude(_has_letter("variation", [LetterKind.VARIATION]))
            .select_related("restriction__service_user")
            .order_by("decided_at", "id")[: limit + 1]
        )
        owed += [
            LetterOwed(
                kind=LetterKind.VARIATION,
                service_user=variation.restriction.service_user,
                decided_on=timezone.localdate(variation.decided_at),
                record_url=variation.restriction.get_absolute_url(),
            )
            for variation in varied
        ]
    if LetterKind.REVIEW_REMOVED in kinds:
        reviewed = (
            Review.objects.filter(
                state=ReviewState.DECIDED,
                decided_at__lt=before,
                told_on__isnull=True,
                not_told_reason="",
            )
            .exclude(_has_letter("review", [LetterKind.REVIEW_REMOVED, LetterKind.REVIEW_EXTENDED]))
            .select_related("restriction__service_user")
            .order_by("decided_at", "id")[: limit + 1]
        )
        owed += [
            LetterOwed(
                kind=LetterKind.REVIEW_REMOVED
                if review.outcome == ReviewOutcome.REMOVE
                else LetterKind.REVIEW_EXTENDED,
                service_user=review.restriction.service_user,
                decided_on=timezone.localdate(review.decided_at),
                record_url=review.get_absolute_url(),
            )
            for review in reviewed
        ]
    owed.sort(key=lambda item: item.decided_on)
    shown = owed[:limit]
    days = {item.decided_on for item in shown}
    due = add_working_days_to_each(days, rules.LETTER_DUE_WORKING_DAYS)
    return [replace(item, due_on=due[item.decided_on]) for item in shown], len(owed) > limit


@dataclass(frozen=True)
class IssuedLetterEntry:
    """An issued letter as the timeline shows it: read as values, since a letter's row holds
    its whole issued content (and its model checks every column of an issued row)."""

    pk: int
    kind: str
    subject: str
    reference: str

    def get_kind_display(self) -> str:
        return str(LetterKind(self.kind).label)


def timeline_kinds(service_user) -> list[TimelineKind]:
    """The person's issued letters, for the timeline's index."""
    issued = Letter.objects.filter(service_user=service_user, state=LetterState.ISSUED)
    return [TimelineKind("letter_issued", issued, "issued_at")]


def timeline_read(service_user, keys: TimelineKeys) -> dict[tuple[str, int], TimelineEvent]:
    """The issued letters the timeline shows, by kind and key: one query, read as values
    (a letter's row holds its whole issued content)."""
    shown = keys.get("letter_issued", [])
    if not shown:
        return {}
    rows = Letter.objects.filter(pk__in=shown).values(
        "id",
        "kind",
        "subject",
        "issued_at",
        "issued_by__username",
        "issued_by__first_name",
        "issued_by__last_name",
    )
    return {
        ("letter_issued", row["id"]): TimelineEvent(
            "letter_issued",
            row["issued_at"],  # type: ignore[arg-type]  # set on every issued letter
            # Who issued it, as the timeline names them (the name only is read).
            User(
                username=row["issued_by__username"],
                first_name=row["issued_by__first_name"],
                last_name=row["issued_by__last_name"],
            ),
            IssuedLetterEntry(
                pk=row["id"],
                kind=row["kind"],
                subject=row["subject"],
                reference=f"{service_user.reference}/L{row['id']}",  # as Letter.reference
            ),
        )
        for row in rows
    }
