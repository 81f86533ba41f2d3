"""The case file's heading and identity bar, and its timeline: short entries, the latest few,
and a page with all of them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.choices import Channel, Direction
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.musuc.factories import UserFactory


def _contacts(person, count):
    start = timezone.now() - dt.timedelta(days=count)
    return [
        ContactFactory(service_user=person, occurred_at=start + dt.timedelta(hours=number))
        for number in range(count)
    ]


def test_the_case_file_heading_is_the_persons_name(caseworker_client):
    person = ServiceUserFactory(first_name="Aled", last_name="Bevan")
    body = caseworker_client.get(person.get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-l">Aled Bevan</h1>' in body
    assert '<span class="govuk-caption-l">Case file</span>' in body


def test_the_identity_bar_titles_the_name_with_the_reference_beneath(caseworker_client):
    person = ServiceUserFactory(first_name="Aled", last_name="Bevan")
    body = caseworker_client.get(person.get_absolute_url()).content.decode()
    title = body.index('class="moj-identity-bar__title app-identity-bar__name"')
    assert body.index("Aled Bevan", title) < body.index('class="app-identity-bar__reference"')
    assert f"Reference: {person.reference}</span>" in body


def test_the_case_file_shows_the_latest_ten_entries_and_a_link_to_all(caseworker_client):
    person = ServiceUserFactory()
    contacts = _contacts(person, 12)
    response = caseworker_client.get(person.get_absolute_url())
    assert [event.record for event in response.context["timeline"]] == contacts[:1:-1]
    assert reverse("contacts:case-file-timeline", args=[person.reference]) in (
        response.content.decode()
    )


def test_a_short_timeline_has_no_view_all_link(caseworker_client):
    person = ServiceUserFactory()
    _contacts(person, 10)
    body = caseworker_client.get(person.get_absolute_url()).content.decode()
    assert 'data-testid="timeline-all"' not in body


def test_a_contact_that_went_out_says_who_sent_it(caseworker_client):
    sender = UserFactory(first_name="Nia", last_name="Hughes")
    ContactFactory(direction=Direction.OUTBOUND, channel=Channel.POST, received_by=[sender])
    person = sender.contacts_received.get().service_user
    body = caseworker_client.get(person.get_absolute_url()).content.decode()
    assert f"Sent by {sender}" in body
    assert "Post contact to the service user" in body


def test_a_timeline_contact_is_one_line_an_excerpt_and_a_link(caseworker_client):
    contact = ContactFactory(summary="Shouted at the receptionist. " * 20, unacceptable=True)
    body = caseworker_client.get(contact.service_user.get_absolute_url()).content.decode()
    assert "Email contact from the service user" in body
    assert "Received by" not in body
    assert f"by {contact.logged_by}" not in body
    assert contact.get_absolute_url() in body
    assert "Shouted at the receptionist. " * 20 not in body


def test_the_timeline_page_shows_every_entry_a_page_at_a_time(caseworker_client):
    person = ServiceUserFactory()
    contacts = _contacts(person, 55)
    url = reverse("contacts:case-file-timeline", args=[person.reference])
    first = caseworker_client.get(url)
    assert [event.record for event in first.context["timeline"]] == contacts[:29:-1]
    assert first.context["has_next"]
    last = caseworker_client.get(url, {"page": 3})
    assert [event.record for event in last.context["timeline"]] == contacts[4::-1]
    assert not last.context["has_next"]
    assert 'rel="prev"' in last.content.decode()


@pytest.mark.parametrize("page", ["4", "201"])
def test_a_timeline_page_past_the_last_is_not_found(caseworker_client, page):
    person = ServiceUserFactory()
    _contacts(person, 55)
    url = reverse("contacts:case-file-timeline", args=[person.reference])
    assert caseworker_client.get(url, {"page": page}).status_code == 404


def test_the_timeline_page_keeps_a_fixed_number_of_queries(
    caseworker_client, django_assert_num_queries
):
    person = ServiceUserFactory()
    _contacts(person, 80)
    url = reverse("contacts:case-file-timeline", args=[person.reference])
    # as the case file's overview (20)
    with django_assert_num_queries(17):
        response = caseworker_client.get(url, {"page": 2})
    assert len(response.context["timeline"]) == 25
