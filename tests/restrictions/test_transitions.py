"""The restriction and warning state machines, as DOMAIN.md's tables give them."""

import pytest
from django_fsm import TransitionNotAllowed, has_transition_perm

from restrictions.choices import RestrictionState, WarningState
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
    restriction = RestrictionFactory(state=state)
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
    restriction = RestrictionFactory(state=source, proposed_by=people["proposer"])
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
