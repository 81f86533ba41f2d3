from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts import rules
from contacts.choices import (
    AfterLogging,
    Assessment,
    Behaviour,
    Channel,
    Direction,
    Handling,
    Impact,
    Language,
    PreferredFormat,
    SafeguardingAction,
    UpdateFrequency,
    UpdateMethod,
    WelshLetters,
)


def search_key(text: str) -> str:
    """Lower case, single-spaced: what name searches compare."""
    return " ".join(text.lower().split())


def phone_key(text: str) -> str:
    """Digits only, with a UK +44 written as a leading 0."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def postcode_key(text: str) -> str:
    return re.sub(r"\s", "", text).upper()


class ServiceUser(models.Model):
    """A person who contacts the IOPC; the case file is built around them."""

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    address_line_1 = models.CharField(_("address line 1"), max_length=120, blank=True)
    address_line_2 = models.CharField(_("address line 2"), max_length=120, blank=True)
    town = models.CharField(_("town or city"), max_length=80, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    welsh_letters = models.CharField(
        _("letters in Welsh"),
        max_length=10,
        choices=WelshLetters,
        default=WelshLetters.WELSH,
        help_text=_("Read only when their preferred language is Welsh."),
    )
    preferred_format = models.CharField(
        _("preferred format"),
        max_length=20,
        choices=PreferredFormat,
        default=PreferredFormat.STANDARD,
    )
    preferred_format_detail = models.CharField(_("other format"), max_length=200, blank=True)
    update_method = models.CharField(
        _("how they want to be kept informed"), max_length=20, choices=UpdateMethod, blank=True
    )
    update_frequency = models.CharField(
        _("how often they want to be kept informed"),
        max_length=20,
        choices=UpdateFrequency,
        blank=True,
    )
    # Normalised copies that the search compares; kept in step by save().
    last_name_key = models.CharField(max_length=100, editable=False)
    first_name_key = models.CharField(max_length=100, editable=False)
    email_key = models.CharField(max_length=254, editable=False, blank=True)
    phone_key = models.CharField(max_length=30, editable=False, blank=True)
    postcode_key = models.CharField(max_length=10, editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="service_users_added",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=[
            "last_name_key",
            "first_name_key",
            "email_key",
            "phone_key",
            "postcode_key",
            "updated_at",
        ]
    )

    class Meta:
        verbose_name = _("service user")
        verbose_name_plural = _("service users")
        indexes = [
            models.Index(
                fields=["last_name_key", "first_name_key"],
                name="su_name_key_idx",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            models.Index(
                fields=["first_name_key"],
                name="su_first_name_key_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["email_key"], name="su_email_key_idx"),
            models.Index(fields=["phone_key"], name="su_phone_key_idx"),
            models.Index(fields=["postcode_key"], name="su_postcode_key_idx"),
            models.Index(fields=["date_of_birth"], name="su_date_of_birth_idx"),
            models.Index(fields=["created_by", "-created_at"], name="su_created_by_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.reference})"

    def save(self, *args, **kwargs):
        self.refresh_search_keys()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contacts:case-file", kwargs={"reference": self.reference})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def address_lines(self) -> list[str]:
        return [
            line
            for line in (self.address_line_1, self.address_line_2, self.town, self.postcode)
            if line
        ]

    def refresh_search_keys(self) -> None:
        self.last_name_key = search_key(self.last_name)
        self.first_name_key = search_key(self.first_name)
        self.email_key = self.email.strip().lower()
        self.phone_key = phone_key(self.phone)
        self.postcode_key = postcode_key(self.postcode)


class CaseNote(models.Model):
    """What a reasonable adjustment and a safeguarding concern share: who recorded it, when,
    and its end (an adjustment ends, a concern is closed; the record is kept)."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    ended_on = models.DateField(_("date ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason it ended"), blank=True)

    # What the history says when it ends.
    end_label = _("Ended")

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class ReasonableAdjustment(CaseNote):
    """An adjustment agreed for a need (Equality Act 2010)."""

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.PROTECT, related_name="reasonable_adjustments"
    )
    need = models.TextField(_("need"))
    adjustment = models.TextField(_("adjustment agreed"))
    agreed_on = models.DateField(_("date agreed"))

    history = HistoricalRecords()
    end_label = _("Reasonable adjustment ended")

    class Meta:
        ordering = ["-agreed_on", "-id"]
        verbose_name = _("reasonable adjustment")
        verbose_name_plural = _("reasonable adjustments")

    def __str__(self) -> str:
        return self.adjustment[:60]


