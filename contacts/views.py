from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from contacts import selectors, services
from contacts.forms import (
    AttachmentRemoveForm,
    ContactCorrectionForm,
    ContactForm,
    EndForm,
    ReasonableAdjustmentForm,
    SafeguardingConcernForm,
    ServiceUserForm,
)
from contacts.models import Attachment, ReasonableAdjustment, SafeguardingConcern
from disputes import selectors as dispute_selectors
from musuc.generic import ServiceFormView
from musuc.roles import PermissionRequiredView
from restrictions import gate
from restrictions import selectors as restriction_selectors

PAGE_SIZE = 25
# The case file shows the latest few entries of its timeline; the timeline page all of them.
TIMELINE_LATEST = 10
TIMELINE_PAGE_SIZE = 25
# Each page of the timeline reads every entry before it (the entries come from several
# apps, merged by date), so the pages stop somewhere: 5,000 entries back.
TIMELINE_PAGES = 200


class ServiceUserSearchView(PermissionRequiredView, TemplateView):
    permission_required = ("contacts.view_serviceuser",)
    template_name = "contacts/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        context["query"] = query
        if query:
            page = Paginator(selectors.service_user_search(query), PAGE_SIZE).get_page(
                self.request.GET.get("page")
            )
            flags = restriction_selectors.flags_for(person.pk for person in page.object_list)
            for person in page.object_list:
                person.unspent_warnings = flags[person.pk]["warnings"]
                person.restricted = flags[person.pk]["restricted"]
            context["page"] = page
        return context


class ServiceUserCreateView(ServiceFormView):
    """Add a service user, after showing anyone already on file who may be the same person."""

    permission_required = ("contacts.add_serviceuser",)
    form_class = ServiceUserForm
    template_name = "contacts/service_user_form.html"

    def form_valid(self, form):
        if not form.duplicates_already_checked():
            duplicates = selectors.service_user_possible_duplicates(
                **{
                    name: form.cleaned_data[name] or ""
                    for name in ("first_name", "last_name", "email", "phone", "postcode")
                },
                date_of_birth=form.cleaned_data["date_of_birth"],
            )
            if duplicates:
                data = form.data.copy()
                data["duplicates_checked"] = form.duplicate_signature()
                checked = ServiceUserForm(data)
                checked.is_valid()
                return self.render_to_response(
                    self.get_context_data(form=checked, duplicates=duplicates)
                )
        return super().form_valid(form)

    def perform(self, form):
        return services.service_user_create(created_by=self.request.user, **form.details())

    def get_success_url(self):
        return self.result.get_absolute_url()

    @property
    def success_message(self):
        return _("Service user added: reference %(reference)s") % {
            "reference": self.result.reference
        }


class CaseFileMixin:
    """Pages of one service user's case file: identity bar, flags and sub navigation."""

    case_file_section = ""

    def get_reference(self) -> str:
        return self.kwargs["reference"]

    @cached_property
    def service_user(self):
        return selectors.service_user_by_reference(self.get_reference())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["service_user"] = self.service_user
        context["case_file_section"] = self.case_file_section
        context["summary"] = selectors.case_file_summary(self.service_user)
        context["standing"] = restriction_selectors.person_standing(self.service_user)
        context["open_dispute"] = dispute_selectors.open_dispute_of(self.service_user)
        return context


def case_file_events(service_user, *, limit: int) -> list[selectors.TimelineEvent]:
    """The newest ``limit`` entries of the person's timeline, from every app, newest first."""
    return selectors.timeline_merge(
        selectors.case_file_timeline(service_user, limit=limit),
        restriction_selectors.timeline_events(service_user, limit=limit),
        dispute_selectors.timeline_events(service_user, limit=limit),
        limit=limit,
    )


