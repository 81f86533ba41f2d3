import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contacts import services
from contacts.choices import Assessment, Behaviour, Channel, Direction, Impact
from contacts.models import Attachment, Contact, ServiceUser
from contacts.signals import contact_logged
from tests.contacts.factories import (
    ContactFactory,
    ReasonableAdjustmentFactory,
    ServiceUserFactory,
)

PDF = b"%PDF-1.4 a small test document"


def _log(service_user, user, **overrides):
    values = {
        "service_user": service_user,
        "logged_by": user,
        "channel": Channel.EMAIL,
        "direction": Direction.INBOUND,
        "occurred_at": timezone.now() - dt.timedelta(minutes=10),
        "received_by": [user],
        "summary": "Asked for an update.",
        "assessment": Assessment.ACCEPTABLE,
    }
    return services.contact_log(**{**values, **overrides})


def test_service_user_gets_a_reference_and_search_keys(caseworker):
    person = services.service_user_create(
        created_by=caseworker,
        first_name="Siân",
        last_name="Lloyd  Jones",
        email="Sian@Example.com",
        phone="+44 7700 900123",
        postcode="cf10 1aa",
    )
    assert person.reference.startswith("SU-")
    assert len(person.reference) == 9
    assert (person.last_name_key, person.email_key) == ("lloyd jones", "sian@example.com")
    assert (person.phone_key, person.postcode_key) == ("07700900123", "CF101AA")


def test_service_user_creation_is_recorded_with_who(caseworker):
    person = services.service_user_create(created_by=caseworker, first_name="A", last_name="B")
    record = person.history.get()
    assert (record.history_type, record.history_user) == ("+", caseworker)


def test_a_taken_reference_is_drawn_again(caseworker, monkeypatch):
    existing = ServiceUserFactory(reference="SU-AAAAAA")
    draws = iter([existing.reference, "SU-BBBBBB"])
    monkeypatch.setattr(services, "service_user_reference_new", lambda: next(draws))
    person = services.service_user_create(created_by=caseworker, first_name="A", last_name="B")
    assert person.reference == "SU-BBBBBB"


def test_service_user_update_is_recorded(caseworker, manager):
    person = services.service_user_create(created_by=caseworker, first_name="A", last_name="B")
    services.service_user_update(service_user=person, updated_by=manager, phone="01234 567890")
    latest = person.history.first()
    assert (latest.history_user, latest.phone) == (manager, "01234 567890")


def test_acceptable_contact_is_logged_with_its_recipients(caseworker, manager):
    person = ServiceUserFactory()
    contact = _log(person, caseworker, received_by=[caseworker, manager])
    assert set(contact.received_by.all()) == {caseworker, manager}
    assert contact.history.first().history_user == caseworker


def test_unacceptable_contact_without_impact_is_refused_and_nothing_saved(caseworker):
    person = ServiceUserFactory()
    with pytest.raises(ValidationError) as refused:
        _log(
            person,
            caseworker,
            assessment=Assessment.UNACCEPTABLE,
            behaviours=[Behaviour.THREATS],
        )
    assert "impacts" in refused.value.message_dict
    assert not Contact.objects.exists()


def test_answers_that_do_not_apply_are_dropped(caseworker):
    contact = _log(
        ServiceUserFactory(),
        caseworker,
        assessment=Assessment.UNACCEPTABLE,
        behaviours=[Behaviour.THREATS, Behaviour.THREATS],
        impacts=[Impact.STAFF_HARMED],
        shouting_due_to_condition=True,
        police_force="Not reported, so not kept",
    )
    assert contact.behaviours == [Behaviour.THREATS]
    assert (contact.shouting_due_to_condition, contact.police_force) == (None, "")


def test_contact_logged_event_is_sent_in_the_transaction(caseworker):
    received = []

    def handler(sender, contact, **kwargs):
        received.append(contact.pk)

    contact_logged.connect(handler)
    try:
        contact = _log(ServiceUserFactory(), caseworker)
    finally:
        contact_logged.disconnect(handler)
    assert received == [contact.pk]


def test_attachment_is_stored_privately_with_its_digest(caseworker, settings):
    upload = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    contact = _log(ServiceUserFactory(), caseworker, attachments=[upload])
    attachment = contact.attachments.get()
    assert attachment.original_name == "letter.pdf"
    assert attachment.content_type == "application/pdf"
    assert "letter" not in attachment.file.name
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF


def test_attachment_whose_content_is_not_its_type_is_refused(caseworker):
    upload = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image")
    with pytest.raises(ValidationError) as refused:
        _log(ServiceUserFactory(), caseworker, attachments=[upload])
    assert "not the type of file" in refused.value.message_dict["attachments"][0]
    assert not Attachment.objects.exists()


