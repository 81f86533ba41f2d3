"""The pages that assemble several apps: the home page, the search for a service user, the
case file's overview and timeline, and "How the policy works" (the process drawn from the state
machines). Logging a contact, and adding a caller with their contact, are in
``casework.contact_views``.

The case file's other pages belong to their apps and share its frame (``contacts.frame``),
whose header this app supplies (``casework.frame``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from casework import contact_views, process_chart
from contacts import selectors as contact_selectors
from contacts.frame import CaseFileMixin, case_file_annotations
from disputes import rules as dispute_rules
from disputes import selectors as dispute_selectors
from letters import rules as letter_rules
from letters import selectors as letter_selectors
from letters import telling as letter_telling
from musuc.roles import PermissionRequiredView, Role, roles_of
from restrictions import selectors as restriction_selectors

PAGE_SIZE = 25
# The case file shows the latest few entries of its timeline; the timeline page all of them.
TIMELINE_LATEST = 10
TIMELINE_PAGE_SIZE = 25
# Each page of the timeline reads the index of every entry before it (the entries come from
# several apps, merged by date), so the pages stop somewhere: 5,000 entries back.
TIMELINE_PAGES = 200
# The apps whose records are entries on the timeline, each with its kinds and its reads.
TIMELINE_APPS = (contact_selectors, restriction_selectors, dispute_selectors, letter_selectors)


class HomeView(TemplateView):
    """Each role's own work, read from the records' state. Every signed-in member of staff may
    see their home page.

    Notifications are not listed here: one stays as it was written after the work it told of is
    done (another manager decided the proposal), so the work lists come from the live state and
    the notifications have a history page of their own, linked from here.
    """

    template_name = "casework/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        held = roles_of(user)
        context["works_cases"] = bool(held & {Role.CASEWORKER, Role.MANAGER})
        context["views_cases"] = user.has_perm("contacts.view_serviceuser")
        context["administers"] = Role.ADMINISTRATOR in held
        if user.has_perm("restrictions.decide_restriction"):
            context["approvals"] = list(restriction_selectors.approvals_queue(user)[:20])
            context["reviews"] = restriction_selectors.open_reviews(user)
            context["today"] = timezone.localdate()
            context["letters_owed"], context["more_letters_owed"] = letter_selectors.letters_owed(
                user, context["today"]
            )
            context["letter_due_days"] = letter_rules.LETTER_DUE_WORKING_DAYS
        if user.has_perm("disputes.handle_dispute"):
            context["dispute_counts"] = dispute_selectors.queue_counts(user, timezone.localdate())
            context["due_soon_days"] = dispute_rules.DUE_SOON_WORKING_DAYS
        if context["works_cases"]:
            context["recent_contacts"] = contact_selectors.recent_contacts_logged_by(user)
            context["recent_service_users"] = contact_selectors.recent_service_users_added_by(user)
            context["delivery_failures"] = list(letter_selectors.delivery_failures_for(user)[:20])
        return context


class ServiceUserSearchView(PermissionRequiredView, TemplateView):
    permission_required = ("contacts.view_serviceuser",)
    template_name = "casework/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        context["query"] = query
        if query:
            page = Paginator(contact_selectors.service_user_search(query), PAGE_SIZE).get_page(
                self.request.GET.get("page")
            )
            flags = restriction_selectors.flags_for(person.pk for person in page.object_list)
            for person in page.object_list:
                person.unspent_warnings = flags[person.pk]["warnings"]
                person.restricted = flags[person.pk]["restricted"]
            context["page"] = page
            if self.request.user.has_perms(contact_views.ADD_WITH_CONTACT_PERMISSIONS):
                # Whether nobody was found or only people who may not be the one wanted.
                context["add_with_contact_url"] = "{}?{}".format(
                    reverse("contacts:service-user-create-with-contact"), urlencode({"q": query})
                )
        return context


def case_file_events(
    service_user, *, start: int, stop: int
) -> tuple[list[contact_selectors.TimelineEvent], bool]:
    """Entries ``start`` to ``stop`` of the person's timeline from every app, newest first, and
    whether older ones follow: one query finds which entries they are, then each app reads
    the records of those shown, a query for each kind of record among them."""
    kinds = [kind for app in TIMELINE_APPS for kind in app.timeline_kinds(service_user)]
    # One more than is shown says whether anything older follows.
    window = contact_selectors.timeline_window(kinds, stop=stop + 1)
    shown = window[start:stop]
    keys = contact_selectors.timeline_keys(shown)
    events = {}
    for app in TIMELINE_APPS:
        events.update(app.timeline_read(service_user, keys))
    # A record gone between the two reads (none is deleted in use) is left out, not an error.
    found = [events.get((entry["kind"], entry["key"])) for entry in shown]
    return [event for event in found if event is not None], len(window) > stop


class CaseFileView(PermissionRequiredView, CaseFileMixin, TemplateView):
    permission_required = ("contacts.view_serviceuser",)
    template_name = "casework/case_file.html"
    case_file_section = "overview"

    @cached_property
    def service_user(self):
        return contact_selectors.service_user_case_file(
            self.kwargs["reference"], annotations=case_file_annotations()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        timeline, more = case_file_events(self.service_user, start=0, stop=TIMELINE_LATEST)
        context["timeline"] = timeline
        context["timeline_has_more"] = more
        context["adjustments"] = [
            item for item in self.service_user.reasonable_adjustments.all() if item.is_current
        ]
        context["concerns"] = [
            item for item in self.service_user.safeguarding_concerns.all() if item.is_current
        ]
        context["delivery_failures"] = list(
            letter_selectors.delivery_failures_of(self.service_user)[:20]
        )
        # How letters are written to them, as their preferences choose it.
        context["letter_preferences"] = letter_telling.preferences_of(self.service_user)
        return context


class CaseFileTimelineView(PermissionRequiredView, CaseFileMixin, TemplateView):
    """Everything that has happened on the case file, newest first, a page at a time."""

    permission_required = ("contacts.view_serviceuser",)
    template_name = "casework/case_file_timeline.html"
    case_file_section = "overview"

    @cached_property
    def service_user(self):
        return contact_selectors.service_user_case_file(
            self.kwargs["reference"], annotations=case_file_annotations()
        )

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
        timeline, more = case_file_events(
            self.service_user, start=end - TIMELINE_PAGE_SIZE, stop=end
        )
        if number > 1 and not timeline:
            raise Http404
        context["timeline"] = timeline
        context["page_number"] = number
        context["has_previous"] = number > 1
        context["has_next"] = more and number < TIMELINE_PAGES
        return context


class HowThePolicyWorksView(TemplateView):
    """Annex 1, "How the policy works": the process drawn from the state machines, with the
    same as tables. Every member of staff holding a role may read it; nobody else."""

    template_name = "casework/how_the_policy_works.html"

    def dispatch(self, request, *args, **kwargs):
        if not roles_of(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = process_chart.machines()
        svg = process_chart.process_chart_svg()
        # Our own Graphviz output, made safe to inline by process_chart.safe_svg: no script,
        # no links, no style attributes.
        context["chart"] = mark_safe(svg) if svg else None  # noqa: S308
        context["machines"] = found
        context["links"] = process_chart.drawn_links(found)
        return context
