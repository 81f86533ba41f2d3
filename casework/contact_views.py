"""Logging a contact on the case file, with the restriction's answer as it is entered, and
adding a caller who is not on file together with their contact."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic.edit import FormMixin

from contacts import intake
from contacts import selectors as contact_selectors
from contacts import services as contact_services
from contacts.choices import AfterLogging
from contacts.forms import ContactForm, ContactLogForm, ServiceUserForm
from contacts.frame import AttachmentsRechosenMixin, CaseFileMixin, RecipientsFoundMixin
from musuc.generic import ServiceFormView
from musuc.roles import PermissionRequiredView
from restrictions import gate
from restrictions import selectors as restriction_selectors


def contact_logged_message(user, contact, *, added=None) -> str:
    """The banner after a contact is logged: which contact, the person if they were added with
    it, and, when it was unacceptable, where warnings are decided."""
    details = {
        "channel": contact.get_channel_display(),
        "when": date_format(timezone.localtime(contact.occurred_at), "DATETIME_FORMAT"),
    }
    if added is None:
        logged = _("Contact logged: %(channel)s, %(when)s.") % details
    else:
        logged = _(
            "Service user added: reference %(reference)s. Contact logged: %(channel)s, %(when)s."
        ) % {**details, "reference": added.reference}
    if not contact.is_unacceptable or not user.has_perm("restrictions.view_warning"):
        return logged
    # Marked safe by format_html, which the message storage keeps: the banner shows a link.
    return format_html(
        '{} {} <a class="govuk-notification-banner__link" href="{}">{}</a>.',
        logged,
        _("It was unacceptable."),
        reverse("restrictions:case-file", kwargs={"reference": contact.service_user.reference}),
        _("Decide whether to give a warning"),
    )


class NewContactMixin(RecipientsFoundMixin, AttachmentsRechosenMixin):
    """The contact form of a contact being logged: received now, by the user and their team,
    on the channel they last used (inbound is the form's own default), with staff and teams
    found by searching."""

    form_class = ContactForm

    def get_initial(self):
        user = self.request.user
        now = timezone.localtime()
        return {
            "channel": contact_selectors.last_channel_logged_by(user),
            "received_by": [user],
            "teams": [user.team] if user.team_id else [],
            "occurred_on": now.date(),
            "occurred_time": now.time().replace(second=0, microsecond=0),
        }


class ContactGateMixin(RecipientsFoundMixin, CaseFileMixin):
    """What the contact form and its live check against the restriction share: who may use
    them, the form as entered (with the same staff and teams offered), and the restriction."""

    permission_required = ("contacts.view_serviceuser", "contacts.add_contact")
    form_class = ContactForm

    @cached_property
    def restriction(self):
        return restriction_selectors.restriction_in_force_for(self.service_user)

    def gate_result(self, form):
        """The gate's view of the contact as entered so far."""
        if self.restriction is None:
            return None
        return restriction_selectors.contact_judged(
            service_user_id=self.service_user.pk,
            channel=form.entered("channel") or "",
            direction=form.entered("direction") or "",
            occurred_at=form.entered_moment(),
            recipient_ids=[user.pk for user in form.entered("received_by") or []],
            call_minutes=form.entered("call_minutes"),
        ).result


class ContactCreateView(NewContactMixin, ContactGateMixin, ServiceFormView):
    form_class = ContactLogForm
    template_name = "casework/contact_form.html"
    case_file_section = "contacts"
    # The second button: log it and open a new form for the same person.
    ANOTHER = "another"
    # Posted with this, the form is shown as typed without being judged: a contact typed while
    # adding a person who was on file already, carried over to them.
    CARRY_OVER = "carry_over"

    def get_initial(self):
        return {
            **super().get_initial(),
            "after_logging": contact_selectors.after_logging_of(self.request.user),
        }

    def post(self, request, *args, **kwargs):
        if self.CARRY_OVER in request.POST:
            form = self.get_form()
            form.hold_errors()
            self.files_not_kept(form)
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The header's "Log a contact" leads here: on this page it has nowhere else to go.
        context["logging_contact"] = True
        if self.restriction is not None:
            context["restriction"] = self.restriction
            context["conditions_in_words"] = [
                gate.describe(condition) for condition in self.restriction.conditions.all()
            ]
            # Right after the channel, direction, date and time: the gate's answer as they type.
            context["after_when_fields"] = "casework/_gate_answer.html"
        return context

    def perform(self, form):
        with transaction.atomic():
            contact = contact_services.contact_log(
                service_user=self.service_user,
                logged_by=self.request.user,
                **form.service_kwargs(),
            )
            self.after_logging = form.cleaned_data["after_logging"] or AfterLogging.CASE_FILE
            contact_services.logging_preference_set(
                user=self.request.user, after_logging=self.after_logging
            )
        # One judgement, made when the contact was stored (restrictions' handler of the
        # contact_logged event keeps it on the contact): the breaches it stored and the advice,
        # both from the conditions in force when the contact happened.
        judgement: restriction_selectors.Judgement | None = getattr(contact, "judgement", None)
        breaches = list(contact.breaches.all())
        if breaches:
            messages.warning(
                self.request,
                _("This contact breached the restriction: %(breaches)s")
                % {"breaches": "; ".join(breach.description for breach in breaches)},
            )
        if judgement is not None and judgement.result.advice:
            messages.info(self.request, " ".join(dict.fromkeys(judgement.result.advice)))
        return contact

    def get_success_url(self):
        if self.request.POST.get("then") == self.ANOTHER:
            return reverse(
                "contacts:contact-create", kwargs={"reference": self.service_user.reference}
            )
        if self.after_logging == AfterLogging.SEARCH:
            return reverse("contacts:search")
        return self.service_user.get_absolute_url()

    @property
    def success_message(self):
        """Which contact was logged and, when it was unacceptable, where warnings are decided."""
        return contact_logged_message(self.request.user, self.result)


class ContactGateView(ContactGateMixin, PermissionRequiredView, FormMixin, View):
    """The gate's answer for the contact being logged, as the form's fields are filled in: only
    the answer's HTML, for the contact form to show (casework/_gate_answer.html). A GET has
    nothing to answer."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        # A piece of the page, not a page: without the request, no context processor (the
        # header's navigation and role) runs for it.
        answer = render_to_string("casework/_gate_result.html", self.answer(self.get_form()))
        return HttpResponse(answer)

    def answer(self, form) -> dict:
        """Nothing for a person without a restriction in force, a hint until the channel and
        the time are given, then the gate's result."""
        if self.restriction is None:
            return {}
        if not form.entered("channel") or form.entered_moment() is None:
            return {"gate_hint": True}
        return {"gate_result": self.gate_result(form)}


# Adding a person with their contact needs both: the search offers it only then.
ADD_WITH_CONTACT_PERMISSIONS = ("contacts.add_serviceuser", "contacts.add_contact")

# The person's details the page of a new person and their contact shows at once; the rest (the
# address and how they want to hear from us) are folded away until one is answered.
PERSON_AT_ONCE = ("first_name", "last_name", "date_of_birth", "email", "phone")


def _answered_or_refused(bound) -> bool:
    """Whether a field says more than it did when the page was first shown, or has an error."""
    return bool(bound.errors) or bound.value() not in (None, "", bound.field.initial)


class ServiceUserWithContactCreateView(NewContactMixin, ServiceFormView):
    """Add a person who is not on file and log the contact they made, on one page and in one
    transaction: a caller still on the line.

    The contact's fields are the page's form, as on "Log a contact"; the person's are a second
    form (prefixed ``person``), filled in from what was searched for. As when adding a person,
    anyone on file who may be them is shown first, each with a way to log this contact for
    them instead.
    """

    permission_required = ADD_WITH_CONTACT_PERMISSIONS
    template_name = "casework/service_user_with_contact_form.html"
    person_prefix = "person"

    @cached_property
    def query(self) -> str:
        """What was searched for: in the link from the search, then kept by the form."""
        return self.request.POST.get("q", self.request.GET.get("q", "")).strip()[:100]

    @cached_property
    def person_form(self) -> ServiceUserForm:
        if self.request.method == "POST":
            return ServiceUserForm(self.request.POST, prefix=self.person_prefix)
        return ServiceUserForm(
            prefix=self.person_prefix, initial=ServiceUserForm.initial_from_search(self.query)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person_form
        context["query"] = self.query
        context["person_form"] = person
        folded = [
            name for name in person.fields if name not in {*PERSON_AT_ONCE, "duplicates_checked"}
        ]
        context["person_at_once"] = [person[name] for name in PERSON_AT_ONCE]
        # (Which other format is asked beneath "Other", and the letters' languages beneath
        # "Welsh", not on their own.)
        context["person_folded"] = [
            person[name]
            for name in folded
            if name not in ("preferred_format_detail", "welsh_letters")
        ]
        # Folded away only while nothing in it is answered or refused: nothing typed is hidden.
        context["person_unfolded"] = any(_answered_or_refused(person[name]) for name in folded)
        return context

    def post(self, request, *args, **kwargs):
        if self.finding():  # a Find button of the contact's staff or teams: nothing is judged
            self.person_form.hold_errors()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        person = self.person_form
        if not person.is_valid():
            return self.form_invalid(form)
        if duplicates := person.possible_duplicates():
            self.person_form = person.duplicates_shown()
            self.files_not_kept(form)
            return self.render_to_response(self.get_context_data(form=form, duplicates=duplicates))
        return super().form_valid(form)

    def perform(self, form):
        return intake.service_user_add_with_contact(
            created_by=self.request.user,
            person_details=self.person_form.details(),
            contact_details=form.service_kwargs(),
        )

    def show_refusal(self, form, problems):
        person = self.person_form
        person.add_problems(
            {name: words for name, words in problems.items() if name in person.fields}
        )
        super().show_refusal(
            form, {name: words for name, words in problems.items() if name not in person.fields}
        )

    def get_success_url(self):
        service_user, _contact = self.result
        return service_user.get_absolute_url()

    @property
    def success_message(self):
        service_user, contact = self.result
        return contact_logged_message(self.request.user, contact, added=service_user)
