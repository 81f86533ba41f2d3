import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from restrictions.choices import RestrictionState
from restrictions.models import Breach, Restriction
from tests.contacts.factories import (
    ContactFactory,
    ReasonableAdjustmentFactory,
    ServiceUserFactory,
)
from tests.musuc.factories import PASSWORD, UserFactory
from tests.restrictions.factories import RestrictionFactory, WarningFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(journey):
    journey.page.get_by_role("button", name="Sign out").click()
    expect(journey.page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_restriction_proposed_approved_and_enforced_at_the_next_contact(journey, caseworker):
    UserFactory(username="approver", role="Manager", first_name="Alex", last_name="Approver")
    person = ServiceUserFactory(first_name="Gareth", last_name="Price")
    WarningFactory(service_user=person)
    ReasonableAdjustmentFactory(
        service_user=person, need="Dyslexia", adjustment="Letters in large print"
    )
    ContactFactory(service_user=person, unacceptable=True, summary="Threatened the caseworker")
    page = journey.page

    # The caseworker proposes a restriction, first leaving no channel open.
    journey.sign_in("caseworker", PASSWORD)
    journey.goto(person.get_absolute_url())
    expect(page.get_by_test_id("warning-count")).to_have_text("Warning 1 of 3")
    page.get_by_role("link", name="Warnings and restrictions").click()
    journey.check()
    page.get_by_role("link", name="Propose a restriction").click()
    journey.check()
    page.get_by_label("Limited channels").check()
    page.get_by_label(re.compile("Threatened the caseworker")).check()
    page.get_by_label("Reasons").fill("Threats against staff after a warning")
    page.get_by_label("6 months").check()
    page.get_by_label("How can they still contact the IOPC?").fill("By post to the Sale office")
    # A warning is in force, so no justification without one is asked; the adjustments agreed
    # show beside the question of how they were considered.
    expect(page.get_by_label(re.compile("Why restrict without a warning"))).to_have_count(0)
    expect(page.get_by_test_id("current-adjustments")).to_contain_text("Letters in large print")
    page.get_by_label("How were their reasonable adjustments considered?").fill(
        "Letters stay in large print; post stays open"
    )
    page.get_by_role("button", name="Continue", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("leaves no way to contact the IOPC")
    journey.check()
    page.get_by_role("group", name="Channels that stay open").get_by_label("Post").check()
    page.get_by_role("button", name="Continue", exact=True).click()
    # Check the answers, with when the term would end, before anything is submitted.
    expect(page.get_by_test_id("check-answers")).to_contain_text("6 months: from")
    journey.check()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("a manager will decide it")).to_be_visible()
    journey.check()
    _sign_out(journey)

    # A manager who proposed nothing approves it from the queue on their home page.
    journey.sign_in("approver", PASSWORD)
    page.get_by_test_id("approvals-queue").get_by_role("link", name="Gareth Price").click()
    expect(page.get_by_test_id("proposal")).to_contain_text("Only these channels are open: Post")
    journey.check()
    page.get_by_label("Approve", exact=True).check()
    page.get_by_label("Reason for your decision").fill("Proportionate after a warning")
    page.get_by_role("button", name="Continue to check your decision").click()
    expect(page.get_by_test_id("check-answers")).to_contain_text("Approve")
    journey.check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Restriction approved")).to_be_visible()
    expect(page.get_by_test_id("term-1")).to_contain_text("6 months")
    journey.check()
    assert Restriction.objects.get().state == RestrictionState.ACTIVE

    # Telling the person is a page of its own: Yes reveals when and how, No why not.
    page.get_by_role("link", name="Record how the person was told").click()
    expect(page.get_by_label("Letter", exact=True)).to_be_hidden()
    journey.check()
    page.get_by_label("Yes", exact=True).check()
    expect(page.get_by_label("Letter", exact=True)).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date they were told")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how they were told")
    journey.check()
    page.get_by_role("link", name="Select how they were told").click()
    expect(page.get_by_label("Letter", exact=True)).to_be_focused()
    page.get_by_label("Letter", exact=True).check()
    page.get_by_label("Day").fill(str(timezone.localdate().day))
    page.get_by_label("Month").fill(str(timezone.localdate().month))
    page.get_by_label("Year").fill(str(timezone.localdate().year))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Recorded how the person was told")).to_be_visible()
    expect(page.get_by_test_id("proposal")).to_contain_text("Letter, ")
    journey.check()
    _sign_out(journey)

    # The caseworker logs an email from the person and sees the breach.
    journey.sign_in("caseworker", PASSWORD)
    journey.goto(person.get_absolute_url())
    expect(page.get_by_test_id("restriction-in-force")).to_contain_text(
        "Contact is restricted until"
    )
    page.get_by_role("link", name="Log a contact").click()
    expect(page.get_by_test_id("gate")).to_contain_text("Only these channels are open: Post")
    journey.check()
    # Choosing the channel is enough: the gate answers beside the fields, the page stays.
    page.get_by_label("Email", exact=True).check()
    expect(page.get_by_test_id("gate-result")).to_contain_text(
        "This contact breaches the restriction"
    )
    expect(page.get_by_test_id("gate-result")).to_contain_text(
        "Came through a closed channel: Email"
    )
    journey.check()
    page.get_by_label("Summary").fill("Emailed again despite the restriction")
    page.get_by_label("Acceptable", exact=True).check()
    page.get_by_role("button", name="Log contact", exact=True).click()
    expect(page.get_by_text("This contact breached the restriction")).to_be_visible()
    expect(page.get_by_test_id("restriction-in-force")).to_contain_text("1 breach recorded")
    journey.check()
    assert Breach.objects.count() == 1


def test_a_manager_sees_why_they_cannot_decide_their_own_proposal(journey, manager):
    restriction = RestrictionFactory(proposed_by=manager, state=RestrictionState.PENDING_APPROVAL)
    journey.sign_in("manager", PASSWORD)
    journey.goto(restriction.get_absolute_url())
    expect(
        journey.page.get_by_role("button", name="Continue to check your decision")
    ).to_have_count(0)
    expect(journey.page.get_by_test_id("why-no-decision")).to_have_text(
        "You proposed this restriction, so another manager must decide it."
    )
