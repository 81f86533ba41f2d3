from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from disputes import rules
from disputes.choices import (
    OPEN_STATES,
    UNFINISHED_STATES,
    DisputeChannel,
    DisputeOutcome,
    DisputeState,
)
from restrictions.choices import DeliveryMethod, TermMonths

HANDLE = "disputes.handle_dispute"


def is_qsr(dispute: Dispute, user) -> bool:
    return user.has_perm(HANDLE)


def is_assignee(dispute: Dispute, user) -> bool:
    return user.has_perm(HANDLE) and user.pk == dispute.assigned_to_id


def is_independent_assignee(dispute: Dispute, user) -> bool:
    return is_assignee(dispute, user) and not rules.took_part_in_decision(dispute, user)


class DisputeQuerySet(models.QuerySet):
    """The queue's and the jobs' one reading of "overdue" and "due soon"."""

    def overdue(self, today):
        return self.filter(rules.overdue_q(today))

    def due_soon(self, today):
        return self.filter(rules.due_soon_q(today))


class Dispute(ConcurrentTransitionMixin, models.Model):
    """A Stage 2 complaint about one restriction decision (a term), handled by QSR."""

    service_user = models.ForeignKey(
        "contacts.ServiceUser", on_delete=models.PROTECT, related_name="disputes"
    )
    restriction = models.ForeignKey(
        "restrictions.Restriction", on_delete=models.PROTECT, related_name="disputes"
    )
    term = models.ForeignKey(
        "restrictions.Term",
        verbose_name=_("decision disputed"),
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    received_at = models.DateTimeField(_("received"))
    channel = models.CharField(_("received by"), max_length=20, choices=DisputeChannel)
    channel_detail = models.CharField(_("how it was received"), max_length=120, blank=True)
    statement = models.TextField(_("what the person says"))
    due_on = models.DateField(_("outcome due"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disputes_recorded"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    state = FSMField(default=DisputeState.RECEIVED, choices=DisputeState, protected=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes_assigned",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    assessment_started_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=DisputeOutcome, blank=True)
    reasonable_reasons = models.TextField(_("was the restriction reasonable?"), blank=True)
    proportionate_reasons = models.TextField(_("was the restriction proportionate?"), blank=True)
    # What a partly upheld outcome changed: the new term length and/or the new conditions.
    varied_term_months = models.PositiveSmallIntegerField(
        _("new length of the term"), choices=TermMonths, null=True, blank=True
    )
    varied_conditions = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome_sent_on = models.DateField(_("date the outcome was sent"), null=True, blank=True)
    outcome_sent_method = models.CharField(
        _("how the outcome was sent"), max_length=20, choices=DeliveryMethod, blank=True
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)
    # Unacceptable contact logged while the dispute was open, for a manager to consider.
    flagged_contacts = models.ManyToManyField(
        "contacts.Contact",
        verbose_name=_("unacceptable contact during the dispute"),
        related_name="disputes_flagged",
        blank=True,
    )
    due_soon_reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)

    objects = DisputeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        permissions = [("handle_dispute", _("Can assign, assess, decide and close disputes"))]
        constraints = [
            # Stage 2 is final: one dispute per decision. (reading) One the person withdrew
            # was never decided, so it does not use up their dispute.
            models.UniqueConstraint(
                fields=["term"],
                condition=~models.Q(state=DisputeState.WITHDRAWN),
                name="dispute_once_per_decision",
            ),
        ]
        indexes = [
            # The queue's order (DisputeAdmin.ordering), for "All" and what filters it without
            # a state: the outcome, a search for a common name. EXPLAIN (ANALYZE) at 200,000
            # disputes: an index scan from the page's first row, no sort (before it, all states
            # sorted the whole table, spilling 26 MB to disk; page 200 then read 5,000 rows).
            models.Index(fields=["due_on", "id"], name="dispute_due_idx"),
            # One state in due order (a state chosen in the queue's filter): an index scan.
            models.Index(fields=["state", "due_on", "id"], name="dispute_queue_idx"),
            # The queue's default: unfinished disputes read in due order, without a sort.
            models.Index(
                fields=["due_on", "id"],
                name="dispute_unfinished_idx",
                condition=models.Q(state__in=UNFINISHED_STATES),
            ),
            models.Index(
                fields=["assigned_to", "state", "due_on"], name="dispute_assignee_queue_idx"
            ),
            models.Index(fields=["service_user", "-received_at"], name="dispute_person_idx"),
            models.Index(
                fields=["due_on"],
                name="dispute_reminder_due_idx",
                condition=models.Q(state__in=OPEN_STATES, due_soon_reminded_at__isnull=True),
            ),
            models.Index(
                fields=["due_on"],
                name="dispute_overdue_due_idx",
                condition=models.Q(state__in=OPEN_STATES, overdue_flagged_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"D{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("admin:disputes_dispute_change", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today) -> bool:
        """Overdue is derived: still awaiting an outcome after its due date."""
        return self.is_open and self.due_on < today

    @transition(
        field=state,
        source=DisputeState.RECEIVED,
        target=DisputeState.ASSIGNED,
        permission=is_qsr,
        custom={"label": _("Assign")},
    )
    def assign(self):
        """A QSR member takes the dispute or gives it to another QSR member."""

    @transition(
        field=state,
        source=[DisputeState.ASSIGNED, DisputeState.UNDER_ASSESSMENT],
        target=DisputeState.ASSIGNED,
        permission=is_qsr,
        custom={"label": _("Reassign")},
    )
    def reassign(self):
        """A QSR member gives the dispute to another QSR member, who starts afresh."""

    @transition(
        field=state,
        source=DisputeState.ASSIGNED,
        target=DisputeState.UNDER_ASSESSMENT,
        permission=is_independent_assignee,
        custom={"label": _("Start assessment")},
    )
    def start_assessment(self):
        """The assignee starts assessing whether the restriction is reasonable and proportionate."""

    @transition(
        field=state,
        source=DisputeState.UNDER_ASSESSMENT,
        target=DisputeState.DECIDED,
        permission=is_independent_assignee,
        custom={"label": _("Decide")},
    )
    def decide(self):
        """The assignee, independent of the decision, records the outcome and its reasons."""

    @transition(
        field=state,
        source=DisputeState.DECIDED,
        target=DisputeState.CLOSED,
        permission=is_qsr,
        custom={"label": _("Close")},
    )
    def close(self):
        """A QSR member records when and how the outcome was sent."""

    @transition(
        field=state,
        source=list(OPEN_STATES),
        target=DisputeState.WITHDRAWN,
        permission=is_qsr,
        custom={"label": _("Withdraw")},
    )
    def withdraw(self):
        """The person withdrew the dispute, with a reason."""
