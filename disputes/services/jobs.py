"""The daily jobs: reminding of disputes due soon, flagging those overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext_lazy

from disputes import notices
from disputes.choices import OPEN_STATES
from disputes.models import Dispute
from disputes.services.base import qsr_members
from musuc import records
from musuc.jobs import each_batch
from musuc.models import User
from musuc.outbox import Told, notify_many, told_each


def disputes_remind_due_soon(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Remind the assignee (or the QSR team, if unassigned) once of each open dispute due
    within 5 working days (daily). Idempotent: only disputes not yet reminded are read."""
    today = today or timezone.localdate()
    due = Dispute.objects.due_soon(today).filter(due_soon_reminded_at__isnull=True)
    return each_batch(
        due.select_related("service_user", "assigned_to").order_by("due_on", "id"),
        partial(
            _tell_due,
            stamp="due_soon_reminded_at",
            key="dispute-due-soon",
            notice=notices.due_soon_each,
        ),
        batch_size,
    )


def disputes_flag_overdue(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Flag each open dispute past its due date, once, and tell the assignee (or the QSR team,
    if unassigned) (daily). Idempotent: only disputes not yet flagged are read."""
    today = today or timezone.localdate()
    due = Dispute.objects.overdue(today).filter(overdue_flagged_at__isnull=True)
    return each_batch(
        due.select_related("service_user", "assigned_to").order_by("due_on", "id"),
        partial(
            _tell_due,
            stamp="overdue_flagged_at",
            key="dispute-overdue",
            notice=notices.overdue_each,
            reason=gettext_lazy("Past its due date"),
        ),
        batch_size,
    )


def _tell_due(
    batch: list[Dispute],
    *,
    stamp: str,
    key: str,
    notice: Callable[[list[Dispute]], list[notices.Notice]],
    reason="",
) -> int:
    """Tell the assignee (or the QSR team) about each open dispute of a batch the job holds,
    and stamp it as told. With a reason, the stamp's history says it."""
    team: list[User] | None = None  # read once per batch, if a dispute has no assignee
    told: list[Told] = []
    for dispute, (subject, body) in zip(batch, notice(batch), strict=True):
        if dispute.assigned_to is None and team is None:
            team = list(qsr_members())
        told += told_each(
            [dispute.assigned_to] if dispute.assigned_to else team or [],
            key=f"{key}:{dispute.pk}",
            subject=subject,
            body=body,
            link=dispute.get_absolute_url(),
        )
    records.saved_together(
        batch,
        only_if={"state__in": OPEN_STATES, f"{stamp}__isnull": True},
        label=reason,
        values={stamp: timezone.now()},
    )
    notify_many(told)
    return len(batch)
