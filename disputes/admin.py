"""The QSR team's dispute queue. The list is Django's changelist, tuned for large tables; the
dispute page and its transitions are the project's own views, served inside the admin so the
site's role check runs first."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.templatetags.admin_list import ResultList
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import DateField, Q, TextChoices
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from contacts import selectors as contact_selectors
from contacts.models import ServiceUser
from contacts.selectors import service_user_search
from disputes import rules, selectors, services, views
from disputes.choices import OPEN_STATES, DisputeState
from disputes.forms import AssigneeForm
from disputes.models import Dispute
from musuc import security
from musuc.models import SecurityEvent
from musuc.pagination import EstimatedCountPaginator, SeekOrder
from restrictions.choices import RestrictionState

# Where a page of the queue starts: after the row, or before it, whose place this is.
AFTER_VAR, BEFORE_VAR = "after", "before"


# The queue's cells repeat from row to row (a page's disputes share a few days, states and
# counts of days left): each is made once per value and language, not once per row.


@functools.lru_cache(maxsize=1024)
def formatted_date(day: dt.date, format_name: str, language: str) -> str:
    return date_format(day, format_name)


@functools.lru_cache(maxsize=256)
def choice_label(choices: type[TextChoices], value: str, language: str) -> str:
    """The one label, as text: get_FOO_display() translates every label to find it, and the
    admin compares a lazy label with each of its empty values, translating it each time."""
    return str(choices(value).label)


@functools.lru_cache(maxsize=256)
def days_left_shown(state: str, left: int | None, overdue: bool, language: str) -> str:
    """Working days left as the queue shows them: overdue in red, due soon highlighted."""
    if state == DisputeState.DECIDED:
        return _("Decided: outcome not sent yet")
    if left is None:
        return "–"
    if overdue:
        late = _("Overdue by %(days)s") % {"days": -left} if left < 0 else _("Overdue")
        return format_html('<strong class="app-overdue">{}</strong>', late)
    if left <= rules.DUE_SOON_WORKING_DAYS:
        return format_html('<strong class="app-due-soon">{}</strong>', left)
    return str(left)


class KnownValuesFilter(admin.SimpleListFilter):
    """A filter whose values are a fixed list: the queue refuses any other (see
    ``DisputeAdmin.changelist_view``) rather than silently showing everything."""

    @classmethod
    def known_values(cls) -> set[str]:
        raise ImproperlyConfigured(f"{cls.__name__} names no known_values().")

    @classmethod
    def unknown_value(cls, request) -> str | None:
        value = request.GET.get(cls.parameter_name)
        return value if value is not None and value not in cls.known_values() else None


class StateFilter(KnownValuesFilter):
    """Opens on the disputes awaiting an outcome, most urgent first; those decided and not yet
    sent are their own group, as their clock has stopped."""

    title = gettext_lazy("state")
    parameter_name = "state"
    TO_SEND = DisputeState.DECIDED

    @classmethod
    def known_values(cls) -> set[str]:
        return {"all", *DisputeState.values}

    def lookups(self, request, model_admin):
        later = [(v, label) for v, label in DisputeState.choices if v != self.TO_SEND]
        return [(self.TO_SEND, _("Decided: outcome not sent yet")), ("all", _("All")), *later]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Open disputes: awaiting an outcome"),
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == str(value),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() is None:
            if request.GET.get(DueFilter.parameter_name) in DueFilter.known_values():
                # Overdue and due soon are of open disputes already: said twice, the planner
                # counts it twice, expects a handful of rows and sorts them all (2,000 of them).
                return queryset
            return queryset.filter(state__in=OPEN_STATES)
        if self.value() in DisputeState.values:
            return queryset.filter(state=self.value())
        return queryset  # "all"


class DueFilter(KnownValuesFilter):
    title = gettext_lazy("due")
    parameter_name = "due"

    @classmethod
    def known_values(cls) -> set[str]:
        return {"overdue", "soon"}

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            (
                "soon",
                _("Due within %(days)s working days") % {"days": rules.DUE_SOON_WORKING_DAYS},
            ),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.due_soon(today)
        return queryset


class AssigneeFilter(KnownValuesFilter):
    title = gettext_lazy("assignee")
    parameter_name = "assignee"

    @classmethod
    def known_values(cls) -> set[str]:
        return {"me", "none"}

    def lookups(self, request, model_admin):
        return [("me", _("Assigned to me")), ("none", _("Unassigned"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class DisputeChangeList(ChangeList):
    """Django's changelist, paged by seeking: "Next page" carries the last row's place in the
    order (``after=``), "Previous page" the first row's (``before=``), so page 200 costs what
    page 1 does where an offset would read the 5,000 rows before it. The order is the queue's
    (most urgent first) or the latest due first, either way ending in the dispute's number."""

    # The columns that sort: each order an index reads without sorting (Dispute.Meta).
    SEEKABLE = frozenset({"due_on", "id"})

    def get_queryset(self, request, exclude_parameters=None):
        # Where a page starts is no filter: links to another filter, order or search start
        # from the first page of it.
        for name in (AFTER_VAR, BEFORE_VAR):
            self.params.pop(name, None)
            self.filter_params.pop(name, None)
        return super().get_queryset(request, exclude_parameters)

    def get_ordering(self, request, queryset):
        """The order asked for, on the columns that sort, ending in the dispute's number in
        the direction of the column before it (one index then serves an order and its
        reverse)."""
        ordering: list[str] = []
        for name in super().get_ordering(request, queryset):
            field = "id" if name.removeprefix("-") == "pk" else name.removeprefix("-")
            if field not in self.SEEKABLE or field in {f.removeprefix("-") for f in ordering}:
                continue
            if field == "id":
                descending = (ordering[-1] if ordering else name).startswith("-")
                ordering.append(("-" if descending else "") + "id")
                break
            ordering.append(name)
        return ordering

    def result_rows(self) -> list[ResultList]:
        """The page's rows as Django's changelist writes them (a checkbox, then a cell per
        column classed ``field-<name>``, the first a link to the dispute's page), from the
        queue's display methods alone, each row one piece of HTML. Django's own way looks each
        column up on the model, compares each value with every kind of empty, formats it once
        more, renders a form widget for each checkbox and reverses each row's address: that
        drew 25 rows more slowly than the rest of the page together."""
        start, _pk, end = reverse("admin:disputes_dispute_change", args=[0]).rpartition("/0/")
        select = _("Select this object for an action - {}")
        columns = [self._column(name) for name in self.list_display if name != "action_checkbox"]
        empty = self.model_admin.get_empty_value_display()
        rows = []
        for dispute in self.result_list:
            label = conditional_escape(select.format(dispute))
            cells = [
                '<td class="action-checkbox"><input type="checkbox" '
                f'name="{ACTION_CHECKBOX_NAME}" value="{dispute.pk}" class="action-select" '
                f'aria-label="{label}"></td>'
            ]
            for classes, value_of in columns:
                value = value_of(dispute)
                shown = empty if value is None or value == "" else conditional_escape(value)
                if len(cells) == 1:
                    link = f'<a href="{start}/{dispute.pk}/{end}">{shown}</a>'
                    cells.append(f'<th class="{classes}">{link}</th>')
                else:
                    cells.append(f'<td class="{classes}">{shown}</td>')
            rows.append(ResultList(None, [mark_safe("".join(cells))]))  # noqa: S308 - escaped
        return rows

    def _column(self, name: str):
        """A column's cell classes (as Django gives them) and how its value is read: a display
        method's, or a field's (a date formatted once per day)."""
        if hasattr(self.model_admin, name):
            return f"field-{name}", getattr(self.model_admin, name)
        if isinstance(self.model._meta.get_field(name), DateField):
            return (
                f"field-{name} nowrap",
                lambda row: formatted_date(getattr(row, name), "DATE_FORMAT", get_language()),
            )
        return f"field-{name} nowrap", lambda row: getattr(row, name)

    def get_results(self, request):
        seek = SeekOrder(self.model, self.queryset.query.order_by)
        per_page = self.list_per_page
        after = seek.parse(request.GET.get(AFTER_VAR, ""))
        before = seek.parse(request.GET.get(BEFORE_VAR, ""))
        # The page's rows come with what they show (queue_rows); the count reads the bare rows.
        disputes = selectors.queue_rows(self.queryset)
        if before is not None:
            earlier = disputes.filter(seek.before(before))
            rows = list(earlier.order_by(*seek.reversed_ordering())[: per_page + 1])[::-1]
            has_previous, has_next = len(rows) > per_page, True
            rows = rows[-per_page:]
            if len(rows) < per_page:
                # Fewer than a page before that row (disputes have moved on): the first page.
                before = after = None
        if before is None:
            later = disputes.filter(seek.after(after)) if after else disputes
            rows = list(later[: per_page + 1])
            has_previous, has_next = after is not None, len(rows) > per_page
            rows = rows[:per_page]
        self.result_list = rows
        self.paginator = self.model_admin.get_paginator(request, self.queryset, per_page)
        self.result_count = self.paginator.count
        self.full_result_count = None
        self.show_full_result_count = False
        self.can_show_all = False
        self.multi_page = has_previous or has_next
        self.previous_url = self.next_url = None
        if rows and has_previous:
            self.previous_url = self.get_query_string({BEFORE_VAR: seek.key(rows[0])})
        if rows and has_next:
            self.next_url = self.get_query_string({AFTER_VAR: seek.key(rows[-1])})
        # Working days left for the page's open disputes (the others show none), reading
        # closure days once: counting them back to a closed dispute's due date years ago
        # took longer than the rest of the page.
        selectors.working_days_left([row for row in rows if row.is_open], timezone.localdate())
        # No bar of actions over an empty page: there is nothing to select.
        self.show_admin_actions = bool(rows)


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    list_display = (
        "dispute",
        "person",
        "restriction_state",
        "state_shown",
        "assigned_to",
        "received",
        "due_on",
        "days_left",
    )
    list_filter = (StateFilter, DueFilter, AssigneeFilter, "outcome")
    list_select_related = ()  # the page's rows are read by selectors.queue_rows
    list_per_page = 25
    # The one column that sorts, either way: each order is read from an index, and paged by
    # seeking (DisputeChangeList). Received goes with due; the filters group the rest.
    sortable_by = ("due_on",)
    show_full_result_count = False
    # Set here, not looked up on the site for each cell (after an AttributeError each time).
    empty_value_display = "-"
    # Counting every filter's choices (the state's included) reads the whole table for each
    # of them: at 200,000 disputes that is the slowest thing the page would do. The counts
    # that matter (overdue, due soon, unassigned, mine) are on the QSR home page, cheaply.
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    search_fields = ("service_user__reference",)  # widened in get_search_results
    actions = ("assign_to_me", "assign_to")
    ordering = ("due_on", "id")

    class Media:
        css = {"all": ["css/admin.css"]}

    # -- who may do what: the site lets QSR and administrators in; these narrow it further.

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("disputes.view_dispute")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("disputes.view_dispute")

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("disputes.add_dispute") and request.user.has_perm(
            "contacts.view_serviceuser"
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # every change is a transition, made on the dispute page

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a dispute is a record: it is withdrawn or closed, never deleted

    def has_handle_permission(self, request) -> bool:
        return request.user.has_perm("disputes.handle_dispute")

    # -- the list

    def get_model_perms(self, request):
        # Disputes are recorded from the case file: the index and the queue offer no "Add".
        return {**super().get_model_perms(request), "add": False}

    def get_changelist(self, request, **kwargs):
        return DisputeChangeList

    def changelist_view(self, request, extra_context=None):
        unknown = [
            (known.title, value)
            for known in self.list_filter
            if isinstance(known, type)
            and issubclass(known, KnownValuesFilter)
            and (value := known.unknown_value(request)) is not None
        ]
        if unknown:
            context = {
                **self.admin_site.each_context(request),
                "title": _("There is no such filter"),
                "opts": self.model._meta,
                "unknown": unknown,
            }
            return TemplateResponse(
                request, "admin/disputes/dispute/unknown_filter.html", context, status=400
            )
        return super().changelist_view(
            request, {**(extra_context or {}), "has_add_permission": False}
        )

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        people = service_user_search(search_term).values("pk")
        return queryset.filter(Q(service_user__in=people)), False

    @admin.display(description=gettext_lazy("dispute"))
    def dispute(self, obj):
        return str(obj)

    @admin.display(description=gettext_lazy("service user"))
    def person(self, obj):
        return format_html("{}<br><small>{}</small>", obj.person_name, obj.person_reference)

    @admin.display(description=gettext_lazy("restriction"))
    def restriction_state(self, obj):
        return choice_label(RestrictionState, obj.restriction_state, get_language())

    @admin.display(description=gettext_lazy("state"))
    def state_shown(self, obj):
        return choice_label(DisputeState, obj.state, get_language())

    @admin.display(description=gettext_lazy("received"))
    def received(self, obj):
        received_on = timezone.localtime(obj.received_at).date()
        return formatted_date(received_on, "SHORT_DATE_FORMAT", get_language())

    @admin.display(description=gettext_lazy("working days left"))
    def days_left(self, obj):
        if not obj.is_open:
            return days_left_shown(obj.state, None, False, get_language())
        return days_left_shown(obj.state, obj.days_left, obj.overdue, get_language())

    # -- actions

    def get_action_choices(
        self, request, default_choices=None, action_location=ActionLocation.CHANGE_LIST
    ):
        """The actions alone, without the empty "---------" choice above them."""
        return super().get_action_choices(request, (), action_location)

    @admin.action(description=gettext_lazy("Assign to me"), permissions=["handle"])
    def assign_to_me(self, request, queryset):
        self._assign(request, queryset, request.user)

    @admin.action(description=gettext_lazy("Assign to…"), permissions=["handle"])
    def assign_to(self, request, queryset):
        disputes = list(queryset.select_related("service_user", "restriction", "term"))
        members = selectors.assignees_offered(disputes, services.qsr_members())
        finding = request.POST.get("find") == "assignee"
        found = []
        if finding:
            query = request.POST.get("assignee_query", "")[:100]
            found = list(
                contact_selectors.staff_search(query, among=members)[
                    : contact_selectors.SEARCH_LIMIT
                ]
            )
        form = AssigneeForm(
            request.POST if "assignee" in request.POST or finding else None,
            members=members,
            disputes=disputes,
            found=found,
        )
        if finding:
            form.hold_errors()  # a search, not a choice: nothing to refuse yet
        elif form.is_bound and form.is_valid():
            self._assign(request, queryset, form.cleaned_data["assignee"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Assign disputes"),
            "opts": self.model._meta,
            "form": form,
            "disputes": disputes,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/disputes/dispute/assign_to.html", context)

    def _assign(self, request, queryset, assignee):
        assigned, refused = 0, []
        for dispute in queryset.select_related("service_user", "restriction", "term"):
            if refusal := rules.not_assignable(dispute):
                refused.append(refusal)
                continue
            try:
                if dispute.state == DisputeState.RECEIVED:
                    services.dispute_assign(
                        dispute=dispute, assigned_by=request.user, assignee=assignee
                    )
                else:
                    services.dispute_reassign(
                        dispute=dispute, reassigned_by=request.user, assignee=assignee
                    )
                assigned += 1
            except (ValidationError, PermissionDenied) as refusal:
                if isinstance(refusal, PermissionDenied):
                    security.refusal_record(
                        request,
                        kind=SecurityEvent.Kind.TRANSITION_REFUSED,
                        detail=str(refusal),
                        record=security.record_label(dispute),
                    )
                text = "; ".join(getattr(refusal, "messages", [str(refusal)]))
                refused.append(f"{dispute}: {text}")
        if assigned:
            messages.success(
                request,
                _("%(count)s assigned to %(name)s") % {"count": assigned, "name": assignee},
            )
        for line in refused:
            messages.error(request, line)

    # -- the dispute page and its transitions

    def get_urls(self):
        wrap = self.admin_site.admin_view
        name = "disputes_dispute_"
        return [
            path("<int:pk>/assign/", wrap(views.DisputeAssignView.as_view()), name=name + "assign"),
            path(
                "assignees/search/",
                wrap(views.AssigneeSearchView.as_view()),
                name=name + "assignee_search",
            ),
            path(
                "staff/search/",
                wrap(views.DisputeStaffSearchView.as_view()),
                name=name + "staff_search",
            ),
            path(
                "<int:pk>/assign-to-me/",
                wrap(views.DisputeAssignToMeView.as_view()),
                name=name + "assign_to_me",
            ),
            path(
                "<int:pk>/reassign/",
                wrap(views.DisputeReassignView.as_view()),
                name=name + "reassign",
            ),
            path("<int:pk>/start/", wrap(views.DisputeStartView.as_view()), name=name + "start"),
            path("<int:pk>/decide/", wrap(views.DisputeDecideView.as_view()), name=name + "decide"),
            path(
                "<int:pk>/decide/check/",
                wrap(views.DisputeDecisionCheckView.as_view()),
                name=name + "decide_check",
            ),
            path("<int:pk>/close/", wrap(views.DisputeCloseView.as_view()), name=name + "close"),
            path(
                "<int:pk>/withdraw/",
                wrap(views.DisputeWithdrawView.as_view()),
                name=name + "withdraw",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not object_id.isdigit():
            return HttpResponseRedirect(reverse("admin:disputes_dispute_changelist"))
        return views.DisputePageView.as_view()(request, pk=int(object_id))

    def add_view(self, request, form_url="", extra_context=None):
        """Disputes are recorded on the person's case file: find it by reference."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        reference = request.GET.get("reference", "").strip()
        if reference:
            person = ServiceUser.objects.filter(reference=reference.upper()).first()
            if person is not None:
                return redirect("disputes:record", reference=person.reference)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record a dispute"),
            "opts": self.model._meta,
            "reference": reference,
            "not_found": bool(reference),
        }
        return TemplateResponse(request, "admin/disputes/dispute/find_person.html", context)

    def history_view(self, request, object_id, extra_context=None):
        return HttpResponseRedirect(reverse("admin:disputes_dispute_change", args=[object_id]))