class SafeguardingConcern(CaseNote):
    """A safeguarding concern and the action taken about it."""

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.PROTECT, related_name="safeguarding_concerns"
    )
    concern = models.TextField(_("concern"))
    action = models.CharField(_("action taken"), max_length=20, choices=SafeguardingAction)
    action_detail = models.TextField(
        _("organisation or service contacted, and what was said"), blank=True
    )
    action_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("action taken by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action_at = models.DateTimeField(_("when the action was taken"))
    # A concern is closed rather than ended.
    ended_on = models.DateField(_("date closed"), null=True, blank=True)
    end_reason = models.TextField(_("reason it was closed"), blank=True)

    history = HistoricalRecords()
    end_label = _("Safeguarding concern closed")

    class Meta:
        ordering = ["-action_at", "-id"]
        verbose_name = _("safeguarding concern")
        verbose_name_plural = _("safeguarding concerns")

    def __str__(self) -> str:
        return self.concern[:60]


# What a contact was and how it was assessed: what logging and correcting it take (besides
# recipients and attachments), and what an auditor reads in a correction.
CONTACT_DETAILS = (
    "channel",
    "direction",
    "occurred_at",
    "call_minutes",
    "summary",
    "assessment",
    "behaviours",
    "impacts",
    "shouting_due_to_condition",
    "extremely_unacceptable",
    "abuse_description",
    "reported_to_police",
    "police_force",
    "police_reference",
    "police_reported_on",
    "handling",
)


# Kept by name so that a contact and its recipients are recorded as one change (see
# contacts.services), rather than one history row for the fields and one per relation.
contact_history = HistoricalRecords(m2m_fields=["received_by", "teams"])


class Contact(models.Model):
    """One communication with a service user, and its assessment against the policy."""

    service_user = models.ForeignKey(ServiceUser, on_delete=models.PROTECT, related_name="contacts")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction, default=Direction.INBOUND
    )
    occurred_at = models.DateTimeField(_("when"))
    call_minutes = models.PositiveSmallIntegerField(
        _("call length in minutes"), null=True, blank=True
    )
    received_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff who received it"),
        related_name="contacts_received",
    )
    teams = models.ManyToManyField(
        "musuc.Team", verbose_name=_("teams who received it"), related_name="contacts", blank=True
    )
    summary = models.TextField(_("summary"))
    assessment = models.CharField(_("assessment"), max_length=12, choices=Assessment)
    behaviours = models.JSONField(_("behaviours"), default=list, blank=True)
    impacts = models.JSONField(_("impacts"), default=list, blank=True)
    shouting_due_to_condition = models.BooleanField(
        _("shouting or swearing attributable to a medical or psychological condition"),
        null=True,
        blank=True,
    )
    extremely_unacceptable = models.BooleanField(_("extremely unacceptable"), default=False)
    abuse_description = models.TextField(_("description of child sexual abuse content"), blank=True)
    reported_to_police = models.BooleanField(_("reported to the police"), default=False)
    police_force = models.CharField(_("police force"), max_length=120, blank=True)
    police_reference = models.CharField(_("police reference"), max_length=60, blank=True)
    police_reported_on = models.DateField(_("date reported to the police"), null=True, blank=True)
    handling = models.CharField(
        _("how it was handled"), max_length=20, choices=Handling, blank=True
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.PROTECT,
        related_name="contacts_logged",
    )
    logged_at = models.DateTimeField(_("logged"), auto_now_add=True)
    # Why it was last corrected; the history keeps each correction's reason on its own row.
    correction_reason = models.TextField(_("why it was corrected"), blank=True)

    history = contact_history

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(
                fields=["service_user", "-occurred_at", "-id"], name="contact_case_file_idx"
            ),
            # "Contacts you logged recently", newest contact first.
            models.Index(
                fields=["logged_by", "-occurred_at", "-id"], name="contact_logged_by_when_idx"
            ),
            # The newest contacts of everyone, whoever made or logged them (a "recent contacts"
            # read for oversight): the indexes above lead with the person or the logger, so
            # such a read would otherwise sort the whole table.
            models.Index(fields=["-occurred_at"], name="contact_when_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assessment__in=Assessment.values),
                name="contact_assessment_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(assessment=Assessment.UNACCEPTABLE)
                | models.Q(extremely_unacceptable=False),
                name="contact_extremely_only_if_unacceptable",
            ),
        ]

    def __str__(self) -> str:
        when = date_format(localtime(self.occurred_at), "SHORT_DATETIME_FORMAT")
        return f"{self.get_channel_display()} {when}"

    def get_absolute_url(self) -> str:
        return reverse("contacts:contact-detail", kwargs={"pk": self.pk})

    @property
    def is_unacceptable(self) -> bool:
        return self.assessment == Assessment.UNACCEPTABLE

    @property
    def involves_distressing_content(self) -> bool:
        return rules.involves_distressing_content(self.behaviours)

    def behaviour_labels(self) -> list[str]:
        return [Behaviour(code).label for code in self.behaviours if code in Behaviour.values]

    def impact_labels(self) -> list[str]:
        return [Impact(code).label for code in self.impacts if code in Impact.values]


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never carries the uploader's file name.
    return f"contacts/{instance.contact_id}/{uuid.uuid4().hex}"


def attachment_storage():
    return storages["attachments"]


class Attachment(models.Model):
    """A file received with a contact, stored privately and served only to authorised staff."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=attachment_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # A removed attachment's file is destroyed; the record keeps who removed it, when and why.
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.TextField(_("why it was removed"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        permissions = [("remove_attachment", _("Can remove an attachment, destroying its file"))]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("contacts:attachment-download", kwargs={"pk": self.pk})

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class LoggingPreference(models.Model):
    """Where a member of staff goes after logging a contact: what they chose last time.

    A preference of the person's, not a case record: it has no history.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    after_logging = models.CharField(
        _("after logging a contact, go to"),
        max_length=20,
        choices=AfterLogging,
        default=AfterLogging.CASE_FILE,
    )

    class Meta:
        verbose_name = _("logging preference")
        verbose_name_plural = _("logging preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.after_logging}"
