"""Writes that belong to the foundation rather than to a case record."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone


def expired_sessions_remove() -> int:
    """Remove sessions past their expiry; running it twice removes nothing more."""
    with transaction.atomic():
        deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
