"""What a service writes into a record's history: who, and a short label of what happened."""

from musuc import records
from musuc.records import CHANGE_LABEL_MAX_LENGTH
from tests.musuc.factories import TeamFactory, UserFactory


def test_a_label_is_kept_as_given(db):
    team = TeamFactory()
    records.recorded_by(team, None, "Renamed")
    team.save()
    assert team.history.latest().history_change_reason == "Renamed"


def test_a_label_too_long_for_the_history_is_shortened_not_a_server_error(db):
    team, user = TeamFactory(), UserFactory()
    records.recorded_by(team, user, "Assigned to " + "a very long name " * 20)
    team.save()
    label = team.history.latest().history_change_reason
    assert len(label) == CHANGE_LABEL_MAX_LENGTH
    assert label.startswith("Assigned to a very long name")
    assert label.endswith("…")


def test_no_label_leaves_the_history_without_one(db):
    team = TeamFactory()
    records.recorded_by(team, None)
    team.save()
    assert team.history.latest().history_change_reason is None
