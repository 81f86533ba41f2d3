import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from restrictions import rules, services
from restrictions.choices import RestrictionState
from restrictions.models import Restriction
from tests.musuc.factories import PASSWORD
from tests.restrictions.test_reviews import _approved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_reads_the_evidence_and_extends_by_six_months(journey, manager):
    today = timezone.localdate()
    restriction = _approved(today - dt.timedelta(days=120), months=3)
    assert services.reviews_raise_due(today=today) == 1
    person = restriction.service_user
    page = journey.page

    journey.sign_in("manager", PASSWORD)
    page.get_by_test_id("reviews-queue").get_by_role("link", name=person.full_name).click()
    expect(page.get_by_role("heading", name="Review of the restriction")).to_be_visible()
    expect(page.get_by_test_id("evidence")).to_contain_text("During the restriction")
    journey.check()
    page.get_by_label("Extend for 6 months").check()
    page.get_by_label("Reasons for the outcome").fill("Contact is still unacceptable")
    page.get_by_role("button", name="Continue to check the outcome").click()
    expect(page.get_by_test_id("check-answers")).to_contain_text("Extend for 6 months")
    journey.check()
    page.get_by_role("button", name="Record the outcome").click()
    expect(
        page.get_by_text("Restriction extended: now write the letter", exact=False)
    ).to_be_visible()
    expect(page.get_by_test_id("review-outcome")).to_contain_text("6 months")
    journey.check()

    restriction.refresh_from_db()
    second = restriction.terms.get(number=2)
    assert restriction.state == RestrictionState.ACTIVE
    assert second.ends_on == rules.term_end(second.starts_on, 6)
    journey.goto(person.get_absolute_url())
    expect(page.get_by_test_id("restriction-in-force")).to_contain_text(
        f"until {second.ends_on.day} {second.ends_on:%B %Y}"
    )
    assert Restriction.objects.count() == 1
