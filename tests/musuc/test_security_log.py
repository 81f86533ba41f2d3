import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from disputes.models import Dispute
from musuc.models import Notification, SecurityEvent, Team, User
from restrictions.choices import RestrictionState
from tests.conftest import role_group
from tests.disputes.factories import QSR, assessing, in_force, recorded
from tests.musuc.factories import PASSWORD, UserFactory
from tests.restrictions.factories import RestrictionFactory

NEW_PASSWORD = "Another-long-passphrase-7"
Kind = SecurityEvent.Kind


@pytest.fixture
def colleague(db):
    """A second administrator, who is told of what the first does."""
    return UserFactory(username="colleague", role="Administrator")


def _change_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "team": user.team_id or "",
        "last_login_0": "",
        "date_joined_0": timezone.localdate().isoformat(),
        "date_joined_1": "09:00:00",
    }
    data.update(changes)
    return data


def _lock_out(client, username: str) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("sign-in"), {"username": username, "password": "wrong"})


def test_creating_an_account_is_logged_and_told_to_the_other_administrators(
    client_for, administrator, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(administrator).post(
            reverse("admin:musuc_user_add"),
            {
                "username": "newcomer",
                "usable_password": "true",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    event = SecurityEvent.objects.get(kind=Kind.ACCOUNT_CREATED)
    assert (event.actor, event.subject) == (administrator, newcomer)
    assert Notification.objects.filter(
        recipient=colleague, key=f"security:{event.pk}:{colleague.pk}"
    )
    assert not Notification.objects.filter(recipient=administrator).exists()
    assert callbacks  # delivered once the account exists


def test_granting_and_removing_roles_are_logged_one_by_one(
    client_for, administrator, colleague, caseworker
):
    client = client_for(administrator)
    manager_role, qsr_role = role_group("Manager"), role_group(QSR)
    response = client.post(
        reverse("admin:musuc_user_change", args=[caseworker.pk]),
        _change_form(caseworker, groups=[manager_role.pk, qsr_role.pk]),
    )
    assert response.status_code == 302
    events = SecurityEvent.objects.filter(subject=caseworker)
    assert set(events.values_list("kind", "detail")) == {
        (Kind.ROLE_GRANTED, "Manager"),
        (Kind.ROLE_GRANTED, QSR),
        (Kind.ROLE_REMOVED, "Caseworker"),
    }
    assert set(events.values_list("actor", flat=True)) == {administrator.pk}
    # The person affected and the other administrator are told of each change.
    assert Notification.objects.filter(recipient=caseworker).count() == 3
    assert Notification.objects.filter(recipient=colleague).count() == 3


def test_an_administrator_posting_their_own_roles_changes_nothing(client_for, administrator):
    client_for(administrator).post(
        reverse("admin:musuc_user_change", args=[administrator.pk]),
        _change_form(administrator, groups=[role_group("Manager").pk]),
    )
    assert set(administrator.groups.values_list("name", flat=True)) == {"Administrator"}
    assert not SecurityEvent.objects.filter(kind=Kind.ROLE_GRANTED).exists()


def test_a_password_reset_is_logged_and_clears_the_lock(
    client, client_for, administrator, colleague, caseworker
):
    _lock_out(client, caseworker.username)
    assert AccessAttempt.objects.filter(username=caseworker.username).exists()
    response = client_for(administrator).post(
        reverse("admin:auth_user_password_change", args=[caseworker.pk]),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=caseworker.username).exists()
    kinds = set(SecurityEvent.objects.filter(subject=caseworker).values_list("kind", flat=True))
    assert kinds == {Kind.PASSWORD_RESET, Kind.LOCK_CLEARED}
    assert Notification.objects.filter(recipient=caseworker).count() == 2


def test_administrators_see_lockouts_and_clear_them(client, administrator, colleague, caseworker):
    _lock_out(client, caseworker.username)
    client.force_login(administrator)
    page = client.get(reverse("admin:musuc_lockout_changelist")).content.decode()
    assert caseworker.username in page
    attempt = AccessAttempt.objects.get(username=caseworker.username)
    response = client.post(
        reverse("admin:musuc_lockout_changelist"),
        {"action": "clear", "_selected_action": [attempt.pk]},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=caseworker.username).exists()
    event = SecurityEvent.objects.get(kind=Kind.LOCK_CLEARED)
    assert (event.actor, event.subject) == (administrator, caseworker)
    assert Notification.objects.filter(recipient=colleague).exists()
    client.logout()
    client.post(reverse("sign-in"), {"username": caseworker.username, "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 200


def test_an_account_short_of_the_limit_is_not_listed_as_locked(client, administrator, caseworker):
    client.post(reverse("sign-in"), {"username": caseworker.username, "password": "wrong"})
    client.force_login(administrator)
    page = client.get(reverse("admin:musuc_lockout_changelist")).content.decode()
    assert f">{caseworker.username}<" not in page


def test_nobody_can_add_change_or_delete_an_entry_in_the_log(client_for, administrator):
    event = SecurityEvent.objects.create(kind=Kind.ROLE_GRANTED, detail="Manager")
    client = client_for(administrator)
    assert client.get(reverse("admin:musuc_securityevent_changelist")).status_code == 200
    assert client.get(reverse("admin:musuc_securityevent_add")).status_code == 403
    assert (
        client.get(reverse("admin:musuc_securityevent_delete", args=[event.pk])).status_code == 403
    )
    client.post(
        reverse("admin:musuc_securityevent_change", args=[event.pk]), {"detail": "Caseworker"}
    )
    event.refresh_from_db()
    assert event.detail == "Manager"


def test_the_log_is_marked_append_only():
    assert SecurityEvent.append_only is True


def test_a_forged_approval_by_a_caseworker_is_refused_and_logged(client_for, caseworker):
    restriction = RestrictionFactory(state=RestrictionState.PENDING_APPROVAL)
    response = client_for(caseworker).post(
        reverse("restrictions:decide", args=[restriction.pk]),
        {"decision": "approve", "reason": "Forged"},
    )
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind=Kind.ACCESS_REFUSED)
    assert event.actor == caseworker
    assert "POST restrictions:decide" in event.detail
    assert event.record == reverse("restrictions:decide", args=[restriction.pk])
    assert event.address == "127.0.0.1"


def test_a_manager_deciding_their_own_proposal_is_refused_and_logged(client_for, manager):
    restriction = RestrictionFactory(proposed_by=manager, state=RestrictionState.PENDING_APPROVAL)
    client_for(manager).post(
        reverse("restrictions:decide", args=[restriction.pk]),
        {"decision": "approve", "reason": "Mine"},
    )
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.PENDING_APPROVAL
    event = SecurityEvent.objects.get(kind=Kind.TRANSITION_REFUSED)
    assert event.actor == manager
    assert event.record == f"restrictions.Restriction {restriction.pk}"
    assert "restrictions:decide" in event.detail


def test_a_qsr_member_deciding_a_dispute_they_took_part_in_is_refused_and_logged(db, client_for):
    member = UserFactory(role="Manager")
    member.groups.add(role_group(QSR))
    dispute = assessing(recorded(in_force(approver=member)), UserFactory(role=QSR))
    # Given to them before assignment kept the independence rule.
    Dispute.objects.filter(pk=dispute.pk).update(assigned_to=member)
    client_for(member).post(
        reverse("admin:disputes_dispute_decide", args=[dispute.pk]),
        {"outcome": "upheld", "reasonable_reasons": "No", "proportionate_reasons": "No"},
    )
    event = SecurityEvent.objects.get(kind=Kind.TRANSITION_REFUSED)
    assert event.actor == member
    assert event.record == f"disputes.Dispute {dispute.pk}"


def test_the_view_on_site_shortcut_is_gone(client_for, administrator):
    team = Team.objects.create(name="Shortcut")
    content_type = ContentType.objects.get_for_model(Team)
    response = client_for(administrator).get(f"/admin/r/{content_type.pk}/{team.pk}/")
    assert response.status_code == 404


def test_the_history_pages_refuse_a_post(client_for, administrator, caseworker):
    version = caseworker.history.latest()
    url = reverse("admin:musuc_user_simple_history", args=[caseworker.pk, version.history_id])
    client = client_for(administrator)
    assert client.get(url).status_code == 200
    response = client.post(url, _change_form(caseworker, groups=[role_group("Manager").pk]))
    assert response.status_code == 405
    assert set(caseworker.groups.values_list("name", flat=True)) == {"Caseworker"}


def test_a_role_change_is_told_as_a_sentence_naming_the_role(
    client_for, administrator, colleague, caseworker
):
    client_for(administrator).post(
        reverse("admin:musuc_user_change", args=[caseworker.pk]),
        _change_form(caseworker, groups=[role_group("Caseworker").pk, role_group("Manager").pk]),
    )
    told = Notification.objects.get(recipient=caseworker)
    assert told.subject == "A role was granted"
    assert told.body.startswith(f"{administrator} gave {caseworker} the Manager role on ")
