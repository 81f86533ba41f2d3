"""Every non-trivial read of letters, each choosing its own joins."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from letters import rules
from letters.choices import DeliveryRoute, DeliveryState, LetterFormat, LetterState
from letters.models import RECORD_FIELD_OF_KIND, Letter, LetterDelivery
from musuc.calendar import add_working_days_to_each
from restrictions.choices import RestrictionState
from restrictions.models import Condition
from restrictions.selectors import IN_FORCE

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


def letters_overdue(today: dt.date) -> QuerySet[Letter]:
    """Drafts of decisions whose letter is not issued within the working days allowed, oldest
    decision first: what the manager's work list shows."""
    return (
        Letter.objects.filter(state=LetterState.DRAFT, decided_on__lte=overdue_cutoff(today))
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
