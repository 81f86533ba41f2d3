from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from musuc.roles import Role, roles_of

# Roles whose members work in the admin: staff administration now, the dispute queue later.
ADMIN_ROLES = {Role.ADMINISTRATOR.value}


class MusucAdminSite(admin.AdminSite):
    site_header = _("MUSUC administration")
    site_title = _("MUSUC administration")
    index_title = _("Administration")

    def has_permission(self, request) -> bool:
        """Deny by default: only active staff accounts holding an admin role get in."""
        user = request.user
        return bool(
            user.is_active and user.is_staff and (user.is_superuser or roles_of(user) & ADMIN_ROLES)
        )
