"""Proposing a restriction, and a manager's decision on the proposal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy

from musuc.forms import (
    REASONS_TOO_LONG,
    GovukDateField,
    GovukFormMixin,
    reason_field,
    with_reason_limit,
)
from restrictions.choices import TermMonths
from restrictions.forms._common import ContactChoiceField, _text
from restrictions.forms.conditions import ConditionsForm
from restrictions.rules import term_refusal

if TYPE_CHECKING:
    from restrictions.services import Proposal


class ProposalForm(ConditionsForm):
    contacts = ContactChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Unacceptable contacts behind the restriction"),
        error_messages={
            "required": gettext_lazy("Select the unacceptable contacts behind the restriction")
        },
    )
    reasons = reason_field(
        gettext_lazy("Reasons"),
        gettext_lazy("Enter the reasons for the restriction"),
        too_long=REASONS_TOO_LONG,
    )
    term_months = forms.TypedChoiceField(
        choices=TermMonths.choices,
        coerce=int,
        widget=forms.RadioSelect,
        label=gettext_lazy("Term"),
        error_messages={"required": lazy(term_refusal, str)()},
    )
    starts_on = GovukDateField(
        label=gettext_lazy("Start date"),
        help_text=gettext_lazy(
            "Today or later: it applies from the day a manager approves it at the earliest. "
            "For example, 1 12 2026"
        ),
        error_messages={"required": gettext_lazy("Enter the start date")},
    )
    access_route = _text(
        gettext_lazy("How can they still contact the IOPC?"),
        gettext_lazy("Say how the person can still contact the IOPC"),
    )
    justification_without_warning = reason_field(
        gettext_lazy(
            "Why restrict without a warning? (only when a cited contact is extremely unacceptable)"
        ),
        rows=3,
        too_long=with_reason_limit(
            gettext_lazy("The justification must be %(limit)s characters or fewer")
        ),
    )
    adjustments_considered = reason_field(
        gettext_lazy("How were their reasonable adjustments considered?"),
        rows=3,
        too_long=with_reason_limit(
            gettext_lazy(
                "How their reasonable adjustments were considered must be %(limit)s characters "
                "or fewer"
            )
        ),
    )

    def __init__(self, *args, contacts, has_adjustments, warning_in_force, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = contacts
        # Asked only where it can be needed: proposal_problems says when it is.
        if warning_in_force:
            del self.fields["justification_without_warning"]
        if not has_adjustments:
            del self.fields["adjustments_considered"]

    @classmethod
    def initial_from(cls, restriction) -> dict:
        """The form as the proposal stands, for revising one returned for changes."""
        return {
            **cls.condition_initial(restriction.conditions.all()),
            "contacts": list(restriction.contacts.all()),
            "reasons": restriction.reasons,
            "term_months": restriction.term_months,
            "starts_on": restriction.starts_on,
            "access_route": restriction.access_route,
            "justification_without_warning": restriction.justification_without_warning,
            "adjustments_considered": restriction.adjustments_considered,
        }

    def service_kwargs(self) -> Proposal:
        data = self.cleaned_data
        return {
            "conditions": self.conditions(),
            "contacts": list(data["contacts"]),
            "reasons": data["reasons"],
            "term_months": data["term_months"],
            "starts_on": data["starts_on"],
            "access_route": data["access_route"],
            "justification_without_warning": data.get("justification_without_warning", ""),
            "adjustments_considered": data.get("adjustments_considered", ""),
        }


class DecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Approve")),
            ("reject", gettext_lazy("Reject")),
            ("return", gettext_lazy("Return to the proposer for changes")),
        ],
        widget=forms.RadioSelect,
        label=gettext_lazy("Your decision"),
        error_messages={"required": gettext_lazy("Select approve, reject or return")},
    )
    reason = reason_field(
        gettext_lazy("Reason for your decision"),
        gettext_lazy("Enter the reason for your decision"),
    )
