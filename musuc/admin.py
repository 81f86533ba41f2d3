from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from musuc.models import OfficeClosureDay, Team, User


@admin.register(User)
class StaffAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "email", "team", "is_active")
    list_filter = ("is_active", "groups", "team")
    list_select_related = ("team",)
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Team"), {"fields": ("team",)}),
    )

    def get_queryset(self, request):
        # Superuser accounts are out of an administrator's reach (password included).
        accounts = super().get_queryset(request)
        return accounts if request.user.is_superuser else accounts.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser may grant superuser status or permissions outside the roles, and
        # no administrator may change their own roles (they take no case decisions).
        if request.user.is_superuser:
            return ("last_login", "date_joined")
        readonly = ["is_superuser", "user_permissions", "last_login", "date_joined"]
        if obj is not None and obj.pk == request.user.pk:
            readonly.append("groups")
        return readonly

    def has_delete_permission(self, request, obj=None) -> bool:
        # Staff accounts are deactivated, never deleted: records name who did what.
        return False


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OfficeClosureDay)
class OfficeClosureDayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "reason")
    date_hierarchy = "date"