class CaseFileView(PermissionRequiredView, CaseFileMixin, TemplateView):
    permission_required = ("contacts.view_serviceuser",)
    template_name = "contacts/case_file.html"
    case_file_section = "overview"

    @cached_property
    def service_user(self):
        return selectors.service_user_case_file(self.kwargs["reference"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One more than is shown says whether "View all" has anything more to show.
        events = case_file_events(self.service_user, limit=TIMELINE_LATEST + 1)
        context["timeline"] = events[:TIMELINE_LATEST]
        context["timeline_has_more"] = len(events) > TIMELINE_LATEST
        context["adjustments"] = [
            item for item in self.service_user.reasonable_adjustments.all() if item.is_current
        ]
        context["concerns"] = [
            item for item in self.service_user.safeguarding_concerns.all() if item.is_current
        ]
        return context


class CaseFileTimelineView(PermissionRequiredView, CaseFileMixin, TemplateView):
    """Everything that has happened on the case file, newest first, a page at a time."""

    permission_required = ("contacts.view_serviceuser",)
    template_name = "contacts/case_file_timeline.html"
    case_file_section = "overview"

    @cached_property
    def service_user(self):
        return selectors.service_user_case_file(self.kwargs["reference"])

    def page_number(self) -> int:
        try:
            number = int(self.request.GET.get("page", 1))
        except ValueError:
            return 1
        if number > TIMELINE_PAGES:
            raise Http404
        return max(number, 1)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = self.page_number()
        end = number * TIMELINE_PAGE_SIZE
        events = case_file_events(self.service_user, limit=end + 1)
        timeline = events[end - TIMELINE_PAGE_SIZE : end]
        if number > 1 and not timeline:
            raise Http404
        context["timeline"] = timeline
        context["page_number"] = number
        context["has_previous"] = number > 1
        context["has_next"] = len(events) > end and number < TIMELINE_PAGES
        return context


class CaseFileContactsView(PermissionRequiredView, CaseFileMixin, TemplateView):
    permission_required = ("contacts.view_serviceuser", "contacts.view_contact")
    template_name = "contacts/case_file_contacts.html"
    case_file_section = "contacts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = Paginator(
            selectors.service_user_contacts(self.service_user), PAGE_SIZE
        ).get_page(self.request.GET.get("page"))
        return context


class ServiceUserUpdateView(CaseFileMixin, ServiceFormView):
    permission_required = ("contacts.change_serviceuser",)
    form_class = ServiceUserForm
    template_name = "contacts/service_user_form.html"
    case_file_section = "overview"
    success_message = gettext_lazy("Personal details updated")

    def get_initial(self):
        fields = ServiceUserForm.base_fields.keys() - {"duplicates_checked"}
        return {name: getattr(self.service_user, name) for name in fields}

    def perform(self, form):
        return services.service_user_update(
            service_user=self.service_user, updated_by=self.request.user, **form.details()
        )

    def get_success_url(self):
        return self.service_user.get_absolute_url()


class AttachmentsRechosenMixin:
    """A refused form cannot send files back: say so beside the attachments field."""

    def form_invalid(self, form):
        if self.request.FILES and "attachments" not in form.errors:
            form.add_error("attachments", _("Select the files again: they were not kept"))
        return super().form_invalid(form)


class RecipientsFoundMixin:
    """The contact form's staff and teams: those ticked, plus those a search without
    JavaScript found (the "Find" buttons post the form back without judging it)."""

    def finding(self) -> str:
        """The searched field whose Find button was pressed, if one was."""
        if self.request.method != "POST":
            return ""
        name = self.request.POST.get("find", "")
        return name if name in ContactForm.FOUND_BY_SEARCH else ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        searched = ContactForm.FOUND_BY_SEARCH.get(self.finding(), "")
        query = self.request.POST.get(searched, "")[:100]
        kwargs["staff"] = selectors.staff_choices()
        kwargs["teams"] = selectors.team_choices()
        if self.finding() == "received_by":
            kwargs["found_staff"] = list(selectors.staff_search(query)[: selectors.SEARCH_LIMIT])
        elif self.finding() == "teams":
            kwargs["found_teams"] = list(selectors.team_search(query)[: selectors.SEARCH_LIMIT])
        return kwargs

    def post(self, request, *args, **kwargs):
        if self.finding():
            form = self.get_form()
            form.hold_errors()
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)


