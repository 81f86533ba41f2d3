"""The contact form answers, as the caseworker fills it in, whether the contact breaches the
restriction: no button to press and no reload."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.choices import Channel
from restrictions import services
from restrictions.choices import ConditionKind
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.musuc.factories import PASSWORD, UserFactory
from tests.restrictions.factories import WarningFactory, condition, permitted_times

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HINT = "Choose the channel and the time to check this contact against the restriction"


def _restricted(proposer, *conditions):
    person = ServiceUserFactory(first_name="Gareth", last_name="Price")
    WarningFactory(service_user=person)
    restriction = services.restriction_propose(
        service_user=person,
        proposed_by=proposer,
        conditions=list(conditions),
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats",
        term_months=6,
        starts_on=timezone.localdate(),
        access_route="Post and phone",
    )
    services.restriction_decide(
        restriction=restriction,
        manager=UserFactory(role="Manager"),
        decision="approve",
        reason="Needed",
    )
    return person


def _open_the_form(journey, person):
    """Sign in, open the contact form and mark the page, to tell later that it never reloaded."""
    journey.sign_in("caseworker", PASSWORD)
    journey.goto(f"/service-users/{person.reference}/contacts/new/")
    journey.page.evaluate("() => { window.sameDocument = true }")


def _not_reloaded(page):
    """The page marked on opening the form is still the one shown."""
    return page.evaluate("() => window.sameDocument === true")


def test_the_answer_changes_as_the_channel_and_the_time_are_chosen(journey, caseworker):
    person = _restricted(
        caseworker,
        condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST, Channel.PHONE]),
        permitted_times(days=range(7), start=dt.time(9), end=dt.time(17)),
    )
    page = journey.page
    _open_the_form(journey, person)
    url = page.url
    answer = page.get_by_test_id("gate-answer")
    expect(answer).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("button", name="Check against the restriction")).to_have_count(0)
    expect(answer).to_have_text(HINT)

    page.get_by_label("Email", exact=True).check()
    expect(answer).to_contain_text("This contact breaches the restriction")
    expect(answer.get_by_test_id("gate-breaches")).to_have_text(
        "Came through a closed channel: Email"
    )
    assert page.url == url
    assert _not_reloaded(page)
    journey.check()

    page.get_by_label("Post", exact=True).check()
    expect(answer).to_contain_text("This contact does not breach the restriction")

    # Typing the time is enough: the answer follows after a short pause, without leaving the box.
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Time of the contact").fill("03:00")
    expect(answer.get_by_test_id("gate-breaches")).to_have_text(
        "Outside the permitted days and times"
    )
    expect(page.get_by_label("Time of the contact")).to_be_focused()
    page.get_by_label("Time of the contact").fill("10:00")
    expect(answer).to_contain_text("This contact does not breach the restriction")
    assert page.url == url
    assert _not_reloaded(page)
    journey.check()


def test_choosing_the_single_point_of_contact_by_typing_clears_the_breach(journey, caseworker):
    point_of_contact = UserFactory(first_name="Sam", last_name="Single", role="Caseworker")
    person = _restricted(
        caseworker,
        condition(
            ConditionKind.LIMITED_CHANNELS, channels=[Channel.EMAIL, Channel.POST, Channel.PHONE]
        ),
        condition(ConditionKind.SINGLE_POINT_OF_CONTACT, single_point_of_contact=point_of_contact),
    )
    page = journey.page
    _open_the_form(journey, person)
    answer = page.get_by_test_id("gate-answer")
    page.get_by_label("Email", exact=True).check()
    expect(answer.get_by_test_id("gate-breaches")).to_have_text(
        "Not made through the single point of contact"
    )

    # The search ticks the box it adds; the answer hears it as if ticked by hand.
    page.get_by_test_id("recipients").locator("summary").click()
    page.get_by_label("Add another member of staff").fill("sam sin")
    page.get_by_role("option", name="Sam Single").click()
    expect(page.get_by_label("Sam Single")).to_be_checked()
    expect(answer).to_contain_text("This contact does not breach the restriction")
    assert _not_reloaded(page)
    journey.check()
