import pytest
from django.conf import settings
from django.urls import reverse

from tests.musuc.factories import PASSWORD


def test_sign_in_page_is_open_to_everyone(client):
    assert client.get(reverse("sign-in")).status_code == 200


def test_signing_in_goes_to_the_home_page_showing_name_and_role(client, caseworker):
    response = client.post(
        reverse("sign-in"), {"username": "caseworker", "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert f"{caseworker} (Caseworker)" in body


def test_wrong_password_shows_the_error_summary(client, caseworker):
    response = client.post(reverse("sign-in"), {"username": "caseworker", "password": "nope"})
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a correct username and password" in body


def test_repeated_failures_lock_the_account_out(client, caseworker):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("sign-in"), {"username": "caseworker", "password": "nope"})
    response = client.post(reverse("sign-in"), {"username": "caseworker", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()


def test_sign_out_needs_a_post_and_ends_the_session(client_for, caseworker):
    client = client_for(caseworker)
    assert client.get(reverse("sign-out")).status_code == 405
    client.post(reverse("sign-out"))
    assert client.get(reverse("home")).status_code == 302


def test_sessions_end_after_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_SECONDS == 5 * 60  # see tests/musuc/test_sessions.py
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("caseworker", "Contacts you logged recently", "Staff accounts"),
        ("qsr", "Find a service user", "Contacts you logged recently"),
        ("administrator", "Staff accounts", "Find a service user"),
    ],
)
def test_each_role_has_its_own_home_page(client_for, users_by_role, role, shown, hidden):
    body = client_for(users_by_role[role]).get(reverse("home")).content.decode()
    assert shown in body
    assert hidden not in body


def test_administrator_cannot_make_anyone_a_superuser(client_for, administrator, caseworker):
    response = client_for(administrator).get(
        reverse("admin:musuc_user_change", args=[caseworker.pk])
    )
    assert 'name="is_superuser"' not in response.content.decode()


def test_staff_accounts_cannot_be_deleted_in_the_admin(client_for, administrator, caseworker):
    response = client_for(administrator).get(
        reverse("admin:musuc_user_delete", args=[caseworker.pk])
    )
    assert response.status_code == 403


def test_administrator_cannot_reach_a_superuser_account(client_for, administrator):
    from tests.musuc.factories import UserFactory

    root = UserFactory(is_superuser=True, is_staff=True)
    client = client_for(administrator)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "Taken-over-123!", "password2": "Taken-over-123!"},
    )
    root.refresh_from_db()
    assert response.status_code in (302, 404)
    assert not root.check_password("Taken-over-123!")


def test_administrator_cannot_change_their_own_roles(client_for, administrator):
    body = (
        client_for(administrator)
        .get(reverse("admin:musuc_user_change", args=[administrator.pk]))
        .content.decode()
    )
    assert 'name="groups"' not in body
