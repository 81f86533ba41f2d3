import datetime as dt

import pytest

from contacts.choices import Channel
from restrictions import rules
from restrictions.choices import ConditionKind
from tests.restrictions.factories import condition, permitted_times


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (dt.date(2026, 1, 1), 3, dt.date(2026, 3, 31)),
        (dt.date(2026, 11, 23), 6, dt.date(2027, 5, 22)),
        # No 31 February: the term runs to the end of the month.
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2025, 11, 28), 3, dt.date(2026, 2, 27)),
        (dt.date(2025, 11, 29), 3, dt.date(2026, 2, 28)),
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
        (dt.date(2027, 2, 28), 12, dt.date(2028, 2, 27)),
    ],
)
def test_term_end(start, months, end):
    assert rules.term_end(start, months) == end


class _Contact:
    def __init__(self, unacceptable=True, extremely=False):
        self.is_unacceptable = unacceptable
        self.extremely_unacceptable = extremely


def _problems(**overrides):
    values = {
        "conditions": [condition(ConditionKind.TERMINATE_CALLS)],
        "contacts": [_Contact()],
        "unspent_warnings": 1,
        "justification_without_warning": "",
        "has_reasonable_adjustments": False,
        "adjustments_considered": "",
        "term_months": 6,
        "reasons": "Threats",
        "access_route": "By post",
    }
    return rules.proposal_problems(**{**values, **overrides})


def test_a_complete_proposal_has_no_problems():
    assert _problems() == {}


def test_a_proposal_needs_a_condition():
    assert list(_problems(conditions=[])) == ["kinds"]


def test_a_proposal_that_closes_every_channel_is_refused():
    closed = condition(ConditionKind.LIMITED_CHANNELS, channels=[])
    assert "leaves no way to contact the IOPC" in _problems(conditions=[closed])["open_channels"][0]


def test_leaving_only_the_online_forms_open_is_refused():
    only_forms = condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.ONLINE_FORM])
    assert "leaves no way" in _problems(conditions=[only_forms])["open_channels"][0]


def test_the_online_forms_can_never_be_restricted():
    read_only = condition(ConditionKind.READ_NO_RESPONSE, channels=[Channel.ONLINE_FORM])
    assert "can never be restricted" in _problems(conditions=[read_only])["read_only_channels"][0]


def test_without_a_warning_an_extremely_unacceptable_contact_is_needed():
    problems = _problems(unspent_warnings=0)
    assert "no warning in force" in problems["justification_without_warning"][0]


def test_without_a_warning_the_justification_is_needed():
    problems = _problems(unspent_warnings=0, contacts=[_Contact(extremely=True)])
    assert "Explain why" in problems["justification_without_warning"][0]


def test_without_a_warning_but_extremely_unacceptable_and_justified_is_allowed():
    assert (
        _problems(
            unspent_warnings=0,
            contacts=[_Contact(extremely=True)],
            justification_without_warning="Serious threats to kill",
        )
        == {}
    )


def test_reasonable_adjustments_must_be_considered():
    assert list(_problems(has_reasonable_adjustments=True)) == ["adjustments_considered"]


@pytest.mark.parametrize("months", [None, 1, 9, 24])
def test_term_must_be_3_6_or_12_months(months):
    assert list(_problems(term_months=months)) == ["term_months"]


def test_acceptable_contacts_cannot_be_cited():
    assert list(_problems(contacts=[_Contact(unacceptable=False)])) == ["contacts"]


@pytest.mark.parametrize(
    ("broken", "field"),
    [
        (permitted_times(days=[]), "permitted_days"),
        (permitted_times(start=None), "permitted_from"),
        (condition(ConditionKind.RESPONSE_TIME), "response_working_days"),
        (condition(ConditionKind.SINGLE_POINT_OF_CONTACT), "single_point_of_contact"),
        (condition(ConditionKind.READ_NO_RESPONSE, channels=[]), "read_only_channels"),
        (condition(ConditionKind.POLICE_REPORT), "police_reference"),
    ],
)
def test_each_condition_needs_its_details(broken, field):
    assert field in rules.condition_problems(broken)


def test_fourth_warning_is_refused_pointing_to_a_restriction():
    problems = rules.warning_problems(unspent_warnings=3, contacts=[_Contact()])
    assert "propose a restriction instead" in problems["__all__"][0]
