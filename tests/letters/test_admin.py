"""The templates in the admin: administrators edit them, with a preview filled with sample data;
a template with an unknown or missing placeholder is shown its error, not saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from letters.models import LetterTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    return LetterTemplate.objects.get(kind="restriction", language="cy")


def _change(template):
    return reverse("admin:letters_lettertemplate_change", args=[template.pk])


def test_the_change_page_previews_the_template_with_sample_data(
    client_for, administrator, template
):
    response = client_for(administrator).get(_change(template))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Annwyl Alex Sample" in page
    assert "Anfonwch e-bost at feedback@policeconduct.gov.uk" in page
    assert "((dispute routes))" in page  # the placeholders this kind offers


def test_an_administrator_saves_a_new_version(client_for, administrator, template):
    response = client_for(administrator).post(
        _change(template), {"subject": template.subject, "body": template.body + "\n\nDiolch."}
    )

    assert response.status_code == 302
    template.refresh_from_db()
    assert template.version == 2
    assert template.body.endswith("Diolch.")
    assert template.history.first().history_user == administrator


def test_an_unknown_placeholder_is_shown_its_error(client_for, administrator, template):
    response = client_for(administrator).post(
        _change(template), {"subject": template.subject, "body": template.body + " ((mood))"}
    )

    assert response.status_code == 200
    assert "Unknown placeholders: ((mood))" in response.content.decode()
    template.refresh_from_db()
    assert template.version == 1


def test_a_missing_placeholder_is_shown_its_error(client_for, administrator, template):
    body = template.body.replace("((dispute routes))", "")

    response = client_for(administrator).post(
        _change(template), {"subject": template.subject, "body": body}
    )

    assert "add the placeholders ((dispute routes))" in response.content.decode()
    template.refresh_from_db()
    assert "((dispute routes))" in template.body


def test_templates_are_neither_added_nor_deleted(client_for, administrator, template):
    client = client_for(administrator)

    assert client.get(reverse("admin:letters_lettertemplate_add")).status_code == 403
    assert (
        client.get(reverse("admin:letters_lettertemplate_delete", args=[template.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("role", ["caseworker", "manager", "qsr"])
def test_no_other_role_reaches_the_templates(client_for, users_by_role, role, template):
    client = client_for(users_by_role[role])

    assert client.get(reverse("admin:letters_lettertemplate_changelist")).status_code == 403
    assert client.post(_change(template), {"subject": "x", "body": "y"}).status_code == 403


def test_the_list_shows_every_template_in_fixed_queries(
    client_for, administrator, django_assert_max_num_queries
):
    client = client_for(administrator)
    client.get(reverse("admin:letters_lettertemplate_changelist"))

    with django_assert_max_num_queries(8):
        response = client.get(reverse("admin:letters_lettertemplate_changelist"))

    assert response.context["cl"].result_count == 16
