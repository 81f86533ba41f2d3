"""Adding a person together with the contact they made: both are saved, or neither."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.utils import timezone

from contacts import intake
from contacts.choices import Assessment, Channel, Direction
from contacts.models import Contact, ServiceUser

PERSON = {"first_name": "Nia", "last_name": "Howells", "phone": "07700 900321"}


def _contact(user, **overrides):
    return {
        "channel": Channel.PHONE,
        "direction": Direction.INBOUND,
        "occurred_at": timezone.now() - dt.timedelta(minutes=5),
        "received_by": [user],
        "summary": "Asked how to make a complaint.",
        "assessment": Assessment.ACCEPTABLE,
        **overrides,
    }


def test_the_person_and_their_contact_are_saved_together(caseworker):
    person, contact = intake.service_user_add_with_contact(
        created_by=caseworker, person_details=PERSON, contact_details=_contact(caseworker)
    )
    assert person.reference.startswith("SU-")
    assert (person.created_by, person.phone_key) == (caseworker, "07700900321")
    assert list(person.contacts.all()) == [contact]
    assert (contact.logged_by, list(contact.received_by.all())) == (caseworker, [caseworker])


def test_a_contact_the_rules_refuse_saves_no_person(caseworker):
    with pytest.raises(ValidationError) as refusal:
        intake.service_user_add_with_contact(
            created_by=caseworker,
            person_details=PERSON,
            contact_details=_contact(caseworker, received_by=[]),
        )
    assert "received_by" in refusal.value.message_dict
    assert not ServiceUser.objects.exists()
    assert not Contact.objects.exists()


def test_a_database_error_while_storing_the_contact_saves_no_person(caseworker, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("the contact's insert failed")

    monkeypatch.setattr(Contact, "save", fail)
    with pytest.raises(DatabaseError):
        intake.service_user_add_with_contact(
            created_by=caseworker, person_details=PERSON, contact_details=_contact(caseworker)
        )
    assert not ServiceUser.objects.exists()


def test_a_storage_failure_on_an_attachment_saves_neither(caseworker, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("the attachment store is full")

    monkeypatch.setattr(FileSystemStorage, "save", fail)
    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 a letter")
    with pytest.raises(OSError, match="full"):
        intake.service_user_add_with_contact(
            created_by=caseworker,
            person_details=PERSON,
            contact_details=_contact(caseworker, attachments=[letter]),
        )
    assert not ServiceUser.objects.exists()
    assert not Contact.objects.exists()


def test_a_person_the_rules_refuse_logs_no_contact(caseworker):
    with pytest.raises(ValidationError) as refusal:
        intake.service_user_add_with_contact(
            created_by=caseworker,
            person_details={**PERSON, "first_name": ""},
            contact_details=_contact(caseworker),
        )
    assert "first_name" in refusal.value.message_dict
    assert not Contact.objects.exists()
