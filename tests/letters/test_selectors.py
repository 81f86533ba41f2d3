"""What the work lists read: drafts past their working days, and letters to produce by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from letters import selectors, services
from letters.models import Letter
from tests.letters import factories as f
from tests.musuc.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return UserFactory(role="Manager")


def _decided_on(letter, day):
    Letter.objects.filter(pk=letter.pk).update(decided_on=day)  # a draft, written as stored


def test_the_cutoff_counts_working_days():
    # Monday 7 December 2026: a decision of Wednesday 2 December had Thursday and Friday.
    assert selectors.overdue_cutoff(dt.date(2026, 12, 7)) == dt.date(2026, 12, 2)


def test_a_draft_past_its_working_days_is_overdue_and_a_recent_one_is_not(manager):
    old = f.drafted(f.restriction_in_force(), by=manager)
    recent = f.drafted(f.restriction_in_force(), by=manager)
    _decided_on(old, dt.date(2026, 12, 2))
    _decided_on(recent, dt.date(2026, 12, 3))

    assert list(selectors.letters_overdue(dt.date(2026, 12, 7))) == [old]


def test_an_issued_letter_is_never_overdue(manager):
    letter = f.drafted(f.restriction_in_force(), by=manager)
    _decided_on(letter, dt.date(2026, 11, 2))
    services.letter_issue(letter=letter, by=manager)

    assert not selectors.letters_overdue(dt.date(2026, 12, 7)).exists()


def test_the_overdue_list_reads_in_two_queries_however_long(manager, django_assert_num_queries):
    for _ in range(4):
        _decided_on(f.drafted(f.restriction_in_force(), by=manager), dt.date(2026, 11, 2))

    with django_assert_num_queries(2):  # the office's closure days, then the drafts
        rows = [
            (letter.service_user.reference, letter.drafted_by.pk)
            for letter in selectors.letters_overdue(dt.date(2026, 12, 7))
        ]

    assert len(rows) == 4


def test_letters_to_produce_by_hand_are_listed_until_produced(manager):
    letter = services.letter_issue(
        letter=f.drafted(f.restriction_in_force(f.person(preferred_format="audio")), by=manager),
        by=manager,
    )
    assert list(selectors.letters_to_produce()) == [letter]

    services.letter_mark_produced(letter=letter, by=manager)

    assert not selectors.letters_to_produce().exists()


def test_a_persons_letters_read_in_one_query(manager, django_assert_num_queries):
    person = f.person()
    restriction = f.restriction_in_force(person)
    f.drafted(restriction, by=manager)
    f.drafted(f.issued_warning(person), by=manager)

    with django_assert_num_queries(1):
        kinds = [(letter.kind, letter.drafted_by.pk) for letter in selectors.letters_of(person)]

    assert sorted(kind for kind, _ in kinds) == ["restriction", "warning"]
