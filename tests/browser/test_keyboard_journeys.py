"""One journey a role by keyboard alone: Tab, Shift+Tab, Enter, Space and typing, as staff who
cannot use a mouse work. Every element that takes focus must show it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.choices import Channel
from restrictions import services
from restrictions.choices import ConditionKind
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.disputes.factories import in_force, recorded
from tests.musuc.factories import PASSWORD, UserFactory
from tests.restrictions.factories import WarningFactory, condition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element, what names it, and whether its focus shows: an outline that is not
# transparent, a box shadow, or GOV.UK's yellow focus background (links and buttons have the
# background and a shadow; MOJ's navigation the background and a bar); radios and checkboxes
# show focus on their label's drawn box.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shows = (style) => style.boxShadow !== "none" || (style.outlineStyle !== "none"
    && parseFloat(style.outlineWidth) > 0 && style.outlineColor !== "rgba(0, 0, 0, 0)")
    || style.backgroundColor === "rgb(255, 221, 0)";
  // A radio's own input is transparent: its browser outline would show nothing.
  let visible = getComputedStyle(el).opacity !== "0" && shows(getComputedStyle(el));
  for (const label of el.labels || []) {
    visible ||= shows(getComputedStyle(label, "::before"));
  }
  const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : "";
  const typed = el.tagName === "INPUT" && !["submit", "button"].includes(el.type);
  const text = (el.getAttribute("aria-label") || (el.tagName === "INPUT" ? (typed ? "" : el.value)
    : el.innerText) || "").trim();
  const tag = el.outerHTML.slice(0, 120);
  return {visible, label, text: text.slice(0, 120), id: "#" + el.id, tag};
}"""


class Keyboard:
    """Moves through a journey's pages by keyboard, checking focus at every stop."""

    def __init__(self, journey):
        self.journey = journey
        self.page = journey.page

    def tab_to(self, name, *, back=False, limit=80):
        """Tab (or Shift+Tab) until the focused element's label or text is ``name`` (or its id,
        given as "#id"), or matches it when it is a pattern; each element passed on the way
        must show focus."""
        key = "Shift+Tab" if back else "Tab"
        focus = self.page.evaluate(FOCUS)  # a field the page focused itself counts
        for _ in range(limit):
            if focus and any(_matches(name, focus[part]) for part in ("label", "text", "id")):
                return focus
            self.page.keyboard.press(key)
            focus = self.page.evaluate(FOCUS)
            # Past the last element focus leaves the page for a moment, then comes round.
            assert focus is None or focus["visible"], (
                f"{self.page.url}: focus does not show on {focus['tag']}"
            )
        raise AssertionError(f"{self.page.url}: {name!r} not reached by {key}")

    def follow(self, name, **kwargs):
        """Tab to a link or button and press Enter: the next page is checked like any other."""
        self.tab_to(name, **kwargs)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.check()

    def check(self):
        """The journey's checks; GOV.UK Frontend must start on pages that load it (the dispute
        page does, inside the admin; Django's own admin pages do not)."""
        self.journey.check(
            govuk=self.page.evaluate("!!document.querySelector('script[src*=\"js/app\"]')")
        )

    def type_into(self, name, text, **kwargs):
        self.tab_to(name, **kwargs)
        self.page.keyboard.type(text)

    def choose(self, name, **kwargs):
        """A radio or checkbox: Tab to it and press Space."""
        self.tab_to(name, **kwargs)
        self.page.keyboard.press("Space")

    def sign_in(self, username):
        self.page.goto(self.journey.base_url + "/sign-in/")
        self.check()
        self.type_into("Username", username)
        self.type_into("Password", PASSWORD)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.check()


def _matches(name, value):
    return bool(name.fullmatch(value)) if isinstance(name, re.Pattern) else name == value


@pytest.fixture
def keys(journey):
    return Keyboard(journey)


def test_caseworker_finds_a_person_and_logs_a_contact_by_keyboard(keys, caseworker):
    person = ServiceUserFactory(first_name="Rhian", last_name="Morgan")
    page = keys.page

    keys.sign_in("caseworker")
    keys.follow("Find a service user")
    keys.type_into("Name, reference, email, phone number or postcode", "Rhian Morgan")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.check()
    keys.follow("Rhian Morgan")
    expect(page.get_by_role("heading", level=1, name="Rhian Morgan")).to_be_visible()
    keys.follow("Log a contact")

    # The acceptable call, as short by keyboard as by mouse: the date, time, direction and
    # who received it are already filled in.
    keys.choose("Phone")
    keys.type_into("Summary", "Asked when the investigation will finish.")
    keys.choose("Acceptable")
    # Back up to check the time, then on to the button.
    keys.tab_to("Time of the contact", back=True)
    keys.follow("Log contact")
    expect(page.get_by_text("Contact logged")).to_be_visible()
    contact = person.contacts.get()
    assert (contact.channel, contact.summary) == (
        "phone",
        "Asked when the investigation will finish.",
    )
    assert list(contact.received_by.all()) == [caseworker]


def test_manager_approves_a_proposal_from_the_queue_by_keyboard(keys, manager):
    person = ServiceUserFactory(first_name="Gareth", last_name="Price")
    WarningFactory(service_user=person)
    restriction = services.restriction_propose(
        service_user=person,
        proposed_by=UserFactory(role="Caseworker"),
        conditions=[condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST])],
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats against staff after a warning",
        term_months=6,
        starts_on=timezone.localdate(),
        access_route="By post",
    )
    page = keys.page

    keys.sign_in("manager")
    keys.follow("Gareth Price")
    expect(page.get_by_test_id("proposal")).to_be_visible()
    keys.choose("Approve")
    keys.type_into("Reason for your decision", "Proportionate after a warning")
    keys.follow("Continue to check your decision")
    keys.follow("Record the decision")
    expect(page.get_by_text("Restriction approved")).to_be_visible()
    restriction.refresh_from_db()
    assert restriction.decided_by == manager


def test_qsr_takes_a_dispute_from_the_queue_by_keyboard(keys, qsr):
    dispute = recorded(in_force())
    page = keys.page

    keys.sign_in("qsr")
    keys.follow("Stage 2 disputes")
    keys.follow(str(dispute))
    keys.follow("Assign to me")
    expect(page.get_by_test_id("assignee")).to_have_text(str(qsr))
    dispute.refresh_from_db()
    assert dispute.assigned_to == qsr


def test_administrator_finds_an_account_in_the_staff_list_by_keyboard(keys, administrator):
    UserFactory(username="rhys", first_name="Rhys", last_name="Evans", role="Caseworker")
    UserFactory(username="sian", first_name="Siân", last_name="Jones", role="Manager")
    page = keys.page

    keys.sign_in("administrator")
    keys.follow("Staff accounts")
    results = page.locator("#result_list")
    expect(results).to_contain_text("sian")
    keys.type_into("#searchbar", "Evans")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.check()
    expect(results).to_contain_text("rhys")
    expect(results).not_to_contain_text("sian")
    keys.tab_to("rhys")
