"""The letters a record's page offers: "Write the letter" for a decision the person must be told
of, and the letters issued about it.

Letters sit above restrictions and disputes, so these pages never read them: they ask
``letters_of_records``, which the letters app fills at start-up (``musuc.hooks``); until it
does, a page shows no letters. A decision's success message tagged ``LETTER_OWED`` offers the
letter in its banner too (``templates/components/_messages.html``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model

from musuc.hooks import Hook

# The extra tag of a decision's success message whose banner offers to write its letter.
LETTER_OWED = "letter-owed"


def _no_letters(records: Sequence[Model], user) -> dict[Model, Any]:
    return {}


def _nothing_owed(panels) -> Any:
    return None


# Each record's letters as its page shows them to the user, by record.
letters_of_records: Hook[[Sequence[Model], Any], dict[Model, Any]] = Hook(
    "letters of records", _no_letters
)
# Of those, the newest decision whose letter the user is offered to write (for the banner).
newest_owed: Hook[[Any], Any] = Hook("newest letter owed", _nothing_owed)


def letters_context(records: Sequence[Model], user) -> tuple[dict[Model, Any], dict[str, Any]]:
    """The records' letters, and the context every such page adds: ``letter_owed``, the one
    a decision's banner offers."""
    panels = letters_of_records(records, user)
    return panels, {"letter_owed": newest_owed(panels.values())}
