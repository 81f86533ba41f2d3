"""Warnings: up to three, each asking the person to adjust how they communicate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from restrictions.choices import DeliveryMethod, WarningState
from restrictions.models._guards import system_only


class WarningQuerySet(models.QuerySet):
    def in_force(self) -> WarningQuerySet:
        """ "Up to three warnings": only issued (unspent) warnings count."""
        return self.filter(state=WarningState.ISSUED)


class Warning(ConcurrentTransitionMixin, models.Model):  # noqa: A001 - the policy's word
    """One of up to three warnings asking the person to adjust how they communicate."""

    service_user = models.ForeignKey(
        "contacts.ServiceUser", on_delete=models.PROTECT, related_name="warnings"
    )
    contacts = models.ManyToManyField(
        "contacts.Contact",
        verbose_name=_("unacceptable contacts behind it"),
        related_name="warnings",
    )
    reasons = models.TextField(_("reasons"))
    adjustment_requested = models.TextField(_("what we asked them to change"))
    delivery_method = models.CharField(
        _("how it was delivered"), max_length=20, choices=DeliveryMethod
    )
    delivered_on = models.DateField(_("date delivered"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="warnings_issued"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    state = FSMField(default=WarningState.ISSUED, choices=WarningState, protected=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)

    objects = WarningQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        indexes = [models.Index(fields=["service_user", "state"], name="warning_person_state_idx")]
        permissions = [("close_warning", _("Can close or withdraw a warning"))]

    def __str__(self) -> str:
        delivered = date_format(self.delivered_on, "SHORT_DATE_FORMAT")
        return f"{self.get_delivery_method_display()} {delivered}"

    @transition(
        field=state, source=WarningState.ISSUED, target=WarningState.SPENT, permission=system_only
    )
    def spend(self):
        """A restriction it supports was approved (system)."""

    @transition(
        field=state,
        source=WarningState.ISSUED,
        target=WarningState.SPENT,
        permission="restrictions.close_warning",
        custom={"label": _("Close the matter")},
    )
    def close(self):
        """A manager closes the matter, with a reason."""

    @transition(
        field=state,
        source=WarningState.ISSUED,
        target=WarningState.WITHDRAWN,
        permission="restrictions.close_warning",
        custom={"label": _("Withdraw (issued in error)")},
    )
    def withdraw(self):
        """A manager withdraws a warning issued in error, with a reason."""
