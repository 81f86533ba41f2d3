"""The shape of every page that changes something: check the role, validate, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.views.generic import FormView

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
            form.add_problems(
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())
