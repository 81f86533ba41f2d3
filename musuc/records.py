"""What every service does to a case record it writes: name who changed it and what happened,
or refuse the whole change with a reason per field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# simple-history keeps the change reason in a column of this many characters.
CHANGE_LABEL_MAX_LENGTH = 100


def recorded_by(instance, user, label: StrOrPromise = "") -> None:
    """Name who made this change, and what happened, in the record's history.

    ``label`` is a short, fixed phrase of what happened ("Warning withdrawn"), never text a
    person typed: their reason belongs in a field of the record itself, which the history keeps
    in full like every other field. A label too long for the history's column (one naming a
    person, say) is shortened rather than failing the change.
    """
    instance._history_user = user
    label = str(label)
    if len(label) > CHANGE_LABEL_MAX_LENGTH:
        label = label[: CHANGE_LABEL_MAX_LENGTH - 1] + "…"
    if label:
        instance._change_reason = label


def refuse(problems: dict[str, list[str]]) -> None:
    """Refuse the change, whole, if anything is wrong with it."""
    if problems:
        raise ValidationError(problems)
