"""Logging a contact with the caller on the line: the common case in a few interactions, the
rare one complete. Each journey counts what the caseworker does, from opening the form to the
saved confirmation."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Contact
from tests.browser.conftest import Interactions
from tests.contacts.factories import ServiceUserFactory
from tests.musuc.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A laptop's screen at 1280 px wide: the short form should fit in one and a half of them.
SCREEN_HEIGHT = 800
FORM_HEIGHT = "() => Math.round(document.querySelector('main form').getBoundingClientRect().height)"


def _open_the_form(journey, person, acts):
    journey.goto(person.get_absolute_url())
    acts.click(journey.page.get_by_role("link", name="Log a contact").first)
    expect(journey.page.get_by_role("heading", level=1, name="Log a contact")).to_be_visible()


def test_an_acceptable_phone_call_takes_five_interactions(journey, caseworker):
    person = ServiceUserFactory(first_name="Aled", last_name="Pryce")
    page = journey.page
    journey.sign_in("caseworker", PASSWORD)
    acts = Interactions(page)
    _open_the_form(journey, person, acts)
    # Only the common questions show until the answers call for more.
    expect(page.get_by_label("Summary")).to_be_visible()
    expect(page.get_by_text("Behaviours", exact=True)).to_be_hidden()
    expect(page.get_by_label("Length of the call in minutes (calls only)")).to_be_hidden()
    expect(page.get_by_label("Attachments (optional)")).to_be_hidden()

    acts.check(page.get_by_label("Phone", exact=True))
    expect(page.get_by_label("Length of the call in minutes (calls only)")).to_be_visible()
    expect(page.get_by_label("Attachments (optional)")).to_be_hidden()
    acts.fill(page.get_by_label("Summary"), "Asked when the investigation will finish.")
    acts.check(page.get_by_label("Acceptable", exact=True))
    expect(page.get_by_text("Behaviours", exact=True)).to_be_hidden()
    journey.check()  # the short form, at both widths
    height = page.evaluate(FORM_HEIGHT)
    print(f"\nThe form with Acceptable chosen is {height} px tall at 1280 px")
    assert height <= 1.5 * SCREEN_HEIGHT, f"{height} px is more than 1.5 screens"

    acts.click(page.get_by_role("button", name="Log contact", exact=True))
    expect(page.get_by_text("Contact logged: Phone")).to_be_visible()
    assert acts.count <= 5, acts.taken
    contact = Contact.objects.get()
    assert (contact.channel, contact.direction, contact.assessment) == (
        "phone",
        "inbound",
        "acceptable",
    )
    assert list(contact.received_by.all()) == [caseworker]
    assert list(contact.teams.all()) == [caseworker.team]

    # The next contact starts on the channel used last.
    acts = Interactions(page)
    _open_the_form(journey, person, acts)
    expect(page.get_by_label("Phone", exact=True)).to_be_checked()


def test_an_unacceptable_email_with_two_behaviours_and_one_impact_takes_nine(journey, caseworker):
    person = ServiceUserFactory(first_name="Bethan", last_name="Lloyd")
    page = journey.page
    journey.sign_in("caseworker", PASSWORD)
    acts = Interactions(page)
    _open_the_form(journey, person, acts)
    acts.check(page.get_by_label("Email", exact=True))
    expect(page.get_by_label("Attachments (optional)")).to_be_visible()
    expect(page.get_by_label("Length of the call in minutes (calls only)")).to_be_hidden()
    acts.fill(page.get_by_label("Summary"), "Threatening and harassing email to the team.")
    acts.check(page.get_by_label("Unacceptable", exact=True))
    acts.check(page.get_by_label("Threats (implicit or explicit) against any person"))
    acts.check(page.get_by_label("Harassment", exact=True))
    acts.check(page.get_by_label("Staff feel harassed, distressed, threatened or afraid"))
    journey.check()  # the long form, at both widths
    acts.click(page.get_by_role("button", name="Log contact", exact=True))
    expect(page.get_by_text(re.compile("Contact logged: Email"))).to_be_visible()
    assert acts.count <= 9, acts.taken
    contact = Contact.objects.get()
    assert contact.assessment == "unacceptable"
    assert sorted(contact.behaviours) == ["harassment", "threats"]
    assert contact.impacts == ["staff_harmed"]


def test_changing_the_answer_back_sets_aside_what_was_hidden(journey, caseworker):
    person = ServiceUserFactory()
    page = journey.page
    journey.sign_in("caseworker", PASSWORD)
    acts = Interactions(page)
    _open_the_form(journey, person, acts)
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Summary").fill("Asked for an update, politely in the end.")
    page.get_by_label("Unacceptable", exact=True).check()
    page.get_by_label("Harassment", exact=True).check()
    page.get_by_label("Acceptable", exact=True).check()
    expect(page.get_by_label("Harassment", exact=True)).to_be_hidden()
    page.get_by_role("button", name="Log contact", exact=True).click()
    expect(page.get_by_text("Contact logged: Email")).to_be_visible()
    contact = Contact.objects.get()
    assert (contact.assessment, contact.behaviours) == ("acceptable", [])


def test_log_another_and_the_search_afterwards(journey, caseworker):
    person = ServiceUserFactory(first_name="Ceri", last_name="Owen")
    page = journey.page
    journey.sign_in("caseworker", PASSWORD)
    acts = Interactions(page)
    _open_the_form(journey, person, acts)
    page.get_by_label("Post", exact=True).check()
    page.get_by_label("Summary").fill("A letter asking for the file.")
    page.get_by_label("Acceptable", exact=True).check()
    page.get_by_role("button", name="Log contact and log another").click()
    expect(page.get_by_text("Contact logged: Post")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Log a contact")).to_be_visible()
    expect(page.get_by_label("Summary")).to_have_value("")
    page.get_by_label("Summary").fill("A second letter, the same day.")
    page.get_by_label("Acceptable", exact=True).check()
    page.get_by_label("Find a service user", exact=True).check()
    page.get_by_role("button", name="Log contact", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Find a service user")).to_be_visible()
    expect(page.get_by_text("Contact logged: Post")).to_be_visible()
    journey.check()
    assert Contact.objects.filter(service_user=person).count() == 2
    # Next time the form remembers where this caseworker goes.
    journey.goto(f"/service-users/{person.reference}/contacts/new/")
    expect(page.get_by_label("Find a service user", exact=True)).to_be_checked()
