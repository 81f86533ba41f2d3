"""The shape of every page that changes something: check the role, validate, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from musuc import security
from musuc.models import SecurityEvent
from musuc.roles import PermissionRequiredView


class ServiceFormView(PermissionRequiredView, FormView):
    """A form page whose valid submission calls ``self.perform(form)``: one service call.

    A refusal from the service re-renders the form with its reasons beside the fields and
    everything the user typed kept.
    """

    success_message = ""

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ValidationError as error:
            self.show_refusal(
                form,
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages},
            )
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def show_refusal(self, form, problems: dict[str, list[str]]) -> None:
        """Put the service's reasons beside the fields they name (on a page of two forms, each
        form's own)."""
        form.add_problems(problems)


class PageActionView(ServiceFormView):
    """A form posted from a page that shows several (a decision, a record of telling, …).

    A GET goes back to the page, success returns to it, and a refusal re-renders the page
    with this form under ``form_context_name`` showing its reasons. A service's
    PermissionDenied (the role may use the page, but not for this record) is shown the same way.
    """

    form_context_name = ""

    def page_url(self) -> str:
        raise ImproperlyConfigured(f"{type(self).__name__} names no page_url().")

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(self.page_url())

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None)
        if form is not None:
            kwargs[self.form_context_name] = form
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PermissionDenied as refusal:
            security.refusal_record(
                self.request,
                kind=SecurityEvent.Kind.TRANSITION_REFUSED,
                detail=str(refusal),
                record=self.refused_record(),
            )
            form.add_error(None, str(refusal) or _("You cannot do this."))
            return self.form_invalid(form)

    def refused_record(self) -> str:
        """The record a refused action was about, as the security log names it."""
        return ""

    def get_success_url(self):
        return self.page_url()


class FoundBySearchMixin:
    """A form whose searched fields each have a Find button for a browser without JavaScript:
    pressing it posts the form back, unjudged, with the records that match offered.

    ``found_by_search`` maps each searched field to the field holding what was typed and the
    form argument taking the matches; ``search(name, query)`` finds them.
    """

    found_by_search: dict[str, tuple[str, str]] = {}

    def search(self, name: str, query: str) -> list:
        raise ImproperlyConfigured(f"{type(self).__name__} names no search().")

    def finding(self) -> str:
        """The searched field whose Find button was pressed, if one was."""
        if self.request.method != "POST":
            return ""
        name = self.request.POST.get("find", "")
        return name if name in self.found_by_search else ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if name := self.finding():
            query_field, argument = self.found_by_search[name]
            kwargs[argument] = self.search(name, self.request.POST.get(query_field, "")[:100])
        return kwargs

    def post(self, request, *args, **kwargs):
        if self.finding():
            form = self.get_form()
            form.hold_errors()
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)
