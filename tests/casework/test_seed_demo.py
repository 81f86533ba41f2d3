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
