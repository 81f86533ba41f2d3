"""Append-only tables: PostgreSQL itself refuses to rewrite history.

Every simple-history table, and every model marked ``append_only = True`` (the security log),
carries two triggers calling one plpgsql function, ``musuc_refuse_rewrite()``:

* ``append_only_refuse_rewrite``: UPDATE and DELETE of any row are refused, for every role,
  the tables' owner included. A correction is a new history row, never an edited one.
* ``append_only_refuse_truncate``: TRUNCATE is refused unless the current role has the
  privileges of the table's owner. The owner runs the migrations and could drop the triggers
  anyway, so this loses nothing; it lets Django's test flush (TransactionTestCase, the browser
  tests' live server) and ``manage.py flush`` run as the owner, while the application's role
  (``musuc_app`` in docker-compose.yml: not a superuser, not the owner) cannot empty them.

A migration applies it with the ``AppendOnly`` operation, naming models of its own app; it
does nothing on SQLite (``make run``). To protect a new table, add one line to the migration
that creates it (or to a later one)::

    from musuc.append_only import AppendOnly

    operations = [
        migrations.CreateModel(name="SecurityEvent", ...),
        AppendOnly("SecurityEvent"),
    ]

A new ``HistoricalRecords()`` needs the same line for its historical model
(``AppendOnly("HistoricalThing")``, plus ``HistoricalThing_<field>`` for each ``m2m_fields``).
Forgetting it fails tests/musuc/test_append_only.py, which checks the triggers on every
historical and ``append_only`` model's table.

Schema changes to a protected table (AddField with a default included) fire no trigger; a data
migration that UPDATEs existing history rows is refused like any other. Record it as new rows
instead, or, if history truly must be rewritten, reverse ``AppendOnly`` around the change in
that migration, where review will see it. Deleting a staff member named in history is refused
too (simple-history sets ``history_user`` to NULL): accounts are deactivated, never deleted.

Each operation (re)creates the function with ``CREATE OR REPLACE``, so a migration needs no
dependency on another app's; changing ``FUNCTION_SQL`` later therefore needs a migration that
runs ``AppendOnly`` again (any protected model will do) for databases already migrated.
"""

from __future__ import annotations

from django.db.migrations.operations.base import Operation

FUNCTION = "musuc_refuse_rewrite"

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION musuc_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND pg_catalog.pg_has_role(
        current_user,
        (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID),
        'USAGE'
    ) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'History is never rewritten; record the change as a new row.';
END;
$$
"""

# Row-level for UPDATE and DELETE, so a statement that touches no row (such as a bulk
# update finding nothing) still runs; TRUNCATE has no rows, so it is statement-level.
TRIGGERS = {
    "append_only_refuse_rewrite": "BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW",
    "append_only_refuse_truncate": "BEFORE TRUNCATE ON {table} FOR EACH STATEMENT",
}


def protect_sql(table: str, quote) -> list[str]:
    """The statements that make ``table`` append-only (``quote`` quotes a name)."""
    return [
        f"CREATE OR REPLACE TRIGGER {name} {when.format(table=quote(table))} "
        f"EXECUTE FUNCTION {FUNCTION}()"
        for name, when in TRIGGERS.items()
    ]


def unprotect_sql(table: str, quote) -> list[str]:
    """The statements that undo ``protect_sql`` (the function stays: other tables use it)."""
    return [f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}" for name in TRIGGERS]


class AppendOnly(Operation):
    """Make the named models' tables append-only in PostgreSQL; nothing on other databases."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, *model_names: str) -> None:
        self.model_names = model_names

    def deconstruct(self):
        return self.__class__.__qualname__, self.model_names, {}

    def state_forwards(self, app_label, state) -> None:
        pass  # triggers are not part of Django's model state

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            # params=None: the function's RAISE has % placeholders of its own.
            schema_editor.execute(FUNCTION_SQL, params=None)
        self._run(protect_sql, app_label, schema_editor, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        self._run(unprotect_sql, app_label, schema_editor, from_state)

    def describe(self) -> str:
        return f"Make {', '.join(self.model_names)} append-only (PostgreSQL)"

    @property
    def migration_name_fragment(self) -> str:
        return "make_append_only"

    def _run(self, statements, app_label, schema_editor, state) -> None:
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        for name in self.model_names:
            model = state.apps.get_model(app_label, name)
            if not self.allow_migrate_model(connection.alias, model):
                continue
            for sql in statements(model._meta.db_table, schema_editor.quote_name):
                schema_editor.execute(sql, params=None)
