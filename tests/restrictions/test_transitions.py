"""The restriction and warning state machines, as DOMAIN.md's tables give them."""

import datetime as dt

import pytest
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed, has_transition_perm

from restrictions.choices import RestrictionState, ReviewState, VariationState, WarningState
from restrictions.models import Review, Term, Variation
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import RestrictionFactory, WarningFactory

S = RestrictionState
# transition → (source, target, who may run it)
RESTRICTION_TABLE = {
    "submit": (S.DRAFT, S.PENDING_APPROVAL, "proposer"),
    "cancel": (S.DRAFT, S.CANCELLED, "proposer"),
    "return_to_proposer": (S.PENDING_APPROVAL, S.DRAFT, "another manager"),
    "reject": (S.PENDING_APPROVAL, S.REJECTED, "another manager"),
    "approve": (S.PENDING_APPROVAL, S.APPROVED, "another manager"),
    "approve_from_today": (S.PENDING_APPROVAL, S.ACTIVE, "another manager"),
    "activate": (S.APPROVED, S.ACTIVE, "system"),
    "end_early": (S.ACTIVE, S.ENDED, "any manager"),
}
ACTORS = ["proposer", "other manager", "other caseworker", "qsr"]
# What a record needs for a transition's guard to let it through (approve: a start to come).
GUARDED = {"approve": {"starts_on": timezone.localdate() + dt.timedelta(days=7)}}


def _allowed(who, actor, proposer_role):
    if who == "proposer":
        return actor == "proposer"
    if who == "another manager":
        return actor == "other manager"
    if who == "any manager":
        return actor == "other manager" or (actor == "proposer" and proposer_role == "Manager")
    return False  # system transitions are never a person's to run


@pytest.mark.parametrize("name", sorted(RESTRICTION_TABLE))
@pytest.mark.parametrize("state", list(S))
def test_restriction_transitions_only_from_their_source(db, name, state):
    source, target, _who = RESTRICTION_TABLE[name]
    restriction = RestrictionFactory(state=state, **GUARDED.get(name, {}))
    move = getattr(restriction, name)
    if state == source:
        move()
        assert restriction.state == target
    else:
        with pytest.raises(TransitionNotAllowed):
            move()


@pytest.mark.parametrize("name", sorted(RESTRICTION_TABLE))
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("proposer_role", ["Caseworker", "Manager"])
def test_restriction_transitions_only_by_their_role(db, name, actor, proposer_role):
    source, _target, who = RESTRICTION_TABLE[name]
    people = {
        "proposer": UserFactory(role=proposer_role),
        "other manager": UserFactory(role="Manager"),
        "other caseworker": UserFactory(role="Caseworker"),
        "qsr": UserFactory(role="Quality Standards and Research"),
    }
    restriction = RestrictionFactory(
        state=source, proposed_by=people["proposer"], **GUARDED.get(name, {})
    )
    allowed = has_transition_perm(getattr(restriction, name), people[actor])
    assert allowed is _allowed(who, actor, proposer_role)


W = WarningState
WARNING_TABLE = {
    "spend": (W.ISSUED, W.SPENT),
    "close": (W.ISSUED, W.SPENT),
    "withdraw": (W.ISSUED, W.WITHDRAWN),
}


@pytest.mark.parametrize("name", sorted(WARNING_TABLE))
@pytest.mark.parametrize("state", list(W))
def test_warning_transitions_only_from_issued(db, name, state):
    warning = WarningFactory()
    type(warning).objects.filter(pk=warning.pk).update(state=state)
    warning.refresh_from_db()
    move = getattr(warning, name)
    if state == WARNING_TABLE[name][0]:
        move()
        assert warning.state == WARNING_TABLE[name][1]
    else:
        with pytest.raises(TransitionNotAllowed):
            move()


@pytest.mark.parametrize(
    ("role", "allowed"), [("caseworker", False), ("qsr", False), ("manager", True)]
)
@pytest.mark.parametrize("name", ["close", "withdraw"])
def test_only_managers_close_or_withdraw_warnings(db, users_by_role, role, allowed, name):
    warning = WarningFactory()
    assert has_transition_perm(getattr(warning, name), users_by_role[role]) is allowed


def test_state_cannot_be_set_directly(db):
    restriction = RestrictionFactory()
    with pytest.raises(AttributeError):
        restriction.state = S.ACTIVE


# The rest of the restriction's machine: sources may be several.
MORE_RESTRICTION_MOVES = {
    "raise_review": ((S.ACTIVE,), S.REVIEW_DUE, "system"),
    "extend": ((S.REVIEW_DUE,), S.ACTIVE, "any manager"),
    "reinstate": ((S.REVIEW_DUE,), S.ACTIVE, "system"),
    "remove": ((S.REVIEW_DUE,), S.ENDED, "any manager"),
    "lift": ((S.APPROVED, S.ACTIVE, S.REVIEW_DUE), S.LIFTED, "system"),
}


@pytest.mark.parametrize("name", sorted(MORE_RESTRICTION_MOVES))
@pytest.mark.parametrize("state", list(S))
def test_later_restriction_transitions_only_from_their_sources(db, name, state):
    sources, target, _who = MORE_RESTRICTION_MOVES[name]
    restriction = RestrictionFactory(state=state)
    move = getattr(restriction, name)
    if state in sources:
        move()
        assert restriction.state == target
    else:
        with pytest.raises(TransitionNotAllowed):
            move()


