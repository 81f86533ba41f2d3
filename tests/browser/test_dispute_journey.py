import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from disputes import services
from disputes.admin import DisputeAdmin
from disputes.choices import DisputeChannel, DisputeOutcome, DisputeState
from disputes.models import Dispute
from restrictions import rules
from restrictions.choices import RestrictionState
from tests.disputes.factories import many_disputes
from tests.musuc.factories import PASSWORD, UserFactory
from tests.restrictions.factories import approved_restriction as _approved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE = "/admin/disputes/dispute/"


def _disputed(restriction, received_at, recorded_by):
    return services.dispute_record(
        service_user=restriction.service_user,
        term=restriction.terms.get(number=1),
        received_at=received_at,
        channel=DisputeChannel.EMAIL,
        statement="The restriction is too long for what happened",
        recorded_by=recorded_by,
    )


def test_qsr_takes_an_overdue_dispute_and_shortens_the_restriction(journey, qsr):
    today = timezone.localdate()
    now = timezone.now()
    recorder = UserFactory(role="Caseworker")
    approver = UserFactory(role="Manager")
    # Approved for 12 months two months ago; disputed 40 days ago, so now overdue.
    restriction = _approved(today - dt.timedelta(days=60), months=12, approver=approver)
    overdue = _disputed(restriction, now - dt.timedelta(days=40), recorder)
    # Another person's dispute, received today, is not overdue.
    recent = _disputed(_approved(today - dt.timedelta(days=10)), now, recorder)
    assert overdue.due_on < today <= recent.due_on
    assert restriction.state == RestrictionState.ACTIVE
    assert qsr.pk not in {restriction.proposed_by_id, restriction.decided_by_id}
    person = restriction.service_user
    page = journey.page

    # The queue is Django's changelist with our search form and styles: axe checks it too.
    journey.sign_in("qsr", PASSWORD)
    journey.goto(QUEUE, govuk=False)
    results = page.locator("#result_list")
    expect(results).to_contain_text(person.reference)
    expect(results).to_contain_text(recent.service_user.reference)
    page.locator("#changelist-filter").get_by_role("link", name="Overdue").click()
    expect(page).to_have_url(f"{journey.base_url}{QUEUE}?due=overdue")
    expect(results).to_contain_text(person.reference)
    expect(results).not_to_contain_text(recent.service_user.reference)
    journey.check(govuk=False)
    results.get_by_role("row").filter(has_text=person.reference).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Assign to me")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text(f"1 assigned to {qsr}")
    row = results.get_by_role("row").filter(has_text=person.reference)
    expect(row).to_contain_text("Assigned")
    expect(row).to_contain_text("Overdue by")

    # The dispute page is ours: full checks.
    journey.goto(overdue.get_absolute_url())
    expect(page.get_by_test_id("assignee")).to_have_text(str(qsr))
    expect(page.get_by_test_id("due")).to_contain_text("Overdue by")
    expect(page.get_by_test_id("statement")).to_have_text(
        "The restriction is too long for what happened"
    )
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_text("Assessment started", exact=True)).to_be_visible()
    journey.check()

    decide = page.get_by_test_id("decide-form")
    decide.get_by_label("Partly upheld: the restriction is varied").check()
    decide.get_by_label("Was the restriction reasonable? Give your reasons").fill(
        "Yes: the threats justified limiting contact to post"
    )
    decide.get_by_label("Was the restriction proportionate? Give your reasons").fill(
        "Not for 12 months: one warning and one incident justify 3"
    )
    decide.get_by_role("group", name="Length of the current term, from its start").get_by_label(
        "3 months"
    ).check()
    decide.get_by_role("button", name="Continue").click()
    # Check your answers: nothing is applied until the outcome is recorded from here.
    expect(page.get_by_test_id("decision-answers")).to_contain_text("3 months")
    journey.check()
    page.get_by_role("button", name="Record the outcome").click()
    expect(
        page.get_by_text("Outcome recorded and applied to the restriction", exact=True)
    ).to_be_visible()
    expect(page.get_by_test_id("outcome")).to_contain_text("Partly upheld")
    expect(page.get_by_test_id("outcome")).to_contain_text("Term changed to 3 months")
    journey.check()

    new_end = rules.term_end(restriction.starts_on, 3)
    assert new_end > today
    overdue.refresh_from_db()
    assert overdue.state == DisputeState.DECIDED
    assert overdue.outcome == DisputeOutcome.PARTLY_UPHELD
    assert overdue.decided_by == qsr
    assert restriction.terms.get().ends_on == new_end
    journey.goto(f"/service-users/{person.reference}/")
    expect(page.get_by_test_id("restriction-in-force")).to_contain_text(
        f"until {new_end.day} {new_end:%B %Y}"
    )
    assert Dispute.objects.get(pk=recent.pk).state == DisputeState.RECEIVED


def test_qsr_pages_through_the_queue_and_back(journey, qsr):
    many_disputes(30)
    page = journey.page
    rows = page.locator("#result_list tbody tr")

    journey.sign_in("qsr", PASSWORD)
    journey.goto(QUEUE, govuk=False)
    expect(rows).to_have_count(DisputeAdmin.list_per_page)
    first = rows.first.locator("th").inner_text()
    expect(page.get_by_role("link", name="Previous page")).to_have_count(0)
    page.get_by_role("link", name="Next page").click()
    expect(rows).to_have_count(30 - DisputeAdmin.list_per_page)
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)
    journey.check(govuk=False)
    page.get_by_role("link", name="Previous page").click()
    expect(rows).to_have_count(DisputeAdmin.list_per_page)
    expect(rows.first.locator("th")).to_have_text(first)
