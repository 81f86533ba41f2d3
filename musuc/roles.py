"""Staff roles (Django groups) and the checks every view makes against them.

Which role may do what is decided by the permissions each group holds: ``ROLE_PERMISSIONS``
below is the one table of them, and after every ``migrate`` the groups are made to match it
(see ``MusucConfig.ready``). Views name the permission they need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.apps.registry import Apps


class Role(models.TextChoices):
    CASEWORKER = "Caseworker", _("Caseworker")
    MANAGER = "Manager", _("Manager")
    QSR = "Quality Standards and Research", _("Quality Standards and Research")
    ADMINISTRATOR = "Administrator", _("Administrator")


_CASE_RECORDS = ("serviceuser", "contact", "reasonableadjustment", "safeguardingconcern")
_RESTRICTION_RECORDS = ("warning", "restriction", "condition", "term", "breach")
_READ_CASES = [
    *(f"contacts.view_{model}" for model in (*_CASE_RECORDS, "attachment")),
    *(f"restrictions.view_{model}" for model in (*_RESTRICTION_RECORDS, "variation", "review")),
    "letters.view_letter",
]
_CASE_WORK = [
    *_READ_CASES,
    *(f"contacts.{action}_{model}" for model in _CASE_RECORDS for action in ("add", "change")),
    "contacts.add_attachment",
    "contacts.remove_attachment",
    "restrictions.add_warning",
    "restrictions.add_restriction",
    "disputes.add_dispute",
    "disputes.view_dispute",
    # Post letters from the print queue; try a failed delivery again.
    "letters.deliver_letter",
]

# Each role and exactly the permissions (``app_label.codename``) its group holds. Administrators
# keep staff, teams, closure days and the security log, and read no case files; managers alone
# close warnings and decide restrictions (and, through that, variations and reviews); the QSR
# team reads every case and handles disputes. Naming the apps' permissions by string imports
# nothing from the apps above the foundation.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CASEWORKER: _CASE_WORK,
    Role.MANAGER: [*_CASE_WORK, "restrictions.close_warning", "restrictions.decide_restriction"],
    Role.QSR: [
        *_READ_CASES,
        "disputes.add_dispute",
        "disputes.view_dispute",
        "disputes.handle_dispute",
    ],
    Role.ADMINISTRATOR: [
        *(
            f"musuc.{action}_{model}"
            for model in ("user", "team")
            for action in ("view", "add", "change")
        ),
        "auth.view_group",
        *(f"musuc.{action}_officeclosureday" for action in ("view", "add", "change", "delete")),
        "musuc.view_securityevent",
        "musuc.view_lockout",
        "musuc.clear_lockout",
        # The letter templates are the organisation's: administrators alone edit them.
        "letters.view_lettertemplate",
        "letters.change_lettertemplate",
    ],
}


def grant_role_permissions(apps: Apps = global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make each role's group exist and hold exactly its permissions in ROLE_PERMISSIONS.

    Idempotent. Permissions of models that do not exist (yet) in ``apps`` are left out, so a
    database migrated part of the way gets what its tables allow.
    """
    # Django makes permissions app by app after migrating; the roles need them all now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_code = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([by_code[code] for code in codes if code in by_code])


def holders_of(permission: str) -> QuerySet:
    """The active staff who hold this permission (``app_label.codename``) through their role,
    the only source of permissions (musuc.backends.RoleBackend). Whoever is told of work is
    whoever may act on it: notifications choose people by the permission the transition
    checks, never by a group's name."""
    app_label, codename = permission.split(".", 1)
    return (
        get_user_model()
        .objects.filter(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
            is_active=True,
        )
        .distinct()
    )


def roles_of(user) -> set[str]:
    """The role names a user holds, read once per request with their permissions."""
    if not user.is_authenticated:
        return set()
    if getattr(user, "_musuc_roles", None) is None:
        load_roles(user)
    return user._musuc_roles


def load_roles(user) -> None:
    """Read a user's roles and the permissions they hold in one query, onto the user object:
    ``_musuc_roles`` for ``roles_of`` and Django's own cache of group permissions for
    ``has_perm`` (see musuc/backends.py)."""
    roles: set[str] = set()
    permissions: set[str] = set()
    rows = user.groups.values_list(
        "name", "permissions__content_type__app_label", "permissions__codename"
    ).order_by()
    for name, app_label, codename in rows:
        roles.add(name)
        if codename is not None:
            permissions.add(f"{app_label}.{codename}")
    user._musuc_roles = roles
    user._group_perm_cache = permissions


def primary_role(user) -> Role | None:
    """The role shown in the header: the most senior case role the user holds."""
    held = roles_of(user)
    for role in (Role.MANAGER, Role.QSR, Role.CASEWORKER, Role.ADMINISTRATOR):
        if role.value in held:
            return role
    return None


class PermissionRequiredView(AccessMixin):
    """Deny by default: a view must name the permissions it needs, and the user must hold all.

    Signed-out users never reach here (LoginRequiredMiddleware sends them to sign in);
    signed-in users without the permission get 403.
    """

    permission_required: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_required:
            raise ImproperlyConfigured(f"{type(self).__name__} names no permission_required.")
        if not request.user.has_perms(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
