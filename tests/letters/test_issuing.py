"""Issuing: the letter is rendered, hashed and frozen, and nothing changes it afterwards, not
even SQL run against the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import ProgrammingError, connection, transaction
from django.utils import timezone

from letters import services
from letters.choices import LetterFormat, LetterState
from letters.models import IssuedLetterChanged, Letter, LetterTemplate, content_sha256
from tests.letters import factories as f
from tests.musuc.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return UserFactory(role="Manager")


@pytest.fixture
def issued(manager):
    letter = f.drafted(f.restriction_in_force(), by=manager)
    return services.letter_issue(letter=letter, by=manager)


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_issuing_freezes_the_content_with_its_hash(issued, manager):
    with issued.pdf.open("rb") as stored:
        pdf = stored.read()

    assert issued.state == LetterState.ISSUED
    assert (issued.issued_by, issued.issued_at.date()) == (manager, timezone.localdate())
    assert pdf.startswith(b"%PDF-")
    assert issued.sha256 == content_sha256(issued.subject, issued.html, issued.text, pdf)
    assert issued.subject == "We are restricting how you can contact the IOPC"
    assert "You sent threatening emails to staff on 3 occasions." in issued.html
    assert "You sent threatening emails to staff on 3 occasions." in issued.text
    assert issued.history.first().history_change_reason == "Letter issued"


def test_an_issued_letter_verifies(issued):
    assert Letter.objects.get(pk=issued.pk).verify()


def test_a_changed_pdf_file_fails_verification(issued):
    with issued.pdf.storage.open(issued.pdf.name, "wb") as stored:
        stored.write(b"%PDF-1.7 something else")

    assert not Letter.objects.get(pk=issued.pk).verify()


def test_a_draft_does_not_verify(manager):
    assert not f.drafted(f.restriction_in_force(), by=manager).verify()


def test_the_model_refuses_to_save_a_change_to_an_issued_letter(issued):
    letter = Letter.objects.get(pk=issued.pk)
    letter.html = letter.html.replace("threatening", "friendly")

    with pytest.raises(IssuedLetterChanged):
        letter.save()


def test_the_database_refuses_an_update_of_an_issued_letters_content(issued):
    update = (
        "UPDATE letters_letter SET html = replace(html, 'threatening', 'friendly') WHERE id = %s"
    )

    with pytest.raises(ProgrammingError, match="is issued: its content never changes"):
        _raw(update, [issued.pk])

    assert Letter.objects.get(pk=issued.pk).verify()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("sha256", "0" * 64),
        ("state", "draft"),
        ("pdf", "letters/elsewhere.pdf"),
        ("editable", '{"en": {"reasons": "Other"}}'),
        ("issued_at", "2020-01-01T00:00:00Z"),
    ],
)
def test_the_database_refuses_a_change_to_any_frozen_column(issued, column, value):
    with pytest.raises(ProgrammingError, match="its content never changes"):
        _raw(f"UPDATE letters_letter SET {column} = %s WHERE id = %s", [value, issued.pk])  # noqa: S608


def test_a_bulk_update_of_issued_letters_is_refused(issued):
    with pytest.raises(ProgrammingError, match="its content never changes"), transaction.atomic():
        Letter.objects.filter(pk=issued.pk).update(subject="Changed")


def test_the_database_refuses_to_delete_an_issued_letter(issued):
    with pytest.raises(ProgrammingError, match="DELETE is refused"):
        _raw("DELETE FROM letters_letter WHERE id = %s", [issued.pk])


def test_a_draft_may_still_change_in_the_database(manager):
    letter = f.drafted(f.restriction_in_force(), by=manager)

    _raw("UPDATE letters_letter SET format = 'large_print' WHERE id = %s", [letter.pk])

    assert Letter.objects.get(pk=letter.pk).format == LetterFormat.LARGE_PRINT


def test_issuing_twice_is_refused(issued, manager):
    with pytest.raises(ValidationError, match="has been issued"):
        services.letter_issue(letter=issued, by=manager)


def test_only_whoever_decides_issues_the_letter(manager):
    letter = f.drafted(f.restriction_in_force(), by=manager)

    with pytest.raises(PermissionDenied):
        services.letter_issue(letter=letter, by=UserFactory(role="Caseworker"))

    assert Letter.objects.get(pk=letter.pk).state == LetterState.DRAFT


def test_a_caseworker_issues_a_warning_letter():
    caseworker = UserFactory(role="Caseworker")
    letter = f.drafted(f.issued_warning(), by=caseworker)

    assert services.letter_issue(letter=letter, by=caseworker).verify()


def test_a_letter_with_blank_reasons_is_not_issued(manager):
    letter = f.drafted(f.restriction_in_force(), by=manager)
    Letter.objects.filter(pk=letter.pk).update(editable={"en": {"reasons": " "}})

    with pytest.raises(ValidationError) as refused:
        services.letter_issue(letter=letter, by=manager)

    assert "reasons" in refused.value.message_dict


def test_a_template_changed_after_drafting_leaves_the_draft_as_drafted(manager, administrator):
    letter = f.drafted(f.restriction_in_force(), by=manager)
    template = LetterTemplate.objects.get(kind="restriction", language="en")
    services.letter_template_update(
        template=template,
        subject="Changed ((term))",
        body=template.body,
        by=administrator,
    )

    issued = services.letter_issue(letter=letter, by=manager)

    assert (issued.subject, issued.template_version) == (
        "We are restricting how you can contact the IOPC",
        1,
    )


def test_a_letter_made_by_hand_is_marked_produced_once_issued(manager):
    person = f.person(preferred_format="braille")
    letter = f.drafted(f.restriction_in_force(person), by=manager)
    letter = services.letter_issue(letter=letter, by=manager)
    assert letter.needs_manual_production

    services.letter_mark_produced(letter=letter, by=manager)
    letter = Letter.objects.get(pk=letter.pk)

    assert not letter.needs_manual_production
    assert letter.manual_produced_by == manager
    assert letter.verify()


def test_a_standard_letter_has_no_production_task(issued, manager):
    with pytest.raises(ValidationError):
        services.letter_mark_produced(letter=issued, by=manager)


def test_issuing_a_batch_issues_each(manager):
    letters = [f.drafted(f.restriction_in_force(), by=manager) for _ in range(3)]
    seen = []

    assert services.letters_issue_each(letters, by=manager, progress=seen.append) == 3
    assert seen == [1, 2, 3]
    assert Letter.objects.filter(state=LetterState.ISSUED).count() == 3
