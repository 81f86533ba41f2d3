"""Recording a dispute from the case file, and where it shows: timeline, identity bar, review."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from disputes.models import Dispute
from restrictions import services as restriction_services
from restrictions.models import Review
from tests.disputes.factories import QSR, decided, in_force, many_disputes, recorded
from tests.musuc.factories import UserFactory


def _form(term, **overrides):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    return {
        "term": term.pk,
        "received_on_0": yesterday.day,
        "received_on_1": yesterday.month,
        "received_on_2": yesterday.year,
        "received_time": "16:45",
        "channel": "secure_voicemail",
        "channel_detail": "",
        "statement": "I was only asking about my complaint.",
        **overrides,
    }


@pytest.mark.parametrize("role", ["Caseworker", "Manager", QSR])
def test_recording_a_dispute_from_the_case_file(db, client_for, role):
    restriction = in_force()
    person = restriction.service_user
    client = client_for(UserFactory(role=role))
    url = reverse("disputes:record", args=[person.reference])
    response = client.post(url, _form(restriction.terms.get()), follow=True)
    dispute = Dispute.objects.get()
    assert dispute.channel == "secure_voicemail"
    assert timezone.localtime(dispute.received_at).time() == dt.time(16, 45)
    assert "Dispute recorded: the outcome is due by" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("disputes:case-file", args=[person.reference])


def test_bad_input_re_renders_with_an_error_summary_and_keeps_what_was_typed(db, caseworker_client):
    restriction = in_force()
    url = reverse("disputes:record", args=[restriction.service_user.reference])
    response = caseworker_client.post(
        url, _form(restriction.terms.get(), channel="other", statement="Kept text")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Say how the dispute was received" in page
    assert "Kept text" in page
    assert not Dispute.objects.exists()


def test_a_second_dispute_about_the_same_decision_is_refused_with_a_message(db, caseworker_client):
    restriction = in_force()
    recorded(restriction)
    url = reverse("disputes:record", args=[restriction.service_user.reference])
    assert "(already disputed)" in caseworker_client.get(url).content.decode()
    response = caseworker_client.post(url, _form(restriction.terms.get()))
    assert "Stage 2 is final" in response.content.decode()
    assert Dispute.objects.count() == 1


def test_a_person_with_no_restriction_has_nothing_to_dispute(db, caseworker_client):
    from tests.contacts.factories import ServiceUserFactory

    person = ServiceUserFactory()
    page = caseworker_client.get(reverse("disputes:record", args=[person.reference]))
    assert "no restriction that is approved or in force" in page.content.decode()


def test_the_case_file_shows_the_dispute_on_its_timeline_and_identity_bar(db, caseworker_client):
    restriction = in_force()
    dispute = recorded(restriction)
    page = caseworker_client.get(restriction.service_user.get_absolute_url()).content.decode()
    assert "Stage 2 dispute received" in page
    assert f"Dispute open: due {dispute.due_on:%-d %B %Y}" in page
    decided(dispute, UserFactory(role=QSR), outcome="upheld")
    page = caseworker_client.get(restriction.service_user.get_absolute_url()).content.decode()
    assert "Stage 2 dispute decided: Upheld: the restriction is lifted" in page
    assert "Dispute open" not in page
    assert "Contact is restricted" not in page  # lifted


def test_the_disputes_tab_lists_outcomes_for_case_staff(db, caseworker_client):
    restriction = in_force(months=12)
    decided(recorded(restriction), UserFactory(role=QSR), "partly_upheld", new_term_months=6)
    page = caseworker_client.get(
        reverse("disputes:case-file", args=[restriction.service_user.reference])
    ).content.decode()
    assert "Partly upheld: the restriction is varied" in page
    assert "Term changed to 6 months" in page


def test_the_disputes_tab_keeps_a_fixed_number_of_queries(
    db, caseworker_client, django_assert_num_queries
):
    restriction = in_force(months=3, starts_on=timezone.localdate() - dt.timedelta(days=400))
    for number in range(2, 8):  # several decisions, each disputed
        term = restriction.terms.create(
            number=number,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
            months=3,
            decided_by=restriction.decided_by,
            decided_at=timezone.now(),
            reason="Extended",
        )
        recorded(restriction, term=term)
    url = reverse("disputes:case-file", args=[restriction.service_user.reference])
    with django_assert_num_queries(8):
        response = caseworker_client.get(url)
    assert len(response.context["disputes"]) == 6


def test_the_review_shows_the_disputes_in_the_term(db, client_for):
    restriction = in_force(months=3, starts_on=timezone.localdate() - dt.timedelta(days=120))
    decided(
        recorded(restriction, received_at=timezone.now() - dt.timedelta(days=60)),
        UserFactory(role=QSR),
    )
    restriction_services.reviews_raise_due()
    review = Review.objects.get()
    page = client_for(UserFactory(role="Manager")).get(review.get_absolute_url()).content.decode()
    assert "Stage 2 disputes about the restriction" in page
    assert "Not upheld: the restriction stands" in page


def test_a_dispute_received_today_with_no_time_is_recorded_as_now(db, caseworker_client):
    restriction = in_force()
    today = timezone.localdate()
    url = reverse("disputes:record", args=[restriction.service_user.reference])
    caseworker_client.post(
        url,
        _form(
            restriction.terms.get(),
            received_on_0=today.day,
            received_on_1=today.month,
            received_on_2=today.year,
            received_time="",
        ),
    )
    dispute = Dispute.objects.get()
    assert timezone.now() - dispute.received_at < dt.timedelta(minutes=1)


def test_the_approval_on_the_timeline_keeps_saying_approved_after_a_dispute_lifts_it(
    db, caseworker_client
):
    approver = UserFactory(role="Manager", first_name="Ada", last_name="Approver")
    restriction = in_force(approver=approver)
    decided(recorded(restriction), UserFactory(role=QSR), outcome="upheld")
    page = caseworker_client.get(restriction.service_user.get_absolute_url()).content.decode()
    assert "Restriction decided: Approved" in page
    assert "Restriction decided: Lifted on dispute" not in page
    assert "Yes" in page  # the approval's own reason, as given then


def _qsr_home(client):
    return client.get(reverse("home"))


def test_the_qsr_home_page_shows_the_queue_counts_with_links(db, client_for):
    from tests.disputes.factories import assessing

    qsr = UserFactory(role=QSR)
    long_ago = timezone.localdate() - dt.timedelta(days=60)
    recorded(in_force(starts_on=long_ago), received_at=timezone.now() - dt.timedelta(days=40))
    recorded(in_force(), received_at=timezone.now() - dt.timedelta(days=24))  # due soon
    assessing(recorded(in_force()), qsr)
    decided(recorded(in_force()), UserFactory(role=QSR))
    response = _qsr_home(client_for(qsr))
    assert response.context["dispute_counts"] == {
        "overdue": 1,
        "due_soon": 1,
        "unassigned": 2,
        "mine": 1,
        "to_send": 1,
    }
    page = response.content.decode()
    queue = reverse("admin:disputes_dispute_changelist")
    for words, query in (
        ("1 overdue", "?due=overdue"),
        ("1 due within 5 working days", "?due=soon"),
        ("2 not assigned to anyone", "?assignee=none"),
        ("1 assigned to you", "?assignee=me"),
        ("1 decided, outcome not sent yet", "?state=decided"),
    ):
        assert f'href="{queue}{query}">{words}</a>' in page


def test_case_staff_see_no_dispute_counts(db, caseworker_client):
    assert "dispute_counts" not in _qsr_home(caseworker_client).context


def test_the_qsr_home_page_keeps_a_fixed_number_of_queries(
    db, client_for, django_assert_num_queries
):
    qsr = UserFactory(role=QSR)
    many_disputes(200, assignee=qsr)
    client = client_for(qsr)
    # The session, the user, roles and permissions, closure days for "due soon", the counts in
    # one read; no notifications: the home page lists the work.
    with django_assert_num_queries(5):
        response = _qsr_home(client)
    assert sum(response.context["dispute_counts"].values()) > 0


def test_the_identity_bar_says_an_overdue_dispute_is_overdue(db, caseworker_client):
    restriction = in_force(starts_on=timezone.localdate() - dt.timedelta(days=60))
    dispute = recorded(restriction, received_at=timezone.now() - dt.timedelta(days=40))
    page = caseworker_client.get(restriction.service_user.get_absolute_url()).content.decode()
    assert f"Dispute overdue: was due {dispute.due_on:%-d %B %Y}" in page
    assert "Dispute open" not in page
