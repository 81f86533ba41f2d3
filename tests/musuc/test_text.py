import pytest

from musuc.text import excerpt
from restrictions.forms import ContactChoiceField
from tests.contacts.factories import ContactFactory

SUMMARY = (
    "Said he would find out where she lives and wait for her outside the office until she came out."
)


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        ("Short enough", 20, "Short enough"),
        ("Said he would know where she lives", 30, "Said he would know where she…"),
        ("Said he would know where she lives", 29, "Said he would know where she…"),
        ("Said he would know, where she lives", 21, "Said he would know…"),
        ("Said he would know where she lives", 26, "Said he would know where…"),
        ("Antidisestablishmentarianism", 10, "Antidises…"),
        ("Line one\n\nline   two", 40, "Line one line two"),
        ("", 10, ""),
    ],
)
def test_excerpt_ends_at_a_word_with_an_ellipsis(text, limit, shown):
    assert excerpt(text, limit) == shown
    assert len(excerpt(text, limit)) <= limit


def test_a_contact_offered_for_a_warning_is_not_cut_mid_word(db):
    contact = ContactFactory(summary=SUMMARY)
    label = ContactChoiceField(queryset=None).label_from_instance(contact)
    assert label.endswith(
        ": Said he would find out where she lives and wait for her outside the office…"
    )


def test_the_case_file_timeline_shortens_a_long_summary_at_a_word(caseworker_client):
    contact = ContactFactory(summary="word " * 100 + "unseen")
    body = caseworker_client.get(contact.service_user.get_absolute_url()).content.decode()
    assert "word word…" in body
    assert "unseen" not in body
