"""Recording a dispute from the case file, and the dispute page the QSR team works on (served
inside the admin, whose site checks the role before any of these run)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_fsm import has_transition_perm

from contacts import selectors as contact_selectors
from contacts.frame import CaseFileMixin, StaffSearchView
from disputes import rules, selectors, services
from disputes.choices import DisputeOutcome, DisputeState
from disputes.forms import (
    AssigneeForm,
    CloseForm,
    DisputeDecisionForm,
    DisputeRecordForm,
    WithdrawForm,
)
from musuc.generic import FoundBySearchMixin, PageActionView, ServiceFormView
from musuc.roles import PermissionRequiredView
from musuc.security import record_label
from restrictions import gate
from restrictions import selectors as restriction_selectors
from restrictions.choices import DeliveryMethod
from restrictions.forms import ConfirmForm
from restrictions.letter_links import LETTER_OWED, letters_context

HANDLE = "disputes.handle_dispute"


class CaseFileDisputesView(PermissionRequiredView, CaseFileMixin, TemplateView):
    permission_required = ("contacts.view_serviceuser", "disputes.view_dispute")
    template_name = "disputes/case_file_disputes.html"
    case_file_section = "disputes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        disputes = list(selectors.disputes_of(self.service_user))
        selectors.working_days_left(disputes, timezone.localdate())
        context["disputes"] = disputes
        letters, owed = letters_context(disputes, self.request.user)
        context.update(owed)
        for dispute in disputes:
            dispute.letter_panel = letters.get(dispute)
        return context


class DisputeRecordView(CaseFileMixin, ServiceFormView):
    permission_required = ("contacts.view_serviceuser", "disputes.add_dispute")
    form_class = DisputeRecordForm
    template_name = "disputes/dispute_record.html"
    case_file_section = "disputes"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["terms"] = selectors.disputable_terms(self.service_user)
        kwargs["disputed_ids"] = selectors.disputed_term_ids(self.service_user)
        return kwargs

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_terms"] = bool(context["form"].fields["term"].queryset)
        return context

    def perform(self, form):
        dispute = services.dispute_record(
            service_user=self.service_user, recorded_by=self.request.user, **form.service_kwargs()
        )
        messages.success(
            self.request,
            _("Dispute recorded: the outcome is due by %(due)s")
            % {"due": date_format(dispute.due_on, "DATE_FORMAT")},
            extra_tags=LETTER_OWED,
        )
        return dispute

    def get_success_url(self):
        return reverse("disputes:case-file", kwargs={"reference": self.service_user.reference})


class DisputeRecordMixin(CaseFileMixin):
    """A page about one dispute, under its person's identity bar."""

    @cached_property
    def dispute(self):
        return selectors.dispute_page(self.kwargs["pk"])

    def get_reference(self) -> str:
        return self.dispute.service_user.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dispute"] = self.dispute
        return context


class DisputeMixin(DisputeRecordMixin):
    """The dispute page: the restriction, its conditions and reasons, the decision, the case
    file's contacts and warnings, the statement, and the transitions this user may make."""

    template_name = "disputes/dispute_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dispute, user = self.dispute, self.request.user
        selectors.working_days_left([dispute], timezone.localdate())
        restriction = dispute.restriction
        context["overdue"] = dispute.is_overdue(timezone.localdate())
        context["overdue_by"] = max(0, -dispute.days_left)
        context["due_soon_days"] = rules.DUE_SOON_WORKING_DAYS
        # Most often the restriction in force, whose conditions the header read already.
        conditions = restriction_selectors.conditions_in_force_of(
            restriction.pk, standing=context.get("standing")
        )
        context["conditions_in_words"] = [gate.describe(condition) for condition in conditions]
        context["terms"] = selectors.restriction_terms(restriction)
        contacts = selectors.dispute_page_contacts(dispute)
        context["contacts"] = contacts.recent
        context["flagged_contacts"] = contacts.flagged
        context["cited_contacts"] = contacts.cited
        context["warnings"] = list(
            restriction_selectors.warnings_of(dispute.service_user, with_contacts=False)
        )
        context["history"] = list(
            dispute.history.select_related("history_user").order_by("-history_date")[:30]
        )
        # The buttons follow the transitions' own source states and permissions.
        for name, move in (
            ("can_assign", dispute.assign),
            ("can_reassign", dispute.reassign),
            ("can_start", dispute.start_assessment),
            ("can_withdraw", dispute.withdraw),
            ("can_close", dispute.close),
            ("can_decide", dispute.decide),
        ):
            context[name] = has_transition_perm(move, user)
        # Someone who took part in the decision is told why once, instead of being offered it.
        context["independence_refusal"] = (
            rules.not_independent(user, yourself=True)
            if user.has_perm(HANDLE)
            and dispute.is_open
            and rules.took_part_in_decision(dispute, user)
            else None
        )
        context["decision_refusal"] = (
            services.decision_refusal(dispute, user)
            if user.has_perm(HANDLE)
            and dispute.state == DisputeState.UNDER_ASSESSMENT
            and not context["independence_refusal"]
            else None
        )
        if context["can_assign"] or context["can_reassign"]:
            members = offered_members(dispute).exclude(pk=dispute.assigned_to_id)
            context.setdefault("assign_form", AssigneeForm(members=members, disputes=[dispute]))
        context.setdefault("confirm_form", ConfirmForm())
        letters, owed = letters_context([dispute], user)
        context.update(owed, dispute_letters=letters.get(dispute))
        context.setdefault("close_form", CloseForm(initial=close_initial(letters.get(dispute))))
        if context["can_decide"]:
            # Back from checking the answers to change one: the answers as given.
            context.setdefault(
                "decide_form",
                DisputeDecisionForm(
                    data=decision_answers(self.request, dispute),
                    staff=contact_selectors.staff_choices(),
                    initial=DisputeDecisionForm.condition_initial(conditions),
                ),
            )
        return context


