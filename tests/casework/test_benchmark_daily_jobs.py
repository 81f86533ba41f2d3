import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from contacts.models import Contact, ServiceUser
from musuc.models import Notification
from restrictions.choices import RestrictionState
from restrictions.models import Restriction, Review

# A small fill: 40 people, 200 contacts, 40 restrictions of which 4 ended and 4 start today.
SMALL = [
    "--service-users=40",
    "--contacts=200",
    "--restrictions=40",
    "--due-percent=10",
    "--force",
]


def _benchmark_restrictions():
    return Restriction.objects.filter(reasons="Benchmark")


def test_fill_only_fills_the_tables_and_leaves_the_work_due(db, capsys):
    call_command("benchmark_daily_jobs", "--fill-only", *SMALL)
    assert ServiceUser.objects.count() == 40
    assert Contact.objects.count() == 200
    assert _benchmark_restrictions().count() == 40
    output = capsys.readouterr().out
    assert "ANALYZE" in output
    assert "Due: 4 restrictions to put in force, 4 ended terms to review." in output
    # No job ran: what is due is still due, and nobody was told of anything by the fill.
    today = timezone.localdate()
    approved = _benchmark_restrictions().filter(state=RestrictionState.APPROVED)
    assert approved.filter(starts_on__lte=today).count() == 4
    assert not _benchmark_restrictions().filter(state=RestrictionState.REVIEW_DUE).exists()
    assert not Review.objects.exists()
    assert not Notification.objects.filter(key__startswith="term-ending:").exists()
    assert "send pending notifications" not in output


def test_without_fill_only_the_jobs_run_on_what_was_filled(db, capsys):
    call_command("benchmark_daily_jobs", *SMALL)
    assert _benchmark_restrictions().filter(state=RestrictionState.REVIEW_DUE).count() == 4
    assert not _benchmark_restrictions().filter(state=RestrictionState.APPROVED).exists()
    assert Review.objects.filter(restriction__reasons="Benchmark").count() == 4
    assert "send pending notifications" in capsys.readouterr().out


def test_fill_on_a_filled_database_adds_no_restrictions(db, capsys):
    call_command("benchmark_daily_jobs", "--fill-only", *SMALL)
    call_command("benchmark_daily_jobs", "--fill-only", *SMALL)
    assert _benchmark_restrictions().count() == 40
    assert ServiceUser.objects.count() == 40
    assert "40 benchmark restrictions already there." in capsys.readouterr().out


@pytest.mark.parametrize("due_percent", ["0", "51"])
def test_a_due_share_the_fill_cannot_make_is_refused(db, due_percent):
    with pytest.raises(CommandError, match="--due-percent"):
        call_command(
            "benchmark_daily_jobs", "--fill-only", "--force", f"--due-percent={due_percent}"
        )
