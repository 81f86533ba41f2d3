"""The QSR team's queue: assigning, reassigning, starting the assessment, a withdrawal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disputes import notices, rules
from disputes.models import Dispute
from disputes.services.base import Problems, locked, move
from musuc import records
from musuc.models import User
from musuc.outbox import notify


def _assignee_problems(
    dispute: Dispute, assignee: User | None, by: User, current: User | None = None
) -> Problems:
    if assignee is None:
        return {"assignee": [_("Select who the dispute is assigned to")]}
    if not assignee.is_active or not assignee.has_perm("disputes.handle_dispute"):
        return {"assignee": [_("Assign the dispute to a member of the QSR team")]}
    if rules.took_part_in_decision(dispute, assignee):
        return {"assignee": [rules.not_independent(assignee, yourself=assignee.pk == by.pk)]}
    if current is not None and assignee.pk == current.pk:
        return {"assignee": [_("The dispute is already assigned to them: choose someone else")]}
    return {}


def _tell_assignee(dispute: Dispute, assignee: User, by: User) -> None:
    if assignee.pk == by.pk:
        return
    subject, body = notices.assigned(dispute, by)
    notify(
        recipient=assignee,
        key=f"dispute-assigned:{dispute.pk}:{dispute.assigned_at:%Y%m%d%H%M%S%f}",
        subject=subject,
        body=body,
        link=dispute.get_absolute_url(),
    )


@transaction.atomic
def dispute_assign(*, dispute: Dispute, assigned_by: User, assignee: User | None) -> Dispute:
    """A QSR member takes a received dispute, or gives it to another QSR member."""
    dispute = locked(dispute)
    move(dispute, dispute.assign, assigned_by, _("Only the QSR team can assign a dispute"))
    records.refuse(_assignee_problems(dispute, assignee, assigned_by))
    dispute.assigned_to, dispute.assigned_at = assignee, timezone.now()
    records.recorded_by(dispute, assigned_by, _("Assigned to %(name)s") % {"name": assignee})
    dispute.save()
    _tell_assignee(dispute, assignee, assigned_by)  # type: ignore[arg-type]
    return dispute


@transaction.atomic
def dispute_reassign(*, dispute: Dispute, reassigned_by: User, assignee: User | None) -> Dispute:
    """A QSR member gives an assigned dispute to someone else, who starts the assessment afresh."""
    dispute = locked(dispute)
    current = dispute.assigned_to
    move(dispute, dispute.reassign, reassigned_by, _("Only the QSR team can reassign a dispute"))
    records.refuse(_assignee_problems(dispute, assignee, reassigned_by, current))
    dispute.assigned_to, dispute.assigned_at = assignee, timezone.now()
    dispute.assessment_started_at = None
    records.recorded_by(dispute, reassigned_by, _("Reassigned to %(name)s") % {"name": assignee})
    dispute.save()
    _tell_assignee(dispute, assignee, reassigned_by)  # type: ignore[arg-type]
    return dispute


@transaction.atomic
def dispute_start_assessment(*, dispute: Dispute, started_by: User) -> Dispute:
    dispute = locked(dispute)
    if rules.took_part_in_decision(dispute, started_by):
        raise PermissionDenied(rules.not_independent(started_by, yourself=True))
    move(
        dispute,
        dispute.start_assessment,
        started_by,
        _("Only the person the dispute is assigned to can start the assessment"),
    )
    dispute.assessment_started_at = timezone.now()
    records.recorded_by(dispute, started_by, _("Assessment started"))
    dispute.save()
    return dispute


@transaction.atomic
def dispute_withdraw(*, dispute: Dispute, withdrawn_by: User, reason: str) -> Dispute:
    """The person withdrew their dispute: a QSR member records it, with the reason."""
    dispute = locked(dispute)
    move(dispute, dispute.withdraw, withdrawn_by, _("Only the QSR team can record a withdrawal"))
    if not reason.strip():
        raise ValidationError({"reason": [_("Enter why the dispute was withdrawn")]})
    dispute.withdrawn_reason = reason.strip()
    dispute.closed_by, dispute.closed_at = withdrawn_by, timezone.now()
    records.recorded_by(dispute, withdrawn_by, _("Withdrawn by the person"))
    dispute.save()
    return dispute
