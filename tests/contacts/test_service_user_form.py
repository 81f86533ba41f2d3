"""The service user form: short choices as radios, the other format revealed under "Other"."""

import re

from django.urls import reverse

from contacts.models import ServiceUser
from tests.contacts.test_views import _service_user_post


def test_short_choices_are_radios(caseworker_client):
    body = caseworker_client.get(reverse("contacts:service-user-create")).content.decode()
    for name in ("preferred_format", "update_method", "update_frequency"):
        assert f'name="{name}" type="radio"' in body
    assert "<select" not in body
    assert re.search(r'name="update_method" type="radio" value=""\s*checked', body)


def test_which_other_format_is_revealed_under_other(caseworker_client):
    body = caseworker_client.get(reverse("contacts:service-user-create")).content.decode()
    other = re.search(r'<input[^>]*value="other"[^>]*>', body).group(0)
    assert 'data-aria-controls="conditional-id_preferred_format_6"' in other
    reveal = body.split(
        '<div class="govuk-radios__conditional govuk-radios__conditional--hidden" '
        'id="conditional-id_preferred_format_6">',
        1,
    )[1]
    assert reveal.index('id="id_preferred_format_detail"') < reveal.index("</fieldset>")
    assert body.count('id="id_preferred_format_detail"') == 1
    assert "If other, which format?" in body


def test_only_other_reveals_a_question(caseworker_client):
    body = caseworker_client.get(reverse("contacts:service-user-create")).content.decode()
    formats = re.findall(r'<input[^>]*name="preferred_format"[^>]*>', body)
    assert len(formats) == 7
    assert [f for f in formats if "data-aria-controls" in f] == [
        f for f in formats if 'value="other"' in f
    ]


def test_another_format_drops_the_words_left_from_other(caseworker_client):
    caseworker_client.post(
        reverse("contacts:service-user-create"),
        _service_user_post(
            email="", preferred_format="large_print", preferred_format_detail="Yellow paper"
        ),
    )
    person = ServiceUser.objects.get()
    assert person.preferred_format == "large_print"
    assert person.preferred_format_detail == ""


def test_other_format_needs_saying_which(caseworker_client):
    response = caseworker_client.post(
        reverse("contacts:service-user-create"),
        _service_user_post(email="", preferred_format="other"),
    )
    body = response.content.decode()
    assert 'href="#id_preferred_format_detail"' in body
    assert "Enter the format they prefer" in body
    assert not ServiceUser.objects.exists()


def test_other_format_is_kept(caseworker_client):
    caseworker_client.post(
        reverse("contacts:service-user-create"),
        _service_user_post(
            email="",
            preferred_format="other",
            preferred_format_detail="Large print on yellow paper",
            update_method="post",
        ),
    )
    person = ServiceUser.objects.get()
    assert person.preferred_format_detail == "Large print on yellow paper"
    assert person.update_method == "post"


def test_how_a_welsh_speaker_wants_letters_is_revealed_under_welsh(caseworker_client):
    body = caseworker_client.get(reverse("contacts:service-user-create")).content.decode()
    welsh = re.search(r'<input[^>]*name="preferred_language"[^>]*value="cy"[^>]*>', body).group(0)
    reveal = body.split('id="conditional-id_preferred_language_1">', 1)[1]

    assert 'data-aria-controls="conditional-id_preferred_language_1"' in welsh
    assert reveal.index('name="welsh_letters"') < reveal.index("</fieldset>")
    assert body.count('name="welsh_letters" type="radio"') == 2


def test_a_welsh_speaker_may_ask_for_letters_in_both_languages(caseworker_client):
    caseworker_client.post(
        reverse("contacts:service-user-create"), _service_user_post(welsh_letters="bilingual")
    )

    assert ServiceUser.objects.get().welsh_letters == "bilingual"


def test_letters_in_both_languages_are_for_welsh_speakers_only(caseworker_client):
    caseworker_client.post(
        reverse("contacts:service-user-create"),
        _service_user_post(preferred_language="en", welsh_letters="bilingual"),
    )

    assert ServiceUser.objects.get().welsh_letters == "welsh"
