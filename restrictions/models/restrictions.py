"""Restrictions, with the conditions they set and the terms they run for."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from contacts.choices import Channel
from restrictions.choices import ConditionKind, DeliveryMethod, RestrictionState, TermMonths
from restrictions.models._guards import (
    is_deciding_manager,
    is_manager,
    starts_by_today,
    starts_later,
    system_only,
)
from restrictions.models.warnings import Warning
from restrictions.rules import is_proposer, term_end


class Restriction(ConcurrentTransitionMixin, models.Model):
    """A last-resort restriction on how a person may contact the IOPC, decided by a manager."""

    service_user = models.ForeignKey(
        "contacts.ServiceUser", on_delete=models.PROTECT, related_name="restrictions"
    )
    state = FSMField(default=RestrictionState.DRAFT, choices=RestrictionState, protected=True)
    reasons = models.TextField(_("reasons"))
    contacts = models.ManyToManyField(
        "contacts.Contact",
        verbose_name=_("unacceptable contacts behind it"),
        related_name="restrictions",
    )
    warnings = models.ManyToManyField(
        Warning, verbose_name=_("warnings behind it"), related_name="restrictions", blank=True
    )
    term_months = models.PositiveSmallIntegerField(_("term"), choices=TermMonths)
    starts_on = models.DateField(_("start date"))
    justification_without_warning = models.TextField(_("why act without a warning"), blank=True)
    adjustments_considered = models.TextField(
        _("how their reasonable adjustments were considered"), blank=True
    )
    access_route = models.TextField(_("how they can still contact the IOPC"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="restrictions_proposed"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restrictions_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    told_on = models.DateField(_("date they were told"), null=True, blank=True)
    told_method = models.CharField(
        _("how they were told"), max_length=20, choices=DeliveryMethod, blank=True
    )
    told_reference = models.CharField(_("letter reference"), max_length=60, blank=True)
    not_told_reason = models.TextField(_("why they could not be told"), blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("restriction")
        verbose_name_plural = _("restrictions")
        indexes = [
            models.Index(fields=["service_user", "state"], name="restriction_person_state_idx"),
            models.Index(fields=["state", "submitted_at"], name="restriction_queue_idx"),
            models.Index(fields=["state", "starts_on"], name="restriction_start_idx"),
        ]
        permissions = [("decide_restriction", _("Can approve, reject, vary and end restrictions"))]

    def __str__(self) -> str:
        return f"{self.service_user.reference}: {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        return reverse("restrictions:detail", kwargs={"pk": self.pk})

    @transition(
        field=state,
        source=RestrictionState.DRAFT,
        target=RestrictionState.PENDING_APPROVAL,
        permission=is_proposer,
        custom={"label": _("Submit for approval")},
    )
    def submit(self):
        """The proposer sends the proposal to a manager."""

    @transition(
        field=state,
        source=RestrictionState.DRAFT,
        target=RestrictionState.CANCELLED,
        permission=is_proposer,
        custom={"label": _("Cancel the proposal")},
    )
    def cancel(self):
        """The proposer withdraws a draft."""

    @transition(
        field=state,
        source=RestrictionState.PENDING_APPROVAL,
        target=RestrictionState.DRAFT,
        permission=is_deciding_manager,
        custom={"label": _("Return for changes")},
    )
    def return_to_proposer(self):
        """A manager sends the proposal back for changes, with a reason."""

    @transition(
        field=state,
        source=RestrictionState.PENDING_APPROVAL,
        target=RestrictionState.REJECTED,
        permission=is_deciding_manager,
        custom={"label": _("Reject")},
    )
    def reject(self):
        """A manager rejects the proposal, with a reason."""

    @transition(
        field=state,
        source=RestrictionState.PENDING_APPROVAL,
        target=RestrictionState.APPROVED,
        permission=is_deciding_manager,
        conditions=[starts_later],
        custom={"label": _("Approve")},
    )
    def approve(self):
        """A manager approves a proposal that starts in the future."""

    @transition(
        field=state,
        source=RestrictionState.PENDING_APPROVAL,
        target=RestrictionState.ACTIVE,
        permission=is_deciding_manager,
        conditions=[starts_by_today],
        custom={"label": _("Approve")},
    )
    def approve_from_today(self):
        """A manager approves a proposal that starts today or earlier: it is in force at once."""

    @transition(
        field=state,
        source=RestrictionState.APPROVED,
        target=RestrictionState.ACTIVE,
        permission=system_only,
    )
    def activate(self):
        """The start date has come (system)."""

    @transition(
        field=state,
        source=RestrictionState.ACTIVE,
        target=RestrictionState.REVIEW_DUE,
        permission=system_only,
    )
    def raise_review(self):
        """The current term has ended: a review is raised and the restriction stays in force."""

    @transition(
        field=state,
        source=RestrictionState.REVIEW_DUE,
        target=RestrictionState.ACTIVE,
        permission=is_manager,
        custom={"label": _("Extend")},
    )
    def extend(self):
        """A manager extends the restriction for a further term after review."""

    @transition(
        field=state,
        source=RestrictionState.REVIEW_DUE,
        target=RestrictionState.ACTIVE,
        permission=system_only,
    )
    def reinstate(self):
        """Its term was changed to end later: back in force until the new end (system)."""

    @transition(
        field=state,
        source=RestrictionState.REVIEW_DUE,
        target=RestrictionState.ENDED,
        permission=is_manager,
        custom={"label": _("Remove")},
    )
    def remove(self):
        """A manager removes the restriction after review."""

    @transition(
        field=state,
        source=RestrictionState.ACTIVE,
        target=RestrictionState.ENDED,
        permission=is_manager,
        custom={"label": _("End early")},
    )
    def end_early(self):
        """A manager ends an active restriction before its term, with a reason."""

    @transition(
        field=state,
        source=[RestrictionState.APPROVED, RestrictionState.ACTIVE, RestrictionState.REVIEW_DUE],
        target=RestrictionState.LIFTED,
        permission=system_only,
    )
    def lift(self):
        """A dispute about it was upheld: the restriction no longer applies (system)."""

    @property
    def is_in_force(self) -> bool:
        return self.state in (RestrictionState.ACTIVE, RestrictionState.REVIEW_DUE)

    @property
    def proposed_ends_on(self) -> dt.date:
        """When the proposed first term would end: the day approval gives its term."""
        return term_end(self.starts_on, self.term_months)


class Condition(models.Model):
    """One condition of a restriction, with the details its kind needs."""

    restriction = models.ForeignKey(
        Restriction, on_delete=models.CASCADE, related_name="conditions"
    )
    kind = models.CharField(_("condition"), max_length=30, choices=ConditionKind)
    permitted_days = models.JSONField(_("permitted days"), default=list, blank=True)
    permitted_from = models.TimeField(_("from"), null=True, blank=True)
    permitted_until = models.TimeField(_("until"), null=True, blank=True)
    max_call_minutes = models.PositiveSmallIntegerField(
        _("longest call in minutes"), null=True, blank=True
    )
    response_working_days = models.PositiveSmallIntegerField(
        _("response time in working days"), null=True, blank=True
    )
    single_point_of_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("single point of contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    police_force = models.CharField(_("police force"), max_length=120, blank=True)
    police_reference = models.CharField(_("police reference"), max_length=60, blank=True)
    police_reported_on = models.DateField(_("date reported"), null=True, blank=True)
    # A condition applies from the restriction's start (or, if a variation brought it in, from
    # starts_at) until a variation replaces it (ended_at); the record stays for its breaches.
    starts_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return self.get_kind_display()

    def channel_labels(self) -> list[str]:
        return [str(Channel(code).label) for code in self.channels if code in Channel.values]


# What a condition says, as JSON: how a variation keeps the conditions it would put in force.
CONDITION_FIELDS = (
    "kind",
    "permitted_days",
    "permitted_from",
    "permitted_until",
    "max_call_minutes",
    "response_working_days",
    "single_point_of_contact_id",
    "channels",
    "police_force",
    "police_reference",
    "police_reported_on",
)


def condition_as_data(condition: Condition) -> dict:
    """A condition as JSON, kept on a variation until it is approved."""
    data = {}
    for name in CONDITION_FIELDS:
        value = getattr(condition, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def condition_from_data(data: dict) -> Condition:
    """The unsaved condition such JSON describes."""
    values = dict(data)
    for name, parse in (
        ("permitted_from", dt.time.fromisoformat),
        ("permitted_until", dt.time.fromisoformat),
        ("police_reported_on", dt.date.fromisoformat),
    ):
        if values.get(name):
            values[name] = parse(values[name])
    return Condition(**values)


class Term(models.Model):
    """One term of a restriction: the decision a dispute names."""

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    months = models.PositiveSmallIntegerField(choices=TermMonths)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    reason = models.TextField()
    # When managers were reminded that the term ends soon (once per term).
    ending_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["restriction", "number"]
        constraints = [
            models.UniqueConstraint(fields=["restriction", "number"], name="term_number_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["ends_on"], name="term_ends_on_idx"),
            models.Index(
                fields=["ends_on"],
                name="term_reminder_due_idx",
                condition=models.Q(ending_reminder_sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        starts = date_format(self.starts_on, "SHORT_DATE_FORMAT")
        return f"{starts} – {date_format(self.ends_on, 'SHORT_DATE_FORMAT')}"
