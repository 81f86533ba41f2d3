"""Statement and lock timeouts for this process's PostgreSQL connections.

Which process this is decides them: the web entry points (wsgi.py, asgi.py) ask for short ones
so a held lock answers "try again later" in seconds rather than hanging until gunicorn kills the
worker; the Celery worker asks for longer ones; management commands (migrate, seed_demo) ask for
none, so a long migration is never cut off.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections

_NAMES = ("statement_timeout", "lock_timeout")


def use_timeouts(kind: str) -> None:
    """Give every PostgreSQL connection the timeouts settings.DATABASE_TIMEOUTS names for kind."""
    set_timeouts(**settings.DATABASE_TIMEOUTS[kind])


def set_timeouts(*, statement_timeout: int, lock_timeout: int) -> None:
    """Set both timeouts, in milliseconds (0: none), on open connections and on new ones."""
    values = {"statement_timeout": statement_timeout, "lock_timeout": lock_timeout}
    for connection in connections.all():
        if connection.vendor != "postgresql":
            continue
        # libpq's options are read at each connect, so connections opened later get them with
        # no query of their own.
        options = connection.settings_dict.setdefault("OPTIONS", {})
        options["options"] = " ".join(f"-c {name}={int(values[name])}" for name in _NAMES)
        if connection.connection is not None:
            with connection.cursor() as cursor:
                for name in _NAMES:
                    cursor.execute("SELECT set_config(%s, %s, false)", [name, str(values[name])])
