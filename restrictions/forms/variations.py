"""Varying a restriction in force, and the decision on the variation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from musuc.forms import (
    GovukFormMixin,
    reason_field,
)
from restrictions.choices import TermMonths
from restrictions.forms.conditions import ConditionsForm


class VariationForm(ConditionsForm):
    change_conditions = forms.BooleanField(
        required=False, label=gettext_lazy("Replace the conditions with those below")
    )
    new_term_months = forms.TypedChoiceField(
        choices=[("", gettext_lazy("Keep the current term")), *TermMonths.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=gettext_lazy("Length of the current term, from its start"),
    )
    reason = reason_field(
        gettext_lazy("Reason for the variation"), gettext_lazy("Enter the reason for the variation")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].required = False  # the service says so if conditions change to none

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "conditions": self.conditions() if data.get("change_conditions") else None,
            "new_term_months": data.get("new_term_months"),
            "reason": data["reason"],
        }


class VariationDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))],
        widget=forms.RadioSelect,
        label=gettext_lazy("Your decision on the variation"),
        error_messages={"required": gettext_lazy("Select approve or reject")},
    )
    reason = reason_field(
        gettext_lazy("Reason for your decision"), gettext_lazy("Enter the reason for your decision")
    )
