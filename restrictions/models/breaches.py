"""Breaches: a contact that broke a condition of the restriction in force."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from restrictions.models.restrictions import Condition, Restriction


class Breach(models.Model):
    """A contact that broke a condition in force when it was logged."""

    contact = models.ForeignKey(
        "contacts.Contact", on_delete=models.CASCADE, related_name="breaches"
    )
    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="breaches")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="breaches")
    description = models.CharField(max_length=300)
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "condition"], name="breach_once_per_condition"
            )
        ]
        indexes = [
            models.Index(fields=["restriction", "-recorded_at"], name="breach_restriction_idx")
        ]

    def __str__(self) -> str:
        return self.description
