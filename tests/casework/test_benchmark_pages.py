"""The page benchmark runs end to end at a tiny size: every page answers, beside the floor.
Its figures are for the README; here only that it runs and refuses a page that fails."""

import pytest
from django.core.management import CommandError, call_command

from casework.management.commands import benchmark_pages
from musuc.models import User

TINY = ("--service-users", "50", "--contacts", "200", "--staff", "60", "--teams", "5")
PAGES = (
    "home (caseworker)",
    "home (manager)",
    "home (QSR)",
    "search “",
    "case file (",
    "contacts list, page 1",
    "log a contact (restriction in force)",
    "propose a restriction",
    "review: evidence and decision",
    "approvals queue",
    "dispute page (assign)",
    "QSR queue (default)",
    "assign disputes to… (queue action)",
    "notifications (",
    "record a safeguarding concern",
    "staff search",
    "staff accounts (60)",
)


def test_benchmark_pages_refuses_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("benchmark_pages", *TINY)


@pytest.mark.django_db(transaction=True)
def test_benchmark_pages_times_every_page_beside_the_floor(capsys):
    call_command("benchmark_pages", *TINY, "--repeat", "1", "--force")
    out = capsys.readouterr().out
    table = out[out.index("Each page requested") :].splitlines()[2:]
    names = [row.split("  ")[0] for row in table]
    assert names[0] == "floor"
    for page in PAGES:
        assert sum(name.startswith(page) for name in names) == 1, page
    # And the contacts list's last page, when it has more than one.
    others = [name for name in names[1:] if not name.startswith(PAGES)]
    assert all(name.startswith("contacts list, page ") for name in others)
    assert len(table) == 1 + len(PAGES) + len(others) <= len(PAGES) + 2
    for row in table:
        median, p95, queries, ratio = row.split()[-4:]
        assert int(queries) > 0
        assert float(ratio) > 0
    assert User.objects.count() == 60


@pytest.mark.django_db(transaction=True)
def test_benchmark_pages_stops_at_a_page_that_does_not_answer_200(monkeypatch):
    pages = benchmark_pages.Command.pages

    def with_a_missing_page(self, cases):
        return [*pages(self, cases), benchmark_pages.Page("missing", "caseworker", "/nowhere/")]

    monkeypatch.setattr(benchmark_pages.Command, "pages", with_a_missing_page)
    with pytest.raises(CommandError, match="missing .*HTTP 404"):
        call_command("benchmark_pages", *TINY, "--repeat", "1", "--force")
