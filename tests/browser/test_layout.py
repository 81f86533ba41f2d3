"""Layouts that broke unnoticed: measured in the browser, at the widths staff use."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.choices import Direction
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.disputes.factories import assessing, in_force, recorded
from tests.musuc.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE = "/admin/disputes/dispute/"

# The right edge of each cell, and of what the reader can see of it: the viewport, narrowed
# by any scrolling box the cell sits in.
VISIBLE_EDGES = """(cells) => cells.map((cell) => {
  let right = window.innerWidth;
  for (let box = cell.parentElement; box; box = box.parentElement) {
    if (getComputedStyle(box).overflowX !== "visible") {
      right = Math.min(right, box.getBoundingClientRect().right);
    }
  }
  return [cell.getBoundingClientRect().right, right];
})"""


def test_case_file_pages_keep_the_dispute_badge_and_restriction_banner_whole(journey, caseworker):
    restriction = in_force()
    recorded(restriction)
    person = restriction.service_user
    page = journey.page

    journey.sign_in("caseworker", PASSWORD)
    journey.goto(person.get_absolute_url())
    sections = page.get_by_role("navigation", name="Case file sections").get_by_role("link")
    for number in range(sections.count()):
        if number:
            sections.nth(number).click()
            journey.check()
        badge = page.get_by_test_id("open-dispute")
        expect(badge).to_contain_text("Dispute open: due")
        assert _lines(badge) == 1, f"{page.url}: the dispute badge wraps"
        banner = page.get_by_test_id("restriction-in-force")
        heading = banner.get_by_role("heading", name="Contact is restricted until")
        assert _lines(heading) == 1, f"{page.url}: the restriction banner is squeezed"


def test_qsr_queue_shows_the_due_date_and_working_days_left_at_1280(journey, qsr):
    # The widest rows the queue shows: a long name, under assessment, overdue; and a new one.
    qsr.first_name, qsr.last_name = "Alexandra", "Montgomery-Fitzwilliam"
    qsr.save()
    overdue = in_force(starts_on=timezone.localdate() - dt.timedelta(days=90))
    overdue.service_user.first_name = "Bartholomew"
    overdue.service_user.last_name = "Featherstonehaugh-Cholmondeley"
    overdue.service_user.save()
    assessing(recorded(overdue, received_at=timezone.now() - dt.timedelta(days=45)), qsr)
    recorded(in_force())
    page = journey.page
    page.set_viewport_size({"width": 1280, "height": 900})

    journey.sign_in("qsr", PASSWORD)
    journey.goto(QUEUE, govuk=False)
    cells = page.locator("#result_list td.field-due_on, #result_list td.field-days_left")
    expect(cells).to_have_count(4)
    for right, visible in cells.evaluate_all(VISIBLE_EDGES):
        assert right <= visible, f"a column is cut off: it ends at {right}px, seen to {visible}px"


def _lines(locator):
    return locator.evaluate(
        "(el) => Math.round(el.getBoundingClientRect().height / "
        "parseFloat(getComputedStyle(el).lineHeight))"
    )


def test_the_case_file_shows_the_latest_entries_and_the_timeline_page_all(journey, caseworker):
    person = ServiceUserFactory(first_name="Catrin", last_name="Pryce-Llewellyn")
    start = timezone.now() - dt.timedelta(days=40)
    for number in range(30):
        ContactFactory(
            service_user=person,
            occurred_at=start + dt.timedelta(days=number),
            direction=Direction.OUTBOUND if number % 3 else Direction.INBOUND,
            summary="Wrote again about the complaint and asked for a meeting. " * 6,
        )
    page = journey.page

    journey.sign_in("caseworker", PASSWORD)
    journey.goto(person.get_absolute_url())
    expect(page.locator(".moj-timeline__item")).to_have_count(10)
    page.get_by_role("link", name="View all of the timeline").click()
    journey.check()
    expect(page.get_by_role("heading", level=1, name="Timeline")).to_be_visible()
    expect(page.locator(".moj-timeline__item")).to_have_count(25)
    expect(page.get_by_text("Sent by").first).to_be_visible()
    page.get_by_role("link", name="Older entries").click()
    journey.check()
    expect(page.locator(".moj-timeline__item")).to_have_count(5)
