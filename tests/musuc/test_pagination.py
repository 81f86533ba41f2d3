"""Paging by seeking: a list's order written as a key, and the rows either side of it."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from disputes.models import Dispute
from musuc.pagination import SeekOrder


def test_a_key_is_the_order_s_values_on_the_row_and_reads_back():
    order = SeekOrder(Dispute, ["due_on", "id"])
    row = Dispute(pk=4105, due_on=dt.date(2026, 12, 3))
    assert order.key(row) == "2026-12-03.4105"
    assert order.parse("2026-12-03.4105") == (dt.date(2026, 12, 3), 4105)


@pytest.mark.parametrize("text", ["", "2026-12-03", "2026-13-03.1", "2026-12-03.x", "a.b.c"])
def test_a_key_the_order_did_not_write_is_none(text):
    assert SeekOrder(Dispute, ["due_on", "id"]).parse(text) is None


@pytest.mark.parametrize("ordering", [["due_on"], ["assigned_to", "id"], ["id", "due_on"]])
def test_an_order_that_is_not_total_or_has_nulls_cannot_be_seeked(ordering):
    with pytest.raises(ImproperlyConfigured):
        SeekOrder(Dispute, ordering)


def test_the_rows_after_a_key_start_from_the_first_field_s_bound():
    after = SeekOrder(Dispute, ["-due_on", "-pk"]).after((dt.date(2026, 12, 3), 7))
    # The bound an index starts from, then the tie broken by the primary key.
    assert str(after) == (
        "(AND: ('due_on__lte', datetime.date(2026, 12, 3)), "
        "(OR: ('due_on__lt', datetime.date(2026, 12, 3)), "
        "(AND: ('due_on', datetime.date(2026, 12, 3)), ('id__lt', 7))))"
    )
