"""The single point of contact: the one chosen and those a search found are offered, the rest
of the staff found by typing."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from restrictions import services
from restrictions.choices import ConditionKind, RestrictionState
from restrictions.models import Restriction
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.contacts.test_recipients import _staff
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import WarningFactory, condition


def _offered(body: str) -> list[str]:
    return re.findall(r'name="single_point_of_contact" type="radio" value="(\d+)"', body)


@pytest.fixture
def person(db):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    return person


def _proposal(person, **fields) -> dict:
    day = timezone.localdate()
    return {
        "kinds": [ConditionKind.SINGLE_POINT_OF_CONTACT],
        "contacts": [ContactFactory(service_user=person, unacceptable=True).pk],
        "reasons": "Threats",
        "term_months": "6",
        "starts_on_0": day.day,
        "starts_on_1": day.month,
        "starts_on_2": day.year,
        "access_route": "Email",
        **fields,
    }


def test_a_thousand_staff_are_not_a_thousand_choices_of_point_of_contact(
    caseworker_client, person, django_assert_num_queries
):
    _staff(1000)
    url = reverse("restrictions:propose", args=[person.reference])
    # The case-file frame (4: the warnings in force come with the person) and the form (2): no
    # staff at all.
    with django_assert_num_queries(6):
        response = caseworker_client.get(url)
    body = response.content.decode()
    assert _offered(body) == []
    assert "Member Number" not in body
    assert 'name="find" value="single_point_of_contact"' in body


def test_finding_a_point_of_contact_without_javascript_offers_at_most_the_first_matches(
    caseworker_client, person, django_assert_num_queries
):
    _staff(1000, first_name="Zebedee")
    chosen = UserFactory(first_name="Ffion", last_name="Rees")
    UserFactory(first_name="Zebedee", last_name="Gone", is_active=False)
    posted = _proposal(
        person,
        single_point_of_contact=chosen.pk,
        single_point_of_contact_query="zeb",
        find="single_point_of_contact",
        reasons="Kept as typed",
    )
    url = reverse("restrictions:propose", args=[person.reference])
    # The frame and the form (6), the one chosen and those found (2).
    with django_assert_num_queries(8):
        response = caseworker_client.post(url, posted)
    body = response.content.decode()
    offered = _offered(body)
    assert len(offered) == 21  # the one chosen and the first 20 found
    assert offered[0] == str(chosen.pk)
    assert f'value="{chosen.pk}" checked' in body
    assert "Gone" not in body
    assert "There is a problem" not in body
    assert "Kept as typed" in body
    assert not Restriction.objects.exists()


def test_a_point_of_contact_found_by_typing_is_proposed(caseworker_client, caseworker, person):
    _staff(50)
    chosen = UserFactory(first_name="Ffion", last_name="Rees")
    url = reverse("restrictions:propose", args=[person.reference])
    check = caseworker_client.post(url, _proposal(person, single_point_of_contact=chosen.pk))
    assert "All contact goes through Ffion Rees." in check.content.decode()
    caseworker_client.post(url, {"confirm": "1"})
    restriction = Restriction.objects.get()
    assert restriction.conditions.get().single_point_of_contact == chosen


def test_a_point_of_contact_who_has_left_is_refused(caseworker_client, person):
    gone = UserFactory(is_active=False)
    response = caseworker_client.post(
        reverse("restrictions:propose", args=[person.reference]),
        _proposal(person, single_point_of_contact=gone.pk),
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Restriction.objects.exists()


def test_no_point_of_contact_chosen_links_the_error_to_the_search_box(caseworker_client, person):
    response = caseworker_client.post(
        reverse("restrictions:propose", args=[person.reference]), _proposal(person)
    )
    body = response.content.decode()
    assert 'href="#id_single_point_of_contact_query"' in body
    assert 'id="id_single_point_of_contact_query"' in body


def test_a_returned_proposal_offers_its_point_of_contact_chosen(
    client_for, caseworker, manager, person
):
    _staff(100)
    named = UserFactory(first_name="Ffion", last_name="Rees")
    restriction = services.restriction_propose(
        service_user=person,
        proposed_by=caseworker,
        conditions=[
            condition(ConditionKind.SINGLE_POINT_OF_CONTACT, single_point_of_contact=named)
        ],
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats",
        term_months=6,
        starts_on=timezone.localdate(),
        access_route="Email",
    )
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="return", reason="Say more"
    )
    assert restriction.state == RestrictionState.DRAFT
    page = client_for(caseworker).get(reverse("restrictions:revise", args=[restriction.pk]))
    body = page.content.decode()
    assert _offered(body) == [str(named.pk)]
    assert f'value="{named.pk}" checked' in body
