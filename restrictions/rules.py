"""The policy's rules on warnings and restrictions, each written once.

Readings of the policy (DOMAIN.md marks them) live here as constants.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from contacts.choices import Channel
from musuc.calendar import add_working_days_to_each
from restrictions.choices import ConditionKind, RestrictionState, TermMonths

Problems = dict[str, list[str]]

# "Up to three warnings": only issued (unspent) warnings count.
MAX_UNSPENT_WARNINGS = 3
# "You will not be prevented from ... a complaint review or a complaint via our online forms."
NEVER_RESTRICTED_CHANNELS = frozenset({Channel.ONLINE_FORM})
# (reading) Permitted times, days and durations apply where the person chooses the moment of
# contact, not to post, email or forms, which arrive whenever they are delivered or read.
TIMED_CHANNELS = (Channel.PHONE, Channel.SECURE_VOICEMAIL, Channel.IN_PERSON, Channel.TEXT_RELAY)
# (reading) A review not decided within 10 working days of the term's end is overdue.
REVIEW_DUE_WORKING_DAYS = 10
# Managers are reminded of terms ending within this many days.
TERM_ENDING_REMINDER_DAYS = 14
# The review shows contact in the months before the restriction began, for comparison.
REVIEW_MONTHS_BEFORE = 6


def _add(problems: Problems, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def is_proposer(record, user) -> bool:
    """Whether this person proposed the restriction or variation: "a manager decides (not the
    person who proposed it)"."""
    return user.pk == record.proposed_by_id


def proposed_by_q(user) -> Q:
    """The records this person proposed, as a filter: what they may never decide."""
    return Q(proposed_by=user)


def terms_in_words() -> str:
    """The terms a restriction may have, as a sentence says them: "3, 6 or 12"."""
    *others, last = [str(months) for months in TermMonths.values]
    return _("%(others)s or %(last)s") % {"others": ", ".join(others), "last": last}


def term_refusal(*, extension: bool = False) -> str:
    """What a choice of term other than 3, 6 or 12 months is told."""
    if extension:
        return _("Select an extension of %(terms)s months") % {"terms": terms_in_words()}
    return _("Select a term of %(terms)s months") % {"terms": terms_in_words()}


def term_problems(field: str, months: int | None, *, extension: bool = False) -> Problems:
    """A term (or an extension) is of 3, 6 or 12 months."""
    if months in TermMonths.values:
        return {}
    return {field: [term_refusal(extension=extension)]}


def review_due_on(term_ends_on: dt.date) -> dt.date:
    """(reading) The review of a term is due 10 working days after the term ends."""
    return review_due_on_each([term_ends_on])[term_ends_on]


def review_due_on_each(term_ends: Iterable[dt.date]) -> dict[dt.date, dt.date]:
    """``review_due_on`` for each end date, reading the office's closure days once."""
    return add_working_days_to_each(term_ends, REVIEW_DUE_WORKING_DAYS)


def term_end(starts_on: dt.date, months: int) -> dt.date:
    """The last day of a term of so many months (a 3-month term from 1 Jan ends 31 Mar)."""
    month_index = starts_on.month - 1 + months
    year, month = starts_on.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if starts_on.day > last_day:
        # No such day that month (30 November + 3 months): the term runs to the month's end.
        return dt.date(year, month, last_day)
    return dt.date(year, month, starts_on.day) - dt.timedelta(days=1)


def start_problems(*, starts_on: dt.date | None, today: dt.date) -> Problems:
    """(reading) A restriction applies from the day it is decided at the earliest, as the
    policy promises to tell the person first where possible: a proposal cannot start in the
    past."""
    if starts_on is not None and starts_on < today:
        return {
            "starts_on": [
                _(
                    "The start date cannot be in the past: a restriction applies from the day "
                    "it is decided at the earliest"
                )
            ]
        }
    return {}


def start_on_approval(starts_on: dt.date, decided_on: dt.date) -> dt.date:
    """(reading) A proposed start that passed while the proposal awaited a decision becomes
    the day of the decision: the restriction never applies before it is decided."""
    return max(starts_on, decided_on)


def told_problems(*, told_on: dt.date | None, told_method: str, not_told_reason: str) -> Problems:
    """The person is told of a decision (when and how), or the record says why they could not be."""
    if not_told_reason.strip() or (told_on is not None and told_method):
        return {}
    return {"told_on": [_("Enter the date and method they were told, or why it was not possible")]}


def warning_limit_refusal(unspent_warnings: int) -> str | None:
    """Why no further warning can be issued ("up to three warnings"); None while one can."""
    if unspent_warnings < MAX_UNSPENT_WARNINGS:
        return None
    return _(
        "This person already has %(max)s warnings in force: the policy allows no more. "
        "If the contact is still unacceptable, propose a restriction instead."
    ) % {"max": MAX_UNSPENT_WARNINGS}


# One restriction at a time: a new proposal waits while another is awaiting a decision or
# applies (approved, in force, or in force while its review is due).
RESTRICTION_STATES_BLOCKING_A_PROPOSAL = (
    RestrictionState.PENDING_APPROVAL,
    RestrictionState.APPROVED,
    RestrictionState.ACTIVE,
    RestrictionState.REVIEW_DUE,
)


def another_restriction_refusal() -> str:
    """Why a second restriction cannot be proposed while one blocks it."""
    return _(
        "This person already has a restriction awaiting approval or in force: vary that one instead"
    )


