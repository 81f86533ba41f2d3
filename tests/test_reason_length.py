"""Every reason a person types is kept in full on its record, up to the shared limit, and a
longer one is refused on the form with nothing lost.

Each case below posts one reason field's form as the role that uses it and reads the value
back from the record the service wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.choices import Channel
from musuc.forms import REASON_MAX_LENGTH, ReasonField
from restrictions import services as restriction_services
from restrictions.choices import ConditionKind
from restrictions.models import Review
from tests.contacts.factories import (
    ContactFactory,
    ReasonableAdjustmentFactory,
    SafeguardingConcernFactory,
    ServiceUserFactory,
)
from tests.disputes.factories import QSR, assessing, in_force, recorded
from tests.musuc.factories import UserFactory
from tests.restrictions.factories import WarningFactory, approved_restriction, condition

_ENDING = " and that is the end."
LONGEST = "x" * (REASON_MAX_LENGTH - len(_ENDING)) + _ENDING
TOO_LONG = LONGEST + "!"


def _dates(prefix: str, day: dt.date) -> dict[str, int]:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@dataclass
class Case:
    """A form to post: who posts it, where, what else it needs, and where the reason is kept."""

    user: Any
    url: str
    data: dict[str, Any]
    field: str
    record: Any
    attribute: str
    confirm_url: str = ""  # a check-your-answers step that applies what was posted

    def stored(self) -> str:
        self.record.refresh_from_db()
        return getattr(self.record, self.attribute)


def _manager():
    return UserFactory(role="Manager")


def _caseworker():
    return UserFactory(role="Caseworker")


def _proposal(person=None, proposer=None):
    person = person or ServiceUserFactory()
    WarningFactory(service_user=person)
    return restriction_services.restriction_propose(
        service_user=person,
        proposed_by=proposer or _caseworker(),
        conditions=[
            condition(ConditionKind.LIMITED_CHANNELS, channels=[Channel.POST, Channel.PHONE])
        ],
        contacts=[ContactFactory(service_user=person, unacceptable=True)],
        reasons="Threats",
        term_months=6,
        starts_on=timezone.localdate(),
        access_route="Post and phone",
    )


def _active():
    restriction = _proposal()
    restriction_services.restriction_decide(
        restriction=restriction, manager=_manager(), decision="approve", reason="Needed"
    )
    restriction.refresh_from_db()
    return restriction


def _review(decided=False):
    approved_restriction(dt.date(2026, 1, 1))
    restriction_services.reviews_raise_due(today=dt.date(2026, 4, 1))
    review = Review.objects.get()
    if decided:
        restriction_services.review_decide(
            review=review, manager=_manager(), outcome="remove", extend_months=None, reason="Done"
        )
    return review


def warning_close(outcome):
    def build():
        warning = WarningFactory()
        return Case(
            _manager(),
            reverse("restrictions:warning-close", args=[warning.pk]),
            {"outcome": outcome},
            "reason",
            warning,
            "closed_reason",
        )

    return build


def warning_issue():
    person = ServiceUserFactory()
    contact = ContactFactory(service_user=person, unacceptable=True)
    return Case(
        _caseworker(),
        reverse("restrictions:warning-issue", args=[person.reference]),
        {
            "contacts": [contact.pk],
            "adjustment_requested": "Stop",
            "delivery_method": "letter",
            **_dates("delivered_on", timezone.localdate()),
        },
        "reasons",
        person,
        "warnings",
    )


def _proposal_case(field, *, warned=True, extreme=False, adjusted=False):
    def build():
        person = ServiceUserFactory()
        if warned:
            WarningFactory(service_user=person)
        if adjusted:
            ReasonableAdjustmentFactory(service_user=person)
        contact = ContactFactory(
            service_user=person, unacceptable=True, extremely_unacceptable=extreme
        )
        data = {
            "kinds": [ConditionKind.TERMINATE_CALLS],
            "contacts": [contact.pk],
            "reasons": "Threats",
            "term_months": "6",
            **_dates("starts_on", timezone.localdate()),
            "access_route": "By email",
        }
        if adjusted:
            data["adjustments_considered"] = "Considered"
        return Case(
            _caseworker(),
            reverse("restrictions:propose", args=[person.reference]),
            data,
            field,
            person,
            "restrictions",
        )

    return build


def restriction_decide(decision):
    def build():
        restriction = _proposal()
        return Case(
            _manager(),
            reverse("restrictions:decide", args=[restriction.pk]),
            {"decision": decision},
            "reason",
            restriction,
            "decision_reason",
        )

    return build


def restriction_end_early():
    restriction = _active()
    return Case(
        _manager(),
        reverse("restrictions:end", args=[restriction.pk]),
        {},
        "reason",
        restriction,
        "ended_reason",
    )


def restriction_told():
    restriction = _active()
    return Case(
        _caseworker(),
        reverse("restrictions:told", args=[restriction.pk]),
        {"told": "no"},
        "not_told_reason",
        restriction,
        "not_told_reason",
    )


def variation_propose():
    restriction = _active()
    return Case(
        _manager(),
        reverse("restrictions:vary", args=[restriction.pk]),
        {"new_term_months": "3"},
        "reason",
        restriction,
        "variations",
    )


def variation_decide(decision):
    def build():
        restriction = _active()
        variation = restriction_services.variation_propose(
            restriction=restriction,
            proposed_by=_manager(),
            conditions=None,
            new_term_months=3,
            reason=LONGEST,  # the proposer's long reason follows the variation when approved
        )
        return Case(
            _manager(),
            reverse("restrictions:variation-decide", args=[restriction.pk, variation.pk]),
            {"decision": decision},
            "reason",
            variation,
            "decision_reason",
        )

    return build


def review_decide(choice):
    def build():
        review = _review()
        return Case(
            _manager(),
            reverse("restrictions:review-decide", args=[review.pk]),
            {"choice": choice},
            "reason",
            review,
            "reason",
        )

    return build


def review_told():
    review = _review(decided=True)
    return Case(
        _manager(),
        reverse("restrictions:review-told", args=[review.pk]),
        {"told": "no"},
        "not_told_reason",
        review,
        "not_told_reason",
    )


def contact_correct():
    contact = ContactFactory(summary="Before")
    user = _caseworker()
    when = timezone.localtime() - dt.timedelta(hours=1)
    return Case(
        user,
        reverse("contacts:contact-correct", args=[contact.pk]),
        {
            "channel": "email",
            "direction": "inbound",
            **_dates("occurred_on", when.date()),
            "occurred_time": when.strftime("%H:%M"),
            "received_by": [user.pk],
            "summary": "After the correction",
            "assessment": "acceptable",
        },
        "reason",
        contact,
        "correction_reason",
    )


def case_note_end(factory, name):
    def build():
        item = factory()
        return Case(
            _caseworker(),
            reverse(f"contacts:{name}", args=[item.pk]),
            _dates("ended_on", timezone.localdate()),
            "reason",
            item,
            "end_reason",
        )

    return build


def dispute_withdraw():
    dispute = recorded(in_force())
    return Case(
        UserFactory(role=QSR),
        reverse("admin:disputes_dispute_withdraw", args=[dispute.pk]),
        {},
        "reason",
        dispute,
        "withdrawn_reason",
    )


def dispute_decide(field):
    def build():
        qsr = UserFactory(role=QSR)
        dispute = assessing(recorded(in_force()), qsr)
        data = {
            "outcome": "not_upheld",
            "reasonable_reasons": "It followed warnings",
            "proportionate_reasons": "Post stays open",
        }
        del data[field]
        return Case(
            qsr,
            reverse("admin:disputes_dispute_decide", args=[dispute.pk]),
            data,
            field,
            dispute,
            field,
            reverse("admin:disputes_dispute_decide_check", args=[dispute.pk]),
        )

    return build


REASON_FORMS = {
    "warning closed": warning_close("close"),
    "warning withdrawn": warning_close("withdraw"),
    "warning issued": warning_issue,
    "restriction proposed": _proposal_case("reasons"),
    "restriction proposed without warning": _proposal_case(
        "justification_without_warning", warned=False, extreme=True
    ),
    "restriction proposed with adjustments": _proposal_case(
        "adjustments_considered", adjusted=True
    ),
    "restriction approved": restriction_decide("approve"),
    "restriction rejected": restriction_decide("reject"),
    "restriction returned": restriction_decide("return"),
    "restriction ended early": restriction_end_early,
    "restriction not told": restriction_told,
    "variation proposed": variation_propose,
    "variation approved": variation_decide("approve"),
    "variation rejected": variation_decide("reject"),
    "review removed": review_decide("remove"),
    "review extended": review_decide("extend_6"),
    "review not told": review_told,
    "contact corrected": contact_correct,
    "adjustment ended": case_note_end(ReasonableAdjustmentFactory, "adjustment-end"),
    "safeguarding concern closed": case_note_end(SafeguardingConcernFactory, "safeguarding-end"),
    "dispute withdrawn": dispute_withdraw,
    "dispute decided: reasonable": dispute_decide("reasonable_reasons"),
    "dispute decided: proportionate": dispute_decide("proportionate_reasons"),
}


def _stored(case: Case) -> str:
    """The reason as the record keeps it; a list's newest record for a new one."""
    if case.attribute in ("warnings", "restrictions", "variations"):
        newest = getattr(case.record, case.attribute).order_by("-pk").first()
        return getattr(newest, case.field, "") if newest else ""
    return case.stored()


