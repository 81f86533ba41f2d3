"""The shape every daily job shares: read what is due through an index, a batch at a time."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet


def each_due(due: QuerySet, handle: Callable[[int], bool], batch_size: int) -> int:
    """Run ``handle`` on each row the query finds, a batch at a time, until none is left.

    ``due`` must select only rows still to do, ordered; ``handle`` does one row in its own
    transaction and says whether it did it (False: another run has it, or it no longer
    applies). A batch where nothing moved leaves the rest to whichever run holds them.
    """
    done = 0
    while True:
        ids = list(due.values_list("pk", flat=True)[:batch_size])
        moved = sum(1 for pk in ids if handle(pk))
        done += moved
        if len(ids) < batch_size or not moved:
            return done
