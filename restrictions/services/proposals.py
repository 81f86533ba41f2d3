"""Writes to a proposed restriction: propose, revise, submit, cancel, decide, and the telling."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NotRequired, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from contacts.models import Contact, ServiceUser
from musuc import records
from musuc.models import User
from musuc.outbox import notify
from restrictions import notices, rules
from restrictions.choices import DECISION_LABELS, RestrictionState
from restrictions.models import Condition, Restriction, Term, Warning
from restrictions.selectors import decision_refusal, warnings_in_force
from restrictions.services._shared import (
    _check_permission,
    _locked_person,
    _relocked,
    notify_managers,
)

ALREADY_DECIDED = gettext_lazy(
    "This proposal has already been decided by someone else: reload the page."
)

DECISIONS = tuple(DECISION_LABELS)


class Proposal(TypedDict):
    """What a proposal says, as proposed and as revised: the one set of its fields."""

    conditions: Sequence[Condition]
    contacts: Sequence[Contact]
    reasons: str
    term_months: int | None
    starts_on: dt.date
    access_route: str
    justification_without_warning: NotRequired[str]
    adjustments_considered: NotRequired[str]


def _proposal_fill(restriction: Restriction, proposal: Proposal) -> None:
    """Put what the proposal says on the restriction (its conditions and contacts are kept
    apart until it is submitted)."""
    restriction.reasons = proposal["reasons"].strip()
    restriction.term_months = proposal["term_months"]  # type: ignore[assignment]
    restriction.starts_on = proposal["starts_on"]
    restriction.access_route = proposal["access_route"].strip()
    restriction.justification_without_warning = proposal.get(
        "justification_without_warning", ""
    ).strip()
    restriction.adjustments_considered = proposal.get("adjustments_considered", "").strip()


def _proposal_problems(
    *,
    service_user: ServiceUser,
    conditions: list[Condition],
    contacts: Sequence[Contact],
    restriction: Restriction,
) -> rules.Problems:
    unspent = warnings_in_force(service_user)
    has_adjustments = service_user.reasonable_adjustments.filter(ended_on__isnull=True).exists()
    problems = rules.proposal_problems(
        conditions=conditions,
        contacts=list(contacts),
        unspent_warnings=unspent,
        justification_without_warning=restriction.justification_without_warning,
        has_reasonable_adjustments=has_adjustments,
        adjustments_considered=restriction.adjustments_considered,
        term_months=restriction.term_months,
        reasons=restriction.reasons,
        access_route=restriction.access_route,
    )
    if any(contact.service_user_id != service_user.pk for contact in contacts):
        problems.setdefault("contacts", []).append(_("Cite this person's own contacts"))
    if (
        Restriction.objects.filter(
            service_user=service_user, state__in=rules.RESTRICTION_STATES_BLOCKING_A_PROPOSAL
        )
        .exclude(pk=restriction.pk)
        .exists()
    ):
        problems.setdefault("__all__", []).append(rules.another_restriction_refusal())
    return problems


def _proposal_submit(
    restriction: Restriction,
    *,
    user: User,
    conditions: Sequence[Condition],
    contacts: Sequence[Contact],
    label: str = "",
) -> None:
    """Check a proposal against every rule, then submit it with its conditions, the contacts
    behind it and the person's warnings in force."""
    conditions = list(conditions)
    problems = _proposal_problems(
        service_user=restriction.service_user,
        conditions=conditions,
        contacts=contacts,
        restriction=restriction,
    )
    for field, messages in rules.start_problems(
        starts_on=restriction.starts_on, today=timezone.localdate()
    ).items():
        problems.setdefault(field, []).extend(messages)
    records.refuse(problems)
    restriction.full_clean(exclude=["state", "contacts", "warnings"])
    restriction.submit()
    restriction.submitted_at = timezone.now()
    records.recorded_by(restriction, user, label)
    restriction.save()
    restriction.contacts.set(contacts)
    restriction.warnings.set(
        Warning.objects.filter(service_user=restriction.service_user).in_force()
    )
    for condition in conditions:
        condition.restriction = restriction
        records.recorded_by(condition, user)
        condition.save()
    subject, message = notices.approval_awaited(restriction, user)
    notify_managers(
        team_id=user.team_id,
        key=f"approval:{restriction.pk}:{restriction.submitted_at:%Y%m%d%H%M%S%f}",
        subject=subject,
        body=message,
        link=restriction.get_absolute_url(),
        exclude=user.pk,
    )


@transaction.atomic
def restriction_propose(
    *, service_user: ServiceUser, proposed_by: User, **proposal: Unpack[Proposal]
) -> Restriction:
    """Propose a restriction and submit it for a manager's decision, or refuse it whole."""
    _locked_person(service_user)
    restriction = Restriction(service_user=service_user, proposed_by=proposed_by)
    _proposal_fill(restriction, proposal)
    _proposal_submit(
        restriction,
        user=proposed_by,
        conditions=proposal["conditions"],
        contacts=proposal["contacts"],
    )
    return restriction


@transaction.atomic
def restriction_revise(
    *, restriction: Restriction, revised_by: User, **proposal: Unpack[Proposal]
) -> Restriction:
    """The proposer revises a returned proposal and submits it again, or it is refused whole."""
    _locked_person(restriction.service_user)  # as when proposing: one proposal at a time
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    _check_permission(
        restriction.submit, revised_by, _("Only the person who proposed it can revise it")
    )
    if restriction.state != RestrictionState.DRAFT:
        raise ValidationError(_("Only a proposal returned for changes can be revised."))
    _proposal_fill(restriction, proposal)
    old_conditions = list(restriction.conditions.all())
    _proposal_submit(
        restriction,
        user=revised_by,
        conditions=proposal["conditions"],
        contacts=proposal["contacts"],
        label=_("Revised and submitted again"),
    )
    for old in old_conditions:
        records.recorded_by(old, revised_by)
        old.delete()  # a draft's conditions were never in force: nothing refers to them
    return restriction


