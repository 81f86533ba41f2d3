"""The contact form's live check: the gate's answer as the contact is entered."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts.choices import Channel
from contacts.models import Contact
from restrictions import services
from restrictions.choices import ConditionKind
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import WarningFactory, condition, permitted_times

LONDON = ZoneInfo("Europe/London")
# A Monday at noon: the permitted times (weekdays, 9:00 until 17:00) are open.
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=LONDON)
HINT = "Choose the channel and the time to check this contact against the restriction"


@pytest.fixture(autouse=True)
def _monday_noon():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def point_of_contact(db):
    return UserFactory(role="Caseworker", first_name="Sam", last_name="Single")


@pytest.fixture
def restricted(caseworker, manager, point_of_contact):
    """A person whose restriction keeps post and phone open, phone calls to weekday office
    hours of 20 minutes at most, and all contact through one member of staff."""
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    restriction = services.restriction_propose(
        service_user=person,
        proposed_by=caseworker,
        conditions=[
            condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST, Channel.PHONE]),
            permitted_times(minutes=20),
            condition(
                ConditionKind.SINGLE_POINT_OF_CONTACT, single_point_of_contact=point_of_contact
            ),
        ],
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats",
        term_months=6,
        starts_on=timezone.localdate(),
        access_route="Post and phone",
    )
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="approve", reason="Needed"
    )
    return person


def gate_url(person):
    return reverse("contacts:contact-gate", args=[person.reference])


def entered(staff, *, channel="email", at="10:00", minutes="", direction="inbound"):
    """The deciding fields of the contact form, as typed on the day."""
    data = {
        "channel": channel,
        "direction": direction,
        "occurred_on_0": NOW.day,
        "occurred_on_1": NOW.month,
        "occurred_on_2": NOW.year,
        "occurred_time": at,
        "received_by": [user.pk for user in staff],
        "call_minutes": minutes,
    }
    return {name: value for name, value in data.items() if value != ""}


def breaches_described(body: str) -> list[str]:
    """The breaches the gate's answer lists, as the caseworker reads them."""
    found = re.search(r'<ul [^>]*data-testid="gate-breaches"[^>]*>(.*?)</ul>', body, re.S)
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []


def test_the_contact_form_asks_the_gate_as_the_contact_is_entered(caseworker_client, restricted):
    body = caseworker_client.get(
        reverse("contacts:contact-create", args=[restricted.reference])
    ).content.decode()
    assert f'hx-post="{gate_url(restricted)}"' in body
    assert 'aria-live="polite"' in body
    assert "/static/vendor/htmx.min." in body
    assert "Check against the restriction" not in body


def test_the_contact_form_of_a_person_without_a_restriction_asks_nothing(caseworker_client):
    person = ServiceUserFactory()
    body = caseworker_client.get(
        reverse("contacts:contact-create", args=[person.reference])
    ).content.decode()
    assert gate_url(person) not in body
    assert "htmx" not in body


def test_a_closed_channel_is_answered_as_a_breach(caseworker_client, caseworker, restricted):
    response = caseworker_client.post(gate_url(restricted), entered([caseworker]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "This contact breaches the restriction" in body
    assert breaches_described(body) == [
        "Came through a closed channel: Email",
        "Not made through the single point of contact",
    ]
    assert "Pass it to Sam Single, their single point of contact." in body


def test_an_open_channel_in_the_permitted_times_is_answered_as_no_breach(
    caseworker_client, point_of_contact, restricted
):
    body = caseworker_client.post(
        gate_url(restricted), entered([point_of_contact], channel="phone", minutes="10")
    ).content.decode()
    assert "This contact does not breach the restriction" in body
    assert breaches_described(body) == []


@pytest.mark.parametrize(
    "missing",
    [
        {"channel": ""},
        {"at": ""},
        {"at": "25:99"},
    ],
    ids=["no channel", "no time", "a time that is not one"],
)
def test_until_the_channel_and_the_time_are_given_the_answer_is_a_hint(
    caseworker_client, caseworker, restricted, missing
):
    body = caseworker_client.post(
        gate_url(restricted), entered([caseworker], **missing)
    ).content.decode()
    assert HINT in body
    assert "breach" not in body


def test_a_person_without_a_restriction_gets_an_empty_answer(caseworker_client, caseworker):
    response = caseworker_client.post(gate_url(ServiceUserFactory()), entered([caseworker]))
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_the_gate_answers_no_get(caseworker_client, restricted):
    assert caseworker_client.get(gate_url(restricted)).status_code == 405


def test_a_role_that_logs_no_contacts_is_refused(client_for, qsr, restricted):
    response = client_for(qsr).post(gate_url(restricted), entered([qsr]))
    assert response.status_code == 403


def test_the_gate_refuses_a_post_without_the_csrf_token(caseworker, restricted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    assert client.post(gate_url(restricted), entered([caseworker])).status_code == 403


@pytest.mark.parametrize(
    "contact",
    [
        {"channel": "email"},
        {"channel": "phone", "at": "08:30", "minutes": "30"},
        {"channel": "phone", "at": "08:30", "minutes": "10", "through_the_point_of_contact": True},
        {"channel": "phone", "at": "10:00", "minutes": "30", "through_the_point_of_contact": True},
        {"channel": "phone", "at": "10:00", "minutes": "10", "through_the_point_of_contact": True},
        {"channel": "email", "direction": "outbound"},
        {"channel": "online_form"},
    ],
    ids=[
        "closed channel and not through the point of contact",
        "a long call outside the permitted times",
        "outside the permitted times",
        "a call too long",
        "a permitted call",
        "contact we made",
        "the online forms",
    ],
)
def test_the_gates_live_answer_and_the_stored_breach_agree_on_the_same_contact(
    caseworker_client, caseworker, point_of_contact, restricted, contact
):
    staff = [point_of_contact] if contact.pop("through_the_point_of_contact", False) else []
    data = entered(staff or [caseworker], **contact)
    live = breaches_described(caseworker_client.post(gate_url(restricted), data).content.decode())
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[restricted.reference]),
        {**data, "summary": "Asked about their complaint", "assessment": "acceptable"},
    )
    assert response.status_code == 302, response.context["form"].errors
    saved = Contact.objects.filter(service_user=restricted).latest("pk")
    stored = [breach.description for breach in saved.breaches.order_by("pk")]
    assert live == stored


def test_the_gate_keeps_fixed_queries(
    caseworker_client, caseworker, point_of_contact, restricted, django_assert_num_queries
):
    staff = UserFactory.create_batch(30, role="Caseworker")
    ContactFactory.create_batch(30, service_user=restricted)
    data = entered([caseworker, point_of_contact, *staff], channel="phone", minutes="30")
    # the session, its user and their permissions (3), the person (1), the restriction in force
    # with its conditions, terms and their deciders (4), the staff ticked (1), the restriction
    # when it happened and its conditions then (2); the session is not written
    with django_assert_num_queries(11):
        body = caseworker_client.post(gate_url(restricted), data).content.decode()
    assert "Not made through the single point of contact" not in body
