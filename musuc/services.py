"""Writes that belong to the foundation rather than to a case record."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from musuc import records, security
from musuc.models import SecurityEvent, User
from musuc.roles import Role


def expired_sessions_remove() -> int:
    """Remove sessions past their expiry; running it twice removes nothing more."""
    with transaction.atomic():
        deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@transaction.atomic
def administrator_create(
    *, username: str, email: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """The first administrator (or another, from the server): an account holding the
    Administrator role and nothing else — never a superuser. Logged as any account is."""
    username = username.strip()
    problems: dict[str, list[str]] = {}
    if not username:
        problems["username"] = [_("Enter a username")]
    elif User.objects.filter(username__iexact=username).exists():
        problems["username"] = [_("An account with this username already exists")]
    if not email.strip():
        problems["email"] = [_("Enter an email address")]
    account = User(
        username=username, email=email.strip(), first_name=first_name, last_name=last_name
    )
    try:
        validate_password(password, user=account)
    except ValidationError as error:
        problems["password"] = error.messages
    records.refuse(problems)
    account.set_password(password)
    account.save()
    account.groups.add(Group.objects.get(name=Role.ADMINISTRATOR))
    security.account_event(
        kind=SecurityEvent.Kind.ACCOUNT_CREATED, actor=None, subject=account, detail=username
    )
    security.roles_changed(
        actor=None, subject=account, before=set(), after={Role.ADMINISTRATOR.value}
    )
    return account
