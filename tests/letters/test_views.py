"""The letters' staff pages: written from the record, edited in their free text only, checked
and issued, read back with their PDF; who may do each."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts.choices import PreferredFormat, UpdateMethod
from letters import services
from letters.choices import LetterKind, LetterState
from letters.models import Letter
from restrictions.choices import DeliveryMethod, RestrictionState
from tests.letters import factories as lf
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


def _write(client, record, name):
    return client.post(reverse("letters:write", args=[name, record.pk]))


def _draft_of(client, record, name) -> Letter:
    response = _write(client, record, name)
    assert response.status_code == 302
    return Letter.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])


@pytest.fixture
def restriction(manager):
    return lf.restriction_in_force(approver=manager)


@pytest.fixture
def manager_client(client_for, manager):
    return client_for(manager)


# Writing the letter from the record


def test_write_the_letter_drafts_it_from_the_record_and_opens_the_draft(
    manager_client, manager, restriction
):
    response = _write(manager_client, restriction, "restriction")
    letter = Letter.objects.get()
    assert response.url == reverse("letters:detail", args=[letter.pk])
    assert (letter.kind, letter.restriction, letter.drafted_by) == (
        LetterKind.RESTRICTION,
        restriction,
        manager,
    )
    assert letter.editable["en"]["reasons"] == restriction.reasons


def test_writing_again_opens_the_same_draft(manager_client, restriction):
    first = _draft_of(manager_client, restriction, "restriction")
    assert _draft_of(manager_client, restriction, "restriction") == first
    assert Letter.objects.count() == 1


def test_writing_a_letter_already_issued_opens_it_and_drafts_no_other(
    manager_client, manager, restriction
):
    issued = services.letter_issue(letter=lf.drafted(restriction, by=manager), by=manager)
    response = _write(manager_client, restriction, "restriction")
    assert response.url == reverse("letters:detail", args=[issued.pk])
    assert Letter.objects.count() == 1


def test_a_proposal_not_yet_decided_calls_for_no_letter(manager_client, caseworker):
    proposal = RestrictionFactory(proposed_by=caseworker, state=RestrictionState.PENDING_APPROVAL)
    response = _write(manager_client, proposal, "restriction")
    assert response.url == proposal.get_absolute_url()
    assert not Letter.objects.exists()


def test_write_takes_no_get(manager_client, restriction):
    url = reverse("letters:write", args=["restriction", restriction.pk])
    assert manager_client.get(url).status_code == 405
    assert not Letter.objects.exists()


# The draft page


def test_the_draft_shows_the_letter_its_facts_read_only_and_the_parts_to_edit(
    manager_client, manager, restriction
):
    letter = lf.drafted(restriction, by=manager)
    response = manager_client.get(reverse("letters:detail", args=[letter.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    preview = body.split('data-testid="letter-preview"')[1].split("Facts from the record")[0]
    assert "You sent threatening emails to staff on 3 occasions." in preview
    facts = body.split('data-testid="letter-facts"')[1]
    assert "Sam Jones" in facts  # the single point of contact, a condition in words
    assert letter.facts["en"]["end date"] in facts
    form = response.context["form"]
    assert set(form.fields) == {"reasons", "how_to_reach_us"}  # the facts are no fields
    assert 'name="reasons"' in body
    assert 'name="end_date"' not in body
    assert "By post to 1 High Street, Cardiff" in body


def test_saving_the_draft_changes_its_reasons_and_the_letter_shown(
    manager_client, manager, restriction
):
    letter = lf.drafted(restriction, by=manager)
    url = reverse("letters:detail", args=[letter.pk])
    response = manager_client.post(
        url,
        {"reasons": "You threatened staff in three emails.", "how_to_reach_us": "", "save": "1"},
        follow=True,
    )
    body = response.content.decode()
    assert "Draft saved" in body
    preview = body.split('data-testid="letter-preview"')[1].split("Facts from the record")[0]
    assert "You threatened staff in three emails." in preview
    assert "You sent threatening emails" not in preview
    letter.refresh_from_db()
    assert letter.editable["en"]["reasons"] == "You threatened staff in three emails."
    assert letter.state == LetterState.DRAFT
    assert letter.history.first().history_user == manager


def test_a_blank_reason_is_refused_with_an_error_summary(manager_client, manager, restriction):
    letter = lf.drafted(restriction, by=manager)
    response = manager_client.post(
        reverse("letters:detail", args=[letter.pk]), {"reasons": "  ", "save": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert '<a href="#id_reasons">Enter the text for “reasons”</a>' in body
    assert body.startswith("<!DOCTYPE html>")
    assert "<title>Error:" in body
    letter.refresh_from_db()
    assert letter.editable["en"]["reasons"] == restriction.reasons


def test_a_fact_posted_with_the_form_changes_nothing(manager_client, manager, restriction):
    letter = lf.drafted(restriction, by=manager)
    facts = letter.facts
    manager_client.post(
        reverse("letters:detail", args=[letter.pk]),
        {"reasons": "New reasons", "end_date": "never", "conditions": "none", "save": "1"},
    )
    letter.refresh_from_db()
    assert letter.facts == facts
    assert set(letter.editable["en"]) == {"reasons", "how to reach us"}


def test_the_draft_says_the_persons_language_and_format(client_for, manager):
    person = lf.welsh_person(bilingual=True, preferred_format=PreferredFormat.LARGE_PRINT)
    restriction = lf.restriction_in_force(person, approver=manager)
    letter = lf.drafted(restriction, by=manager)
    response = client_for(manager).get(reverse("letters:detail", args=[letter.pk]))
    body = response.content.decode()
    assert 'data-testid="letter-language">In Welsh, then English (bilingual)</dd>' in body
    assert 'data-testid="letter-format">Large print</dd>' in body
    assert "app-letter--large-print" in body
    # The Welsh part is printed first, and each language's free text is its own field.
    assert list(response.context["form"].fields) == [
        "cy_reasons",
        "cy_how_to_reach_us",
        "en_reasons",
        "en_how_to_reach_us",
    ]
    assert body.index('<section class="letter__part" lang="cy">') < body.index(
        '<section class="letter__part" lang="en">'
    )


def test_a_bilingual_letters_parts_are_saved_each_in_its_language(client_for, manager):
    restriction = lf.restriction_in_force(lf.welsh_person(bilingual=True), approver=manager)
    letter = lf.drafted(restriction, by=manager)
    client_for(manager).post(
        reverse("letters:detail", args=[letter.pk]),
        {
            "cy_reasons": "Fe wnaethoch chi fygwth staff.",
            "cy_how_to_reach_us": "",
            "en_reasons": "You threatened staff.",
            "en_how_to_reach_us": "",
            "save": "1",
        },
    )
    letter.refresh_from_db()
    assert letter.editable["cy"]["reasons"] == "Fe wnaethoch chi fygwth staff."
    assert letter.editable["en"]["reasons"] == "You threatened staff."


def test_the_draft_page_keeps_a_fixed_number_of_queries(
    manager_client, manager, restriction, django_assert_num_queries
):
    letter = lf.drafted(restriction, by=manager)
    url = reverse("letters:detail", args=[letter.pk])
    # session, user, roles and permissions; the letter with its templates; the person with
    # their flags, the case file's summary, their standing (the restriction in force with its
    # conditions and terms) and open dispute; the record the letter is about; the office's
    # closure days, for the day it is due
    with django_assert_num_queries(8):
        manager_client.get(url)


# Check and issue


def test_continue_shows_the_letter_to_check_with_a_link_to_change_each_part(
    manager_client, manager, restriction
):
    letter = lf.drafted(restriction, by=manager)
    detail = reverse("letters:detail", args=[letter.pk])
    response = manager_client.post(
        detail, {"reasons": "Checked reasons", "how_to_reach_us": "By post", "continue": "1"}
    )
    assert response.url == reverse("letters:check", args=[letter.pk])
    body = manager_client.get(response.url).content.decode()
    assert "Check the letter before you issue it" in body
    assert f'href="{detail}#id_reasons"' in body
    assert f'href="{detail}#id_how_to_reach_us"' in body
    assert f'action="{reverse("letters:issue", args=[letter.pk])}"' in body
    assert "Checked reasons" in body.split('data-testid="letter-preview"')[1]
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT  # nothing is issued before the confirmation


def test_issuing_freezes_the_letter_and_records_how_the_person_was_told(
    manager_client, manager, restriction
):
    letter = lf.drafted(restriction, by=manager)
    response = manager_client.post(reverse("letters:issue", args=[letter.pk]), follow=True)
    body = response.content.decode()
    letter.refresh_from_db()
    assert letter.state == LetterState.ISSUED
    assert letter.verify()
    assert "Letter issued on" in body
    assert "It goes to the print queue, to be printed and posted to 1 High Street" in body
    restriction.refresh_from_db()
    assert (restriction.told_on, restriction.told_method, restriction.told_reference) == (
        timezone.localdate(),
        DeliveryMethod.LETTER,
        letter.reference,
    )
    assert restriction.history.first().history_user == manager


def test_issuing_a_review_letter_records_how_the_person_was_told_of_the_outcome(client_for):
    review = lf.decided_review("remove")
    manager = review.decided_by
    letter = lf.drafted(review, by=manager)
    client_for(manager).post(reverse("letters:issue", args=[letter.pk]))
    review.refresh_from_db()
    # The person has a postcode but no first line of address: delivery emails the letter, and
    # the record says how it actually went.
    assert (review.told_on, review.told_method) == (timezone.localdate(), DeliveryMethod.EMAIL)


def test_a_letter_that_tells_of_no_such_record_records_nothing_else(client_for, caseworker):
    warning = lf.issued_warning(issued_by=caseworker)
    letter = lf.drafted(warning, by=caseworker)
    client_for(caseworker).post(reverse("letters:issue", args=[letter.pk]))
    warning.refresh_from_db()
    letter.refresh_from_db()
    assert letter.is_issued
    assert warning.history.count() == 1


def test_issuing_with_a_part_left_blank_shows_the_draft_with_the_problem(manager_client, manager):
    warning = lf.issued_warning(issued_by=manager)
    letter = lf.drafted(warning, by=manager)
    # A draft whose reasons were drafted blank from an old record: the form never saves one.
    Letter.objects.filter(pk=letter.pk).update(
        editable={"en": {"reasons": "", "what to change": "Be polite."}}
    )
    response = manager_client.post(reverse("letters:issue", args=[letter.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_reasons">Enter the text for “reasons”</a>' in body
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT


def test_issuing_twice_issues_once(manager_client, manager, restriction):
    letter = lf.drafted(restriction, by=manager)
    url = reverse("letters:issue", args=[letter.pk])
    manager_client.post(url)
    issued = Letter.objects.get().sha256
    response = manager_client.post(url, follow=True)
    assert "This letter has already been issued." in response.content.decode()
    assert Letter.objects.get().sha256 == issued


def test_an_issued_letter_cannot_be_edited_from_its_page(manager_client, manager, restriction):
    letter = services.letter_issue(letter=lf.drafted(restriction, by=manager), by=manager)
    response = manager_client.post(
        reverse("letters:detail", args=[letter.pk]), {"reasons": "Changed", "save": "1"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert "Changed" not in letter.html
    assert letter.verify()


def test_issuing_needs_the_csrf_token(manager, restriction):
    letter = lf.drafted(restriction, by=manager)
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(reverse("letters:issue", args=[letter.pk])).status_code == 403
    assert (
        client.post(reverse("letters:write", args=["restriction", restriction.pk])).status_code
        == 403
    )
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT


# The issued letter and its PDF


def test_the_issued_letter_shows_its_html_its_hash_and_its_pdf(
    manager_client, manager, restriction
):
    letter = services.letter_issue(letter=lf.drafted(restriction, by=manager), by=manager)
    body = manager_client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert letter.sha256 in body
    assert "Unchanged since issued" in body
    assert f'href="{reverse("letters:pdf", args=[letter.pk])}"' in body
    html = body.split('data-testid="letter-html"')[1]
    assert "We are restricting how you can contact the IOPC" in html
    assert "<h1" not in html  # the letter's headings sit under the page's own


def test_the_issued_letter_page_keeps_a_fixed_number_of_queries(
    manager_client, manager, restriction, django_assert_num_queries
):
    letter = services.letter_issue(letter=lf.drafted(restriction, by=manager), by=manager)
    # as the draft's, less the day it was due; its PDF is read from storage to check its hash
    with django_assert_num_queries(7):
        manager_client.get(reverse("letters:detail", args=[letter.pk]))


def test_the_pdf_is_served_privately_to_case_staff(client_for, caseworker, manager, restriction):
    letter = services.letter_issue(letter=lf.drafted(restriction, by=manager), by=manager)
    response = client_for(caseworker).get(reverse("letters:pdf", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    pdf = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "You sent threatening emails to staff on 3 occasions." in text


def test_a_drafts_pdf_does_not_exist(manager_client, manager, restriction):
    letter = lf.drafted(restriction, by=manager)
    assert manager_client.get(reverse("letters:pdf", args=[letter.pk])).status_code == 404


def test_administrators_read_no_letter(client_for, administrator, manager, restriction):
    letter = services.letter_issue(letter=lf.drafted(restriction, by=manager), by=manager)
    client = client_for(administrator)
    assert client.get(reverse("letters:detail", args=[letter.pk])).status_code == 403
    assert client.get(reverse("letters:pdf", args=[letter.pk])).status_code == 403


# Who writes which letter


@pytest.mark.parametrize(
    ("role", "record", "allowed"),
    [
        ("Caseworker", "warning", True),
        ("Manager", "warning", True),
        ("Caseworker", "restriction", False),
        ("Manager", "restriction", True),
        ("Quality Standards and Research", "restriction", False),
        ("Quality Standards and Research", "dispute", True),
        ("Manager", "dispute", False),
        ("Administrator", "warning", False),
        ("Administrator", "dispute", False),
    ],
)
def test_whoever_takes_the_decision_writes_its_letter(client_for, role, record, allowed):
    records = {
        "warning": lambda: lf.issued_warning(),
        "restriction": lambda: lf.restriction_in_force(),
        "dispute": lambda: lf.dispute_received(),
    }
    subject = records[record]()
    response = _write(client_for(UserFactory(role=role)), subject, record)
    assert (response.status_code == 302) is allowed
    assert Letter.objects.exists() is allowed


def test_a_caseworker_reads_an_issued_restriction_letter_but_not_its_draft(
    client_for, caseworker, manager, restriction
):
    letter = lf.drafted(restriction, by=manager)
    client = client_for(caseworker)
    url = reverse("letters:detail", args=[letter.pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("letters:check", args=[letter.pk])).status_code == 403
    assert client.post(reverse("letters:issue", args=[letter.pk])).status_code == 403
    services.letter_issue(letter=letter, by=manager)
    assert client.get(url).status_code == 200


def test_qsr_issues_a_disputes_acknowledgement(client_for, qsr):
    dispute = lf.dispute_received()
    client = client_for(qsr)
    letter = _draft_of(client, dispute, "dispute")
    assert letter.kind == LetterKind.DISPUTE_ACKNOWLEDGEMENT
    assert client.get(reverse("letters:detail", args=[letter.pk])).status_code == 200
    client.post(reverse("letters:issue", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.is_issued


# Made by hand


def test_a_letter_made_by_hand_is_marked_produced_once(client_for, manager):
    person = lf.person(preferred_format=PreferredFormat.BRAILLE)
    restriction = lf.restriction_in_force(person, approver=manager)
    letter = services.letter_issue(letter=lf.drafted(restriction, by=manager), by=manager)
    client = client_for(manager)
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "Produced by hand: Braille" in page
    assert "Mark as produced and sent" in page
    client.post(reverse("letters:produced", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.manual_produced_by == manager
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "Mark as produced and sent" not in page


# How it is sent


def test_a_plain_text_email_letter_is_sent_by_email_and_so_recorded(client_for, manager):
    review = lf.decided_review("remove")
    person = review.restriction.service_user
    person.email, person.update_method = "jo@example.com", UpdateMethod.EMAIL
    person.save()
    manager = review.decided_by
    letter = lf.drafted(review, by=manager)
    response = client_for(manager).post(reverse("letters:issue", args=[letter.pk]), follow=True)
    assert "It will be emailed to jo@example.com." in response.content.decode()
    review.refresh_from_db()
    assert review.told_method == DeliveryMethod.EMAIL


def test_an_email_letter_goes_by_post_while_the_restriction_closes_email(client_for, manager):
    person = lf.person(email="jo@example.com", update_method=UpdateMethod.EMAIL)
    restriction = lf.restriction_in_force(person, approver=manager)  # email read, not answered
    letter = services.letter_issue(letter=lf.drafted(restriction, by=manager), by=manager)
    assert letter.format == "email_text"
    restriction.refresh_from_db()
    assert restriction.told_method == DeliveryMethod.LETTER
