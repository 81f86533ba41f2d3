import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contacts import services as contact_services
from contacts.choices import Assessment, Behaviour, Impact
from contacts.models import Contact, ServiceUser
from tests.contacts.factories import (
    ContactFactory,
    ReasonableAdjustmentFactory,
    SafeguardingConcernFactory,
    ServiceUserFactory,
)

PDF = b"%PDF-1.4 test"


def contact_post(caseworker, **overrides):
    when = timezone.localtime() - dt.timedelta(hours=1)
    data = {
        "channel": "email",
        "direction": "inbound",
        "occurred_on_0": when.day,
        "occurred_on_1": when.month,
        "occurred_on_2": when.year,
        "occurred_time": when.strftime("%H:%M"),
        "received_by": [caseworker.pk],
        "summary": "Asked for an update on their complaint.",
        "assessment": "acceptable",
    }
    data.update(overrides)
    return data


def test_search_by_name_prefix_finds_and_flags(caseworker_client):
    person = ServiceUserFactory(first_name="Seren", last_name="Pritchard")
    ReasonableAdjustmentFactory(service_user=person)
    ServiceUserFactory(first_name="Other", last_name="Person")
    response = caseworker_client.get(reverse("contacts:search"), {"q": "ser prit"})
    assert list(response.context["page"].object_list) == [person]
    assert "Reasonable adjustments" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("person1@EXAMPLE.com", "email"),
        ("+44 7700 900001", "phone"),
        ("cf10 1aa", "postcode"),
    ],
)
def test_search_by_contact_details(caseworker_client, query, field):
    ServiceUserFactory()
    wanted = ServiceUserFactory(email="person1@example.com", phone="07700 900001")
    ServiceUserFactory(postcode="SA1 1AA")
    response = caseworker_client.get(reverse("contacts:search"), {"q": query})
    assert wanted in response.context["page"].object_list


def test_search_by_reference(caseworker_client):
    person = ServiceUserFactory()
    response = caseworker_client.get(reverse("contacts:search"), {"q": person.reference.lower()})
    assert list(response.context["page"].object_list) == [person]


def test_search_results_paginate(caseworker_client):
    ServiceUserFactory.create_batch(30, last_name="Evans")
    response = caseworker_client.get(reverse("contacts:search"), {"q": "evans", "page": 2})
    assert len(response.context["page"].object_list) == 5


def test_search_keeps_a_fixed_number_of_queries(caseworker_client, django_assert_num_queries):
    for person in ServiceUserFactory.create_batch(60, last_name="Evans"):
        ReasonableAdjustmentFactory(service_user=person)
    # session, user, roles and permissions, count, page, warning and restriction flags (2)
    with django_assert_num_queries(7):
        caseworker_client.get(reverse("contacts:search"), {"q": "evans"})


def _service_user_post(**overrides):
    data = {
        "first_name": "Aled",
        "last_name": "Rees",
        "date_of_birth_0": "27",
        "date_of_birth_1": "3",
        "date_of_birth_2": "1980",
        "email": "aled@example.com",
        "preferred_language": "cy",
        "preferred_format": "standard",
    }
    data.update(overrides)
    return data


def test_adding_a_service_user_redirects_to_their_case_file(caseworker_client):
    response = caseworker_client.post(reverse("contacts:service-user-create"), _service_user_post())
    person = ServiceUser.objects.get()
    assert response.url == person.get_absolute_url()
    assert person.preferred_language == "cy"


def test_possible_duplicate_is_shown_before_saving(caseworker_client):
    existing = ServiceUserFactory(email="aled@example.com")
    response = caseworker_client.post(reverse("contacts:service-user-create"), _service_user_post())
    assert response.status_code == 200
    assert [match.person for match in response.context["duplicates"]] == [existing]
    assert ServiceUser.objects.count() == 1


def test_similar_name_with_same_birth_date_is_a_possible_duplicate(caseworker_client):
    existing = ServiceUserFactory(
        first_name="Aled", last_name="Rees-Jones", date_of_birth=dt.date(1980, 3, 27)
    )
    response = caseworker_client.post(
        reverse("contacts:service-user-create"), _service_user_post(email="")
    )
    assert [match.person for match in response.context["duplicates"]] == [existing]


