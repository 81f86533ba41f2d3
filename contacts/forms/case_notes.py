"""Reasonable adjustments and safeguarding concerns, and ending either."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.choices import SafeguardingAction
from contacts.forms.search import FoundBySearchFormMixin, OfferedFewChoiceField, SearchBox
from musuc.forms import GovukDateField, GovukFormMixin, GovukTimeField, reason_field
from musuc.models import User


class ReasonableAdjustmentForm(GovukFormMixin, forms.Form):
    need = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Need"),
        help_text=gettext_lazy("What the person needs, in their words where possible"),
        error_messages={"required": gettext_lazy("Enter the need")},
    )
    adjustment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Adjustment agreed"),
        error_messages={"required": gettext_lazy("Enter the adjustment agreed")},
    )
    agreed_on = GovukDateField(
        past_only=True,
        label=gettext_lazy("Date agreed"),
        help_text=gettext_lazy("For example, 27 3 2026"),
        error_messages={"required": gettext_lazy("Enter the date the adjustment was agreed")},
    )

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class SafeguardingConcernForm(FoundBySearchFormMixin, GovukFormMixin, forms.Form):
    concern = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=gettext_lazy("Concern"),
        error_messages={"required": gettext_lazy("Enter the concern")},
    )
    action = forms.ChoiceField(
        choices=SafeguardingAction.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("Action taken"),
        error_messages={"required": gettext_lazy("Select the action taken")},
    )
    action_detail = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Organisation or service contacted, and what was said"),
        error_messages={"required": gettext_lazy("Enter who was contacted and what was said")},
    )
    # Any of the organisation's staff: only the one chosen and those a search found are
    # offered, and the rest are found by typing.
    action_by = OfferedFewChoiceField(
        queryset=User.objects.none(),
        label=gettext_lazy("Action taken by"),
        error_messages={
            "required": gettext_lazy("Select who took the action"),
            "invalid_choice": gettext_lazy("Select an active member of staff"),
        },
        search=SearchBox(
            query="action_by_query",
            url=reverse_lazy("contacts:staff-search"),
            button=gettext_lazy("Find staff"),
            no_results=gettext_lazy("No active member of staff has that name"),
        ),
    )
    action_by_query = forms.CharField(
        max_length=100,
        required=False,
        label=gettext_lazy("Find who took the action"),
        help_text=gettext_lazy("Type the start of their first name, last name or username"),
    )
    action_on = GovukDateField(
        past_only=True,
        label=gettext_lazy("Date of the action"),
        help_text=gettext_lazy("For example, 27 3 2026"),
        error_messages={"required": gettext_lazy("Enter the date of the action")},
    )
    action_time = GovukTimeField(
        label=gettext_lazy("Time of the action"),
        help_text=gettext_lazy("Use the 24-hour clock, for example 14:30"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": gettext_lazy("Enter the time of the action")},
    )

    def __init__(self, *args, staff, found_staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        action_by = self.fields["action_by"]
        action_by.queryset = staff
        action_by.offer(self.chosen_ids("action_by"), found_staff)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action_on") and cleaned.get("action_time"):
            action_at = timezone.make_aware(
                dt.datetime.combine(cleaned["action_on"], cleaned["action_time"])
            )
            if action_at > timezone.now():
                self.add_error("action_time", _("The time of the action must be in the past"))
            cleaned["action_at"] = action_at
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "concern": data["concern"],
            "action": data["action"],
            "action_detail": data["action_detail"],
            "action_by": data["action_by"],
            "action_at": data["action_at"],
        }


class EndForm(GovukFormMixin, forms.Form):
    ended_on = GovukDateField(
        past_only=True,
        label=gettext_lazy("Date it ended"),
        help_text=gettext_lazy("For example, 27 3 2026"),
        error_messages={"required": gettext_lazy("Enter the date it ended")},
    )
    reason = reason_field(gettext_lazy("Reason"), gettext_lazy("Enter why it is ending"), rows=3)
