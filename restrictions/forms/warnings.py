"""Issuing a warning, and closing or withdrawing one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from musuc.forms import (
    REASONS_TOO_LONG,
    GovukDateField,
    GovukFormMixin,
    reason_field,
)
from restrictions.choices import DeliveryMethod
from restrictions.forms._common import ContactChoiceField, ReasonForm, _text


class WarningForm(GovukFormMixin, forms.Form):
    contacts = ContactChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Unacceptable contacts behind the warning"),
        error_messages={
            "required": gettext_lazy("Select at least one unacceptable contact behind the warning")
        },
    )
    reasons = reason_field(
        gettext_lazy("Reasons for the warning"),
        gettext_lazy("Enter the reasons for the warning"),
        too_long=REASONS_TOO_LONG,
    )
    adjustment_requested = _text(
        gettext_lazy("What we ask them to change about how they communicate"),
        gettext_lazy("Enter what the person is asked to change"),
    )
    delivery_method = forms.ChoiceField(
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("How it was delivered"),
        error_messages={"required": gettext_lazy("Select how the warning was delivered")},
    )
    delivered_on = GovukDateField(
        past_only=True,
        label=gettext_lazy("Date delivered"),
        help_text=gettext_lazy("For example, 27 3 2026"),
        error_messages={"required": gettext_lazy("Enter the date the warning was delivered")},
    )

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = contacts


class WarningCloseForm(ReasonForm):
    outcome = forms.ChoiceField(
        choices=[
            ("close", gettext_lazy("Close the matter: the warning is spent")),
            ("withdraw", gettext_lazy("Withdraw: it was issued in error")),
        ],
        widget=forms.RadioSelect,
        label=gettext_lazy("What do you want to do?"),
        error_messages={"required": gettext_lazy("Select close or withdraw")},
    )
