"""Recording disputes, every transition for every role, independence, finality, outcomes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from contacts import services as contact_services
from contacts.choices import Behaviour, Impact
from disputes import services
from disputes.choices import DisputeState
from disputes.models import Dispute
from musuc.calendar import add_working_days
from musuc.models import Notification
from restrictions import rules
from restrictions import selectors as restriction_selectors
from restrictions import services as restriction_services
from restrictions.choices import ConditionKind, RestrictionState, ReviewOutcome, ReviewState
from restrictions.models import Review
from tests.conftest import role_group
from tests.disputes.factories import QSR, assessing, decided, in_force, recorded
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import condition

ROLES = ("Caseworker", "Manager", QSR, "Administrator")


@pytest.fixture
def qsr(db):
    return UserFactory(role=QSR)


# -- recording


@pytest.mark.parametrize("role", ["Caseworker", "Manager", QSR])
def test_case_staff_and_qsr_record_a_dispute_due_in_20_working_days(db, role):
    restriction = in_force()
    dispute = recorded(restriction, by=UserFactory(role=role))
    assert dispute.state == DisputeState.RECEIVED
    assert dispute.term == restriction.terms.get()
    assert dispute.restriction == restriction
    assert dispute.history.get().history_user == dispute.recorded_by


def test_an_administrator_cannot_record_a_dispute(db):
    with pytest.raises(PermissionDenied):
        recorded(in_force(), by=UserFactory(role="Administrator"))


def test_the_qsr_team_hear_of_a_new_dispute(db, qsr):
    dispute = recorded(in_force())
    notification = Notification.objects.get(recipient=qsr)
    assert dispute.service_user.full_name in notification.subject


def test_stage_2_is_final_a_decision_is_disputed_once(db, qsr):
    restriction = in_force()
    decided(recorded(restriction), qsr)
    with pytest.raises(ValidationError) as refused:
        recorded(restriction)
    assert "already been disputed" in str(refused.value.message_dict["term"])
    assert Dispute.objects.count() == 1


def test_an_open_dispute_also_blocks_a_second_one(db):
    restriction = in_force()
    recorded(restriction)
    with pytest.raises(ValidationError):
        recorded(restriction)


def test_an_extension_is_a_new_decision_that_can_be_disputed_once(db, qsr):
    restriction = in_force(months=3, starts_on=timezone.localdate() - dt.timedelta(days=120))
    decided(recorded(restriction), qsr)
    restriction_services.reviews_raise_due()
    review = Review.objects.get()
    manager = UserFactory(role="Manager")
    restriction_services.review_decide(
        review=review, manager=manager, outcome=ReviewOutcome.EXTEND, extend_months=6, reason="More"
    )
    extension = restriction.terms.get(number=2)
    second = recorded(restriction)
    assert second.term == extension
    with pytest.raises(ValidationError):
        recorded(restriction)


def test_a_withdrawn_dispute_does_not_use_up_the_persons_dispute(db, qsr):
    restriction = in_force()
    services.dispute_withdraw(
        dispute=recorded(restriction), withdrawn_by=qsr, reason="Changed mind"
    )
    assert recorded(restriction).state == DisputeState.RECEIVED


def test_a_dispute_must_be_about_the_persons_own_restriction_in_force(db):
    mine, theirs = in_force(), in_force()
    with pytest.raises(ValidationError) as refused:
        services.dispute_record(
            service_user=mine.service_user,
            term=theirs.terms.get(),
            received_at=timezone.now(),
            channel="post",
            statement="Unfair",
            recorded_by=UserFactory(role="Caseworker"),
        )
    assert "term" in refused.value.message_dict
    ended = in_force()
    restriction_services.restriction_end_early(
        restriction=ended, manager=UserFactory(role="Manager"), reason="Behaviour improved"
    )
    with pytest.raises(ValidationError):
        recorded(ended)


def test_bad_input_is_refused_whole_with_a_reason_per_field(db):
    restriction = in_force()
    with pytest.raises(ValidationError) as refused:
        services.dispute_record(
            service_user=restriction.service_user,
            term=restriction.terms.get(),
            received_at=timezone.now() + dt.timedelta(days=1),
            channel="other",
            statement="  ",
            recorded_by=UserFactory(role="Caseworker"),
        )
    assert set(refused.value.message_dict) == {"received_on", "channel_detail", "statement"}
    assert not Dispute.objects.exists()


# -- every transition for every role


def _at(state, qsr):
    dispute = recorded(in_force())
    if state in ("assigned", "under_assessment", "decided"):
        dispute = services.dispute_assign(dispute=dispute, assigned_by=qsr, assignee=qsr)
    if state in ("under_assessment", "decided"):
        dispute = services.dispute_start_assessment(dispute=dispute, started_by=qsr)
    if state == "decided":
        dispute = decided_from_assessment(dispute, qsr)
    return dispute


def decided_from_assessment(dispute, qsr):
    return services.dispute_decide(
        dispute=dispute,
        decided_by=qsr,
        outcome="not_upheld",
        reasonable_reasons="Yes",
        proportionate_reasons="Yes",
    )


TRANSITIONS = {
    "assign": ("received", lambda d, u, q: services.dispute_assign(
        dispute=d, assigned_by=u, assignee=q)),
    "reassign": ("assigned", lambda d, u, q: services.dispute_reassign(
        dispute=d, reassigned_by=u, assignee=UserFactory(role=QSR))),
    "start_assessment": ("assigned", lambda d, u, q: services.dispute_start_assessment(
        dispute=d, started_by=u)),
    "decide": ("under_assessment", lambda d, u, q: decided_from_assessment(d, u)),
    "close": ("decided", lambda d, u, q: services.dispute_close(
        dispute=d, closed_by=u, sent_on=timezone.localdate(), sent_method="letter")),
    "withdraw": ("under_assessment", lambda d, u, q: services.dispute_withdraw(
        dispute=d, withdrawn_by=u, reason="They withdrew it")),
}  # fmt: skip
TARGETS = {
    "assign": "assigned",
    "reassign": "assigned",
    "start_assessment": "under_assessment",
    "decide": "decided",
    "close": "closed",
    "withdraw": "withdrawn",
}


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
@pytest.mark.parametrize("role", ROLES)
def test_each_transition_is_the_qsr_teams_alone(db, qsr, name, role):
    source, run = TRANSITIONS[name]
    dispute = _at(source, qsr)
    # The assignee is the one who starts and decides; other QSR members may do the rest.
    user = qsr if role == QSR else UserFactory(role=role)
    if role == QSR:
        moved = run(dispute, user, qsr)
        assert moved.state == TARGETS[name]
        assert moved.history.latest().history_user == user
    else:
        with pytest.raises(PermissionDenied):
            run(dispute, user, qsr)
        dispute.refresh_from_db()
        assert dispute.state == source


@pytest.mark.parametrize("name", ["start_assessment", "decide"])
def test_only_the_assignee_starts_and_decides(db, qsr, name):
    source, run = TRANSITIONS[name]
    dispute = _at(source, qsr)
    with pytest.raises(PermissionDenied):
        run(dispute, UserFactory(role=QSR), qsr)


def test_a_transition_from_the_wrong_state_says_the_dispute_has_moved_on(db, qsr):
    dispute = _at("received", qsr)
    with pytest.raises(ValidationError) as refused:
        services.dispute_start_assessment(dispute=dispute, started_by=qsr)
    assert "moved on" in refused.value.messages[0]
    closed = _at("decided", qsr)
    with pytest.raises(ValidationError):
        services.dispute_withdraw(dispute=closed, withdrawn_by=qsr, reason="Too late")


def test_assignment_is_only_to_an_active_qsr_member(db, qsr):
    dispute = recorded(in_force())
    for someone in (UserFactory(role="Manager"), UserFactory(role=QSR, is_active=False)):
        with pytest.raises(ValidationError) as refused:
            services.dispute_assign(dispute=dispute, assigned_by=qsr, assignee=someone)
        assert "assignee" in refused.value.message_dict


def test_reassigning_tells_the_new_assignee_and_restarts_the_assessment(db, qsr):
    dispute = assessing(recorded(in_force()), qsr)
    colleague = UserFactory(role=QSR)
    moved = services.dispute_reassign(dispute=dispute, reassigned_by=qsr, assignee=colleague)
    assert (moved.state, moved.assigned_to, moved.assessment_started_at) == (
        "assigned",
        colleague,
        None,
    )
    assert Notification.objects.filter(recipient=colleague, key__startswith="dispute-assigned")
    with pytest.raises(ValidationError):
        services.dispute_reassign(dispute=moved, reassigned_by=qsr, assignee=colleague)


def test_closing_needs_the_date_and_method_the_outcome_was_sent(db, qsr):
    dispute = _at("decided", qsr)
    with pytest.raises(ValidationError) as refused:
        services.dispute_close(dispute=dispute, closed_by=qsr, sent_on=None, sent_method="")
    assert set(refused.value.message_dict) == {"sent_on", "sent_method"}
    with pytest.raises(ValidationError):
        services.dispute_close(
            dispute=dispute,
            closed_by=qsr,
            sent_on=timezone.localdate() - dt.timedelta(days=3),
            sent_method="letter",
        )
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.DECIDED


# -- independence


@pytest.mark.parametrize("part", ["proposer", "approver"])
def test_a_qsr_member_who_took_part_in_the_decision_cannot_decide_its_dispute(db, part):
    # Someone who was a manager (or proposed it) before joining the QSR team.
    qsr = UserFactory(role="Manager" if part == "approver" else "Caseworker")
    qsr.groups.add(role_group(QSR))
    restriction = in_force(**{part: qsr})
    dispute = recorded(restriction)
    with pytest.raises(ValidationError, match="proposed or approved"):
        services.dispute_assign(dispute=dispute, assigned_by=qsr, assignee=qsr)
    colleague = UserFactory(role=QSR)
    dispute = assessing(dispute, colleague)
    # Given to them before assignment kept the rule: the decision still refuses them.
    Dispute.objects.filter(pk=dispute.pk).update(assigned_to=qsr)
    dispute.refresh_from_db()
    refusal = services.decision_refusal(dispute, qsr)
    assert "proposed or approved" in refusal
    with pytest.raises(PermissionDenied):
        decided_from_assessment(dispute, qsr)
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.UNDER_ASSESSMENT
    services.dispute_reassign(dispute=dispute, reassigned_by=qsr, assignee=colleague)
    services.dispute_start_assessment(dispute=dispute, started_by=colleague)
    assert decided_from_assessment(dispute, colleague).state == DisputeState.DECIDED


def test_whoever_decided_an_extension_cannot_decide_its_dispute(db, qsr):
    restriction = in_force()
    term = restriction.terms.get()
    term.decided_by = qsr
    term.save()
    dispute = assessing(recorded(restriction), UserFactory(role=QSR))
    Dispute.objects.filter(pk=dispute.pk).update(assigned_to=qsr)
    dispute.refresh_from_db()
    assert services.decision_refusal(dispute, qsr) is not None
    with pytest.raises(ValidationError, match="proposed or approved"):
        services.dispute_reassign(dispute=dispute, reassigned_by=qsr, assignee=qsr)


# -- outcomes


def test_upheld_lifts_the_restriction_with_history(db, qsr):
    restriction = in_force()
    dispute = decided(recorded(restriction), qsr, outcome="upheld")
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.LIFTED
    assert restriction.ended_by == qsr
    latest = restriction.history.latest()
    assert (latest.history_user, latest.state) == (qsr, "lifted")
    assert "upheld" in latest.history_change_reason
    assert dispute.outcome == "upheld"
    # The gate no longer applies it.
    assert (
        restriction_selectors.restriction_applying_at(
            restriction.service_user_id, timezone.now() + dt.timedelta(minutes=1)
        )
        is None
    )


def test_partly_upheld_shortens_the_term_and_replaces_the_conditions(db, qsr):
    restriction = in_force(months=12)
    term = restriction.terms.get()
    old_condition = restriction.conditions.get()
    dispute = decided(
        recorded(restriction),
        qsr,
        outcome="partly_upheld",
        new_term_months=6,
        conditions=[condition(ConditionKind.RESPONSE_TIME, response_working_days=10)],
    )
    term.refresh_from_db()
    old_condition.refresh_from_db()
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.ACTIVE
    assert (term.months, term.ends_on) == (6, rules.term_end(term.starts_on, 6))
    assert term.history.latest().history_user == qsr
    assert old_condition.ended_at is not None
    assert [c.kind for c in restriction.conditions.filter(ended_at__isnull=True)] == [
        ConditionKind.RESPONSE_TIME
    ]
    assert dispute.varied_term_months == 6
    assert dispute.varied_conditions[0]["kind"] == ConditionKind.RESPONSE_TIME


def test_partly_upheld_must_change_something_and_refuses_whole(db, qsr):
    restriction = in_force(months=12)
    dispute = assessing(recorded(restriction), qsr)
    with pytest.raises(ValidationError):
        services.dispute_decide(
            dispute=dispute,
            decided_by=qsr,
            outcome="partly_upheld",
            reasonable_reasons="Partly",
            proportionate_reasons="Partly",
        )
    with pytest.raises(ValidationError) as refused:
        services.dispute_decide(
            dispute=dispute,
            decided_by=qsr,
            outcome="partly_upheld",
            reasonable_reasons="Partly",
            proportionate_reasons="Partly",
            conditions=[condition(ConditionKind.PERMITTED_TIMES)],  # no days or times
        )
    assert "permitted_days" in refused.value.message_dict
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.UNDER_ASSESSMENT
    assert restriction.conditions.filter(ended_at__isnull=True).count() == 1


def test_not_upheld_leaves_the_restriction_as_it_was(db, qsr):
    restriction = in_force()
    before = restriction.history.count()
    dispute = decided(recorded(restriction), qsr, outcome="not_upheld")
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.ACTIVE
    assert restriction.history.count() == before
    assert dispute.state == DisputeState.DECIDED


def test_a_decision_needs_both_reasons(db, qsr):
    dispute = assessing(recorded(in_force()), qsr)
    with pytest.raises(ValidationError) as refused:
        services.dispute_decide(
            dispute=dispute,
            decided_by=qsr,
            outcome="",
            reasonable_reasons="",
            proportionate_reasons=" ",
        )
    assert set(refused.value.message_dict) == {
        "outcome",
        "reasonable_reasons",
        "proportionate_reasons",
    }


def test_lifting_during_a_review_takes_the_review_off_the_managers_queue(db, qsr):
    restriction = in_force(months=3, starts_on=timezone.localdate() - dt.timedelta(days=120))
    restriction_services.reviews_raise_due()
    manager = UserFactory(role="Manager")
    from restrictions.selectors import open_reviews

    assert len(open_reviews(manager)) == 1
    decided(recorded(restriction), qsr, outcome="upheld")
    assert open_reviews(manager) == []
    assert (
        restriction_services.reviews_flag_overdue(
            today=timezone.localdate() + dt.timedelta(days=60)
        )
        == 0
    )


# -- unacceptable contact during a dispute


def _log(person, logged_by, assessment="unacceptable"):
    return contact_services.contact_log(
        service_user=person,
        logged_by=logged_by,
        channel="post",
        direction="inbound",
        occurred_at=timezone.now(),
        received_by=[logged_by],
        summary="Another abusive letter",
        assessment=assessment,
        behaviours=[Behaviour.HARASSMENT] if assessment == "unacceptable" else [],
        impacts=[Impact.STAFF_HARMED] if assessment == "unacceptable" else [],
    )


def test_unacceptable_contact_during_a_dispute_is_flagged_and_a_manager_told(db, qsr):
    manager = UserFactory(role="Manager")
    restriction = in_force(approver=manager)
    dispute = recorded(restriction)
    caseworker = UserFactory(role="Caseworker")
    _log(restriction.service_user, caseworker, assessment="acceptable")
    assert not dispute.flagged_contacts.exists()
    contact = _log(restriction.service_user, caseworker)
    assert list(dispute.flagged_contacts.all()) == [contact]
    told = Notification.objects.get(recipient=manager, key__startswith="dispute-contact")
    assert "consider" in told.body.lower()
    assert dispute.history.latest().history_change_reason == (
        "Unacceptable contact during the dispute"
    )


def test_contact_after_the_dispute_is_decided_is_not_flagged(db, qsr):
    restriction = in_force()
    dispute = decided(recorded(restriction), qsr)
    _log(restriction.service_user, UserFactory(role="Caseworker"))
    assert not dispute.flagged_contacts.exists()


def test_a_contact_from_before_the_dispute_is_not_flagged_and_flags_name_who_logged(db, qsr):
    restriction = in_force()
    dispute = recorded(restriction, received_at=timezone.now() - dt.timedelta(days=2))
    caseworker = UserFactory(role="Caseworker")
    earlier = contact_services.contact_log(
        service_user=restriction.service_user,
        logged_by=caseworker,
        channel="post",
        direction="inbound",
        occurred_at=timezone.now() - dt.timedelta(days=5),  # a letter logged late
        received_by=[caseworker],
        summary="An old abusive letter",
        assessment="unacceptable",
        behaviours=[Behaviour.HARASSMENT],
        impacts=[Impact.STAFF_HARMED],
    )
    assert not dispute.flagged_contacts.filter(pk=earlier.pk).exists()
    _log(restriction.service_user, caseworker)
    assert dispute.history.latest().history_user == caseworker


def test_partly_upheld_cannot_change_a_term_an_extension_has_followed(db, qsr):
    restriction = in_force(months=3, starts_on=timezone.localdate() - dt.timedelta(days=120))
    dispute = assessing(recorded(restriction), qsr)
    restriction_services.reviews_raise_due()
    restriction_services.review_decide(
        review=Review.objects.get(),
        manager=UserFactory(role="Manager"),
        outcome=ReviewOutcome.EXTEND,
        extend_months=12,
        reason="Still needed",
    )
    with pytest.raises(ValidationError) as refused:
        services.dispute_decide(
            dispute=dispute,
            decided_by=qsr,
            outcome="partly_upheld",
            reasonable_reasons="Partly",
            proportionate_reasons="Partly",
            new_term_months=6,
        )
    assert "followed by an extension" in str(refused.value.message_dict["new_term_months"])
    assert restriction.terms.get(number=2).months == 12


def test_partly_upheld_with_a_longer_term_puts_a_review_due_restriction_back_in_force(db, qsr):
    restriction = in_force(months=3, starts_on=timezone.localdate() - dt.timedelta(days=100))
    restriction_services.reviews_raise_due()
    superseded = Review.objects.get()
    dispute = decided(recorded(restriction), qsr, outcome="partly_upheld", new_term_months=6)
    restriction.refresh_from_db()
    superseded.refresh_from_db()
    term = restriction.terms.get()
    assert term.ends_on > timezone.localdate()
    assert restriction.state == RestrictionState.ACTIVE
    assert superseded.state == ReviewState.SUPERSEDED
    assert str(dispute) in superseded.reason
    assert superseded.decided_by == qsr
    # No overdue flag for the superseded review; the next review comes when the new term ends.
    later = term.ends_on + dt.timedelta(days=30)
    assert restriction_services.reviews_flag_overdue(today=later) == 0
    assert restriction_services.reviews_raise_due(today=term.ends_on) == 0
    assert restriction_services.reviews_raise_due(today=term.ends_on + dt.timedelta(days=1)) == 1
    review = Review.objects.get(state=ReviewState.OPEN)
    assert review.term == term
    assert review.due_on > term.ends_on


def test_partly_upheld_changing_the_term_of_a_review_already_past_raises_it_afresh(db, qsr):
    restriction = in_force(months=6, starts_on=timezone.localdate() - dt.timedelta(days=250))
    restriction_services.reviews_raise_due()
    decided(recorded(restriction), qsr, outcome="partly_upheld", new_term_months=3)
    restriction.refresh_from_db()
    term = restriction.terms.get()
    assert restriction.state == RestrictionState.REVIEW_DUE
    review = Review.objects.get(state=ReviewState.OPEN)
    assert review.due_on == add_working_days(term.ends_on, rules.REVIEW_DUE_WORKING_DAYS)
    assert Review.objects.filter(state=ReviewState.SUPERSEDED).count() == 1


def test_a_dispute_cannot_be_received_before_the_decision_it_disputes(db):
    restriction = in_force(starts_on=timezone.localdate() - dt.timedelta(days=10))
    decided_on = timezone.localtime(restriction.terms.get().decided_at).date()
    with pytest.raises(ValidationError) as refused:
        recorded(
            restriction,
            received_at=timezone.make_aware(
                dt.datetime.combine(decided_on - dt.timedelta(days=1), dt.time(12))
            ),
        )
    assert "before the decision" in str(refused.value.message_dict["received_on"])
    assert Dispute.objects.count() == 0


def test_a_dispute_received_on_the_day_of_the_decision_is_recorded(db):
    restriction = in_force(starts_on=timezone.localdate() - dt.timedelta(days=10))
    decided_on = timezone.localtime(restriction.terms.get().decided_at).date()
    received_at = timezone.make_aware(dt.datetime.combine(decided_on, dt.time(8)))
    assert recorded(restriction, received_at=received_at).received_at == received_at


@pytest.mark.parametrize(
    ("outcome", "subject", "words"),
    [
        ("upheld", "A Stage 2 dispute was upheld", "was upheld: the restriction was lifted."),
        (
            "not_upheld",
            "A Stage 2 dispute was not upheld",
            "was not upheld: the restriction stays as it is.",
        ),
    ],
)
def test_managers_are_told_the_outcome_of_a_dispute_in_plain_words(
    db, qsr, outcome, subject, words
):
    UserFactory(role="Manager")
    restriction = in_force()
    decided(recorded(restriction), qsr, outcome=outcome)
    told = Notification.objects.filter(key__startswith="dispute-decided").first()
    person = restriction.service_user
    assert told.subject == f"{subject}: {person.full_name}"
    assert f"The dispute from {person.full_name} ({person.reference}) {words}" in told.body
