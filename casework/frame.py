"""The case file's header, which every page of the case file shows: who the person is and what
each app knows of them (warnings in force, a restriction, an open dispute)."""

from __future__ import annotations

from typing import Any

from contacts.models import ServiceUser
from disputes import selectors as dispute_selectors
from restrictions import selectors as restriction_selectors


def case_file_annotations() -> dict[str, Any]:
    """What the header shows of the person, as annotations of the person's own query."""
    return {
        **restriction_selectors.standing_annotations(),
        **dispute_selectors.open_dispute_annotations(),
    }


def case_file_header(service_user: ServiceUser) -> dict[str, Any]:
    """The header's template, and what it shows: read with the person (``case_file_
    annotations``), but for the conditions of a restriction in force."""
    return {
        "case_file_header": "casework/_case_file_header.html",
        "standing": restriction_selectors.person_standing(service_user),
        "open_dispute": dispute_selectors.open_dispute_shown(service_user),
    }