@pytest.mark.parametrize("build", REASON_FORMS.values(), ids=REASON_FORMS.keys())
def test_a_reason_of_the_longest_length_allowed_is_kept_in_full(db, client_for, build):
    case = build()
    client = client_for(case.user)
    response = client.post(case.url, {**case.data, case.field: LONGEST})
    if response.status_code == 200 and 'name="confirm"' in response.content.decode():
        response = client.post(case.url, {"confirm": "1"})  # answers checked, then confirmed
    assert response.status_code == 302, response.content.decode()[:2000]
    if case.confirm_url:
        assert client.post(case.confirm_url).status_code == 302
    assert _stored(case) == LONGEST


@pytest.mark.parametrize("build", REASON_FORMS.values(), ids=REASON_FORMS.keys())
def test_a_longer_reason_is_refused_on_the_form_and_kept_to_edit(db, client_for, build):
    case = build()
    response = client_for(case.user).post(case.url, {**case.data, case.field: TOO_LONG})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "must be 5,000 characters or fewer" in page
    assert TOO_LONG in page  # what they typed is still there to shorten
    assert _stored(case) != TOO_LONG


def test_a_refused_correction_keeps_every_detail_typed(db, client_for):
    case = contact_correct()
    response = client_for(case.user).post(case.url, {**case.data, "reason": TOO_LONG})
    page = response.content.decode()
    assert "Reason must be 5,000 characters or fewer" in page
    assert "After the correction" in page
    assert case.stored() == ""


