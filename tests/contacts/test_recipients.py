"""The contact form's staff and teams: the few ticked are offered, the rest found by typing."""

import re

import pytest
from django.urls import reverse

from contacts.models import Contact
from musuc.models import Team, User
from tests.contacts.factories import ServiceUserFactory
from tests.contacts.test_views import contact_post
from tests.musuc.factories import TeamFactory, UserFactory


def _staff(count: int, **fields) -> None:
    team = TeamFactory(name="Casework")
    User.objects.bulk_create(
        User(
            username=f"member{number}",
            first_name=fields.get("first_name", "Member"),
            last_name=f"Number{number}",
            team=team,
            is_active=fields.get("is_active", True),
        )
        for number in range(count)
    )


def _offered(body: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" type="checkbox" value="(\d+)"', body)


@pytest.fixture
def person(db):
    return ServiceUserFactory()


def test_a_thousand_staff_are_not_a_thousand_checkboxes(
    caseworker_client, caseworker, person, django_assert_num_queries
):
    _staff(1000)
    url = reverse("contacts:contact-create", args=[person.reference])
    # session, user, roles and permissions, service user (with the header), restriction in
    # force, the channel last used, where to go after logging, the staff and the team ticked
    with django_assert_num_queries(10):
        response = caseworker_client.get(url)
    assert _offered(response.content.decode(), "received_by") == [str(caseworker.pk)]


def test_the_person_logging_and_their_team_are_ticked(caseworker_client, caseworker, person):
    response = caseworker_client.get(reverse("contacts:contact-create", args=[person.reference]))
    body = response.content.decode()
    assert f'name="received_by" type="checkbox" value="{caseworker.pk}" checked' in body
    assert f'name="teams" type="checkbox" value="{caseworker.team_id}" checked' in body


def test_finding_staff_without_javascript_offers_the_matches_unticked(
    caseworker_client, caseworker, person
):
    _staff(30, first_name="Zebedee")
    UserFactory(first_name="Zebedee", last_name="Gone", is_active=False)
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(caseworker, find="received_by", received_by_query="zeb", summary="Kept"),
    )
    body = response.content.decode()
    offered = _offered(body, "received_by")
    assert response.status_code == 200
    assert offered[0] == str(caseworker.pk)
    assert len(offered) == 21  # the one ticked and the first 20 found
    assert f'value="{caseworker.pk}" checked' in body
    assert "Gone" not in body
    assert "There is a problem" not in body
    assert "Kept" in body
    assert not Contact.objects.exists()


def test_staff_found_and_ticked_are_offered_again_with_the_form(
    caseworker_client, caseworker, person
):
    colleague = UserFactory(first_name="Ffion", last_name="Rees")
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(caseworker, received_by=[caseworker.pk, colleague.pk], summary=""),
    )
    assert _offered(response.content.decode(), "received_by") == [
        str(user.pk) for user in sorted([caseworker, colleague], key=lambda u: u.first_name)
    ]


def test_a_member_of_staff_who_has_left_is_refused(caseworker_client, caseworker, person):
    gone = UserFactory(is_active=False)
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(caseworker, received_by=[gone.pk]),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Contact.objects.exists()


def test_staff_and_teams_found_by_typing_are_logged(caseworker_client, caseworker, person):
    colleague = UserFactory(first_name="Ffion", last_name="Rees")
    team = TeamFactory(name="Legal Services")
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(caseworker, received_by=[colleague.pk], teams=[team.pk]),
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert list(contact.received_by.all()) == [colleague]
    assert list(contact.teams.all()) == [team]


def test_staff_search_returns_at_most_twenty_active_staff(
    caseworker_client, django_assert_num_queries
):
    _staff(1000, first_name="Zebedee")
    UserFactory(first_name="Zebedee", last_name="Gone", is_active=False)
    # session, user, permissions, count, page
    with django_assert_num_queries(5):
        response = caseworker_client.get(reverse("contacts:staff-search"), {"q": "zeb num"})
    data = response.json()
    assert len(data["results"]) == 20
    assert data["has_next"] is True
    assert data["results"][0] == {
        "id": User.objects.get(username="member0").pk,
        "label": "Zebedee Number0",
        "hint": "Casework",
    }
    assert response["Cache-Control"] == "private, no-store"


def test_staff_search_pages_on(caseworker_client):
    _staff(25, first_name="Zebedee")
    response = caseworker_client.get(reverse("contacts:staff-search"), {"q": "zeb", "page": 2})
    assert len(response.json()["results"]) == 5
    assert response.json()["has_next"] is False


def test_staff_search_with_nothing_typed_finds_no_one(caseworker_client):
    _staff(3)
    response = caseworker_client.get(reverse("contacts:staff-search"), {"q": "  "})
    assert response.json() == {"results": [], "has_next": False}


def test_team_search_finds_a_word_of_the_name(caseworker_client):
    wanted = TeamFactory(name="Legal Services")
    TeamFactory(name="Casework")
    Team.objects.create(name="Legal Archive", is_active=False)
    response = caseworker_client.get(reverse("contacts:team-search"), {"q": "serv"})
    assert response.json()["results"] == [{"id": wanted.pk, "label": "Legal Services"}]


def test_staff_search_is_for_those_who_log_contacts(client_for, qsr):
    response = client_for(qsr).get(reverse("contacts:staff-search"), {"q": "a"})
    assert response.status_code == 403
