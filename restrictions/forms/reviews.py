"""The outcome of a review: remove the restriction, or extend it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from musuc.forms import (
    REASONS_TOO_LONG,
    GovukFormMixin,
    reason_field,
)
from restrictions.choices import ReviewOutcome, TermMonths


class ReviewDecisionForm(GovukFormMixin, forms.Form):
    # One choice, not a nested reveal: axe refuses aria-expanded on a radio button.
    choice = forms.ChoiceField(
        choices=[
            ("remove", ReviewOutcome.REMOVE.label),
            *[
                (f"extend_{months}", gettext_lazy("Extend for %(term)s") % {"term": label})
                for months, label in TermMonths.choices
            ],
        ],
        widget=forms.RadioSelect,
        label=gettext_lazy("Outcome of the review"),
        error_messages={"required": gettext_lazy("Select remove, or extend and for how long")},
    )
    reason = reason_field(
        gettext_lazy("Reasons for the outcome"),
        gettext_lazy("Enter the reasons for the outcome"),
        too_long=REASONS_TOO_LONG,
    )

    def service_kwargs(self) -> dict:
        outcome, _sep, months = self.cleaned_data["choice"].partition("_")
        return {
            "outcome": outcome,
            "extend_months": int(months) if months else None,
            "reason": self.cleaned_data["reason"],
        }