@transaction.atomic
def restriction_cancel(*, restriction: Restriction, cancelled_by: User) -> Restriction:
    """The proposer withdraws a draft (one returned for changes)."""
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if not rules.is_proposer(restriction, cancelled_by):
        raise PermissionDenied(_("Only the person who proposed it can cancel it"))
    if restriction.state == RestrictionState.PENDING_APPROVAL:
        raise ValidationError(
            _(
                "This proposal is awaiting a manager's decision, so it can no longer be "
                "cancelled. Ask a manager to return it to you first."
            )
        )
    if restriction.state != RestrictionState.DRAFT:
        raise ValidationError(_("Only a proposal returned for changes can be cancelled."))
    _check_permission(
        restriction.cancel, cancelled_by, _("Only the person who proposed it can cancel it")
    )
    try:
        restriction.cancel()
        records.recorded_by(restriction, cancelled_by, _("Cancelled by the proposer"))
        restriction.save()
    except (ConcurrentTransition, TransitionNotAllowed):
        raise ValidationError(_("Only a proposal returned for changes can be cancelled.")) from None
    return restriction


def _tell_proposer_of_decision(restriction: Restriction, manager: User, decision: str) -> None:
    subject, body = notices.decision_made(restriction, manager, decision)
    notify(
        recipient=restriction.proposed_by,
        key=f"decision:{restriction.pk}:{restriction.decided_at:%Y%m%d%H%M%S%f}",
        subject=subject,
        body=body,
        link=restriction.get_absolute_url(),
    )


@transaction.atomic
def restriction_decide(
    *, restriction: Restriction, manager: User, decision: str, reason: str
) -> Restriction:
    """Approve, reject or return a proposal. Approval creates the first term, puts the
    restriction in force from its start date and spends the warnings behind it."""
    _locked_person(restriction.service_user)  # decisions about one person, one at a time
    _relocked(restriction)
    refusal = decision_refusal(restriction, manager)
    if refusal and restriction.state == RestrictionState.PENDING_APPROVAL:
        raise PermissionDenied(refusal)
    if refusal:
        raise ValidationError(ALREADY_DECIDED)
    if decision not in DECISIONS:
        raise ValidationError({"decision": [_("Select approve, reject or return")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Enter the reason for your decision")]})
    if decision == "approve":
        # The grounds may have changed since it was proposed (a cited contact corrected, a
        # warning withdrawn): approve only what meets every rule now.
        problems = _proposal_problems(
            service_user=restriction.service_user,
            conditions=list(restriction.conditions.all()),
            contacts=list(restriction.contacts.all()),
            restriction=restriction,
        )
        if problems:
            raise ValidationError(
                _(
                    "This proposal no longer meets the policy's rules: %(problems)s. "
                    "Return it to the proposer."
                )
                % {
                    "problems": "; ".join(
                        str(m).rstrip(".") for messages in problems.values() for m in messages
                    )
                }
            )
    today = timezone.localdate()
    try:
        if decision == "approve":
            restriction.starts_on = rules.start_on_approval(restriction.starts_on, today)
        # The machine's guards choose: approval in force at once, or waiting for its start.
        moves = {
            "approve": (restriction.approve_from_today, restriction.approve),
            "reject": (restriction.reject,),
            "return": (restriction.return_to_proposer,),
        }[decision]
        next((move for move in moves if can_proceed(move)), moves[-1])()
        restriction.decided_by, restriction.decided_at = manager, timezone.now()
        restriction.decision_reason = reason.strip()
        records.recorded_by(restriction, manager, DECISION_LABELS[decision])
        restriction.save()
    except (ConcurrentTransition, TransitionNotAllowed):
        raise ValidationError(ALREADY_DECIDED) from None
    _tell_proposer_of_decision(restriction, manager, decision)
    if decision == "approve":
        Term.objects.create(
            restriction=restriction,
            number=1,
            starts_on=restriction.starts_on,
            ends_on=rules.term_end(restriction.starts_on, restriction.term_months),
            months=restriction.term_months,
            decided_by=manager,
            decided_at=restriction.decided_at,
            reason=reason.strip(),
        )
        for warning in restriction.warnings.select_for_update().in_force():
            warning.spend()
            records.recorded_by(warning, manager, _("A restriction it supports was approved"))
            warning.save()
    return restriction


@transaction.atomic
def restriction_record_told(
    *,
    restriction: Restriction,
    recorded_by: User,
    told_on: dt.date | None,
    told_method: str,
    told_reference: str,
    not_told_reason: str,
) -> Restriction:
    """Record how and when the person was told of the decision, or why they could not be."""
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    problems: rules.Problems = {}
    if restriction.state not in (RestrictionState.APPROVED, RestrictionState.ACTIVE):
        problems["__all__"] = [_("The person is told once a restriction is approved")]
    problems.update(
        rules.told_problems(
            told_on=told_on, told_method=told_method, not_told_reason=not_told_reason
        )
    )
    records.refuse(problems)
    if not_told_reason.strip():
        told_on, told_method, told_reference = None, "", ""
    restriction.told_on, restriction.told_method = told_on, told_method
    restriction.told_reference, restriction.not_told_reason = (
        told_reference.strip(),
        not_told_reason.strip(),
    )
    records.recorded_by(restriction, recorded_by)
    restriction.save()
    return restriction
