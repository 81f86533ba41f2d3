"""Varying a restriction in force: a manager proposes, another decides."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musuc.generic import ServiceFormView
from restrictions import services
from restrictions.forms import (
    VariationDecisionForm,
    VariationForm,
)
from restrictions.letter_links import LETTER_OWED
from restrictions.views._common import PointOfContactFoundMixin
from restrictions.views.decisions import RestrictionActionView, RestrictionMixin


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
        if approve:
            messages.success(
                self.request,
                _("Variation approved: now write the letter that tells the person"),
                extra_tags=LETTER_OWED,
            )
        else:
            messages.success(self.request, _("Variation rejected"))
