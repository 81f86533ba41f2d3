import re

import pytest
from playwright.sync_api import expect

from contacts.models import Contact, ServiceUser
from tests.contacts.factories import ServiceUserFactory
from tests.musuc.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_adds_a_person_and_logs_two_contacts(journey, caseworker):
    ServiceUserFactory(first_name="Rhian", last_name="Morgan", email="rhian.morgan@example.com")
    page = journey.page
    journey.sign_in("caseworker", PASSWORD)
    expect(page.get_by_test_id("signed-in-user")).to_contain_text("Caseworker")

    # Their notifications have a page of their own, linked from home.
    page.get_by_test_id("notifications-link").click()
    expect(page.get_by_role("heading", name="Your notifications")).to_be_visible()
    journey.check()
    page.get_by_role("link", name="Back to your home page").click()

    # Add a service user: the same email is already on file, so a duplicate warning comes first.
    page.get_by_role("link", name="Add a service user").first.click()
    journey.check()
    page.get_by_label("First name").fill("Rhian")
    page.get_by_label("Last name").fill("Morgan-Hughes")
    page.get_by_label("Email address (optional)").fill("rhian.morgan@example.com")
    page.get_by_label("Postcode (optional)").fill("CF10 1AA")
    page.get_by_label("Welsh", exact=True).check()
    # Welsh reveals how they want their letters: in Welsh, or Welsh first then English.
    page.get_by_label("In Welsh and English, Welsh first").check()
    # Which other format is asked only once "Other" is chosen.
    other_format = page.get_by_label("If other, which format?")
    expect(other_format).to_be_hidden()
    page.get_by_label("Other", exact=True).check()
    expect(other_format).to_be_visible()
    other_format.fill("Large print on yellow paper")
    journey.check()
    page.get_by_role("button", name="Add service user").click()
    expect(page.get_by_test_id("possible-duplicates")).to_contain_text("Rhian Morgan")
    journey.check()
    page.get_by_role("button", name="Add as a new service user").click()
    expect(page.get_by_role("heading", level=1, name="Rhian Morgan-Hughes")).to_be_visible()
    journey.check()
    person = ServiceUser.objects.get(last_name="Morgan-Hughes")
    assert (person.preferred_language, person.welsh_letters) == ("cy", "bilingual")
    assert (person.preferred_format, person.preferred_format_detail) == (
        "other",
        "Large print on yellow paper",
    )

    # An acceptable contact.
    page.get_by_role("link", name="Log a contact").click()
    journey.check()
    _fill_contact(page, channel="Email", summary="Asked when the investigation will finish.")
    page.get_by_label("Acceptable", exact=True).check()
    page.get_by_role("button", name="Log contact", exact=True).click()
    expect(page.get_by_text("Contact logged")).to_be_visible()
    journey.check()

    # An unacceptable contact, first with no behaviour: the error summary says why.
    page.get_by_role("link", name="Log a contact").click()
    _fill_contact(page, channel="Phone", summary="Shouted threats at the caseworker.")
    page.get_by_label("Unacceptable", exact=True).check()
    page.get_by_label("Staff feel harassed, distressed, threatened or afraid").check()
    page.get_by_role("button", name="Log contact", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select at least one behaviour")
    expect(summary).to_be_focused()
    journey.check()
    expect(page.get_by_label("Summary")).to_have_value("Shouted threats at the caseworker.")
    summary.get_by_role("link", name=re.compile("Select at least one behaviour")).click()
    expect(page.locator("#id_behaviours_0")).to_be_focused()
    page.get_by_label("Threats (implicit or explicit) against any person").check()
    page.get_by_label("Call terminated").check()
    page.get_by_role("button", name="Log contact", exact=True).click()
    expect(page.get_by_text("Contact logged")).to_be_visible()
    journey.check()

    # Both are on the timeline, newest first.
    timeline = page.locator(".moj-timeline__item")
    expect(timeline).to_have_count(2)
    expect(timeline.nth(0)).to_contain_text("Phone contact")
    expect(timeline.nth(0)).to_contain_text("Unacceptable")
    expect(timeline.nth(1)).to_contain_text("Email contact")
    expect(timeline.nth(1)).to_contain_text("Acceptable")
    assert Contact.objects.filter(service_user=person).count() == 2

    # The contact page, with its history.
    timeline.nth(0).get_by_role("link", name=re.compile("View contact")).click()
    expect(page.get_by_test_id("contact-history")).to_contain_text("Logged")
    journey.check()

    # And the person can be found again by name.
    journey.goto("/service-users/?q=rhian+morgan-h")
    expect(page.get_by_role("link", name="Rhian Morgan-Hughes", exact=True)).to_be_visible()


def _fill_contact(page, *, channel, summary):
    page.get_by_label(channel, exact=True).check()
    date = page.get_by_role("group", name="Date of the contact")
    date.get_by_label("Day").fill("2")
    date.get_by_label("Month").fill("11")
    date.get_by_label("Year").fill("2026")
    page.get_by_label("Time of the contact").fill("10:15")
    page.get_by_label("Summary").fill(summary)
