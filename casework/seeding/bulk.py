"""Writing many rows at once: the rows themselves (PostgreSQL's COPY, or bulk inserts where
there is no COPY), their history rows, and how far along the writing is."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

# Columns simple-history fills itself; every other column is copied from the record.
HISTORY_BOOKKEEPING = {
    "history_id",
    "history_date",
    "history_type",
    "history_change_reason",
    "history_user_id",
}
HISTORY_LABEL = "Demo data"

# COPY's text format: a tab between columns, a newline after each row, \N for NULL, and
# these four escaped wherever they occur in a value.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_NULL = "\\N"
# How much of the stream COPY asks for at a time.
_COPY_READ_SIZE = 1 << 16


def _copy_text(value: Any) -> str:
    if value is None:
        return _COPY_NULL
    text = str(value)
    # Translating costs more than looking: most values have nothing to escape.
    return text.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(text) else text


def _copy_json() -> Callable[[Any], str]:
    """JSON values, each list of strings written once: seeded lists repeat (a contact's
    behaviours come from a short list), and encoding costs more than the rest of a row."""
    written: dict[tuple, str] = {}

    def convert(value: Any) -> str:
        if value is None:
            return _COPY_NULL
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return _copy_text(json.dumps(value))
        key = tuple(value)
        text = written.get(key)
        if text is None:
            text = written[key] = _copy_text(json.dumps(value))
        return text

    return convert


def _copy_converter(field: models.Field) -> Callable[[Any], str]:
    """How one column's value is written in COPY's text format."""
    if isinstance(field, models.JSONField):
        return _copy_json()
    if isinstance(field, models.BooleanField):
        return lambda value: _COPY_NULL if value is None else ("t" if value else "f")
    if isinstance(field, models.DateField | models.DateTimeField | models.TimeField):
        return lambda value: _COPY_NULL if value is None else value.isoformat()
    if isinstance(field, models.IntegerField | models.ForeignKey):
        return lambda value: _COPY_NULL if value is None else str(int(value))
    return _copy_text


class _RowStream:
    """A file for COPY to read: the rows' lines in COPY's text format, each made only when
    COPY asks for more, in the thread that runs the COPY."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self._left = ""

    def read(self, size: int = -1) -> str:
        chunks, length = [self._left], len(self._left)
        while size < 0 or length < size:
            line = next(self._lines, None)
            if line is None:
                break
            chunks.append(line)
            length += len(line)
        text = "".join(chunks)
        if size < 0:
            self._left = ""
            return text
        self._left = text[size:]
        return text[:size]


def _constant_value(field: models.Field, now: dt.datetime) -> Any:
    """What a column not given takes, as ``save()`` would fill it."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def rows_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> range:
    """Insert rows of ``model``, each the values of ``fields`` in order (the other columns
    take their defaults, and ``auto_now`` columns the present moment); return their ids.

    PostgreSQL reads them with ``COPY … FROM STDIN`` from a stream that makes each row as it
    is read; other databases (SQLite, for ``make run``) take them by ``bulk_create``. The ids
    are a range: the table is locked against other writers until the transaction ends.
    """
    table = model._meta.db_table
    quote = connection.ops.quote_name
    if connection.vendor != "postgresql":
        created = model._default_manager.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows]
        )
        ids = [obj.pk for obj in created]
        return range(min(ids), max(ids) + 1) if ids else range(0)
    given = [model._meta.get_field(name) for name in fields]
    rest = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field not in given
    ]
    now = timezone.now()
    converters = [_copy_converter(field) for field in given]
    constant = "".join("\t" + _copy_converter(field)(_constant_value(field, now)) for field in rest)
    constant += "\n"

    def lines() -> Iterator[str]:
        for row in rows:
            values = zip(converters, row, strict=True)
            yield "\t".join([convert(value) for convert, value in values]) + constant

    columns = ", ".join(quote(field.column) for field in [*given, *rest])
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # No other writer between reading the highest id and the COPY's last row: the new
        # rows are then exactly those above it.
        cursor.execute(f"LOCK TABLE {quote(table)} IN EXCLUSIVE MODE")
        # Demo rows: a crash may lose the last batches, so no batch waits for the disk.
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(table)}")  # noqa: S608
        (before,) = cursor.fetchone()
        cursor.copy_expert(
            f"COPY {quote(table)} ({columns}) FROM STDIN", _RowStream(lines()), _COPY_READ_SIZE
        )
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {quote(table)} WHERE id > %s", [before])  # noqa: S608
        first, last = cursor.fetchone()
    return range(first, last + 1) if first is not None else range(0)


def history_write(model, ids: range, author_column: str | None) -> None:
    """Write the creation history rows of the records ``ids`` in one INSERT … SELECT:
    seeded records are audited too, without building a second Python object per row.
    ``author_column`` names who made each record (none: the history names nobody)."""
    if not ids:
        return
    history = model.history.model
    columns = [
        field.column
        for field in history._meta.concrete_fields
        if field.attname not in HISTORY_BOOKKEEPING
    ]
    quote = connection.ops.quote_name
    copied = ", ".join(quote(column) for column in columns)
    author = quote(author_column) if author_column else "NULL"
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 - names from the models
        f"({copied}, history_date, history_type, history_change_reason, history_user_id) "
        f"SELECT {copied}, %s, '+', %s, {author} "
        f"FROM {quote(model._meta.db_table)} WHERE id >= %s AND id <= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), HISTORY_LABEL, ids[0], ids[-1]])


def m2m_from_column(model, name: str, ids: range, column: str) -> None:
    """Relate each of the records ``ids`` through the many-to-many ``name`` to the one its own
    ``column`` names (a contact received by whoever logged it), in one INSERT … SELECT."""
    if not ids:
        return
    through = model._meta.get_field(name).remote_field.through
    quote = connection.ops.quote_name
    own, other = _through_columns(model, through)
    sql = (
        f"INSERT INTO {quote(through._meta.db_table)} ({quote(own)}, {quote(other)}) "  # noqa: S608
        f"SELECT id, {quote(column)} FROM {quote(model._meta.db_table)} "
        f"WHERE id >= %s AND id <= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids[0], ids[-1]])


def _through_columns(model, through) -> tuple[str, str]:
    """The columns of a many-to-many table naming the record and the one it is related to."""
    own = through._meta.get_field(model._meta.model_name).column
    other = next(
        field.column
        for field in through._meta.concrete_fields
        if field.is_relation and field.column != own
    )
    return own, other


def m2m_history_write(model, name: str, ids: range) -> None:
    """Write the history of the many-to-many ``name`` of the records ``ids`` beside their
    creation history rows, as simple-history does for a record saved with its relations."""
    if not ids:
        return
    through = model._meta.get_field(name).remote_field.through
    history = model.history.model
    # simple-history's model of the relation's past rows, which it hangs on the history model.
    m2m_history = history.__dict__[name].model
    quote = connection.ops.quote_name
    own, other = _through_columns(model, through)
    sql = (
        f"INSERT INTO {quote(m2m_history._meta.db_table)} "  # noqa: S608 - names from the models
        f"(id, {quote(own)}, {quote(other)}, history_id) "
        f"SELECT t.id, t.{quote(own)}, t.{quote(other)}, h.history_id "
        f"FROM {quote(through._meta.db_table)} t "
        f"JOIN {quote(history._meta.db_table)} h ON h.id = t.{quote(own)} "
        f"AND h.history_type = '+' AND h.id >= %s AND h.id <= %s "
        f"WHERE t.{quote(own)} >= %s AND t.{quote(own)} <= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids[0], ids[-1], ids[0], ids[-1]])


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
