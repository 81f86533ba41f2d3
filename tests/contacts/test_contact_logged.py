"""The banner after logging a contact: which contact, and what comes next."""

import datetime as dt

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from contacts.choices import Behaviour, Impact
from tests.contacts.factories import ServiceUserFactory
from tests.contacts.test_views import contact_post


def _log(client, caseworker, person, **overrides):
    when = timezone.localtime().replace(hour=9, minute=5) - dt.timedelta(days=1)
    data = contact_post(
        caseworker,
        occurred_on_0=when.day,
        occurred_on_1=when.month,
        occurred_on_2=when.year,
        occurred_time="09:05",
        **overrides,
    )
    response = client.post(reverse("contacts:contact-create", args=[person.reference]), data)
    assert response.status_code == 302
    return when, [str(message) for message in get_messages(response.wsgi_request)]


def test_the_banner_names_the_contact(caseworker_client, caseworker):
    person = ServiceUserFactory()
    when, messages = _log(caseworker_client, caseworker, person)
    assert messages == [f"Contact logged: Email, {when:%-d %B %Y} at 09:05."]


def test_an_unacceptable_contact_points_to_warnings(caseworker_client, caseworker):
    person = ServiceUserFactory()
    _, messages = _log(
        caseworker_client,
        caseworker,
        person,
        assessment="unacceptable",
        behaviours=[Behaviour.THREATS],
        impacts=[Impact.STAFF_HARMED],
    )
    url = reverse("restrictions:case-file", args=[person.reference])
    assert "It was unacceptable." in messages[-1]
    assert f'href="{url}">Decide whether to give a warning</a>' in messages[-1]


def test_the_link_in_the_banner_is_a_link_on_the_page(caseworker_client, caseworker):
    person = ServiceUserFactory()
    data = contact_post(
        caseworker,
        assessment="unacceptable",
        behaviours=[Behaviour.THREATS],
        impacts=[Impact.STAFF_HARMED],
    )
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]), data, follow=True
    )
    url = reverse("restrictions:case-file", args=[person.reference])
    assert (
        f'<a class="govuk-notification-banner__link" href="{url}">'
        "Decide whether to give a warning</a>" in response.content.decode()
    )
