"""The frame of a service user's case file, the pieces of the contact form's pages, and the
staff search that any app's form may use to find one of many by typing.

Every page of the case file, whichever app it belongs to, is built on ``CaseFileMixin``: the
service user, the sub navigation and the header. The header shows what several apps know of the
person (warnings, a restriction in force, an open dispute), so the top layer (``casework``)
fills ``case_file_header`` at start-up with the template and what it reads, and
``case_file_annotations`` with what of it can be read with the person, in the same query.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from contacts import selectors
from contacts.forms import ContactForm
from contacts.models import ServiceUser
from musuc.hooks import Hook
from musuc.roles import PermissionRequiredView


def _no_header(service_user: ServiceUser) -> dict[str, Any]:
    return {}


def _no_annotations() -> dict[str, Any]:
    return {}


# Context for the case file's header: ``case_file_header`` names its template.
case_file_header: Hook[[ServiceUser], dict[str, Any]] = Hook("case file header", _no_header)
# What the header reads of the person, as annotations of the person's own query: every page of
# the case file reads the person and most of their header in one query.
case_file_annotations: Hook[[], dict[str, Any]] = Hook("case file annotations", _no_annotations)


class CaseFileMixin:
    """Pages of one service user's case file: identity bar, flags and sub navigation."""

    case_file_section = ""

    def get_reference(self) -> str:
        return self.kwargs["reference"]

    @cached_property
    def service_user(self):
        return selectors.case_file_person(self.get_reference(), annotations=case_file_annotations())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["service_user"] = self.service_user
        context["case_file_section"] = self.case_file_section
        context["summary"] = selectors.case_file_summary(self.service_user)
        # The header: its template and what it shows, which the top layer supplies.
        context.update(case_file_header(self.service_user))
        return context


class AttachmentsRechosenMixin:
    """A refused form cannot send files back: say so beside the attachments field."""

    def files_not_kept(self, form) -> None:
        """Say that files posted with a form shown again must be chosen again."""
        if self.request.FILES and "attachments" not in form.errors:
            form.add_error("attachments", _("Select the files again: they were not kept"))

    def form_invalid(self, form):
        self.files_not_kept(form)
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


class SearchView(PermissionRequiredView, View):
    """Records found by what was typed, as JSON, at most ``SEARCH_LIMIT`` a page.

    For the script that lets a form find one of many (staff who received a contact, a single
    point of contact) by typing; a form without JavaScript finds them by posting instead.
    """

    # Whoever logs or corrects a contact, or proposes a restriction, chooses staff.
    permission_required = ("contacts.add_contact",)

    def found(self, query: str):
        raise ImproperlyConfigured(f"{type(self).__name__} names no found().")

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
