from __future__ import annotations

from asgiref.sync import sync_to_async
from axes.models import AccessAttempt
from django.contrib.auth import get_backends
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of IOPC staff; their role is the Django group they belong to."""

    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        ordering = ["first_name", "last_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    # Django lets an active superuser pass every check before asking the backends. Here the
    # backends always decide, so a superuser holds exactly what their roles grant.
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and _backends_grant("has_perm", self, perm, obj)

    async def ahas_perm(self, perm, obj=None) -> bool:
        return await sync_to_async(self.has_perm)(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and _backends_grant("has_module_perms", self, app_label)

    async def ahas_module_perms(self, app_label) -> bool:
        return await sync_to_async(self.has_module_perms)(app_label)


def _backends_grant(check: str, *args) -> bool:
    """Django's own loop over the backends: the first that grants decides, and one that
    raises PermissionDenied refuses outright."""
    for backend in get_backends():
        if not hasattr(backend, check):
            continue
        try:
            if getattr(backend, check)(*args):
                return True
        except PermissionDenied:
            return False
    return False


class OfficeClosureDay(models.Model):
    """A day the office is closed besides bank holidays; it is not a working day."""

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("office closure day")
        verbose_name_plural = _("office closure days")

    def __str__(self) -> str:
        return f"{date_format(self.date, 'DATE_FORMAT')}: {self.reason}"


class Notification(models.Model):
    """A message to a member of staff, kept until it is sent (the outbox).

    Written in the same transaction as the action it tells of; delivered by a Celery task
    woken on commit, or by the sweep if the broker was down. ``key`` names the event for
    this recipient, so the same notice is never written, or sent, twice.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")

    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="notifications")
    key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
            models.Index(
                fields=["created_at"],
                name="notification_pending_idx",
                condition=models.Q(state="pending"),
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class SecurityEvent(models.Model):
    """One entry in the security log: who did what to whose account, or was refused what.

    Written once and never changed: no code updates or deletes a row, the admin only shows
    them, and ``append_only`` has the database refuse UPDATE, DELETE and TRUNCATE as well.
    """

    append_only = True

    class Kind(models.TextChoices):
        ACCOUNT_CREATED = "account_created", _("Account created")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REMOVED = "role_removed", _("Role removed")
        PASSWORD_RESET = "password_reset", _("Password reset")
        LOCK_CLEARED = "lock_cleared", _("Sign-in lock cleared")
        ACCESS_REFUSED = "access_refused", _("Access refused")
        TRANSITION_REFUSED = "transition_refused", _("Action refused")

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    actor = models.ForeignKey(
        User,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when a command run on the server did it."),
    )
    subject = models.ForeignKey(
        User,
        verbose_name=_("whose account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=30, choices=Kind)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    record = models.CharField(_("record"), max_length=300, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        indexes = [models.Index(fields=["-occurred_at"], name="securityevent_when_idx")]
        permissions = [("clear_lockout", "Can clear a sign-in lockout")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"


class Lockout(AccessAttempt):
    """django-axes' record of failed sign-ins, shown to administrators to clear locks."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in lockout")
        verbose_name_plural = _("sign-in lockouts")
