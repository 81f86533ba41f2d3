"""Every URL, requested by every role and signed out, against one table of who may do what."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from contacts import services
from disputes import services as dispute_services
from letters import services as letter_services
from letters.defaults import templates_install
from restrictions.models import Review, Term, Variation
from tests.contacts.factories import (
    ContactFactory,
    ReasonableAdjustmentFactory,
    SafeguardingConcernFactory,
    ServiceUserFactory,
)
from tests.restrictions.factories import RestrictionFactory, WarningFactory

CASE_WORK = {"caseworker", "manager"}
CASE_READING = {"caseworker", "manager", "qsr"}
EVERYONE = {"caseworker", "manager", "qsr", "administrator"}
# A Django superuser holding no role: signed in, and given nothing else.
SUPERUSER = "superuser"
SIGNED_IN = EVERYONE | {SUPERUSER}
ADMINISTRATION = {"administrator"}
ADMIN_SITE = {"administrator", "qsr"}
QSR = {"qsr"}
MANAGERS = {"manager"}

# url name → (arguments from the `records` fixture, roles that may GET it[, status when allowed])
ACCESS = {
    "home": ((), SIGNED_IN),
    "notifications": ((), SIGNED_IN),
    # Every staff role; a superuser holding none is refused.
    "how-the-policy-works": ((), EVERYONE),
    "contacts:search": ((), CASE_READING),
    "contacts:service-user-create": ((), CASE_WORK),
    "contacts:service-user-create-with-contact": ((), CASE_WORK),
    "contacts:case-file": (("reference",), CASE_READING),
    "contacts:service-user-update": (("reference",), CASE_WORK),
    "contacts:case-file-timeline": (("reference",), CASE_READING),
    "contacts:case-file-contacts": (("reference",), CASE_READING),
    "contacts:contact-create": (("reference",), CASE_WORK),
    # The contact form's live check against the restriction answers a POST alone.
    "contacts:contact-gate": (("reference",), CASE_WORK, 405),
    "contacts:contact-detail": (("contact",), CASE_READING),
    "contacts:contact-correct": (("contact",), CASE_WORK),
    "contacts:attachment-download": (("attachment",), CASE_READING),
    "contacts:attachment-remove": (("attachment",), CASE_WORK),
    "contacts:staff-search": ((), CASE_WORK),
    "contacts:team-search": ((), CASE_WORK),
    "contacts:adjustments": (("reference",), CASE_READING),
    "contacts:adjustment-create": (("reference",), CASE_WORK),
    "contacts:adjustment-update": (("adjustment",), CASE_WORK),
    "contacts:adjustment-end": (("adjustment",), CASE_WORK),
    "contacts:safeguarding": (("reference",), CASE_READING),
    "contacts:safeguarding-create": (("reference",), CASE_WORK),
    "contacts:safeguarding-update": (("concern",), CASE_WORK),
    "contacts:safeguarding-end": (("concern",), CASE_WORK),
    "restrictions:case-file": (("reference",), CASE_READING),
    "restrictions:warning-issue": (("reference",), CASE_WORK),
    "restrictions:warning-close": (("warning",), MANAGERS),
    "restrictions:propose": (("reference",), CASE_WORK),
    "restrictions:approvals": ((), MANAGERS),
    "restrictions:detail": (("restriction",), CASE_READING),
    # Forms posted from the restriction page: a GET goes back to that page.
    "restrictions:decide": (("restriction",), MANAGERS, 302),
    "restrictions:end": (("restriction",), MANAGERS),
    "restrictions:cancel": (("restriction",), CASE_WORK, 302),
    "restrictions:vary": (("restriction",), MANAGERS),
    "restrictions:told": (("restriction",), CASE_WORK),
    "restrictions:review": (("review",), CASE_READING),
    "restrictions:review-decide": (("review",), MANAGERS, 302),
    "restrictions:review-told": (("review",), CASE_WORK, 302),
    "restrictions:variation-decide": (("restriction", "variation"), MANAGERS, 302),
    # Only a proposal returned to its proposer can be revised; this one awaits a decision.
    "restrictions:revise": (("restriction",), set()),
    "disputes:case-file": (("reference",), CASE_READING),
    "disputes:record": (("reference",), CASE_READING),
    "letters:print-queue": ((), CASE_WORK),
    # A delivery that does not exist: the role check comes first, then 404 (the PDF itself is
    # tested in tests/letters/test_print_queue.py); the actions answer a POST alone.
    "letters:print-queue-pdf": (("delivery",), CASE_WORK, 404),
    "letters:mark-posted": (("delivery",), CASE_WORK, 405),
    "letters:delivery-retry": (("delivery",), CASE_WORK, 405),
    "admin:index": ((), ADMIN_SITE),
    "admin:disputes_dispute_changelist": ((), QSR),
    "admin:disputes_dispute_change": (("dispute",), QSR),
    "admin:disputes_dispute_add": ((), QSR),
    "admin:disputes_dispute_assign": (("dispute",), QSR, 302),
    # Searches for the assignee and the single point of contact chosen on the dispute pages.
    "admin:disputes_dispute_assignee_search": ((), QSR),
    "admin:disputes_dispute_staff_search": ((), QSR),
    "admin:disputes_dispute_assign_to_me": (("dispute",), QSR, 302),
    "admin:disputes_dispute_reassign": (("dispute",), QSR, 302),
    "admin:disputes_dispute_start": (("dispute",), QSR, 302),
    "admin:disputes_dispute_decide": (("dispute",), QSR, 302),
    # Check your answers: with no answers given yet, back to the dispute page.
    "admin:disputes_dispute_decide_check": (("dispute",), QSR, 302),
    "admin:disputes_dispute_close": (("dispute",), QSR, 302),
    # The withdrawal is a page of its own; the other transitions are posted from the dispute page.
    "admin:disputes_dispute_withdraw": (("dispute",), QSR),
    # Letters: written from the record by a POST; a draft is for whoever takes its decision
    # (this one a restriction's: managers), an issued letter for every case role.
    "letters:write": (("record_name", "warning"), CASE_READING, 405),
    "letters:detail": (("letter",), CASE_READING),
    "letters:check": (("draft",), MANAGERS),
    "letters:issue": (("draft",), MANAGERS, 405),
    "letters:pdf": (("letter",), CASE_READING),
    "letters:produced": (("letter",), CASE_READING, 405),
    "admin:musuc_user_changelist": ((), ADMINISTRATION),
    "admin:musuc_team_changelist": ((), ADMINISTRATION),
    "admin:musuc_securityevent_changelist": ((), ADMINISTRATION),
    "admin:musuc_lockout_changelist": ((), ADMINISTRATION),
}
# Open to everyone, signed in or not, and tested on their own.
PUBLIC = {"healthz", "readyz", "sign-in", "sign-out", "favicon"}


@pytest.fixture
def records(caseworker, manager, monkeypatch):
    person = ServiceUserFactory()
    contact = ContactFactory(service_user=person)
    services.contact_log(
        service_user=person,
        logged_by=caseworker,
        channel="email",
        direction="inbound",
        occurred_at=contact.occurred_at,
        received_by=[caseworker],
        summary="With a letter",
        assessment="acceptable",
        attachments=[SimpleUploadedFile("letter.pdf", b"%PDF-1.4")],
    )
    unacceptable = ContactFactory(service_user=person, unacceptable=True)
    warning = WarningFactory(service_user=person)
    restriction = RestrictionFactory(service_user=person, state="pending_approval")
    restriction.contacts.set([unacceptable])
    variation = Variation.objects.create(
        restriction=restriction, reason="Shorter", new_term_months=3, proposed_by=caseworker
    )
    in_force = RestrictionFactory(service_user=person, state="review_due")
    term = Term.objects.create(
        restriction=in_force,
        number=1,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
        months=6,
        decided_by=caseworker,
        decided_at=timezone.now(),
        reason="Approved",
    )
    review = Review.objects.create(restriction=in_force, term=term, due_on=dt.date(2026, 7, 14))
    dispute = dispute_services.dispute_record(
        service_user=person,
        term=term,
        received_at=timezone.now(),
        channel="email",
        statement="The restriction is unfair",
        recorded_by=caseworker,
    )
    templates_install()
    draft = letter_services.letter_draft(in_force, by=manager)
    # Issued as the service issues it, with a stand-in for WeasyPrint's PDF: each test of the
    # table makes these records again.
    monkeypatch.setattr(letter_services, "pdf_of", lambda html: b"%PDF-1.7 stand-in")
    issued = letter_services.letter_issue(
        letter=letter_services.letter_draft(warning, by=manager), by=manager
    )
    return {
        "delivery": 0,
        "record_name": "warning",
        "draft": draft.pk,
        "letter": issued.pk,
        "dispute": dispute.pk,
        "review": review.pk,
        "variation": variation.pk,
        "warning": warning.pk,
        "restriction": restriction.pk,
        "reference": person.reference,
        "contact": contact.pk,
        "attachment": person.contacts.get(summary="With a letter").attachments.get().pk,
        "adjustment": ReasonableAdjustmentFactory(service_user=person).pk,
        "concern": SafeguardingConcernFactory(service_user=person).pk,
    }


@pytest.fixture
def users_by_role_and_superuser(users_by_role):
    from tests.musuc.factories import UserFactory

    superuser = UserFactory(username=SUPERUSER, is_superuser=True, is_staff=True)
    return {**users_by_role, SUPERUSER: superuser}


def _url(name, records):
    argument_names = ACCESS[name][0]
    return reverse(name, args=[records[key] for key in argument_names])


@pytest.mark.parametrize("name", sorted(ACCESS))
@pytest.mark.parametrize("role", sorted(SIGNED_IN))
def test_each_role_gets_exactly_what_the_table_allows(
    name, role, records, users_by_role_and_superuser, client
):
    client.force_login(users_by_role_and_superuser[role])
    response = client.get(_url(name, records))
    allowed_status = ACCESS[name][2] if len(ACCESS[name]) > 2 else 200
    expected = allowed_status if role in ACCESS[name][1] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_signed_out_requests_go_to_sign_in(name, records, client):
    response = client.get(_url(name, records), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("sign-in"))
    assert response.templates[0].name == "registration/sign_in.html"


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_outside_the_admin_is_in_the_access_table():
    names = {name for name in _names(get_resolver()) if not name.startswith("admin:")}
    assert names - PUBLIC == {name for name in ACCESS if not name.startswith("admin:")}