def warning_problems(*, unspent_warnings: int, contacts: Iterable) -> Problems:
    problems: Problems = {}
    refusal = warning_limit_refusal(unspent_warnings)
    if refusal:
        _add(problems, "__all__", refusal)
    contacts = list(contacts)
    if not contacts:
        _add(problems, "contacts", _("Select at least one unacceptable contact behind the warning"))
    elif any(not contact.is_unacceptable for contact in contacts):
        _add(problems, "contacts", _("A warning can only cite unacceptable contacts"))
    return problems


def condition_problems(condition) -> Problems:
    """What a condition of this kind is missing, or what it would restrict that it may not.

    Problems are keyed by the detail they are about, as the proposal form names it.
    """
    problems: Problems = {}
    kind = condition.kind
    channels = set(condition.channels or [])
    if kind == ConditionKind.PERMITTED_TIMES:
        if not condition.permitted_days:
            _add(problems, "permitted_days", _("Select the days contact is permitted"))
        if condition.permitted_from is None or condition.permitted_until is None:
            _add(
                problems,
                "permitted_from",
                _("Enter the times contact is permitted, from and until"),
            )
        elif condition.permitted_from == condition.permitted_until:
            _add(
                problems, "permitted_until", _("The permitted times cannot start and end together")
            )
    elif kind == ConditionKind.RESPONSE_TIME:
        if not condition.response_working_days:
            _add(problems, "response_working_days", _("Enter the response time in working days"))
    elif kind == ConditionKind.SINGLE_POINT_OF_CONTACT:
        if condition.single_point_of_contact_id is None:
            _add(problems, "single_point_of_contact", _("Select the single point of contact"))
    elif kind == ConditionKind.LIMITED_CHANNELS:
        if not channels - NEVER_RESTRICTED_CHANNELS:
            _add(
                problems,
                "open_channels",
                _(
                    "This leaves no way to contact the IOPC: keep at least one channel open "
                    "besides the online complaint and review forms"
                ),
            )
    elif kind == ConditionKind.READ_NO_RESPONSE:
        if not channels:
            _add(
                problems,
                "read_only_channels",
                _("Select the channels we will read but not respond to"),
            )
    elif kind == ConditionKind.POLICE_REPORT:
        if not condition.police_force.strip() or not condition.police_reference.strip():
            _add(problems, "police_reference", _("Enter the police force and reference"))
        if condition.police_reported_on is None:
            _add(problems, "police_reported_on", _("Enter the date it was reported"))
    if channels & NEVER_RESTRICTED_CHANNELS and kind == ConditionKind.READ_NO_RESPONSE:
        _add(
            problems,
            "read_only_channels",
            _("The online complaint and review forms can never be restricted"),
        )
    return problems


def answered_channels(conditions: Iterable) -> set[str]:
    """The channels that stay open and answered under these conditions, besides the online
    forms (which are never restricted)."""
    open_channels = set(Channel.values) - NEVER_RESTRICTED_CHANNELS
    for condition in conditions:
        if condition.kind == ConditionKind.LIMITED_CHANNELS:
            open_channels &= set(condition.channels or [])
    for condition in conditions:
        if condition.kind == ConditionKind.READ_NO_RESPONSE:
            open_channels -= set(condition.channels or [])
    return open_channels


def access_problems(conditions: Iterable) -> Problems:
    """(reading) "A way to reach the IOPC's services" stays: at least one channel open and
    answered besides the online forms; read but not respond on every open channel leaves
    none."""
    conditions = list(conditions)
    if answered_channels(conditions):
        return {}
    if not any(c.kind == ConditionKind.READ_NO_RESPONSE for c in conditions):
        return {}  # nothing is open at all, which condition_problems already refuses
    return {
        "read_only_channels": [
            _(
                "This leaves no channel open and answered: keep at least one channel open "
                "without read but not respond, besides the online complaint and review forms, "
                "so the person can still reach the IOPC's services"
            )
        ]
    }


def proposal_problems(
    *,
    conditions: list,
    contacts: list,
    unspent_warnings: int,
    justification_without_warning: str,
    has_reasonable_adjustments: bool,
    adjustments_considered: str,
    term_months: int | None,
    reasons: str,
    access_route: str,
) -> Problems:
    """Every rule a proposal must meet before a manager can decide it."""
    problems: Problems = {}
    if not conditions:
        _add(problems, "kinds", _("Add at least one condition"))
    for condition in conditions:
        for field, messages in condition_problems(condition).items():
            for message in messages:
                _add(problems, field, message)
    for field, messages in access_problems(conditions).items():
        for message in messages:
            _add(problems, field, message)
    if not contacts:
        _add(problems, "contacts", _("Select the unacceptable contacts behind the restriction"))
    elif any(not contact.is_unacceptable for contact in contacts):
        _add(problems, "contacts", _("A restriction can only cite unacceptable contacts"))
    if not unspent_warnings:
        if not any(contact.extremely_unacceptable for contact in contacts):
            _add(
                problems,
                "justification_without_warning",
                _(
                    "This person has no warning in force. A restriction without a warning is "
                    "allowed only when a linked contact is extremely unacceptable."
                ),
            )
        elif not justification_without_warning.strip():
            _add(
                problems,
                "justification_without_warning",
                _("Explain why the restriction is needed without a prior warning"),
            )
    if has_reasonable_adjustments and not adjustments_considered.strip():
        _add(
            problems,
            "adjustments_considered",
            _(
                "This person has reasonable adjustments: say how they were considered, as a "
                "restriction is a last resort"
            ),
        )
    for field, messages in term_problems("term_months", term_months).items():
        for message in messages:
            _add(problems, field, message)
    if not reasons.strip():
        _add(problems, "reasons", _("Enter the reasons for the restriction"))
    if not access_route.strip():
        _add(problems, "access_route", _("Say how the person can still contact the IOPC"))
    return problems
