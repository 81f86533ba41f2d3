"""Was the person told of a decision? The one form, for a restriction decided and a review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musuc.forms import (
    GovukDateField,
    GovukFormMixin,
    reason_field,
)
from restrictions.choices import DeliveryMethod


class TellingForm(GovukFormMixin, forms.Form):
    """Was the person told? Yes: when and how. No: why it was not possible.

    The details are asked under the answer they belong to (revealed by it with JavaScript,
    all shown without), and only the chosen answer's details are kept or checked.
    """

    TOLD_DETAILS: tuple[str, ...] = ("told_on", "told_method")
    NOT_TOLD_DETAILS: tuple[str, ...] = ("not_told_reason",)

    told = forms.ChoiceField(
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        widget=forms.RadioSelect,
        label=gettext_lazy("Was the person told?"),
        error_messages={"required": gettext_lazy("Select yes if the person was told")},
    )
    told_on = GovukDateField(
        past_only=True,
        required=False,
        label=gettext_lazy("Date they were told"),
        help_text=gettext_lazy("For example, 27 3 2026"),
    )
    told_method = forms.ChoiceField(
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        required=False,
        label=gettext_lazy("How they were told"),
    )
    not_told_reason = reason_field(gettext_lazy("Why was it not possible to tell them?"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["told"].widget.reveals = {
            "yes": list(self.TOLD_DETAILS),
            "no": list(self.NOT_TOLD_DETAILS),
        }

    @classmethod
    def initial_from(cls, record) -> dict:
        """The answers as the record holds them, to change what was recorded."""
        if record.told_on:
            return {"told": "yes", **{name: getattr(record, name) for name in cls.TOLD_DETAILS}}
        if record.not_told_reason:
            return {"told": "no", "not_told_reason": record.not_told_reason}
        return {}

    def clean(self):
        data = super().clean()
        told = data.get("told")
        if told == "yes":
            self._ignore(self.NOT_TOLD_DETAILS)
            if data.get("told_on") is None:
                self._require("told_on", _("Enter the date they were told"))
            if not data.get("told_method"):
                self._require("told_method", _("Select how they were told"))
        elif told == "no":
            self._ignore(self.TOLD_DETAILS)
            if not data.get("not_told_reason"):
                self._require("not_told_reason", _("Enter why it was not possible to tell them"))
        return data

    def _require(self, name: str, message: str) -> None:
        if name not in self._errors:  # a date that is not real keeps its own message
            self.add_error(name, message)

    def _ignore(self, names) -> None:
        """What was typed under the answer not chosen is neither kept nor checked."""
        for name in names:
            self._errors.pop(name, None)
            self.cleaned_data[name] = None if name == "told_on" else ""

    def service_kwargs(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in (*self.TOLD_DETAILS, *self.NOT_TOLD_DETAILS)
        }


class ReviewToldForm(TellingForm):
    """How the person was told of a review's outcome."""


class ToldForm(TellingForm):
    """How the person was told of a restriction decided: the letter's reference too."""

    TOLD_DETAILS = ("told_on", "told_method", "told_reference")

    told_reference = forms.CharField(
        max_length=60, required=False, label=gettext_lazy("Letter reference (optional)")
    )

    field_order = ["told", "told_on", "told_method", "told_reference", "not_told_reason"]
