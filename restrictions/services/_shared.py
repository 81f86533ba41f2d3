"""What several of restrictions' services share: locks, permission checks, who hears of work."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_fsm import has_transition_perm

from contacts.models import ServiceUser
from musuc import records
from musuc.models import User
from musuc.outbox import notify_each
from musuc.roles import holders_of
from restrictions import models
from restrictions.models import Restriction, Variation


def _locked_person(service_user: ServiceUser) -> ServiceUser:
    """Serialise decisions about one person (the count of warnings, the restriction in force)."""
    return ServiceUser.objects.select_for_update().get(pk=service_user.pk)


def _relocked[Record: (Restriction, Variation)](record: Record) -> Record:
    """Lock the record's row and read it again under the lock, in place: who may act, and
    whether the move is still open, are judged on the record as it now stands."""
    record.refresh_from_db(from_queryset=type(record).objects.select_for_update())
    return record


def _check_permission(bound_transition, user: User, refusal: str) -> None:
    if not has_transition_perm(bound_transition, user):
        raise PermissionDenied(refusal)


def all_managers() -> list[User]:
    """Every active manager, read once: what ``managers_of`` chooses from (a job reads it once
    per batch and passes it on)."""
    return list(holders_of(models.DECIDE))


def managers_of(team_id: int | None, managers: list[User] | None = None) -> list[User]:
    """The managers who should hear of a team's work: the team's own, or all if it has none.

    ``managers`` is ``all_managers()`` when the caller has read it already."""
    managers = all_managers() if managers is None else managers
    in_team = [manager for manager in managers if manager.team_id == team_id] if team_id else []
    return in_team or list(managers)


def review_team(team_id: int | None, managers: list[User] | None = None) -> int | None:
    """The team whose queue a review joins: the approver's, while it has an active manager;
    otherwise no team, so every manager sees it as they are all told of it."""
    if team_id and any(manager.team_id == team_id for manager in managers_of(team_id, managers)):
        return team_id
    return None


def notify_managers(
    *,
    team_id: int | None,
    key: str,
    subject: str,
    body: str,
    link: str,
    exclude: int | None = None,
) -> int:
    """Notify each manager once per key; the number newly notified."""
    managers = [manager for manager in managers_of(team_id) if manager.pk != exclude]
    return notify_each(managers, key=key, subject=subject, body=body, link=link)


def _restriction_ended(
    restriction: Restriction,
    *,
    ended_by: User,
    reason: str,
    label: str,
    at: dt.datetime | None = None,
) -> None:
    """Record who ended a restriction, when and why, once its transition (ended early, removed
    after review, lifted on dispute) has run."""
    restriction.ended_by, restriction.ended_at = ended_by, at or timezone.now()
    restriction.ended_reason = reason.strip()
    records.recorded_by(restriction, ended_by, label)
    restriction.save()
