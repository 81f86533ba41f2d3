"""The case file and its timeline read as many queries however much is on the file: a query for
each kind of record among the entries shown, never one for each record."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from restrictions.choices import RestrictionState
from restrictions.models import Term
from tests.contacts.factories import ContactFactory, ServiceUserFactory
from tests.disputes.factories import recorded
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import RestrictionFactory, WarningFactory


def _file_with(count):
    """A person with ``count`` each of contacts, warnings, restrictions and disputes, made a
    round of one of each a minute apart, so that every kind is among the newest entries."""
    person = ServiceUserFactory()
    manager = UserFactory(role="Manager")
    start = timezone.now() - dt.timedelta(hours=1)
    for number in range(count):
        moment = start + dt.timedelta(minutes=number)
        with time_machine.travel(moment, tick=False):
            ContactFactory(service_user=person, occurred_at=moment)
            WarningFactory(service_user=person)
            restriction = RestrictionFactory(
                service_user=person, proposed_by=manager, state=RestrictionState.ACTIVE
            )
            term = Term.objects.create(
                restriction=restriction,
                number=1,
                starts_on=moment.date(),
                ends_on=moment.date() + dt.timedelta(days=90),
                months=3,
                decided_by=manager,
                decided_at=moment,
                reason="Needed",
            )
            recorded(restriction, term=term)
    return person


@pytest.mark.parametrize(
    ("url_name", "shown"),
    [("contacts:case-file", 10), ("contacts:case-file-timeline", 20)],
)
def test_the_case_file_reads_as_many_queries_for_five_of_each_entry_as_for_one(
    caseworker_client, django_assert_num_queries, url_name, shown
):
    for count in (1, 5):
        person = _file_with(count)
        url = reverse(url_name, args=[person.reference])
        # session, user, roles and permissions, the service user (with the header's standing),
        # the conditions in force, the timeline's index, then one query for each kind of record
        # shown: contacts, warnings, restrictions, disputes; the case file also reads the
        # letters that did not reach the person
        with django_assert_num_queries(10 + (url_name == "contacts:case-file")):
            response = caseworker_client.get(url)
        kinds = {event.kind for event in response.context["timeline"]}
        assert kinds == {"contact", "warning", "restriction_proposed", "dispute_received"}
        assert len(response.context["timeline"]) == min(4 * count, shown)
