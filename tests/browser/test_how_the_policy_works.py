"""Annex 1, "How the policy works": the chart and its tables in the browser, for every role."""

import pytest
from playwright.sync_api import expect

from casework import process_chart
from tests.musuc.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The chart, drawn and scaled to the page: its width, the width of the box it is in, and its
# height against the height its viewBox asks for at that width.
CHART_BOX = """(svg) => {
  const box = svg.getBoundingClientRect();
  const room = svg.parentElement.getBoundingClientRect();
  const view = svg.viewBox.baseVal;
  return {width: box.width, room: room.width, height: box.height,
          expected: box.width * view.height / view.width};
}"""


@pytest.mark.parametrize("role", ["caseworker", "manager", "qsr", "administrator"])
def test_every_role_follows_the_footer_to_the_chart_and_its_tables(journey, role, users_by_role):
    page = journey.page
    journey.sign_in(role, PASSWORD)
    page.get_by_role("contentinfo").get_by_role("link", name="How the policy works").click()
    journey.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("How the policy works")
    chart = page.get_by_role("img", name="How the policy works: the flow chart of the process")
    expect(chart).to_be_visible()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 1000})
        box = chart.evaluate(CHART_BOX)
        # Scaled down, never cut off or stretched out of shape.
        assert box["width"] <= box["room"] + 1, box
        assert abs(box["height"] - box["expected"]) < 2, box
    page.set_viewport_size({"width": 1280, "height": 1000})
    for machine in process_chart.machines():
        expect(page.get_by_role("heading", name=machine.title, exact=True)).to_be_visible()
        rows = page.get_by_test_id(f"steps-{machine.key}").locator("tbody tr")
        expect(rows).to_have_count(len(machine.steps))
    expect(page.get_by_test_id("links").locator("tbody tr")).to_have_count(len(process_chart.LINKS))
