import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from musuc.models import SecurityEvent, User
from tests.conftest import role_group
from tests.musuc.factories import UserFactory

STRONG = "Quite-long-passphrase-42"


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_a_superuser_holds_no_permission_without_a_role(superuser):
    assert not superuser.has_perm("contacts.view_serviceuser")
    assert not superuser.has_perm("restrictions.decide_restriction")
    assert not superuser.has_module_perms("contacts")


def test_a_superuser_holds_exactly_what_their_role_grants(superuser):
    superuser.groups.add(role_group("Caseworker"))
    superuser = User.objects.get(pk=superuser.pk)
    assert superuser.has_perm("contacts.view_serviceuser")
    assert not superuser.has_perm("restrictions.decide_restriction")


def test_a_permission_given_to_one_account_grants_nothing(caseworker):
    from django.contrib.auth.models import Permission

    caseworker.user_permissions.add(Permission.objects.get(codename="decide_restriction"))
    caseworker = User.objects.get(pk=caseworker.pk)
    assert not caseworker.has_perm("restrictions.decide_restriction")


def test_a_superuser_administrator_cannot_change_their_own_roles(client_for, administrator):
    administrator.is_superuser = True
    administrator.save()
    body = (
        client_for(administrator)
        .get(reverse("admin:musuc_user_change", args=[administrator.pk]))
        .content.decode()
    )
    assert 'name="groups"' not in body
    assert 'name="is_superuser"' not in body


def test_createsuperuser_points_to_create_administrator(db):
    with pytest.raises(CommandError, match="create_administrator"):
        call_command("createsuperuser", "--noinput", "--username", "root")


def test_create_administrator_makes_an_administrator_who_is_no_superuser(db, monkeypatch):
    monkeypatch.setenv("MUSUC_ADMINISTRATOR_PASSWORD", STRONG)
    call_command(
        "create_administrator",
        "--username",
        "first",
        "--email",
        "first@x.invalid",
        stdout=io.StringIO(),
    )
    account = User.objects.get(username="first")
    assert not account.is_superuser
    assert account.check_password(STRONG)
    assert set(account.groups.values_list("name", flat=True)) == {"Administrator"}
    assert account.has_perm("musuc.change_user")
    assert not account.has_perm("contacts.view_serviceuser")
    assert set(SecurityEvent.objects.filter(subject=account).values_list("kind", "detail")) == {
        ("account_created", "first"),
        ("role_granted", "Administrator"),
    }


def test_create_administrator_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("MUSUC_ADMINISTRATOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_administrator", "--username", "first", "--email", "f@x.invalid")
