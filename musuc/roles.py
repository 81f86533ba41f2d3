"""Staff roles (Django groups) and the checks every view makes against them.

Which role may do what is decided by the permissions each group holds (granted by the
data migrations named ``grant_role_permissions``); views name the permission they need.
"""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "Caseworker", _("Caseworker")
    MANAGER = "Manager", _("Manager")
    QSR = "Quality Standards and Research", _("Quality Standards and Research")
    ADMINISTRATOR = "Administrator", _("Administrator")


def roles_of(user) -> set[str]:
    """The role names a user holds, read once per request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_musuc_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._musuc_roles = cached
    return cached


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
