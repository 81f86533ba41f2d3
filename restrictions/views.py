from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_fsm import has_transition_perm

from contacts import selectors as contact_selectors
from contacts.frame import CaseFileMixin
from musuc import security
from musuc.generic import FoundBySearchMixin, PageActionView, ServiceFormView
from musuc.models import SecurityEvent
from musuc.roles import PermissionRequiredView
from musuc.security import record_label
from restrictions import gate, rules, selectors, services
from restrictions.choices import RestrictionState, ReviewState, TermMonths
from restrictions.forms import (
    ConfirmForm,
    DecisionForm,
    ProposalForm,
    ReasonForm,
    ReviewDecisionForm,
    ReviewToldForm,
    ToldForm,
    VariationDecisionForm,
    VariationForm,
    WarningCloseForm,
    WarningForm,
)
from restrictions.models import Warning
from restrictions.rules import MAX_UNSPENT_WARNINGS

ANSWERS_SESSION_KEY = "check-answers"


def stored_answers(request, action_path: str) -> QueryDict | None:
    """The answers waiting in the session to be confirmed at this address, as posted."""
    stored = request.session.get(f"{ANSWERS_SESSION_KEY}:{action_path}")
    if stored is None:
        return None
    data = QueryDict(mutable=True)
    for name, values in stored.items():
        data.setlist(name, values)
    return data


def _answer_values(field, value) -> list:
    """What an answer says, in words, one item per choice."""
    if value in (None, "", [], ()):
        return []
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [field.label_from_instance(item) for item in value]
    if isinstance(field, forms.ModelChoiceField):
        return [field.label_from_instance(value)]
    if isinstance(field, forms.ChoiceField):
        labels = {str(code): label for code, label in field.choices}
        values = value if isinstance(value, list | tuple) else [value]
        return [labels.get(str(item), item) for item in values]
    if isinstance(field, forms.BooleanField):
        return [_("Yes") if value else _("No")]
    if isinstance(value, dt.date):
        return [date_format(value, "DATE_FORMAT")]
    return [value]


class CheckAnswersMixin:
    """GOV.UK "check answers" before what cannot be taken back.

    A valid first post shows the answers, each with a Change link back to the filled form, and
    a confirm button. The answers wait in the session as posted; only the confirming post binds
    them again, validates them again and calls the service, so nothing is written before it.
    """

    check_template_name = "restrictions/check_answers.html"
    check_title = ""
    confirm_label = ""
    confirm_destructive = False  # a red button, with a warning that it cannot be undone
    confirm_warning = ""

    def _answers_key(self) -> str:
        return f"{ANSWERS_SESSION_KEY}:{self.request.path}"

    def _confirming(self) -> bool:
        return self.request.method == "POST" and "confirm" in self.request.POST

    def change_url(self) -> str:
        """Where the Change links go: the form, filled with the answers (on its page, for a
        form posted from a page that shows several)."""
        if isinstance(self, PageActionView):
            return f"{self.page_url()}?change={self.form_context_name}"
        return f"{self.request.path}?change=1"

    def check_problems(self, form) -> rules.Problems:
        """What the policy's rules refuse in these answers, found before they are checked."""
        return {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        changing = self.request.method == "GET" and "change" in self.request.GET
        if self._confirming() or changing:
            stored = stored_answers(self.request, self.request.path)
            if stored is not None:
                kwargs["data"] = stored
        return kwargs

    def post(self, request, *args, **kwargs):
        if self._confirming() and stored_answers(request, request.path) is None:
            messages.info(request, _("Your answers were not kept: enter them again."))
            return HttpResponseRedirect(self.change_url())
        return super().post(request, *args, **kwargs)

    def answers(self, form) -> list[dict]:
        """Each answer given, labelled as the form asks it."""
        return [
            self.answer(form, name, field.label, _answer_values(field, form.cleaned_data.get(name)))
            for name, field in form.fields.items()
        ]

    def answer(self, form, name: str, key, values: list) -> dict:
        anchor = (form[name].id_for_label or form[name].auto_id) if name in form.fields else ""
        return {"key": key, "values": values, "change_url": f"{self.change_url()}#{anchor}"}

    def form_valid(self, form):
        if not self._confirming():
            problems = self.check_problems(form)
            if problems:
                form.add_problems(problems)
                return self.form_invalid(form)
            self.request.session[self._answers_key()] = {
                name: self.request.POST.getlist(name)
                for name in self.request.POST
                if name != "csrfmiddlewaretoken"
            }
            context = self.get_context_data(form=form)
            context.update(
                answers=self.answers(form),
                check_title=self.check_title,
                confirm_label=self.confirm_label,
                confirm_destructive=self.confirm_destructive,
                confirm_warning=self.confirm_warning,
                confirm_url=self.request.path,
                cancel_url=self.cancel_url(),
            )
            return TemplateResponse(self.request, self.check_template_name, context)
        response = super().form_valid(form)
        if response.status_code == 302:
            self.request.session.pop(self._answers_key(), None)
        return response

    def cancel_url(self) -> str:
        if isinstance(self, PageActionView):
            return self.page_url()
        return reverse("restrictions:case-file", kwargs={"reference": self.service_user.reference})


class CaseFileRestrictionsView(PermissionRequiredView, CaseFileMixin, TemplateView):
    permission_required = ("contacts.view_serviceuser", "restrictions.view_restriction")
    template_name = "restrictions/case_file_restrictions.html"
    case_file_section = "restrictions"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["warnings"] = selectors.warnings_of(self.service_user)
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
            _("Warning issued: warning %(count)s of %(max)s")
            % {"count": count, "max": MAX_UNSPENT_WARNINGS},
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


class PointOfContactFoundMixin(FoundBySearchMixin):
    """A form of conditions: the single point of contact is chosen among all active staff, of
    whom only the one chosen and those a search found are offered."""

    found_by_search = {"single_point_of_contact": ("single_point_of_contact_query", "found_staff")}

    def search(self, name: str, query: str) -> list:
        return list(contact_selectors.staff_search(query)[: contact_selectors.SEARCH_LIMIT])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "staff": contact_selectors.staff_choices()}


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
        context["variations"] = [
            {
                "variation": variation,
                "conditions": [
                    gate.describe(condition)
                    for condition in selectors.variation_conditions(variation) or []
                ],
                "refusal": selectors.variation_refusal(variation, user),
            }
            for variation in restriction.variations.all()
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
                "approve": _("Restriction approved: now record how the person was told"),
                "reject": _("Restriction rejected: the proposer has been told"),
                "return": _("Proposal returned to the proposer, who can revise it or cancel it"),
            }[decision],
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
    success_message = gettext_lazy("Restriction ended")
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
        return services.restriction_end_early(
            restriction=self.restriction,
            manager=self.request.user,
            reason=form.cleaned_data["reason"],
        )


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


