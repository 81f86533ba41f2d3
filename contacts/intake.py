"""The write that adds a service user together with the contact they made: a caller who is not
on the system yet, logged while still on the line.

A module of its own beside ``services``, whose two writes it joins, rather than a third subject
in a module already past the length at which one is split.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from contacts.models import Contact, ServiceUser
from contacts.services import contact_log, service_user_create
from musuc.models import User


@transaction.atomic
def service_user_add_with_contact(
    *, created_by: User, person_details: dict[str, Any], contact_details: dict[str, Any]
) -> tuple[ServiceUser, Contact]:
    """Add the person and log their contact, both or neither: a contact the rules refuse (or a
    failure while storing it) leaves no service user behind without it."""
    service_user = service_user_create(created_by=created_by, **person_details)
    logged = contact_log(service_user=service_user, logged_by=created_by, **contact_details)
    return service_user, logged
