"""Issued letters for the delivery tests, made as the services make them."""

from __future__ import annotations

from contacts.choices import UpdateMethod
from letters import services
from tests.letters import factories as f
from tests.musuc.factories import UserFactory


def wants_email(**details):
    return f.person(update_method=UpdateMethod.EMAIL, **details)


def issued_warning_letter(person=None, *, by=None):
    """A warning's letter, issued by a caseworker."""
    by = by or UserFactory(role="Caseworker")
    warning = f.issued_warning(person or wants_email(), issued_by=by)
    return services.letter_issue(letter=f.drafted(warning, by=by), by=by)
