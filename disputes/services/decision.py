"""The decision on a dispute, what it does to the restriction, and sending its outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disputes import notices, rules
from disputes.choices import DisputeOutcome, DisputeState
from disputes.models import Dispute
from disputes.services.base import MOVED_ON, Problems, approving_team, locked, move
from musuc import records
from musuc.models import User
from restrictions import services as restriction_services
from restrictions.choices import RestrictionState
from restrictions.models import Condition, Restriction


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
    dispute = locked(dispute)
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
    move(dispute, dispute.decide, decided_by, _("You cannot decide this dispute"))
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
    subject, body = notices.decided(
        dispute, outcome=outcome, nothing_to_lift=restriction.state != RestrictionState.LIFTED
    )
    restriction_services.notify_managers(
        team_id=approving_team(restriction),
        key=f"dispute-decided:{dispute.pk}",
        subject=subject,
        body=body,
        link=restriction.get_absolute_url(),
    )
    return dispute


@transaction.atomic
def dispute_close(
    *, dispute: Dispute, closed_by: User, sent_on: dt.date | None, sent_method: str
) -> Dispute:
    """A QSR member records when and how the outcome was sent, which closes the dispute."""
    dispute = locked(dispute)
    move(dispute, dispute.close, closed_by, _("Only the QSR team can close a dispute"))
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
