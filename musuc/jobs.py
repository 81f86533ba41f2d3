"""The shape every daily job shares: take what is due a batch at a time, each batch locked and
done in one transaction, until none is left."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import models, transaction


def each_batch[Record: models.Model](
    due: models.QuerySet[Record],
    handle: Callable[[list[Record]], int],
    batch_size: int,
    *,
    lock: Sequence[str] = ("self",),
) -> int:
    """Run ``handle`` on the rows the query finds, a batch at a time, until none is left.

    ``due`` must select only rows still to do, ordered, with what ``handle`` reads joined in.
    Each batch is read with ``SELECT … FOR UPDATE SKIP LOCKED`` (of the tables ``lock``
    names) in its own transaction, and ``handle`` does the whole batch in it, saying how many
    it did. A row another run holds is skipped, so two runs at once split the work and never
    both do a row; a row that run committed no longer matches ``due`` when this one reaches it
    (PostgreSQL reads a locked row again before handing it over). A batch where nothing moved
    leaves the rest to whichever run holds them.
    """
    done = 0
    while True:
        with transaction.atomic():
            batch = list(due.select_for_update(skip_locked=True, of=tuple(lock))[:batch_size])
            moved = handle(batch) if batch else 0
        done += moved
        if len(batch) < batch_size or not moved:
            return done