def test_the_same_name_and_nothing_else_is_a_possible_duplicate(caseworker_client):
    existing = ServiceUserFactory(
        first_name="Aled", last_name="Rees", email="", phone="", postcode=""
    )
    response = caseworker_client.post(
        reverse("contacts:service-user-create"),
        {
            "first_name": " aled ",
            "last_name": "REES",
            "preferred_language": "en",
            "preferred_format": "standard",
        },
    )
    assert [match.person for match in response.context["duplicates"]] == [existing]
    assert not ServiceUser.objects.exclude(pk=existing.pk).exists()


def test_a_possible_duplicate_says_what_does_and_does_not_match(caseworker_client):
    ServiceUserFactory(
        first_name="Aled",
        last_name="Rees",
        date_of_birth=dt.date(1980, 3, 27),
        email="someone.else@example.com",
        phone="",
        postcode="",
    )
    response = caseworker_client.post(
        reverse("contacts:service-user-create"),
        _service_user_post(date_of_birth_0="", date_of_birth_1="", date_of_birth_2=""),
    )
    (match,) = response.context["duplicates"]
    assert match.same == ["first name", "last name"]
    assert match.different == ["email address"]
    assert match.not_compared == ["date of birth", "phone number", "postcode"]
    assert "Different: email address." in response.content.decode()


def test_confirming_after_the_duplicate_check_adds_the_person(caseworker_client):
    ServiceUserFactory(email="aled@example.com")
    first = caseworker_client.post(reverse("contacts:service-user-create"), _service_user_post())
    signature = first.context["form"]["duplicates_checked"].value()
    caseworker_client.post(
        reverse("contacts:service-user-create"),
        _service_user_post(duplicates_checked=signature),
    )
    assert ServiceUser.objects.count() == 2


def test_changing_details_after_the_check_checks_again(caseworker_client):
    ServiceUserFactory(email="aled@example.com")
    ServiceUserFactory(email="other@example.com")
    first = caseworker_client.post(reverse("contacts:service-user-create"), _service_user_post())
    signature = first.context["form"]["duplicates_checked"].value()
    response = caseworker_client.post(
        reverse("contacts:service-user-create"),
        _service_user_post(email="other@example.com", duplicates_checked=signature),
    )
    assert response.status_code == 200
    assert ServiceUser.objects.count() == 2


