"""Every write to disputes: recording, the QSR team's transitions, outcomes and the daily jobs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
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

from contacts.choices import Assessment
from contacts.models import Contact, ServiceUser
from disputes import rules
from disputes.choices import OPEN_STATES, DisputeChannel, DisputeOutcome, DisputeState
from disputes.models import HANDLE, Dispute
from musuc import records
from musuc.jobs import each_due
from musuc.models import User
from musuc.outbox import notify, notify_each
from musuc.roles import holders_of
from restrictions import services as restriction_services
from restrictions.choices import RestrictionState
from restrictions.models import Condition, Restriction, Term

Problems = dict[str, list[str]]

ALREADY_DISPUTED = gettext_lazy(
    "This decision has already been disputed, and Stage 2 is final: a decision can be disputed "
    "once. An extension is a new decision and can be disputed once."
)
MOVED_ON = gettext_lazy("This dispute has moved on since the page was loaded: reload the page.")

# What the managers are told of each outcome: the outcome itself, and what it did.
OUTCOME_NOTICES = {
    DisputeOutcome.UPHELD: (
        gettext_lazy("A Stage 2 dispute was upheld: %(name)s"),
        gettext_lazy(
            "The dispute from %(name)s (%(reference)s) was upheld: the restriction was lifted."
        ),
    ),
    DisputeOutcome.PARTLY_UPHELD: (
        gettext_lazy("A Stage 2 dispute was partly upheld: %(name)s"),
        gettext_lazy(
            "The dispute from %(name)s (%(reference)s) was partly upheld: the restriction was "
            "varied."
        ),
    ),
    DisputeOutcome.NOT_UPHELD: (
        gettext_lazy("A Stage 2 dispute was not upheld: %(name)s"),
        gettext_lazy(
            "The dispute from %(name)s (%(reference)s) was not upheld: the restriction stays as "
            "it is."
        ),
    ),
}
UPHELD_AFTER_THE_END = gettext_lazy(
    "The dispute from %(name)s (%(reference)s) was upheld. The restriction had already ended, "
    "so there was nothing to lift."
)


def qsr_members() -> QuerySet[User]:
    return holders_of(HANDLE).order_by("first_name", "last_name", "username")


def _locked(dispute: Dispute) -> Dispute:
    return (
        Dispute.objects.select_for_update(of=("self",))
        .select_related("restriction", "term", "service_user")
        .get(pk=dispute.pk)
    )


def _move(dispute: Dispute, move, user: User, refusal: str) -> None:
    """Run one transition for this user, or say why they cannot."""
    if not can_proceed(move):
        raise ValidationError(MOVED_ON)
    if not has_transition_perm(move, user):
        raise PermissionDenied(refusal)
    try:
        move()
    except (ConcurrentTransition, TransitionNotAllowed):
        raise ValidationError(MOVED_ON) from None


@transaction.atomic
def dispute_record(
    *,
    service_user: ServiceUser,
    term: Term,
    received_at: dt.datetime,
    channel: str,
    channel_detail: str = "",
    statement: str,
    recorded_by: User,
) -> Dispute:
    """Record a dispute about one decision, due 20 working days after receipt, or refuse it."""
    if not recorded_by.has_perm("disputes.add_dispute"):
        raise PermissionDenied(_("Only case staff and the QSR team can record a dispute"))
    ServiceUser.objects.select_for_update().get(pk=service_user.pk)  # one record at a time
    term = Term.objects.select_related("restriction").get(pk=term.pk)
    problems: Problems = {}
    if term.restriction.service_user_id != service_user.pk:
        problems["term"] = [_("Select a decision about this person")]
    elif term.restriction.state not in rules.DISPUTABLE_STATES:
        problems["term"] = [_("Only a restriction that is approved or in force can be disputed")]
    elif Dispute.objects.filter(term=term).exclude(state=DisputeState.WITHDRAWN).exists():
        problems["term"] = [str(ALREADY_DISPUTED)]
    if received_at > timezone.now():
        problems["received_on"] = [_("The date and time received must be in the past")]
    elif received := rules.received_problems(
        received_on=timezone.localtime(received_at).date(),
        decided_on=timezone.localtime(term.decided_at).date(),
        today=timezone.localdate(),
    ):
        problems["received_on"] = received
    if channel not in DisputeChannel.values:
        problems["channel"] = [_("Select how the dispute was received")]
    elif channel == DisputeChannel.OTHER and not channel_detail.strip():
        problems["channel_detail"] = [_("Say how the dispute was received")]
    if not statement.strip():
        problems["statement"] = [_("Enter what the person says")]
    records.refuse(problems)
    dispute = Dispute(
        service_user=service_user,
        restriction=term.restriction,
        term=term,
        received_at=received_at,
        channel=channel,
        channel_detail=channel_detail.strip() if channel == DisputeChannel.OTHER else "",
        statement=statement.strip(),
        due_on=rules.dispute_due_on(timezone.localtime(received_at).date()),
        recorded_by=recorded_by,
    )
    records.recorded_by(dispute, recorded_by)
    try:
        with transaction.atomic():
            dispute.save()
    except IntegrityError:  # another person recorded one for this decision a moment ago
        raise ValidationError({"term": [str(ALREADY_DISPUTED)]}) from None
    notify_each(
        qsr_members(),
        key=f"dispute-received:{dispute.pk}",
        subject=_("A Stage 2 dispute was received: %(name)s") % {"name": service_user.full_name},
        body=_("A dispute about the restriction on %(name)s (%(reference)s) is due by %(due)s.")
        % {
            "name": service_user.full_name,
            "reference": service_user.reference,
            "due": date_format(dispute.due_on, "DATE_FORMAT"),
        },
        link=dispute.get_absolute_url(),
    )
    return dispute


def _approving_team(restriction: Restriction) -> int | None:
    """The team whose managers hear about a restriction's dispute: the approving manager's."""
    return restriction.decided_by.team_id if restriction.decided_by_id else None  # type: ignore[union-attr]


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
    person = dispute.service_user
    notify(
        recipient=assignee,
        key=f"dispute-assigned:{dispute.pk}:{dispute.assigned_at:%Y%m%d%H%M%S%f}",
        subject=_("A dispute was assigned to you: %(name)s") % {"name": person.full_name},
        body=_("%(by)s assigned you the dispute from %(name)s (%(reference)s), due by %(due)s.")
        % {
            "by": by,
            "name": person.full_name,
            "reference": person.reference,
            "due": date_format(dispute.due_on, "DATE_FORMAT"),
        },
        link=dispute.get_absolute_url(),
    )


@transaction.atomic
def dispute_assign(*, dispute: Dispute, assigned_by: User, assignee: User | None) -> Dispute:
    """A QSR member takes a received dispute, or gives it to another QSR member."""
    dispute = _locked(dispute)
    _move(dispute, dispute.assign, assigned_by, _("Only the QSR team can assign a dispute"))
    records.refuse(_assignee_problems(dispute, assignee, assigned_by))
    dispute.assigned_to, dispute.assigned_at = assignee, timezone.now()
    records.recorded_by(dispute, assigned_by, _("Assigned to %(name)s") % {"name": assignee})
    dispute.save()
    _tell_assignee(dispute, assignee, assigned_by)  # type: ignore[arg-type]
    return dispute


@transaction.atomic
def dispute_reassign(*, dispute: Dispute, reassigned_by: User, assignee: User | None) -> Dispute:
    """A QSR member gives an assigned dispute to someone else, who starts the assessment afresh."""
    dispute = _locked(dispute)
    current = dispute.assigned_to
    _move(dispute, dispute.reassign, reassigned_by, _("Only the QSR team can reassign a dispute"))
    records.refuse(_assignee_problems(dispute, assignee, reassigned_by, current))
    dispute.assigned_to, dispute.assigned_at = assignee, timezone.now()
    dispute.assessment_started_at = None
    records.recorded_by(dispute, reassigned_by, _("Reassigned to %(name)s") % {"name": assignee})
    dispute.save()
    _tell_assignee(dispute, assignee, reassigned_by)  # type: ignore[arg-type]
    return dispute


@transaction.atomic
def dispute_start_assessment(*, dispute: Dispute, started_by: User) -> Dispute:
    dispute = _locked(dispute)
    if rules.took_part_in_decision(dispute, started_by):
        raise PermissionDenied(rules.not_independent(started_by, yourself=True))
    _move(
        dispute,
        dispute.start_assessment,
        started_by,
        _("Only the person the dispute is assigned to can start the assessment"),
    )
    dispute.assessment_started_at = timezone.now()
    records.recorded_by(dispute, started_by, _("Assessment started"))
    dispute.save()
    return dispute


def decision_refusal(dispute: Dispute, user: User) -> str | None:
    """Why this user cannot decide this dispute, in words for the page; None if they can."""
    if dispute.state != DisputeState.UNDER_ASSESSMENT:
        return _("A dispute is decided once its assessment has started.")
    if not user.has_perm("disputes.handle_dispute"):
        return _("Only the QSR team can decide a dispute.")
    if user.pk != dispute.assigned_to_id:
        return _("Only the person the dispute is assigned to can decide it.")
    if rules.took_part_in_decision(dispute, user):
        return rules.not_independent(user, yourself=True)
    return None


def _outcome_problems(
    *,
    dispute: Dispute,
    outcome: str,
    reasonable_reasons: str,
    proportionate_reasons: str,
    conditions: list[Condition] | None,
    new_term_months: int | None,
) -> Problems:
    problems: Problems = {}
    if outcome not in DisputeOutcome.values:
        problems["outcome"] = [_("Select not upheld, upheld or partly upheld")]
    if not reasonable_reasons.strip():
        problems["reasonable_reasons"] = [_("Say whether the restriction was reasonable, and why")]
    if not proportionate_reasons.strip():
        problems["proportionate_reasons"] = [
            _("Say whether the restriction was proportionate, and why")
        ]
    restriction = dispute.restriction
    if outcome == DisputeOutcome.PARTLY_UPHELD:
        for field, messages in restriction_services.change_problems(
            restriction=restriction, conditions=conditions, new_term_months=new_term_months
        ).items():
            problems.setdefault(field, []).extend(str(m) for m in messages)
        current = restriction.terms.order_by("-number").first()
        if new_term_months is not None and current is not None and current.pk != dispute.term_id:
            problems.setdefault("new_term_months", []).append(
                _(
                    "The decision disputed has since been followed by an extension, so its "
                    "term cannot be changed here: change the conditions instead"
                )
            )
        elif new_term_months is not None and new_term_months == dispute.term.months:
            problems.setdefault("new_term_months", []).append(
                _("Choose a different length, or keep the current term")
            )
    elif contradiction := rules.outcome_contradiction(
        outcome=outcome, new_term_months=new_term_months, changes_conditions=conditions is not None
    ):
        problems.setdefault("outcome", []).append(contradiction)
    return problems


def dispute_decision_problems(
    *,
    dispute: Dispute,
    outcome: str,
    reasonable_reasons: str,
    proportionate_reasons: str,
    conditions: Sequence[Condition] | None = None,
    new_term_months: int | None = None,
) -> Problems:
    """What ``dispute_decide`` would refuse in these answers, writing nothing: the answers are
    checked before they are shown back to be confirmed."""
    return _outcome_problems(
        dispute=dispute,
        outcome=outcome,
        reasonable_reasons=reasonable_reasons,
        proportionate_reasons=proportionate_reasons,
        conditions=list(conditions) if conditions is not None else None,
        new_term_months=new_term_months,
    )


@transaction.atomic
def dispute_decide(
    *,
    dispute: Dispute,
    decided_by: User,
    outcome: str,
    reasonable_reasons: str,
    proportionate_reasons: str,
    conditions: Sequence[Condition] | None = None,
    new_term_months: int | None = None,
) -> Dispute:
    """Record the outcome and apply it to the restriction in the same transaction: upheld
    lifts it, partly upheld varies it, not upheld leaves it as it is."""
    dispute = _locked(dispute)
    if dispute.state != DisputeState.UNDER_ASSESSMENT:
        raise ValidationError(MOVED_ON)
    if refusal := decision_refusal(dispute, decided_by):
        raise PermissionDenied(refusal)
    restriction = Restriction.objects.select_for_update().get(pk=dispute.restriction_id)
    dispute.restriction = restriction
    conditions = list(conditions) if conditions is not None else None
    records.refuse(
        _outcome_problems(
            dispute=dispute,
            outcome=outcome,
            reasonable_reasons=reasonable_reasons,
            proportionate_reasons=proportionate_reasons,
            conditions=conditions,
            new_term_months=new_term_months,
        )
    )
    _move(dispute, dispute.decide, decided_by, _("You cannot decide this dispute"))
    now = timezone.now()
    dispute.outcome = outcome
    dispute.reasonable_reasons = reasonable_reasons.strip()
    dispute.proportionate_reasons = proportionate_reasons.strip()
    dispute.decided_by, dispute.decided_at = decided_by, now
    if outcome == DisputeOutcome.PARTLY_UPHELD:
        dispute.varied_term_months = new_term_months
        dispute.varied_conditions = (
            [restriction_services.condition_as_data(c) for c in conditions]
            if conditions is not None
            else []
        )
    label = DisputeOutcome(outcome).label
    records.recorded_by(dispute, decided_by, str(label))
    dispute.save()
    because = _("Stage 2 dispute %(outcome)s") % {"outcome": str(label).lower()}
    if outcome == DisputeOutcome.UPHELD and restriction.state in rules.DISPUTABLE_STATES:
        restriction_services.restriction_lift(
            restriction=restriction, lifted_by=decided_by, reason=because, at=now
        )
    elif outcome == DisputeOutcome.PARTLY_UPHELD:
        restriction_services.restriction_change(
            restriction=restriction,
            conditions=conditions,
            new_term_months=new_term_months,
            changed_by=decided_by,
            label=because,
            cause=_("Stage 2 dispute %(dispute)s, partly upheld,") % {"dispute": dispute},
        )
    person = dispute.service_user
    subject, body = OUTCOME_NOTICES[outcome]  # type: ignore[index]
    if outcome == DisputeOutcome.UPHELD and restriction.state != RestrictionState.LIFTED:
        body = UPHELD_AFTER_THE_END
    words = {"name": person.full_name, "reference": person.reference}
    restriction_services.notify_managers(
        team_id=_approving_team(restriction),
        key=f"dispute-decided:{dispute.pk}",
        subject=subject % words,
        body=body % words,
        link=restriction.get_absolute_url(),
    )
    return dispute


@transaction.atomic
def dispute_close(
    *, dispute: Dispute, closed_by: User, sent_on: dt.date | None, sent_method: str
) -> Dispute:
    """A QSR member records when and how the outcome was sent, which closes the dispute."""
    dispute = _locked(dispute)
    _move(dispute, dispute.close, closed_by, _("Only the QSR team can close a dispute"))
    problems: Problems = {}
    if sent_on is None:
        problems["sent_on"] = [_("Enter the date the outcome was sent")]
    elif sent_on > timezone.localdate():
        problems["sent_on"] = [_("The date sent must be today or in the past")]
    elif sent_on < timezone.localtime(dispute.decided_at).date():
        problems["sent_on"] = [_("The outcome cannot be sent before it was decided")]
    if not sent_method:
        problems["sent_method"] = [_("Select how the outcome was sent")]
    records.refuse(problems)
    dispute.outcome_sent_on, dispute.outcome_sent_method = sent_on, sent_method
    dispute.closed_by, dispute.closed_at = closed_by, timezone.now()
    records.recorded_by(dispute, closed_by, _("Outcome sent"))
    dispute.save()
    return dispute


@transaction.atomic
def dispute_withdraw(*, dispute: Dispute, withdrawn_by: User, reason: str) -> Dispute:
    """The person withdrew their dispute: a QSR member records it, with the reason."""
    dispute = _locked(dispute)
    _move(dispute, dispute.withdraw, withdrawn_by, _("Only the QSR team can record a withdrawal"))
    if not reason.strip():
        raise ValidationError({"reason": [_("Enter why the dispute was withdrawn")]})
    dispute.withdrawn_reason = reason.strip()
    dispute.closed_by, dispute.closed_at = withdrawn_by, timezone.now()
    records.recorded_by(dispute, withdrawn_by, _("Withdrawn by the person"))
    dispute.save()
    return dispute


@transaction.atomic
def disputes_flag_contact(*, contact: Contact, actor: User) -> int:
    """Flag an unacceptable contact on the person's open disputes, and tell the managers so
    they can consider varying the restriction. A correction that makes it acceptable takes the
    flag off. Returns how many disputes were newly flagged."""
    # Whoever logged or corrected the contact (the event's actor) is who the flag's history names.
    by = actor
    open_disputes = list(
        Dispute.objects.select_for_update(of=("self",))
        .filter(
            service_user_id=contact.service_user_id,
            state__in=OPEN_STATES,
            received_at__lte=contact.occurred_at,  # contact made during the dispute
        )
        .select_related("restriction__decided_by", "service_user")
    )
    if contact.assessment != Assessment.UNACCEPTABLE:
        for dispute in open_disputes:
            if dispute.flagged_contacts.filter(pk=contact.pk).exists():
                dispute.flagged_contacts.remove(contact)
                records.recorded_by(dispute, by, _("A flagged contact was corrected to acceptable"))
                dispute.save()
        return 0
    flagged = 0
    for dispute in open_disputes:
        if dispute.flagged_contacts.filter(pk=contact.pk).exists():
            continue
        dispute.flagged_contacts.add(contact)
        records.recorded_by(dispute, by, _("Unacceptable contact during the dispute"))
        dispute.save()
        flagged += 1
        person = dispute.service_user
        restriction = dispute.restriction
        restriction_services.notify_managers(
            team_id=_approving_team(restriction),
            key=f"dispute-contact:{dispute.pk}:{contact.pk}",
            subject=_("Unacceptable contact during a dispute: %(name)s")
            % {"name": person.full_name},
            body=_(
                "%(name)s (%(reference)s) made unacceptable contact while their dispute about "
                "the restriction is open. Consider whether the restriction should be varied."
            )
            % {"name": person.full_name, "reference": person.reference},
            link=restriction.get_absolute_url(),
        )
    return flagged


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
            subject=gettext_lazy("A dispute is due soon: %(name)s"),
            body=gettext_lazy(
                "The outcome of the dispute from %(name)s (%(reference)s) is due by %(due)s."
            ),
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
            subject=gettext_lazy("A dispute is overdue: %(name)s"),
            body=gettext_lazy(
                "The outcome of the dispute from %(name)s (%(reference)s) was due by %(due)s."
            ),
            reason=gettext_lazy("Past its due date"),
        ),
        batch_size,
    )


def _tell_due(dispute_pk: int, *, stamp: str, key: str, subject, body, reason="") -> bool:
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
        person = dispute.service_user
        notify_each(
            [dispute.assigned_to] if dispute.assigned_to else qsr_members(),
            key=f"{key}:{dispute.pk}",
            subject=subject % {"name": person.full_name},
            body=body
            % {
                "name": person.full_name,
                "reference": person.reference,
                "due": date_format(dispute.due_on, "DATE_FORMAT"),
            },
            link=dispute.get_absolute_url(),
        )
        setattr(dispute, stamp, timezone.now())
        if reason:
            records.recorded_by(dispute, None, str(reason))
        dispute.save(update_fields=[stamp])
        return True
