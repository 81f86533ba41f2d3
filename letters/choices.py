"""The kinds of letter, their languages and formats, and the states of a letter."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    RESTRICTION = "restriction", _("Restriction")
    VARIATION = "variation", _("Variation of a restriction")
    REVIEW_REMOVED = "review_removed", _("Review outcome: restriction removed")
    REVIEW_EXTENDED = "review_extended", _("Review outcome: restriction extended")
    RESTRICTION_ENDED = "restriction_ended", _("Restriction ended or lifted")
    DISPUTE_ACKNOWLEDGEMENT = "dispute_acknowledgement", _("Stage 2 dispute: acknowledgement")
    DISPUTE_OUTCOME = "dispute_outcome", _("Stage 2 dispute: outcome")


class TemplateLanguage(models.TextChoices):
    """The languages a template is written in: one template per kind and language."""

    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")


class LetterLanguage(models.TextChoices):
    """The languages a letter is written in, in the order its parts are printed."""

    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")
    BILINGUAL = "cy_en", _("Welsh and English, Welsh first")

    @classmethod
    def parts(cls, value: str) -> tuple[str, ...]:
        """The template languages of a letter, first printed first: ("cy", "en") when
        bilingual."""
        return ("cy", "en") if value == cls.BILINGUAL else (value,)


class LetterFormat(models.TextChoices):
    STANDARD = "standard", _("Standard")
    LARGE_PRINT = "large_print", _("Large print")
    EMAIL_TEXT = "email_text", _("Plain-text email")
    # Braille, easy read, audio, British Sign Language video and others: the letter is drafted
    # and issued here as usual, then made in that format by hand (a task on the letter).
    MANUAL = "manual", _("Another format, produced by hand")


class LetterState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class DeliveryChannel(models.TextChoices):
    """How an issued letter reaches the person (contacts.choices.Channel's codes)."""

    EMAIL = "email", _("Email")
    POST = "post", _("Post")


class DeliveryRoute(models.TextChoices):
    """What carries it: the mail server, GOV.UK Notify, or staff from the print queue."""

    SMTP = "smtp", _("Email through the mail server")
    NOTIFY_EMAIL = "notify_email", _("Email through GOV.UK Notify")
    NOTIFY_LETTER = "notify_letter", _("Post through GOV.UK Notify")
    PRINT_QUEUE = "print_queue", _("Printed and posted by staff")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    POSTED = "posted", _("Posted")
    FAILED = "failed", _("Not delivered")
