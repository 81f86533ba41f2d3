"""Writes to warnings: issuing one, and closing or withdrawing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from contacts.models import Contact, ServiceUser
from musuc import records
from musuc.models import User
from restrictions import rules
from restrictions.choices import WarningState
from restrictions.models import Warning
from restrictions.selectors import warnings_in_force
from restrictions.services._shared import _check_permission, _locked_person


@transaction.atomic
def warning_issue(
    *,
    service_user: ServiceUser,
    issued_by: User,
    contacts: Sequence[Contact],
    reasons: str,
    adjustment_requested: str,
    delivery_method: str,
    delivered_on: dt.date,
) -> Warning:
    """Issue a warning, unless three are already in force."""
    _locked_person(service_user)
    problems = rules.warning_problems(
        unspent_warnings=warnings_in_force(service_user), contacts=contacts
    )
    if any(contact.service_user_id != service_user.pk for contact in contacts):
        problems.setdefault("contacts", []).append(_("Cite this person's own contacts"))
    if not reasons.strip():
        problems.setdefault("reasons", []).append(_("Enter the reasons for the warning"))
    if not adjustment_requested.strip():
        problems.setdefault("adjustment_requested", []).append(
            _("Enter what the person is asked to change")
        )
    records.refuse(problems)
    warning = Warning(
        service_user=service_user,
        issued_by=issued_by,
        reasons=reasons.strip(),
        adjustment_requested=adjustment_requested.strip(),
        delivery_method=delivery_method,
        delivered_on=delivered_on,
    )
    warning.full_clean(exclude=["state"])
    records.recorded_by(warning, issued_by)
    warning.save()
    warning.contacts.set(contacts)
    return warning


@transaction.atomic
def warning_close(*, warning: Warning, closed_by: User, reason: str, withdraw: bool) -> Warning:
    """A manager closes the matter (spent) or withdraws a warning issued in error."""
    warning = Warning.objects.select_for_update().get(pk=warning.pk)
    if warning.state != WarningState.ISSUED:
        raise ValidationError(_("This warning is no longer in force."))
    move = warning.withdraw if withdraw else warning.close
    _check_permission(move, closed_by, _("Only a manager can close or withdraw a warning"))
    if not reason.strip():
        raise ValidationError({"reason": [_("Enter the reason")]})
    try:
        move()
    except TransitionNotAllowed:
        raise ValidationError(_("This warning is no longer in force.")) from None
    warning.closed_by, warning.closed_at, warning.closed_reason = (
        closed_by,
        timezone.now(),
        reason.strip(),
    )
    records.recorded_by(
        warning,
        closed_by,
        _("Warning withdrawn") if withdraw else _("Matter closed: warning spent"),
    )
    warning.save()
    return warning
