"""The letter of a restriction: from the manager's approval, through the draft and an edit of
its reasons, to issuing it; then the issued letter, its hash and its PDF."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from letters.defaults import templates_install
from letters.models import Letter
from letters.rendering import pdf_of
from restrictions import services
from restrictions.choices import ConditionKind, DeliveryMethod
from restrictions.models import Condition
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.musuc.factories import PASSWORD, UserFactory
from tests.restrictions.factories import WarningFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _proposal(person):
    caseworker = UserFactory(role="Caseworker")
    WarningFactory(service_user=person)
    return services.restriction_propose(
        service_user=person,
        proposed_by=caseworker,
        conditions=[Condition(kind=ConditionKind.LIMITED_CHANNELS, channels=["post", "phone"])],
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats against staff after a warning",
        term_months=6,
        starts_on=timezone.localdate(),
        access_route="By post to the Sale office",
    )


def test_the_manager_approves_writes_edits_and_issues_the_letter(journey, manager):
    templates_install()  # the shipped templates, again after the last test's flush
    person = ServiceUserFactory(
        first_name="Gareth",
        last_name="Price",
        address_line_1="4 Castle Street",
        town="Cardiff",
        postcode="CF10 1BS",
        preferred_language="cy",
        welsh_letters="bilingual",
        preferred_format="large_print",
    )
    restriction = _proposal(person)
    page = journey.page

    # The manager approves the proposal; the banner offers the letter.
    journey.sign_in("manager", PASSWORD)
    journey.goto(restriction.get_absolute_url())
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Reason for your decision").fill("Proportionate after a warning")
    page.get_by_role("button", name="Continue to check your decision").click()
    journey.check()
    page.get_by_role("button", name="Record the decision").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Restriction approved: now write the letter")
    journey.check()
    banner.get_by_role("button", name=re.compile("Write the letter")).click()

    # The draft: the letter as it will read, its facts read-only, the free text to edit.
    expect(page.get_by_role("heading", name="Draft letter to Gareth Price")).to_be_visible()
    expect(page.get_by_test_id("letter-language")).to_have_text(
        "In Welsh, then English (bilingual)"
    )
    expect(page.get_by_test_id("letter-format")).to_have_text("Large print")
    expect(page.get_by_test_id("letter-sending")).to_contain_text("By post to 4 Castle Street")
    preview = page.get_by_test_id("letter-preview")
    expect(preview.locator("section[lang=cy]")).to_contain_text(
        "Threats against staff after a warning"
    )
    expect(page.get_by_test_id("letter-facts").first).to_contain_text("Post")
    journey.check()

    # A blank part is refused, with the summary's link to it.
    reasons_in_english = page.get_by_label(re.compile(r"reasons for the decision.*in English"))
    reasons_in_english.fill("")
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the text for “reasons”")
    journey.check()
    summary.get_by_role("link").first.click()
    expect(page.get_by_label(re.compile(r"reasons for the decision.*in English"))).to_be_focused()

    # The reasons edited, in each language; saving shows them in the letter.
    page.get_by_label(re.compile(r"reasons for the decision.*in Welsh")).fill(
        "Fe wnaethoch chi fygwth staff mewn tri e-bost."
    )
    page.get_by_label(re.compile(r"reasons for the decision.*in English")).fill(
        "You threatened staff in three emails."
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()
    expect(preview.locator("section[lang=en]")).to_contain_text(
        "You threatened staff in three emails."
    )
    expect(preview.locator("section[lang=cy]")).to_contain_text("Fe wnaethoch chi fygwth staff")
    journey.check()

    # Check, then issue.
    page.get_by_role("button", name="Continue to check and issue").click()
    expect(page.get_by_role("heading", name="Check the letter before you issue it")).to_be_visible()
    expect(page.get_by_test_id("check-answers")).to_contain_text(
        "You threatened staff in three emails."
    )
    journey.check()
    # WeasyPrint's first PDF in a process loads its fonts: on a busy machine, many seconds.
    pdf_of("<!DOCTYPE html><html lang=en><head><title>Warm</title></head><body>.</body></html>")
    page.get_by_role("button", name="Issue the letter").click(timeout=60_000)

    # The issued letter: what happens next, its HTML, its hash and its PDF.
    success = page.locator(".govuk-notification-banner--success")
    expect(success).to_contain_text("Letter issued on")
    expect(success).to_contain_text("It goes to the print queue, to be printed and posted to")
    letter = Letter.objects.get()
    expect(page.get_by_test_id("letter-hash")).to_have_text(letter.sha256)
    expect(page.get_by_test_id("letter-html")).to_contain_text(
        "You threatened staff in three emails."
    )
    journey.check()
    with page.expect_download() as download:
        page.get_by_test_id("letter-pdf").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename == f"{letter.reference.replace('/', '-')}.pdf"

    # How the person was told is filled in on the restriction, and the letter is on the timeline.
    restriction.refresh_from_db()
    assert (restriction.told_method, restriction.told_reference) == (
        DeliveryMethod.LETTER,
        letter.reference,
    )
    journey.goto(restriction.get_absolute_url())
    expect(page.get_by_test_id("proposal")).to_contain_text(letter.reference)
    journey.goto(person.get_absolute_url())
    expect(page.get_by_text("Letter issued: Restriction")).to_be_visible()
    expect(page.get_by_test_id("letter-preferences")).to_contain_text("Large print")
    journey.check()
