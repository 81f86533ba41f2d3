import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from contacts import services as contact_services
from contacts.choices import Channel
from restrictions import rules, services
from restrictions.choices import ConditionKind, RestrictionState, WarningState
from restrictions.models import Breach, Restriction, Term
from tests.contacts.factories import ContactFactory, ReasonableAdjustmentFactory, ServiceUserFactory
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import condition


def _warn(person, user, contacts=None):
    return services.warning_issue(
        service_user=person,
        issued_by=user,
        contacts=contacts or [ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats",
        adjustment_requested="Stop threatening staff",
        delivery_method="letter",
        delivered_on=timezone.localdate(),
    )


def _propose(person, user, **overrides):
    values = {
        "service_user": person,
        "proposed_by": user,
        "conditions": [condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST])],
        "contacts": [ContactFactory(service_user=person, unacceptable=True)],
        "reasons": "Repeated threats after three warnings",
        "term_months": 6,
        "starts_on": timezone.localdate(),
        "access_route": "By post to the Sale office",
    }
    return services.restriction_propose(**{**values, **overrides})


def test_three_warnings_then_the_fourth_is_refused(caseworker):
    person = ServiceUserFactory()
    for _ in range(3):
        _warn(person, caseworker)
    with pytest.raises(ValidationError) as refused:
        _warn(person, caseworker)
    assert "propose a restriction instead" in refused.value.messages[0]


def test_a_withdrawn_warning_no_longer_counts(caseworker, manager):
    person = ServiceUserFactory()
    warnings = [_warn(person, caseworker) for _ in range(3)]
    services.warning_close(
        warning=warnings[0], closed_by=manager, reason="Issued in error", withdraw=True
    )
    _warn(person, caseworker)
    warnings[0].refresh_from_db()
    assert warnings[0].state == WarningState.WITHDRAWN


def test_a_caseworker_cannot_withdraw_a_warning(caseworker):
    warning = _warn(ServiceUserFactory(), caseworker)
    with pytest.raises(PermissionDenied):
        services.warning_close(warning=warning, closed_by=caseworker, reason="x", withdraw=True)


def test_a_warning_cites_unacceptable_contacts_only(caseworker):
    person = ServiceUserFactory()
    with pytest.raises(ValidationError):
        _warn(person, caseworker, contacts=[ContactFactory(service_user=person)])


def test_proposal_goes_to_a_manager_with_the_warnings_behind_it(caseworker):
    person = ServiceUserFactory()
    warning = _warn(person, caseworker)
    restriction = _propose(person, caseworker)
    assert restriction.state == RestrictionState.PENDING_APPROVAL
    assert list(restriction.warnings.all()) == [warning]
    assert restriction.conditions.count() == 1


def test_proposal_refused_whole_when_it_leaves_no_channel_open(caseworker):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    with pytest.raises(ValidationError) as refused:
        _propose(
            person, caseworker, conditions=[condition(ConditionKind.LIMITED_CHANNELS, channels=[])]
        )
    assert "leaves no way to contact the IOPC" in refused.value.message_dict["open_channels"][0]
    assert not Restriction.objects.exists()


def test_proposal_without_warning_needs_extremely_unacceptable_contact(caseworker):
    person = ServiceUserFactory()
    with pytest.raises(ValidationError) as refused:
        _propose(person, caseworker)
    assert "justification_without_warning" in refused.value.message_dict
    extreme = ContactFactory(service_user=person, unacceptable=True, extremely_unacceptable=True)
    restriction = _propose(
        person, caseworker, contacts=[extreme], justification_without_warning="Threat to kill"
    )
    assert restriction.state == RestrictionState.PENDING_APPROVAL


def test_proposal_for_a_person_with_adjustments_says_how_they_were_considered(caseworker):
    person = ServiceUserFactory()
    ReasonableAdjustmentFactory(service_user=person)
    _warn(person, caseworker)
    with pytest.raises(ValidationError) as refused:
        _propose(person, caseworker)
    assert "adjustments_considered" in refused.value.message_dict


