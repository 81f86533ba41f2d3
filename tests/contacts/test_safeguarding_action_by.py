"""Who took a safeguarding action: the one chosen and those a search found are offered, the
rest of the staff found by typing."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import SafeguardingConcern
from tests.contacts.factories import SafeguardingConcernFactory, ServiceUserFactory
from tests.contacts.test_recipients import _staff
from tests.musuc.factories import UserFactory


def _offered(body: str) -> list[str]:
    return re.findall(r'name="action_by" type="radio" value="(\d+)"', body)


@pytest.fixture
def person(db):
    return ServiceUserFactory()


def _concern(**fields) -> dict:
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    return {
        "concern": "Spoke of self-harm",
        "action": "referral",
        "action_detail": "Referred to the crisis team",
        "action_on_0": yesterday.day,
        "action_on_1": yesterday.month,
        "action_on_2": yesterday.year,
        "action_time": "14:30",
        **fields,
    }


def test_a_hundred_staff_are_not_a_hundred_choices_of_who_took_the_action(
    caseworker_client, caseworker, person, django_assert_num_queries
):
    _staff(100)
    url = reverse("contacts:safeguarding-create", args=[person.reference])
    # session, user, roles and permissions, the one chosen; the person, their contacts
    # counted, and the header (restriction in force, warnings, open dispute): no other staff
    with django_assert_num_queries(5):
        response = caseworker_client.get(url)
    body = response.content.decode()
    assert _offered(body) == [str(caseworker.pk)]
    assert f'value="{caseworker.pk}" checked' in body
    assert "Member Number" not in body
    assert "<select" not in body
    assert 'name="find" value="action_by"' in body
    assert reverse("contacts:staff-search") in body


def test_finding_who_took_the_action_without_javascript_offers_the_first_matches(
    caseworker_client, caseworker, person
):
    _staff(30, first_name="Zebedee")
    UserFactory(first_name="Zebedee", last_name="Gone", is_active=False)
    response = caseworker_client.post(
        reverse("contacts:safeguarding-create", args=[person.reference]),
        _concern(
            action_by=caseworker.pk,
            action_by_query="zeb",
            find="action_by",
            concern="Kept as typed",
        ),
    )
    body = response.content.decode()
    offered = _offered(body)
    assert response.status_code == 200
    assert len(offered) == 21  # the one chosen and the first 20 found
    assert offered[0] == str(caseworker.pk)
    assert "Gone" not in body
    assert "There is a problem" not in body
    assert "Kept as typed" in body
    assert not SafeguardingConcern.objects.exists()


def test_a_colleague_found_by_typing_is_recorded_as_taking_the_action(caseworker_client, person):
    _staff(50)
    colleague = UserFactory(first_name="Ffion", last_name="Rees")
    response = caseworker_client.post(
        reverse("contacts:safeguarding-create", args=[person.reference]),
        _concern(action_by=colleague.pk),
    )
    assert response.status_code == 302
    assert SafeguardingConcern.objects.get().action_by == colleague


def test_a_member_of_staff_who_has_left_cannot_be_named_as_taking_the_action(
    caseworker_client, person
):
    gone = UserFactory(is_active=False)
    response = caseworker_client.post(
        reverse("contacts:safeguarding-create", args=[person.reference]),
        _concern(action_by=gone.pk),
    )
    assert response.status_code == 200
    assert "Select an active member of staff" in response.content.decode()
    assert not SafeguardingConcern.objects.exists()


def test_changing_a_concern_offers_who_took_the_action_chosen(caseworker_client):
    _staff(30)
    concern = SafeguardingConcernFactory(action_by=UserFactory(first_name="Ffion"))
    response = caseworker_client.get(reverse("contacts:safeguarding-update", args=[concern.pk]))
    body = response.content.decode()
    assert _offered(body) == [str(concern.action_by_id)]
    assert f'value="{concern.action_by_id}" checked' in body
