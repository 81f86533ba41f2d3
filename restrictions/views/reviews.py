"""The review of a restriction whose term ended: its evidence, its outcome and the telling."""

from __future__ import annotations

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_fsm import has_transition_perm

from contacts.frame import CaseFileMixin
from musuc.generic import PageActionView
from musuc.roles import PermissionRequiredView
from musuc.security import record_label
from restrictions import gate, selectors, services
from restrictions.choices import ReviewState
from restrictions.forms import (
    ReviewDecisionForm,
    ReviewToldForm,
)
from restrictions.letter_links import LETTER_OWED, letters_context
from restrictions.views._common import CheckAnswersMixin, stored_answers


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
            # While the review is open, those of the restriction in force the header read.
            conditions_in_words=[
                gate.describe(condition)
                for condition in selectors.conditions_in_force_of(
                    review.restriction_id, standing=context.get("standing")
                )
            ],
            can_decide=has_transition_perm(review.decide, self.request.user),
            can_record_told=review.state == ReviewState.DECIDED
            and self.request.user.has_perm("restrictions.add_restriction"),
        )
        letters, owed = letters_context([review], self.request.user)
        context.update(owed, review_letters=letters.get(review))
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
            _("Restriction extended: now write the letter that tells the person")
            if review.outcome == "extend"
            else _("Restriction removed: now write the letter that tells the person"),
            extra_tags=LETTER_OWED,
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
