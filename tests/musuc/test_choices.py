"""The ``label`` template filter says what ``get_FOO_display`` says, for any value."""

import pytest
from django.template import Context, Template

from contacts.choices import Assessment, Channel, Direction
from contacts.models import Contact

LABEL = Template("{% load choices %}{{ contact|label:field }}")


def _shown(contact, field) -> str:
    return LABEL.render(Context({"contact": contact, "field": field}))


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("channel", Channel.values),
        ("direction", Direction.values),
        ("assessment", Assessment.values),
    ],
)
def test_the_label_is_the_one_get_display_gives(field, values):
    for value in values:
        contact = Contact(**{field: value})
        assert _shown(contact, field) == getattr(contact, f"get_{field}_display")()


def test_a_value_that_is_not_a_choice_is_shown_as_it_is():
    contact = Contact(channel="carrier pigeon")
    assert _shown(contact, "channel") == contact.get_channel_display() == "carrier pigeon"