class ContactCreateView(
    RecipientsFoundMixin, AttachmentsRechosenMixin, CaseFileMixin, ServiceFormView
):
    permission_required = ("contacts.view_serviceuser", "contacts.add_contact")
    form_class = ContactForm
    template_name = "contacts/contact_form.html"
    case_file_section = "contacts"

    def get_initial(self):
        user = self.request.user
        now = timezone.localtime()
        return {
            "received_by": [user],
            "teams": [user.team] if user.team_id else [],
            "occurred_on": now.date(),
            "occurred_time": now.time().replace(second=0, microsecond=0),
        }

    @cached_property
    def restriction(self):
        return restriction_selectors.restriction_in_force_for(self.service_user)

    def post(self, request, *args, **kwargs):
        if "check_restriction" in request.POST:
            form = self.get_form()
            result = self.gate_result(form)
            form.hold_errors()
            return self.render_to_response(self.get_context_data(form=form, gate_result=result))
        return super().post(request, *args, **kwargs)

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.restriction is not None:
            context["restriction"] = self.restriction
            context["conditions_in_words"] = [
                gate.describe(condition) for condition in self.restriction.conditions.all()
            ]
        return context

    def perform(self, form):
        contact = services.contact_log(
            service_user=self.service_user, logged_by=self.request.user, **form.service_kwargs()
        )
        # What was stored, judged by the conditions in force when the contact happened.
        breaches = list(contact.breaches.all())
        if breaches:
            messages.warning(
                self.request,
                _("This contact breached the restriction: %(breaches)s")
                % {"breaches": "; ".join(breach.description for breach in breaches)},
            )
        if self.restriction is not None:
            result = self.gate_result(form)
            if result.advice:
                messages.info(self.request, " ".join(dict.fromkeys(result.advice)))
        return contact

    def get_success_url(self):
        return self.service_user.get_absolute_url()

    @property
    def success_message(self):
        """Which contact was logged and, when it was unacceptable, where warnings are decided."""
        contact = self.result
        logged = _("Contact logged: %(channel)s, %(when)s.") % {
            "channel": contact.get_channel_display(),
            "when": date_format(timezone.localtime(contact.occurred_at), "DATETIME_FORMAT"),
        }
        if not contact.is_unacceptable or not self.request.user.has_perm(
            "restrictions.view_warning"
        ):
            return logged
        # Marked safe by format_html, which the message storage keeps: the banner shows a link.
        return format_html(
            '{} {} <a class="govuk-notification-banner__link" href="{}">{}</a>.',
            logged,
            _("It was unacceptable."),
            reverse("restrictions:case-file", kwargs={"reference": self.service_user.reference}),
            _("Decide whether to give a warning"),
        )


class ContactMixin(CaseFileMixin):
    """Pages about one contact, inside its service user's case file."""

    case_file_section = "contacts"

    @cached_property
    def contact(self):
        return selectors.contact_detail(self.kwargs["pk"])

    def get_reference(self) -> str:
        return self.contact.service_user.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact"] = self.contact
        return context


class ContactDetailView(PermissionRequiredView, ContactMixin, TemplateView):
    permission_required = ("contacts.view_contact",)
    template_name = "contacts/contact_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = selectors.contact_history(self.contact)
        return context


class ContactCorrectView(
    RecipientsFoundMixin, AttachmentsRechosenMixin, ContactMixin, ServiceFormView
):
    permission_required = ("contacts.view_contact", "contacts.change_contact")
    form_class = ContactCorrectionForm
    template_name = "contacts/contact_correct.html"
    success_message = gettext_lazy("Contact corrected")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["contact"] = self.contact
        return kwargs

    def get_initial(self):
        return ContactForm.initial_from(self.contact)

    def perform(self, form):
        return services.contact_correct(
            contact=self.contact,
            corrected_by=self.request.user,
            reason=form.cleaned_data["reason"],
            **form.service_kwargs(),
        )

    def get_success_url(self):
        return self.contact.get_absolute_url()


