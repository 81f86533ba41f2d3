"""Changing a restriction in force: a variation proposed and decided, and the change itself."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from musuc import records
from musuc.models import User
from restrictions import models, rules
from restrictions.choices import RestrictionState, ReviewState, VariationState
from restrictions.models import Condition, Restriction, Review, Term, Variation, condition_as_data
from restrictions.selectors import variation_conditions, variation_refusal
from restrictions.services._shared import _check_permission, _relocked
from restrictions.services.reviews import _review_open


def _review_follow_term(
    restriction: Restriction, term: Term, *, changed_by: User, label: str, cause: str
) -> None:
    """(reading) A change to the term of a restriction whose review is due: the review, due
    from the old end, is closed naming what changed it; the restriction is back in force
    until the new end, whose review the daily job raises, or reviewed afresh at once if the
    new end has also passed."""
    if restriction.state != RestrictionState.REVIEW_DUE:
        return
    for review in Review.objects.select_for_update().filter(term=term, state=ReviewState.OPEN):
        review.supersede()
        review.decided_by, review.decided_at = changed_by, timezone.now()
        review.reason = _(
            "Closed without a decision: %(cause)s changed the term, which now ends on %(end)s."
        ) % {"cause": cause, "end": date_format(term.ends_on, "DATE_FORMAT")}
        records.recorded_by(review, changed_by, label)
        review.save()
    if term.ends_on >= timezone.localdate():
        restriction.reinstate()
    else:
        _review_open(restriction, term)


def restriction_change(
    *,
    restriction: Restriction,
    conditions: Sequence[Condition] | None,
    new_term_months: int | None,
    changed_by: User,
    label: str,
    cause: str,
) -> Restriction:
    """Put new conditions and/or a new length for the current term in force, keeping the old
    ones on record. Used by an approved variation and by a dispute partly upheld, whose own
    records keep the reasons; ``label`` says in the history which of them it was, ``cause``
    names it (the dispute, the variation) on a review the change closes."""
    if not restriction.is_in_force:
        raise ValidationError(_("The restriction is no longer in force, so it cannot be varied."))
    now = timezone.now()
    if conditions is not None:
        for old in restriction.conditions.filter(ended_at__isnull=True):
            old.ended_at = now
            records.recorded_by(old, changed_by, label)
            old.save()
        for condition in conditions:
            condition.pk = None
            condition.restriction = restriction
            condition.starts_at = now
            records.recorded_by(condition, changed_by, label)
            condition.save()
    if new_term_months is not None:
        # A decided restriction always has a term.
        term: Term = restriction.terms.select_for_update().order_by("-number").first()  # type: ignore[assignment]
        term.months = new_term_months
        term.ends_on = rules.term_end(term.starts_on, new_term_months)
        term.ending_reminder_sent_at = None  # remind again before the new end
        records.recorded_by(term, changed_by, label)
        term.save()
        _review_follow_term(restriction, term, changed_by=changed_by, label=label, cause=cause)
    records.recorded_by(restriction, changed_by, label)
    restriction.save()  # a history row on the restriction itself says it was varied, and how
    return restriction


def change_problems(
    *, restriction: Restriction, conditions: list[Condition] | None, new_term_months: int | None
) -> rules.Problems:
    """What is wrong with changing a restriction's conditions or term (a variation, or a
    dispute partly upheld); empty if nothing is."""
    problems: rules.Problems = {}
    if not restriction.is_in_force:
        problems["__all__"] = [_("Only a restriction in force can be varied")]
    if conditions is None and new_term_months is None:
        problems.setdefault("__all__", []).append(_("Change the conditions, the term, or both"))
    if conditions is not None:
        if not conditions:
            problems["kinds"] = [_("Add at least one condition")]
        for condition in conditions:
            for field, messages in rules.condition_problems(condition).items():
                problems.setdefault(field, []).extend(messages)
        for field, messages in rules.access_problems(conditions).items():
            problems.setdefault(field, []).extend(messages)
    if new_term_months is not None:
        problems.update(rules.term_problems("new_term_months", new_term_months))
    return problems


def _variation_problems(
    *, restriction: Restriction, conditions: list[Condition] | None, new_term_months: int | None
) -> rules.Problems:
    problems = change_problems(
        restriction=restriction, conditions=conditions, new_term_months=new_term_months
    )
    if restriction.variations.filter(state=VariationState.PENDING_APPROVAL).exists():
        problems.setdefault("__all__", []).append(
            _("A variation of this restriction is already awaiting approval")
        )
    return problems


@transaction.atomic
def variation_propose(
    *,
    restriction: Restriction,
    proposed_by: User,
    conditions: Sequence[Condition] | None,
    new_term_months: int | None,
    reason: str,
) -> Variation:
    """A manager proposes new conditions or a new term length; another manager decides."""
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if not proposed_by.has_perm(models.DECIDE):
        raise PermissionDenied(_("Only a manager can vary a restriction"))
    conditions = list(conditions) if conditions is not None else None
    problems = _variation_problems(
        restriction=restriction, conditions=conditions, new_term_months=new_term_months
    )
    if not reason.strip():
        problems["reason"] = [_("Enter the reason for the variation")]
    records.refuse(problems)
    variation = Variation(
        restriction=restriction,
        proposed_by=proposed_by,
        reason=reason.strip(),
        proposed_conditions=[condition_as_data(c) for c in conditions]
        if conditions is not None
        else [],
        new_term_months=new_term_months,
    )
    records.recorded_by(variation, proposed_by)
    variation.save()
    return variation


@transaction.atomic
def variation_decide(
    *, variation: Variation, manager: User, approve: bool, reason: str
) -> Variation:
    """Another manager approves (it takes effect at once) or rejects a variation."""
    _relocked(variation)
    restriction = Restriction.objects.select_for_update().get(pk=variation.restriction_id)
    variation.restriction = restriction
    move = variation.approve if approve else variation.reject
    if variation.state != VariationState.PENDING_APPROVAL:
        raise ValidationError(_("This variation has already been decided: reload the page."))
    if refusal := variation_refusal(variation, manager):
        raise PermissionDenied(refusal)
    if not can_proceed(move):  # the guard: only a restriction in force can be varied
        raise ValidationError(_("The restriction is no longer in force, so it cannot be varied."))
    _check_permission(move, manager, _("Only a manager can decide a variation"))
    if not reason.strip():
        raise ValidationError({"reason": [_("Enter the reason for your decision")]})
    try:
        move()
        variation.decided_by, variation.decided_at = manager, timezone.now()
        variation.decision_reason = reason.strip()
        records.recorded_by(
            variation, manager, _("Variation approved") if approve else _("Variation rejected")
        )
        variation.save()
    except (ConcurrentTransition, TransitionNotAllowed):
        raise ValidationError(
            _("This variation has already been decided: reload the page.")
        ) from None
    if approve:
        restriction_change(
            restriction=restriction,
            conditions=variation_conditions(variation),
            new_term_months=variation.new_term_months,
            changed_by=manager,
            label=_("Varied: variation approved"),
            cause=_("a variation approved by %(name)s") % {"name": manager},
        )
    return variation
