"""The restriction's page and what is decided on it (the decision, the telling, an early end),
and the approvals queue."""

from __future__ import annotations

from django.contrib import messages
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_fsm import has_transition_perm

from contacts.frame import CaseFileMixin
from musuc import security
from musuc.generic import PageActionView, ServiceFormView
from musuc.models import SecurityEvent
from musuc.roles import PermissionRequiredView
from musuc.security import record_label
from restrictions import gate, selectors, services
from restrictions.choices import RestrictionState, VariationState
from restrictions.forms import (
    DecisionForm,
    ReasonForm,
    ToldForm,
    VariationDecisionForm,
)
from restrictions.letter_links import LETTER_OWED, letters_context
from restrictions.views._common import CheckAnswersMixin, stored_answers


class RestrictionMixin(CaseFileMixin):
    """Pages about one restriction, inside its service user's case file."""

    case_file_section = "restrictions"

    @cached_property
    def restriction(self):
        return selectors.restriction_detail(self.kwargs["pk"])

    def get_reference(self) -> str:
        return self.restriction.service_user.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        restriction = self.restriction
        user = self.request.user
        context["restriction"] = restriction
        context["open_review"] = selectors.open_review_of(restriction)
        context["conditions_in_words"] = [
            (condition, gate.describe(condition)) for condition in restriction.conditions.all()
        ]
        context["decision_refusal"] = (
            selectors.decision_refusal(restriction, user)
            if restriction.state == RestrictionState.PENDING_APPROVAL
            else None
        )
        # What this user may do here, as the state machine's guards and permissions say.
        context["can_decide"] = has_transition_perm(restriction.reject, user)
        context["can_revise"] = has_transition_perm(restriction.submit, user)
        context["can_end"] = has_transition_perm(restriction.end_early, user)
        context["can_record_told"] = restriction.state in (
            RestrictionState.APPROVED,
            RestrictionState.ACTIVE,
        ) and user.has_perm("restrictions.add_restriction")
        if self.request.GET.get("change") == "decision_form":
            changing = stored_answers(
                self.request, reverse("restrictions:decide", args=[restriction.pk])
            )
            if changing is not None:
                context.setdefault("decision_form", DecisionForm(changing))
        context.setdefault("decision_form", DecisionForm())
        context.setdefault("variation_form", VariationDecisionForm())
        context["can_vary"] = restriction.is_in_force and user.has_perm(
            "restrictions.decide_restriction"
        )
        variations = list(restriction.variations.all())
        # The letters of the restriction and of each variation approved, in one read.
        letters, owed = letters_context(
            [restriction, *(v for v in variations if v.state == VariationState.APPROVED)], user
        )
        context.update(owed)
        context["restriction_letters"] = letters.get(restriction)
        context["variations"] = [
            {
                "variation": variation,
                "conditions": [
                    gate.describe(condition)
                    for condition in selectors.variation_conditions(variation) or []
                ],
                "refusal": selectors.variation_refusal(variation, user),
                # The variation's machine says who may decide it, as for the restriction's.
                "can_decide": has_transition_perm(variation.reject, user),
                "letters": letters.get(variation),
            }
            for variation in variations
        ]
        context["evidence"] = list(
            selectors.unacceptable_contacts_of(restriction.service_user)[:20]
        )
        return context


class RestrictionDetailView(PermissionRequiredView, RestrictionMixin, TemplateView):
    """The whole proposal beside the case file's evidence; the decision form for a manager."""

    permission_required = ("restrictions.view_restriction",)
    template_name = "restrictions/restriction_detail.html"


class RestrictionActionView(RestrictionMixin, PageActionView):
    """A form posted from the restriction page."""

    template_name = "restrictions/restriction_detail.html"

    def page_url(self) -> str:
        return self.restriction.get_absolute_url()

    def refused_record(self) -> str:
        return record_label(self.restriction)


class RestrictionDecideView(CheckAnswersMixin, RestrictionActionView):
    permission_required = ("restrictions.view_restriction", "restrictions.decide_restriction")
    form_class = DecisionForm
    form_context_name = "decision_form"
    check_title = gettext_lazy("Check your decision before you record it")
    confirm_label = gettext_lazy("Record the decision")

    def check_problems(self, form):
        refusal = selectors.decision_refusal(self.restriction, self.request.user)
        if refusal is None:
            return {}
        if self.restriction.state == RestrictionState.PENDING_APPROVAL:
            # Refused as the decision itself would be, and logged the same way.
            security.refusal_record(
                self.request,
                kind=SecurityEvent.Kind.TRANSITION_REFUSED,
                detail=refusal,
                record=self.refused_record(),
            )
        return {"__all__": [refusal]}

    def perform(self, form):
        decision = form.cleaned_data["decision"]
        services.restriction_decide(
            restriction=self.restriction,
            manager=self.request.user,
            decision=decision,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            self.request,
            {
                "approve": _("Restriction approved: now write the letter that tells the person"),
                "reject": _("Restriction rejected: the proposer has been told"),
                "return": _("Proposal returned to the proposer, who can revise it or cancel it"),
            }[decision],
            extra_tags=LETTER_OWED if decision == "approve" else "",
        )


class RestrictionToldView(RestrictionMixin, ServiceFormView):
    """How and when the person was told of the decision, or why they could not be: its own page."""

    permission_required = ("restrictions.view_restriction", "restrictions.add_restriction")
    form_class = ToldForm
    template_name = "restrictions/told_form.html"
    success_message = gettext_lazy("Recorded how the person was told")

    def get_initial(self):
        return ToldForm.initial_from(self.restriction)

    def get_success_url(self):
        return self.restriction.get_absolute_url()

    def perform(self, form):
        return services.restriction_record_told(
            restriction=self.restriction, recorded_by=self.request.user, **form.service_kwargs()
        )


class RestrictionEndView(CheckAnswersMixin, RestrictionMixin, ServiceFormView):
    """Ending a restriction early: its own page, then a confirmation page (it cannot be undone)."""

    permission_required = ("restrictions.view_restriction", "restrictions.decide_restriction")
    form_class = ReasonForm
    template_name = "restrictions/end_form.html"
    check_title = gettext_lazy("Are you sure you want to end this restriction?")
    confirm_label = gettext_lazy("End the restriction")
    confirm_destructive = True
    confirm_warning = gettext_lazy(
        "This cannot be undone: the conditions stop applying as soon as you end it."
    )

    def cancel_url(self) -> str:
        return self.restriction.get_absolute_url()

    def get_success_url(self):
        return self.restriction.get_absolute_url()

    def perform(self, form):
        ended = services.restriction_end_early(
            restriction=self.restriction,
            manager=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            self.request,
            _("Restriction ended: now write the letter that tells the person"),
            extra_tags=LETTER_OWED,
        )
        return ended


class ApprovalsQueueView(PermissionRequiredView, TemplateView):
    permission_required = ("restrictions.decide_restriction",)
    template_name = "restrictions/approvals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["queue"] = list(selectors.approvals_queue(self.request.user)[:100])
        return context
