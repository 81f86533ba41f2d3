"""Adding a service user and changing their personal details."""

from __future__ import annotations

import hashlib
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts import selectors
from contacts.choices import (
    Language,
    PreferredFormat,
    UpdateFrequency,
    UpdateMethod,
    WelshLetters,
)
from contacts.forms.common import text
from musuc.forms import GovukDateField, GovukFormMixin


class ServiceUserForm(GovukFormMixin, forms.Form):
    first_name = text(100, error_messages={"required": gettext_lazy("Enter their first name")})
    last_name = text(100, error_messages={"required": gettext_lazy("Enter their last name")})
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
    phone = text(
        30, "govuk-input--width-20", required=False, label=gettext_lazy("Phone number (optional)")
    )
    address_line_1 = text(120, required=False, label=gettext_lazy("Address line 1 (optional)"))
    address_line_2 = text(120, required=False, label=gettext_lazy("Address line 2 (optional)"))
    town = text(
        80,
        "govuk-!-width-two-thirds",
        required=False,
        label=gettext_lazy("Town or city (optional)"),
    )
    postcode = text(
        10, "govuk-input--width-10", required=False, label=gettext_lazy("Postcode (optional)")
    )
    preferred_language = forms.ChoiceField(
        choices=Language.choices,
        initial=Language.ENGLISH,
        widget=forms.RadioSelect,
        label=gettext_lazy("Preferred language"),
    )
    # Revealed under "Welsh" (see __init__): letters in Welsh alone, or Welsh first then English.
    welsh_letters = forms.ChoiceField(
        choices=WelshLetters.choices,
        initial=WelshLetters.WELSH,
        required=False,
        widget=forms.RadioSelect,
        label=gettext_lazy("How they want their letters"),
    )
    preferred_format = forms.ChoiceField(
        choices=PreferredFormat.choices,
        initial=PreferredFormat.STANDARD,
        widget=forms.RadioSelect,
        label=gettext_lazy("Preferred format"),
    )
    # Revealed under "Other" (see __init__); the browser checks allow the aria-expanded GOV.UK
    # Frontend documents on such a radio (govuk-frontend issue 979).
    preferred_format_detail = text(
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
        self.fields["preferred_language"].widget.reveals = {Language.WELSH.value: ["welsh_letters"]}

    def clean(self):
        """A format of "Other" needs saying which; any other format keeps no such words.

        The browser still sends the hidden question's text after a change from "Other" to
        another format: it is dropped, not refused, so what is kept matches what is shown.
        """
        cleaned = super().clean()
        # Letters in both languages are a choice of someone who prefers Welsh.
        if cleaned.get("preferred_language") != Language.WELSH or not cleaned.get("welsh_letters"):
            cleaned["welsh_letters"] = WelshLetters.WELSH
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

    def possible_duplicates(self) -> list[selectors.PossibleDuplicate]:
        """Anyone on file who may be this person, unless the form has already shown them for
        what it says now. The form must be valid."""
        if self.duplicates_already_checked():
            return []
        data = self.cleaned_data
        return selectors.service_user_possible_duplicates(
            **{
                name: data[name] or ""
                for name in ("first_name", "last_name", "email", "phone", "postcode")
            },
            date_of_birth=data["date_of_birth"],
        )

    def duplicates_shown(self) -> ServiceUserForm:
        """The form again, as typed, marked as having shown the possible duplicates of what it
        says now: submitted unchanged, it adds the person."""
        data = self.data.copy()
        data[self.add_prefix("duplicates_checked")] = self.duplicate_signature()
        shown = type(self)(data, prefix=self.prefix)
        shown.is_valid()
        return shown

    def details(self) -> dict:
        return {
            name: value for name, value in self.cleaned_data.items() if name != "duplicates_checked"
        }

    @classmethod
    def initial_from_search(cls, query: str) -> dict[str, str]:
        """What a search that did not find the person already says about them, read as the
        search read it: an email address, a phone number, a postcode, or a name.

        A name's first word is the first name and the rest the last name; a single word is
        taken for the last name, which is what people most often give on the phone and what
        lists sort by. Words typed all in lower case (searching quickly) get a capital letter,
        after a hyphen too; a reference says nothing about the person.
        """
        text = " ".join(query.split())
        if not text:
            return {}
        kind = selectors.search_query_kind(text)
        if kind == "name":
            first, _space, rest = text.partition(" ")
            names = {"first_name": first, "last_name": rest} if rest else {"last_name": first}
            return {name: _capitalised(value)[:100] for name, value in names.items()}
        if kind == "reference":
            return {}
        value = text.upper() if kind == "postcode" else text
        return {kind: value[: cls.base_fields[kind].max_length]}


def _capitalised(name: str) -> str:
    """A name typed in lower case, with a capital at the start of each word and after a hyphen;
    a name typed with any capital letter is kept as typed."""
    if name != name.lower():
        return name
    return re.sub(r"(^|[\s-])(\w)", lambda match: match[1] + match[2].upper(), name)
