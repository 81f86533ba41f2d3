"""The gate: what an active restriction means for one contact, and whether it breaches it.

Pure functions of the conditions and the contact's channel, time, recipients and call length,
so the contact form, the logging service and the tests all ask the same question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from contacts.choices import Channel, Direction
from contacts.rules import CALL_CHANNELS
from restrictions.choices import ConditionKind, Weekday
from restrictions.rules import NEVER_RESTRICTED_CHANNELS, TIMED_CHANNELS


@dataclass(frozen=True)
class BreachFound:
    condition: object
    description: str


@dataclass
class GateResult:
    breaches: list[BreachFound] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)

    @property
    def breached(self) -> bool:
        return bool(self.breaches)


def within_permitted_times(condition, moment: dt.datetime) -> bool:
    """Inside the permitted days and times, in Europe/London time.

    A window that crosses midnight (22:00 until 02:00) belongs to the day it starts on.
    """
    local = timezone.localtime(moment)
    day, time = local.weekday(), local.time()
    days = set(condition.permitted_days)
    start, end = condition.permitted_from, condition.permitted_until
    if start < end:
        return day in days and start <= time < end
    return (day in days and time >= start) or ((day - 1) % 7 in days and time < end)


def timed_channel_labels() -> str:
    return ", ".join(str(Channel(code).label) for code in TIMED_CHANNELS)


def describe(condition) -> str:
    """The condition in plain words, for staff and for the case file."""
    kind = condition.kind
    if kind == ConditionKind.TERMINATE_CALLS:
        return _("Staff may end phone calls if the behaviour continues.")
    if kind == ConditionKind.PERMITTED_TIMES:
        days = ", ".join(str(Weekday(day).label) for day in sorted(condition.permitted_days))
        text = _(
            "Contact by %(channels)s only on %(days)s, from %(start)s until %(end)s (these "
            "times do not apply to other channels)."
        ) % {
            "channels": timed_channel_labels(),
            "days": days,
            "start": time_format(condition.permitted_from, "H:i"),
            "end": time_format(condition.permitted_until, "H:i"),
        }
        if condition.max_call_minutes:
            text += " " + _("Calls last no longer than %(minutes)s minutes.") % {
                "minutes": condition.max_call_minutes
            }
        return text
    if kind == ConditionKind.RESPONSE_TIME:
        return _("We respond within %(days)s working days.") % {
            "days": condition.response_working_days
        }
    if kind == ConditionKind.SINGLE_POINT_OF_CONTACT:
        return _("All contact goes through %(name)s.") % {"name": condition.single_point_of_contact}
    if kind == ConditionKind.LIMITED_CHANNELS:
        return _(
            "Only these channels are open: %(channels)s, and the online complaint and review forms."
        ) % {"channels": ", ".join(condition.channel_labels())}
    if kind == ConditionKind.READ_NO_RESPONSE:
        return _("We read but do not respond to: %(channels)s.") % {
            "channels": ", ".join(condition.channel_labels())
        }
    return _("Further unacceptable contact is reported to %(force)s, reference %(reference)s.") % {
        "force": condition.police_force,
        "reference": condition.police_reference,
    }


def assess(
    conditions: Iterable,
    *,
    channel: str,
    direction: str,
    occurred_at: dt.datetime | None,
    recipient_ids: Iterable[int],
    call_minutes: int | None,
) -> GateResult:
    """Which conditions this contact breaches, and what staff should do."""
    result = GateResult()
    recipients = set(recipient_ids)
    if direction != Direction.INBOUND:
        return result
    protected = channel in NEVER_RESTRICTED_CHANNELS
    for condition in conditions:
        kind = condition.kind
        if (
            kind == ConditionKind.LIMITED_CHANNELS
            and not protected
            and channel not in condition.channels
        ):
            result.breaches.append(
                BreachFound(
                    condition,
                    _("Came through a closed channel: %(channel)s")
                    % {"channel": Channel(channel).label},
                )
            )
            result.advice.append(
                _("Do not respond through this channel; remind them which channels are open.")
            )
        elif kind == ConditionKind.PERMITTED_TIMES and channel not in TIMED_CHANNELS:
            if channel:
                result.advice.append(
                    _("The permitted times do not apply to this channel: only to %(channels)s.")
                    % {"channels": timed_channel_labels()}
                )
        elif kind == ConditionKind.PERMITTED_TIMES:
            # One breach a condition (the contact stores one): a call both outside the times
            # and too long is one breach that gives both reasons.
            reasons = []
            if occurred_at is not None and not within_permitted_times(condition, occurred_at):
                reasons.append(_("Outside the permitted days and times"))
            if (
                channel in CALL_CHANNELS
                and condition.max_call_minutes
                and call_minutes
                and call_minutes > condition.max_call_minutes
            ):
                reasons.append(
                    _("The call lasted %(minutes)s minutes: longer than the %(limit)s permitted")
                    % {"minutes": call_minutes, "limit": condition.max_call_minutes}
                )
            if reasons:
                result.breaches.append(BreachFound(condition, "; ".join(reasons)))
        elif kind == ConditionKind.SINGLE_POINT_OF_CONTACT and not protected:
            if recipients and condition.single_point_of_contact_id not in recipients:
                result.breaches.append(
                    BreachFound(condition, _("Not made through the single point of contact"))
                )
                result.advice.append(
                    _("Pass it to %(name)s, their single point of contact.")
                    % {"name": condition.single_point_of_contact}
                )
        elif kind == ConditionKind.READ_NO_RESPONSE and channel in condition.channels:
            result.advice.append(_("Read but do not respond."))
        elif kind == ConditionKind.TERMINATE_CALLS and channel in CALL_CHANNELS:
            result.advice.append(_("You may end this call if the behaviour continues."))
        elif kind == ConditionKind.RESPONSE_TIME:
            result.advice.append(
                _("Respond within %(days)s working days.")
                % {"days": condition.response_working_days}
            )
        elif kind == ConditionKind.POLICE_REPORT:
            result.advice.append(
                _("Report unacceptable contact to %(force)s, quoting %(reference)s.")
                % {"force": condition.police_force, "reference": condition.police_reference}
            )
    return result
