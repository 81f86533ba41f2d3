"""Reviews: raised when a term ends, to remove the restriction or extend it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from restrictions.choices import DeliveryMethod, ReviewOutcome, ReviewState, TermMonths
from restrictions.models._guards import is_manager, restriction_review_due, system_only
from restrictions.models.restrictions import Restriction, Term


class Review(ConcurrentTransitionMixin, models.Model):
    """The review raised when a term ends: remove the restriction, or extend it."""

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="reviews")
    # One review per term, made impossible to duplicate by the database itself; one closed
    # because the term was changed (superseded) leaves room for the next.
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="reviews")
    team = models.ForeignKey(
        "musuc.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    due_on = models.DateField(_("decision due"))
    raised_at = models.DateTimeField(auto_now_add=True)
    state = FSMField(default=ReviewState.OPEN, choices=ReviewState, protected=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome, blank=True)
    extend_months = models.PositiveSmallIntegerField(
        _("extended by"), choices=TermMonths, null=True, blank=True
    )
    reason = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    told_on = models.DateField(_("date they were told"), null=True, blank=True)
    told_method = models.CharField(
        _("how they were told"), max_length=20, choices=DeliveryMethod, blank=True
    )
    not_told_reason = models.TextField(_("why they could not be told"), blank=True)
    # The overdue flag: when managers were told the review is past its due date.
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["term"],
                condition=~models.Q(state="superseded"),
                name="review_once_per_term",
            )
        ]
        indexes = [
            models.Index(fields=["state", "due_on"], name="review_queue_idx"),
            models.Index(
                fields=["due_on"],
                name="review_overdue_due_idx",
                condition=models.Q(state="open", overdue_flagged_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.restriction}: {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return reverse("restrictions:review", kwargs={"pk": self.pk})

    @transition(
        field=state,
        source=ReviewState.OPEN,
        target=ReviewState.DECIDED,
        permission=is_manager,
        conditions=[restriction_review_due],
        custom={"label": _("Record the review")},
    )
    def decide(self):
        """A manager decides the review: remove or extend, with reasons."""

    @transition(
        field=state,
        source=ReviewState.OPEN,
        target=ReviewState.SUPERSEDED,
        permission=system_only,
    )
    def supersede(self):
        """The term under review was changed: closed undecided, with the reason (system)."""

    def is_overdue(self, today) -> bool:
        """Overdue is derived: still open after its due date."""
        return self.state == ReviewState.OPEN and self.due_on < today
