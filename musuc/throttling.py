"""Sign-in throttling (django-axes): whose address a request is, and when it is locked out."""

from __future__ import annotations

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from.

    Behind the TLS proxy every request arrives from the proxy, so the client's address is the
    entry the proxy appended to X-Forwarded-For: the right-most, or with more trusted proxies
    in a chain, that many from the right. Entries further left are whatever the client sent
    and are never believed. Without the proxy the header is ignored altogether.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_TLS_PROXY:
        return remote
    entries = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if not entries:
        return remote
    count = max(settings.TRUSTED_PROXY_COUNT, 1)
    candidate = entries[-count] if len(entries) >= count else entries[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class SignInThrottle(AxesDatabaseHandler):
    """Axes' lock on a username from one address, and a wider one on the address itself.

    Five failures for one username from one address lock that pair (AXES_FAILURE_LIMIT); an
    address that fails SIGN_IN_ADDRESS_FAILURE_LIMIT times within the cool-off, whatever the
    usernames, is locked for every username: password spraying.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    @staticmethod
    def address_failures(request) -> int:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _failures_per(*fields: str) -> Subquery:
    """Failures in the cool-off summed over every attempt row sharing these fields."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = (
        AccessAttempt.objects.filter(
            attempt_time__gte=since, **{field: OuterRef(field) for field in fields}
        )
        .values(*fields)
        .annotate(total=Sum("failures_since_start"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def locked_attempts(attempts=None):
    """The attempt rows behind a lock in force now: the username from that address, or the
    whole address (the same two limits ``SignInThrottle`` applies)."""
    attempts = AccessAttempt.objects.all() if attempts is None else attempts
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return (
        attempts.filter(attempt_time__gte=since)
        .annotate(
            failures=_failures_per("username", "ip_address"),
            address_failures=_failures_per("ip_address"),
        )
        .annotate(
            limit=Value(settings.AXES_FAILURE_LIMIT),
            address_limit=Value(settings.SIGN_IN_ADDRESS_FAILURE_LIMIT),
        )
        .filter(
            Q(failures__gte=settings.AXES_FAILURE_LIMIT)
            | Q(address_failures__gte=settings.SIGN_IN_ADDRESS_FAILURE_LIMIT)
        )
    )
