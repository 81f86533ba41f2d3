from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts import rules
from contacts.attachments import MAX_ATTACHMENTS_PER_UPLOAD, allowed_extensions
from contacts.choices import (
    BEHAVIOUR_GROUPS,
    Assessment,
    Behaviour,
    BehaviourCategory,
    Channel,
    Direction,
    Handling,
    Impact,
    Language,
    PreferredFormat,
    SafeguardingAction,
    UpdateFrequency,
    UpdateMethod,
)
from musuc.forms import GovukDateField, GovukFormMixin, GovukTimeField, reason_field
from musuc.models import Team, User

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def _yes_no_value(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _text(max_length: int, width: str = "", **kwargs) -> forms.CharField:
    attrs = {"class": width} if width else {}
    return forms.CharField(max_length=max_length, widget=forms.TextInput(attrs=attrs), **kwargs)


class ServiceUserForm(GovukFormMixin, forms.Form):
    first_name = _text(100, error_messages={"required": gettext_lazy("Enter their first name")})
    last_name = _text(100, error_messages={"required": gettext_lazy("Enter their last name")})
    date_of_birth = GovukDateField(
        past_only=True,
        required=False,
        label=gettext_lazy("Date of birth (optional)"),
        help_text=gettext_lazy("For example, 27 3 1980"),
    )
    email = forms.EmailField(
        required=False,
        label=gettext_lazy("Email address (optional)"),
        error_messages={
            "invalid": gettext_lazy(
                "Enter an email address in the correct format, like name@example.com"
            )
        },
    )
    phone = _text(
        30, "govuk-input--width-20", required=False, label=gettext_lazy("Phone number (optional)")
    )
    address_line_1 = _text(120, required=False, label=gettext_lazy("Address line 1 (optional)"))
    address_line_2 = _text(120, required=False, label=gettext_lazy("Address line 2 (optional)"))
    town = _text(
        80,
        "govuk-!-width-two-thirds",
        required=False,
        label=gettext_lazy("Town or city (optional)"),
    )
    postcode = _text(
        10, "govuk-input--width-10", required=False, label=gettext_lazy("Postcode (optional)")
    )
    preferred_language = forms.ChoiceField(
        choices=Language.choices,
        initial=Language.ENGLISH,
        widget=forms.RadioSelect,
        label=gettext_lazy("Preferred language"),
    )
    preferred_format = forms.ChoiceField(
        choices=PreferredFormat.choices,
        initial=PreferredFormat.STANDARD,
        widget=forms.RadioSelect,
        label=gettext_lazy("Preferred format"),
    )
    # Revealed under "Other" (see __init__); the browser checks allow the aria-expanded GOV.UK
    # Frontend documents on such a radio (govuk-frontend issue 979).
    preferred_format_detail = _text(
        200, required=False, label=gettext_lazy("If other, which format?")
    )
    update_method = forms.ChoiceField(
        choices=[("", gettext_lazy("Not asked yet")), *UpdateMethod.choices],
        required=False,
        widget=forms.RadioSelect,
        label=gettext_lazy("How they want to be kept informed"),
    )
    update_frequency = forms.ChoiceField(
        choices=[("", gettext_lazy("Not asked yet")), *UpdateFrequency.choices],
        required=False,
        widget=forms.RadioSelect,
        label=gettext_lazy("How often they want to be kept informed"),
    )
    duplicates_checked = forms.CharField(required=False, widget=forms.HiddenInput)

    DUPLICATE_FIELDS = ("first_name", "last_name", "date_of_birth", "email", "phone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_format"].widget.reveals = {
            PreferredFormat.OTHER.value: ["preferred_format_detail"]
        }

    def clean(self):
        """A format of "Other" needs saying which; any other format keeps no such words.

        The browser still sends the hidden question's text after a change from "Other" to
        another format: it is dropped, not refused, so what is kept matches what is shown.
        """
        cleaned = super().clean()
        if cleaned.get("preferred_format") != PreferredFormat.OTHER:
            cleaned["preferred_format_detail"] = ""
        elif not cleaned.get("preferred_format_detail", "").strip():
            self.add_error("preferred_format_detail", _("Enter the format they prefer"))
        return cleaned

    def duplicate_signature(self) -> str:
        """A fingerprint of what the duplicate check looked at, to know if it changed since."""
        parts = [
            str(self.cleaned_data.get(name) or "").strip().lower() for name in self.DUPLICATE_FIELDS
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    def duplicates_already_checked(self) -> bool:
        return self.cleaned_data.get("duplicates_checked") == self.duplicate_signature()

    def details(self) -> dict:
        return {
            name: value for name, value in self.cleaned_data.items() if name != "duplicates_checked"
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS_PER_UPLOAD:
            raise forms.ValidationError(
                _("Select %(count)s files or fewer") % {"count": MAX_ATTACHMENTS_PER_UPLOAD}
            )
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


# The most records a searched field offers as ticked boxes, however many were posted.
MAX_OFFERED = 25


class OfferedFewMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice among many records, as checkboxes for only those chosen and those found.

    An organisation has hundreds of staff: the form offers the ones ticked so far and the ones
    a search found, and the rest are found by typing; what is posted is still checked against
    the whole queryset.
    """

    widget = forms.CheckboxSelectMultiple

    def offer(self, chosen_ids: list[int], found=()) -> None:
        chosen = list(self.queryset.filter(pk__in=chosen_ids)) if chosen_ids else []
        seen = {record.pk for record in chosen}
        offered = chosen + [record for record in found if record.pk not in seen]
        self.widget.choices = [
            (record.pk, self.label_from_instance(record)) for record in offered[:MAX_OFFERED]
        ]


@dataclass(frozen=True)
class SearchBox:
    """The box under a searched field: the field holding what is typed, the endpoint the
    script asks as the person types, and the words of its Find button and of no match."""

    query: str
    url: str
    button: str
    no_results: str
    chosen: str = gettext_lazy("chosen")


class OfferedFewChoiceField(forms.ModelChoiceField):
    """One record among many, as radios for only the one chosen and those a search found.

    Like ``OfferedFewMultipleChoiceField`` for a single choice (a single point of contact, an
    assignee): what is posted is still checked against the whole queryset.
    """

    widget = forms.RadioSelect

    def __init__(self, *args, search: SearchBox | None = None, **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)
        self.search = search

    def offer(self, chosen_ids: list[int], found=()) -> None:
        chosen = list(self.queryset.filter(pk__in=chosen_ids[:1])) if chosen_ids else []
        seen = {record.pk for record in chosen}
        offered = chosen + [record for record in found if record.pk not in seen]
        self.widget.choices = [
            (record.pk, self.label_from_instance(record)) for record in offered[:MAX_OFFERED]
        ]


class FoundBySearchFormMixin:
    """A form with fields offering only the records chosen and found (see the fields above)."""

    def chosen_ids(self, name: str) -> list[int]:
        """The ids chosen in one of the searched fields: as posted, or as first offered."""
        field = self.fields[name]
        if self.is_bound:
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        else:
            raw = self.get_initial_for_field(field, name)
        if raw is None or isinstance(raw, str | int) or hasattr(raw, "pk"):
            raw = [] if raw in (None, "") else [raw]
        ids = (str(getattr(value, "pk", value)) for value in raw)
        return [int(value) for value in ids if value.isascii() and value.isdigit()][:MAX_OFFERED]

    def hold_errors(self) -> None:
        """Show the form as typed, without judging it: a search is not a submission."""
        self._errors = forms.utils.ErrorDict()
        self.cleaned_data = {}
        self._govuk_style()


class ContactForm(FoundBySearchFormMixin, GovukFormMixin, forms.Form):
    channel = forms.ChoiceField(
        choices=Channel.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("How did the contact come in or go out?"),
        error_messages={"required": gettext_lazy("Select the channel")},
    )
    direction = forms.ChoiceField(
        choices=Direction.choices,
        initial=Direction.INBOUND,
        widget=forms.RadioSelect,
        label=gettext_lazy("Direction"),
    )
    occurred_on = GovukDateField(
        past_only=True,
        label=gettext_lazy("Date of the contact"),
        help_text=gettext_lazy("For example, 27 3 2026"),
        error_messages={"required": gettext_lazy("Enter the date of the contact")},
    )
    occurred_time = GovukTimeField(
        label=gettext_lazy("Time of the contact"),
        help_text=gettext_lazy("Use the 24-hour clock, for example 14:30"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": gettext_lazy("Enter the time of the contact")},
    )
    call_minutes = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=600,
        label=gettext_lazy("Length of the call in minutes (calls only)"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    received_by = OfferedFewMultipleChoiceField(
        queryset=User.objects.none(),
        label=gettext_lazy("Staff who received it"),
        help_text=gettext_lazy("Untick anyone who did not receive it"),
        error_messages={
            "required": gettext_lazy("Select the member of staff who received the contact")
        },
    )
    received_by_query = _text(
        100,
        required=False,
        label=gettext_lazy("Add another member of staff"),
        help_text=gettext_lazy("Type the start of their first name, last name or username"),
    )
    teams = OfferedFewMultipleChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label=gettext_lazy("Teams who received it (optional)"),
    )
    teams_query = _text(
        100,
        required=False,
        label=gettext_lazy("Add another team"),
        help_text=gettext_lazy("Type the start of a word in the team's name"),
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label=gettext_lazy("Summary"),
        help_text=gettext_lazy("What the contact was about, in a few sentences"),
        error_messages={"required": gettext_lazy("Enter a summary of the contact")},
    )
    assessment = forms.ChoiceField(
        choices=Assessment.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("Assessment against the policy"),
        help_text=gettext_lazy("Unacceptable needs at least one behaviour and at least one impact"),
        error_messages={"required": gettext_lazy("Select whether the contact was acceptable")},
    )
    behaviours = forms.MultipleChoiceField(
        choices=Behaviour.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Behaviours"),
    )
    shouting_due_to_condition = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        label=gettext_lazy(
            "Is the shouting or swearing attributable to a recognised medical or "
            "psychological condition?"
        ),
        help_text=gettext_lazy("If it is, it does not count as unacceptable behaviour"),
    )
    impacts = forms.MultipleChoiceField(
        choices=Impact.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Impacts"),
    )
    extremely_unacceptable = forms.BooleanField(
        required=False,
        label=gettext_lazy("Extremely unacceptable (for example, serious abuse or threats)"),
    )
    abuse_description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=gettext_lazy("Describe the child sexual abuse content"),
        help_text=gettext_lazy("Never upload or store the material itself"),
    )
    reported_to_police = forms.BooleanField(
        required=False, label=gettext_lazy("It was reported to the police")
    )
    police_force = _text(120, required=False, label=gettext_lazy("Police force"))
    police_reference = _text(
        60, "govuk-input--width-20", required=False, label=gettext_lazy("Police reference")
    )
    police_reported_on = GovukDateField(
        required=False,
        label=gettext_lazy("Date reported"),
        help_text=gettext_lazy("For example, 27 3 2026"),
    )
    handling = forms.ChoiceField(
        choices=Handling.choices,
        widget=forms.RadioSelect,
        required=False,
        label=gettext_lazy("How was it handled? (optional)"),
    )
    attachments = MultipleFileField(
        required=False,
        label=gettext_lazy("Attachments (optional)"),
        help_text=gettext_lazy("Up to 10 files of 10 MB or less: %(types)s")
        % {"types": allowed_extensions()},
    )

    # The fields whose records are found by searching, each with the field holding the search.
    FOUND_BY_SEARCH = {"received_by": "received_by_query", "teams": "teams_query"}

    def __init__(self, *args, staff, teams, found_staff=(), found_teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_by"].queryset = staff
        self.fields["teams"].queryset = teams
        self.fields["received_by"].offer(self.chosen_ids("received_by"), found_staff)
        self.fields["teams"].offer(self.chosen_ids("teams"), found_teams)
        behaviours = self.fields["behaviours"].widget
        behaviours.groups = [
            (BehaviourCategory(category).label, codes)
            for category, codes in BEHAVIOUR_GROUPS.items()
        ]
        behaviours.reveals = {
            Behaviour.SHOUTING_SWEARING: ["shouting_due_to_condition"],
            Behaviour.CHILD_SEXUAL_ABUSE: ["abuse_description"],
        }
        self.fields["reported_to_police"].widget.reveals = [
            "police_force",
            "police_reference",
            "police_reported_on",
        ]
        self.fields["direction"].widget.inline = True
        self.fields["shouting_due_to_condition"].widget.inline = True

    def clean(self):
        cleaned = super().clean()
        occurred_at = None
        if cleaned.get("occurred_on") and cleaned.get("occurred_time"):
            occurred_at = timezone.make_aware(
                dt.datetime.combine(cleaned["occurred_on"], cleaned["occurred_time"])
            )
        cleaned["occurred_at"] = occurred_at
        if "assessment" in cleaned:
            self.add_problems(
                rules.assessment_problems(
                    assessment=cleaned["assessment"],
                    behaviours=cleaned.get("behaviours", []),
                    impacts=cleaned.get("impacts", []),
                    shouting_due_to_condition=_yes_no_value(
                        cleaned.get("shouting_due_to_condition", "")
                    ),
                    extremely_unacceptable=cleaned.get("extremely_unacceptable", False),
                )
            )
        self.add_problems(
            rules.contact_problems(
                channel=cleaned.get("channel", ""),
                occurred_at=occurred_at,
                behaviours=cleaned.get("behaviours", []),
                handling=cleaned.get("handling", ""),
                reported_to_police=cleaned.get("reported_to_police", False),
                police_force=cleaned.get("police_force", ""),
                police_reference=cleaned.get("police_reference", ""),
                police_reported_on=cleaned.get("police_reported_on"),
                abuse_description=cleaned.get("abuse_description", ""),
                attachment_count=len(cleaned.get("attachments") or [])
                + self.existing_attachments(cleaned.get("behaviours", [])),
                call_minutes=cleaned.get("call_minutes"),
            )
        )
        return cleaned

    def existing_attachments(self, behaviours) -> int:
        """Stored attachments that would stay on the contact."""
        return 0

    def entered(self, name: str):
        """One field's value as typed so far, cleaned, or None: without validating the form."""
        field = self.fields[name]
        raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        try:
            return field.clean(raw)
        except forms.ValidationError:
            return None

    def entered_moment(self):
        day, time = self.entered("occurred_on"), self.entered("occurred_time")
        if day is None or time is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, time))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "direction": data["direction"],
            "occurred_at": data["occurred_at"],
            "call_minutes": data["call_minutes"],
            "received_by": list(data["received_by"]),
            "teams": list(data["teams"]),
            "summary": data["summary"],
            "assessment": data["assessment"],
            "behaviours": data["behaviours"],
            "impacts": data["impacts"],
            "shouting_due_to_condition": _yes_no_value(data.get("shouting_due_to_condition", "")),
            "extremely_unacceptable": data["extremely_unacceptable"],
            "abuse_description": data["abuse_description"],
            "reported_to_police": data["reported_to_police"],
            "police_force": data["police_force"],
            "police_reference": data["police_reference"],
            "police_reported_on": data["police_reported_on"],
            "handling": data["handling"],
            "attachments": data["attachments"],
        }

    @staticmethod
    def initial_from(contact) -> dict:
        local = timezone.localtime(contact.occurred_at)
        return {
            "channel": contact.channel,
            "direction": contact.direction,
            "occurred_on": local.date(),
            "occurred_time": local.time().replace(second=0, microsecond=0),
            "call_minutes": contact.call_minutes,
            "received_by": list(contact.received_by.all()),
            "teams": list(contact.teams.all()),
            "summary": contact.summary,
            "assessment": contact.assessment,
            "behaviours": contact.behaviours,
            "impacts": contact.impacts,
            "shouting_due_to_condition": {True: "yes", False: "no"}.get(
                contact.shouting_due_to_condition, ""
            ),
            "extremely_unacceptable": contact.extremely_unacceptable,
            "abuse_description": contact.abuse_description,
            "reported_to_police": contact.reported_to_police,
            "police_force": contact.police_force,
            "police_reference": contact.police_reference,
            "police_reported_on": contact.police_reported_on,
            "handling": contact.handling,
        }


