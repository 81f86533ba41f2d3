"""Sessions end after a spell without activity, without a write on every request.

Django can save the session on every request to push its expiry on (an UPDATE and a COMMIT
per page). Here the session is saved again only once the expiry it was last given is older
than ``SESSION_REFRESH_SECONDS``: a signed-in person who keeps working stays signed in, and
one who stops is signed out between ``SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS`` and
``SESSION_COOKIE_AGE`` later.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

# When the session's expiry was last pushed on, in seconds since the epoch.
REFRESHED_AT = "_musuc_refreshed_at"


def _now() -> int:
    return int(time.time())


@receiver(user_logged_in, dispatch_uid="musuc.sessions.signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    """Signing in saves the session: its expiry starts then."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_AT] = _now()


class SessionRefreshMiddleware:
    """Push a signed-in session's expiry on when the last push is older than the refresh
    interval; otherwise leave the session unwritten."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:  # signed in; reading it loads the session, as auth does
            refreshed = session.get(REFRESHED_AT, 0)
            if _now() - refreshed >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT] = _now()  # marks it modified: saved with a new expiry
        return self.get_response(request)
