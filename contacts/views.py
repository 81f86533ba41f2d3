from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
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
from contacts.frame import (
    AttachmentsRechosenMixin,
    CaseFileMixin,
    RecipientsFoundMixin,
    SearchView,
)
from contacts.models import Attachment, ReasonableAdjustment, SafeguardingConcern
from musuc.generic import FoundBySearchMixin, ServiceFormView
from musuc.roles import PermissionRequiredView

PAGE_SIZE = 25
# The case file shows the latest few entries of its timeline; the timeline page all of them.
TIMELINE_LATEST = 10
TIMELINE_PAGE_SIZE = 25
# Each page of the timeline reads every entry before it (the entries come from several
# apps, merged by date), so the pages stop somewhere: 5,000 entries back.
TIMELINE_PAGES = 200


class ServiceUserCreateView(ServiceFormView):
    """Add a service user, after showing anyone already on file who may be the same person."""

    permission_required = ("contacts.add_serviceuser",)
    form_class = ServiceUserForm
    template_name = "contacts/service_user_form.html"

    def form_valid(self, form):
        if duplicates := form.possible_duplicates():
            return self.render_to_response(
                self.get_context_data(form=form.duplicates_shown(), duplicates=duplicates)
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


class CaseFileContactsView(PermissionRequiredView, CaseFileMixin, TemplateView):
    permission_required = ("contacts.view_serviceuser", "contacts.view_contact")
    template_name = "contacts/case_file_contacts.html"
    case_file_section = "contacts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(selectors.contacts_listed(self.service_user), PAGE_SIZE)
        # Counted with the person already (the tab's own "Contacts (n)"): not counted again.
        paginator.count = context["summary"].contacts
        context["page"] = paginator.get_page(self.request.GET.get("page"))
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


class CaseNoteFormView(CaseFileMixin, ServiceFormView):
    """Recording, changing or ending a case note (a reasonable adjustment or a safeguarding
    concern). What differs is said in attributes: the section of the case file (whose list
    page it returns to), the form and template, the service and the message."""

    service = None  # the write, as a staticmethod

    def get_success_url(self):
        return reverse(
            f"contacts:{self.case_file_section}", kwargs={"reference": self.service_user.reference}
        )


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


class CaseNoteCreateView(CaseNoteFormView):
    def perform(self, form):
        return self.service(
            service_user=self.service_user, recorded_by=self.request.user, **form.service_kwargs()
        )


class CaseNoteUpdateView(CaseNoteMixin, CaseNoteFormView):
    initial_fields: tuple[str, ...] = ()

    def get_initial(self):
        return {name: getattr(self.item, name) for name in self.initial_fields}

    def perform(self, form):
        return self.service(item=self.item, updated_by=self.request.user, **form.service_kwargs())


class CaseNoteEndView(CaseNoteMixin, CaseNoteFormView):
    form_class = EndForm
    template_name = "contacts/end_form.html"

    def perform(self, form):
        return services.case_note_end(
            item=self.item, ended_by=self.request.user, **form.cleaned_data
        )


class AdjustmentFormMixin:
    case_file_section = "adjustments"
    model = ReasonableAdjustment
    form_class = ReasonableAdjustmentForm
    template_name = "contacts/adjustment_form.html"


class AdjustmentCreateView(AdjustmentFormMixin, CaseNoteCreateView):
    permission_required = ("contacts.view_serviceuser", "contacts.add_reasonableadjustment")
    service = staticmethod(services.reasonable_adjustment_record)
    success_message = gettext_lazy("Reasonable adjustment recorded")


class AdjustmentUpdateView(AdjustmentFormMixin, CaseNoteUpdateView):
    permission_required = ("contacts.view_serviceuser", "contacts.change_reasonableadjustment")
    service = staticmethod(services.reasonable_adjustment_update)
    initial_fields = ("need", "adjustment", "agreed_on")
    success_message = gettext_lazy("Reasonable adjustment updated")


class AdjustmentEndView(CaseNoteEndView):
    permission_required = ("contacts.view_serviceuser", "contacts.change_reasonableadjustment")
    case_file_section = "adjustments"
    model = ReasonableAdjustment
    success_message = gettext_lazy("Reasonable adjustment ended")


class SafeguardingFormMixin(FoundBySearchMixin):
    """Who took the action is chosen among all active staff, of whom only the one chosen and
    those a search found are offered."""

    case_file_section = "safeguarding"
    model = SafeguardingConcern
    form_class = SafeguardingConcernForm
    template_name = "contacts/safeguarding_form.html"
    found_by_search = {"action_by": ("action_by_query", "found_staff")}

    def search(self, name: str, query: str) -> list:
        return list(selectors.staff_search(query)[: selectors.SEARCH_LIMIT])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "staff": selectors.staff_choices()}


class SafeguardingCreateView(SafeguardingFormMixin, CaseNoteCreateView):
    permission_required = ("contacts.view_serviceuser", "contacts.add_safeguardingconcern")
    service = staticmethod(services.safeguarding_concern_record)
    success_message = gettext_lazy("Safeguarding concern recorded")

    def get_initial(self):
        return {"action_by": self.request.user}


class SafeguardingUpdateView(SafeguardingFormMixin, CaseNoteUpdateView):
    permission_required = ("contacts.view_serviceuser", "contacts.change_safeguardingconcern")
    service = staticmethod(services.safeguarding_concern_update)
    initial_fields = ("concern", "action", "action_detail")
    success_message = gettext_lazy("Safeguarding concern updated")

    def get_initial(self):
        local = timezone.localtime(self.item.action_at)
        initial = super().get_initial()
        return {
            **initial,
            "action_by": self.item.action_by_id,
            "action_on": local.date(),
            "action_time": local.time().replace(second=0, microsecond=0),
        }


class SafeguardingEndView(CaseNoteEndView):
    permission_required = ("contacts.view_serviceuser", "contacts.change_safeguardingconcern")
    case_file_section = "safeguarding"
    model = SafeguardingConcern
    success_message = gettext_lazy("Safeguarding concern closed")


class TeamSearchView(SearchView):
    def found(self, query: str):
        return selectors.team_search(query)