def test_invalid_service_user_keeps_what_was_typed(caseworker_client):
    response = caseworker_client.post(
        reverse("contacts:service-user-create"),
        _service_user_post(last_name="", date_of_birth_0="31", date_of_birth_1="2"),
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_date_of_birth_0"' in body
    assert 'value="Aled"' in body
    assert "Enter their last name" in body


def test_case_file_shows_timeline_newest_first(caseworker_client):
    person = ServiceUserFactory()
    older = ContactFactory(service_user=person, summary="Older one")
    newer = ContactFactory(
        service_user=person,
        summary="Newer one",
        occurred_at=older.occurred_at + dt.timedelta(minutes=5),
    )
    response = caseworker_client.get(person.get_absolute_url())
    contacts = [e.record for e in response.context["timeline"] if e.kind == "contact"]
    assert contacts == [newer, older]


def test_case_file_keeps_a_fixed_number_of_queries(caseworker_client, django_assert_num_queries):
    person = ServiceUserFactory()
    ContactFactory.create_batch(55, service_user=person)
    ReasonableAdjustmentFactory.create_batch(3, service_user=person)
    SafeguardingConcernFactory.create_batch(2, service_user=person)
    # session, user, roles and permissions, service user, adjustments, concerns, summary,
    # standing (2), contacts and their staff, warnings and restrictions on the timeline (2),
    # decisions on restrictions from their history (1), letters issued (1)
    with django_assert_num_queries(17):
        response = caseworker_client.get(person.get_absolute_url())
    assert len(response.context["timeline"]) == 10


def test_case_file_contacts_list_paginates_with_fixed_queries(
    caseworker_client, django_assert_num_queries
):
    person = ServiceUserFactory()
    ContactFactory.create_batch(55, service_user=person)
    url = reverse("contacts:case-file-contacts", args=[person.reference])
    with django_assert_num_queries(13):  # + standing (2), open dispute
        response = caseworker_client.get(url, {"page": 3})
    assert len(response.context["page"].object_list) == 5


def test_contact_form_keeps_a_fixed_number_of_queries(caseworker_client, django_assert_num_queries):
    person = ServiceUserFactory()
    ContactFactory.create_batch(55, service_user=person)
    # + standing (2), restriction in force, open dispute, the channel last used, where to go after
    with django_assert_num_queries(14):
        caseworker_client.get(reverse("contacts:contact-create", args=[person.reference]))


def test_logging_an_unacceptable_contact(caseworker_client, caseworker):
    person = ServiceUserFactory()
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(
            caseworker,
            assessment="unacceptable",
            behaviours=[Behaviour.SHOUTING_SWEARING, Behaviour.THREATS],
            shouting_due_to_condition="no",
            impacts=[Impact.STAFF_HARMED],
            extremely_unacceptable="on",
            handling="read_not_responded",
        ),
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.assessment == Assessment.UNACCEPTABLE
    assert contact.shouting_due_to_condition is False
    assert contact.extremely_unacceptable


def test_unacceptable_without_behaviour_re_renders_with_the_reason(caseworker_client, caseworker):
    person = ServiceUserFactory()
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(caseworker, assessment="unacceptable", summary="Kept words"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one behaviour" in body
    assert 'href="#id_behaviours_0"' in body
    assert "Kept words" in body
    assert not Contact.objects.exists()


def test_acceptable_with_impacts_is_refused(caseworker_client, caseworker):
    person = ServiceUserFactory()
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(caseworker, impacts=[Impact.SERVICE_REDUCED]),
    )
    assert "An acceptable contact has no impacts" in response.content.decode()


def test_future_contact_is_refused(caseworker_client, caseworker):
    person = ServiceUserFactory()
    later = timezone.localtime() + dt.timedelta(days=2)
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(
            caseworker,
            occurred_on_0=later.day,
            occurred_on_1=later.month,
            occurred_on_2=later.year,
        ),
    )
    assert "must be today or in the past" in response.content.decode()


def test_files_chosen_on_a_refused_form_must_be_chosen_again(caseworker_client, caseworker):
    person = ServiceUserFactory()
    response = caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(
            caseworker,
            summary="",
            attachments=[SimpleUploadedFile("a.pdf", PDF)],
        ),
    )
    assert "Select the files again" in response.content.decode()


def test_contact_with_attachment_is_logged(caseworker_client, caseworker):
    person = ServiceUserFactory()
    caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(caseworker, attachments=[SimpleUploadedFile("letter.pdf", PDF)]),
    )
    assert Contact.objects.get().attachments.get().original_name == "letter.pdf"


def test_attachment_downloads_as_an_attachment(caseworker_client, caseworker):
    person = ServiceUserFactory()
    caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(caseworker, attachments=[SimpleUploadedFile("letter.pdf", PDF)]),
    )
    attachment = Contact.objects.get().attachments.get()
    response = caseworker_client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_distressing_attachments_are_behind_a_warning(caseworker_client, caseworker):
    person = ServiceUserFactory()
    caseworker_client.post(
        reverse("contacts:contact-create", args=[person.reference]),
        contact_post(
            caseworker,
            assessment="unacceptable",
            behaviours=[Behaviour.DISTRESSING_CONTENT],
            impacts=[Impact.STAFF_HARMED],
            attachments=[SimpleUploadedFile("image.png", b"\x89PNG\r\n\x1a\nrest")],
        ),
    )
    body = caseworker_client.get(Contact.objects.get().get_absolute_url()).content.decode()
    warning_at = body.index("may contain distressing")
    details_at = body.index('data-testid="distressing-attachments"')
    link_at = body.index("image.png")
    assert warning_at < details_at < link_at


