"""What every service does to a case record it writes: name who changed it and what happened,
or refuse the whole change with a reason per field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django_fsm import ConcurrentTransition

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from musuc.models import User

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
    if reason := _label(label):
        instance._change_reason = reason


def saved_together(
    batch: Sequence[models.Model],
    *,
    values: dict[str, Any],
    only_if: dict[str, Any],
    label: StrOrPromise = "",
    by: User | None = None,
) -> None:
    """Save records a job changed alike, and holds locked, as one UPDATE, and write each one's
    history row as ``save()`` would (``by`` and ``label`` as ``recorded_by`` takes them).

    The caller has made the change on each record first where a rule checks it (a transition
    checks its move); ``values`` are the new values. ``only_if`` guards the UPDATE on what the
    change requires, such as a transition's source state, as ``ConcurrentTransitionMixin``'s
    ``save()`` does: a row that no longer matches would mean the lock did not hold, and undoes
    the whole batch rather than half-apply it.
    """
    if not batch:
        return
    model = type(batch[0])
    pks = [record.pk for record in batch]
    updated = model._default_manager.filter(pk__in=pks, **only_if).update(**values)
    if updated != len(pks):
        raise ConcurrentTransition(
            f"{len(pks) - updated} of {len(pks)} {model._meta.verbose_name_plural} "
            "changed under the batch's lock"
        )
    _history_copy(model, pks, history_type="~", label=label, by=by)


def created_together(
    batch: Sequence[models.Model], *, label: StrOrPromise = "", by: User | None = None
) -> None:
    """Write the creation history of records a job inserted in bulk (``bulk_create`` writes
    none), as ``save()`` would have."""
    if batch:
        pks = [record.pk for record in batch]
        _history_copy(type(batch[0]), pks, history_type="+", label=label, by=by)


def _history_copy(
    model: type[models.Model],
    pks: list[Any],
    *,
    history_type: str,
    label: StrOrPromise,
    by: User | None,
) -> None:
    """One history row per record, copied by the database from the row as it now stands:
    the fields simple-history tracks, when (now), who (None: the system) and what.

    ``INSERT … SELECT`` rather than building a historical record per row in Python, which
    cost a batch more than all its queries together; the columns are simple-history's own.
    """
    history = model.history.model  # type: ignore[attr-defined]
    fields = history.tracked_fields
    quote = connection.ops.quote_name
    targets = [history._meta.get_field(field.name).column for field in fields]
    targets += ["history_date", "history_change_reason", "history_type"]
    targets.append(history._meta.get_field("history_user").column)
    sources = ", ".join(quote(field.column) for field in fields)
    pk_column = quote(model._meta.pk.column)  # type: ignore[arg-type]
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(map(quote, targets))}) "  # noqa: S608 - names from the models, values as parameters
        f"SELECT {sources}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {pk_column} IN ({', '.join(['%s'] * len(pks))}) ORDER BY {pk_column}"
    )
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [when, _label(label), history_type, by.pk if by else None, *pks])


def _label(label: StrOrPromise) -> str | None:
    """A label as the history's column holds it: shortened if too long; None if there is none."""
    label = str(label)
    if len(label) > CHANGE_LABEL_MAX_LENGTH:
        label = label[: CHANGE_LABEL_MAX_LENGTH - 1] + "…"
    return label or None


def refuse(problems: dict[str, list[str]]) -> None:
    """Refuse the change, whole, if anything is wrong with it."""
    if problems:
        raise ValidationError(problems)
