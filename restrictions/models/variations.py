"""Variations: a proposed change to a restriction in force, decided by another manager."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from restrictions.choices import TermMonths, VariationState
from restrictions.models._guards import is_deciding_manager, restriction_in_force
from restrictions.models.restrictions import Restriction


class Variation(ConcurrentTransitionMixin, models.Model):
    """A change to the conditions or the term of a restriction in force, approved by a second
    manager. The proposed conditions are kept as data until approval puts them in force."""

    restriction = models.ForeignKey(
        Restriction, on_delete=models.PROTECT, related_name="variations"
    )
    state = FSMField(
        default=VariationState.PENDING_APPROVAL, choices=VariationState, protected=True
    )
    reason = models.TextField(_("reason for the variation"))
    proposed_conditions = models.JSONField(default=list, blank=True)
    new_term_months = models.PositiveSmallIntegerField(
        _("new length of the current term"), choices=TermMonths, null=True, blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("variation")
        verbose_name_plural = _("variations")
        indexes = [models.Index(fields=["state", "proposed_at"], name="variation_queue_idx")]

    def __str__(self) -> str:
        return f"{self.restriction}: {self.get_state_display()}"

    @transition(
        field=state,
        source=VariationState.PENDING_APPROVAL,
        target=VariationState.APPROVED,
        permission=is_deciding_manager,
        conditions=[restriction_in_force],
        custom={"label": _("Approve the variation")},
    )
    def approve(self):
        """Another manager approves: the new conditions or term take effect at once."""

    @transition(
        field=state,
        source=VariationState.PENDING_APPROVAL,
        target=VariationState.REJECTED,
        permission=is_deciding_manager,
        custom={"label": _("Reject the variation")},
    )
    def reject(self):
        """Another manager rejects the variation, with a reason."""
