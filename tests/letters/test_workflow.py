"""Letters in the workflow: offered where each decision is taken, on the timeline once issued,
on the manager's work list while overdue, and the person's preferences that choose them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contacts.choices import (
    Channel,
    Language,
    PreferredFormat,
    UpdateFrequency,
    UpdateMethod,
    WelshLetters,
)
from letters import selectors, services
from letters.choices import LetterKind
from restrictions import services as restriction_services
from restrictions.choices import ConditionKind, RestrictionState
from restrictions.models import Review
from restrictions.tasks import raise_due_reviews
from tests.contacts.factories import ContactFactory
from tests.disputes import factories as dispute_factories
from tests.letters import factories as lf
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import RestrictionFactory, approved_restriction, condition

pytestmark = pytest.mark.django_db


def _banner(body: str) -> str:
    """The success banner's content, up to the page's own content."""
    banner, end, _page = body.split("govuk-notification-banner--success")[1].partition(
        "</div>\n    </div>"
    )
    assert end, "the banner's end"
    return banner


def _write_url(name, record):
    return reverse("letters:write", args=[name, record.pk])


# Offered where the decision is taken


def test_a_variation_approved_offers_its_letter_in_the_banner(client_for, manager):
    restriction = lf.restriction_in_force()
    variation = restriction_services.variation_propose(
        restriction=restriction,
        proposed_by=UserFactory(role="Manager"),
        conditions=[
            condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST, Channel.PHONE])
        ],
        new_term_months=None,
        reason="Calls have been calm: phone contact is open again.",
    )
    client = client_for(manager)
    url = reverse("restrictions:variation-decide", args=[restriction.pk, variation.pk])
    body = client.post(url, {"decision": "approve", "reason": "Agreed"}, follow=True)
    banner = _banner(body.content.decode())
    assert "Variation approved: now write the letter that tells the person" in banner
    # The newest decision on the page: the variation's letter, not the restriction's.
    assert f'action="{_write_url("variation", variation)}"' in banner


def test_ending_a_restriction_early_offers_the_letter_of_its_ending(client_for, manager):
    restriction = lf.restriction_in_force()
    client = client_for(manager)
    url = reverse("restrictions:end", args=[restriction.pk])
    client.post(url, {"reason": "The matter closed"})
    body = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    banner = _banner(body)
    assert "Restriction ended: now write the letter that tells the person" in banner
    assert f'action="{_write_url("restriction", restriction)}"' in banner
    restriction.refresh_from_db()
    letter = services.letter_draft(restriction, by=manager)
    assert letter.kind == LetterKind.RESTRICTION_ENDED


def test_deciding_a_review_offers_its_letter(client_for, manager):
    restriction = approved_restriction(dt.date(2026, 1, 1))
    with time_machine.travel(dt.datetime(2026, 4, 1, 0, 10, tzinfo=dt.UTC), tick=False):
        raise_due_reviews()
    review = Review.objects.get(restriction=restriction)
    client = client_for(manager)
    url = reverse("restrictions:review-decide", args=[review.pk])
    client.post(url, {"choice": "extend_3", "reason": "Still needed"})
    body = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert f'action="{_write_url("review", review)}"' in _banner(body)
    # Once written, the review's page offers to continue it instead.
    review.refresh_from_db()
    letter = services.letter_draft(review, by=manager)
    page = client.get(review.get_absolute_url()).content.decode()
    assert f'href="{reverse("letters:detail", args=[letter.pk])}"' in page
    assert "Continue the letter" in page


def test_issuing_a_warning_offers_its_letter_on_the_warnings_tab(client_for, caseworker):
    person = lf.person()
    contact = ContactFactory(service_user=person, unacceptable=True)
    client = client_for(caseworker)
    url = reverse("restrictions:warning-issue", args=[person.reference])
    answers = {
        "contacts": [contact.pk],
        "reasons": "Abusive language on the phone",
        "adjustment_requested": "Speak politely",
        "delivery_method": "letter",
        "delivered_on_0": timezone.localdate().day,
        "delivered_on_1": timezone.localdate().month,
        "delivered_on_2": timezone.localdate().year,
    }
    client.post(url, answers)
    body = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    warning = person.warnings.get()
    assert f'action="{_write_url("warning", warning)}"' in _banner(body)


def test_the_restriction_page_offers_the_letter_then_links_the_issued_one(
    client_for, manager, caseworker
):
    restriction = lf.restriction_in_force(approver=manager)
    url = restriction.get_absolute_url()
    manager_page = client_for(manager).get(url).content.decode()
    assert f'action="{_write_url("restriction", restriction)}"' in manager_page
    letter = services.letter_issue(letter=lf.drafted(restriction, by=manager), by=manager)
    caseworker_page = client_for(caseworker).get(url).content.decode()
    assert f'href="{reverse("letters:detail", args=[letter.pk])}"' in caseworker_page
    assert letter.reference in caseworker_page
    assert "Write the letter" not in caseworker_page
    # And "how the person was told" is filled in from it.
    assert f"Letter, {timezone.localdate():%-d %B %Y} ({letter.reference})" in caseworker_page


def test_a_caseworker_is_told_who_writes_a_restrictions_letter(client_for, caseworker):
    restriction = lf.restriction_in_force()
    page = client_for(caseworker).get(restriction.get_absolute_url()).content.decode()
    assert "Whoever takes this decision writes its letter." in page
    assert _write_url("restriction", restriction) not in page


def test_the_dispute_page_offers_qsr_the_acknowledgement_then_the_outcome(client_for):
    qsr = UserFactory(role=dispute_factories.QSR)
    dispute = lf.dispute_received()
    client = client_for(qsr)
    page = client.get(dispute.get_absolute_url()).content.decode()
    assert "Letters to the person" in page
    assert f'action="{_write_url("dispute", dispute)}"' in page
    acknowledgement = services.letter_issue(letter=lf.drafted(dispute, by=qsr), by=qsr)
    dispute = dispute_factories.decided(dispute, qsr)
    page = client.get(dispute.get_absolute_url()).content.decode()
    assert acknowledgement.reference in page
    assert f'action="{_write_url("dispute", dispute)}"' in page
    outcome = services.letter_draft(dispute, by=qsr)
    assert outcome.kind == LetterKind.DISPUTE_OUTCOME


def test_recording_the_outcome_offers_its_letter_in_the_banner(client_for):
    qsr = UserFactory(role=dispute_factories.QSR)
    dispute = dispute_factories.assessing(lf.dispute_received(), qsr)
    client = client_for(qsr)
    client.post(
        reverse("admin:disputes_dispute_decide", args=[dispute.pk]),
        {
            "outcome": "not_upheld",
            "reasonable_reasons": "It followed a warning",
            "proportionate_reasons": "Post stays open",
        },
    )
    check = reverse("admin:disputes_dispute_decide_check", args=[dispute.pk])
    body = client.post(check, follow=True).content.decode()
    banner = _banner(body)
    assert "Outcome recorded and applied to the restriction" in banner
    assert f'action="{_write_url("dispute", dispute)}"' in banner


def test_the_close_form_takes_the_day_the_outcome_letter_was_issued(client_for):
    qsr = UserFactory(role=dispute_factories.QSR)
    dispute = dispute_factories.decided(lf.dispute_received(), qsr)
    with time_machine.travel(timezone.now() - dt.timedelta(days=3), tick=False):
        issued = services.letter_issue(letter=lf.drafted(dispute, by=qsr), by=qsr)
    form = client_for(qsr).get(dispute.get_absolute_url()).context["close_form"]
    assert form.initial == {
        "sent_on": timezone.localdate(issued.issued_at),
        "sent_method": "letter",
    }


def test_recording_a_dispute_offers_qsr_its_acknowledgement(client_for):
    qsr = UserFactory(role=dispute_factories.QSR)
    restriction = lf.restriction_in_force()
    client = client_for(qsr)
    url = reverse("disputes:record", args=[restriction.service_user.reference])
    today = timezone.localdate()
    body = client.post(
        url,
        {
            "term": restriction.terms.get().pk,
            "received_on_0": today.day,
            "received_on_1": today.month,
            "received_on_2": today.year,
            "channel": "email",
            "statement": "Not fair",
        },
        follow=True,
    ).content.decode()
    dispute = restriction.disputes.get()
    assert f'action="{_write_url("dispute", dispute)}"' in _banner(body)


def test_caseworkers_recording_a_dispute_are_not_offered_qsrs_letter(client_for, caseworker):
    dispute = lf.dispute_received()
    reference = dispute.service_user.reference
    page = client_for(caseworker).get(reverse("disputes:case-file", args=[reference]))
    assert page.context["letter_owed"] is None


# The timeline


def test_an_issued_letter_shows_on_the_timeline_and_a_draft_does_not(client_for, manager):
    restriction = lf.restriction_in_force(approver=manager)
    draft = lf.drafted(lf.issued_warning(restriction.service_user), by=manager)
    letter = services.letter_issue(letter=lf.drafted(restriction, by=manager), by=manager)
    page = client_for(manager).get(restriction.service_user.get_absolute_url())
    events = [event for event in page.context["timeline"] if event.kind == "letter_issued"]
    assert [event.record.pk for event in events] == [letter.pk]
    body = page.content.decode()
    assert "Letter issued: Restriction" in body
    assert f'href="{reverse("letters:detail", args=[letter.pk])}"' in body
    assert reverse("letters:detail", args=[draft.pk]) not in body


# The manager's work list


def _home(client):
    return client.get(reverse("home"))


def test_a_decision_without_its_letter_is_listed_once_its_working_days_pass(client_for, manager):
    decided = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)  # a Monday
    with time_machine.travel(decided, tick=False):
        restriction = lf.restriction_in_force()
    client = client_for(manager)
    with time_machine.travel(dt.datetime(2026, 11, 4, 10, tzinfo=dt.UTC), tick=False):
        assert _home(client).context["letters_owed"] == []  # due by Wednesday
    with time_machine.travel(dt.datetime(2026, 11, 5, 10, tzinfo=dt.UTC), tick=False):
        owed = _home(client).context["letters_owed"]
        body = _home(client).content.decode()
    assert [(item.kind, item.service_user) for item in owed] == [
        (LetterKind.RESTRICTION, restriction.service_user)
    ]
    assert 'data-testid="letters-owed"' in body
    assert f'href="{restriction.get_absolute_url()}"' in body


def test_a_draft_past_its_days_is_listed_with_a_link_to_it(client_for, manager):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        letter = lf.drafted(lf.issued_warning(), by=manager)
    with time_machine.travel(dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC), tick=False):
        owed = _home(client_for(manager)).context["letters_owed"]
    assert [(item.kind, item.draft) for item in owed] == [(LetterKind.WARNING, letter)]
    assert owed[0].url == reverse("letters:detail", args=[letter.pk])


def test_issuing_the_letter_or_recording_the_telling_takes_it_off_the_list(client_for, manager):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        written = lf.restriction_in_force()
        told = lf.restriction_in_force()
        waiting = lf.restriction_in_force()
    services.letter_issue(letter=lf.drafted(written, by=manager), by=manager)
    restriction_services.restriction_record_told(
        restriction=told,
        recorded_by=manager,
        told_on=timezone.localdate(),
        told_method="phone",
        told_reference="",
        not_told_reason="",
    )
    owed, more = selectors.letters_owed(manager, timezone.localdate())
    assert [item.service_user for item in owed] == [waiting.service_user]
    assert more is False


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda: lf.approved_variation(), LetterKind.VARIATION),
        (lambda: lf.decided_review("extend", extend_months=3), LetterKind.REVIEW_EXTENDED),
        (lambda: lf.ended_early(), LetterKind.RESTRICTION_ENDED),
    ],
)
def test_every_decision_a_manager_tells_is_listed_while_its_letter_is_owed(manager, make, kind):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        record = make()
    owed, _more = selectors.letters_owed(manager, timezone.localdate())
    assert kind in {item.kind for item in owed}
    services.letter_issue(letter=services.letter_draft(record, by=manager, kind=kind), by=manager)
    owed, _more = selectors.letters_owed(manager, timezone.localdate())
    assert kind not in {item.kind for item in owed}


def test_a_restriction_a_review_removed_is_told_by_the_reviews_letter(manager):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        review = lf.decided_review("remove")
    owed, _more = selectors.letters_owed(manager, timezone.localdate())
    assert [item.kind for item in owed if item.service_user == review.restriction.service_user] == [
        LetterKind.REVIEW_REMOVED
    ]


def test_the_work_list_keeps_a_fixed_number_of_queries(
    client_for, manager, django_assert_num_queries
):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        for _ in range(3):
            lf.restriction_in_force()
            lf.approved_variation()
            lf.drafted(lf.issued_warning(), by=manager)
        lf.ended_early()
        lf.decided_review("remove")
    RestrictionFactory.create_batch(3, state=RestrictionState.PENDING_APPROVAL)
    client = client_for(manager)
    # session, user, roles and permissions, approvals, reviews, recent contacts and people;
    # closure days for the cut-off and for the days due; overdue drafts, restrictions,
    # endings, variations and reviews
    with django_assert_num_queries(15):
        response = _home(client)
    assert len(response.context["letters_owed"]) >= 10


def test_the_work_list_shows_the_oldest_and_says_there_are_more(manager):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        oldest = lf.restriction_in_force()
    with time_machine.travel(dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC), tick=False):
        lf.restriction_in_force()
        lf.restriction_in_force()
    owed, more = selectors.letters_owed(manager, timezone.localdate(), limit=2)
    assert len(owed) == 2
    assert owed[0].service_user == oldest.service_user
    assert more is True


def test_caseworkers_and_qsr_have_no_letters_work_list(client_for, caseworker, qsr):
    assert "letters_owed" not in _home(client_for(caseworker)).context
    assert "letters_owed" not in _home(client_for(qsr)).context


# The person's preferences


def test_the_case_file_shows_how_letters_are_written_to_the_person(client_for, caseworker):
    person = lf.welsh_person(
        bilingual=True,
        preferred_format=PreferredFormat.LARGE_PRINT,
        update_method=UpdateMethod.POST,
        update_frequency=UpdateFrequency.MONTHLY,
    )
    body = client_for(caseworker).get(person.get_absolute_url()).content.decode()
    assert (
        'data-testid="letter-preferences">In Welsh, then English (bilingual)<br>Large print</dd>'
        in body
    )
    assert "Post, every month" in body


def test_letters_in_welsh_or_in_both_are_chosen_where_the_details_are_edited(
    client_for, caseworker
):
    person = lf.person(first_name="Rhian", last_name="Morgan")
    url = reverse("contacts:service-user-update", args=[person.reference])
    client = client_for(caseworker)
    form = client.get(url).content.decode()
    assert 'name="welsh_letters"' in form
    details = {
        "first_name": "Rhian",
        "last_name": "Morgan",
        "preferred_language": Language.WELSH,
        "welsh_letters": WelshLetters.BILINGUAL,
        "preferred_format": PreferredFormat.STANDARD,
        "update_method": UpdateMethod.POST,
        "update_frequency": UpdateFrequency.EACH_STEP,
    }
    assert client.post(url, details).status_code == 302
    person.refresh_from_db()
    assert (person.welsh_letters, person.update_method) == (WelshLetters.BILINGUAL, "post")
    assert person.history.first().history_user == caseworker
    assert lf.drafted(lf.issued_warning(person), by=caseworker).language == "cy_en"


def test_english_letters_keep_no_choice_of_welsh(client_for, caseworker):
    person = lf.welsh_person(bilingual=True, first_name="Rhian", last_name="Morgan")
    url = reverse("contacts:service-user-update", args=[person.reference])
    client_for(caseworker).post(
        url,
        {
            "first_name": "Rhian",
            "last_name": "Morgan",
            "preferred_language": Language.ENGLISH,
            "welsh_letters": WelshLetters.BILINGUAL,
            "preferred_format": PreferredFormat.STANDARD,
        },
    )
    person.refresh_from_db()
    assert (person.preferred_language, person.welsh_letters) == ("en", WelshLetters.WELSH)
