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
from musuc.generic import ServiceFormView
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


class TeamSearchView(SearchView):
    def found(self, query: str):
        return selectors.team_search(query)
