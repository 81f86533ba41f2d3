import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from contacts.models import Contact, ServiceUser
from musuc.models import User


def test_seed_demo_refuses_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo")


def test_seed_demo_makes_accounts_people_and_contacts(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", "--service-users", "40", "--contacts", "300", "--batch-size", "100")
    assert set(User.objects.values_list("username", flat=True)) >= {
        "caseworker",
        "manager",
        "qsr",
        "admin",
    }
    assert User.objects.get(username="manager").check_password("musuc-demo")
    assert ServiceUser.objects.count() == 40
    assert Contact.objects.count() == 300
    assert Contact.history.count() == 300
    assert "contacts: 300/300 (100%)" in capsys.readouterr().out
    # The QSR demo account has a queue: one dispute overdue, one due soon.
    from disputes.models import Dispute

    today = timezone.localdate()
    due_dates = sorted(Dispute.objects.values_list("due_on", flat=True))
    assert len(due_dates) == 2
    assert due_dates[0] < today <= due_dates[1]


def test_seeded_contacts_meet_the_assessment_rule(db, settings):
    from contacts import rules

    settings.DEBUG = True
    call_command("seed_demo", "--service-users", "10", "--contacts", "200")
    for contact in Contact.objects.all():
        assert not rules.assessment_problems(
            assessment=contact.assessment,
            behaviours=contact.behaviours,
            impacts=contact.impacts,
            shouting_due_to_condition=contact.shouting_due_to_condition,
            extremely_unacceptable=contact.extremely_unacceptable,
        )


def test_running_seed_demo_again_adds_nothing(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--service-users", "5", "--contacts", "20")
    call_command("seed_demo")
    assert ServiceUser.objects.count() == 5


def test_seeded_disputes_are_received_after_the_decisions_they_dispute(db, settings):
    from disputes.models import Dispute

    settings.DEBUG = True
    call_command("seed_demo", "--service-users", "10", "--contacts", "200")
    for dispute in Dispute.objects.select_related("term"):
        assert dispute.received_at >= dispute.term.decided_at
        assert dispute.term.starts_on >= timezone.localtime(dispute.term.decided_at).date()


def test_seed_demo_spreads_the_staff_asked_for_over_teams_each_with_a_manager(db, settings):
    from casework.seeding.staff import QSR_TEAM
    from musuc.models import Team
    from musuc.roles import Role

    settings.DEBUG = True
    call_command("seed_demo", "--staff", "80", "--teams", "6", "--service-users", "5")
    assert User.objects.count() == 80
    assert Team.objects.count() == 6
    for team in Team.objects.all():
        members = team.members.all()
        assert members.filter(groups__name=Role.MANAGER).exists()
        assert 10 <= members.count() <= 16
    qsr_team = Team.objects.get(name=QSR_TEAM).members.exclude(groups__name=Role.MANAGER)
    assert not qsr_team.exclude(groups__name=Role.QSR).exists()
    caseworkers = User.objects.filter(groups__name=Role.CASEWORKER).count()
    assert caseworkers > User.objects.count() // 2
    usable = {user.username for user in User.objects.all() if user.has_usable_password()}
    assert usable == {"caseworker", "manager", "qsr", "admin"}
    assert User.history.filter(history_type="+").count() == 80


def test_seeded_contacts_are_received_by_whoever_logged_them_with_that_in_their_history(
    db, settings
):
    settings.DEBUG = True
    call_command("seed_demo", "--service-users", "10", "--contacts", "50", "--batch-size", "20")
    through = Contact.received_by.through
    assert set(through.objects.values_list("contact_id", "user_id")) == set(
        Contact.objects.values_list("id", "logged_by_id")
    )
    for contact in Contact.objects.all():
        created = contact.history.get(history_type="+")
        assert [row.user_id for row in created.received_by.all()] == [contact.logged_by_id]
        assert created.history_user_id == contact.logged_by_id


def test_copied_rows_keep_tabs_newlines_and_backslashes(db):
    from casework.seeding.bulk import rows_insert
    from tests.musuc.factories import UserFactory

    author = UserFactory()
    address = "Flat 2\\B\tBack\r\nof the shop"
    ids = rows_insert(
        ServiceUser,
        ("reference", "first_name", "last_name", "address_line_1", "created_by_id"),
        iter([("SU-COPY01", "Ann", "Tab", address, author.pk)]),
    )
    person = ServiceUser.objects.get(pk=ids[0])
    assert person.address_line_1 == address
    assert person.date_of_birth is None
    assert person.created_at is not None
