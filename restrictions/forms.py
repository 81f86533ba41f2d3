from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.choices import Channel
from contacts.forms import FoundBySearchFormMixin, OfferedFewChoiceField, SearchBox
from musuc.forms import (
    REASONS_TOO_LONG,
    GovukDateField,
    GovukFormMixin,
    GovukTimeField,
    reason_field,
    with_reason_limit,
)
from musuc.text import excerpt
from restrictions.choices import ConditionKind, DeliveryMethod, ReviewOutcome, TermMonths, Weekday
from restrictions.models import Condition
from restrictions.rules import NEVER_RESTRICTED_CHANNELS, term_refusal

RESTRICTABLE_CHANNELS = [
    (code, label) for code, label in Channel.choices if code not in NEVER_RESTRICTED_CHANNELS
]


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


class ConfirmForm(GovukFormMixin, forms.Form):
    """A button with nothing to fill in; refusals still show in the error summary."""


class ReasonForm(GovukFormMixin, forms.Form):
    reason = reason_field(gettext_lazy("Reason"), gettext_lazy("Enter the reason"))


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

    def service_kwargs(self) -> dict:
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


class ReviewToldForm(GovukFormMixin, forms.Form):
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


class ToldForm(ReviewToldForm):
    """How the person was told of a restriction decided: the letter's reference too."""

    TOLD_DETAILS = ("told_on", "told_method", "told_reference")

    told_reference = forms.CharField(
        max_length=60, required=False, label=gettext_lazy("Letter reference (optional)")
    )

    field_order = ["told", "told_on", "told_method", "told_reference", "not_told_reason"]
