"""The restrictions tab of the case file, and issuing and closing warnings."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from contacts.frame import CaseFileMixin
from musuc.generic import ServiceFormView
from musuc.roles import PermissionRequiredView
from restrictions import rules, selectors, services
from restrictions.forms import (
    WarningCloseForm,
    WarningForm,
)
from restrictions.letter_links import LETTER_OWED, letters_context
from restrictions.models import Warning
from restrictions.rules import MAX_UNSPENT_WARNINGS
from restrictions.views._common import CheckAnswersMixin


class CaseFileRestrictionsView(PermissionRequiredView, CaseFileMixin, TemplateView):
    permission_required = ("contacts.view_serviceuser", "restrictions.view_restriction")
    template_name = "restrictions/case_file_restrictions.html"
    case_file_section = "restrictions"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["warnings"] = warnings = list(selectors.warnings_of(self.service_user))
        letters, owed = letters_context(warnings, self.request.user)
        context.update(owed)
        for warning in warnings:
            warning.letter_panel = letters.get(warning)
        context["restrictions"] = restrictions = list(selectors.restrictions_of(self.service_user))
        # Say why where the button would be, rather than offer what is always refused.
        context["warning_refusal"] = rules.warning_limit_refusal(
            context["standing"].unspent_warnings
        )
        context["proposal_refusal"] = (
            rules.another_restriction_refusal()
            if any(r.state in rules.RESTRICTION_STATES_BLOCKING_A_PROPOSAL for r in restrictions)
            else None
        )
        return context


class WarningIssueView(CheckAnswersMixin, CaseFileMixin, ServiceFormView):
    permission_required = ("contacts.view_serviceuser", "restrictions.add_warning")
    form_class = WarningForm
    template_name = "restrictions/warning_form.html"
    case_file_section = "restrictions"
    check_title = gettext_lazy("Check the warning before you issue it")
    confirm_label = gettext_lazy("Issue the warning")

    def check_problems(self, form):
        refusal = rules.warning_limit_refusal(
            selectors.person_standing(self.service_user).unspent_warnings
        )
        return {"__all__": [refusal]} if refusal else {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["contacts"] = selectors.unacceptable_contacts_of(self.service_user)
        return kwargs

    def get_initial(self):
        return {"delivered_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refusal"] = rules.warning_limit_refusal(context["standing"].unspent_warnings)
        return context

    def perform(self, form):
        warning = services.warning_issue(
            service_user=self.service_user, issued_by=self.request.user, **form.cleaned_data
        )
        count = selectors.person_standing(self.service_user).unspent_warnings
        messages.success(
            self.request,
            _(
                "Warning issued: warning %(count)s of %(max)s. Now write the letter that tells "
                "the person"
            )
            % {"count": count, "max": MAX_UNSPENT_WARNINGS},
            extra_tags=LETTER_OWED,
        )
        return warning

    def get_success_url(self):
        return reverse("restrictions:case-file", kwargs={"reference": self.service_user.reference})


class WarningCloseView(CaseFileMixin, ServiceFormView):
    permission_required = ("restrictions.view_warning", "restrictions.close_warning")
    form_class = WarningCloseForm
    template_name = "restrictions/warning_close.html"
    case_file_section = "restrictions"

    @cached_property
    def warning(self):
        return get_object_or_404(
            Warning.objects.select_related("service_user"), pk=self.kwargs["pk"]
        )

    def get_reference(self) -> str:
        return self.warning.service_user.reference

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "warning": self.warning}

    def perform(self, form):
        withdraw = form.cleaned_data["outcome"] == "withdraw"
        services.warning_close(
            warning=self.warning,
            closed_by=self.request.user,
            reason=form.cleaned_data["reason"],
            withdraw=withdraw,
        )
        messages.success(self.request, _("Warning withdrawn") if withdraw else _("Matter closed"))

    def get_success_url(self):
        return reverse("restrictions:case-file", kwargs={"reference": self.service_user.reference})
