"""The daily jobs: reminding of disputes due soon, flagging those overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from disputes import notices
from disputes.choices import OPEN_STATES
from disputes.models import Dispute
from disputes.services.base import qsr_members
from musuc import records
from musuc.jobs import each_due
from musuc.outbox import notify_each


def disputes_remind_due_soon(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Remind the assignee (or the QSR team, if unassigned) once of each open dispute due
    within 5 working days (daily). Idempotent: only disputes not yet reminded are read."""
    today = today or timezone.localdate()
    due = Dispute.objects.due_soon(today).filter(due_soon_reminded_at__isnull=True)
    return each_due(
        due.order_by("due_on", "id"),
        lambda pk: _tell_due(
            pk,
            stamp="due_soon_reminded_at",
            key="dispute-due-soon",
            notice=notices.due_soon,
        ),
        batch_size,
    )


def disputes_flag_overdue(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Flag each open dispute past its due date, once, and tell the assignee (or the QSR team,
    if unassigned) (daily). Idempotent: only disputes not yet flagged are read."""
    today = today or timezone.localdate()
    due = Dispute.objects.overdue(today).filter(overdue_flagged_at__isnull=True)
    return each_due(
        due.order_by("due_on", "id"),
        lambda pk: _tell_due(
            pk,
            stamp="overdue_flagged_at",
            key="dispute-overdue",
            notice=notices.overdue,
            reason=gettext_lazy("Past its due date"),
        ),
        batch_size,
    )


def _tell_due(
    dispute_pk: int,
    *,
    stamp: str,
    key: str,
    notice: Callable[[Dispute], notices.Notice],
    reason="",
) -> bool:
    """Tell the assignee (or the QSR team) about one open dispute and stamp it as told, unless
    another run has it or it was already told. With a reason, the stamp joins its history."""
    with transaction.atomic():
        dispute = (
            Dispute.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("service_user", "assigned_to")
            .filter(pk=dispute_pk, state__in=OPEN_STATES, **{f"{stamp}__isnull": True})
            .first()
        )
        if dispute is None:
            return False
        subject, body = notice(dispute)
        notify_each(
            [dispute.assigned_to] if dispute.assigned_to else qsr_members(),
            key=f"{key}:{dispute.pk}",
            subject=subject,
            body=body,
            link=dispute.get_absolute_url(),
        )
        setattr(dispute, stamp, timezone.now())
        if reason:
            records.recorded_by(dispute, None, str(reason))
        dispute.save(update_fields=[stamp])
        return True
