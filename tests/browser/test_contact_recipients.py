import re

import pytest
from playwright.sync_api import expect

from contacts.models import Contact
from tests.browser.test_caseworker_journey import _fill_contact
from tests.contacts.factories import ServiceUserFactory
from tests.musuc.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_finds_a_colleague_by_typing(journey, caseworker):
    colleague = UserFactory(first_name="Ffion", last_name="Rees")
    person = ServiceUserFactory()
    page = journey.page
    journey.sign_in("caseworker", PASSWORD)
    journey.goto(f"/service-users/{person.reference}/contacts/new/")
    expect(page.get_by_role("button", name="Find staff")).to_have_count(0)

    # Who received it is summed up, closed: the person logging and their team.
    recipients = page.get_by_test_id("recipients")
    expect(recipients.locator("summary")).to_have_text(re.compile(r"Received by \w+"))
    expect(page.get_by_label("Add another member of staff")).to_be_hidden()
    recipients.locator("summary").click()
    page.get_by_label("Add another member of staff").fill("ffi re")
    page.get_by_role("option", name="Ffion Rees").click()
    expect(page.get_by_label("Ffion Rees")).to_be_checked()
    expect(page.get_by_label("Add another member of staff")).to_have_value("")
    journey.check()

    _fill_contact(page, channel="Email", summary="Asked for an update.")
    page.get_by_label("Acceptable", exact=True).check()
    page.get_by_role("button", name="Log contact", exact=True).click()
    expect(page.get_by_text("Contact logged")).to_be_visible()
    assert set(Contact.objects.get().received_by.all()) == {caseworker, colleague}