def close_initial(panel) -> dict:
    """The close form's answers: the day and way the outcome letter went, once it is issued
    (the method when its format says it; an email may have gone by post), else today. (A
    dispute is closed once decided, when the letter it calls for is the outcome's.)"""
    letter = panel.issued_now if panel is not None else None
    if letter is None:
        return {"sent_on": timezone.localdate()}
    initial = {"sent_on": letter.issued_on}
    if letter.posted:
        initial["sent_method"] = DeliveryMethod.LETTER
    return initial


def _answers_key(dispute) -> str:
    return f"dispute-decision:{dispute.pk}"


def decision_answers(request, dispute) -> QueryDict | None:
    """The decision's answers kept between giving them and confirming them, if any."""
    stored = request.session.get(_answers_key(dispute))
    if stored is None:
        return None
    answers = QueryDict(mutable=True)
    for name, values in stored.items():
        answers.setlist(name, values)
    return answers


def offered_members(dispute) -> QuerySet:
    return selectors.assignees_offered([dispute], services.qsr_members())


class DisputePageView(PermissionRequiredView, DisputeMixin, TemplateView):
    permission_required = ("disputes.view_dispute", "contacts.view_serviceuser")


class DisputeActionView(DisputeMixin, PageActionView):
    """A transition posted from the dispute page."""

    permission_required = ("disputes.view_dispute", "contacts.view_serviceuser", HANDLE)

    def page_url(self) -> str:
        return self.dispute.get_absolute_url()

    def refused_record(self) -> str:
        return record_label(self.dispute)


class _AssigneeActionView(FoundBySearchMixin, DisputeActionView):
    form_class = AssigneeForm
    form_context_name = "assign_form"
    found_by_search = {"assignee": ("assignee_query", "found")}

    def search(self, name: str, query: str) -> list:
        members = offered_members(self.dispute).exclude(pk=self.dispute.assigned_to_id)
        found = contact_selectors.staff_search(query, among=members)
        return list(found[: contact_selectors.SEARCH_LIMIT])

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "members": offered_members(self.dispute),
            "disputes": [self.dispute],
        }


class DisputeAssignView(_AssigneeActionView):
    def perform(self, form):
        services.dispute_assign(
            dispute=self.dispute,
            assigned_by=self.request.user,
            assignee=form.cleaned_data["assignee"],
        )
        messages.success(
            self.request,
            _("Dispute assigned to %(name)s") % {"name": form.cleaned_data["assignee"]},
        )


class DisputeAssignToMeView(DisputeActionView):
    form_class = ConfirmForm
    form_context_name = "confirm_form"
    success_message = gettext_lazy("Dispute assigned to you")

    def perform(self, form):
        services.dispute_assign(
            dispute=self.dispute, assigned_by=self.request.user, assignee=self.request.user
        )


class DisputeReassignView(_AssigneeActionView):
    def perform(self, form):
        services.dispute_reassign(
            dispute=self.dispute,
            reassigned_by=self.request.user,
            assignee=form.cleaned_data["assignee"],
        )
        messages.success(
            self.request,
            _("Dispute reassigned to %(name)s") % {"name": form.cleaned_data["assignee"]},
        )


class DisputeStartView(DisputeActionView):
    form_class = ConfirmForm
    form_context_name = "confirm_form"
    success_message = gettext_lazy("Assessment started")

    def perform(self, form):
        services.dispute_start_assessment(dispute=self.dispute, started_by=self.request.user)