class AttachmentDownloadView(PermissionRequiredView, View):
    """Serve an attachment as a download, only after the role check."""

    permission_required = ("contacts.view_attachment",)

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment, pk=pk, removed_at__isnull=True)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response


class AttachmentRemoveView(CaseFileMixin, ServiceFormView):
    """Remove one attachment, with a reason: its file is destroyed, the record kept."""

    permission_required = ("contacts.view_attachment", "contacts.remove_attachment")
    form_class = AttachmentRemoveForm
    template_name = "contacts/attachment_remove.html"
    case_file_section = "contacts"
    success_message = gettext_lazy("Attachment removed: its file is destroyed")

    @cached_property
    def attachment(self):
        return get_object_or_404(
            Attachment.objects.select_related("contact__service_user"),
            pk=self.kwargs["pk"],
            removed_at__isnull=True,
        )

    def get_reference(self) -> str:
        return self.attachment.contact.service_user.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attachment"] = self.attachment
        return context

    def perform(self, form):
        return services.attachment_remove(
            attachment=self.attachment, removed_by=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return self.attachment.contact.get_absolute_url()


class AdjustmentListView(PermissionRequiredView, CaseFileMixin, TemplateView):
    permission_required = ("contacts.view_serviceuser", "contacts.view_reasonableadjustment")
    template_name = "contacts/adjustments.html"
    case_file_section = "adjustments"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = ReasonableAdjustment.objects.filter(
            service_user=self.service_user
        ).select_related("recorded_by")
        return context


class AdjustmentCreateView(CaseFileMixin, ServiceFormView):
    permission_required = ("contacts.view_serviceuser", "contacts.add_reasonableadjustment")
    form_class = ReasonableAdjustmentForm
    template_name = "contacts/adjustment_form.html"
    case_file_section = "adjustments"
    success_message = gettext_lazy("Reasonable adjustment recorded")

    def perform(self, form):
        return services.reasonable_adjustment_record(
            service_user=self.service_user, recorded_by=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("contacts:adjustments", kwargs={"reference": self.service_user.reference})


class CaseNoteMixin(CaseFileMixin):
    """Pages about one adjustment or concern: the case file comes from the record itself."""

    model = None

    @cached_property
    def item(self):
        return get_object_or_404(
            self.model.objects.select_related("service_user"), pk=self.kwargs["pk"]
        )

    def get_reference(self) -> str:
        return self.item.service_user.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["item"] = self.item
        return context


class AdjustmentUpdateView(CaseNoteMixin, ServiceFormView):
    permission_required = ("contacts.view_serviceuser", "contacts.change_reasonableadjustment")
    model = ReasonableAdjustment
    form_class = ReasonableAdjustmentForm
    template_name = "contacts/adjustment_form.html"
    case_file_section = "adjustments"
    success_message = gettext_lazy("Reasonable adjustment updated")

    def get_initial(self):
        return {
            "need": self.item.need,
            "adjustment": self.item.adjustment,
            "agreed_on": self.item.agreed_on,
        }

    def perform(self, form):
        return services.reasonable_adjustment_update(
            item=self.item, updated_by=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("contacts:adjustments", kwargs={"reference": self.service_user.reference})


class AdjustmentEndView(CaseNoteMixin, ServiceFormView):
    permission_required = ("contacts.view_serviceuser", "contacts.change_reasonableadjustment")
    model = ReasonableAdjustment
    form_class = EndForm
    template_name = "contacts/end_form.html"
    case_file_section = "adjustments"
    success_message = gettext_lazy("Reasonable adjustment ended")

    def perform(self, form):
        return services.case_note_end(
            item=self.item, ended_by=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("contacts:adjustments", kwargs={"reference": self.service_user.reference})


class SafeguardingListView(PermissionRequiredView, CaseFileMixin, TemplateView):
    permission_required = ("contacts.view_serviceuser", "contacts.view_safeguardingconcern")
    template_name = "contacts/safeguarding.html"
    case_file_section = "safeguarding"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = SafeguardingConcern.objects.filter(
            service_user=self.service_user
        ).select_related("recorded_by", "action_by")
        return context


class SafeguardingCreateView(CaseFileMixin, ServiceFormView):
    permission_required = ("contacts.view_serviceuser", "contacts.add_safeguardingconcern")
    form_class = SafeguardingConcernForm
    template_name = "contacts/safeguarding_form.html"
    case_file_section = "safeguarding"
    success_message = gettext_lazy("Safeguarding concern recorded")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "staff": selectors.staff_choices()}

    def get_initial(self):
        return {"action_by": self.request.user}

    def perform(self, form):
        return services.safeguarding_concern_record(
            service_user=self.service_user, recorded_by=self.request.user, **form.service_kwargs()
        )

    def get_success_url(self):
        return reverse("contacts:safeguarding", kwargs={"reference": self.service_user.reference})


class SafeguardingUpdateView(CaseNoteMixin, ServiceFormView):
    permission_required = ("contacts.view_serviceuser", "contacts.change_safeguardingconcern")
    model = SafeguardingConcern
    form_class = SafeguardingConcernForm
    template_name = "contacts/safeguarding_form.html"
    case_file_section = "safeguarding"
    success_message = gettext_lazy("Safeguarding concern updated")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "staff": selectors.staff_choices()}

    def get_initial(self):
        local = timezone.localtime(self.item.action_at)
        return {
            "concern": self.item.concern,
            "action": self.item.action,
            "action_detail": self.item.action_detail,
            "action_by": self.item.action_by_id,
            "action_on": local.date(),
            "action_time": local.time().replace(second=0, microsecond=0),
        }

    def perform(self, form):
        return services.safeguarding_concern_update(
            item=self.item, updated_by=self.request.user, **form.service_kwargs()
        )

    def get_success_url(self):
        return reverse("contacts:safeguarding", kwargs={"reference": self.service_user.reference})


class SafeguardingEndView(CaseNoteMixin, ServiceFormView):
    permission_required = ("contacts.view_serviceuser", "contacts.change_safeguardingconcern")
    model = SafeguardingConcern
    form_class = EndForm
    template_name = "contacts/end_form.html"
    case_file_section = "safeguarding"
    success_message = gettext_lazy("Safeguarding concern closed")

    def perform(self, form):
        return services.case_note_end(
            item=self.item, ended_by=self.request.user, **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("contacts:safeguarding", kwargs={"reference": self.service_user.reference})


class SearchView(PermissionRequiredView, View):
    """Records found by what was typed, as JSON, at most ``SEARCH_LIMIT`` a page.

    For the script that lets a form find one of many (staff who received a contact, a single
    point of contact) by typing; a form without JavaScript finds them by posting instead.
    """

    # Whoever logs or corrects a contact, or proposes a restriction, chooses staff.
    permission_required = ("contacts.add_contact",)

    def found(self, query: str):
        raise NotImplementedError

    def describe(self, record) -> dict:
        return {"id": record.pk, "label": str(record)}

    def get(self, request):
        query = request.GET.get("q", "").strip()[:100]
        page = Paginator(self.found(query), selectors.SEARCH_LIMIT).get_page(
            request.GET.get("page")
        )
        return JsonResponse(
            {
                "results": [self.describe(record) for record in page.object_list],
                "has_next": page.has_next(),
            },
            headers={"Cache-Control": "private, no-store"},
        )


class StaffSearchView(SearchView):
    def found(self, query: str):
        return selectors.staff_search(query)

    def describe(self, record) -> dict:
        return {**super().describe(record), "hint": str(record.team or "")}


class TeamSearchView(SearchView):
    def found(self, query: str):
        return selectors.team_search(query)
