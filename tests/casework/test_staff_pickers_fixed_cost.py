"""Every page that picks or lists staff costs the same with thirty as with three: staff are
found by typing or listed a page at a time, never read whole."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts import services as contact_services
from musuc.models import Team, User
from tests.conftest import role_group
from tests.contacts.factories import SafeguardingConcernFactory, ServiceUserFactory
from tests.disputes.factories import QSR, assessing, in_force, recorded
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import WarningFactory

ROLES = ("Caseworker", "Manager", QSR)


def _staff(count: int, start: int = 0) -> None:
    """``count`` more active staff in every role, in the teams already there, numbered on
    from ``start``."""
    teams = list(Team.objects.all()) or [Team.objects.create(name="Casework")]
    made = User.objects.bulk_create(
        User(
            username=f"extra{number}",
            first_name="Extra",
            last_name=f"Colleague{number}",
            team=teams[number % len(teams)],
        )
        for number in range(start, start + count)
    )
    groups = {role: role_group(role) for role in ROLES}
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=groups[ROLES[number % len(ROLES)]].pk)
        for number, user in enumerate(made)
    )


def _contact_form(caseworker):
    return caseworker, reverse("contacts:contact-create", args=[ServiceUserFactory().reference])


def _contact_correction(caseworker):
    contact = contact_services.contact_log(
        service_user=ServiceUserFactory(),
        logged_by=caseworker,
        channel="email",
        direction="inbound",
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        received_by=[caseworker],
        summary="Asked for an update",
        assessment="acceptable",
    )
    return caseworker, reverse("contacts:contact-correct", args=[contact.pk])


def _person_with_contact(caseworker):
    url = reverse("contacts:service-user-create-with-contact")
    return caseworker, f"{url}?q=Nobody+Known"


def _safeguarding_concern(caseworker):
    person = ServiceUserFactory()
    return caseworker, reverse("contacts:safeguarding-create", args=[person.reference])


def _safeguarding_change(caseworker):
    concern = SafeguardingConcernFactory(action_by=caseworker, recorded_by=caseworker)
    return caseworker, reverse("contacts:safeguarding-update", args=[concern.pk])


def _staff_search(caseworker):
    return caseworker, reverse("contacts:staff-search") + "?q=ext"


def _restriction_proposal(caseworker):
    person = ServiceUserFactory()
    WarningFactory(service_user=person)
    return caseworker, reverse("restrictions:propose", args=[person.reference])


def _variation(caseworker):
    restriction = in_force()
    return UserFactory(role="Manager"), reverse("restrictions:vary", args=[restriction.pk])


def _dispute_to_assign(caseworker):
    dispute = recorded(in_force())
    return UserFactory(role=QSR), dispute.get_absolute_url()


def _dispute_to_decide(caseworker):
    qsr = UserFactory(role=QSR)
    dispute = assessing(recorded(in_force()), qsr)
    return qsr, dispute.get_absolute_url()


def _staff_accounts(caseworker):
    return UserFactory(role="Administrator"), reverse("admin:musuc_user_changelist")


def _staff_account(caseworker):
    return UserFactory(role="Administrator"), reverse(
        "admin:musuc_user_change", args=[caseworker.pk]
    )


PAGES = {
    "log a contact": _contact_form,
    "correct a contact": _contact_correction,
    "add a person with their contact": _person_with_contact,
    "record a safeguarding concern": _safeguarding_concern,
    "change a safeguarding concern": _safeguarding_change,
    "staff search": _staff_search,
    "propose a restriction": _restriction_proposal,
    "propose a variation": _variation,
    "dispute page, to assign": _dispute_to_assign,
    "dispute page, to decide": _dispute_to_decide,
    "staff accounts": _staff_accounts,
    "a staff account": _staff_account,
}


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_a_page_picking_staff_costs_the_same_with_thirty_as_with_three(
    client_for, caseworker, page
):
    user, url = PAGES[page](caseworker)
    client = client_for(user)
    _staff(3)
    _queries(client, url)  # caches warm: the roles, the content types
    few, _body = _queries(client, url)
    _staff(27, start=3)
    many, body = _queries(client, url)
    assert many == few
    # Only the search and the list of accounts name them, a page at a time.
    if page not in ("staff search", "staff accounts"):
        assert "Colleague" not in body


def test_the_queue_action_to_assign_costs_the_same_with_thirty_qsr_members_as_with_three(
    db, client_for
):
    qsr = UserFactory(role=QSR)
    dispute = recorded(in_force())
    client = client_for(qsr)
    chosen = {"action": "assign_to", "_selected_action": [dispute.pk]}
    queue = reverse("admin:disputes_dispute_changelist")

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(queue, chosen)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    _staff(3)
    queries()
    few, _body = queries()
    _staff(27, start=3)
    many, body = queries()
    assert many == few
    assert "Colleague" not in body