class VariationProposeView(PointOfContactFoundMixin, RestrictionMixin, ServiceFormView):
    """A manager proposes new conditions or a new term length for a restriction in force."""

    permission_required = ("restrictions.view_restriction", "restrictions.decide_restriction")
    form_class = VariationForm
    template_name = "restrictions/variation_form.html"
    success_message = gettext_lazy("Variation proposed: another manager will decide it")

    def get_initial(self):
        return VariationForm.condition_initial(self.restriction.conditions.all())

    def perform(self, form):
        return services.variation_propose(
            restriction=self.restriction, proposed_by=self.request.user, **form.service_kwargs()
        )

    def get_success_url(self):
        return self.restriction.get_absolute_url()


class VariationDecideView(RestrictionActionView):
    permission_required = ("restrictions.view_restriction", "restrictions.decide_restriction")
    form_class = VariationDecisionForm
    form_context_name = "variation_form"

    @cached_property
    def variation(self):
        return get_object_or_404(self.restriction.variations, pk=self.kwargs["variation"])

    def perform(self, form):
        approve = form.cleaned_data["decision"] == "approve"
        services.variation_decide(
            variation=self.variation,
            manager=self.request.user,
            approve=approve,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            self.request, _("Variation approved") if approve else _("Variation rejected")
        )


class ApprovalsQueueView(PermissionRequiredView, TemplateView):
    permission_required = ("restrictions.decide_restriction",)
    template_name = "restrictions/approvals.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["queue"] = list(selectors.approvals_queue(self.request.user)[:100])
        return context


class ReviewMixin(CaseFileMixin):
    case_file_section = "restrictions"

    @cached_property
    def review(self):
        return selectors.review_detail(self.kwargs["pk"])

    def get_reference(self) -> str:
        return self.review.restriction.service_user.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.review
        months = selectors.review_evidence(review)
        context.update(
            review=review,
            restriction=review.restriction,
            months=months,
            chart=selectors.evidence_chart(months),
            warnings_during=selectors.warnings_during(review),
            disputes_during=selectors.disputes_during(review),
            overdue=review.is_overdue(timezone.localdate()),
            conditions_in_words=[
                gate.describe(condition)
                for condition in selectors.conditions_in_force(review.restriction_id)
            ],
            can_decide=has_transition_perm(review.decide, self.request.user),
            can_record_told=review.state == ReviewState.DECIDED
            and self.request.user.has_perm("restrictions.add_restriction"),
        )
        if self.request.GET.get("change") == "decision_form":
            changing = stored_answers(
                self.request, reverse("restrictions:review-decide", args=[review.pk])
            )
            if changing is not None:
                context.setdefault("decision_form", ReviewDecisionForm(changing))
        context.setdefault("decision_form", ReviewDecisionForm())
        context.setdefault("told_form", ReviewToldForm(initial=ReviewToldForm.initial_from(review)))
        return context


class ReviewDetailView(PermissionRequiredView, ReviewMixin, TemplateView):
    """The evidence the policy asks for, and the decision: remove or extend."""

    permission_required = ("restrictions.view_review",)
    template_name = "restrictions/review_detail.html"


class ReviewActionView(ReviewMixin, PageActionView):
    """A form posted from the review page."""

    template_name = "restrictions/review_detail.html"

    def page_url(self) -> str:
        return self.review.get_absolute_url()

    def refused_record(self) -> str:
        return record_label(self.review)


class ReviewDecideView(CheckAnswersMixin, ReviewActionView):
    permission_required = ("restrictions.view_review", "restrictions.decide_restriction")
    form_class = ReviewDecisionForm
    form_context_name = "decision_form"
    check_title = gettext_lazy("Check the outcome before you record it")
    confirm_label = gettext_lazy("Record the outcome")

    def perform(self, form):
        review = services.review_decide(
            review=self.review, manager=self.request.user, **form.service_kwargs()
        )
        messages.success(
            self.request,
            _("Restriction extended: now record how the person was told")
            if review.outcome == "extend"
            else _("Restriction removed: now record how the person was told"),
        )
        return review


class ReviewToldView(ReviewActionView):
    permission_required = ("restrictions.view_review", "restrictions.add_restriction")
    form_class = ReviewToldForm
    form_context_name = "told_form"
    success_message = gettext_lazy("Recorded how the person was told")

    def perform(self, form):
        return services.review_record_told(
            review=self.review, recorded_by=self.request.user, **form.service_kwargs()
        )
