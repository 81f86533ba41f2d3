"""The service user form: short choices as radios, the other format asked straight after."""

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


def test_which_other_format_is_asked_straight_after_the_formats(caseworker_client):
    body = caseworker_client.get(reverse("contacts:service-user-create")).content.decode()
    after_formats = body.split('id="id_preferred_format_6"', 1)[1]
    assert after_formats.index('id="id_preferred_format_detail"') < after_formats.index(
        'name="update_method"'
    )
    assert "If other, which format?" in body


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
