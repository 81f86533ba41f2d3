"""Paging long admin lists without counting every row."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this many rows (as the planner estimates them) an exact count is cheap: take it.
EXACT_COUNT_UP_TO = 10_000


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
    counting a large table costs more than showing a page of it (PERFORMANCE.md)."""

    @cached_property
    def count(self) -> int:
        estimate = planner_estimate(self.object_list)
        if estimate is not None and estimate > EXACT_COUNT_UP_TO:
            return estimate
        return super().count
