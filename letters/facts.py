"""What each kind of letter is filled with, read from its record.

``source_for(kind, record)`` gives a ``Source``: the person, the day of the decision, the free
text staff may edit (drafted from the record) and, per language, the facts (dates, conditions
in plain words, channels, routes), each named as ``letters.placeholders`` names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.choices import Behaviour, Channel
from contacts.models import ServiceUser
from disputes.choices import DisputeOutcome, DisputeState
from disputes.models import Dispute
from letters import rules, wording
from letters.choices import LetterKind
from restrictions import rules as restriction_rules
from restrictions.choices import (
    ConditionKind,
    RestrictionState,
    ReviewOutcome,
    ReviewState,
    VariationState,
    WarningState,
)
from restrictions.models import Condition, Restriction, Review, Term, Variation, Warning
from restrictions.selectors import conditions_in_force, variation_conditions

Facts = dict[str, str | list[str]]


@dataclass(frozen=True)
class Source:
    """What a letter about one record is drafted from."""

    kind: str
    record: object
    service_user: ServiceUser
    decided_on: dt.date
    editable: dict[str, str]
    facts_in: Callable[[str], Facts]

    def facts(self, languages: Sequence[str]) -> dict[str, Facts]:
        common = {
            "name": self.service_user.full_name,
            "first name": self.service_user.first_name,
            "reference": self.service_user.reference,
        }
        return {language: {**common, **self.facts_in(language)} for language in languages}


# Facts several kinds share.
def condition_in_words(language: str, condition: Condition) -> str:
    """One condition in plain words, as the person reads it."""
    kind = condition.kind
    if kind == ConditionKind.PERMITTED_TIMES:
        text = wording.say(
            language,
            kind,
            channels=wording.channels(language, restriction_rules.TIMED_CHANNELS),
            days=wording.weekdays(language, condition.permitted_days),
            start=wording.time(condition.permitted_from),  # type: ignore[arg-type]
            end=wording.time(condition.permitted_until),  # type: ignore[arg-type]
        )
        if condition.max_call_minutes:
            text += " " + wording.say(language, "call_minutes", minutes=condition.max_call_minutes)
        return text
    if kind == ConditionKind.RESPONSE_TIME:
        return wording.say(language, kind, days=condition.response_working_days)
    if kind == ConditionKind.SINGLE_POINT_OF_CONTACT:
        return wording.say(language, kind, name=condition.single_point_of_contact)
    if kind in (ConditionKind.LIMITED_CHANNELS, ConditionKind.READ_NO_RESPONSE):
        return wording.say(language, kind, channels=wording.channels(language, condition.channels))
    if kind == ConditionKind.POLICE_REPORT:
        return wording.say(
            language, kind, force=condition.police_force, reference=condition.police_reference
        )
    return wording.say(language, kind)


def conditions_in_words(language: str, conditions: Sequence[Condition]) -> list[str]:
    return [condition_in_words(language, condition) for condition in conditions]


def open_channels(language: str, conditions: Sequence[Condition]) -> list[str]:
    """The channels left open and answered, in the policy's order (the online forms are named
    on their own: they are always open)."""
    answered = restriction_rules.answered_channels(conditions)
    return [
        wording.capitalised(wording.channel(language, code))
        for code in Channel.values
        if code in answered
    ]


def online_forms(language: str) -> list[str]:
    return [
        wording.say(language, f"form.{form}", website=rules.IOPC_WEBSITE)
        for form in rules.ALWAYS_OPEN_FORMS
    ]


def dispute_routes(language: str) -> list[str]:
    return [
        wording.say(language, route.channel, detail=route.detail) for route in rules.DISPUTE_ROUTES
    ]


def restriction_terms(language: str, conditions: Sequence[Condition], term: Term) -> Facts:
    """What every letter of a restriction in force says: its conditions, the end of its term
    and its review, the ways still open and how to dispute it."""
    return {
        "conditions": conditions_in_words(language, conditions),
        "end date": wording.date(language, term.ends_on),
        "review date": wording.date(language, restriction_rules.review_due_on(term.ends_on)),
        "open channels": open_channels(language, conditions),
        "online forms": online_forms(language),
        "dispute routes": dispute_routes(language),
        "dispute working days": str(rules.DISPUTE_DUE_WORKING_DAYS),
    }


def _day(moment: dt.datetime | None) -> dt.date:
    return timezone.localdate(moment) if moment else timezone.localdate()


def _refuse(message: str) -> None:
    raise ValidationError(message)


def _latest_term(restriction: Restriction) -> Term:
    term = restriction.terms.order_by("-number").first()
    if term is None:
        _refuse(_("This restriction has not been approved, so it has no letter yet"))
    return term  # type: ignore[return-value]


# One function per kind of letter.
def warning_source(warning: Warning) -> Source:
    if warning.state == WarningState.WITHDRAWN:
        _refuse(_("This warning was withdrawn: it has no letter"))
    contacts = list(warning.contacts.order_by("occurred_at", "id"))
    earlier = Warning.objects.filter(service_user_id=warning.service_user_id).exclude(
        state=WarningState.WITHDRAWN
    )
    number = (
        earlier.filter(state=WarningState.ISSUED, issued_at__lt=warning.issued_at)
        .exclude(pk=warning.pk)
        .count()
        + 1
    )
    # Shouting or swearing put down to a medical or psychological condition is not counted.
    codes = {
        code
        for contact in contacts
        for code in contact.behaviours
        if not (code == Behaviour.SHOUTING_SWEARING and contact.shouting_due_to_condition)
    }

    def facts_in(language: str) -> Facts:
        return {
            "contacts": [
                wording.say(
                    language,
                    "contact",
                    channel=wording.capitalised(wording.channel(language, contact.channel)),
                    date=wording.date(language, timezone.localdate(contact.occurred_at)),
                )
                for contact in contacts
            ],
            "behaviours": [
                wording.capitalised(wording.behaviour(language, code))
                for code in Behaviour.values
                if code in codes
            ],
            "warning number": str(number),
            "warnings allowed": str(rules.MAX_UNSPENT_WARNINGS),
        }

    return Source(
        kind=LetterKind.WARNING,
        record=warning,
        service_user=warning.service_user,
        decided_on=_day(warning.issued_at),
        editable={"reasons": warning.reasons, "what to change": warning.adjustment_requested},
        facts_in=facts_in,
    )


def restriction_source(restriction: Restriction) -> Source:
    if restriction.state not in (
        RestrictionState.APPROVED,
        RestrictionState.ACTIVE,
        RestrictionState.REVIEW_DUE,
    ):
        _refuse(_("A restriction letter is drafted once the restriction is approved and in force"))
    term = restriction.terms.order_by("number").first()
    if term is None:
        _refuse(_("This restriction has not been approved, so it has no letter yet"))
    conditions = conditions_in_force(restriction.pk)

    def facts_in(language: str) -> Facts:
        return {
            "start date": wording.date(language, term.starts_on),  # type: ignore[union-attr]
            "term": wording.months(language, term.months),  # type: ignore[union-attr]
            **restriction_terms(language, conditions, term),  # type: ignore[arg-type]
        }

    return Source(
        kind=LetterKind.RESTRICTION,
        record=restriction,
        service_user=restriction.service_user,
        decided_on=_day(restriction.decided_at),
        editable={"reasons": restriction.reasons, "how to reach us": restriction.access_route},
        facts_in=facts_in,
    )


def variation_source(variation: Variation) -> Source:
    if variation.state != VariationState.APPROVED:
        _refuse(_("A variation's letter is drafted once the variation is approved"))
    restriction = variation.restriction
    conditions = variation_conditions(variation) or conditions_in_force(restriction.pk)
    term = _latest_term(restriction)

    def facts_in(language: str) -> Facts:
        return {
            "variation date": wording.date(language, _day(variation.decided_at)),
            **restriction_terms(language, conditions, term),
        }

    return Source(
        kind=LetterKind.VARIATION,
        record=variation,
        service_user=restriction.service_user,
        decided_on=_day(variation.decided_at),
        editable={"reasons": variation.reason},
        facts_in=facts_in,
    )


def review_source(review: Review) -> Source:
    if review.state != ReviewState.DECIDED:
        _refuse(_("A review's letter is drafted once the review is decided"))
    restriction = review.restriction
    decided_on = _day(review.decided_at)
    if review.outcome == ReviewOutcome.REMOVE:

        def removed(language: str) -> Facts:
            return {
                "removal date": wording.date(language, decided_on),
                "term end date": wording.date(language, review.term.ends_on),
            }

        return Source(
            kind=LetterKind.REVIEW_REMOVED,
            record=review,
            service_user=restriction.service_user,
            decided_on=decided_on,
            editable={"reasons": review.reason},
            facts_in=removed,
        )
    term = (
        restriction.terms.filter(number__gt=review.term.number).order_by("number").first()
        or review.term
    )
    conditions = conditions_in_force(restriction.pk)

    def extended(language: str) -> Facts:
        return {
            "extension": wording.months(language, term.months),
            "new start date": wording.date(language, term.starts_on),
            "new end date": wording.date(language, term.ends_on),
            **restriction_terms(language, conditions, term),
        }

    return Source(
        kind=LetterKind.REVIEW_EXTENDED,
        record=review,
        service_user=restriction.service_user,
        decided_on=decided_on,
        editable={"reasons": review.reason},
        facts_in=extended,
    )


def restriction_ended_source(restriction: Restriction) -> Source:
    if restriction.state == RestrictionState.LIFTED:
        ending = "ended.lifted"
    elif restriction.state == RestrictionState.ENDED:
        removed = restriction.reviews.filter(
            state=ReviewState.DECIDED, outcome=ReviewOutcome.REMOVE
        ).exists()
        ending = "ended.removed" if removed else "ended.early"
    else:
        _refuse(_("This restriction has not ended"))
    ended_on = _day(restriction.ended_at)

    def facts_in(language: str) -> Facts:
        return {
            "ending": wording.say(language, ending),
            "ended date": wording.date(language, ended_on),
        }

    return Source(
        kind=LetterKind.RESTRICTION_ENDED,
        record=restriction,
        service_user=restriction.service_user,
        decided_on=ended_on,
        editable={"reasons": restriction.ended_reason},
        facts_in=facts_in,
    )


def dispute_acknowledgement_source(dispute: Dispute) -> Source:
    if dispute.state == DisputeState.WITHDRAWN:
        _refuse(_("This dispute was withdrawn"))
    received_on = _day(dispute.received_at)

    def facts_in(language: str) -> Facts:
        return {
            "received date": wording.date(language, received_on),
            "due date": wording.date(language, dispute.due_on),
            "dispute working days": str(rules.DISPUTE_DUE_WORKING_DAYS),
            "decision date": wording.date(language, _day(dispute.term.decided_at)),
        }

    return Source(
        kind=LetterKind.DISPUTE_ACKNOWLEDGEMENT,
        record=dispute,
        service_user=dispute.service_user,
        decided_on=received_on,
        editable={},
        facts_in=facts_in,
    )


def dispute_outcome_source(dispute: Dispute) -> Source:
    if dispute.state not in (DisputeState.DECIDED, DisputeState.CLOSED):
        _refuse(_("A dispute's outcome letter is drafted once the dispute is decided"))
    decided_on = _day(dispute.decided_at)
    restriction = dispute.restriction
    term = _latest_term(restriction)
    conditions = (
        conditions_in_force(restriction.pk)
        if dispute.outcome == DisputeOutcome.PARTLY_UPHELD
        else []
    )

    def facts_in(language: str) -> Facts:
        if dispute.outcome == DisputeOutcome.UPHELD:
            next_steps = [
                wording.say(language, "next.upheld", date=wording.date(language, decided_on))
            ]
        elif dispute.outcome == DisputeOutcome.PARTLY_UPHELD:
            next_steps = [
                wording.say(
                    language, "next.partly_upheld", end=wording.date(language, term.ends_on)
                ),
                *conditions_in_words(language, conditions),
            ]
        else:
            next_steps = [
                wording.say(language, "next.not_upheld", end=wording.date(language, term.ends_on))
            ]
        return {
            "outcome": wording.say(language, dispute.outcome),
            "what happens next": next_steps,
            "final stage": wording.say(language, "final_stage"),
            "received date": wording.date(language, _day(dispute.received_at)),
        }

    return Source(
        kind=LetterKind.DISPUTE_OUTCOME,
        record=dispute,
        service_user=dispute.service_user,
        decided_on=decided_on,
        editable={
            "reasonable reasons": dispute.reasonable_reasons,
            "proportionate reasons": dispute.proportionate_reasons,
        },
        facts_in=facts_in,
    )


SOURCES: dict[str, Callable[..., Source]] = {
    LetterKind.WARNING: warning_source,
    LetterKind.RESTRICTION: restriction_source,
    LetterKind.VARIATION: variation_source,
    LetterKind.REVIEW_REMOVED: review_source,
    LetterKind.REVIEW_EXTENDED: review_source,
    LetterKind.RESTRICTION_ENDED: restriction_ended_source,
    LetterKind.DISPUTE_ACKNOWLEDGEMENT: dispute_acknowledgement_source,
    LetterKind.DISPUTE_OUTCOME: dispute_outcome_source,
}


def kind_for(record) -> str:
    """The letter a record calls for now: a restriction ended or lifted has its ending's
    letter, a decided dispute its outcome's, a review the letter of its outcome."""
    if isinstance(record, Warning):
        return LetterKind.WARNING
    if isinstance(record, Restriction):
        ended = record.state in (RestrictionState.ENDED, RestrictionState.LIFTED)
        return LetterKind.RESTRICTION_ENDED if ended else LetterKind.RESTRICTION
    if isinstance(record, Variation):
        return LetterKind.VARIATION
    if isinstance(record, Review):
        if record.outcome == ReviewOutcome.REMOVE:
            return LetterKind.REVIEW_REMOVED
        return LetterKind.REVIEW_EXTENDED
    if isinstance(record, Dispute):
        decided = record.state in (DisputeState.DECIDED, DisputeState.CLOSED)
        return LetterKind.DISPUTE_OUTCOME if decided else LetterKind.DISPUTE_ACKNOWLEDGEMENT
    raise TypeError(f"No letter is drafted from a {type(record).__name__}")


def source_for(record, kind: str | None = None) -> Source:
    """What the letter of ``kind`` (by default the one the record calls for now) about this
    record is drafted from; refused if the record is not at a point that calls for it."""
    kind = kind or kind_for(record)
    source = SOURCES[kind](record)
    if source.kind != kind:
        _refuse(_("This record calls for another kind of letter"))
    return source