@pytest.mark.parametrize("name", sorted(MORE_RESTRICTION_MOVES))
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("proposer_role", ["Caseworker", "Manager"])
def test_later_restriction_transitions_only_by_their_role(db, name, actor, proposer_role):
    sources, _target, who = MORE_RESTRICTION_MOVES[name]
    people = {
        "proposer": UserFactory(role=proposer_role),
        "other manager": UserFactory(role="Manager"),
        "other caseworker": UserFactory(role="Caseworker"),
        "qsr": UserFactory(role="Quality Standards and Research"),
    }
    restriction = RestrictionFactory(state=sources[0], proposed_by=people["proposer"])
    allowed = has_transition_perm(getattr(restriction, name), people[actor])
    assert allowed is _allowed(who, actor, proposer_role)


@pytest.mark.parametrize(
    ("name", "days_to_start"), [("approve", 0), ("approve", -1), ("approve_from_today", 1)]
)
def test_approval_is_guarded_by_the_start_date(db, name, days_to_start):
    restriction = RestrictionFactory(
        state=S.PENDING_APPROVAL,
        starts_on=timezone.localdate() + dt.timedelta(days=days_to_start),
    )
    assert not can_proceed(getattr(restriction, name))
    with pytest.raises(TransitionNotAllowed):
        getattr(restriction, name)()


def test_state_machine_has_no_vary_transition(db):
    """A variation is its own machine's transition; the restriction only records it."""
    assert not hasattr(RestrictionFactory(), "vary")


V = VariationState
VARIATION_TABLE = {
    "approve": (V.PENDING_APPROVAL, V.APPROVED),
    "reject": (V.PENDING_APPROVAL, V.REJECTED),
}


def _variation(state=V.PENDING_APPROVAL, restriction_state=S.ACTIVE, proposed_by=None):
    proposed_by = proposed_by or UserFactory(role="Manager")
    variation = Variation.objects.create(
        restriction=RestrictionFactory(state=restriction_state),
        proposed_by=proposed_by,
        reason="Calls now by appointment",
    )
    Variation.objects.filter(pk=variation.pk).update(state=state)
    variation.refresh_from_db()
    return variation


@pytest.mark.parametrize("name", sorted(VARIATION_TABLE))
@pytest.mark.parametrize("state", list(V))
def test_variation_transitions_only_from_their_source(db, name, state):
    source, target = VARIATION_TABLE[name]
    variation = _variation(state=state)
    move = getattr(variation, name)
    if state == source:
        move()
        assert variation.state == target
    else:
        with pytest.raises(TransitionNotAllowed):
            move()


@pytest.mark.parametrize("name", sorted(VARIATION_TABLE))
@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("proposer", False),
        ("other manager", True),
        ("caseworker", False),
        ("qsr", False),
        ("administrator", False),
    ],
)
def test_variations_are_decided_only_by_another_manager(db, name, actor, allowed):
    proposer = UserFactory(role="Manager")
    people = {
        "proposer": proposer,
        "other manager": UserFactory(role="Manager"),
        "caseworker": UserFactory(role="Caseworker"),
        "qsr": UserFactory(role="Quality Standards and Research"),
        "administrator": UserFactory(role="Administrator"),
    }
    variation = _variation(proposed_by=proposer)
    assert has_transition_perm(getattr(variation, name), people[actor]) is allowed


@pytest.mark.parametrize("restriction_state", [s for s in S if s not in (S.ACTIVE, S.REVIEW_DUE)])
def test_only_a_variation_of_a_restriction_in_force_can_be_approved(db, restriction_state):
    variation = _variation(restriction_state=restriction_state)
    assert not can_proceed(variation.approve)
    assert can_proceed(variation.reject)


R = ReviewState
REVIEW_TABLE = {
    "decide": (R.OPEN, R.DECIDED, "manager"),
    "supersede": (R.OPEN, R.SUPERSEDED, "system"),
}


def _review(state=R.OPEN, restriction_state=S.REVIEW_DUE):
    restriction = RestrictionFactory(state=restriction_state)
    today = timezone.localdate()
    term = Term.objects.create(
        restriction=restriction,
        number=1,
        starts_on=today - dt.timedelta(days=92),
        ends_on=today - dt.timedelta(days=1),
        months=3,
        decided_by=UserFactory(role="Manager"),
        decided_at=timezone.now(),
        reason="Threats",
    )
    review = Review.objects.create(restriction=restriction, term=term, due_on=today)
    Review.objects.filter(pk=review.pk).update(state=state)
    review.refresh_from_db()
    return review


@pytest.mark.parametrize("name", sorted(REVIEW_TABLE))
@pytest.mark.parametrize("state", list(R))
def test_review_transitions_only_from_open(db, name, state):
    source, target, _who = REVIEW_TABLE[name]
    review = _review(state=state)
    move = getattr(review, name)
    if state == source:
        move()
        assert review.state == target
    else:
        with pytest.raises(TransitionNotAllowed):
            move()


@pytest.mark.parametrize("name", sorted(REVIEW_TABLE))
@pytest.mark.parametrize("role", ["caseworker", "manager", "qsr", "administrator"])
def test_reviews_are_decided_only_by_a_manager(db, users_by_role, name, role):
    _source, _target, who = REVIEW_TABLE[name]
    review = _review()
    allowed = has_transition_perm(getattr(review, name), users_by_role[role])
    assert allowed is (who == role)


@pytest.mark.parametrize("restriction_state", [s for s in S if s != S.REVIEW_DUE])
def test_a_review_is_decided_only_while_its_restriction_awaits_it(db, restriction_state):
    review = _review(restriction_state=restriction_state)
    with pytest.raises(TransitionNotAllowed):
        review.decide()
