"""Logging a contact is one click from wherever a person is listed or their case file is open."""

import re

import pytest
from django.urls import reverse

from tests.contacts.factories import ContactFactory, ServiceUserFactory


def _log_links(body: str) -> list[str]:
    """Each "Log a contact" link: where it goes and its whole name, hidden words included."""
    return [
        f"{href} {re.sub(r'<[^>]+>', '', name).strip()}"
        for href, name in re.findall(
            r'<a[^>]*href="([^"]*/contacts/new/)"[^>]*>(Log a contact.*?)</a>', body
        )
    ]


def _create(person) -> str:
    return reverse("contacts:contact-create", args=[person.reference])


def test_each_search_result_links_to_logging_a_contact_for_them(caseworker_client):
    jo = ServiceUserFactory(first_name="Jo", last_name="Smith")
    jon = ServiceUserFactory(first_name="Jon", last_name="Smithson")
    body = caseworker_client.get(reverse("contacts:search"), {"q": "jo smi"}).content.decode()
    assert _log_links(body) == [
        f"{_create(jo)} Log a contact for Jo Smith",
        f"{_create(jon)} Log a contact for Jon Smithson",
    ]


def test_the_home_page_lists_link_to_logging_a_contact(caseworker_client, caseworker):
    contact = ContactFactory(logged_by=caseworker, service_user__first_name="Jo")
    added = ServiceUserFactory(created_by=caseworker, first_name="Ann", last_name="Lewis")
    body = caseworker_client.get(reverse("home")).content.decode()
    person = contact.service_user
    assert _log_links(body) == [
        f"{_create(person)} Log a contact for {person.full_name}",
        f"{_create(added)} Log a contact for Ann Lewis",
    ]


def test_staff_who_cannot_log_contacts_are_not_offered_it(client_for, qsr):
    ServiceUserFactory(first_name="Jo", last_name="Smith")
    client = client_for(qsr)
    body = client.get(reverse("contacts:search"), {"q": "jo smith"}).content.decode()
    assert _log_links(body) == []


def test_the_home_page_keeps_a_fixed_number_of_queries(
    caseworker_client, caseworker, django_assert_num_queries
):
    for person in ServiceUserFactory.create_batch(15, created_by=caseworker):
        ContactFactory(service_user=person, logged_by=caseworker)
    # session, user, roles and permissions, letters of theirs not delivered, recent contacts
    # with their people, people added recently: the links read only what the lists already hold
    with django_assert_num_queries(6):
        body = caseworker_client.get(reverse("home")).content.decode()
    assert len(_log_links(body)) == 20


@pytest.fixture
def case_file(db):
    person = ServiceUserFactory(first_name="Jo", last_name="Smith")
    contact = ContactFactory(service_user=person)
    return person, contact


@pytest.mark.parametrize(
    ("name", "argument"),
    [
        ("contacts:case-file", "reference"),
        ("contacts:case-file-timeline", "reference"),
        ("contacts:case-file-contacts", "reference"),
        ("contacts:adjustments", "reference"),
        ("contacts:safeguarding", "reference"),
        ("restrictions:case-file", "reference"),
        ("disputes:case-file", "reference"),
        ("contacts:contact-detail", "contact"),
    ],
)
def test_every_tab_of_the_case_file_has_one_way_to_log_a_contact(
    caseworker_client, case_file, name, argument
):
    person, contact = case_file
    url = reverse(name, args=[person.reference if argument == "reference" else contact.pk])
    body = caseworker_client.get(url).content.decode()
    bar = body.split('class="moj-identity-bar"', 1)[1].split("<main", 1)[0]
    assert 'class="moj-identity-bar__menu"' in bar
    assert _log_links(bar) == [f"{_create(person)} Log a contact"]
    assert len(_log_links(body)) == 1


def test_the_contact_form_does_not_offer_itself(caseworker_client, case_file):
    person, _contact = case_file
    body = caseworker_client.get(_create(person)).content.decode()
    assert "moj-identity-bar__menu" not in body


def test_the_case_file_offers_no_logging_to_those_who_cannot(client_for, qsr, case_file):
    person, _contact = case_file
    body = client_for(qsr).get(person.get_absolute_url()).content.decode()
    assert "moj-identity-bar__menu" not in body
    assert _log_links(body) == []
