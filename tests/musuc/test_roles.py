"""ROLE_PERMISSIONS is the one table of what each role holds, and the database matches it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader

from musuc.roles import ROLE_PERMISSIONS, grant_role_permissions

pytestmark = pytest.mark.django_db

ROLE_MIGRATION = re.compile(r"create_roles|grant")


def _held(groups) -> dict[str, set[str]]:
    return {
        group.name: {
            f"{permission.content_type.app_label}.{permission.codename}"
            for permission in group.permissions.select_related("content_type")
        }
        for group in groups
    }


def _table() -> dict[str, set[str]]:
    return {str(role): set(codes) for role, codes in ROLE_PERMISSIONS.items()}


def test_after_migrate_each_role_holds_exactly_its_permissions_in_the_table():
    assert _held(Group.objects.all()) == _table()


def test_the_historical_role_migrations_grant_exactly_what_the_table_says():
    """Every role migration's forward code, in migration order, run where no group exists."""
    Group.objects.all().delete()
    loader = MigrationLoader(connection)
    state_apps = loader.project_state().apps
    plan = dict.fromkeys(
        key for leaf in loader.graph.leaf_nodes() for key in loader.graph.forwards_plan(leaf)
    )
    ran = []
    for app_label, name in plan:
        if not ROLE_MIGRATION.search(name):
            continue
        for operation in loader.graph.nodes[app_label, name].operations:
            if isinstance(operation, RunPython):
                operation.code(state_apps, None)
                ran.append(f"{app_label}.{name}")
    assert len(ran) == 10
    assert _held(Group.objects.all()) == _table()


def test_granting_again_changes_nothing_and_takes_back_what_the_table_does_not_give():
    caseworker = Group.objects.get(name="Caseworker")
    caseworker.permissions.add(*Group.objects.get(name="Administrator").permissions.all())
    grant_role_permissions()
    grant_role_permissions()
    assert _held(Group.objects.all()) == _table()


def test_only_the_role_holding_a_permission_is_told_of_its_work():
    from django.contrib.auth.models import Permission

    from musuc.roles import holders_of
    from tests.musuc.factories import UserFactory

    manager = UserFactory(role="Manager")
    granted_directly = UserFactory(role="Caseworker")
    granted_directly.user_permissions.add(
        Permission.objects.get(
            codename="decide_restriction", content_type__app_label="restrictions"
        )
    )
    assert list(holders_of("restrictions.decide_restriction")) == [manager]
