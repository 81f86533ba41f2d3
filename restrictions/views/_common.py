"""What restrictions' pages share: check answers before what cannot be undone, and the search
for a single point of contact."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contacts import selectors as contact_selectors
from musuc.generic import FoundBySearchMixin, PageActionView
from restrictions import rules

ANSWERS_SESSION_KEY = "check-answers"


def stored_answers(request, action_path: str) -> QueryDict | None:
    """The answers waiting in the session to be confirmed at this address, as posted."""
    stored = request.session.get(f"{ANSWERS_SESSION_KEY}:{action_path}")
    if stored is None:
        return None
    data = QueryDict(mutable=True)
    for name, values in stored.items():
        data.setlist(name, values)
    return data


def _answer_values(field, value) -> list:
    """What an answer says, in words, one item per choice."""
    if value in (None, "", [], ()):
        return []
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [field.label_from_instance(item) for item in value]
    if isinstance(field, forms.ModelChoiceField):
        return [field.label_from_instance(value)]
    if isinstance(field, forms.ChoiceField):
        labels = {str(code): label for code, label in field.choices}
        values = value if isinstance(value, list | tuple) else [value]
        return [labels.get(str(item), item) for item in values]
    if isinstance(field, forms.BooleanField):
        return [_("Yes") if value else _("No")]
    if isinstance(value, dt.date):
        return [date_format(value, "DATE_FORMAT")]
    return [value]


class CheckAnswersMixin:
    """GOV.UK "check answers" before what cannot be taken back.

    A valid first post shows the answers, each with a Change link back to the filled form, and
    a confirm button. The answers wait in the session as posted; only the confirming post binds
    them again, validates them again and calls the service, so nothing is written before it.
    """

    check_template_name = "restrictions/check_answers.html"
    check_title = ""
    confirm_label = ""
    confirm_destructive = False  # a red button, with a warning that it cannot be undone
    confirm_warning = ""

    def _answers_key(self) -> str:
        return f"{ANSWERS_SESSION_KEY}:{self.request.path}"

    def _confirming(self) -> bool:
        return self.request.method == "POST" and "confirm" in self.request.POST

    def change_url(self) -> str:
        """Where the Change links go: the form, filled with the answers (on its page, for a
        form posted from a page that shows several)."""
        if isinstance(self, PageActionView):
            return f"{self.page_url()}?change={self.form_context_name}"
        return f"{self.request.path}?change=1"

    def check_problems(self, form) -> rules.Problems:
        """What the policy's rules refuse in these answers, found before they are checked."""
        return {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        changing = self.request.method == "GET" and "change" in self.request.GET
        if self._confirming() or changing:
            stored = stored_answers(self.request, self.request.path)
            if stored is not None:
                kwargs["data"] = stored
        return kwargs

    def post(self, request, *args, **kwargs):
        if self._confirming() and stored_answers(request, request.path) is None:
            messages.info(request, _("Your answers were not kept: enter them again."))
            return HttpResponseRedirect(self.change_url())
        return super().post(request, *args, **kwargs)

    def answers(self, form) -> list[dict]:
        """Each answer given, labelled as the form asks it."""
        return [
            self.answer(form, name, field.label, _answer_values(field, form.cleaned_data.get(name)))
            for name, field in form.fields.items()
        ]

    def answer(self, form, name: str, key, values: list) -> dict:
        anchor = (form[name].id_for_label or form[name].auto_id) if name in form.fields else ""
        return {"key": key, "values": values, "change_url": f"{self.change_url()}#{anchor}"}

    def form_valid(self, form):
        if not self._confirming():
            problems = self.check_problems(form)
            if problems:
                form.add_problems(problems)
                return self.form_invalid(form)
            self.request.session[self._answers_key()] = {
                name: self.request.POST.getlist(name)
                for name in self.request.POST
                if name != "csrfmiddlewaretoken"
            }
            context = self.get_context_data(form=form)
            context.update(
                answers=self.answers(form),
                check_title=self.check_title,
                confirm_label=self.confirm_label,
                confirm_destructive=self.confirm_destructive,
                confirm_warning=self.confirm_warning,
                confirm_url=self.request.path,
                cancel_url=self.cancel_url(),
            )
            return TemplateResponse(self.request, self.check_template_name, context)
        response = super().form_valid(form)
        if response.status_code == 302:
            self.request.session.pop(self._answers_key(), None)
        return response

    def cancel_url(self) -> str:
        if isinstance(self, PageActionView):
            return self.page_url()
        return reverse("restrictions:case-file", kwargs={"reference": self.service_user.reference})


class PointOfContactFoundMixin(FoundBySearchMixin):
    """A form of conditions: the single point of contact is chosen among all active staff, of
    whom only the one chosen and those a search found are offered."""

    found_by_search = {"single_point_of_contact": ("single_point_of_contact_query", "found_staff")}

    def search(self, name: str, query: str) -> list:
        return list(contact_selectors.staff_search(query)[: contact_selectors.SEARCH_LIMIT])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "staff": contact_selectors.staff_choices()}
