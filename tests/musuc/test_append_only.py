"""PostgreSQL itself refuses to rewrite history (musuc.append_only)."""

from __future__ import annotations

import contextlib

import psycopg2.errors
import pytest
from django.apps import apps
from django.db import ProgrammingError, connection, transaction
from simple_history.models import HistoricalChanges, registered_models

from musuc.append_only import FUNCTION
from musuc.models import Team
from tests.musuc.factories import TeamFactory

pytestmark = pytest.mark.django_db

# pg_trigger.tgtype bits (PostgreSQL's include/catalog/pg_trigger.h).
TRIGGER_DELETE, TRIGGER_UPDATE, TRIGGER_TRUNCATE = 1 << 3, 1 << 4, 1 << 5


def _append_only_models() -> list[type]:
    # In a fixed order: parallel test workers must collect the same tests.
    return sorted(
        (
            model
            for model in apps.get_models()
            if issubclass(model, HistoricalChanges) or getattr(model, "append_only", False)
        ),
        key=lambda model: model._meta.label,
    )


def _refused_operations(table: str) -> int:
    """The operations that enabled triggers calling the refusing function cover on ``table``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(bit_or(t.tgtype), 0) FROM pg_trigger t "
            "JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = %s::regclass AND p.proname = %s AND t.tgenabled <> 'D'",
            [connection.ops.quote_name(table), FUNCTION],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def history_row():
    team = TeamFactory(name="Complaints")
    return Team.history.model.objects.get(id=team.pk)


@pytest.fixture
def table():
    return Team.history.model._meta.db_table


def test_the_coverage_test_finds_every_history_model():
    # simple-history registers each tracked model and each tracked m2m relation once.
    found = [model for model in _append_only_models() if issubclass(model, HistoricalChanges)]

    assert len(found) == len(registered_models)


@pytest.mark.parametrize("model", _append_only_models(), ids=lambda model: model._meta.label)
def test_every_history_table_refuses_update_delete_and_truncate(model):
    refused = _refused_operations(model._meta.db_table)

    assert refused & TRIGGER_UPDATE, "UPDATE is not refused: add AppendOnly() to a migration"
    assert refused & TRIGGER_DELETE, "DELETE is not refused: add AppendOnly() to a migration"
    assert refused & TRIGGER_TRUNCATE, "TRUNCATE is not refused: add AppendOnly() to a migration"


def test_a_raw_update_of_history_is_refused(history_row, table):
    update = f"UPDATE {table} SET name = 'Rewritten' WHERE history_id = %s"  # noqa: S608
    with (
        pytest.raises(ProgrammingError, match="append-only: UPDATE is refused") as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(update, [history_row.pk])

    assert isinstance(refused.value.__cause__, psycopg2.errors.InsufficientPrivilege)
    history_row.refresh_from_db()
    assert history_row.name == "Complaints"


def test_a_raw_delete_of_history_is_refused(history_row, table):
    delete = f"DELETE FROM {table} WHERE history_id = %s"  # noqa: S608
    with (
        pytest.raises(ProgrammingError, match="append-only: DELETE is refused") as refused,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(delete, [history_row.pk])

    assert isinstance(refused.value.__cause__, psycopg2.errors.InsufficientPrivilege)
    assert Team.history.model.objects.filter(pk=history_row.pk).exists()


@contextlib.contextmanager
def _acting_as(table: str, *, owner: bool):
    """A cursor of a new role that may TRUNCATE ``table``, as its owner or by a grant.

    Everything it does, the role included, is rolled back. Roles belong to the whole
    cluster, so the name carries this test database's, and parallel runs never meet.
    """
    role = f"{connection.settings_dict['NAME']}_{'owner' if owner else 'app'}"
    with transaction.atomic(), connection.cursor() as cursor:
        # TRUNCATE refuses to run while the history row's deferred FK checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        if owner:
            cursor.execute(f"ALTER TABLE {table} OWNER TO {role}")
        else:
            cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON {table} TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
        try:
            yield cursor
        finally:
            transaction.set_rollback(True)


def test_the_application_role_cannot_truncate_history(history_row, table):
    # Granted TRUNCATE itself, so it is the trigger, not a missing grant, that refuses.
    with (
        _acting_as(table, owner=False) as cursor,
        pytest.raises(ProgrammingError, match="append-only: TRUNCATE is refused"),
    ):
        cursor.execute(f"TRUNCATE {table}")

    assert Team.history.model.objects.filter(pk=history_row.pk).exists()


def test_the_owner_can_truncate_history_as_the_test_flush_does(history_row, table):
    with _acting_as(table, owner=True) as cursor:
        cursor.execute(f"TRUNCATE {table}")
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        left = cursor.fetchone()[0]

    assert left == 0


def test_the_owner_cannot_update_history_either(history_row, table):
    with (
        _acting_as(table, owner=True) as cursor,
        pytest.raises(ProgrammingError, match="append-only: UPDATE is refused"),
    ):
        cursor.execute(f"UPDATE {table} SET name = 'Rewritten'")  # noqa: S608
