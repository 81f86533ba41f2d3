"""Letter templates, owned by the organisation, and the letters drafted from them.

A letter is drafted from a record (a warning, a restriction, a variation, a review or a
dispute), edited in its free-text parts only, and issued: from then on its content never
changes. The model refuses such a change on save, and PostgreSQL refuses it too (a trigger on
the table, see migration 0001), so that a tampered attempt fails even outside Django.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from letters.choices import LetterFormat, LetterKind, LetterLanguage, LetterState, TemplateLanguage
from letters.placeholders import template_problems
from letters.rules import ISSUE_PERMISSIONS


class LetterTemplate(models.Model):
    """The template of one kind of letter in one language, versioned: each change of its
    subject or body is a new version, and the history keeps every one."""

    kind = models.CharField(_("kind of letter"), max_length=30, choices=LetterKind)
    language = models.CharField(_("language"), max_length=2, choices=TemplateLanguage)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "language"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="letter_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_language_display()})"

    def save(self, *args, **kwargs):
        """Refuse a template with an unknown or missing placeholder, and number each change
        of its text as a new version."""
        self.clean()
        if self.pk is not None:
            stored = (
                type(self).objects.filter(pk=self.pk).values("subject", "body", "version").first()
            )
            if stored and (stored["subject"], stored["body"]) != (self.subject, self.body):
                self.version = stored["version"] + 1
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if problems := template_problems(self.kind, subject=self.subject, body=self.body):
            raise ValidationError(problems)


def may_issue(letter: Letter, user) -> bool:
    """Whoever takes the decision a letter tells issues it: a caseworker or manager a warning's,
    a manager a restriction's, QSR a dispute's (letters.rules.ISSUE_PERMISSIONS)."""
    return user.has_perm(ISSUE_PERMISSIONS[letter.kind])


def letter_pdf_path(instance: Letter, filename: str) -> str:
    # The stored name says nothing of the person.
    return f"letters/{instance.pk}/{uuid.uuid4().hex}.pdf"


def letter_storage():
    """The private storage the contacts' attachments use: outside every URL served."""
    return storages["attachments"]


# The record each kind of letter is about: exactly one of these is set, the one its kind names.
RECORD_FIELDS = ("warning", "restriction", "variation", "review", "dispute")
RECORD_FIELD_OF_KIND: dict[str, str] = {
    LetterKind.WARNING: "warning",
    LetterKind.RESTRICTION: "restriction",
    LetterKind.RESTRICTION_ENDED: "restriction",
    LetterKind.VARIATION: "variation",
    LetterKind.REVIEW_REMOVED: "review",
    LetterKind.REVIEW_EXTENDED: "review",
    LetterKind.DISPUTE_ACKNOWLEDGEMENT: "dispute",
    LetterKind.DISPUTE_OUTCOME: "dispute",
}


def _record_matches_kind() -> models.Q:
    """Each kind's own record set, every other record empty."""
    condition = models.Q()
    for kind, field in RECORD_FIELD_OF_KIND.items():
        only = models.Q(kind=kind, **{f"{field}__isnull": False})
        for other in RECORD_FIELDS:
            if other != field:
                only &= models.Q(**{f"{other}__isnull": True})
        condition |= only
    return condition


# What may still change once a letter is issued: that a letter in another format has been
# produced by hand. Everything else is frozen, here and in the database's trigger (0001).
CHANGEABLE_ONCE_ISSUED = ("manual_produced_at", "manual_produced_by")


class IssuedLetterChanged(ValidationError):
    """An attempt to change the content of an issued letter."""


