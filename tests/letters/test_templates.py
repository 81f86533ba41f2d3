"""Templates: placeholders checked on save, versions, history; the shipped ones valid."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from letters import services
from letters.choices import LetterKind, TemplateLanguage
from letters.defaults import DEFAULT_TEMPLATES
from letters.models import LetterTemplate
from letters.placeholders import KIND_PLACEHOLDERS, template_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    return LetterTemplate.objects.get(kind=LetterKind.WARNING, language="en")


def test_every_kind_and_language_has_a_shipped_template():
    assert set(DEFAULT_TEMPLATES) == {
        (kind, language) for kind in LetterKind.values for language in TemplateLanguage.values
    }
    assert LetterTemplate.objects.count() == len(DEFAULT_TEMPLATES)


@pytest.mark.parametrize(("kind", "language"), sorted(DEFAULT_TEMPLATES))
def test_each_shipped_template_uses_every_required_placeholder_and_no_other(kind, language):
    subject, body = DEFAULT_TEMPLATES[kind, language]

    assert template_problems(kind, subject=subject, body=body) == {}


def test_every_kind_offers_placeholders():
    assert set(KIND_PLACEHOLDERS) == set(LetterKind.values)


def test_an_unknown_placeholder_is_refused(template):
    template.body += "\n\n((shoe size))"

    with pytest.raises(ValidationError) as refused:
        template.save()

    assert "((shoe size))" in refused.value.message_dict["body"][0]


def test_an_unknown_placeholder_in_the_subject_is_refused_on_the_subject(template):
    template.subject = "About ((mood))"

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert "((mood))" in refused.value.message_dict["subject"][0]


def test_a_missing_required_placeholder_is_refused(template):
    template.body = template.body.replace("((what to change))", "")

    with pytest.raises(ValidationError) as refused:
        template.save()

    assert "((what to change))" in refused.value.message_dict["body"][0]


def test_an_optional_placeholder_may_be_left_out(template):
    template.body = template.body.replace("((name))", "Sir or Madam")

    template.save()

    assert template.version == 2


def test_each_change_is_a_new_version_with_its_history(template, administrator):
    services.letter_template_update(
        template=template,
        subject=template.subject,
        body=template.body + "\n\nThanks",
        by=administrator,
    )
    services.letter_template_update(
        template=template,
        subject="Warning ((warning number)) of ((warnings allowed))",
        body=template.body + "\n\nThanks",
        by=administrator,
    )
    template.refresh_from_db()

    assert template.version == 3
    history = list(template.history.order_by("history_date").values_list("version", "history_user"))
    assert history == [(1, None), (2, administrator.pk), (3, administrator.pk)]


def test_saving_unchanged_text_keeps_the_version(template, administrator):
    services.letter_template_update(
        template=template, subject=template.subject, body=template.body, by=administrator
    )
    template.refresh_from_db()

    assert template.version == 1


@pytest.mark.parametrize("role", ["caseworker", "manager", "qsr"])
def test_only_an_administrator_changes_templates(template, users_by_role, role):
    with pytest.raises(PermissionDenied):
        services.letter_template_update(
            template=template, subject="x", body=template.body, by=users_by_role[role]
        )