def test_each_correction_keeps_its_own_reason_in_the_history(db, client_for):
    case = contact_correct()
    client = client_for(case.user)
    client.post(case.url, {**case.data, "reason": LONGEST})
    client.post(case.url, {**case.data, "summary": "Again", "reason": "A second look"})
    rows = list(case.record.history.order_by("history_date", "history_id"))
    assert [row.correction_reason for row in rows] == ["", LONGEST, "A second look"]
    assert {row.history_change_reason for row in rows[1:]} == {"Contact corrected"}
    history = client.get(case.record.get_absolute_url()).context["history"]
    assert [entry.reason for entry in history] == ["", LONGEST, "A second look"]


def test_a_review_decided_with_a_reason_over_100_characters_keeps_it(db):
    review = _review()
    reason = "Still needed: " + "the contact continued after the warnings. " * 3
    restriction_services.review_decide(
        review=review, manager=_manager(), outcome="extend", extend_months=6, reason=reason
    )
    review.refresh_from_db()
    assert review.reason == reason.strip()
    assert review.restriction.terms.get(number=2).reason == reason.strip()
    assert review.restriction.history.latest().history_change_reason == "Extended after review"


def test_a_reason_box_sets_no_maxlength_that_would_cut_a_paste_short():
    widget = ReasonField(label="Reason").widget
    assert "maxlength" not in widget.attrs
    assert widget.attrs["rows"] == 4
