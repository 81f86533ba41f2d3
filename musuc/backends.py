"""Permissions come from the roles (groups) a person holds, and from nothing else."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class RoleBackend(ModelBackend):
    """Django's ModelBackend, except that ``is_superuser`` and permissions granted to one
    account directly count for nothing: case access and decisions follow the case roles."""

    def _get_permissions(self, user_obj, obj, from_name):
        if from_name != "group" or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if obj is not None:
            return set()
        if not hasattr(user_obj, "_group_perm_cache"):
            perms = (
                self._get_group_permissions(user_obj)
                .values_list("content_type__app_label", "codename")
                .order_by()
            )
            user_obj._group_perm_cache = {f"{app}.{codename}" for app, codename in perms}
        return user_obj._group_perm_cache

    async def _aget_permissions(self, user_obj, obj, from_name):
        if from_name != "group" or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if obj is not None:
            return set()
        if not hasattr(user_obj, "_group_perm_cache"):
            perms = (
                self._get_group_permissions(user_obj)
                .values_list("content_type__app_label", "codename")
                .order_by()
            )
            user_obj._group_perm_cache = {f"{app}.{codename}" async for app, codename in perms}
        return user_obj._group_perm_cache

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        # Superusers hold no role, so they hold no permission either.
        return super().with_perm(perm, is_active=is_active, include_superusers=False, obj=obj)
