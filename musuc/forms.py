"""Form pieces shared by every app: GOV.UK styling, the date input, reasons, the sign-in form."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The longest reason a person may give, in characters, in every reason field of every app.
# The records keep reasons in text fields of any length; the limit keeps a page readable.
REASON_MAX_LENGTH = 5000


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year in three boxes."""

    template_name = "components/widgets/_date_input.html"

    def __init__(self, attrs=None):
        super().__init__(
            [
                forms.TextInput(attrs={"inputmode": "numeric"}),
                forms.TextInput(attrs={"inputmode": "numeric"}),
                forms.TextInput(attrs={"inputmode": "numeric"}),
            ],
            attrs,
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["has_error"] = getattr(self, "has_error", False)
        return context

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


# ASCII digits only: int() would also take "1_999", "+1999" and digits from other scripts,
# and a year of twenty digits overflows the date type instead of raising ValueError.
_DAY_OR_MONTH = re.compile(r"[0-9]{1,2}")
_YEAR = re.compile(r"[0-9]{4}")


class GovukDateField(forms.MultiValueField):
    widget = GovukDateInput

    def __init__(self, *, past_only: bool = False, **kwargs):
        self.past_only = past_only
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day and month and year):
            raise forms.ValidationError(_("Enter a full date: day, month and year"), "incomplete")
        real = _("Enter a real date")
        if not (
            _DAY_OR_MONTH.fullmatch(day)
            and _DAY_OR_MONTH.fullmatch(month)
            and _YEAR.fullmatch(year)
        ):
            raise forms.ValidationError(real, "invalid")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(real, "invalid") from None
        if value.year < 1900:
            raise forms.ValidationError(_("Enter a year after 1900"), "invalid")
        if self.past_only and value > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past"), "future")
        return value


class GovukTimeField(forms.TimeField):
    """A 24-hour time such as 14:30, shown without seconds."""

    def __init__(self, **kwargs):
        widget = kwargs.pop("widget", None)
        kwargs["widget"] = forms.TimeInput(
            format="%H:%M", attrs=widget.attrs if widget is not None else None
        )
        kwargs.setdefault("input_formats", ["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"])
        kwargs["error_messages"] = {
            "invalid": gettext_lazy("Enter a time in 24-hour format, like 14:30"),
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)


def _with_limit(message) -> str:
    return str(message) % {"limit": number_format(REASON_MAX_LENGTH, force_grouping=True)}


# A message naming the longest reason allowed as ``%(limit)s``, in the language of the page.
with_reason_limit = lazy(_with_limit, str)

REASON_TOO_LONG = with_reason_limit(gettext_lazy("Reason must be %(limit)s characters or fewer"))
REASONS_TOO_LONG = with_reason_limit(gettext_lazy("Reasons must be %(limit)s characters or fewer"))


class ReasonField(forms.CharField):
    """A reason typed in a text area: at most ``REASON_MAX_LENGTH`` characters.

    The text area has no ``maxlength``: a browser would cut a pasted reason short without a
    word, where the server says it is too long and keeps every character to edit.
    """

    def __init__(self, *, rows: int = 4, too_long=REASON_TOO_LONG, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        kwargs["error_messages"] = {"max_length": too_long, **kwargs.get("error_messages", {})}
        super().__init__(max_length=REASON_MAX_LENGTH, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def reason_field(label, required_message=None, *, rows: int = 4, too_long=REASON_TOO_LONG, **kw):
    """A reason field; required (with this message) unless no message is given."""
    error_messages = {"required": required_message} if required_message else {}
    return ReasonField(
        label=label,
        rows=rows,
        too_long=too_long,
        required=required_message is not None,
        error_messages=error_messages,
        **kw,
    )


_INPUT_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "number": "govuk-input",
    "password": "govuk-input",
    "time": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
    "multiplefile": "govuk-file-upload",
}


class GovukFormMixin:
    """Adds GOV.UK classes, error states and described-by links to every widget."""

    def _govuk_style(self) -> None:
        errors = self._errors or {}  # never trigger validation from here
        for name, field in self.fields.items():
            bound = self[name]
            widget = field.widget
            if not hasattr(widget, "govuk_extra"):
                # A class declared on the widget (a width, say) is kept beside GOV.UK's own.
                widget.govuk_extra = widget.attrs.get("class", "")
            widget.has_error = name in errors
            base = _INPUT_CLASSES.get(bound.widget_type)
            if not base:
                continue
            classes = [base, widget.govuk_extra, f"{base}--error" if widget.has_error else ""]
            widget.attrs["class"] = " ".join(c for c in classes if c)
            described = [f"{bound.auto_id}-hint"] if field.help_text else []
            if widget.has_error:
                described.append(f"{bound.auto_id}-error")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)

    def full_clean(self):
        super().full_clean()
        self._govuk_style()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._govuk_style()

    def hold_errors(self) -> None:
        """Show the form as typed, without judging it: a search (or a page shown again for
        another form on it) is not a submission."""
        self._errors = forms.utils.ErrorDict()
        self.cleaned_data = {}
        self._govuk_style()

    def add_problems(self, problems: dict[str, list[str]]) -> None:
        """Show a rule's or a service's refusal beside the fields it names.

        A field that already failed its own check keeps that one message, and no message is
        shown twice.
        """
        errors = self._errors or {}
        for field, messages in problems.items():
            target = field if field in self.fields else None
            if target is not None and errors.get(target):
                continue
            for message in messages:
                if message not in errors.get(target or NON_FIELD_ERRORS, []):
                    self.add_error(target, message)
        self._govuk_style()


class SignInForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy(
            "Enter a correct username and password. Both are case-sensitive."
        ),
        "inactive": gettext_lazy("This account is inactive."),
    }
