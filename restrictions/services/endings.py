"""Ending a restriction before its term: early, by a manager, or lifted on a dispute upheld."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from musuc.models import User
from restrictions.choices import RestrictionState
from restrictions.models import Restriction
from restrictions.services._shared import _check_permission, _relocked, _restriction_ended


@transaction.atomic
def restriction_end_early(*, restriction: Restriction, manager: User, reason: str) -> Restriction:
    """A manager ends an active restriction before its term, with a reason."""
    _relocked(restriction)
    if restriction.state != RestrictionState.ACTIVE:
        raise ValidationError(_("Only an active restriction can be ended early."))
    _check_permission(restriction.end_early, manager, _("Only a manager can end a restriction"))
    if not reason.strip():
        raise ValidationError({"reason": [_("Enter why the restriction is ending early")]})
    try:
        restriction.end_early()
        _restriction_ended(restriction, ended_by=manager, reason=reason, label=_("Ended early"))
    except (ConcurrentTransition, TransitionNotAllowed):
        raise ValidationError(_("This restriction is no longer active: reload the page.")) from None
    return restriction


def restriction_lift(
    *, restriction: Restriction, lifted_by: User, reason: str, at: dt.datetime
) -> Restriction:
    """A dispute about it was upheld: the restriction no longer applies. The caller holds the
    restriction's lock inside its transaction (the dispute's decision)."""
    restriction.lift()
    _restriction_ended(restriction, ended_by=lifted_by, reason=reason, label=reason, at=at)
    return restriction
