from __future__ import annotations

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from musuc.roles import Role, roles_of

# Roles whose members work in the admin: staff administration, and the dispute queue.
ADMIN_ROLES = {Role.ADMINISTRATOR.value, Role.QSR.value}


class MusucAdminSite(admin.AdminSite):
    site_header = _("MUSUC administration")
    site_title = _("MUSUC administration")
    index_title = _("Administration")

    def has_permission(self, request) -> bool:
        """Deny by default: only active accounts holding an admin role get in, superuser or
        not. The role decides, so an administrator need not also tick "staff status"."""
        user = request.user
        return bool(user.is_active and roles_of(user) & ADMIN_ROLES)

    def get_urls(self):
        # The "view on site" shortcut (/admin/r/<content type>/<id>/) turns any record's id
        # into its page's address, whatever the model's admin allows: it is not offered.
        return [url for url in super().get_urls() if getattr(url, "name", "") != "view_on_site"]

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def checked(request, *args, **kwargs):
            # Signed in without an admin role: refuse outright rather than offer a sign-in.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(checked, inner)

    def login(self, request, extra_context=None):
        """The admin signs in through the service's own page, and its throttling."""
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next", "/admin/"))
