"""The security log: every change to who may do what, and every refusal, written once.

``event_record`` is the one way a row is written. Account changes (``account_*``) also tell
the person affected and the other administrators through the outbox, in the same
transaction; refusals are only logged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import DatabaseError, models, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musuc.models import SecurityEvent, User
from musuc.outbox import notify_each
from musuc.roles import Role, holders_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

log = logging.getLogger(__name__)

Kind = SecurityEvent.Kind

# What each account event says, to the person affected and to the other administrators.
_SUBJECTS: dict[str, StrOrPromise] = {
    Kind.ACCOUNT_CREATED: gettext_lazy("A staff account was created"),
    Kind.ROLE_GRANTED: gettext_lazy("A role was granted"),
    Kind.ROLE_REMOVED: gettext_lazy("A role was removed"),
    Kind.PASSWORD_RESET: gettext_lazy("A password was reset"),
    Kind.LOCK_CLEARED: gettext_lazy("A sign-in lock was cleared"),
}


def record_label(instance: models.Model) -> str:
    """How the log names a record: "restrictions.Restriction 42"."""
    return f"{instance._meta.label} {instance.pk}"


def client_address(request) -> str | None:
    """The address axes locks out, so the log and the lockouts agree (proxies included)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def event_record(
    *,
    kind: str,
    actor: User | None,
    subject: User | None = None,
    detail: str = "",
    record: str = "",
    address: str | None = None,
) -> SecurityEvent:
    """Write one entry in the security log."""
    return SecurityEvent.objects.create(
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject,
        detail=detail[:300],
        record=record[:300],
        address=address,
    )


# What happened, as a sentence: who did what to whose account (the log's detail fills in the
# role or the username).
_SENTENCES: dict[str, StrOrPromise] = {
    Kind.ACCOUNT_CREATED: gettext_lazy(
        "%(who)s created a staff account for %(whom)s (username %(detail)s) on %(when)s."
    ),
    Kind.ROLE_GRANTED: gettext_lazy("%(who)s gave %(whom)s the %(detail)s role on %(when)s."),
    Kind.ROLE_REMOVED: gettext_lazy(
        "%(who)s removed the %(detail)s role from %(whom)s on %(when)s."
    ),
    Kind.PASSWORD_RESET: gettext_lazy("%(who)s reset the password of %(whom)s on %(when)s."),
    Kind.LOCK_CLEARED: gettext_lazy(
        "%(who)s cleared the sign-in lock on %(whom)s on %(when)s, so they can sign in again."
    ),
}


def _detail_words(event: SecurityEvent) -> str:
    """A role is named as the role's label (translated), anything else as it was logged."""
    if event.kind in (Kind.ROLE_GRANTED, Kind.ROLE_REMOVED) and event.detail in Role.values:
        return str(Role(event.detail).label)
    return event.detail


def _description(event: SecurityEvent, subject_name: str) -> str:
    actor = str(event.actor) if event.actor else _("a command run on the server")
    words = {
        "what": event.get_kind_display(),
        "whom": subject_name,
        "who": actor,
        "when": formats.date_format(timezone.localtime(event.occurred_at), "DATETIME_FORMAT"),
        "detail": _detail_words(event),
    }
    sentence = _SENTENCES.get(event.kind)
    what = (
        capfirst(sentence % words)
        if sentence
        else _("%(what)s: %(whom)s, by %(who)s on %(when)s.") % words
    )
    return (
        what
        + "\n\n"
        + _("If you did not expect this, tell an administrator and the security team now.")
    )


@transaction.atomic
def account_event(
    *,
    kind: str,
    actor: User | None,
    subject: User | None,
    detail: str = "",
    subject_name: str = "",
    request=None,
) -> SecurityEvent:
    """Log a change to an account, and tell the person and the other administrators."""
    event = event_record(
        kind=kind,
        actor=actor,
        subject=subject,
        detail=detail,
        record=record_label(subject) if subject is not None else "",
        address=client_address(request) if request is not None else None,
    )
    name = subject_name or (str(subject) if subject is not None else "")
    body = _description(event, name)
    subject_line = str(_SUBJECTS.get(kind, event.get_kind_display()))
    key = f"security:{event.pk}"
    administrators = holders_of("musuc.view_securityevent")
    if actor is not None:
        administrators = administrators.exclude(pk=actor.pk)
    notify_each(
        administrators.distinct(),
        key=key,
        subject=subject_line,
        body=body,
        link=reverse("admin:musuc_securityevent_change", args=[event.pk]),
    )
    if subject is not None and subject.is_active and (actor is None or subject.pk != actor.pk):
        notify_each([subject], key=key, subject=subject_line, body=body)
    return event


def roles_changed(
    *, actor: User | None, subject: User, before: set[str], after: set[str], request=None
) -> None:
    """One entry for each role granted and each role removed."""
    for role in sorted(after - before):
        account_event(
            kind=Kind.ROLE_GRANTED, actor=actor, subject=subject, detail=role, request=request
        )
    for role in sorted(before - after):
        account_event(
            kind=Kind.ROLE_REMOVED, actor=actor, subject=subject, detail=role, request=request
        )


def refusal_record(request, *, kind: str, detail: str = "", record: str = "") -> None:
    """Log a refusal; a log that cannot be written must not turn the refusal into an error."""
    match = getattr(request, "resolver_match", None)
    action = match.view_name if match is not None else ""
    detail = " ".join(part for part in (request.method, action, detail) if part)
    try:
        with transaction.atomic():
            event_record(
                kind=kind,
                actor=request.user if hasattr(request, "user") else None,
                detail=detail,
                record=record or request.path,
                address=client_address(request),
            )
    except DatabaseError:
        log.exception("Could not write a refusal to the security log: %s", detail)


@transaction.atomic
def password_reset_record(*, actor: User | None, subject: User, request=None) -> None:
    """An administrator set someone's password: log it, and lift that person's lock."""
    account_event(kind=Kind.PASSWORD_RESET, actor=actor, subject=subject, request=request)
    lockout_clear(
        username=subject.username,
        cleared_by=actor,
        request=request,
        because=_("with the password reset"),
    )


@transaction.atomic
def lockout_clear(
    *, username: str, cleared_by: User | None, request=None, because: str = ""
) -> int:
    """Let this username sign in again from every address; logged when a lock was lifted."""
    from axes.utils import reset

    cleared = reset(username=username)
    if cleared:
        account_event(
            kind=Kind.LOCK_CLEARED,
            actor=cleared_by,
            subject=User.objects.filter(username=username).first(),
            detail=" ".join(part for part in (username, because) if part),
            subject_name=username,
            request=request,
        )
    return cleared


def address_lockout_clear(*, address: str, cleared_by: User | None, request=None) -> int:
    """Let every username sign in again from this address (locked for spraying); logged."""
    from axes.utils import reset

    cleared = reset(ip=address)
    if cleared:
        account_event(
            kind=Kind.LOCK_CLEARED,
            actor=cleared_by,
            subject=None,
            detail=address,
            subject_name=address,
            request=request,
        )
    return cleared