def test_contact_detail_keeps_a_fixed_number_of_queries(
    caseworker_client, caseworker, django_assert_num_queries
):
    contact = ContactFactory()
    url = reverse("contacts:contact-correct", args=[contact.pk])
    for number in range(5):
        caseworker_client.post(
            url,
            contact_post(caseworker, summary=f"Version {number}", reason=f"Fix {number}"),
        )
    with django_assert_num_queries(16):  # + standing (2), open dispute
        response = caseworker_client.get(contact.get_absolute_url())
    assert len(response.context["history"]) == 6


def test_correction_shows_what_changed_who_and_why(caseworker_client, caseworker):
    contact = ContactFactory(summary="Before")
    caseworker_client.post(
        reverse("contacts:contact-correct", args=[contact.pk]),
        contact_post(caseworker, summary="After", reason="Typo in the summary"),
    )
    history = caseworker_client.get(contact.get_absolute_url()).context["history"]
    last = history[-1]
    assert (last.by, last.reason) == (caseworker, "Typo in the summary")
    assert ("summary", "Before", "After") in [(c.field, c.old, c.new) for c in last.changes]


def test_there_is_no_way_to_delete_a_contact(caseworker_client):
    contact = ContactFactory()
    response = caseworker_client.post(contact.get_absolute_url(), {"_method": "delete"})
    assert response.status_code == 405
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_adjustment_is_recorded_edited_and_ended(caseworker_client):
    person = ServiceUserFactory()
    today = timezone.localdate()
    date_fields = {"agreed_on_0": today.day, "agreed_on_1": today.month, "agreed_on_2": today.year}
    caseworker_client.post(
        reverse("contacts:adjustment-create", args=[person.reference]),
        {"need": "Dyslexia", "adjustment": "Large print", **date_fields},
    )
    item = person.reasonable_adjustments.get()
    caseworker_client.post(
        reverse("contacts:adjustment-update", args=[item.pk]),
        {"need": "Dyslexia", "adjustment": "Easy read", **date_fields},
    )
    caseworker_client.post(
        reverse("contacts:adjustment-end", args=[item.pk]),
        {
            "ended_on_0": today.day,
            "ended_on_1": today.month,
            "ended_on_2": today.year,
            "reason": "Asked to stop",
        },
    )
    item.refresh_from_db()
    assert (item.adjustment, item.end_reason) == ("Easy read", "Asked to stop")
    assert item.history.count() == 3


def test_safeguarding_concern_needs_who_and_when(caseworker_client):
    person = ServiceUserFactory()
    response = caseworker_client.post(
        reverse("contacts:safeguarding-create", args=[person.reference]),
        {"concern": "Spoke of self-harm", "action": "referral"},
    )
    body = response.content.decode()
    assert "Enter who was contacted and what was said" in body
    assert "Enter the date of the action" in body


def test_an_attachment_is_removed_from_the_contact_page_with_a_reason(
    caseworker_client, caseworker
):
    contact = contact_services.contact_log(
        service_user=ServiceUserFactory(),
        logged_by=caseworker,
        channel="email",
        direction="inbound",
        occurred_at=timezone.now() - dt.timedelta(minutes=5),
        received_by=[caseworker],
        summary="With a letter",
        assessment="acceptable",
        attachments=[SimpleUploadedFile("letter.pdf", b"%PDF-1.4")],
    )
    attachment = contact.attachments.get()
    remove = reverse("contacts:attachment-remove", args=[attachment.pk])
    assert remove in caseworker_client.get(contact.get_absolute_url()).content.decode()
    refused = caseworker_client.post(remove, {"reason": ""})
    assert "Enter why the attachment is being removed" in refused.content.decode()
    page = caseworker_client.post(remove, {"reason": "Someone else's letter"}, follow=True)
    body = page.content.decode()
    assert "A file was removed and destroyed by" in body
    assert "Someone else&#x27;s letter" in body
    assert caseworker_client.get(attachment.get_absolute_url()).status_code == 404