def test_attachment_type_outside_the_list_is_refused(caseworker):
    upload = SimpleUploadedFile("run.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationError):
        _log(ServiceUserFactory(), caseworker, attachments=[upload])


def test_attachment_over_the_size_limit_is_refused(caseworker, monkeypatch):
    monkeypatch.setattr("contacts.attachments.MAX_ATTACHMENT_BYTES", 10)
    upload = SimpleUploadedFile("letter.pdf", PDF)
    with pytest.raises(ValidationError):
        _log(ServiceUserFactory(), caseworker, attachments=[upload])


def test_child_sexual_abuse_contact_refuses_attachments(caseworker):
    upload = SimpleUploadedFile("letter.pdf", PDF)
    with pytest.raises(ValidationError) as refused:
        _log(
            ServiceUserFactory(),
            caseworker,
            assessment=Assessment.UNACCEPTABLE,
            behaviours=[Behaviour.CHILD_SEXUAL_ABUSE],
            impacts=[Impact.STAFF_HARMED],
            abuse_description="Described, not reproduced.",
            reported_to_police=True,
            police_force="Met",
            police_reference="MET-1",
            police_reported_on=timezone.localdate(),
            attachments=[upload],
        )
    assert list(refused.value.message_dict) == ["attachments"]
    assert not Contact.objects.exists()


def test_correction_keeps_the_old_values_who_and_why(caseworker, manager):
    contact = _log(ServiceUserFactory(), caseworker, summary="Original words")
    services.contact_correct(
        contact=contact,
        corrected_by=manager,
        reason="Wrong summary",
        channel=contact.channel,
        direction=contact.direction,
        occurred_at=contact.occurred_at,
        received_by=[caseworker],
        summary="Corrected words",
        assessment=Assessment.ACCEPTABLE,
    )
    latest, *older = list(contact.history.all())
    assert (latest.summary, latest.history_user, latest.correction_reason) == (
        "Corrected words",
        manager,
        "Wrong summary",
    )
    assert latest.history_change_reason == "Contact corrected"
    assert any(record.summary == "Original words" for record in older)


def test_correction_needs_a_reason(caseworker):
    contact = ContactFactory()
    with pytest.raises(ValidationError):
        services.contact_correct(
            contact=contact,
            corrected_by=caseworker,
            reason=" ",
            channel=contact.channel,
            direction=contact.direction,
            occurred_at=contact.occurred_at,
            received_by=[caseworker],
            summary="x",
            assessment=Assessment.ACCEPTABLE,
        )


def _reclassify_as_abuse_material(contact, user, **overrides):
    return services.contact_correct(
        contact=contact,
        corrected_by=user,
        reason="Reassessed: the attachment is child sexual abuse material",
        channel=contact.channel,
        direction=contact.direction,
        occurred_at=contact.occurred_at,
        received_by=[user],
        summary="Described, not reproduced",
        assessment=Assessment.UNACCEPTABLE,
        behaviours=[Behaviour.CHILD_SEXUAL_ABUSE],
        impacts=[Impact.STAFF_HARMED],
        abuse_description="Described.",
        reported_to_police=True,
        police_force="Met",
        police_reference="MET-2",
        police_reported_on=timezone.localdate(),
        **overrides,
    )


def test_reclassifying_a_contact_as_abuse_material_destroys_its_files_at_once(caseworker):
    contact = _log(ServiceUserFactory(), caseworker, attachments=[SimpleUploadedFile("a.pdf", PDF)])
    attachment = contact.attachments.get()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    _reclassify_as_abuse_material(contact, caseworker)
    attachment.refresh_from_db()
    assert not storage.exists(name)
    assert not attachment.file
    assert attachment.removed_by == caseworker
    assert attachment.removed_at is not None
    assert "child sexual abuse material" in attachment.removed_reason
    assert attachment.history.latest().history_user == caseworker


def test_a_reclassification_as_abuse_material_still_refuses_new_files(caseworker):
    contact = _log(ServiceUserFactory(), caseworker)
    with pytest.raises(ValidationError) as refused:
        _reclassify_as_abuse_material(
            contact, caseworker, attachments=[SimpleUploadedFile("b.pdf", PDF)]
        )
    assert "attachments" in refused.value.message_dict


def test_staff_with_permission_remove_an_attachment_with_a_reason(caseworker):
    contact = _log(ServiceUserFactory(), caseworker, attachments=[SimpleUploadedFile("a.pdf", PDF)])
    attachment = contact.attachments.get()
    name = attachment.file.name
    with pytest.raises(ValidationError):
        services.attachment_remove(attachment=attachment, removed_by=caseworker, reason=" ")
    services.attachment_remove(
        attachment=attachment, removed_by=caseworker, reason="Another person's letter"
    )
    attachment.refresh_from_db()
    assert not attachment.file.storage.exists(name)
    assert (attachment.removed_by, attachment.removed_reason) == (
        caseworker,
        "Another person's letter",
    )


def test_an_attachment_is_removed_only_by_staff_with_permission(caseworker, qsr):
    contact = _log(ServiceUserFactory(), caseworker, attachments=[SimpleUploadedFile("a.pdf", PDF)])
    with pytest.raises(PermissionDenied):
        services.attachment_remove(
            attachment=contact.attachments.get(), removed_by=qsr, reason="Not needed"
        )


def test_ending_an_adjustment_keeps_the_record_with_the_reason(manager):
    item = ReasonableAdjustmentFactory()
    services.case_note_end(
        item=item, ended_by=manager, ended_on=timezone.localdate(), reason="No longer needed"
    )
    item.refresh_from_db()
    assert (item.is_current, item.end_reason) == (False, "No longer needed")
    assert item.history.first().history_user == manager


def test_an_adjustment_cannot_end_twice(manager):
    item = ReasonableAdjustmentFactory(ended_on=dt.date(2026, 2, 1), end_reason="Done")
    with pytest.raises(ValidationError):
        services.case_note_end(
            item=item, ended_by=manager, ended_on=timezone.localdate(), reason="Again"
        )


def test_safeguarding_concern_is_recorded_with_who_acted(caseworker, manager):
    person = ServiceUserFactory()
    concern = services.safeguarding_concern_record(
        service_user=person,
        recorded_by=caseworker,
        concern="Spoke of self-harm",
        action="emergency_services",
        action_detail="Called 999; ambulance sent",
        action_by=manager,
        action_at=timezone.now() - dt.timedelta(minutes=5),
    )
    assert (concern.action_by, concern.recorded_by) == (manager, caseworker)
    assert isinstance(ServiceUser.objects.get().safeguarding_concerns.get().pk, int)
