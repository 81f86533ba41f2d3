"""The QSR team's queue in the admin: defaults, filters, search, actions, speed, access."""

import datetime as dt
from urllib.parse import parse_qsl

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from contacts.selectors import service_user_search
from disputes import services
from disputes.admin import DisputeAdmin
from disputes.choices import OPEN_STATES, DisputeState
from disputes.models import Dispute
from tests.disputes.factories import QSR, assessing, decided, in_force, many_disputes, recorded
from tests.musuc.factories import UserFactory

QUEUE = reverse("admin:disputes_dispute_changelist")
PER_PAGE = DisputeAdmin.list_per_page


@pytest.fixture
def qsr(db):
    return UserFactory(role=QSR)


@pytest.fixture
def qsr_client(client_for, qsr):
    return client_for(qsr)


def _listed(response) -> set[int]:
    return {dispute.pk for dispute in response.context["cl"].result_list}


def _received_days_ago(days, restriction=None):
    restriction = restriction or in_force(starts_on=timezone.localdate() - dt.timedelta(days=90))
    return recorded(restriction, received_at=timezone.now() - dt.timedelta(days=days))


@pytest.mark.parametrize("role", ["Caseworker", "Manager"])
def test_caseworkers_and_managers_never_see_the_dispute_admin(db, client_for, role):
    dispute = _received_days_ago(1)
    client = client_for(UserFactory(role=role))
    for url in (
        QUEUE,
        reverse("admin:index"),
        dispute.get_absolute_url(),
        reverse("admin:disputes_dispute_add"),
    ):
        assert client.get(url).status_code == 403
    decide = reverse("admin:disputes_dispute_assign_to_me", args=[dispute.pk])
    assert client.post(decide).status_code == 403
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.RECEIVED


def test_the_queue_opens_on_disputes_awaiting_an_outcome_overdue_first(qsr_client, qsr):
    fresh, overdue, soon = _received_days_ago(2), _received_days_ago(40), _received_days_ago(24)
    decided(_received_days_ago(45), qsr)  # due long ago, but its clock has stopped
    closed = services.dispute_close(
        dispute=decided(_received_days_ago(4), qsr),
        closed_by=qsr,
        sent_on=timezone.localdate(),
        sent_method="letter",
    )
    response = qsr_client.get(QUEUE)
    assert [d.pk for d in response.context["cl"].result_list] == [overdue.pk, soon.pk, fresh.pk]
    assert "Open disputes: awaiting an outcome" in response.content.decode()
    assert closed.pk in _listed(qsr_client.get(QUEUE, {"state": "all"}))


def test_decided_disputes_not_yet_sent_are_their_own_labelled_group(qsr_client, qsr):
    done = decided(_received_days_ago(45), qsr)
    page = qsr_client.get(QUEUE)
    assert "Decided: outcome not sent yet" in page.content.decode()  # the filter's choice
    group = qsr_client.get(QUEUE, {"state": "decided"})
    assert _listed(group) == {done.pk}
    assert "Decided: outcome not sent yet</td>" in group.content.decode()  # its days left


def test_the_queue_counts_no_filter_choices(qsr_client):
    _received_days_ago(3)
    response = qsr_client.get(QUEUE, {"_facets": "1"})
    assert response.context["cl"].add_facets is False


@pytest.mark.parametrize(
    "query", [{"state": "bogus"}, {"due": "yesterday"}, {"assignee": "someone"}]
)
def test_an_unknown_filter_value_is_a_bad_request_that_says_so(qsr_client, query):
    _received_days_ago(3)
    response = qsr_client.get(QUEUE, query)
    assert response.status_code == 400
    value = next(iter(query.values()))
    assert f"called “{value}”, so it cannot show it" in response.content.decode()


def test_the_queue_offers_no_add_and_no_empty_action_choice(qsr_client):
    _received_days_ago(3)
    page = qsr_client.get(QUEUE).content.decode()
    assert reverse("admin:disputes_dispute_add") not in page
    assert "---------" not in page
    assert 'name="action"' in page
    assert (
        reverse("admin:disputes_dispute_add")
        not in qsr_client.get(reverse("admin:index")).content.decode()
    )