class ContactCorrectionForm(ContactForm):
    reason = reason_field(
        gettext_lazy("Why are you correcting this contact?"),
        gettext_lazy("Enter why the contact is being corrected"),
        rows=3,
    )
    attachments = MultipleFileField(
        required=False,
        label=gettext_lazy("Add attachments (optional)"),
        help_text=gettext_lazy(
            "Attachments already on the contact are kept, unless you mark it as child sexual "
            "abuse content: that destroys them. Up to 10 files of 10 MB or less: %(types)s"
        )
        % {"types": allowed_extensions()},
    )

    def __init__(self, *args, contact, **kwargs):
        self.contact = contact
        super().__init__(*args, **kwargs)

    def existing_attachments(self, behaviours) -> int:
        if rules.involves_child_sexual_abuse(behaviours):
            return 0  # the correction destroys them
        return len([a for a in self.contact.attachments.all() if not a.is_removed])


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


class SafeguardingConcernForm(GovukFormMixin, forms.Form):
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
    action_by = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=gettext_lazy("Action taken by"),
        error_messages={"required": gettext_lazy("Select who took the action")},
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

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_by"].queryset = staff

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


class AttachmentRemoveForm(GovukFormMixin, forms.Form):
    reason = reason_field(
        gettext_lazy("Why are you removing this attachment?"),
        gettext_lazy("Enter why the attachment is being removed"),
        rows=3,
    )
