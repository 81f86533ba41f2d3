from __future__ import annotations

import sys

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import ListView, TemplateView

from contacts import selectors as contact_selectors
from disputes import rules as dispute_rules
from disputes import selectors as dispute_selectors
from musuc import health, outbox, security
from musuc.forms import SignInForm
from musuc.models import SecurityEvent
from musuc.roles import Role, roles_of
from restrictions import selectors as restriction_selectors

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


class HomeView(TemplateView):
    """Each role's own work, read from the records' state. Every signed-in member of staff may
    see their home page.

    Notifications are not listed here: one stays as it was written after the work it told of is
    done (another manager decided the proposal), so the work lists come from the live state and
    the notifications have a history page of their own, linked from here.
    """

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        held = roles_of(user)
        context["works_cases"] = bool(held & {Role.CASEWORKER, Role.MANAGER})
        context["views_cases"] = user.has_perm("contacts.view_serviceuser")
        context["administers"] = Role.ADMINISTRATOR in held
        if user.has_perm("restrictions.decide_restriction"):
            context["approvals"] = list(restriction_selectors.approvals_queue(user)[:20])
            context["reviews"] = restriction_selectors.open_reviews(user)
            context["today"] = timezone.localdate()
        if user.has_perm("disputes.handle_dispute"):
            context["dispute_counts"] = dispute_selectors.queue_counts(user, timezone.localdate())
            context["due_soon_days"] = dispute_rules.DUE_SOON_WORKING_DAYS
        if context["works_cases"]:
            context["recent_contacts"] = contact_selectors.recent_contacts_logged_by(user)
            context["recent_service_users"] = contact_selectors.recent_service_users_added_by(user)
        return context


class NotificationListView(ListView):
    """What the signed-in person was told, newest first. Every member of staff has one."""

    template_name = "notifications.html"
    context_object_name = "notifications"
    paginate_by = NOTIFICATIONS_PAGE_SIZE

    def get_queryset(self):
        return outbox.notifications_for(self.request.user)