class Letter(ConcurrentTransitionMixin, models.Model):
    """A letter to a person about one record, drafted from its template and, once issued,
    kept exactly as sent: HTML, plain text and PDF, with their SHA-256."""

    service_user = models.ForeignKey(
        "contacts.ServiceUser", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("kind of letter"), max_length=30, choices=LetterKind)
    warning = models.ForeignKey(
        "restrictions.Warning",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    restriction = models.ForeignKey(
        "restrictions.Restriction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    variation = models.ForeignKey(
        "restrictions.Variation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    review = models.ForeignKey(
        "restrictions.Review",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    dispute = models.ForeignKey(
        "disputes.Dispute",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    language = models.CharField(_("language"), max_length=5, choices=LetterLanguage)
    format = models.CharField(_("format"), max_length=20, choices=LetterFormat)
    # For a letter produced by hand: which format (contacts.choices.PreferredFormat) and, for
    # "other", the person's own words for it.
    manual_format = models.CharField(_("format to produce"), max_length=20, blank=True)
    manual_format_detail = models.CharField(_("other format"), max_length=200, blank=True)
    # The template of the first language printed, and for a bilingual letter the second
    # (English); each with the version the letter was made from.
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="+")
    template_version = models.PositiveIntegerField(_("template version"))
    second_template = models.ForeignKey(
        LetterTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    second_template_version = models.PositiveIntegerField(null=True, blank=True)
    # The texts of those versions ({language: {"subject", "body"}}), so a later change to a
    # template never changes a draft made from an earlier one.
    template_texts = models.JSONField(default=dict)
    # {language: {placeholder: value}}: facts from the record (never edited), and the free
    # text staff may change before issuing (drafted from the record).
    facts = models.JSONField(default=dict)
    editable = models.JSONField(default=dict)
    # The day of the decision the letter tells: the manager's work list counts from it.
    decided_on = models.DateField(_("date of the decision"))
    state = FSMField(default=LetterState.DRAFT, choices=LetterState, protected=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(auto_now_add=True)
    # What was issued, frozen.
    subject = models.CharField(_("subject"), max_length=400, blank=True)
    html = models.TextField(blank=True)
    text = models.TextField(blank=True)
    pdf = models.FileField(
        upload_to=letter_pdf_path, storage=letter_storage, max_length=200, blank=True
    )
    sha256 = models.CharField(max_length=64, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    # The task of a letter in a format produced by hand.
    manual_produced_at = models.DateTimeField(null=True, blank=True)
    manual_produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-drafted_at", "-id"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.CheckConstraint(condition=_record_matches_kind(), name="letter_record_of_kind"),
            models.CheckConstraint(
                condition=models.Q(state=LetterState.DRAFT)
                | (
                    models.Q(issued_at__isnull=False, issued_by__isnull=False)
                    & ~models.Q(sha256="")
                    & ~models.Q(html="")
                    & ~models.Q(pdf="")
                ),
                name="letter_issued_is_complete",
            ),
            *(
                models.UniqueConstraint(
                    fields=[field, "kind"],
                    condition=models.Q(state=LetterState.DRAFT),
                    name=f"letter_one_draft_per_{field}",
                )
                for field in RECORD_FIELDS
            ),
        ]
        indexes = [
            models.Index(fields=["service_user", "-drafted_at"], name="letter_person_idx"),
            models.Index(
                fields=["decided_on"],
                name="letter_draft_decided_idx",
                condition=models.Q(state=LetterState.DRAFT),
            ),
            models.Index(
                fields=["issued_at"],
                name="letter_manual_task_idx",
                condition=models.Q(
                    state=LetterState.ISSUED,
                    format=LetterFormat.MANUAL,
                    manual_produced_at__isnull=True,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        """An issued letter never changes: a save that would change its content is refused."""
        issued_content = getattr(self, "_issued_content", None)
        if issued_content is not None and self.frozen_content() != issued_content:
            raise IssuedLetterChanged(_("This letter has been issued: it can no longer change."))
        super().save(*args, **kwargs)
        self._issued_content = self.frozen_content() if self.is_issued else None

    @transition(
        field=state,
        source=LetterState.DRAFT,
        target=LetterState.ISSUED,
        permission=may_issue,
        custom={"label": _("Issue the letter")},
    )
    def issue(self):
        """Whoever takes the decision issues its letter: its content is frozen from now on."""

    @property
    def is_issued(self) -> bool:
        return self.state == LetterState.ISSUED

    @property
    def reference(self) -> str:
        """The letter's reference, printed on it: the person's reference and the letter's
        number."""
        return f"{self.service_user.reference}/L{self.pk}"

    @property
    def record(self) -> models.Model:
        """The record the letter is about."""
        return getattr(self, RECORD_FIELD_OF_KIND[self.kind])

    @property
    def languages(self) -> tuple[str, ...]:
        """The template languages of the letter, in the order they are printed."""
        return LetterLanguage.parts(self.language)

    @property
    def needs_manual_production(self) -> bool:
        return self.format == LetterFormat.MANUAL and self.manual_produced_at is None

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        letter = super().from_db(db, field_names, values, *args, **kwargs)
        letter._issued_content = letter.frozen_content() if letter.is_issued else None
        return letter

    def frozen_content(self) -> dict:
        """Every column that may not change once issued, as stored."""
        return {
            field.attname: _stored(getattr(self, field.attname))
            for field in self._meta.concrete_fields
            if field.name not in CHANGEABLE_ONCE_ISSUED
        }

    def verify(self) -> bool:
        """Whether the issued letter is exactly as issued: its subject, HTML, plain text and
        PDF hash to the SHA-256 recorded when it was issued."""
        if not self.is_issued or not self.pdf:
            return False
        with self.pdf.open("rb") as stored:
            pdf = stored.read()
        return content_sha256(self.subject, self.html, self.text, pdf) == self.sha256


def _stored(value):
    # A file field's value compares by its stored name.
    return getattr(value, "name", value)


def content_sha256(subject: str, html: str, text: str, pdf: bytes) -> str:
    """The SHA-256 of an issued letter's content: each part prefixed with its length, so no
    two contents hash alike by moving a boundary."""
    digest = hashlib.sha256()
    for part in (subject.encode(), html.encode(), text.encode(), pdf):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
