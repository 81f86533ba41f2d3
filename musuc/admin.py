from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from musuc import security, throttling
from musuc.models import Lockout, OfficeClosureDay, SecurityEvent, Team, User


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """History to read, never to post: simple_history's version page saves whatever form
    is posted to it onto the live record, past every check the change page makes."""

    def history_view(self, request, object_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, object_id, version_id, extra_context)


def _role_names(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True)) if user.pk else set()


@admin.register(User)
class StaffAdmin(UserAdmin, ReadOnlyHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "email", "team", "is_active")
    list_filter = ("is_active", "groups", "team")
    list_select_related = ("team",)
    # The role is the whole of what an account may do: no superuser flag, no staff flag
    # (the admin site asks the role) and no permissions given to one account.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (gettext_lazy("Roles"), {"fields": ("is_active", "groups")}),
        (gettext_lazy("Team"), {"fields": ("team",)}),
        (gettext_lazy("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_queryset(self, request):
        # Superuser accounts are out of an administrator's reach (password included).
        return super().get_queryset(request).filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        # No administrator may change their own roles (they take no case decisions).
        readonly = ["last_login", "date_joined"]
        if obj is not None and obj.pk == request.user.pk:
            readonly.append("groups")
        return readonly

    def has_delete_permission(self, request, obj=None) -> bool:
        # Staff accounts are deactivated, never deleted: records name who did what.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            security.account_event(
                kind=SecurityEvent.Kind.ACCOUNT_CREATED,
                actor=request.user,
                subject=obj,
                detail=obj.username,
                request=request,
            )

    def save_related(self, request, form, formsets, change):
        before = _role_names(form.instance) if change else set()
        super().save_related(request, form, formsets, change)
        security.roles_changed(
            actor=request.user,
            subject=form.instance,
            before=before,
            after=_role_names(form.instance),
            request=request,
        )

    def user_change_password(self, request, id, form_url=""):
        # Django's view saves the new password itself; the log and the lock are seen to
        # in the same transaction, once the password has really changed.
        with transaction.atomic():
            account = self.get_object(request, id)
            old_hash = account.password if account is not None else None
            response = super().user_change_password(request, id, form_url)
            if account is not None and request.method == "POST":
                account.refresh_from_db(fields=["password"])
                if account.password != old_hash:
                    security.password_reset_record(
                        actor=request.user, subject=account, request=request
                    )
        return response


@admin.register(Team)
class TeamAdmin(ReadOnlyHistoryAdmin):
    list_display = ("name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OfficeClosureDay)
class OfficeClosureDayAdmin(ReadOnlyHistoryAdmin):
    list_display = ("date", "reason")
    date_hierarchy = "date"


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security log, to read: nobody adds, changes or deletes an entry."""

    list_display = ("occurred_at", "kind", "actor", "subject", "detail", "record", "address")
    list_filter = ("kind",)
    list_select_related = ("actor", "subject")
    search_fields = ("detail", "record", "actor__username", "subject__username")
    date_hierarchy = "occurred_at"
    fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Lockout)
class LockoutAdmin(admin.ModelAdmin):
    """Accounts locked out of signing in now, and the action that lets them in again."""

    list_display = ("username", "ip_address", "failures", "address_failures", "attempt_time")
    list_display_links = None
    search_fields = ("username", "ip_address")
    actions = ["clear"]

    def get_queryset(self, request):
        return throttling.locked_attempts(super().get_queryset(request))

    @admin.display(description=gettext_lazy("failed attempts"), ordering="failures")
    def failures(self, obj) -> int:
        return obj.failures

    @admin.display(description=gettext_lazy("from this address"), ordering="address_failures")
    def address_failures(self, obj) -> int:
        return obj.address_failures

    @admin.action(description=gettext_lazy("Clear the lock"), permissions=["clear"])
    def clear(self, request, queryset):
        usernames = sorted(
            {row.username for row in queryset if row.username and row.failures >= row.limit}
        )
        addresses = sorted(
            {
                row.ip_address
                for row in queryset
                if row.ip_address and row.address_failures >= row.address_limit
            }
        )
        for username in usernames:
            security.lockout_clear(username=username, cleared_by=request.user, request=request)
        for address in addresses:
            security.address_lockout_clear(
                address=address, cleared_by=request.user, request=request
            )
        messages.success(
            request,
            _("Locks cleared for %(names)s") % {"names": ", ".join(usernames + addresses)},
        )

    def has_clear_permission(self, request) -> bool:
        return request.user.has_perm("musuc.clear_lockout")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