def test_an_empty_page_of_the_queue_has_no_action_bar(qsr_client):
    page = qsr_client.get(QUEUE).content.decode()
    assert 'name="action"' not in page


def test_filters_for_overdue_due_soon_mine_and_unassigned(qsr_client, qsr):
    overdue = _received_days_ago(40)
    soon = _received_days_ago(24)  # about 17 working days ago: due within 5
    fresh = _received_days_ago(0)
    services.dispute_assign(dispute=fresh, assigned_by=qsr, assignee=qsr)
    assert _listed(qsr_client.get(QUEUE, {"due": "overdue"})) == {overdue.pk}
    assert _listed(qsr_client.get(QUEUE, {"due": "soon"})) == {soon.pk}
    assert _listed(qsr_client.get(QUEUE, {"assignee": "me"})) == {fresh.pk}
    assert _listed(qsr_client.get(QUEUE, {"assignee": "none"})) == {overdue.pk, soon.pk}


def test_the_outcome_filter_and_search_by_name_or_reference(qsr_client, qsr):
    upheld = decided(_received_days_ago(3), qsr, outcome="upheld")
    other = _received_days_ago(3)
    response = qsr_client.get(QUEUE, {"state": "all", "outcome__exact": "upheld"})
    assert _listed(response) == {upheld.pk}
    person = other.service_user
    assert _listed(qsr_client.get(QUEUE, {"q": person.reference})) == {other.pk}
    assert other.pk in _listed(qsr_client.get(QUEUE, {"q": person.last_name}))
    assert _listed(qsr_client.get(QUEUE, {"q": "Nobody-by-this-name"})) == set()


def test_working_days_left_show_overdue_in_red_and_due_soon_highlighted(qsr_client):
    _received_days_ago(40)
    _received_days_ago(24)
    page = qsr_client.get(QUEUE).content.decode()
    assert 'class="app-overdue">Overdue by' in page
    assert 'class="app-due-soon"' in page