def test_approval_starts_today_creates_the_term_and_spends_the_warnings(caseworker, manager):
    person = ServiceUserFactory()
    warning = _warn(person, caseworker)
    restriction = _propose(person, caseworker, starts_on=timezone.localdate())
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="approve", reason="Proportionate"
    )
    restriction.refresh_from_db()
    warning.refresh_from_db()
    term = Term.objects.get(restriction=restriction)
    assert restriction.state == RestrictionState.ACTIVE
    assert (term.number, term.months, term.decided_by) == (1, 6, manager)
    assert warning.state == WarningState.SPENT


def test_approval_of_a_future_start_waits_in_approved(caseworker, manager):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(
        person, caseworker, starts_on=timezone.localdate() + dt.timedelta(days=7)
    )
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="approve", reason="Yes"
    )
    assert restriction.state == RestrictionState.APPROVED


def test_a_manager_cannot_decide_their_own_proposal(manager):
    person = ServiceUserFactory()
    _warn(person, manager)
    restriction = _propose(person, manager)
    with pytest.raises(PermissionDenied, match="another manager must decide"):
        services.restriction_decide(
            restriction=restriction, manager=manager, decision="approve", reason="x"
        )


def test_a_caseworker_cannot_decide(caseworker):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(person, caseworker)
    other = UserFactory(role="Caseworker")
    with pytest.raises(PermissionDenied):
        services.restriction_decide(
            restriction=restriction, manager=other, decision="reject", reason="x"
        )


@pytest.mark.parametrize(
    ("decision", "state"),
    [("reject", RestrictionState.REJECTED), ("return", RestrictionState.DRAFT)],
)
def test_reject_and_return_keep_the_reason(caseworker, manager, decision, state):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(person, caseworker)
    services.restriction_decide(
        restriction=restriction, manager=manager, decision=decision, reason="Not yet proportionate"
    )
    restriction.refresh_from_db()
    assert (restriction.state, restriction.decision_reason) == (state, "Not yet proportionate")
    latest = restriction.history.first()
    # The reason is a field of the record, so its history keeps it; the label says what happened.
    assert latest.decision_reason == "Not yet proportionate"
    assert (
        latest.history_change_reason
        == {
            "reject": "Rejected",
            "return": "Returned to the proposer",
        }[decision]
    )
    assert not Term.objects.exists()


def test_a_decision_needs_a_reason(caseworker, manager):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(person, caseworker)
    with pytest.raises(ValidationError):
        services.restriction_decide(
            restriction=restriction, manager=manager, decision="approve", reason=" "
        )


def test_a_second_proposal_while_one_is_pending_is_refused(caseworker):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    _propose(person, caseworker)
    with pytest.raises(ValidationError, match="already has a restriction"):
        _propose(person, caseworker)


def test_ending_early_needs_a_manager_and_a_reason(caseworker, manager):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(person, caseworker)
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="approve", reason="Yes"
    )
    with pytest.raises(PermissionDenied):
        services.restriction_end_early(restriction=restriction, manager=caseworker, reason="x")
    services.restriction_end_early(
        restriction=restriction, manager=manager, reason="Behaviour improved"
    )
    assert restriction.state == RestrictionState.ENDED


def test_telling_the_person_is_recorded(caseworker, manager):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(person, caseworker)
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="approve", reason="Yes"
    )
    told = services.restriction_record_told(
        restriction=restriction,
        recorded_by=caseworker,
        told_on=timezone.localdate(),
        told_method="letter",
        told_reference="LTR-42",
        not_told_reason="",
    )
    assert (told.told_method, told.told_reference) == ("letter", "LTR-42")


