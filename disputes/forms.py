from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import urlencode

from django import forms
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.forms import FoundBySearchFormMixin, OfferedFewChoiceField, SearchBox
from disputes import rules
from disputes.choices import DisputeChannel, DisputeOutcome
from musuc.forms import (
    REASONS_TOO_LONG,
    GovukDateField,
    GovukFormMixin,
    GovukTimeField,
    reason_field,
)
from restrictions.choices import DeliveryMethod, TermMonths
from restrictions.forms import ConditionsForm


def _text(label, required_message, *, rows=4):
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": rows}),
        label=label,
        error_messages={"required": required_message},
    )


class TermChoiceField(forms.ModelChoiceField):
    """Each decision a person may dispute: a restriction's first term, or an extension."""

    def __init__(self, *args, disputed_ids=frozenset(), **kwargs):
        self.disputed_ids = disputed_ids
        super().__init__(*args, **kwargs)

    def label_from_instance(self, term):
        kind = _("Restriction decision") if term.number == 1 else _("Extension")
        label = _("%(kind)s of %(decided)s by %(by)s: %(start)s to %(end)s") % {
            "kind": kind,
            "decided": date_format(timezone.localtime(term.decided_at), "DATE_FORMAT"),
            "by": term.decided_by,
            "start": date_format(term.starts_on, "DATE_FORMAT"),
            "end": date_format(term.ends_on, "DATE_FORMAT"),
        }
        if term.pk in self.disputed_ids:
            label += _(" (already disputed)")
        return label


class DisputeRecordForm(GovukFormMixin, forms.Form):
    term = TermChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label=gettext_lazy("Which decision is disputed?"),
        error_messages={"required": gettext_lazy("Select the decision the person disputes")},
    )
    received_on = GovukDateField(
        past_only=True,
        label=gettext_lazy("Date received"),
        help_text=gettext_lazy("For example, 27 11 2026"),
        error_messages={"required": gettext_lazy("Enter the date the dispute was received")},
    )
    received_time = GovukTimeField(
        required=False,
        label=gettext_lazy("Time received (optional)"),
        help_text=gettext_lazy("24-hour clock, for example 16:45"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    channel = forms.ChoiceField(
        choices=DisputeChannel.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("How was it received?"),
        error_messages={"required": gettext_lazy("Select how the dispute was received")},
    )
    channel_detail = forms.CharField(
        max_length=120, required=False, label=gettext_lazy("If other, how was it received?")
    )
    statement = _text(
        gettext_lazy("What does the person say?"),
        gettext_lazy("Enter what the person says"),
        rows=6,
    )

    def __init__(self, *args, terms, disputed_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms
        self.fields["term"].disputed_ids = disputed_ids

    @staticmethod
    def received_at(day: dt.date, time: dt.time | None) -> dt.datetime:
        """When it was received; with no time given, now if it came today, else midday."""
        if time is None and day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(dt.datetime.combine(day, time or dt.time(12)))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        received_at = self.received_at(data["received_on"], data.get("received_time"))
        return {
            "term": data["term"],
            "received_at": received_at,
            "channel": data["channel"],
            "channel_detail": data.get("channel_detail", ""),
            "statement": data["statement"],
        }


class AssigneeForm(FoundBySearchFormMixin, GovukFormMixin, forms.Form):
    """Who a dispute goes to: a member of the QSR team who took no part in the decision
    disputed, found by typing, as the team can grow."""

    assignee = OfferedFewChoiceField(
        queryset=None,
        label=gettext_lazy("Assign to"),
        error_messages={
            "required": gettext_lazy("Select who the dispute is assigned to"),
            "invalid_choice": gettext_lazy(
                "Select a member of the QSR team who did not take part in the decision disputed"
            ),
        },
        search=SearchBox(
            query="assignee_query",
            url=reverse_lazy("admin:disputes_dispute_assignee_search"),
            button=gettext_lazy("Find a member of the QSR team"),
            no_results=gettext_lazy("No member of the QSR team who may be given it has that name"),
        ),
    )
    assignee_query = forms.CharField(
        max_length=100,
        required=False,
        label=gettext_lazy("Find a member of the QSR team"),
        help_text=gettext_lazy(
            "Type the start of their first name, last name or username: nobody who took part "
            "in the decision disputed is found"
        ),
    )

    def __init__(self, *args, members, disputes=(), found=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = members
        # The script's search is of the members who may be given these very disputes.
        url = reverse("admin:disputes_dispute_assignee_search")
        ids = urlencode([("dispute", dispute.pk) for dispute in disputes])
        field.search = replace(field.search, url=f"{url}?{ids}" if ids else url)
        field.offer(self.chosen_ids("assignee"), found)


class DisputeDecisionForm(ConditionsForm):
    outcome = forms.ChoiceField(
        choices=DisputeOutcome.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("Outcome"),
        error_messages={"required": gettext_lazy("Select not upheld, upheld or partly upheld")},
    )
    reasonable_reasons = reason_field(
        gettext_lazy("Was the restriction reasonable? Give your reasons"),
        gettext_lazy("Say whether the restriction was reasonable, and why"),
        too_long=REASONS_TOO_LONG,
    )
    proportionate_reasons = reason_field(
        gettext_lazy("Was the restriction proportionate? Give your reasons"),
        gettext_lazy("Say whether the restriction was proportionate, and why"),
        too_long=REASONS_TOO_LONG,
    )
    new_term_months = forms.TypedChoiceField(
        choices=[("", gettext_lazy("Keep the current term")), *TermMonths.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=gettext_lazy("Length of the current term, from its start"),
    )
    change_conditions = forms.BooleanField(
        required=False,
        label=gettext_lazy("Replace the conditions"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The QSR team hold no contact work: they find staff through the dispute pages' search.
        spoc = self.fields["single_point_of_contact"]
        spoc.search = replace(spoc.search, url=reverse_lazy("admin:disputes_dispute_staff_search"))
        self.fields["kinds"].required = False  # the service says so if conditions change to none
        # One thing at a time: what only a partly upheld outcome changes shows under it alone.
        self.fields["outcome"].widget.reveals = {
            DisputeOutcome.PARTLY_UPHELD.value: ["new_term_months", "change_conditions"]
        }
        self.fields["change_conditions"].widget.reveals = ["kinds"]

    def clean(self):
        data = super().clean()
        if contradiction := rules.outcome_contradiction(
            outcome=data.get("outcome", ""),
            new_term_months=data.get("new_term_months"),
            changes_conditions=bool(data.get("change_conditions")),
        ):
            self.add_error("outcome", contradiction)
        return data

    def service_kwargs(self) -> dict:
        """What was chosen, as chosen: a contradiction is refused, never quietly dropped."""
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "reasonable_reasons": data["reasonable_reasons"],
            "proportionate_reasons": data["proportionate_reasons"],
            "conditions": self.conditions() if data.get("change_conditions") else None,
            "new_term_months": data.get("new_term_months"),
        }


class CloseForm(GovukFormMixin, forms.Form):
    sent_on = GovukDateField(
        past_only=True,
        label=gettext_lazy("Date the outcome was sent"),
        error_messages={"required": gettext_lazy("Enter the date the outcome was sent")},
    )
    sent_method = forms.ChoiceField(
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("How was the outcome sent?"),
        error_messages={"required": gettext_lazy("Select how the outcome was sent")},
    )


class WithdrawForm(GovukFormMixin, forms.Form):
    reason = reason_field(
        gettext_lazy("Why did the person withdraw the dispute?"),
        gettext_lazy("Enter why the dispute was withdrawn"),
        rows=3,
    )
