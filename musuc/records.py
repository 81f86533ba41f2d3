"""What every service does to a case record it writes: name who changed it and why, or
refuse the whole change with a reason per field."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def recorded_by(instance, user, reason: str = "") -> None:
    """Name who made this change (and why) in the record's history, in or out of a request."""
    instance._history_user = user
    if reason:
        instance._change_reason = reason


def refuse(problems: dict[str, list[str]]) -> None:
    """Refuse the change, whole, if anything is wrong with it."""
    if problems:
        raise ValidationError(problems)
