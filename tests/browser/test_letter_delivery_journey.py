import pytest
from playwright.sync_api import expect

from contacts.choices import UpdateMethod
from letters.choices import DeliveryState
from letters.defaults import templates_install
from letters.models import LetterDelivery
from tests.letters import factories as f
from tests.letters.deliveries import issued_warning_letter, wants_email
from tests.musuc.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseworker_posts_a_letter_from_the_print_queue_and_sees_one_that_failed(
    journey, caseworker
):
    templates_install()
    posted = issued_warning_letter(f.person(update_method=UpdateMethod.POST), by=caseworker)
    unreachable = issued_warning_letter(
        wants_email(email="", address_line_1="", postcode=""), by=caseworker
    )
    page = journey.page

    journey.sign_in("caseworker", PASSWORD)
    failures = page.get_by_test_id("delivery-failures")
    expect(failures).to_contain_text(unreachable.reference)
    expect(failures).to_contain_text("there is no postal address")
    page.get_by_role("link", name="Letters to post").click()
    queue = page.get_by_test_id("print-queue")
    expect(queue).to_contain_text(posted.reference)
    expect(queue).to_contain_text(posted.service_user.full_name)
    journey.check()

    page.get_by_role("button", name=f"Mark as posted {posted.reference}").click()
    expect(page.get_by_text(f"Letter {posted.reference} marked as posted")).to_be_visible()
    expect(page.get_by_test_id("print-queue-empty")).to_be_visible()
    journey.check()
    assert LetterDelivery.objects.get(letter=posted).state == DeliveryState.POSTED

    journey.goto(unreachable.service_user.get_absolute_url())
    expect(page.get_by_test_id("delivery-failures")).to_contain_text(unreachable.reference)
    page.get_by_role("button", name=f"Try again {unreachable.reference}").click()
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "No channel can reach the person"
    )
    journey.check()