class DisputeDecideView(FoundBySearchMixin, DisputeActionView):
    """The outcome's answers, posted from the dispute page: checked as the service would, kept,
    and shown back to be confirmed, as an outcome once recorded cannot be taken back."""

    form_class = DisputeDecisionForm
    form_context_name = "decide_form"
    found_by_search = {"single_point_of_contact": ("single_point_of_contact_query", "found_staff")}

    def search(self, name: str, query: str) -> list:
        return list(contact_selectors.staff_search(query)[: contact_selectors.SEARCH_LIMIT])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "staff": contact_selectors.staff_choices()}

    def perform(self, form):
        if refusal := services.decision_refusal(self.dispute, self.request.user):
            raise PermissionDenied(refusal)
        if problems := services.dispute_decision_problems(
            dispute=self.dispute, **form.service_kwargs()
        ):
            raise ValidationError(problems)
        self.request.session[_answers_key(self.dispute)] = {
            name: self.request.POST.getlist(name)
            for name in self.request.POST
            if name != "csrfmiddlewaretoken"
        }

    def get_success_url(self):
        return reverse("admin:disputes_dispute_decide_check", args=[self.dispute.pk])


class DisputeOwnPageView(DisputeRecordMixin, PageActionView):
    """A step of its own for one transition, reached from the dispute page: shown while the
    transition is open to this user, and back on the dispute page once done."""

    permission_required = ("disputes.view_dispute", "contacts.view_serviceuser", HANDLE)
    form_context_name = "form"

    def transition(self):
        raise ImproperlyConfigured(f"{type(self).__name__} names no transition().")

    def page_url(self) -> str:
        return self.dispute.get_absolute_url()

    def refused_record(self) -> str:
        return record_label(self.dispute)

    def get(self, request, *args, **kwargs):
        if not has_transition_perm(self.transition(), request.user):
            return super().get(request, *args, **kwargs)  # back to the dispute page
        return self.render_to_response(self.get_context_data())


class DisputeDecisionCheckView(DisputeOwnPageView):
    """Check your answers: the outcome as it will be recorded, each answer with a link to change
    it, and the button that records it and applies it to the restriction."""

    form_class = DisputeDecisionForm
    template_name = "disputes/dispute_decision_check.html"

    def transition(self):
        return self.dispute.decide

    @cached_property
    def answers(self):
        return decision_answers(self.request, self.dispute)

    def get_form_kwargs(self):
        return {"data": self.answers, "staff": contact_selectors.staff_choices()}

    def get(self, request, *args, **kwargs):
        # Nothing to check, or no longer valid (a member of staff left, say): the dispute page.
        if self.answers is None or not self.get_form().is_valid():
            return PageActionView.get(self, request, *args, **kwargs)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.answers is None:  # confirmed twice, or the session ended: nothing to record
            return PageActionView.get(self, request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_valid():
            answers = form.service_kwargs()
            context["outcome_label"] = DisputeOutcome(answers["outcome"]).label
            context["answers"] = answers
            context["varies"] = answers["outcome"] == DisputeOutcome.PARTLY_UPHELD
            context["term_label"] = dict(form.fields["new_term_months"].choices).get(
                answers["new_term_months"]
            )
            context["conditions_in_words"] = (
                [gate.describe(condition) for condition in answers["conditions"]]
                if answers["conditions"] is not None
                else None
            )
        return context

    def perform(self, form):
        services.dispute_decide(
            dispute=self.dispute, decided_by=self.request.user, **form.service_kwargs()
        )
        del self.request.session[_answers_key(self.dispute)]
        messages.success(
            self.request,
            _("Outcome recorded and applied to the restriction"),
            extra_tags=LETTER_OWED,
        )


class DisputeCloseView(DisputeActionView):
    form_class = CloseForm
    form_context_name = "close_form"
    success_message = gettext_lazy("Dispute closed: the outcome was sent")

    def perform(self, form):
        services.dispute_close(
            dispute=self.dispute,
            closed_by=self.request.user,
            sent_on=form.cleaned_data["sent_on"],
            sent_method=form.cleaned_data["sent_method"],
        )


class DisputeWithdrawView(DisputeOwnPageView):
    """The person withdrew the dispute: its own page, apart from the assessment."""

    form_class = WithdrawForm
    template_name = "disputes/dispute_withdraw.html"
    success_message = gettext_lazy("Withdrawal recorded")

    def transition(self):
        return self.dispute.withdraw

    def perform(self, form):
        services.dispute_withdraw(
            dispute=self.dispute,
            withdrawn_by=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class DisputeStaffSearchView(StaffSearchView):
    """Active staff by name, for the single point of contact of a dispute partly upheld."""

    permission_required = (HANDLE,)


class AssigneeSearchView(StaffSearchView):
    """The members of the QSR team who may be given the disputes named (``?dispute=``, one or
    more): nobody who took part in a decision disputed."""

    permission_required = (HANDLE,)

    def found(self, query: str):
        ids = [int(v) for v in self.request.GET.getlist("dispute") if v.isascii() and v.isdigit()]
        disputes = selectors.disputes_to_assign(ids[:100])
        members = selectors.assignees_offered(disputes, services.qsr_members())
        return contact_selectors.staff_search(query, among=members)
