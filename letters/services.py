"""Every write to letters and their templates: draft, edit, issue, and the rest.

The API the staff pages and delivery call:

* ``letter_draft(record, by=...)``: the draft letter a record calls for (a warning, an approved
  restriction, an approved variation, a decided review, a restriction ended or lifted, a
  dispute received or decided), filled from the record in the person's language and format;
  the draft already open for it if there is one.
* ``letter_update_draft(letter=..., editable={...}, by=...)``: change the free-text parts
  only; a fact named in ``editable`` is refused with an error on it.
  ``letter_update_parts(letter=..., parts={language: {...}}, by=...)``: the same, for each of
  the letter's languages at once (the draft page).
* ``letter_issue(letter=..., by=...)``: render HTML, plain text and PDF, hash them and freeze
  the letter, and fill in how and when the person was told of the decision
  (``letters.telling.record_told``), in one transaction.
* ``letters_issue_each(letters, by=...)``: issue many, each in its own transaction.
* ``letter_mark_produced(letter=..., by=...)``: the task of a letter in a format made by hand
  (Braille, easy read, audio, …) is done.
* ``letter_template_update(template=..., subject=..., body=..., by=...)``: an administrator's
  change to a template, refused with an unknown or missing placeholder; a new version.

Who may do each is the permission of whoever takes the decision the letter tells
(``letters.rules.ISSUE_PERMISSIONS``); refusals raise ``PermissionDenied`` or
``ValidationError`` (by field where a form has one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, has_transition_perm

from letters import delivery, facts, placeholders, rules, telling
from letters.choices import LetterFormat, LetterLanguage, LetterState
from letters.markup import placeholders_in
from letters.models import (
    RECORD_FIELD_OF_KIND,
    Letter,
    LetterTemplate,
    content_sha256,
    letter_pdf_path,
)
from letters.rendering import letter_rendered, pdf_of
from musuc import records
from musuc.models import User

ALREADY_ISSUED = _("This letter has been issued: it can no longer change.")


def _check_may_write(kind: str, user: User) -> None:
    if not user.has_perm(rules.ISSUE_PERMISSIONS[kind]):
        raise PermissionDenied(_("Only whoever takes this decision can write its letter"))


def _templates(kind: str, languages: tuple[str, ...]) -> list[LetterTemplate]:
    found = {
        t.language: t for t in LetterTemplate.objects.filter(kind=kind, language__in=languages)
    }
    missing = [language for language in languages if language not in found]
    if missing:
        raise ValidationError(
            _("There is no template for this letter in %(languages)s: ask an administrator")
            % {"languages": ", ".join(missing)}
        )
    return [found[language] for language in languages]


@transaction.atomic
def letter_draft(
    record,
    *,
    by: User,
    kind: str | None = None,
    language: str | None = None,
    format: str | None = None,  # noqa: A002 - the letter's own word
) -> Letter:
    """The draft letter about ``record``: the kind it calls for now (or ``kind``), filled from
    it, in the person's language and format unless ``language`` or ``format`` say otherwise.
    The draft already open for that record and kind is returned as it is."""
    source = facts.source_for(record, kind)
    _check_may_write(source.kind, by)
    field = RECORD_FIELD_OF_KIND[source.kind]
    open_draft = Letter.objects.filter(
        state=LetterState.DRAFT, kind=source.kind, **{field: record}
    ).first()
    if open_draft is not None:
        return open_draft
    person = source.service_user
    language = language or rules.letter_language_for(person)
    format = format or rules.letter_format_for(person)
    if language not in LetterLanguage.values or format not in LetterFormat.values:
        raise ValidationError(_("Choose a language and a format the letters offer"))
    languages = LetterLanguage.parts(language)
    templates = _templates(source.kind, languages)
    manual = format == LetterFormat.MANUAL
    letter = Letter(
        service_user=person,
        kind=source.kind,
        language=language,
        format=format,
        manual_format=person.preferred_format if manual else "",
        manual_format_detail=person.preferred_format_detail if manual else "",
        template=templates[0],
        template_version=templates[0].version,
        second_template=templates[1] if len(templates) > 1 else None,
        second_template_version=templates[1].version if len(templates) > 1 else None,
        template_texts={t.language: {"subject": t.subject, "body": t.body} for t in templates},
        facts=source.facts(languages),
        editable={lang: {k: v.strip() for k, v in source.editable.items()} for lang in languages},
        decided_on=source.decided_on,
        drafted_by=by,
        **{field: record},
    )
    records.recorded_by(letter, by, _("Letter drafted"))
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        # Drafted by someone else a moment ago: theirs is the draft.
        return Letter.objects.get(state=LetterState.DRAFT, kind=source.kind, **{field: record})
    return letter


def _editable_problems(kind: str, editable: Mapping[str, str]) -> dict[str, list[str]]:
    offered = placeholders.placeholders_of(kind)
    problems: dict[str, list[str]] = {}
    for name, text in editable.items():
        key = placeholders.normalised(name)
        placeholder = offered.get(key)
        if placeholder is None:
            problems[key] = [_("This letter has no part called “%(name)s”") % {"name": key}]
        elif not placeholder.editable:
            problems[key] = [
                _("“%(name)s” is a fact from the record: it cannot be edited in the letter")
                % {"name": key}
            ]
        elif placeholder.required and not str(text).strip():
            problems[key] = [_("Enter the text for “%(name)s”") % {"name": key}]
    return problems


def _locked_draft(letter: Letter) -> Letter:
    letter = Letter.objects.select_for_update().select_related("service_user").get(pk=letter.pk)
    if letter.state != LetterState.DRAFT:
        raise ValidationError(ALREADY_ISSUED)
    return letter


@transaction.atomic
def letter_update_draft(
    *,
    letter: Letter,
    editable: Mapping[str, str],
    by: User,
    language: str | None = None,
) -> Letter:
    """Change the free-text parts of a draft (in ``language``, or in each of its languages).
    Facts are not edited: naming one refuses the whole change, with an error on it."""
    letter = _locked_draft(letter)
    _check_may_write(letter.kind, by)
    problems = _editable_problems(letter.kind, editable)
    if language is not None and language not in letter.languages:
        problems.setdefault("__all__", []).append(_("This letter is not written in that language"))
    records.refuse(problems)
    changed = {
        placeholders.normalised(name): "\n".join(str(text).strip().splitlines())
        for name, text in editable.items()
    }
    letter.editable = {
        lang: {**parts, **changed} if language in (None, lang) else parts
        for lang, parts in letter.editable.items()
    }
    records.recorded_by(letter, by, _("Letter edited"))
    letter.save()
    return letter


@transaction.atomic
def letter_update_parts(
    *, letter: Letter, parts: Mapping[str, Mapping[str, str]], by: User
) -> Letter:
    """The draft page's change: the free-text parts in each of the letter's languages
    (``{language: {part: text}}``), all or none, as ``letter_update_draft`` checks them."""
    for language, editable in parts.items():
        letter = letter_update_draft(letter=letter, editable=editable, by=by, language=language)
    return letter


def _issue_problems(letter: Letter) -> dict[str, list[str]]:
    """An editable part the letter's templates print must not be left blank."""
    problems: dict[str, list[str]] = {}
    editable = set(placeholders.editable_names(letter.kind))
    for language, texts in letter.template_texts.items():
        used = {
            placeholders.normalised(name)
            for name in placeholders_in(texts["subject"] + "\n" + texts["body"])
        }
        for name in sorted(used & editable):
            if not letter.editable.get(language, {}).get(name, "").strip():
                problems.setdefault(name, [_("Enter the text for “%(name)s”") % {"name": name}])
    return problems


