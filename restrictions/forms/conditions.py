"""The conditions of a restriction, as a proposal, a variation or a dispute's outcome asks them."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from contacts.choices import Channel
from contacts.forms import FoundBySearchFormMixin, OfferedFewChoiceField, SearchBox
from musuc.forms import (
    GovukDateField,
    GovukFormMixin,
    GovukTimeField,
)
from restrictions.choices import ConditionKind, Weekday
from restrictions.models import Condition
from restrictions.rules import NEVER_RESTRICTED_CHANNELS

RESTRICTABLE_CHANNELS = [
    (code, label) for code, label in Channel.choices if code not in NEVER_RESTRICTED_CHANNELS
]


class ConditionsForm(FoundBySearchFormMixin, GovukFormMixin, forms.Form):
    """The conditions of a restriction: one per kind ticked, each with its details."""

    kinds = forms.MultipleChoiceField(
        choices=ConditionKind.choices,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Conditions"),
        help_text=gettext_lazy("Select each condition and give its details"),
        error_messages={"required": gettext_lazy("Add at least one condition")},
    )
    permitted_days = forms.TypedMultipleChoiceField(
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Days contact is permitted"),
        help_text=gettext_lazy(
            "Times, days and call lengths apply to phone calls, secure voicemail, visits in "
            "person and text relay, where the person chooses the moment: not to post, email "
            "or the online forms"
        ),
    )
    permitted_from = GovukTimeField(
        required=False,
        label=gettext_lazy("Permitted from"),
        help_text=gettext_lazy("24-hour clock, for example 09:30"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    permitted_until = GovukTimeField(
        required=False,
        label=gettext_lazy("Permitted until"),
        help_text=gettext_lazy("A time earlier than the start runs past midnight"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    max_call_minutes = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=240,
        label=gettext_lazy("Longest call in minutes (optional)"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    response_working_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=60,
        label=gettext_lazy("Response time in working days"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    single_point_of_contact = OfferedFewChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Single point of contact"),
        search=SearchBox(
            query="single_point_of_contact_query",
            url=reverse_lazy("contacts:staff-search"),
            button=gettext_lazy("Find staff"),
            no_results=gettext_lazy("No active member of staff has that name"),
        ),
    )
    single_point_of_contact_query = forms.CharField(
        max_length=100,
        required=False,
        label=gettext_lazy("Find the single point of contact"),
        help_text=gettext_lazy("Type the start of their first name, last name or username"),
    )
    open_channels = forms.MultipleChoiceField(
        choices=RESTRICTABLE_CHANNELS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Channels that stay open"),
        help_text=gettext_lazy("The online complaint and review forms always stay open"),
    )
    read_only_channels = forms.MultipleChoiceField(
        # The online forms are never restricted, so never offered as read but not answered.
        choices=RESTRICTABLE_CHANNELS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Channels we read but do not respond to"),
    )
    police_force = forms.CharField(
        max_length=120, required=False, label=gettext_lazy("Police force")
    )
    police_reference = forms.CharField(
        max_length=60, required=False, label=gettext_lazy("Police reference")
    )
    police_reported_on = GovukDateField(
        past_only=True, required=False, label=gettext_lazy("Date reported to the police")
    )
    # Which detail fields belong to which condition: also how refusals find their field.
    DETAILS = {
        ConditionKind.PERMITTED_TIMES: [
            "permitted_days",
            "permitted_from",
            "permitted_until",
            "max_call_minutes",
        ],
        ConditionKind.RESPONSE_TIME: ["response_working_days"],
        ConditionKind.SINGLE_POINT_OF_CONTACT: ["single_point_of_contact"],
        ConditionKind.LIMITED_CHANNELS: ["open_channels"],
        ConditionKind.READ_NO_RESPONSE: ["read_only_channels"],
        ConditionKind.POLICE_REPORT: ["police_force", "police_reference", "police_reported_on"],
    }

    def __init__(self, *args, staff, found_staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        spoc = self.fields["single_point_of_contact"]
        spoc.queryset = staff
        spoc.offer(self.chosen_ids("single_point_of_contact"), found_staff)
        self.fields["kinds"].widget.reveals = dict(self.DETAILS)

    @classmethod
    def condition_initial(cls, conditions) -> dict:
        """The condition fields as these conditions stand."""
        initial = {"kinds": []}
        for condition in conditions:
            initial["kinds"].append(condition.kind)
            if condition.kind == ConditionKind.LIMITED_CHANNELS:
                initial["open_channels"] = condition.channels
            elif condition.kind == ConditionKind.READ_NO_RESPONSE:
                initial["read_only_channels"] = condition.channels
            else:
                for name in cls.DETAILS.get(condition.kind, []):
                    initial[name] = getattr(condition, name)
        return initial

    def conditions(self) -> list[Condition]:
        """Unsaved conditions, one per ticked kind, with only the details that kind takes."""
        data = self.cleaned_data
        built = []
        for kind in data.get("kinds", []):
            condition = Condition(kind=kind)
            if kind == ConditionKind.PERMITTED_TIMES:
                condition.permitted_days = data.get("permitted_days") or []
                condition.permitted_from = data.get("permitted_from")
                condition.permitted_until = data.get("permitted_until")
                condition.max_call_minutes = data.get("max_call_minutes")
            elif kind == ConditionKind.RESPONSE_TIME:
                condition.response_working_days = data.get("response_working_days")
            elif kind == ConditionKind.SINGLE_POINT_OF_CONTACT:
                condition.single_point_of_contact = data.get("single_point_of_contact")
            elif kind == ConditionKind.LIMITED_CHANNELS:
                condition.channels = data.get("open_channels") or []
            elif kind == ConditionKind.READ_NO_RESPONSE:
                condition.channels = data.get("read_only_channels") or []
            elif kind == ConditionKind.POLICE_REPORT:
                condition.police_force = data.get("police_force", "")
                condition.police_reference = data.get("police_reference", "")
                condition.police_reported_on = data.get("police_reported_on")
            built.append(condition)
        return built
