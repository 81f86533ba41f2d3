"""A review: its record, the evidence month by month and the chart drawn from it, and what
happened during the term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from contacts.models import Contact
from musuc.hooks import Hook
from restrictions import rules
from restrictions.models import Breach, Review, Term, Warning


def review_detail(pk: int) -> Review:
    """The review, with the day its restriction began (``began``: the start of its first
    term) read in the same query."""
    first_start = Term.objects.filter(restriction=OuterRef("restriction")).order_by("number")
    return get_object_or_404(
        Review.objects.select_related(
            "term", "team", "decided_by", "restriction__service_user", "restriction__decided_by"
        ).annotate(began=Subquery(first_start.values("starts_on")[:1])),
        pk=pk,
    )


def _began(review: Review) -> date:
    """The day the review's restriction began, as ``review_detail`` read it, else read now (a
    restriction under review has at least one term, so it is never None)."""
    if hasattr(review, "began"):
        return review.began
    terms = review.restriction.terms.order_by("number")
    return terms.values_list("starts_on", flat=True).first()  # type: ignore[return-value]


@dataclass(frozen=True)
class MonthEvidence:
    month: date
    contacts: int
    unacceptable: int
    breaches: int
    during: bool


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months(first: date, last: date) -> list[date]:
    months, month = [], _month_start(first)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def review_evidence(review: Review) -> list[MonthEvidence]:
    """Contacts, unacceptable contacts and breaches per month, from six months before the
    restriction began to the end of the term under review (two queries, and one for the day it
    began unless ``review_detail`` read it with the review). The month it began
    is split in two, so that the contacts that led to it are not counted as during it."""
    restriction = review.restriction
    began = _began(review)
    first = _month_start(began)
    for _month in range(rules.REVIEW_MONTHS_BEFORE):
        first = _month_start(first - timedelta(days=1))
    last = review.term.ends_on
    during = Q(occurred_at__date__gte=began)
    contacts: dict[date, Any] = {}
    for row in (
        Contact.objects.filter(
            service_user_id=restriction.service_user_id,
            occurred_at__date__gte=first,
            occurred_at__date__lte=last,
        )
        .annotate(month=TruncMonth("occurred_at"))
        .values("month")
        .annotate(
            before=Count("id", filter=~during),
            before_unacceptable=Count("id", filter=~during & Q(assessment="unacceptable")),
            during=Count("id", filter=during),
            during_unacceptable=Count("id", filter=during & Q(assessment="unacceptable")),
        )
    ):
        contacts[_as_date(row["month"])] = row
    breaches = {
        _as_date(row["month"]): row["total"]
        for row in Breach.objects.filter(restriction=restriction)
        .annotate(month=TruncMonth("contact__occurred_at"))
        .values("month")
        .annotate(total=Count("id"))
    }
    evidence = []
    for month in _months(first, last):
        row = contacts.get(month, {})
        if month <= _month_start(began) and (month < _month_start(began) or began.day > 1):
            evidence.append(
                MonthEvidence(
                    month, row.get("before", 0), row.get("before_unacceptable", 0), 0, False
                )
            )
        if month >= _month_start(began):
            evidence.append(
                MonthEvidence(
                    month,
                    row.get("during", 0),
                    row.get("during_unacceptable", 0),
                    breaches.get(month, 0),
                    True,
                )
            )
    return evidence


CHART_HEIGHT = 160


CHART_BAR = 14


CHART_GAP = 12


# Grey for all contacts, red for the unacceptable ones; the lighter shade of each is what came
# before the restriction began, the darker what came during it.
CHART_FILLS = {
    (False, "contacts"): "#b1b4b6",
    (True, "contacts"): "#505a5f",
    (False, "unacceptable"): "#e88a7d",
    (True, "unacceptable"): "#d4351c",
}


def evidence_chart(months: list[MonthEvidence]) -> dict:
    """Bar geometry for the evidence chart, so the template only draws: one pair of bars a
    month (all contacts, unacceptable ones), each labelled once. The month the restriction
    began has a row before it and a row during it in ``review_evidence``; its bars stack the
    two, the part before in the lighter shade."""
    by_month: dict[date, list[MonthEvidence]] = {}
    for row in months:
        by_month.setdefault(row.month, []).append(row)
    top = max([sum(row.contacts for row in rows) for rows in by_month.values()] + [1])
    baseline = 10 + CHART_HEIGHT
    bars = []
    for index, (month, rows) in enumerate(by_month.items()):
        x = 40 + index * (CHART_BAR * 2 + CHART_GAP)
        rects = []
        for offset, measure in ((0, "contacts"), (CHART_BAR, "unacceptable")):
            y = baseline
            for row in sorted(rows, key=lambda row: row.during):
                height = round(getattr(row, measure) / top * CHART_HEIGHT)
                if height:
                    y -= height
                    fill = CHART_FILLS[(row.during, measure)]
                    rects.append({"x": x + offset, "y": y, "height": height, "fill": fill})
        bars.append({"month": month, "rects": rects, "label_x": x + CHART_BAR})
    width = 40 + len(by_month) * (CHART_BAR * 2 + CHART_GAP) + 20
    return {"bars": bars, "width": width, "top": top, "baseline": baseline, "bar": CHART_BAR}


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value


def warnings_during(review: Review) -> list[Warning]:
    return list(
        Warning.objects.filter(
            service_user_id=review.restriction.service_user_id,
            issued_at__date__gte=_began(review),
            issued_at__date__lte=review.term.ends_on,
        ).select_related("issued_by")
    )


def _no_disputes(review: Review) -> list:
    return []


# Stage 2 disputes about the restriction received from its start to the end of the term under
# review, for the review page. Disputes build on restrictions, so the disputes app answers it
# (``disputes.selectors.disputes_during_review``, filled in at start-up).
disputes_during: Hook[[Review], list] = Hook("disputes during a review", _no_disputes)
