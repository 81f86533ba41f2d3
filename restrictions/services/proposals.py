"""Every write to warnings, restrictions, their conditions, terms and breaches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import (
    ConcurrentTransition,
    TransitionNotAllowed,
    can_proceed,
    has_transition_perm,
)

from contacts.models import Contact, ServiceUser
from musuc import records
from musuc.jobs import each_due
from musuc.models import User
from musuc.outbox import notify, notify_each
from musuc.roles import holders_of
from restrictions import models, rules, selectors
from restrictions.choices import (
    DECISION_LABELS,
    RestrictionState,
    ReviewOutcome,
    ReviewState,
    VariationState,
    WarningState,
)
from restrictions.models import (
    Breach,
    Condition,
    Restriction,
    Review,
    Term,
    Variation,
    Warning,
)

ALREADY_DECIDED = gettext_lazy(
    "This proposal has already been decided by someone else: reload the page."
)


def _locked_person(service_user: ServiceUser) -> ServiceUser:
    """Serialise decisions about one person (the count of warnings, the restriction in force)."""
    return ServiceUser.objects.select_for_update().get(pk=service_user.pk)


def managers_of(team_id: int | None) -> list[User]:
    """The managers who should hear of a team's work: the team's own, or all if it has none."""
    managers = holders_of(models.DECIDE)
    in_team = [manager for manager in managers if manager.team_id == team_id] if team_id else []
    return in_team or list(managers)


def review_team(team_id: int | None) -> int | None:
    """The team whose queue a review joins: the approver's, while it has an active manager;
    otherwise no team, so every manager sees it as they are all told of it."""
    if team_id and any(manager.team_id == team_id for manager in managers_of(team_id)):
        return team_id
    return None


def notify_managers(
    *,
    team_id: int | None,
    key: str,
    subject: str,
    body: str,
    link: str,
    exclude: int | None = None,
) -> int:
    """Notify each manager once per key; the number newly notified."""
    managers = [manager for manager in managers_of(team_id) if manager.pk != exclude]
    return notify_each(managers, key=key, subject=subject, body=body, link=link)


def _relocked[Record: (Restriction, Variation)](record: Record) -> Record:
    """Lock the record's row and read it again under the lock, in place: who may act, and
    whether the move is still open, are judged on the record as it now stands."""
    record.refresh_from_db(from_queryset=type(record).objects.select_for_update())
    return record


def warnings_in_force(service_user: ServiceUser) -> int:
    return Warning.objects.filter(service_user=service_user).in_force().count()


def _check_permission(bound_transition, user: User, refusal: str) -> None:
    if not has_transition_perm(bound_transition, user):
        raise PermissionDenied(refusal)


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
    person = restriction.service_user
    notify_managers(
        team_id=user.team_id,
        key=f"approval:{restriction.pk}:{restriction.submitted_at:%Y%m%d%H%M%S%f}",
        subject=_("A restriction awaits your decision: %(name)s") % {"name": person.full_name},
        body=_("%(proposer)s proposed a restriction for %(name)s (%(reference)s).")
        % {"proposer": user, "name": person.full_name, "reference": person.reference},
        link=restriction.get_absolute_url(),
        exclude=user.pk,
    )


@transaction.atomic
def restriction_propose(
    *,
    service_user: ServiceUser,
    proposed_by: User,
    conditions: Sequence[Condition],
    contacts: Sequence[Contact],
    reasons: str,
    term_months: int | None,
    starts_on: dt.date,
    access_route: str,
    justification_without_warning: str = "",
    adjustments_considered: str = "",
) -> Restriction:
    """Propose a restriction and submit it for a manager's decision, or refuse it whole."""
    _locked_person(service_user)
    restriction = Restriction(  # type: ignore[misc]
        service_user=service_user,
        proposed_by=proposed_by,
        reasons=reasons.strip(),
        term_months=term_months,
        starts_on=starts_on,
        access_route=access_route.strip(),
        justification_without_warning=justification_without_warning.strip(),
        adjustments_considered=adjustments_considered.strip(),
    )
    _proposal_submit(restriction, user=proposed_by, conditions=conditions, contacts=contacts)
    return restriction


