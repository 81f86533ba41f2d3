"""The policy's facts about letters live once, and say what the policy says."""

from __future__ import annotations

import pytest

from contacts.choices import Language, PreferredFormat, UpdateMethod, WelshLetters
from disputes.choices import DisputeChannel
from letters import rules, wording
from letters.choices import LetterFormat, LetterKind, LetterLanguage
from letters.placeholders import KIND_PLACEHOLDERS
from tests.contacts.factories import ServiceUserFactory


def test_every_way_a_dispute_arrives_has_its_route_in_the_letters():
    routes = {route.channel for route in rules.DISPUTE_ROUTES}

    assert routes == set(DisputeChannel.values) - {DisputeChannel.OTHER}


@pytest.mark.parametrize("language", ["en", "cy"])
def test_each_route_and_form_is_worded_in_each_language(language):
    for route in rules.DISPUTE_ROUTES:
        assert route.detail in wording.say(language, route.channel, detail=route.detail)
    for form in rules.ALWAYS_OPEN_FORMS:
        assert rules.IOPC_WEBSITE in wording.say(
            language, f"form.{form}", website=rules.IOPC_WEBSITE
        )


def test_the_routes_are_the_policys():
    assert rules.DISPUTE_EMAIL == "feedback@policeconduct.gov.uk"
    assert rules.DISPUTE_VOICEMAIL == "020 7166 3261"
    assert rules.DISPUTE_POSTAL_ADDRESS == (
        "Quality Standards and Research Team",
        "Independent Office for Police Conduct",
        "PO Box 473",
        "Sale",
        "M33 0BW",
    )


@pytest.mark.parametrize("kind", rules.DISPUTABLE_KINDS)
def test_every_disputable_decisions_letter_must_give_the_routes_and_forms(kind):
    required = {p.name for p in KIND_PLACEHOLDERS[kind] if p.required}

    assert {"dispute routes", "online forms", "open channels", "conditions"} <= required


def test_every_kind_has_whoever_issues_it():
    assert set(rules.ISSUE_PERMISSIONS) == set(LetterKind.values)


@pytest.mark.parametrize(
    ("language", "welsh_letters", "expected"),
    [
        (Language.ENGLISH, WelshLetters.BILINGUAL, LetterLanguage.ENGLISH),
        (Language.WELSH, WelshLetters.WELSH, LetterLanguage.WELSH),
        (Language.WELSH, WelshLetters.BILINGUAL, LetterLanguage.BILINGUAL),
    ],
)
def test_the_letters_language_follows_the_person(language, welsh_letters, expected):
    person = ServiceUserFactory.build(
        reference="SU-1", preferred_language=language, welsh_letters=welsh_letters
    )

    assert rules.letter_language_for(person) == expected


def test_email_without_an_address_gets_a_letter_on_paper():
    person = ServiceUserFactory.build(
        reference="SU-1",
        preferred_format=PreferredFormat.STANDARD,
        update_method=UpdateMethod.EMAIL,
        email="",
    )

    assert rules.letter_format_for(person) == LetterFormat.STANDARD
