from __future__ import annotations

import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import ListView

from musuc import health, outbox, security
from musuc.forms import SignInForm
from musuc.models import SecurityEvent

NOTIFICATIONS_PAGE_SIZE = 25


def _report(checks: dict[str, bool], healthy: bool) -> JsonResponse:
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{name: "ok" if up else "down" for name, up in checks.items()},
        },
        status=200 if healthy else 503,
    )


@login_not_required
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness, for the load balancer: 503 only when this web process cannot serve pages.

    Pages work without the broker (notifications wait in the outbox), so a broker outage is
    reported here but does not take the web tier out of service.
    """
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    return _report(checks, healthy=checks["database"])


@login_not_required
@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Every dependency, for monitoring: 503 while the database or the broker is down."""
    checks = {"database": health.database_ok(), "broker": health.broker_ok()}
    return _report(checks, healthy=all(checks.values()))


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages (like the admin's) that name no icon."""
    return redirect(static("assets/images/favicon.ico"), permanent=True)


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """Every 403, whichever check refused it, goes into the security log."""
    security.refusal_record(
        request, kind=SecurityEvent.Kind.ACCESS_REFUSED, detail=str(exception or "")
    )
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """500; or 503 when the database did not answer in time (a timeout, a lock) or at all.

    Django calls this while handling the exception (and logs it, with the status, afterwards),
    so the exception is at hand. The page is rendered without the request: its context would
    ask the database again.
    """
    unavailable = isinstance(sys.exception(), OperationalError)
    response = HttpResponse(loader.render_to_string("500.html"), status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = "30"
    return response


class NotificationListView(ListView):
    """What the signed-in person was told, newest first. Every member of staff has one."""

    template_name = "notifications.html"
    context_object_name = "notifications"
    paginate_by = NOTIFICATIONS_PAGE_SIZE

    def get_queryset(self):
        return outbox.notifications_for(self.request.user)
