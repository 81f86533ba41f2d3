"""The print queue: letters to post, oldest first, marked posted by caseworkers and managers;
and a failed delivery tried again from the case file or the home page."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.choices import UpdateMethod
from letters.choices import DeliveryState
from letters.delivery_views import PRINT_QUEUE_PAGE_SIZE
from letters.models import LetterDelivery
from tests.letters import factories as f
from tests.letters.deliveries import issued_warning_letter, wants_email
from tests.musuc.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("letters:print-queue")
# A PDF stands in for WeasyPrint's where only the queue's rows matter, not the letters' look.
SMALL_PDF = b"%PDF-1.7\n% a letter\n%%EOF\n"


def _to_post(count: int, *, by=None) -> list[LetterDelivery]:
    """Letters issued a minute apart to people who want post, oldest first."""
    start = timezone.now() - dt.timedelta(hours=1)
    deliveries = []
    with mock.patch("letters.services.pdf_of", return_value=SMALL_PDF):
        for n in range(count):
            with time_machine.travel(start + dt.timedelta(minutes=n), tick=False):
                letter = issued_warning_letter(
                    f.person(update_method=UpdateMethod.POST, address_line_1=f"{n} High Street"),
                    by=by,
                )
            deliveries.append(LetterDelivery.objects.get(letter=letter))
    return deliveries


def _posted_form(delivery, **data):
    return reverse("letters:mark-posted", args=[delivery.pk]), data


def test_the_queue_lists_letters_to_post_oldest_first_and_no_emails(client_for, caseworker):
    older, newer = _to_post(2)
    issued_warning_letter(wants_email())  # by email: not the print queue's

    response = client_for(caseworker).get(QUEUE)

    assert list(response.context["deliveries"]) == [older, newer]
    body = response.content.decode()
    assert body.index(older.letter.reference) < body.index(newer.letter.reference)
    assert "0 High Street, Cardiff, CF10 1AA" in body
    assert reverse("letters:print-queue-pdf", args=[older.pk]) in body


def test_the_queue_keeps_a_fixed_number_of_queries(
    client_for, caseworker, django_assert_num_queries
):
    _to_post(PRINT_QUEUE_PAGE_SIZE + 5)
    client = client_for(caseworker)
    # Session, user, roles; the count; one page of deliveries with their letters and people.
    with django_assert_num_queries(5):
        first = client.get(QUEUE)
    with django_assert_num_queries(5):
        second = client.get(QUEUE, {"page": 2})
    assert len(first.context["deliveries"]) == PRINT_QUEUE_PAGE_SIZE
    assert len(second.context["deliveries"]) == 5
    assert 'rel="next"' in first.content.decode()


def test_an_empty_queue_says_so(client_for, caseworker):
    response = client_for(caseworker).get(QUEUE)
    assert 'data-testid="print-queue-empty"' in response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "manager"])
def test_caseworkers_and_managers_mark_a_letter_posted_with_who_and_when(
    client_for, users_by_role, role
):
    [waiting] = _to_post(1)
    user = users_by_role[role]

    response = client_for(user).post(reverse("letters:mark-posted", args=[waiting.pk]))

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    posted = LetterDelivery.objects.get(pk=waiting.pk)
    assert (posted.state, posted.posted_by) == (DeliveryState.POSTED, user)
    assert posted.posted_at is not None
    record = posted.history.first()
    assert (record.history_user, record.history_change_reason, record.state) == (
        user,
        "Posted",
        "posted",
    )
    page = client_for(user).get(QUEUE)
    assert f"Letter {waiting.letter.reference} marked as posted" in page.content.decode()
    assert list(page.context["deliveries"]) == []


def test_marking_posted_returns_to_the_page_it_was_on(client_for, caseworker):
    [waiting] = _to_post(1)
    response = client_for(caseworker).post(
        reverse("letters:mark-posted", args=[waiting.pk]), {"page": "3"}
    )
    assert response["Location"] == f"{QUEUE}?page=3"


def test_a_letter_already_posted_is_not_posted_again(client_for, caseworker, manager):
    [waiting] = _to_post(1)
    url = reverse("letters:mark-posted", args=[waiting.pk])
    client_for(manager).post(url)

    response = client_for(caseworker).post(url, follow=True)

    assert "This letter is not waiting in the print queue" in response.content.decode()
    assert LetterDelivery.objects.get(pk=waiting.pk).posted_by == manager


def test_an_emailed_letter_cannot_be_marked_posted(client_for, caseworker):
    emailed = LetterDelivery.objects.get(letter=issued_warning_letter(wants_email()))
    client_for(caseworker).post(reverse("letters:mark-posted", args=[emailed.pk]))
    assert LetterDelivery.objects.get(pk=emailed.pk).state == DeliveryState.PENDING


def test_marking_posted_needs_the_forms_csrf_token(caseworker):
    [waiting] = _to_post(1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    response = client.post(reverse("letters:mark-posted", args=[waiting.pk]))
    assert response.status_code == 403
    assert LetterDelivery.objects.get(pk=waiting.pk).state == DeliveryState.PENDING


def test_the_queue_page_posts_its_forms_with_a_csrf_token(caseworker):
    [waiting] = _to_post(1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    page = client.get(QUEUE)
    token = page.context["csrf_token"]
    response = client.post(
        reverse("letters:mark-posted", args=[waiting.pk]), {"csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302
    assert LetterDelivery.objects.get(pk=waiting.pk).state == DeliveryState.POSTED


@pytest.mark.parametrize("role", ["qsr", "administrator"])
def test_other_roles_neither_see_the_queue_nor_mark_letters_posted(client_for, users_by_role, role):
    [waiting] = _to_post(1)
    client = client_for(users_by_role[role])
    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("letters:print-queue-pdf", args=[waiting.pk])).status_code == 403
    assert client.post(reverse("letters:mark-posted", args=[waiting.pk])).status_code == 403
    assert LetterDelivery.objects.get(pk=waiting.pk).state == DeliveryState.PENDING


def test_marking_posted_is_a_post(client_for, caseworker):
    [waiting] = _to_post(1)
    response = client_for(caseworker).get(reverse("letters:mark-posted", args=[waiting.pk]))
    assert response.status_code == 405


def test_the_letters_pdf_is_shown_to_print(client_for, caseworker):
    [waiting] = _to_post(1)
    response = client_for(caseworker).get(reverse("letters:print-queue-pdf", args=[waiting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == SMALL_PDF


def test_only_print_queue_letters_have_a_pdf_here(client_for, caseworker):
    emailed = LetterDelivery.objects.get(letter=issued_warning_letter(wants_email()))
    response = client_for(caseworker).get(reverse("letters:print-queue-pdf", args=[emailed.pk]))
    assert response.status_code == 404


# Failures on the case file and the work list -------------------------------------------------


@pytest.fixture
def failed(caseworker):
    """A letter the caseworker issued to someone with no address of either kind."""
    letter = issued_warning_letter(
        wants_email(email="", address_line_1="", postcode=""), by=caseworker
    )
    return LetterDelivery.objects.get(letter=letter)


def test_a_failed_delivery_shows_on_the_case_file_with_its_reason(client_for, qsr, failed):
    person = failed.letter.service_user
    body = client_for(qsr).get(person.get_absolute_url()).content.decode()
    assert 'data-testid="delivery-failures"' in body
    assert failed.letter.reference in body
    assert "there is no postal address" in body
    # The QSR team reads case files but does not send letters.
    assert reverse("letters:delivery-retry", args=[failed.pk]) not in body


def test_a_failed_delivery_shows_on_its_senders_home_page_with_a_way_to_try_again(
    client_for, caseworker, failed
):
    body = client_for(caseworker).get(reverse("home")).content.decode()
    assert 'data-testid="delivery-failures"' in body
    assert failed.letter.service_user.full_name in body
    assert reverse("letters:delivery-retry", args=[failed.pk]) in body
    other = client_for(UserFactory(role="Caseworker")).get(reverse("home")).content.decode()
    assert 'data-testid="delivery-failures"' not in other


def test_trying_again_with_no_channel_yet_says_why_on_the_page_it_came_from(
    client_for, caseworker, failed
):
    case_file = failed.letter.service_user.get_absolute_url()
    response = client_for(caseworker).post(
        reverse("letters:delivery-retry", args=[failed.pk]), {"next": case_file}
    )
    assert response["Location"] == case_file
    page = client_for(caseworker).get(case_file).content.decode()
    assert "No channel can reach the person" in page


def test_trying_again_after_the_address_is_put_right_sends_it(client_for, caseworker, failed):
    person = failed.letter.service_user
    person.address_line_1, person.postcode = "2 Queen Street", "CF10 2BB"
    person.save()
    response = client_for(caseworker).post(
        reverse("letters:delivery-retry", args=[failed.pk]), {"next": "https://elsewhere.example/"}
    )
    assert response["Location"] == person.get_absolute_url()  # never off the site
    tried = LetterDelivery.objects.get(pk=failed.pk)
    assert (tried.state, tried.channel, tried.route) == ("pending", "post", "print_queue")
    assert list(client_for(caseworker).get(QUEUE).context["deliveries"]) == [tried]


def _unreachable_letter(by):
    letter = issued_warning_letter(wants_email(email="", address_line_1="", postcode=""), by=by)
    return LetterDelivery.objects.get(letter=letter)


def test_the_failures_keep_the_home_page_and_case_file_to_a_fixed_number_of_queries(
    client_for, caseworker
):
    first = _unreachable_letter(caseworker)
    person = first.letter.service_user
    client = client_for(caseworker)
    counts = []
    for _round in range(2):
        pages = []
        for url in (reverse("home"), person.get_absolute_url()):
            with CaptureQueriesContext(connection) as queries:
                body = client.get(url).content.decode()
            assert 'data-testid="delivery-failures"' in body
            pages.append(len(queries))
        counts.append(pages)
        issued_warning_letter(person, by=caseworker)  # another failure for the same person
        _unreachable_letter(caseworker)  # and one for someone else
    assert counts[0] == counts[1]
