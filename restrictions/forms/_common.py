"""Form pieces restrictions' forms share: the cited contacts, a reason, a bare confirmation."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musuc.forms import (
    GovukFormMixin,
    reason_field,
)
from musuc.text import excerpt


def _text(label, required_message):
    """A required text area for what is not a reason (what to change, how to reach us)."""
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=label,
        error_messages={"required": required_message},
    )


class ContactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, contact):
        extreme = _(" (extremely unacceptable)") if contact.extremely_unacceptable else ""
        when = date_format(timezone.localtime(contact.occurred_at), "SHORT_DATETIME_FORMAT")
        channel = contact.get_channel_display()
        return f"{when}, {channel}: {excerpt(contact.summary, 80)}{extreme}"


class ConfirmForm(GovukFormMixin, forms.Form):
    """A button with nothing to fill in; refusals still show in the error summary."""


class ReasonForm(GovukFormMixin, forms.Form):
    reason = reason_field(gettext_lazy("Reason"), gettext_lazy("Enter the reason"))