def test_a_contact_on_a_closed_channel_is_stored_as_a_breach(caseworker, manager):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(person, caseworker)
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="approve", reason="Yes"
    )
    contact = contact_services.contact_log(
        service_user=person,
        logged_by=caseworker,
        channel=Channel.EMAIL,
        direction="inbound",
        occurred_at=timezone.now() - dt.timedelta(minutes=1),
        received_by=[caseworker],
        summary="Another email",
        assessment="acceptable",
    )
    breach = Breach.objects.get()
    assert (breach.contact, breach.restriction) == (contact, restriction)
    assert "closed channel" in breach.description


@pytest.mark.django_db(transaction=True)
def test_two_managers_approving_at_once_one_succeeds_the_other_is_told():
    caseworker = UserFactory(role="Caseworker")
    managers = [UserFactory(role="Manager"), UserFactory(role="Manager")]
    person = ServiceUserFactory()
    _warn(person, caseworker)
    proposal = _propose(person, caseworker)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(manager):
        try:
            restriction = Restriction.objects.get(pk=proposal.pk)  # each on its own connection
            barrier.wait()
            services.restriction_decide(
                restriction=restriction, manager=manager, decision="approve", reason="Yes"
            )
            outcomes.append("approved")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(manager,)) for manager in managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["approved", str(services.ALREADY_DECIDED)])
    assert Term.objects.filter(restriction=proposal).count() == 1


def _in_force(caseworker, manager):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(person, caseworker, term_months=12)
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="approve", reason="Yes"
    )
    return restriction


def test_a_variation_takes_effect_only_when_another_manager_approves(caseworker, manager):
    restriction = _in_force(caseworker, manager)
    other = UserFactory(role="Manager")
    variation = services.variation_propose(
        restriction=restriction,
        proposed_by=manager,
        conditions=[
            condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST, Channel.EMAIL])
        ],
        new_term_months=6,
        reason="Behaviour has improved",
    )
    assert set(restriction.conditions.get(ended_at__isnull=True).channels) == {Channel.POST}
    with pytest.raises(PermissionDenied, match="another manager must decide"):
        services.variation_decide(variation=variation, manager=manager, approve=True, reason="Mine")
    services.variation_decide(variation=variation, manager=other, approve=True, reason="Agreed")
    in_force = restriction.conditions.get(ended_at__isnull=True)
    term = restriction.terms.get()
    assert set(in_force.channels) == {Channel.POST, Channel.EMAIL}
    assert restriction.conditions.filter(ended_at__isnull=False).count() == 1
    assert (term.months, term.ends_on) == (6, rules.term_end(term.starts_on, 6))
    assert term.history.first().history_change_reason == "Varied: variation approved"
    variation.refresh_from_db()
    assert (variation.reason, variation.decision_reason) == ("Behaviour has improved", "Agreed")


def test_a_rejected_variation_changes_nothing(caseworker, manager):
    restriction = _in_force(caseworker, manager)
    variation = services.variation_propose(
        restriction=restriction,
        proposed_by=manager,
        conditions=None,
        new_term_months=3,
        reason="Shorter",
    )
    services.variation_decide(
        variation=variation, manager=UserFactory(role="Manager"), approve=False, reason="No"
    )
    assert restriction.terms.get().months == 12


def test_a_variation_must_change_something_and_keep_a_channel_open(caseworker, manager):
    restriction = _in_force(caseworker, manager)
    with pytest.raises(ValidationError, match="Change the conditions, the term, or both"):
        services.variation_propose(
            restriction=restriction,
            proposed_by=manager,
            conditions=None,
            new_term_months=None,
            reason="x",
        )
    with pytest.raises(ValidationError) as refused:
        services.variation_propose(
            restriction=restriction,
            proposed_by=manager,
            conditions=[condition(ConditionKind.LIMITED_CHANNELS, channels=[])],
            new_term_months=None,
            reason="Close everything",
        )
    assert "open_channels" in refused.value.message_dict


def test_a_caseworker_cannot_vary(caseworker, manager):
    restriction = _in_force(caseworker, manager)
    with pytest.raises(PermissionDenied):
        services.variation_propose(
            restriction=restriction,
            proposed_by=caseworker,
            conditions=None,
            new_term_months=3,
            reason="x",
        )


