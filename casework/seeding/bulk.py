"""Writing many rows at once: their history rows, and how far along the writing is."""

from __future__ import annotations

import time

from django.db import connection
from django.utils import timezone

# Columns simple-history fills itself; every other column is copied from the record.
HISTORY_BOOKKEEPING = {
    "history_id",
    "history_date",
    "history_type",
    "history_change_reason",
    "history_user_id",
}


def history_write(model, objects, author_column: str) -> None:
    """Write the creation history rows in one INSERT … SELECT: seeded records are audited
    too, without building a second Python object per row."""
    history = model.history.model
    columns = [
        field.column
        for field in history._meta.concrete_fields
        if field.attname not in HISTORY_BOOKKEEPING
    ]
    quote = connection.ops.quote_name
    copied = ", ".join(quote(column) for column in columns)
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 - names from the models
        f"({copied}, history_date, history_type, history_change_reason, history_user_id) "
        f"SELECT {copied}, %s, '+', %s, {quote(author_column)} "
        f"FROM {quote(model._meta.db_table)} WHERE id >= %s AND id <= %s"
    )
    ids = [obj.pk for obj in objects]
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), "Demo data", min(ids), max(ids)])


class Progress:
    """Says, after each batch, how many of how many are made and how long it has taken."""

    def __init__(self, out, label: str, total: int) -> None:
        self.out, self.label, self.total = out, label, total
        self.started = time.monotonic()

    def report(self, done: int) -> None:
        elapsed = time.monotonic() - self.started
        self.out.write(
            f"  {self.label}: {done:,}/{self.total:,} "
            f"({done * 100 // max(self.total, 1)}%) {elapsed:.0f} s"
        )
        self.out.flush()
