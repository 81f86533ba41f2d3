"""Who a dispute goes to: the QSR members who took no part in the decision, of whom only the
one chosen and those a search found are offered, the rest found by typing."""

import re

import pytest
from django.urls import reverse

from disputes.models import Dispute
from musuc.models import User
from tests.conftest import role_group
from tests.disputes.factories import QSR, assessing
from tests.disputes.test_admin import QUEUE, _qsr_who_approved, _received_days_ago
from tests.musuc.factories import UserFactory

SEARCH = reverse("admin:disputes_dispute_assignee_search")


@pytest.fixture
def qsr(db):
    return UserFactory(role=QSR, first_name="Quinn", last_name="Reviewer")


@pytest.fixture
def qsr_client(client_for, qsr):
    return client_for(qsr)


def _qsr_team(count: int, first_name: str = "Member") -> None:
    members = User.objects.bulk_create(
        User(username=f"qsr{number}", first_name=first_name, last_name=f"Number{number}")
        for number in range(count)
    )
    group = role_group(QSR)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=member.pk, group_id=group.pk) for member in members
    )


def _offered(body: str) -> list[str]:
    return re.findall(r'name="assignee" type="radio" value="(\d+)"', body)


def test_three_hundred_members_are_not_three_hundred_choices_on_the_dispute_page(
    qsr_client, django_assert_num_queries
):
    _qsr_team(300)
    dispute = _received_days_ago(2)
    # As many as for a team of two (test_the_dispute_page_keeps_a_fixed_number_of_queries).
    with django_assert_num_queries(12):
        response = qsr_client.get(dispute.get_absolute_url())
    body = response.content.decode()
    assert _offered(body) == []
    assert "Member Number" not in body
    assert 'name="find" value="assignee"' in body


def test_three_hundred_members_are_not_three_hundred_choices_on_the_assign_to_page(
    qsr_client, django_assert_num_queries
):
    _qsr_team(300)
    dispute = _received_days_ago(2)
    chosen = {"action": "assign_to", "_selected_action": [dispute.pk]}
    with django_assert_num_queries(8):
        response = qsr_client.post(QUEUE, chosen)
    body = response.content.decode()
    assert re.findall(r'name="assignee" value="(\d+)"', body) == []
    assert "Member Number" not in body
    assert f'data-search-url="{SEARCH}?dispute={dispute.pk}"' in body


def test_finding_an_assignee_without_javascript_offers_the_first_members_found(
    qsr_client, django_assert_num_queries
):
    _qsr_team(300, first_name="Zebedee")
    UserFactory(first_name="Zebedee", last_name="Caseworker", role="Caseworker")
    dispute = _received_days_ago(2)
    url = reverse("admin:disputes_dispute_assign", args=[dispute.pk])
    response = qsr_client.post(url, {"find": "assignee", "assignee_query": "zeb"})
    body = response.content.decode()
    assert response.status_code == 200
    assert len(_offered(body)) == 20
    assert "Zebedee Caseworker" not in body
    assert "There is a problem" not in body
    dispute.refresh_from_db()
    assert dispute.assigned_to is None


def test_finding_on_the_assign_to_page_leaves_out_who_took_part(qsr_client):
    approver, dispute = _qsr_who_approved()
    _qsr_team(3, first_name="Ade")
    chosen = {"action": "assign_to", "_selected_action": [dispute.pk]}
    response = qsr_client.post(QUEUE, {**chosen, "find": "assignee", "assignee_query": "ade"})
    body = response.content.decode()
    assert len(re.findall(r'name="assignee" value="(\d+)"', body)) == 3
    assert "Ade Approver" not in body
    assert "errornote" not in body


def test_a_member_found_by_typing_is_given_the_dispute(qsr_client):
    _qsr_team(300)
    colleague = User.objects.get(username="qsr250")
    dispute = _received_days_ago(2)
    qsr_client.post(
        reverse("admin:disputes_dispute_assign", args=[dispute.pk]), {"assignee": colleague.pk}
    )
    dispute.refresh_from_db()
    assert dispute.assigned_to == colleague


def test_someone_outside_the_qsr_team_posted_as_assignee_is_refused(qsr_client):
    outsider = UserFactory(role="Caseworker")
    dispute = _received_days_ago(2)
    response = qsr_client.post(
        reverse("admin:disputes_dispute_assign", args=[dispute.pk]), {"assignee": outsider.pk}
    )
    assert "Select a member of the QSR team who did not take part" in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.assigned_to is None


def test_the_assignee_search_finds_only_members_who_took_no_part(qsr_client, qsr):
    approver, dispute = _qsr_who_approved()
    other = _received_days_ago(3)
    UserFactory(first_name="Ade", last_name="Caseworker", role="Caseworker")
    UserFactory(first_name="Ade", last_name="Left", role=QSR, is_active=False)
    fellow = UserFactory(first_name="Ade", last_name="Fellow", role=QSR)
    response = qsr_client.get(SEARCH, {"q": "ade", "dispute": [dispute.pk, other.pk]})
    assert response.json() == {
        "results": [{"id": fellow.pk, "label": "Ade Fellow", "hint": str(fellow.team or "")}],
        "has_next": False,
    }
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(",", " ").split())


def test_the_assignee_search_returns_at_most_twenty(qsr_client, django_assert_num_queries):
    _qsr_team(300)
    dispute = _received_days_ago(2)
    # session, user, roles and permissions, the disputes named, count, page
    with django_assert_num_queries(6):
        response = qsr_client.get(SEARCH, {"q": "mem", "dispute": dispute.pk})
    assert len(response.json()["results"]) == 20
    assert response.json()["has_next"] is True


@pytest.mark.parametrize("role", ["Caseworker", "Manager", "Administrator"])
def test_the_assignee_search_is_for_the_qsr_team(db, client_for, role):
    dispute = _received_days_ago(2)
    response = client_for(UserFactory(role=role)).get(SEARCH, {"q": "a", "dispute": dispute.pk})
    assert response.status_code == 403


def test_the_decision_finds_a_point_of_contact_without_javascript(qsr_client, qsr):
    UserFactory(first_name="Ffion", last_name="Rees", role="Caseworker")
    dispute = assessing(_received_days_ago(2), qsr)
    response = qsr_client.post(
        reverse("admin:disputes_dispute_decide", args=[dispute.pk]),
        {"find": "single_point_of_contact", "single_point_of_contact_query": "ffi"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ffion Rees" in body
    assert reverse("admin:disputes_dispute_staff_search") in body
    assert Dispute.objects.get().decided_by is None