def test_breaches_keep_the_condition_a_variation_replaced(caseworker, manager):
    restriction = _in_force(caseworker, manager)
    contact_services.contact_log(
        service_user=restriction.service_user,
        logged_by=caseworker,
        channel=Channel.EMAIL,
        direction="inbound",
        occurred_at=timezone.now() - dt.timedelta(minutes=1),
        received_by=[caseworker],
        summary="Email",
        assessment="acceptable",
    )
    variation = services.variation_propose(
        restriction=restriction,
        proposed_by=manager,
        conditions=[condition(ConditionKind.TERMINATE_CALLS)],
        new_term_months=None,
        reason="Different approach",
    )
    services.variation_decide(
        variation=variation, manager=UserFactory(role="Manager"), approve=True, reason="Yes"
    )
    breach = Breach.objects.get()
    assert breach.condition.ended_at is not None


def test_approval_refused_when_the_grounds_have_gone(caseworker, manager):
    person = ServiceUserFactory()
    extreme = ContactFactory(service_user=person, unacceptable=True, extremely_unacceptable=True)
    restriction = _propose(
        person, caseworker, contacts=[extreme], justification_without_warning="Threat to kill"
    )
    type(extreme).objects.filter(pk=extreme.pk).update(extremely_unacceptable=False)
    with pytest.raises(ValidationError, match="no longer meets the policy's rules"):
        services.restriction_decide(
            restriction=restriction, manager=manager, decision="approve", reason="Yes"
        )
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.PENDING_APPROVAL


def test_closing_a_spent_warning_says_it_is_no_longer_in_force(caseworker, manager):
    warning = _warn(ServiceUserFactory(), caseworker)
    services.warning_close(warning=warning, closed_by=manager, reason="Resolved", withdraw=False)
    with pytest.raises(ValidationError, match="no longer in force"):
        services.warning_close(warning=warning, closed_by=manager, reason="Again", withdraw=True)


def _log_email(person, user, when):
    return contact_services.contact_log(
        service_user=person,
        logged_by=user,
        channel=Channel.EMAIL,
        direction="inbound",
        occurred_at=when,
        received_by=[user],
        summary="Email",
        assessment="acceptable",
    )


def test_a_contact_from_before_the_restriction_began_is_no_breach(caseworker, manager):
    restriction = _in_force(caseworker, manager)
    _log_email(restriction.service_user, caseworker, timezone.now() - dt.timedelta(days=30))
    assert not Breach.objects.exists()


def test_a_breach_survives_a_correction_after_the_restriction_ended(caseworker, manager):
    restriction = _in_force(caseworker, manager)
    contact = _log_email(
        restriction.service_user, caseworker, timezone.now() - dt.timedelta(minutes=5)
    )
    services.restriction_end_early(restriction=restriction, manager=manager, reason="Improved")
    contact_services.contact_correct(
        contact=contact,
        corrected_by=caseworker,
        reason="Typo",
        channel=contact.channel,
        direction=contact.direction,
        occurred_at=contact.occurred_at,
        received_by=[caseworker],
        summary="Email, corrected",
        assessment="acceptable",
    )
    assert Breach.objects.filter(contact=contact).count() == 1


def test_an_earlier_contact_is_judged_by_the_conditions_then(caseworker, manager):
    restriction = _in_force(caseworker, manager)
    earlier = timezone.now() - dt.timedelta(minutes=30)
    variation = services.variation_propose(
        restriction=restriction,
        proposed_by=manager,
        conditions=[condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.EMAIL])],
        new_term_months=None,
        reason="Email now open",
    )
    services.variation_decide(
        variation=variation, manager=UserFactory(role="Manager"), approve=True, reason="Yes"
    )
    _log_email(restriction.service_user, caseworker, earlier)  # logged late: email was closed then
    _log_email(restriction.service_user, caseworker, timezone.now())
    assert Breach.objects.count() == 1


