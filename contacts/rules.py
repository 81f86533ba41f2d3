"""The policy's rules about contacts, each written once and used by forms, services and admin.

Every rule returns the problems it finds as ``{field: [message, …]}`` so that a form can show
them beside the fields and a service can refuse with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.choices import Assessment, Behaviour, Channel, Handling

Problems = dict[str, list[str]]

# The channels that carry a call: only there can a call be ended, last so long, or be
# terminated under a restriction.
CALL_CHANNELS = frozenset({Channel.PHONE, Channel.TEXT_RELAY})
# The channels that can bring files (a letter, an email, a voicemail's recording, a post): a
# call carries none.
ATTACHMENT_CHANNELS = frozenset(set(Channel) - CALL_CHANNELS)


def behaviours_that_count(
    behaviours: Iterable[str], shouting_due_to_condition: bool | None
) -> set[str]:
    """The behaviours that count towards "unacceptable".

    Shouting or swearing counts only where deliberate: not when it is attributable to a
    recognised medical or psychological condition.
    """
    counted = set(behaviours)
    if shouting_due_to_condition:
        counted.discard(Behaviour.SHOUTING_SWEARING)
    return counted


def is_unacceptable(
    behaviours: Iterable[str], impacts: Iterable[str], shouting_due_to_condition: bool | None
) -> bool:
    """Unacceptable ⇔ at least one behaviour that counts and at least one impact."""
    return bool(behaviours_that_count(behaviours, shouting_due_to_condition)) and bool(
        list(impacts)
    )


def involves_child_sexual_abuse(behaviours: Iterable[str]) -> bool:
    """Such a contact never has attachments: a description and the police reference instead."""
    return Behaviour.CHILD_SEXUAL_ABUSE in set(behaviours)


def involves_distressing_content(behaviours: Iterable[str]) -> bool:
    """Attachments on such a contact stay hidden behind a warning until staff choose to see them."""
    return Behaviour.DISTRESSING_CONTENT in set(behaviours)


def _add(problems: Problems, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def assessment_problems(
    *,
    assessment: str,
    behaviours: Iterable[str],
    impacts: Iterable[str],
    shouting_due_to_condition: bool | None,
    extremely_unacceptable: bool,
) -> Problems:
    """What is wrong with an assessment, by the policy's definition of unacceptable."""
    behaviours = list(behaviours)
    impacts = list(impacts)
    problems: Problems = {}
    if assessment == Assessment.ACCEPTABLE:
        if behaviours:
            _add(
                problems,
                "behaviours",
                _(
                    "An acceptable contact has no unacceptable behaviours: clear them, or "
                    "assess the contact as unacceptable"
                ),
            )
        if impacts:
            _add(
                problems,
                "impacts",
                _(
                    "An acceptable contact has no impacts: clear them, or assess the contact "
                    "as unacceptable"
                ),
            )
        if extremely_unacceptable:
            _add(
                problems,
                "extremely_unacceptable",
                _("Only an unacceptable contact can be extremely unacceptable"),
            )
        return problems

    if Behaviour.SHOUTING_SWEARING in behaviours and shouting_due_to_condition is None:
        _add(
            problems,
            "shouting_due_to_condition",
            _(
                "Select whether the shouting or swearing is attributable to a recognised "
                "medical or psychological condition"
            ),
        )
    if is_unacceptable(behaviours, impacts, shouting_due_to_condition):
        return problems
    # Not unacceptable by the policy's definition: say which half is missing.
    if not behaviours:
        _add(
            problems,
            "behaviours",
            _("Select at least one behaviour to assess the contact as unacceptable"),
        )
    elif not behaviours_that_count(behaviours, shouting_due_to_condition):
        _add(
            problems,
            "behaviours",
            _(
                "Shouting or swearing attributable to a medical or psychological condition "
                "does not count: select another behaviour, or assess the contact as acceptable"
            ),
        )
    if not impacts:
        _add(
            problems,
            "impacts",
            _("Select at least one impact to assess the contact as unacceptable"),
        )
    return problems


def contact_problems(
    *,
    channel: str,
    occurred_at: datetime | None,
    behaviours: Iterable[str],
    handling: str,
    reported_to_police: bool,
    police_force: str,
    police_reference: str,
    police_reported_on: date | None,
    abuse_description: str,
    attachment_count: int,
    call_minutes: int | None = None,
) -> Problems:
    """What else the policy refuses on a contact: police details, CSA content, handling, time."""
    behaviours = list(behaviours)
    problems: Problems = {}
    if occurred_at is not None and occurred_at > timezone.now():
        _add(problems, "occurred_on", _("The date of the contact must be today or in the past"))
    if handling == Handling.CALL_TERMINATED and channel not in CALL_CHANNELS:
        _add(
            problems,
            "handling",
            _("Only a phone or text relay call can be recorded as terminated"),
        )
    if call_minutes is not None and channel not in CALL_CHANNELS:
        _add(problems, "call_minutes", _("Only a phone or text relay call has a length"))
    if reported_to_police:
        if not police_force.strip():
            _add(problems, "police_force", _("Enter the police force it was reported to"))
        if not police_reference.strip():
            _add(problems, "police_reference", _("Enter the police reference"))
        if police_reported_on is None:
            _add(problems, "police_reported_on", _("Enter the date it was reported to the police"))
        elif police_reported_on > timezone.localdate():
            _add(
                problems,
                "police_reported_on",
                _("The date it was reported to the police must be today or in the past"),
            )
    if involves_child_sexual_abuse(behaviours):
        if attachment_count:
            _add(
                problems,
                "attachments",
                _(
                    "Never upload or store child sexual abuse material: remove the attachments "
                    "and describe the content instead"
                ),
            )
        if not abuse_description.strip():
            _add(
                problems,
                "abuse_description",
                _("Describe the child sexual abuse content, without reproducing it"),
            )
        if not reported_to_police:
            _add(
                problems,
                "reported_to_police",
                _("Content relating to child sexual abuse must be reported to the police"),
            )
    return problems
