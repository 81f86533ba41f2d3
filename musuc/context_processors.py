from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext as _

from musuc.roles import primary_role


def navigation(request) -> dict:
    """The header's role and the primary navigation for what this person may do."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = (
        f"{match.namespace}:{match.url_name}"
        if match and match.namespace
        else (match.url_name if match else "")
    )
    items = [(_("Home"), reverse("home"), current == "home")]
    if user.has_perm("contacts.view_serviceuser"):
        items.append(
            (_("Find a service user"), reverse("contacts:search"), current == "contacts:search")
        )
    if user.has_perm("contacts.add_serviceuser"):
        items.append(
            (
                _("Add a service user"),
                reverse("contacts:service-user-create"),
                current == "contacts:service-user-create",
            )
        )
    if user.has_perm("disputes.handle_dispute"):
        items.append((_("Stage 2 disputes"), reverse("admin:disputes_dispute_changelist"), False))
    elif admin.site.has_permission(request):
        items.append((_("Administration"), reverse("admin:index"), False))
    role = primary_role(user)
    return {"primary_navigation": items, "current_role": role.label if role else ""}
