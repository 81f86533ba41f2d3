"""Permissions come from the roles (groups) a person holds, and from nothing else."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from musuc.roles import load_roles


class RoleBackend(ModelBackend):
    """Django's ModelBackend, except that ``is_superuser`` and permissions granted to one
    account directly count for nothing: case access and decisions follow the case roles."""

    @staticmethod
    def _holds_role_permissions(user_obj, obj, from_name) -> bool:
        """Only group (role) permissions, of active accounts, never per object."""
        return (
            from_name == "group"
            and user_obj.is_active
            and not user_obj.is_anonymous
            and (obj is None)
        )

    def _get_permissions(self, user_obj, obj, from_name):
        if not self._holds_role_permissions(user_obj, obj, from_name):
            return set()
        if not hasattr(user_obj, "_group_perm_cache"):
            load_roles(user_obj)  # roles and permissions in one query
        return user_obj._group_perm_cache

    async def _aget_permissions(self, user_obj, obj, from_name):
        if not self._holds_role_permissions(user_obj, obj, from_name):
            return set()
        if not hasattr(user_obj, "_group_perm_cache"):
            user_obj._group_perm_cache = {
                f"{app}.{codename}" async for app, codename in self._role_permissions(user_obj)
            }
        return user_obj._group_perm_cache

    def _role_permissions(self, user_obj):
        return (
            self._get_group_permissions(user_obj)
            .values_list("content_type__app_label", "codename")
            .order_by()
        )

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        # Superusers hold no role, so they hold no permission either.
        return super().with_perm(perm, is_active=is_active, include_superusers=False, obj=obj)
