import datetime as dt
import itertools

import pytest
from django.utils import timezone

from contacts import rules
from contacts.choices import Assessment, Behaviour, Channel, Handling, Impact

# Every kind of behaviour selection the policy distinguishes.
BEHAVIOUR_CASES = {
    "none": ([], None),
    "harassment": ([Behaviour.HARASSMENT], None),
    "shouting, deliberate": ([Behaviour.SHOUTING_SWEARING], False),
    "shouting, due to a condition": ([Behaviour.SHOUTING_SWEARING], True),
    "shouting due to a condition, and threats": (
        [Behaviour.SHOUTING_SWEARING, Behaviour.THREATS],
        True,
    ),
    "shouting, attribution not answered": ([Behaviour.SHOUTING_SWEARING], None),
}
IMPACT_CASES = {"none": [], "staff harmed": [Impact.STAFF_HARMED]}


def _expected_valid(assessment, behaviour_case, impacts, extremely):
    """DOMAIN.md, read plainly: unacceptable ⇔ a behaviour that counts and an impact."""
    behaviours, due_to_condition = BEHAVIOUR_CASES[behaviour_case]
    if assessment == Assessment.ACCEPTABLE:
        return not behaviours and not impacts and not extremely
    if Behaviour.SHOUTING_SWEARING in behaviours and due_to_condition is None:
        return False  # the attribution must be recorded
    counting = [
        b for b in behaviours if not (b == Behaviour.SHOUTING_SWEARING and due_to_condition)
    ]
    return bool(counting) and bool(impacts)


@pytest.mark.parametrize(
    ("assessment", "behaviour_case", "impact_case", "extremely"),
    list(itertools.product(Assessment.values, BEHAVIOUR_CASES, IMPACT_CASES, [False, True])),
)
def test_assessment_rule_for_every_combination(assessment, behaviour_case, impact_case, extremely):
    behaviours, due_to_condition = BEHAVIOUR_CASES[behaviour_case]
    impacts = IMPACT_CASES[impact_case]
    problems = rules.assessment_problems(
        assessment=assessment,
        behaviours=behaviours,
        impacts=impacts,
        shouting_due_to_condition=due_to_condition,
        extremely_unacceptable=extremely,
    )
    assert (problems == {}) == _expected_valid(assessment, behaviour_case, impacts, extremely)


def test_unacceptable_without_impact_names_the_impacts():
    problems = rules.assessment_problems(
        assessment=Assessment.UNACCEPTABLE,
        behaviours=[Behaviour.THREATS],
        impacts=[],
        shouting_due_to_condition=None,
        extremely_unacceptable=False,
    )
    assert problems == {
        "impacts": ["Select at least one impact to assess the contact as unacceptable"]
    }


def test_shouting_due_to_a_condition_alone_is_explained():
    problems = rules.assessment_problems(
        assessment=Assessment.UNACCEPTABLE,
        behaviours=[Behaviour.SHOUTING_SWEARING],
        impacts=[Impact.STAFF_HARMED],
        shouting_due_to_condition=True,
        extremely_unacceptable=False,
    )
    assert "does not count" in problems["behaviours"][0]


def test_acceptable_with_behaviours_is_refused_on_the_behaviours():
    problems = rules.assessment_problems(
        assessment=Assessment.ACCEPTABLE,
        behaviours=[Behaviour.HARASSMENT],
        impacts=[],
        shouting_due_to_condition=None,
        extremely_unacceptable=False,
    )
    assert list(problems) == ["behaviours"]


@pytest.mark.parametrize(
    ("behaviours", "impacts", "due_to_condition", "expected"),
    [
        ([Behaviour.THREATS], [Impact.SERVICE_REDUCED], None, True),
        ([Behaviour.THREATS], [], None, False),
        ([], [Impact.SERVICE_REDUCED], None, False),
        ([Behaviour.SHOUTING_SWEARING], [Impact.STAFF_HARMED], True, False),
        ([Behaviour.SHOUTING_SWEARING], [Impact.STAFF_HARMED], False, True),
    ],
)
def test_is_unacceptable(behaviours, impacts, due_to_condition, expected):
    assert rules.is_unacceptable(behaviours, impacts, due_to_condition) is expected


def _contact_problems(**overrides):
    values = {
        "channel": Channel.EMAIL,
        "occurred_at": timezone.now() - dt.timedelta(minutes=5),
        "behaviours": [],
        "handling": "",
        "reported_to_police": False,
        "police_force": "",
        "police_reference": "",
        "police_reported_on": None,
        "abuse_description": "",
        "attachment_count": 0,
    }
    return rules.contact_problems(**{**values, **overrides})


def test_an_ordinary_contact_has_no_problems():
    assert _contact_problems() == {}


def test_contact_in_the_future_is_refused():
    problems = _contact_problems(occurred_at=timezone.now() + dt.timedelta(hours=1))
    assert list(problems) == ["occurred_on"]


def test_police_report_needs_force_reference_and_date():
    problems = _contact_problems(reported_to_police=True)
    assert set(problems) == {"police_force", "police_reference", "police_reported_on"}


def test_police_report_date_cannot_be_in_the_future():
    problems = _contact_problems(
        reported_to_police=True,
        police_force="South Wales Police",
        police_reference="SWP-1",
        police_reported_on=timezone.localdate() + dt.timedelta(days=1),
    )
    assert list(problems) == ["police_reported_on"]


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.POST, Channel.ONLINE_FORM])
def test_only_calls_can_be_terminated(channel):
    assert list(_contact_problems(channel=channel, handling=Handling.CALL_TERMINATED)) == [
        "handling"
    ]


@pytest.mark.parametrize("channel", [Channel.PHONE, Channel.TEXT_RELAY])
def test_calls_can_be_terminated(channel):
    assert _contact_problems(channel=channel, handling=Handling.CALL_TERMINATED) == {}


def test_child_sexual_abuse_content_refuses_attachments():
    problems = _contact_problems(
        behaviours=[Behaviour.CHILD_SEXUAL_ABUSE],
        abuse_description="Described without reproducing it.",
        reported_to_police=True,
        police_force="Met",
        police_reference="MET-9",
        police_reported_on=timezone.localdate(),
        attachment_count=1,
    )
    assert list(problems) == ["attachments"]


def test_child_sexual_abuse_content_needs_a_description_and_a_police_report():
    problems = _contact_problems(behaviours=[Behaviour.CHILD_SEXUAL_ABUSE])
    assert set(problems) == {"abuse_description", "reported_to_police"}