def test_the_proposer_cannot_cancel_a_proposal_awaiting_a_decision(caseworker):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(person, caseworker)
    with pytest.raises(ValidationError, match="awaiting a manager's decision"):
        services.restriction_cancel(restriction=restriction, cancelled_by=caseworker)


def test_only_the_proposer_may_cancel_a_returned_proposal(caseworker, manager):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(person, caseworker)
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="return", reason="Shorter term"
    )
    with pytest.raises(PermissionDenied, match="Only the person who proposed it"):
        services.restriction_cancel(restriction=restriction, cancelled_by=manager)


def test_the_proposer_cancels_a_returned_proposal(caseworker, manager):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    restriction = _propose(person, caseworker)
    services.restriction_decide(
        restriction=restriction, manager=manager, decision="return", reason="Shorter term"
    )
    restriction = services.restriction_cancel(restriction=restriction, cancelled_by=caseworker)
    assert restriction.state == RestrictionState.CANCELLED
    assert restriction.history.first().history_change_reason == "Cancelled by the proposer"


def test_a_proposal_starting_in_the_past_is_refused(caseworker):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    with pytest.raises(ValidationError) as refused:
        _propose(person, caseworker, starts_on=timezone.localdate() - dt.timedelta(days=1))
    assert "cannot be in the past" in str(refused.value.message_dict["starts_on"])
    assert not Restriction.objects.exists()


def test_a_start_that_passed_while_awaiting_approval_becomes_the_decision_day(caseworker, manager):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    proposed_on = timezone.localdate()
    restriction = _propose(person, caseworker, starts_on=proposed_on, term_months=3)
    decided_on = proposed_on + dt.timedelta(days=9)
    with time_machine.travel(
        timezone.make_aware(dt.datetime.combine(decided_on, dt.time(11))), tick=False
    ):
        services.restriction_decide(
            restriction=restriction, manager=manager, decision="approve", reason="Yes"
        )
    restriction.refresh_from_db()
    term = restriction.terms.get()
    assert restriction.state == RestrictionState.ACTIVE
    assert restriction.starts_on == term.starts_on == decided_on
    assert term.ends_on == rules.term_end(decided_on, 3)


def test_a_contact_before_the_decision_is_no_breach_even_of_a_backdated_term(caseworker, manager):
    restriction = _in_force(caseworker, manager)
    # A term stored before the rule, starting long before its decision.
    Term.objects.filter(restriction=restriction).update(
        starts_on=timezone.localdate() - dt.timedelta(days=60)
    )
    _log_email(restriction.service_user, caseworker, timezone.now() - dt.timedelta(days=30))
    assert not Breach.objects.exists()


def _read_but_never_answered():
    return [
        condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.EMAIL]),
        condition(ConditionKind.READ_NO_RESPONSE, channels=[Channel.EMAIL]),
    ]


def test_a_proposal_whose_only_open_channel_is_never_answered_is_refused(caseworker):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    with pytest.raises(ValidationError) as refused:
        _propose(person, caseworker, conditions=_read_but_never_answered())
    assert "open and answered" in refused.value.message_dict["read_only_channels"][0]
    assert not Restriction.objects.exists()


def test_read_but_not_respond_is_allowed_while_another_channel_is_answered(caseworker):
    person = ServiceUserFactory()
    _warn(person, caseworker)
    conditions = [
        condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.EMAIL, Channel.POST]),
        condition(ConditionKind.READ_NO_RESPONSE, channels=[Channel.EMAIL]),
    ]
    assert _propose(person, caseworker, conditions=conditions).pk


def test_a_variation_leaving_no_channel_answered_is_refused(caseworker, manager):
    restriction = _in_force(caseworker, manager)
    with pytest.raises(ValidationError) as refused:
        services.variation_propose(
            restriction=restriction,
            proposed_by=manager,
            conditions=_read_but_never_answered(),
            new_term_months=None,
            reason="Email only, unanswered",
        )
    assert "read_only_channels" in refused.value.message_dict