@transaction.atomic
def letter_issue(*, letter: Letter, by: User) -> Letter:
    """Issue a draft: render it as HTML, plain text and a PDF, hash them, and freeze it."""
    letter = _locked_draft(letter)
    if not has_transition_perm(letter.issue, by):
        raise PermissionDenied(_("Only whoever takes this decision can issue its letter"))
    records.refuse(_issue_problems(letter))
    now = timezone.now()
    rendered = letter_rendered(letter, on=timezone.localdate(now))
    pdf = pdf_of(rendered.html)
    letter.subject, letter.html, letter.text = rendered.subject, rendered.html, rendered.text
    letter.sha256 = content_sha256(letter.subject, letter.html, letter.text, pdf)
    stored = letter.pdf.storage.save(letter_pdf_path(letter, "letter.pdf"), ContentFile(pdf))
    letter.pdf.name = stored
    try:
        letter.issue()
        letter.issued_by, letter.issued_at = by, now
        records.recorded_by(letter, by, _("Letter issued"))
        letter.save()
        # Sent once this commits (letters.delivery); a letter made by hand has no delivery yet.
        begun = delivery.delivery_begin(letter=letter)
        # "How and when the person was told", filled in on the decision in this transaction.
        telling.record_told(
            letter, by=by, on=timezone.localdate(now), channel=begun.channel if begun else None
        )
    except (ConcurrentTransition, TransitionNotAllowed):
        letter.pdf.storage.delete(stored)
        raise ValidationError(ALREADY_ISSUED) from None
    except Exception:
        letter.pdf.storage.delete(stored)  # nothing refers to the file: the change is undone
        raise
    return letter


def letters_issue_each(
    letters: Iterable[Letter],
    *,
    by: User,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Issue each draft in its own transaction (one letter, one action); the number issued.
    ``progress`` is told the count after each."""
    issued = 0
    for letter in letters:
        letter_issue(letter=letter, by=by)
        issued += 1
        if progress is not None:
            progress(issued)
    return issued


@transaction.atomic
def letter_mark_produced(*, letter: Letter, by: User) -> Letter:
    """The letter has been produced by hand in the person's format: its task is done."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    _check_may_write(letter.kind, by)
    if not letter.is_issued or letter.format != LetterFormat.MANUAL:
        raise ValidationError(_("Only an issued letter in a format made by hand has this task"))
    if letter.manual_produced_at is not None:
        raise ValidationError(_("This letter has already been produced"))
    letter.manual_produced_at, letter.manual_produced_by = timezone.now(), by
    records.recorded_by(letter, by, _("Produced in the person's format"))
    letter.save()
    return letter


@transaction.atomic
def letter_template_update(
    *, template: LetterTemplate, subject: str, body: str, by: User
) -> LetterTemplate:
    """An administrator's change to a template: refused with an unknown or missing placeholder;
    otherwise its next version, kept in the history."""
    if not by.has_perm("letters.change_lettertemplate"):
        raise PermissionDenied(_("Only an administrator can change letter templates"))
    template = LetterTemplate.objects.select_for_update().get(pk=template.pk)
    template.subject, template.body = subject.strip(), body.strip()
    template.full_clean()
    records.recorded_by(template, by, _("Template changed"))
    template.save()
    return template
