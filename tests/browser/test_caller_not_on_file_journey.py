"""A caller who is not on the system: found by nobody, added with their contact in one go."""

import pytest
from playwright.sync_api import expect

from contacts.models import Contact, ServiceUser
from tests.browser.conftest import Interactions
from tests.contacts.factories import ServiceUserFactory
from tests.musuc.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# From the search box to the saved contact, with the caller still on the line.
MOST_INTERACTIONS = 12


def test_a_caller_not_on_file_is_added_and_their_contact_logged_in_a_few_actions(
    journey, caseworker
):
    page = journey.page
    journey.sign_in("caseworker", PASSWORD)
    acts = Interactions(page)

    acts.fill(page.get_by_label("Find a service user"), "nia howells")
    acts.click(page.get_by_role("button", name="Search"))
    expect(page.get_by_role("heading", name="No service users found")).to_be_visible()
    journey.check()

    acts.click(page.get_by_role("link", name="Add this person and log the contact"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Add a service user and log the contact"
    )
    expect(page.get_by_label("First name")).to_have_value("Nia")
    expect(page.get_by_label("Last name")).to_have_value("Howells")
    journey.check()

    # A brand-new caseworker has no channel used last time: it is chosen.
    acts.check(_channel(page, "Phone"))
    acts.fill(page.get_by_label("Summary"), "Asked how to complain about an officer.")
    acts.check(page.get_by_label("Acceptable", exact=True))
    acts.click(page.get_by_role("button", name="Add service user and log contact"))

    person = ServiceUser.objects.get()
    expect(page.get_by_role("heading", level=1, name="Nia Howells")).to_be_visible()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Service user added: reference {person.reference}. Contact logged: Phone"
    )
    expect(page.locator(".moj-timeline__item")).to_contain_text("Phone contact")
    journey.check()
    contact = person.contacts.get()
    assert (contact.summary, contact.assessment) == (
        "Asked how to complain about an officer.",
        "acceptable",
    )
    assert acts.count <= MOST_INTERACTIONS, acts.taken

    # From the home page's lists, the next contact is one click away.
    journey.goto("/")
    again = page.get_by_role("link", name="Log a contact for Nia Howells")
    expect(again).to_have_count(2)
    again.first.click()
    expect(page.get_by_role("heading", level=1, name="Log a contact")).to_be_visible()


def test_a_caller_who_was_on_file_after_all_gets_the_contact_typed_so_far(journey, caseworker):
    existing = ServiceUserFactory(first_name="Nia", last_name="Howells", phone="07700 900321")
    page = journey.page
    journey.sign_in("caseworker", PASSWORD)

    journey.goto("/service-users/?q=nia+howels")
    page.get_by_role("link", name="Add this person and log the contact").click()
    page.get_by_label("Phone number (optional)").fill("07700900321")
    _channel(page, "Phone").check()
    page.get_by_label("Summary").fill("Rang back about the letter.")
    page.get_by_label("Acceptable", exact=True).check()
    page.get_by_role("button", name="Add service user and log contact").click()

    matches = page.get_by_test_id("possible-duplicates")
    expect(matches).to_contain_text("Nia Howells")
    expect(matches).to_contain_text("Same: first name, phone")
    journey.check()
    matches.get_by_role("button", name="Log the contact for Nia Howells instead").click()

    expect(page.get_by_role("heading", level=1, name="Log a contact")).to_be_visible()
    expect(page.get_by_test_id("identity-name")).to_have_text("Nia Howells")
    expect(page.get_by_label("Summary")).to_have_value("Rang back about the letter.")
    expect(page.get_by_label("Phone", exact=True)).to_be_checked()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    journey.check()
    page.get_by_role("button", name="Log contact", exact=True).click()
    expect(page.get_by_text("Contact logged: Phone")).to_be_visible()
    assert ServiceUser.objects.count() == 1
    assert Contact.objects.get().service_user == existing


def _channel(page, name):
    """The contact's channel (the person's own choices have a "Phone" too, folded away)."""
    group = page.get_by_role("group", name="How did the contact come in or go out?")
    return group.get_by_label(name, exact=True)
