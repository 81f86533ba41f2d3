"""Paging long admin lists without counting every row."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Field, Q
from django.utils.functional import cached_property

# Up to this many rows (as the planner estimates them) a list is counted exactly; beyond,
# the estimate is given.
EXACT_COUNT_UP_TO = 1_000


def planner_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of how many rows a query returns, from its plan; None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Counts exactly when the planner expects few rows, and trusts its estimate otherwise:
    counting a large result costs more than showing a page of it (PERFORMANCE.md). Both read
    the rows alone, in no order: the planner multiplies in a guess at each join's selectivity,
    and an order would have it count along the order's index."""

    @cached_property
    def count(self) -> int:
        if self.is_estimate:
            return self._estimate or 0
        return self.object_list.order_by().count()

    @cached_property
    def is_estimate(self) -> bool:
        """Whether ``count`` is the planner's estimate (so a page may say "about")."""
        return self._estimate is not None and self._estimate > EXACT_COUNT_UP_TO

    @cached_property
    def _estimate(self) -> int | None:
        return planner_estimate(self.object_list.select_related(None).order_by())


class SeekOrder:
    """A list's order as a seek (keyset) key: where a page ends is written as the values of the
    order's fields on its last row (``2026-12-03.4105``), and the next page is the rows after
    those values, read from an index at that point however deep, where ``OFFSET`` would read
    and throw away every row before it (PERFORMANCE.md).

    The order must be total (end in the primary key) and its fields never null; their values
    are written with ``value_to_string``, so none may contain the separator (dates, numbers
    and choices do not)."""

    SEPARATOR = "."

    def __init__(self, model, ordering: Sequence[str]):
        pk = model._meta.pk
        self.fields: list[tuple[Field, bool]] = []
        for name in ordering:
            field_name = name.removeprefix("-")
            field = pk if field_name == "pk" else model._meta.get_field(field_name)
            if field.null:
                raise ImproperlyConfigured(f"{model.__name__}.{field_name} may be null.")
            self.fields.append((field, name.startswith("-")))
        if not self.fields or self.fields[-1][0] != pk:
            raise ImproperlyConfigured(f"A seek order ends in the primary key, not {ordering}.")

    def key(self, row) -> str:
        return self.SEPARATOR.join(field.value_to_string(row) for field, _ in self.fields)

    def parse(self, text: str) -> tuple | None:
        """The key's values, or None for one this order did not write."""
        parts = text.split(self.SEPARATOR)
        if len(parts) != len(self.fields):
            return None
        try:
            return tuple(
                field.to_python(part) for (field, _), part in zip(self.fields, parts, strict=True)
            )
        except ValidationError:
            return None

    def after(self, key: tuple) -> Q:
        """The rows after the key in this order."""
        return self._beyond(key, forwards=True)

    def before(self, key: tuple) -> Q:
        """The rows before the key in this order (read them in ``reversed_ordering``)."""
        return self._beyond(key, forwards=False)

    def reversed_ordering(self) -> list[str]:
        return [("" if descending else "-") + field.name for field, descending in self.fields]

    def _beyond(self, key: tuple, *, forwards: bool) -> Q:
        # (a, b) > (x, y) is a > x, or a = x and b > y; the first field's bound (a >= x) is
        # repeated on its own, as that is the part an index can start its range from.
        def lookup(name: str, descending: bool, *, strict: bool) -> str:
            return f"{name}__{'gt' if forwards != descending else 'lt'}{'' if strict else 'e'}"

        pairs = [
            (field.name, descending, value)
            for (field, descending), value in zip(self.fields, key, strict=True)
        ]
        beyond = Q()
        for place, (name, descending, value) in enumerate(pairs):
            ties = {tied: tied_value for tied, _, tied_value in pairs[:place]}
            beyond |= Q(**ties, **{lookup(name, descending, strict=True): value})
        name, descending, value = pairs[0]
        return Q(**{lookup(name, descending, strict=False): value}) & beyond
