"""Proposing a restriction, and revising or cancelling a proposal returned for changes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import has_transition_perm

from contacts import selectors as contact_selectors
from contacts.frame import CaseFileMixin
from musuc.generic import ServiceFormView
from restrictions import gate, rules, selectors, services
from restrictions.choices import TermMonths
from restrictions.forms import (
    ConfirmForm,
    ProposalForm,
)
from restrictions.views._common import CheckAnswersMixin, PointOfContactFoundMixin
from restrictions.views.decisions import RestrictionActionView, RestrictionMixin


class ProposalFormMixin(PointOfContactFoundMixin):
    """The proposal form, offering the person's unacceptable contacts and case staff."""

    form_class = ProposalForm
    template_name = "restrictions/proposal_form.html"

    check_title = gettext_lazy("Check the proposal before you submit it")
    confirm_label = gettext_lazy("Submit for approval")

    @cached_property
    def unspent_warnings(self) -> int:
        return selectors.person_standing(self.service_user).unspent_warnings

    @cached_property
    def adjustments(self) -> list:
        """The adjustments to weigh, shown beside the question of how they were considered."""
        if not self.service_user.has_adjustments:
            return []
        return contact_selectors.current_adjustments_of(self.service_user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["contacts"] = selectors.unacceptable_contacts_of(self.service_user)
        kwargs["has_adjustments"] = self.service_user.has_adjustments
        kwargs["warning_in_force"] = self.unspent_warnings > 0
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "adjustments": self.adjustments}

    def check_problems(self, form):
        data = form.cleaned_data
        return rules.proposal_problems(
            conditions=form.conditions(),
            contacts=list(data["contacts"]),
            unspent_warnings=self.unspent_warnings,
            justification_without_warning=data.get("justification_without_warning", ""),
            has_reasonable_adjustments=self.service_user.has_adjustments,
            adjustments_considered=data.get("adjustments_considered", ""),
            term_months=data["term_months"],
            reasons=data["reasons"],
            access_route=data["access_route"],
        )

    def answers(self, form):
        data = form.cleaned_data
        answers = [
            self.answer(
                form,
                "kinds",
                _("Conditions"),
                [gate.describe(condition) for condition in form.conditions()],
            ),
            self.answer(
                form,
                "contacts",
                form.fields["contacts"].label,
                [form.fields["contacts"].label_from_instance(c) for c in data["contacts"]],
            ),
            self.answer(form, "reasons", _("Reasons"), [data["reasons"]]),
            self.answer(
                form,
                "term_months",
                _("Term"),
                [
                    _("%(term)s: from %(start)s to %(end)s")
                    % {
                        "term": TermMonths(data["term_months"]).label,
                        "start": date_format(data["starts_on"], "DATE_FORMAT"),
                        "end": date_format(
                            rules.term_end(data["starts_on"], data["term_months"]), "DATE_FORMAT"
                        ),
                    }
                ],
            ),
            self.answer(form, "access_route", _("Ongoing access"), [data["access_route"]]),
        ]
        if data.get("justification_without_warning"):
            answers.append(
                self.answer(
                    form,
                    "justification_without_warning",
                    _("Why without a warning"),
                    [data["justification_without_warning"]],
                )
            )
        if "adjustments_considered" in form.fields:
            answers.append(
                self.answer(
                    form,
                    "adjustments_considered",
                    _("Reasonable adjustments considered"),
                    [data.get("adjustments_considered", "")],
                )
            )
        return answers


class RestrictionProposeView(ProposalFormMixin, CheckAnswersMixin, CaseFileMixin, ServiceFormView):
    permission_required = ("contacts.view_serviceuser", "restrictions.add_restriction")
    case_file_section = "restrictions"
    success_message = gettext_lazy("Restriction proposed: a manager will decide it")

    def get_initial(self):
        return {"starts_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blocking"] = blocking = selectors.restriction_blocking_proposal(self.service_user)
        context["refusal"] = rules.another_restriction_refusal() if blocking else None
        return context

    def perform(self, form):
        return services.restriction_propose(
            service_user=self.service_user, proposed_by=self.request.user, **form.service_kwargs()
        )

    def get_success_url(self):
        return self.result.get_absolute_url()


class RestrictionReviseView(
    ProposalFormMixin, CheckAnswersMixin, RestrictionMixin, ServiceFormView
):
    """The proposer revises a proposal a manager returned, and submits it again."""

    permission_required = ("restrictions.view_restriction", "restrictions.add_restriction")
    success_message = gettext_lazy("Proposal revised and submitted again")

    def dispatch(self, request, *args, **kwargs):
        # Only the proposer, and only while the proposal is back with them.
        if request.user.has_perms(self.permission_required) and not has_transition_perm(
            self.restriction.submit, request.user
        ):
            raise PermissionDenied(_("Only the proposer can revise a proposal returned to them"))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return ProposalForm.initial_from(self.restriction)

    def cancel_url(self) -> str:
        return self.restriction.get_absolute_url()

    def perform(self, form):
        return services.restriction_revise(
            restriction=self.restriction, revised_by=self.request.user, **form.service_kwargs()
        )

    def get_success_url(self):
        return self.restriction.get_absolute_url()


class RestrictionCancelView(RestrictionActionView):
    permission_required = ("restrictions.view_restriction", "restrictions.add_restriction")
    form_class = ConfirmForm
    form_context_name = "cancel_form"
    success_message = gettext_lazy("Proposal cancelled")

    def perform(self, form):
        return services.restriction_cancel(
            restriction=self.restriction, cancelled_by=self.request.user
        )
