"""Drafting: each kind of letter is filled from its record, in the person's language and format,
and staff may change only its free text."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contacts.choices import PreferredFormat, UpdateMethod
from letters import services, wording
from letters.choices import LetterFormat, LetterKind, LetterLanguage, LetterState
from letters.models import Letter, LetterTemplate
from restrictions.rules import review_due_on
from tests.letters import factories as f
from tests.musuc.factories import UserFactory

pytestmark = pytest.mark.django_db

DISPUTE_ROUTES = [
    "Email feedback@policeconduct.gov.uk",
    "Leave a secure voicemail for the IOPC’s Complaints and Feedback team on 020 7166 3261, "
    "giving your contact details",
    "Complete our online form, “Feedback about our service”, at www.policeconduct.gov.uk",
    "Write to Quality Standards and Research Team, Independent Office for Police Conduct, "
    "PO Box 473, Sale, M33 0BW",
]
ONLINE_FORMS = [
    "Our online complaint form, at www.policeconduct.gov.uk",
    "Our online form to request a review of a complaint, at www.policeconduct.gov.uk",
]


@pytest.fixture
def manager():
    return UserFactory(role="Manager")


@pytest.fixture
def qsr():
    return UserFactory(role="Quality Standards and Research")


def test_a_warning_letter_names_the_contact_behaviour_and_number(db):
    caseworker = UserFactory(role="Caseworker")
    person = f.person()
    f.issued_warning(person)
    warning = f.issued_warning(person)

    letter = f.drafted(warning, by=caseworker)
    facts = letter.facts["en"]

    assert (letter.kind, letter.warning) == (LetterKind.WARNING, warning)
    assert (facts["warning number"], facts["warnings allowed"]) == ("2", "3")
    assert facts["behaviours"] == ["Harassment"]
    assert facts["contacts"][0].startswith("Email on ")
    assert letter.editable["en"] == {
        "reasons": "You called staff names on the phone.",
        "what to change": "Please speak to staff politely.",
    }


def test_a_restriction_letter_has_every_fact_the_policy_promises(manager):
    restriction = f.restriction_in_force()

    facts = f.drafted(restriction, by=manager).facts["en"]

    assert facts["term"] == "6 months"
    term = restriction.terms.get()
    assert (facts["start date"], facts["end date"], facts["review date"]) == (
        wording.date("en", term.starts_on),
        wording.date("en", term.ends_on),
        wording.date("en", review_due_on(term.ends_on)),
    )
    assert len(facts["conditions"]) == 7
    assert (
        "All your contact with us goes through one member of staff: Sam Jones."
        in facts["conditions"]
    )
    assert facts["open channels"] == ["Post"]
    assert facts["online forms"] == ONLINE_FORMS
    assert facts["dispute routes"] == DISPUTE_ROUTES
    assert facts["dispute working days"] == "20"


def test_a_variation_letter_has_the_new_conditions(manager):
    variation = f.approved_variation()

    facts = f.drafted(variation, by=manager).facts["en"]

    assert facts["conditions"] == [
        "You may contact us only in these ways: phone and post, and through our online "
        "complaint and review forms."
    ]
    assert facts["open channels"] == ["Phone", "Post"]
    assert facts["dispute routes"] == DISPUTE_ROUTES


def test_a_review_removing_the_restriction_says_so(manager):
    review = f.decided_review("remove")

    letter = f.drafted(review, by=manager)

    assert letter.kind == LetterKind.REVIEW_REMOVED
    assert letter.facts["en"]["term end date"] == "31 March 2026"
    assert (
        letter.editable["en"]["reasons"] == "The contact has changed since the restriction began."
    )


def test_a_review_extending_the_restriction_gives_the_new_term(manager):
    review = f.decided_review("extend", extend_months=6)

    facts = f.drafted(review, by=manager).facts["en"]

    assert (facts["extension"], facts["new start date"], facts["new end date"]) == (
        "6 months",
        "1 April 2026",
        "30 September 2026",
    )
    assert facts["dispute routes"] == DISPUTE_ROUTES


def test_a_restriction_ended_early_says_how_it_ended(manager):
    restriction = f.ended_early()

    letter = f.drafted(restriction, by=manager)

    assert letter.kind == LetterKind.RESTRICTION_ENDED
    assert letter.facts["en"]["ending"] == "We have ended the restriction early."
    assert letter.editable["en"]["reasons"] == "The matter the contact was about has closed."


def test_a_restriction_lifted_on_dispute_says_so(qsr, manager):
    dispute = f.dispute_decided("upheld")

    letter = f.drafted(dispute.restriction, by=manager)

    assert letter.facts["en"]["ending"].startswith("The restriction has been lifted because")


def test_a_dispute_acknowledgement_gives_the_due_date(qsr):
    dispute = f.dispute_received()

    letter = f.drafted(dispute, by=qsr)

    assert letter.kind == LetterKind.DISPUTE_ACKNOWLEDGEMENT
    assert letter.facts["en"]["dispute working days"] == "20"
    assert letter.facts["en"]["due date"]
    assert letter.editable["en"] == {}


def test_a_dispute_outcome_says_stage_2_is_final(qsr):
    dispute = f.dispute_decided("not_upheld")

    letter = f.drafted(dispute, by=qsr)
    facts = letter.facts["en"]

    assert letter.kind == LetterKind.DISPUTE_OUTCOME
    assert facts["outcome"] == "We have not upheld your complaint: the restriction stays in place."
    assert facts["final stage"].startswith("Stage 2 is the final stage of our complaints process")
    assert letter.editable["en"] == {
        "reasonable reasons": "It followed three warnings",
        "proportionate reasons": "Post stays open",
    }


def test_a_welsh_speaker_gets_the_welsh_template(manager):
    restriction = f.restriction_in_force(f.welsh_person())

    letter = f.drafted(restriction, by=manager)

    assert letter.language == LetterLanguage.WELSH
    assert letter.template == LetterTemplate.objects.get(kind="restriction", language="cy")
    assert list(letter.facts) == ["cy"]
    assert letter.facts["cy"]["term"] == "6 mis"
    assert letter.template_texts["cy"]["body"].startswith("Annwyl ((name))")


def test_bilingual_puts_welsh_first_then_english(manager):
    restriction = f.restriction_in_force(f.welsh_person(bilingual=True))

    letter = f.drafted(restriction, by=manager)

    assert letter.language == LetterLanguage.BILINGUAL
    assert letter.languages == ("cy", "en")
    assert (letter.template.language, letter.second_template.language) == ("cy", "en")
    assert list(letter.template_texts) == ["cy", "en"]


def test_the_letter_records_the_template_version_it_was_made_from(manager, administrator):
    template = LetterTemplate.objects.get(kind="restriction", language="en")
    services.letter_template_update(
        template=template,
        subject=template.subject,
        body=template.body + "\n\nP.S.",
        by=administrator,
    )

    letter = f.drafted(f.restriction_in_force(), by=manager)

    assert (letter.template_version, letter.template_texts["en"]["body"][-4:]) == (2, "P.S.")


@pytest.mark.parametrize(
    ("preferred", "update_method", "expected"),
    [
        (PreferredFormat.STANDARD, "", LetterFormat.STANDARD),
        (PreferredFormat.LARGE_PRINT, UpdateMethod.EMAIL, LetterFormat.LARGE_PRINT),
        (PreferredFormat.STANDARD, UpdateMethod.EMAIL, LetterFormat.EMAIL_TEXT),
        (PreferredFormat.BRAILLE, UpdateMethod.POST, LetterFormat.MANUAL),
        (PreferredFormat.EASY_READ, "", LetterFormat.MANUAL),
    ],
)
def test_the_format_follows_the_persons_preference(manager, preferred, update_method, expected):
    person = f.person(preferred_format=preferred, update_method=update_method)

    letter = f.drafted(f.restriction_in_force(person), by=manager)

    assert letter.format == expected
    assert letter.manual_format == (preferred if expected == LetterFormat.MANUAL else "")


def test_drafting_again_returns_the_open_draft(manager):
    restriction = f.restriction_in_force()
    first = f.drafted(restriction, by=manager)

    assert f.drafted(restriction, by=manager) == first
    assert Letter.objects.count() == 1


def test_a_restriction_awaiting_approval_has_no_letter_yet(manager):
    from tests.restrictions.factories import RestrictionFactory

    with pytest.raises(ValidationError):
        f.drafted(RestrictionFactory(state="pending_approval"), by=manager)


def test_a_caseworker_cannot_draft_a_restriction_letter():
    with pytest.raises(PermissionDenied):
        f.drafted(f.restriction_in_force(), by=UserFactory(role="Caseworker"))


def test_a_manager_cannot_draft_a_dispute_letter(manager):
    with pytest.raises(PermissionDenied):
        f.drafted(f.dispute_received(), by=manager)


def test_staff_edit_the_free_text(manager):
    letter = f.drafted(f.restriction_in_force(), by=manager)

    services.letter_update_draft(
        letter=letter, editable={"reasons": "  New reasons.\n\nSecond paragraph. "}, by=manager
    )
    letter.refresh_from_db()

    assert letter.editable["en"]["reasons"] == "New reasons.\n\nSecond paragraph."
    assert letter.history.first().history_change_reason == "Letter edited"


@pytest.mark.parametrize("fact", ["end date", "conditions", "dispute routes", "Review Date"])
def test_editing_a_fact_is_refused(manager, fact):
    letter = f.drafted(f.restriction_in_force(), by=manager)
    facts_before = letter.facts

    with pytest.raises(ValidationError) as refused:
        services.letter_update_draft(letter=letter, editable={fact: "Never"}, by=manager)

    assert "is a fact from the record" in refused.value.message_dict[fact.lower()][0]
    letter.refresh_from_db()
    assert letter.facts == facts_before


def test_editing_a_part_the_letter_lacks_is_refused(manager):
    letter = f.drafted(f.restriction_in_force(), by=manager)

    with pytest.raises(ValidationError) as refused:
        services.letter_update_draft(letter=letter, editable={"shoe size": "9"}, by=manager)

    assert "shoe size" in refused.value.message_dict


def test_blank_reasons_are_refused(manager):
    letter = f.drafted(f.restriction_in_force(), by=manager)

    with pytest.raises(ValidationError) as refused:
        services.letter_update_draft(letter=letter, editable={"reasons": "  "}, by=manager)

    assert "reasons" in refused.value.message_dict


def test_a_bilingual_letter_is_edited_one_language_at_a_time(manager):
    letter = f.drafted(f.restriction_in_force(f.welsh_person(bilingual=True)), by=manager)

    services.letter_update_draft(
        letter=letter, editable={"reasons": "Rhesymau."}, language="cy", by=manager
    )
    letter.refresh_from_db()

    assert letter.editable["cy"]["reasons"] == "Rhesymau."
    assert (
        letter.editable["en"]["reasons"] == "You sent threatening emails to staff on 3 occasions."
    )


def test_an_issued_letter_cannot_be_edited(manager):
    letter = services.letter_issue(
        letter=f.drafted(f.restriction_in_force(), by=manager), by=manager
    )

    with pytest.raises(ValidationError, match="has been issued"):
        services.letter_update_draft(letter=letter, editable={"reasons": "Later"}, by=manager)

    assert letter.state == LetterState.ISSUED
