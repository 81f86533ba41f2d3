"""The print queue (letters to post, oldest first) and staff's actions on deliveries: mark a
letter posted, try a failed delivery again. The letters' own pages (draft, edit, issue) are
elsewhere; these are delivery's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from letters import delivery, selectors
from letters.models import DELIVER_PERMISSION, LetterDelivery
from musuc.roles import PermissionRequiredView

PRINT_QUEUE_PAGE_SIZE = 25


class PrintQueueView(PermissionRequiredView, ListView):
    """Letters to print and post, oldest first, a page at a time."""

    permission_required = (DELIVER_PERMISSION,)
    template_name = "letters/print_queue.html"
    context_object_name = "deliveries"
    paginate_by = PRINT_QUEUE_PAGE_SIZE
    paginator_class = Paginator

    def get_queryset(self):
        return selectors.print_queue()


class PrintQueuePdfView(PermissionRequiredView, View):
    """The PDF of a letter of the print queue, to print (shown in the browser)."""

    permission_required = (DELIVER_PERMISSION,)

    def get(self, request, pk):
        try:
            letter = selectors.print_queue_delivery(pk).letter
            handle = letter.pdf.open("rb")
        except (LetterDelivery.DoesNotExist, FileNotFoundError, ValueError):
            raise Http404 from None
        response = FileResponse(
            handle,
            filename=f"{letter.reference.replace('/', '-')}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response


def _page_number(request) -> str:
    number = request.POST.get("page", "")
    return number if number.isdigit() else ""


class MarkPostedView(PermissionRequiredView, View):
    """Mark one letter of the print queue as posted; back to the page it was on."""

    permission_required = (DELIVER_PERMISSION,)
    http_method_names = ["post"]

    def post(self, request, pk):
        found = get_object_or_404(LetterDelivery, pk=pk)
        try:
            posted = delivery.delivery_mark_posted(delivery=found, by=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(
                request,
                _("Letter %(reference)s marked as posted") % {"reference": posted.letter.reference},
            )
        url = reverse("letters:print-queue")
        if page := _page_number(request):
            url = f"{url}?{urlencode({'page': page})}"
        return HttpResponseRedirect(url)


class DeliveryRetryView(PermissionRequiredView, View):
    """Try a failed delivery again; back to the page it was shown on (the case file or the
    home page)."""

    permission_required = (DELIVER_PERMISSION,)
    http_method_names = ["post"]

    def post(self, request, pk):
        found = get_object_or_404(
            LetterDelivery.objects.select_related("letter__service_user"), pk=pk
        )
        try:
            tried = delivery.delivery_retry(delivery=found, by=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(
                request,
                _("Letter %(reference)s will be sent again: %(route)s")
                % {"reference": tried.letter.reference, "route": tried.get_route_display()},
            )
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = found.letter.service_user.get_absolute_url()
        return HttpResponseRedirect(back)
