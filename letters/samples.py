"""Sample values for every placeholder, in each language: what the admin's preview of a
template is filled with. Made with the same wording as real letters, from made-up records."""

from __future__ import annotations

import datetime as dt
import functools

from contacts.choices import Behaviour, Channel
from disputes.choices import DisputeOutcome
from letters import facts, markup, wording
from letters.placeholders import placeholders_of
from restrictions.choices import ConditionKind
from restrictions.models import Condition

SAMPLE_DAY = dt.date(2026, 3, 2)


def _conditions() -> list[Condition]:
    return [
        Condition(kind=ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST, Channel.EMAIL]),
        Condition(
            kind=ConditionKind.PERMITTED_TIMES,
            permitted_days=[0, 2],
            permitted_from=dt.time(10),
            permitted_until=dt.time(12),
            max_call_minutes=20,
        ),
        Condition(kind=ConditionKind.RESPONSE_TIME, response_working_days=10),
    ]


def sample_values(kind: str, language: str) -> dict[str, str | list[str]]:
    """A value for each placeholder the kind offers, in the language."""
    conditions = _conditions()
    date = functools.partial(wording.date, language)
    samples: dict[str, str | list[str]] = {
        "name": "Alex Sample",
        "first name": "Alex",
        "reference": "SU-000123",
        "date": date(SAMPLE_DAY),
        "contacts": [
            wording.say(
                language,
                "contact",
                channel=wording.capitalised(wording.channel(language, Channel.EMAIL)),
                date=date(dt.date(2026, 2, 16)),
            ),
        ],
        "behaviours": [wording.capitalised(wording.behaviour(language, Behaviour.HARASSMENT))],
        "reasons": "[The reasons staff recorded for the decision]",
        "what to change": "[What the person is asked to change]",
        "warning number": "2",
        "warnings allowed": "3",
        "start date": date(SAMPLE_DAY),
        "term": wording.months(language, 6),
        "how to reach us": "[How the person can still contact us, as the proposal says]",
        "variation date": date(SAMPLE_DAY),
        "removal date": date(SAMPLE_DAY),
        "term end date": date(dt.date(2026, 2, 28)),
        "extension": wording.months(language, 3),
        "new start date": date(dt.date(2026, 3, 1)),
        "new end date": date(dt.date(2026, 5, 31)),
        "ending": wording.say(language, "ended.early"),
        "ended date": date(SAMPLE_DAY),
        "received date": date(SAMPLE_DAY),
        "due date": date(dt.date(2026, 3, 30)),
        "decision date": date(dt.date(2026, 2, 20)),
        "outcome": wording.say(language, DisputeOutcome.NOT_UPHELD),
        "reasonable reasons": "[Why the restriction was, or was not, reasonable]",
        "proportionate reasons": "[Why the restriction was, or was not, proportionate]",
        "what happens next": [
            wording.say(language, "next.not_upheld", end=date(dt.date(2026, 8, 31)))
        ],
        "final stage": wording.say(language, "final_stage"),
        "end date": date(dt.date(2026, 8, 31)),
        "review date": date(dt.date(2026, 9, 14)),
        **{
            name: value
            for name, value in facts.restriction_terms(language, conditions, _SampleTerm()).items()
            if name not in ("end date", "review date")
        },
    }
    return {name: samples.get(name, f"[{name}]") for name in placeholders_of(kind)}


class _SampleTerm:
    ends_on = dt.date(2026, 8, 31)


def preview(*, kind: str, language: str, subject: str, body: str) -> markup.Rendered:
    """A template's subject and body filled with sample values."""
    return markup.render(
        subject=subject,
        body=body,
        values=sample_values(kind, language),
        join=functools.partial(wording.joined, language),
    )
