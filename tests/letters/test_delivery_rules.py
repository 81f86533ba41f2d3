"""The one rule that chooses how a letter reaches the person: by their preference, among the
channels their restriction leaves open, never by one it closes."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from contacts.choices import Channel, UpdateMethod
from letters.choices import DeliveryChannel, LetterFormat
from letters.rules import DeliveryChoice, delivery_channel_for
from restrictions.choices import ConditionKind
from restrictions.rules import answered_channels


def _person(*, update_method=UpdateMethod.POST, email="sam@example.com", address=True):
    return SimpleNamespace(
        update_method=update_method,
        email=email,
        address_line_1="1 High Street" if address else "",
        postcode="CF10 1AA" if address else "",
    )


def _limited(*channels):
    return SimpleNamespace(kind=ConditionKind.LIMITED_CHANNELS, channels=list(channels))


def _read_only(*channels):
    return SimpleNamespace(kind=ConditionKind.READ_NO_RESPONSE, channels=list(channels))


def _choose(person, conditions=(), letter_format=LetterFormat.STANDARD):
    return delivery_channel_for(person, letter_format=letter_format, conditions=conditions)


EMAIL, POST = DeliveryChannel.EMAIL, DeliveryChannel.POST


@pytest.mark.parametrize(
    ("person", "conditions", "letter_format", "channel"),
    [
        # No restriction: the person's preference, where we have their address.
        (_person(update_method=UpdateMethod.EMAIL), [], LetterFormat.STANDARD, EMAIL),
        (_person(update_method=UpdateMethod.POST), [], LetterFormat.STANDARD, POST),
        (_person(update_method=UpdateMethod.PHONE), [], LetterFormat.LARGE_PRINT, POST),
        (_person(update_method=""), [], LetterFormat.STANDARD, POST),
        (_person(update_method=UpdateMethod.EMAIL), [], LetterFormat.EMAIL_TEXT, EMAIL),
        (_person(update_method=UpdateMethod.EMAIL), [], LetterFormat.LARGE_PRINT, EMAIL),
        # Wanted email, but we have no address for it: posted.
        (_person(update_method=UpdateMethod.EMAIL, email=""), [], LetterFormat.STANDARD, POST),
        # Email closed by limited channels, or read but not responded to: posted.
        (
            _person(update_method=UpdateMethod.EMAIL),
            [_limited(Channel.POST, Channel.PHONE)],
            LetterFormat.EMAIL_TEXT,
            POST,
        ),
        (
            _person(update_method=UpdateMethod.EMAIL),
            [_limited(Channel.POST, Channel.EMAIL), _read_only(Channel.EMAIL)],
            LetterFormat.STANDARD,
            POST,
        ),
        # Email open among the limited channels: as they prefer.
        (
            _person(update_method=UpdateMethod.EMAIL),
            [_limited(Channel.EMAIL)],
            LetterFormat.STANDARD,
            EMAIL,
        ),
        # Preferred post closed, or no postal address: email, which is open.
        (_person(), [_limited(Channel.EMAIL, Channel.PHONE)], LetterFormat.STANDARD, EMAIL),
        (_person(), [_read_only(Channel.POST)], LetterFormat.STANDARD, EMAIL),
        (_person(address=False), [], LetterFormat.STANDARD, EMAIL),
    ],
)
def test_the_channel_follows_the_preference_among_the_open_channels(
    person, conditions, letter_format, channel
):
    assert _choose(person, conditions, letter_format) == DeliveryChoice(channel)


def test_with_every_channel_closed_none_is_chosen_and_the_reason_says_why():
    choice = _choose(_person(update_method=UpdateMethod.EMAIL), [_limited(Channel.PHONE)])
    assert choice.channel == ""
    assert "post is closed by the restriction in force" in choice.reason
    assert "email is closed by the restriction in force" in choice.reason


def test_with_no_address_of_either_kind_the_reason_names_what_is_missing():
    choice = _choose(_person(email="", address=False))
    assert choice.channel == ""
    assert "no postal address" in choice.reason
    assert "no email address" in choice.reason


def test_email_closed_and_no_postal_address_is_no_channel():
    choice = _choose(
        _person(update_method=UpdateMethod.EMAIL, address=False), [_limited(Channel.POST)]
    )
    assert choice.channel == ""
    assert "email is closed by the restriction in force" in choice.reason
    assert "no postal address" in choice.reason


_RESTRICTIONS = {
    "none": [],
    "email only": [_limited(Channel.EMAIL)],
    "post only": [_limited(Channel.POST)],
    "phone only": [_limited(Channel.PHONE)],
    "email read only": [_read_only(Channel.EMAIL)],
    "post read only": [_read_only(Channel.POST)],
    "both open, email read only": [
        _limited(Channel.EMAIL, Channel.POST),
        _read_only(Channel.EMAIL),
    ],
}


def test_never_by_a_channel_the_restriction_closes_nor_to_an_address_not_known():
    """Every combination of preference, known addresses, restriction and format (one test: the
    letters' conftest gives each test a database, which these pure cases do not need)."""
    cases = itertools.product(
        [UpdateMethod.EMAIL, UpdateMethod.POST, UpdateMethod.PHONE, ""],
        [True, False],
        [True, False],
        sorted(_RESTRICTIONS),
        [LetterFormat.STANDARD, LetterFormat.LARGE_PRINT, LetterFormat.EMAIL_TEXT],
    )
    checked = 0
    for update_method, has_email, has_address, restriction, letter_format in cases:
        case = (update_method, has_email, has_address, restriction, letter_format)
        person = _person(
            update_method=update_method,
            email="sam@example.com" if has_email else "",
            address=has_address,
        )
        conditions = _RESTRICTIONS[restriction]
        choice = _choose(person, conditions, letter_format)
        open_channels = answered_channels(conditions)
        if choice.channel:
            assert choice.channel in open_channels, case
            assert has_email if choice.channel == EMAIL else has_address, case
            assert choice.reason == "", case
        else:
            # None is chosen only when no open channel has an address to go to.
            assert not (Channel.EMAIL in open_channels and has_email), case
            assert not (Channel.POST in open_channels and has_address), case
            assert choice.reason, case
        checked += 1
    assert checked == 336
