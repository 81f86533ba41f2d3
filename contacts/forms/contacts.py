"""Logging a contact with its assessment, correcting it, and removing an attachment."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts import rules
from contacts.attachments import MAX_ATTACHMENTS_PER_UPLOAD, allowed_extensions
from contacts.choices import (
    BEHAVIOUR_GROUPS,
    AfterLogging,
    Assessment,
    Behaviour,
    BehaviourCategory,
    Channel,
    Direction,
    Handling,
    Impact,
)
from contacts.forms.common import YES_NO, text, yes_no_value
from contacts.forms.search import FoundBySearchFormMixin, OfferedFewMultipleChoiceField
from contacts.models import CONTACT_DETAILS
from musuc.forms import GovukDateField, GovukFormMixin, GovukTimeField, reason_field
from musuc.models import Team, User


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
        error_messages={"required": gettext_lazy("Enter the date of the contact")},
    )
    occurred_time = GovukTimeField(
        label=gettext_lazy("Time of the contact"),
        help_text=gettext_lazy("24-hour clock, like 14:30"),
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
    received_by_query = text(
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
    teams_query = text(
        100,
        required=False,
        label=gettext_lazy("Add another team"),
        help_text=gettext_lazy("Type the start of a word in the team's name"),
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=gettext_lazy("Summary"),
        help_text=gettext_lazy("What the contact was about, in a few sentences"),
        error_messages={"required": gettext_lazy("Enter a summary of the contact")},
    )
    assessment = forms.ChoiceField(
        choices=Assessment.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("Assessment against the policy"),
        error_messages={"required": gettext_lazy("Select whether the contact was acceptable")},
    )
    behaviours = forms.MultipleChoiceField(
        choices=Behaviour.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Behaviours"),
        help_text=gettext_lazy("Unacceptable needs at least one behaviour and at least one impact"),
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
    police_force = text(120, required=False, label=gettext_lazy("Police force"))
    police_reference = text(
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
    # What only an unacceptable contact has: shown under "Unacceptable", and ignored when the
    # contact is assessed as acceptable (what was hidden is not what the person chose).
    UNACCEPTABLE_DETAILS = (
        "behaviours",
        "impacts",
        "extremely_unacceptable",
        "reported_to_police",
        "handling",
    )
    # Posted by the page's script (static/js/shown-for.js) once it hides what answers hide.
    HID_UNCHOSEN = "hid_unchosen"
    # Fields shown only for some channels, each with those channels.
    BY_CHANNEL = {"call_minutes": rules.CALL_CHANNELS, "attachments": rules.ATTACHMENT_CHANNELS}

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
        self.fields["assessment"].widget.reveals = {
            Assessment.UNACCEPTABLE: list(self.UNACCEPTABLE_DETAILS)
        }
        self.fields["direction"].widget.inline = True
        self.fields["direction"].widget.small = True
        self.fields["shouting_due_to_condition"].widget.inline = True
        self.fields["channel"].widget.columns = True
        for name, channels in self.BY_CHANNEL.items():
            self.fields[name].shown_for = ("channel", sorted(channels))

    def clean(self):
        cleaned = super().clean()
        self._ignore_hidden(cleaned)
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
                    shouting_due_to_condition=yes_no_value(
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

    def _ignore_hidden(self, cleaned) -> None:
        """Set aside what the page hid for the choices made, when its script hid them (it says
        so in ``HID_UNCHOSEN``): the details of an unacceptable contact when it is acceptable,
        with whatever they reveal in turn, and the call length for a channel without calls.
        Without the script every field showed, and the rules judge all that was posted.
        Files are never set aside: a channel that carries none is refused while files are
        chosen."""
        channel = cleaned.get("channel")
        if channel and channel not in rules.ATTACHMENT_CHANNELS and cleaned.get("attachments"):
            self.add_error(
                "channel",
                _(
                    "A %(channel)s contact carries no attachments: choose the channel the "
                    "files came by, or remove them"
                )
                % {"channel": Channel(channel).label.lower()},
            )
        if self.data.get(self.HID_UNCHOSEN) != "1":
            return
        hidden = []
        if cleaned.get("assessment") == Assessment.ACCEPTABLE:
            hidden = [*self.UNACCEPTABLE_DETAILS, "shouting_due_to_condition", "abuse_description"]
            hidden += self.fields["reported_to_police"].widget.reveals
        if channel and channel not in rules.CALL_CHANNELS:
            hidden.append("call_minutes")
        for name in hidden:
            self._errors.pop(name, None)
            cleaned[name] = self.fields[name].to_python(None)

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
            **{name: data[name] for name in CONTACT_DETAILS},
            "shouting_due_to_condition": yes_no_value(data.get("shouting_due_to_condition", "")),
            "received_by": list(data["received_by"]),
            "teams": list(data["teams"]),
            "attachments": data["attachments"],
        }

    @staticmethod
    def initial_from(contact) -> dict:
        local = timezone.localtime(contact.occurred_at)
        return {
            **{name: getattr(contact, name) for name in CONTACT_DETAILS if name != "occurred_at"},
            "occurred_on": local.date(),
            "occurred_time": local.time().replace(second=0, microsecond=0),
            "received_by": list(contact.received_by.all()),
            "teams": list(contact.teams.all()),
            "shouting_due_to_condition": {True: "yes", False: "no"}.get(
                contact.shouting_due_to_condition, ""
            ),
        }


class ContactLogForm(ContactForm):
    """A new contact: the contact form, and where to go once it is logged."""

    after_logging = forms.ChoiceField(
        choices=AfterLogging.choices,
        initial=AfterLogging.CASE_FILE,
        widget=forms.RadioSelect,
        required=False,
        label=gettext_lazy("After logging it, go to"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after_logging"].widget.inline = True
        self.fields["after_logging"].widget.small = True


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


class AttachmentRemoveForm(GovukFormMixin, forms.Form):
    reason = reason_field(
        gettext_lazy("Why are you removing this attachment?"),
        gettext_lazy("Enter why the attachment is being removed"),
        rows=3,
    )