@transaction.atomic
def restriction_revise(
    *,
    restriction: Restriction,
    revised_by: User,
    conditions: Sequence[Condition],
    contacts: Sequence[Contact],
    reasons: str,
    term_months: int | None,
    starts_on: dt.date,
    access_route: str,
    justification_without_warning: str = "",
    adjustments_considered: str = "",
) -> Restriction:
    """The proposer revises a returned proposal and submits it again, or it is refused whole."""
    _locked_person(restriction.service_user)  # as when proposing: one proposal at a time
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    _check_permission(
        restriction.submit, revised_by, _("Only the person who proposed it can revise it")
    )
    if restriction.state != RestrictionState.DRAFT:
        raise ValidationError(_("Only a proposal returned for changes can be revised."))
    restriction.reasons = reasons.strip()
    restriction.term_months = term_months  # type: ignore[assignment]
    restriction.starts_on = starts_on
    restriction.access_route = access_route.strip()
    restriction.justification_without_warning = justification_without_warning.strip()
    restriction.adjustments_considered = adjustments_considered.strip()
    old_conditions = list(restriction.conditions.all())
    _proposal_submit(
        restriction,
        user=revised_by,
        conditions=conditions,
        contacts=contacts,
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


def decision_refusal(restriction: Restriction, user: User) -> str | None:
    """Why this user cannot decide this proposal, in words for the page; None if they can."""
    if restriction.state != RestrictionState.PENDING_APPROVAL:
        return _("This proposal is not awaiting a decision.")
    # A caseworker is told a manager decides; only a manager is told it must be another one.
    if not user.has_perm("restrictions.decide_restriction"):
        return _("A manager decides this restriction.")
    if rules.is_proposer(restriction, user):
        return _("You proposed this restriction, so another manager must decide it.")
    if not has_transition_perm(restriction.reject, user):
        return _("Only a manager can decide a restriction.")
    return None


DECISIONS = tuple(DECISION_LABELS)

# What the proposer is told of each decision: the outcome in the subject, and what comes next.
DECISION_NOTICES = {
    "approve": (
        gettext_lazy("Your proposed restriction was approved: %(name)s"),
        gettext_lazy(
            "%(manager)s approved the restriction you proposed for %(name)s (%(reference)s). "
            "It applies from %(start)s."
        ),
    ),
    "reject": (
        gettext_lazy("Your proposed restriction was rejected: %(name)s"),
        gettext_lazy(
            "%(manager)s rejected the restriction you proposed for %(name)s (%(reference)s)."
        ),
    ),
    "return": (
        gettext_lazy("Your proposed restriction was returned to you: %(name)s"),
        gettext_lazy(
            "%(manager)s returned the restriction you proposed for %(name)s (%(reference)s) "
            "for you to change and submit again."
        ),
    ),
}


def notice_date(day: dt.date) -> str:
    """A date as a notification's sentence reads it: 5 March 2026."""
    return date_format(day, "DATE_FORMAT")


def _tell_proposer_of_decision(restriction: Restriction, manager: User, decision: str) -> None:
    person = restriction.service_user
    body: str  # a lazy notice for one line, until `%` below makes it text
    subject, body = DECISION_NOTICES[decision]  # type: ignore[assignment]
    words = {
        "manager": manager,
        "name": person.full_name,
        "reference": person.reference,
        "start": notice_date(restriction.starts_on) if restriction.starts_on else "",
    }
    body = body % words
    if restriction.decision_reason:
        body += "\n\n" + _("Their reasons: %(reason)s") % {"reason": restriction.decision_reason}
    notify(
        recipient=restriction.proposed_by,
        key=f"decision:{restriction.pk}:{restriction.decided_at:%Y%m%d%H%M%S%f}",
        subject=subject % words,
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


def _restriction_ended(
    restriction: Restriction,
    *,
    ended_by: User,
    reason: str,
    label: str,
    at: dt.datetime | None = None,
) -> None:
    """Record who ended a restriction, when and why, once its transition (ended early, removed
    after review, lifted on dispute) has run."""
    restriction.ended_by, restriction.ended_at = ended_by, at or timezone.now()
    restriction.ended_reason = reason.strip()
    records.recorded_by(restriction, ended_by, label)
    restriction.save()


def restriction_lift(
    *, restriction: Restriction, lifted_by: User, reason: str, at: dt.datetime
) -> Restriction:
    """A dispute about it was upheld: the restriction no longer applies. The caller holds the
    restriction's lock inside its transaction (the dispute's decision)."""
    restriction.lift()
    _restriction_ended(restriction, ended_by=lifted_by, reason=reason, label=reason, at=at)
    return restriction


@transaction.atomic
def breaches_record(*, contact: Contact) -> selectors.Judgement:
    """Store the breaches this contact made of the restriction in force when it happened, and
    return the judgement they came from (with the gate's advice)."""
    Breach.objects.filter(contact=contact).delete()  # a correction is judged afresh
    judged = selectors.contact_judged(
        service_user_id=contact.service_user_id,
        channel=contact.channel,
        direction=contact.direction,
        occurred_at=contact.occurred_at,
        recipient_ids=[user.pk for user in contact.received_by.all()],
        call_minutes=contact.call_minutes,
    )
    stored: dict[int, Breach] = {}
    for found in judged.result.breaches:
        if found.condition.pk not in stored:  # type: ignore[attr-defined]
            stored[found.condition.pk] = Breach.objects.create(  # type: ignore[attr-defined, misc]
                contact=contact,
                restriction=judged.restriction,
                condition=found.condition,
                description=found.description[:300],
            )
    return judged


CONDITION_FIELDS = (
    "kind",
    "permitted_days",
    "permitted_from",
    "permitted_until",
    "max_call_minutes",
    "response_working_days",
    "single_point_of_contact_id",
    "channels",
    "police_force",
    "police_reference",
    "police_reported_on",
)


def condition_as_data(condition: Condition) -> dict:
    """A condition as JSON, kept on a variation until it is approved."""
    data = {}
    for name in CONDITION_FIELDS:
        value = getattr(condition, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def condition_from_data(data: dict) -> Condition:
    values = dict(data)
    for name, parse in (
        ("permitted_from", dt.time.fromisoformat),
        ("permitted_until", dt.time.fromisoformat),
        ("police_reported_on", dt.date.fromisoformat),
    ):
        if values.get(name):
            values[name] = parse(values[name])
    return Condition(**values)


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


def variation_conditions(variation: Variation) -> list[Condition] | None:
    """The conditions a variation would put in force, or None if it keeps them."""
    if not variation.proposed_conditions:
        return None
    return [condition_from_data(data) for data in variation.proposed_conditions]


def variation_refusal(variation: Variation, user: User) -> str | None:
    """Why this manager cannot decide this variation, in words for the page; None if they can."""
    if rules.is_proposer(variation, user):
        return _("You proposed this variation, so another manager must decide it.")
    return None


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


def restrictions_activate_due(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Put in force every approved restriction whose start date has come (daily, by beat).

    Idempotent and catching up: it looks only at approved restrictions starting on or before
    today, so a second run, or a run after days of downtime, does exactly what is still due.
    Each restriction moves in its own transaction; one that another run moved first is skipped.
    """
    today = today or timezone.localdate()
    due = Restriction.objects.filter(
        state=RestrictionState.APPROVED, starts_on__lte=today
    ).order_by("starts_on", "id")
    return each_due(due, _restriction_activate, batch_size)


def _restriction_activate(restriction_pk: int) -> bool:
    with transaction.atomic():
        restriction = (
            Restriction.objects.select_for_update(skip_locked=True)
            .filter(pk=restriction_pk, state=RestrictionState.APPROVED)
            .first()
        )
        if restriction is None:
            return False
        restriction.activate()
        records.recorded_by(restriction, None, _("The start date came"))
        restriction.save()
        return True


def _review_open(restriction: Restriction, term: Term) -> Review:
    """Open the review of a term that has ended, due 10 working days after its end, and tell
    the managers. The caller holds the restriction's lock and moves it to review due."""
    review = Review.objects.create(
        restriction=restriction,
        term=term,
        team_id=review_team(term.decided_by.team_id),
        due_on=rules.review_due_on(term.ends_on),
    )
    person = restriction.service_user
    notify_managers(
        team_id=review.team_id,
        key=f"review-raised:{review.pk}",
        subject=_("A restriction review is due: %(name)s") % {"name": person.full_name},
        body=_(
            "The term of the restriction on %(name)s (%(reference)s) ended on %(end)s. "
            "Decide the review by %(due)s."
        )
        % {
            "name": person.full_name,
            "reference": person.reference,
            "end": notice_date(term.ends_on),
            "due": notice_date(review.due_on),
        },
        link=review.get_absolute_url(),
    )
    return review


def reviews_raise_due(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Raise a review for every ended term of a restriction in force that has none (daily).

    Idempotent and catching up: it reads only terms that ended before today with no review,
    and the database allows one review per term, so a second run or a second beat raises
    nothing more.
    """
    today = today or timezone.localdate()
    due = (
        Term.objects.filter(ends_on__lt=today, restriction__state=RestrictionState.ACTIVE)
        .exclude(reviews__state__in=[ReviewState.OPEN, ReviewState.DECIDED])
        .order_by("ends_on", "id")
    )
    return each_due(due, _review_raise, batch_size)


def _review_raise(term_pk: int) -> bool:
    try:
        with transaction.atomic():
            term = Term.objects.select_related("decided_by").get(pk=term_pk)
            restriction = (
                Restriction.objects.select_for_update(skip_locked=True)
                .filter(pk=term.restriction_id, state=RestrictionState.ACTIVE)
                .first()
            )
            if restriction is None or restriction.terms.order_by("-number").first() != term:
                return False  # another run has it, or a later term superseded this one
            _review_open(restriction, term)
            restriction.raise_review()
            records.recorded_by(restriction, None, _("The term ended: a review is due"))
            restriction.save()
            return True
    except IntegrityError:
        return False  # the database already holds this term's review


@transaction.atomic
def review_decide(
    *,
    review: Review,
    manager: User,
    outcome: str,
    extend_months: int | None,
    reason: str,
) -> Review:
    """Remove the restriction, or extend it by a new term of 3, 6 or 12 months."""
    review = Review.objects.select_for_update().select_related("term").get(pk=review.pk)
    restriction = Restriction.objects.select_for_update().get(pk=review.restriction_id)
    review.restriction = restriction  # the guard reads the restriction as locked
    if review.state != ReviewState.OPEN or not can_proceed(review.decide):
        raise ValidationError(_("This review has already been decided: reload the page."))
    _check_permission(review.decide, manager, _("Only a manager can decide a review"))
    problems: rules.Problems = {}
    if outcome not in ReviewOutcome.values:
        problems["outcome"] = [_("Select remove or extend")]
    if outcome == ReviewOutcome.EXTEND:
        problems.update(rules.term_problems("extend_months", extend_months, extension=True))
    if not reason.strip():
        problems["reason"] = [_("Enter the reasons for the outcome")]
    records.refuse(problems)
    try:
        review.decide()
        (restriction.extend if outcome == ReviewOutcome.EXTEND else restriction.remove)()
    except TransitionNotAllowed:
        raise ValidationError(_("This review has already been decided: reload the page.")) from None
    now = timezone.now()
    review.outcome, review.reason = outcome, reason.strip()
    review.extend_months = extend_months if outcome == ReviewOutcome.EXTEND else None
    review.decided_by, review.decided_at = manager, now
    records.recorded_by(
        review,
        manager,
        _("Review decided: extend")
        if outcome == ReviewOutcome.EXTEND
        else _("Review decided: remove"),
    )
    review.save()
    if outcome == ReviewOutcome.EXTEND:
        starts_on = review.term.ends_on + dt.timedelta(days=1)
        Term.objects.create(  # type: ignore[misc]
            restriction=restriction,
            number=review.term.number + 1,
            starts_on=starts_on,
            ends_on=rules.term_end(starts_on, extend_months),  # type: ignore[arg-type]
            months=extend_months,
            decided_by=manager,
            decided_at=now,
            reason=reason.strip(),
        )
        records.recorded_by(restriction, manager, _("Extended after review"))
        restriction.save()
    else:
        _restriction_ended(
            restriction, ended_by=manager, reason=reason, label=_("Removed after review"), at=now
        )
    return review


@transaction.atomic
def review_record_told(
    *,
    review: Review,
    recorded_by: User,
    told_on: dt.date | None,
    told_method: str,
    not_told_reason: str,
) -> Review:
    """Record how and when the person was told the review's outcome, or why they could not be."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    problems: rules.Problems = {}
    if review.state != ReviewState.DECIDED:
        problems["__all__"] = [_("The person is told once the review is decided")]
    problems.update(
        rules.told_problems(
            told_on=told_on, told_method=told_method, not_told_reason=not_told_reason
        )
    )
    records.refuse(problems)
    if not_told_reason.strip():
        told_on, told_method = None, ""
    review.told_on, review.told_method = told_on, told_method
    review.not_told_reason = not_told_reason.strip()
    records.recorded_by(review, recorded_by)
    review.save()
    return review


def reviews_flag_overdue(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Flag each open review past its due date, once, and tell the managers (daily).

    Only reviews not yet flagged are read (a partial index serves them), so a second run, or
    one after downtime, finds exactly what is still to do. Returns how many were flagged.
    """
    today = today or timezone.localdate()
    due = Review.objects.filter(
        state=ReviewState.OPEN,
        due_on__lt=today,
        overdue_flagged_at__isnull=True,
        restriction__state=RestrictionState.REVIEW_DUE,  # not one lifted on dispute
    ).order_by("due_on", "id")
    return each_due(due, _review_flag_overdue, batch_size)


def _review_flag_overdue(review_pk: int) -> bool:
    with transaction.atomic():
        review = (
            Review.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("restriction__service_user")
            .filter(
                pk=review_pk,
                overdue_flagged_at__isnull=True,
                state=ReviewState.OPEN,
                restriction__state=RestrictionState.REVIEW_DUE,
            )
            .first()
        )
        if review is None:
            return False
        person = review.restriction.service_user
        notify_managers(
            team_id=review.team_id,
            key=f"review-overdue:{review.pk}",
            subject=_("A restriction review is overdue: %(name)s") % {"name": person.full_name},
            body=_(
                "The review of the restriction on %(name)s (%(reference)s) was due by %(due)s "
                "and has not been decided yet."
            )
            % {
                "name": person.full_name,
                "reference": person.reference,
                "due": notice_date(review.due_on),
            },
            link=review.get_absolute_url(),
        )
        review.overdue_flagged_at = timezone.now()
        records.recorded_by(review, None, _("Past its due date"))
        review.save(update_fields=["overdue_flagged_at"])
        return True


def terms_remind_ending(*, today: dt.date | None = None, batch_size: int = 500) -> int:
    """Remind managers, once per term, of restrictions whose term ends within 14 days (daily).

    Only terms not yet reminded are read (a partial index serves them). Returns how many terms
    were reminded of.
    """
    today = today or timezone.localdate()
    due = Term.objects.filter(
        ends_on__gte=today,
        ends_on__lte=today + dt.timedelta(days=rules.TERM_ENDING_REMINDER_DAYS),
        ending_reminder_sent_at__isnull=True,
        restriction__state=RestrictionState.ACTIVE,
    ).order_by("ends_on", "id")
    return each_due(due, _term_remind_ending, batch_size)


def _term_remind_ending(term_pk: int) -> bool:
    with transaction.atomic():
        term = (
            Term.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("restriction__service_user", "decided_by")
            .filter(pk=term_pk, ending_reminder_sent_at__isnull=True)
            .first()
        )
        if term is None:
            return False
        person = term.restriction.service_user
        notify_managers(
            team_id=term.decided_by.team_id,
            key=f"term-ending:{term.pk}:{term.ends_on:%Y%m%d}",
            subject=_("A restriction term ends soon: %(name)s") % {"name": person.full_name},
            body=_(
                "The term of the restriction on %(name)s (%(reference)s) ends on %(end)s; "
                "a review will be raised the next day."
            )
            % {
                "name": person.full_name,
                "reference": person.reference,
                "end": notice_date(term.ends_on),
            },
            link=term.restriction.get_absolute_url(),
        )
        term.ending_reminder_sent_at = timezone.now()
        term.save(update_fields=["ending_reminder_sent_at"])
        return True