def test_assign_to_me_from_the_queue(qsr_client, qsr):
    first, second = _received_days_ago(3), _received_days_ago(4)
    response = qsr_client.post(
        QUEUE, {"action": "assign_to_me", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert response.status_code == 200
    for dispute in (first, second):
        dispute.refresh_from_db()
        assert (dispute.state, dispute.assigned_to) == (DisputeState.ASSIGNED, qsr)
        assert dispute.history.latest().history_user == qsr


def test_assign_to_someone_asks_who_then_assigns(qsr_client, qsr):
    colleague = UserFactory(role=QSR, first_name="Asha", last_name="Khan")
    dispute = _received_days_ago(3)
    chosen = {"action": "assign_to", "_selected_action": [dispute.pk]}
    asking = qsr_client.post(QUEUE, chosen)
    assert asking.status_code == 200
    assert "Find a member of the QSR team" in asking.content.decode()
    found = qsr_client.post(QUEUE, {**chosen, "find": "assignee", "assignee_query": "ash"})
    assert f'name="assignee" value="{colleague.pk}"' in found.content.decode()
    qsr_client.post(QUEUE, {**chosen, "assignee": colleague.pk})
    dispute.refresh_from_db()
    assert dispute.assigned_to == colleague


def test_assigning_a_decided_or_closed_dispute_says_it_is_decided_or_closed(qsr_client, qsr):
    done = decided(_received_days_ago(3), qsr)
    closed = services.dispute_close(
        dispute=decided(_received_days_ago(4), qsr),
        closed_by=qsr,
        sent_on=timezone.localdate(),
        sent_method="letter",
    )
    response = qsr_client.post(
        QUEUE + "?state=all",
        {"action": "assign_to_me", "_selected_action": [done.pk, closed.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert f"{done} cannot be assigned: it has been decided." in page
    assert f"{closed} cannot be assigned: it is closed." in page
    assert "moved on" not in page


def _qsr_who_approved():
    """A manager who is also in the QSR team, and a dispute about a restriction they approved."""
    from tests.conftest import role_group

    approver = UserFactory(role="Manager", first_name="Ade", last_name="Approver")
    approver.groups.add(role_group(QSR))
    return approver, _received_days_ago(2, in_force(approver=approver))


def test_staff_who_took_part_are_not_offered_the_dispute(qsr_client, qsr):
    approver, dispute = _qsr_who_approved()
    page = qsr_client.get(dispute.get_absolute_url())
    assert approver not in page.context["assign_form"].fields["assignee"].queryset
    assert qsr in page.context["assign_form"].fields["assignee"].queryset
    asking = qsr_client.post(QUEUE, {"action": "assign_to", "_selected_action": [dispute.pk]})
    assert approver not in asking.context["form"].fields["assignee"].queryset
    assert "nobody decides a dispute about their own decision" in asking.content.decode()


def test_staff_who_took_part_are_told_why_instead_of_assign_to_me(db, client_for):
    approver, dispute = _qsr_who_approved()
    page = client_for(approver).get(dispute.get_absolute_url()).content.decode()
    assert "Assign to me" not in page
    assert "so you cannot handle it" in page


def test_staff_who_took_part_cannot_be_assigned_the_dispute(qsr):
    from django.core.exceptions import ValidationError

    approver, dispute = _qsr_who_approved()
    with pytest.raises(ValidationError, match="Ade Approver proposed or approved"):
        services.dispute_assign(dispute=dispute, assigned_by=qsr, assignee=approver)


def test_staff_who_took_part_cannot_start_the_assessment(qsr):
    from django.core.exceptions import PermissionDenied

    approver, dispute = _qsr_who_approved()
    dispute = services.dispute_assign(dispute=dispute, assigned_by=qsr, assignee=qsr)
    # Assigned before the rule was kept at assignment: the start still refuses them.
    Dispute.objects.filter(pk=dispute.pk).update(assigned_to=approver)
    dispute.refresh_from_db()
    with pytest.raises(PermissionDenied, match="so you cannot handle it"):
        services.dispute_start_assessment(dispute=dispute, started_by=approver)


def test_bulk_assign_to_me_says_why_someone_who_took_part_cannot_have_it(db, client_for):
    approver, dispute = _qsr_who_approved()
    response = client_for(approver).post(
        QUEUE, {"action": "assign_to_me", "_selected_action": [dispute.pk]}, follow=True
    )
    assert "so you cannot handle it" in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.assigned_to is None


def test_recording_in_the_admin_opens_the_case_file_form(qsr_client):
    restriction = in_force()
    add = reverse("admin:disputes_dispute_add")
    response = qsr_client.get(add, {"reference": restriction.service_user.reference.lower()})
    assert response.url == reverse("disputes:record", args=[restriction.service_user.reference])
    missing = qsr_client.get(add, {"reference": "SU-NOSUCH"})
    assert "No case file has the reference" in missing.content.decode()


@pytest.mark.parametrize("query", [{}, {"due": "overdue"}, {"assignee": "me"}, {"q": "smith"}])
def test_the_queue_keeps_a_fixed_number_of_queries_with_500_disputes(
    qsr_client, qsr, django_assert_num_queries, query
):
    many_disputes(500, assignee=qsr)
    with django_assert_num_queries(7):
        response = qsr_client.get(QUEUE, query)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == PER_PAGE


@pytest.mark.parametrize(("count", "page"), [(5, 1), (60, 1), (60, 2)])
def test_the_queue_reads_as_many_queries_for_5_disputes_as_for_60(
    qsr_client, django_assert_num_queries, count, page
):
    many_disputes(count)
    query = {}
    if page == 2:
        query = _query_of(qsr_client.get(QUEUE).context["cl"].next_url)
    with django_assert_num_queries(7):
        response = qsr_client.get(QUEUE, query)
    assert len(response.context["cl"].result_list) == min(count - (page - 1) * PER_PAGE, PER_PAGE)


def test_the_queue_pages_without_counting_the_whole_table(qsr_client):
    many_disputes(500)
    cl = qsr_client.get(QUEUE).context["cl"]
    assert len(cl.result_list) == PER_PAGE
    assert cl.show_full_result_count is False
    assert cl.paginator.__class__.__name__ == "EstimatedCountPaginator"


# -- paging by seeking: "Next page" carries the last row's place in the order, "Previous page"
# the first row's.


def _query_of(url):
    return dict(parse_qsl(url.removeprefix("?")))


def _pages(client, query, towards="next_url"):
    """Each page's disputes, following the queue's next (or previous) page links from the page
    the query opens on."""
    pages = []
    while query is not None:
        cl = client.get(QUEUE, query).context["cl"]
        pages.append([dispute.pk for dispute in cl.result_list])
        url = getattr(cl, towards)
        query = _query_of(url) if url else None
    return pages


def _in_due_order(disputes, descending=False):
    order = ("-due_on", "-id") if descending else ("due_on", "id")
    return list(disputes.order_by(*order).values_list("pk", flat=True))


def test_next_pages_list_each_open_dispute_once_in_due_order_through_ties(qsr_client):
    # Three due dates shared by 20 disputes each: each page ends in the middle of a date.
    many_disputes(60, due_in=lambda number: number % 3)
    pages = _pages(qsr_client, {})
    assert [len(page) for page in pages] == [PER_PAGE, PER_PAGE, 60 - 2 * PER_PAGE]
    assert sum(pages, []) == _in_due_order(Dispute.objects.filter(state__in=OPEN_STATES))


def test_previous_pages_go_back_through_the_same_pages(qsr_client):
    many_disputes(60, due_in=lambda number: number % 3)
    forwards = _pages(qsr_client, {})
    last = qsr_client.get(QUEUE, _query_of(_last_next_url(qsr_client, {}))).context["cl"]
    backwards = _pages(qsr_client, _query_of(last.previous_url), towards="previous_url")
    assert backwards == forwards[-2::-1]
    assert last.next_url is None
    assert qsr_client.get(QUEUE).context["cl"].previous_url is None


def _last_next_url(client, query):
    url, cl = None, client.get(QUEUE, query).context["cl"]
    while cl.next_url:
        url = cl.next_url
        cl = client.get(QUEUE, _query_of(url)).context["cl"]
    return url


def test_sorting_by_due_date_latest_first_pages_in_that_order(qsr_client):
    many_disputes(60, due_in=lambda number: number % 3)
    cl = qsr_client.get(QUEUE).context["cl"]
    latest_first = {"o": f"-{cl.list_display.index('due_on')}"}
    pages = _pages(qsr_client, latest_first)
    assert len(pages) == 3
    open_disputes = Dispute.objects.filter(state__in=OPEN_STATES)
    assert sum(pages, []) == _in_due_order(open_disputes, descending=True)


def _mine(qsr):
    return Q(assigned_to=qsr, state__in=OPEN_STATES)


def _smiths(qsr):
    return Q(service_user__in=service_user_search("smith"))


@pytest.mark.parametrize(
    ("query", "chosen"), [({"assignee": "me"}, _mine), ({"state": "all", "q": "smith"}, _smiths)]
)
def test_filters_and_search_are_kept_from_page_to_page(qsr_client, qsr, query, chosen):
    many_disputes(100, assignee=qsr, due_in=lambda number: number % 3)
    expected = _in_due_order(Dispute.objects.filter(chosen(qsr)))
    assert len(expected) > PER_PAGE
    cl = qsr_client.get(QUEUE, query).context["cl"]
    assert query.items() <= _query_of(cl.next_url).items()
    assert sum(_pages(qsr_client, query), []) == expected


def test_a_filter_or_a_search_from_a_later_page_starts_at_its_first(qsr_client):
    many_disputes(60)
    second = qsr_client.get(QUEUE, _query_of(qsr_client.get(QUEUE).context["cl"].next_url))
    page = second.content.decode()
    assert 'name="after"' not in page  # the search form's hidden fields
    assert "after=" not in page.split('id="changelist-filter"')[1].split("</search>")[0]
    assert 'rel="prev"' in page


def test_a_page_start_the_queue_did_not_write_opens_the_first_page(qsr_client):
    many_disputes(60)
    first = [d.pk for d in qsr_client.get(QUEUE).context["cl"].result_list]
    for start in ({"after": "yesterday"}, {"before": "2026-01-01.x"}, {"after": "1.2.3"}):
        cl = qsr_client.get(QUEUE, start).context["cl"]
        assert [d.pk for d in cl.result_list] == first


def test_the_pages_say_how_many_disputes_and_about_how_many_when_many(qsr_client, monkeypatch):
    from musuc import pagination

    many_disputes(60)
    assert "60 disputes" in qsr_client.get(QUEUE).content.decode()
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset: 12_345)
    assert "About 12345 disputes" in qsr_client.get(QUEUE).content.decode()


def test_the_estimate_stands_in_for_the_count_on_a_large_result(db, monkeypatch):
    from musuc import pagination

    many_disputes(50)
    paginator = pagination.EstimatedCountPaginator(Dispute.objects.order_by("id"), 10)
    assert paginator.count == 50  # few rows: counted exactly
    monkeypatch.setattr(pagination, "EXACT_COUNT_UP_TO", 5)
    estimated = pagination.EstimatedCountPaginator(Dispute.objects.order_by("id"), 10).count
    assert estimated > 5  # the planner's estimate, not a count


# -- the dispute page


def test_the_dispute_page_shows_what_qsr_need_to_judge_it(qsr_client):
    manager = UserFactory(role="Manager", first_name="Maya", last_name="Okafor")
    restriction = in_force(approver=manager)
    dispute = recorded(restriction)
    page = qsr_client.get(dispute.get_absolute_url()).content.decode()
    assert "The restriction is not fair" in page  # the statement
    assert restriction.reasons in page
    assert "Maya Okafor" in page  # the approving manager's decision
    assert "Only these channels are open: Post" in page  # the conditions, in words
    assert restriction.contacts.get().summary in page  # the contacts
    assert restriction.warnings.get().reasons in page  # the warnings
    assert "Assign to me" in page
    assert 'data-testid="decide-form"' not in page


def test_each_button_appears_only_when_this_user_may_use_it(client_for, qsr):
    dispute = assessing(_received_days_ago(2), qsr)
    colleague_page = client_for(UserFactory(role=QSR)).get(dispute.get_absolute_url())
    assert 'data-testid="decide-form"' not in colleague_page.content.decode()
    assert "Only the person the dispute is assigned to" in colleague_page.content.decode()
    own = client_for(qsr).get(dispute.get_absolute_url()).content.decode()
    assert 'data-testid="decide-form"' in own
    assert "Start assessment" not in own
    # Administrators read no case files, so no disputes either.
    administrator = client_for(UserFactory(role="Administrator"))
    assert administrator.get(dispute.get_absolute_url()).status_code == 403
    assert administrator.get(QUEUE).status_code == 403


def test_the_page_says_why_a_qsr_member_who_approved_it_cannot_decide(db, client_for, qsr):
    approver, dispute = _qsr_who_approved()
    dispute = assessing(dispute, qsr)
    # Assigned to them before the rule was kept at assignment: still refused at the decision.
    Dispute.objects.filter(pk=dispute.pk).update(assigned_to=approver)
    page = client_for(approver).get(dispute.get_absolute_url()).content.decode()
    assert "so you cannot handle it" in page
    assert 'data-testid="decide-form"' not in page


def test_a_refused_decision_re_renders_with_an_error_summary_and_keeps_the_input(qsr_client, qsr):
    dispute = assessing(_received_days_ago(2), qsr)
    url = reverse("admin:disputes_dispute_decide", args=[dispute.pk])
    response = qsr_client.post(
        url,
        {"outcome": "partly_upheld", "reasonable_reasons": "Mostly", "proportionate_reasons": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Say whether the restriction was proportionate" in page
    assert "Mostly" in page
    # Nothing to change for a partly upheld outcome: refused by the service, also shown.
    response = qsr_client.post(
        url,
        {"outcome": "partly_upheld", "reasonable_reasons": "Mostly", "proportionate_reasons": "No"},
    )
    assert "Change the conditions, the term, or both" in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.UNDER_ASSESSMENT


def test_the_whole_journey_through_the_page(qsr_client, qsr):
    restriction = in_force(months=12)
    dispute = recorded(restriction)
    pk = dispute.pk

    def post(name, data=None):
        return qsr_client.post(reverse(f"admin:disputes_dispute_{name}", args=[pk]), data or {})

    assert post("assign_to_me").status_code == 302
    assert post("start").status_code == 302
    decided_response = post(
        "decide",
        {
            "outcome": "partly_upheld",
            "reasonable_reasons": "Reasonable",
            "proportionate_reasons": "Too long",
            "new_term_months": "6",
        },
    )
    assert decided_response.url == reverse("admin:disputes_dispute_decide_check", args=[pk])
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.UNDER_ASSESSMENT  # nothing applied until confirmed
    assert post("decide_check").status_code == 302
    today = timezone.localdate()
    closed = post(
        "close",
        {
            "sent_on_0": today.day,
            "sent_on_1": today.month,
            "sent_on_2": today.year,
            "sent_method": "letter",
        },
    )
    assert closed.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.state, dispute.outcome) == (DisputeState.CLOSED, "partly_upheld")
    assert restriction.terms.get().months == 6


def test_the_dispute_page_keeps_a_fixed_number_of_queries(
    qsr_client, qsr, django_assert_num_queries
):
    from tests.contacts.factories import ContactFactory

    dispute = assessing(_received_days_ago(2), qsr)
    ContactFactory.create_batch(30, service_user=dispute.service_user, unacceptable=True)
    # session, user, roles and permissions, the dispute, the service user (with the header),
    # the conditions in force (the header's, shown again), closure days, the terms, the
    # contacts (the newest, those flagged, those cited: one query), the history, the warnings.
    # The assign and decide forms offer no one until a search: neither reads the staff.
    with django_assert_num_queries(12):
        response = qsr_client.get(dispute.get_absolute_url())
    assert len(response.context["contacts"]) == 20


def test_a_dispute_due_friday_is_overdue_on_saturday(db, qsr_client, qsr):
    import time_machine

    dispute = _received_days_ago(3)
    Dispute.objects.filter(pk=dispute.pk).update(due_on=dt.date(2026, 11, 27))  # a Friday
    with time_machine.travel(dt.datetime(2026, 11, 28, 10, tzinfo=dt.UTC), tick=False):
        qsr_client.force_login(qsr)  # a session from days before has expired
        queue = qsr_client.get(QUEUE, {"due": "overdue"})
        assert _listed(queue) == {dispute.pk}
        assert 'class="app-overdue">Overdue<' in queue.content.decode()
        page = qsr_client.get(dispute.get_absolute_url()).content.decode()
    assert "govuk-tag--red" in page


@pytest.mark.parametrize(
    ("outcome", "change"),
    [
        ("not_upheld", {"new_term_months": "12"}),
        ("upheld", {"change_conditions": "on", "kinds": ["limited_channels"]}),
    ],
)
def test_a_change_chosen_with_an_outcome_that_changes_nothing_is_refused(
    qsr_client, qsr, outcome, change
):
    restriction = in_force(months=6)
    dispute = assessing(recorded(restriction), qsr)
    response = qsr_client.post(
        reverse("admin:disputes_dispute_decide", args=[dispute.pk]),
        {"outcome": outcome, "reasonable_reasons": "Yes", "proportionate_reasons": "Yes", **change},
    )
    assert response.status_code == 200
    assert "Only a dispute partly upheld changes the term or the conditions" in (
        response.content.decode()
    )
    dispute.refresh_from_db()
    assert (dispute.state, dispute.outcome) == (DisputeState.UNDER_ASSESSMENT, "")
    assert restriction.terms.get().months == 6


def test_the_term_and_conditions_show_under_partly_upheld_alone(qsr_client, qsr):
    dispute = assessing(_received_days_ago(2), qsr)
    page = qsr_client.get(dispute.get_absolute_url()).content.decode()
    partly = page.index('value="partly_upheld"')
    revealed = page.index('id="conditional-id_outcome_2"')
    assert 'data-aria-controls="conditional-id_outcome_2"' in page[partly - 200 : partly + 200]
    assert 'data-module="govuk-radios"' in page
    end = page.index('name="reasonable_reasons"')
    assert revealed < page.index('name="new_term_months"') < end
    assert revealed < page.index('name="change_conditions"') < end
    assert revealed < page.index('name="kinds"') < end
    assert page.count('type="radio" value="3"') == 1  # the term's choices, once
    assert "If partly upheld" not in page


def test_the_withdrawal_is_its_own_page(qsr_client, qsr):
    dispute = _received_days_ago(2)
    url = reverse("admin:disputes_dispute_withdraw", args=[dispute.pk])
    page = qsr_client.get(dispute.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page
    assert 'name="reason"' not in page
    own = qsr_client.get(url)
    assert own.status_code == 200
    assert 'name="reason"' in own.content.decode()
    refused = qsr_client.post(url, {"reason": ""})
    assert "govuk-error-summary" in refused.content.decode()
    assert "Enter why the dispute was withdrawn" in refused.content.decode()
    done = qsr_client.post(url, {"reason": "They rang to say so"})
    assert done.url == dispute.get_absolute_url()
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.WITHDRAWN
    assert qsr_client.get(url).url == dispute.get_absolute_url()  # nothing left to withdraw


def _answered(qsr_client, qsr, months=12, **answers):
    restriction = in_force(months=months)
    dispute = assessing(recorded(restriction), qsr)
    response = qsr_client.post(
        reverse("admin:disputes_dispute_decide", args=[dispute.pk]),
        {
            "outcome": "partly_upheld",
            "reasonable_reasons": "Reasonable",
            "proportionate_reasons": "Too long",
            "new_term_months": "6",
            **answers,
        },
    )
    return restriction, dispute, response


def test_the_outcome_is_shown_back_to_check_before_it_is_applied(qsr_client, qsr):
    restriction, dispute, response = _answered(qsr_client, qsr)
    check = reverse("admin:disputes_dispute_decide_check", args=[dispute.pk])
    assert response.url == check
    page = qsr_client.get(check).content.decode()
    assert "Check your answers before recording the outcome" in page
    assert "Partly upheld: the restriction is varied" in page
    assert "6 months" in page
    assert "Keep the current conditions" in page
    assert page.count("govuk-summary-list__actions") == 5  # each answer can be changed
    assert f'href="{dispute.get_absolute_url()}#id_outcome_0"' in page
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.UNDER_ASSESSMENT
    assert restriction.terms.get().months == 12


def test_changing_an_answer_goes_back_to_the_form_as_it_was_filled_in(qsr_client, qsr):
    _restriction, dispute, _response = _answered(qsr_client, qsr, proportionate_reasons="Long")
    form = qsr_client.get(dispute.get_absolute_url()).context["decide_form"]
    assert form["proportionate_reasons"].value() == "Long"
    assert form["outcome"].value() == "partly_upheld"


def test_confirming_the_answers_records_and_applies_the_outcome_once(qsr_client, qsr):
    restriction, dispute, _response = _answered(qsr_client, qsr)
    check = reverse("admin:disputes_dispute_decide_check", args=[dispute.pk])
    confirmed = qsr_client.post(check, follow=True)
    assert "Outcome recorded and applied to the restriction" in confirmed.content.decode()
    dispute.refresh_from_db()
    assert (dispute.state, dispute.decided_by) == (DisputeState.DECIDED, qsr)
    assert restriction.terms.get().months == 6
    assert qsr_client.post(check).url == dispute.get_absolute_url()  # nothing left to record
    assert qsr_client.get(check).url == dispute.get_absolute_url()


def test_answers_the_service_would_refuse_are_refused_before_the_check(qsr_client, qsr):
    _restriction, dispute, response = _answered(qsr_client, qsr, months=6)  # 6 is no change
    assert response.status_code == 200
    assert "Choose a different length, or keep the current term" in response.content.decode()
    check = reverse("admin:disputes_dispute_decide_check", args=[dispute.pk])
    assert qsr_client.get(check).url == dispute.get_absolute_url()
