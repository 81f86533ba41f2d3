"""A single point of contact and a dispute's assignee, each found by typing and chosen."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import SafeguardingConcern
from disputes.models import Dispute
from tests.browser.test_dispute_journey import _disputed
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.disputes.factories import QSR
from tests.musuc.factories import PASSWORD, UserFactory
from tests.restrictions.factories import WarningFactory
from tests.restrictions.factories import approved_restriction as _approved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_finds_the_single_point_of_contact_by_typing(journey, caseworker):
    UserFactory(first_name="Ffion", last_name="Rees")
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    ContactFactory(service_user=person, unacceptable=True)
    page = journey.page
    journey.sign_in("caseworker", PASSWORD)
    journey.goto(f"/service-users/{person.reference}/restrictions/new/")
    page.get_by_label("A single point of contact").check()
    expect(page.get_by_role("button", name="Find staff")).to_have_count(0)
    page.get_by_label("Find the single point of contact").fill("ffi re")
    page.get_by_role("option", name="Ffion Rees").click()
    expect(page.get_by_role("radio", name="Ffion Rees")).to_be_checked()
    journey.check()


def test_qsr_finds_the_assignee_by_typing(journey, qsr):
    UserFactory(first_name="Asha", last_name="Khan", role=QSR)
    restriction = _approved(timezone.localdate() - dt.timedelta(days=10))
    dispute = _disputed(restriction, timezone.now(), UserFactory(role="Caseworker"))
    page = journey.page
    journey.sign_in("qsr", PASSWORD)
    journey.goto(dispute.get_absolute_url())
    page.get_by_label("Find a member of the QSR team").fill("ash")
    page.get_by_role("option", name="Asha Khan").click()
    expect(page.get_by_role("radio", name="Asha Khan")).to_be_checked()
    journey.check()
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_test_id("assignee")).to_have_text("Asha Khan")
    assert Dispute.objects.get().assigned_to.last_name == "Khan"


def test_caseworker_finds_who_took_a_safeguarding_action_by_typing(journey, caseworker):
    colleague = UserFactory(first_name="Ffion", last_name="Rees")
    person = ServiceUserFactory()
    page = journey.page
    journey.sign_in("caseworker", PASSWORD)
    journey.goto(f"/service-users/{person.reference}/safeguarding/new/")
    expect(page.get_by_role("button", name="Find staff")).to_have_count(0)
    expect(page.get_by_role("radio", name=str(caseworker))).to_be_checked()
    page.get_by_label("Concern").fill("Spoke of self-harm during a call.")
    page.get_by_label("Referral to an organisation").check()
    page.get_by_label("Organisation or service contacted, and what was said").fill(
        "Crisis team; reference given."
    )
    page.get_by_label("Find who took the action").fill("ffi re")
    page.get_by_role("option", name="Ffion Rees").click()
    expect(page.get_by_role("radio", name="Ffion Rees")).to_be_checked()
    journey.check()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Day").fill(str(yesterday.day))
    page.get_by_label("Month").fill(str(yesterday.month))
    page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Time of the action").fill("14:30")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Safeguarding concern recorded")).to_be_visible()
    assert SafeguardingConcern.objects.get().action_by == colleague
