import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from contacts.choices import Channel, Direction
from restrictions import gate
from restrictions.choices import ConditionKind
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import condition, permitted_times

LONDON = ZoneInfo("Europe/London")


def at(*parts):
    return dt.datetime(*parts, tzinfo=LONDON)


def assess(
    conditions,
    *,
    channel=Channel.EMAIL,
    when=None,
    recipients=(1,),
    minutes=None,
    direction=Direction.INBOUND,
):
    return gate.assess(
        conditions,
        channel=channel,
        direction=direction,
        occurred_at=when or at(2026, 11, 23, 10, 0),  # a Monday
        recipient_ids=recipients,
        call_minutes=minutes,
    )


def test_a_closed_channel_is_a_breach():
    result = assess([condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST])])
    assert [b.description for b in result.breaches] == ["Came through a closed channel: Email"]


def test_an_open_channel_is_not_a_breach():
    assert not assess(
        [condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.EMAIL])]
    ).breached


def test_the_online_forms_are_never_closed():
    result = assess(
        [
            condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST]),
            permitted_times(days=[5]),
        ],
        channel=Channel.ONLINE_FORM,
    )
    assert not result.breached


def test_contact_we_make_never_breaches():
    result = assess(
        [condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST])],
        direction=Direction.OUTBOUND,
    )
    assert not result.breached


@pytest.mark.parametrize(
    ("when", "breached"),
    [
        (at(2026, 11, 23, 9, 0), False),  # Monday, at the start
        (at(2026, 11, 23, 16, 59), False),
        (at(2026, 11, 23, 17, 0), True),  # the end is not included
        (at(2026, 11, 23, 8, 59), True),
        (at(2026, 11, 28, 10, 0), True),  # Saturday
        (at(2026, 11, 29, 10, 0), True),  # Sunday
    ],
)
def test_permitted_weekday_hours(when, breached):
    assert assess([permitted_times()], channel=Channel.PHONE, when=when).breached is breached


@pytest.mark.parametrize(
    ("when", "breached"),
    [
        (at(2026, 11, 27, 23, 30), False),  # Friday night, inside Friday's window
        (at(2026, 11, 28, 1, 30), False),  # Saturday small hours: still Friday's window
        (at(2026, 11, 28, 2, 0), True),
        (at(2026, 11, 28, 23, 30), True),  # Saturday's own window is not permitted
        (at(2026, 11, 23, 1, 0), True),  # Monday small hours belong to Sunday
    ],
)
def test_permitted_window_across_midnight_belongs_to_its_first_day(when, breached):
    window = permitted_times(days=[4], start=dt.time(22), end=dt.time(2))
    assert assess([window], channel=Channel.IN_PERSON, when=when).breached is breached


def test_permitted_times_are_judged_in_london_time_in_summer():
    # 08:30 UTC on a July Monday is 09:30 in London (BST): permitted.
    utc_morning = dt.datetime(2026, 7, 6, 8, 30, tzinfo=dt.UTC)
    assert not assess([permitted_times()], channel=Channel.PHONE, when=utc_morning).breached


def test_a_call_longer_than_permitted_is_a_breach():
    result = assess([permitted_times(minutes=10)], channel=Channel.PHONE, minutes=25)
    assert "25 minutes" in result.breaches[0].description


def test_a_call_within_the_permitted_length_is_not():
    assert not assess([permitted_times(minutes=10)], channel=Channel.PHONE, minutes=10).breached


def test_contact_not_through_the_single_point_of_contact_is_a_breach():
    named = UserFactory.build(id=7, first_name="Sam", last_name="Khan")
    spoc = condition(ConditionKind.SINGLE_POINT_OF_CONTACT, single_point_of_contact=named)
    result = assess([spoc], recipients=[3])
    assert result.breached
    assert result.advice == ["Pass it to Sam Khan, their single point of contact."]
    assert not assess([spoc], recipients=[7]).breached


def test_read_but_not_respond_advises_without_a_breach():
    result = assess([condition(ConditionKind.READ_NO_RESPONSE, channels=[Channel.EMAIL])])
    assert (result.breached, result.advice) == (False, ["Read but do not respond."])


def test_terminate_calls_advises_on_calls_only():
    terminate = condition(ConditionKind.TERMINATE_CALLS)
    assert assess([terminate], channel=Channel.PHONE).advice == [
        "You may end this call if the behaviour continues."
    ]
    assert assess([terminate], channel=Channel.EMAIL).advice == []


def test_response_time_and_police_report_advise():
    result = assess(
        [
            condition(ConditionKind.RESPONSE_TIME, response_working_days=10),
            condition(
                ConditionKind.POLICE_REPORT, police_force="Gwent Police", police_reference="GP-1"
            ),
        ]
    )
    assert result.advice == [
        "Respond within 10 working days.",
        "Report unacceptable contact to Gwent Police, quoting GP-1.",
    ]


@pytest.mark.parametrize(
    ("channel", "breached"),
    [
        (Channel.PHONE, True),
        (Channel.SECURE_VOICEMAIL, True),
        (Channel.IN_PERSON, True),
        (Channel.TEXT_RELAY, True),
        (Channel.POST, False),
        (Channel.EMAIL, False),
        (Channel.SOCIAL_MEDIA, False),
    ],
)
def test_permitted_times_apply_where_the_person_chooses_the_moment(channel, breached):
    friday_afternoon = at(2026, 11, 27, 15, 10)
    result = assess([permitted_times(days=[0])], channel=channel, when=friday_afternoon)
    assert result.breached is breached


def test_the_gate_says_the_times_do_not_apply_to_a_letter():
    result = assess(
        [permitted_times(days=[0])], channel=Channel.POST, when=at(2026, 11, 27, 15, 10)
    )
    assert any("do not apply" in advice for advice in result.advice)


def test_the_condition_says_which_channels_its_times_apply_to():
    words = gate.describe(permitted_times())
    assert "Phone" in words
    assert "do not apply to other channels" in words
