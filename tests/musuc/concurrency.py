"""Two runs of a job at once, each on its own database connection, made to overlap for sure."""

from __future__ import annotations

import pkgutil
import threading
from collections.abc import Callable
from unittest import mock

from django.db import connection

WAIT = 20  # seconds: long enough for a slow machine, short enough to fail rather than hang


def two_runs_at_once(run: Callable[[], int], *, pause_at: str) -> tuple[int, int]:
    """Run ``run`` in two threads: the first stops inside its first batch, at the call of
    ``pause_at`` (a dotted name of a function the batch calls, holding its locks), until the
    second has run to the end; then it goes on. What each run said it did.

    Without the locks the second run would redo the first's batch, and the sums would show
    it (or the guarded UPDATE refuse it); waiting on the locks instead of skipping them fails
    here, as the second run cannot finish while the first holds its batch.
    """
    original = pkgutil.resolve_name(pause_at)
    holding, second_done = threading.Event(), threading.Event()
    first_thread: list[int] = []
    results: dict[str, int] = {}
    errors: list[BaseException] = []

    def paused(*args, **kwargs):
        if threading.get_ident() in first_thread and not holding.is_set():
            holding.set()
            if not second_done.wait(WAIT):
                errors.append(AssertionError("the second run waited for the first's locks"))
        return original(*args, **kwargs)

    def first():
        first_thread.append(threading.get_ident())
        try:
            results["first"] = run()
        except BaseException as error:  # noqa: BLE001 - reported by the test's thread
            errors.append(error)
        finally:
            holding.set()
            connection.close()

    def second():
        holding.wait(WAIT)
        try:
            results["second"] = run()
        except BaseException as error:  # noqa: BLE001 - reported by the test's thread
            errors.append(error)
        finally:
            second_done.set()
            connection.close()

    with mock.patch(pause_at, paused):
        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    return results["first"], results["second"]
