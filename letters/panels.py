"""What a record's page shows of its letters: the letter the record calls for now (to write,
or its draft to continue) and the letters already issued about it.

Restrictions' and disputes' pages ask for this through ``restrictions.letter_links``, which
``LettersConfig.ready`` fills with ``letters_of_records``: the apps below never read letters
themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Model, Q
from django.urls import reverse
from django.utils import timezone

from disputes.choices import DisputeState
from disputes.models import Dispute
from letters import facts, rules
from letters.choices import LetterFormat, LetterKind, LetterState
from letters.models import RECORD_FIELD_OF_KIND, RECORD_FIELDS, Letter
from letters.selectors import RESTRICTION_LETTER_STATES
from restrictions.choices import (
    RestrictionState,
    ReviewOutcome,
    ReviewState,
    VariationState,
    WarningState,
)
from restrictions.models import Restriction, Review, Variation, Warning

# The record each of Letter's record fields holds, and the word naming it in the write URL.
RECORD_MODELS: dict[str, type[Model]] = {
    "warning": Warning,
    "restriction": Restriction,
    "variation": Variation,
    "review": Review,
    "dispute": Dispute,
}
FIELD_OF_MODEL = {model: name for name, model in RECORD_MODELS.items()}


def removed_by_review(restriction: Restriction) -> bool:
    """Whether a review removed the restriction (its reviews prefetched, where a page shows
    them): the review's letter then tells the person, not a letter of the ending."""
    return any(
        review.state == ReviewState.DECIDED and review.outcome == ReviewOutcome.REMOVE
        for review in restriction.reviews.all()
    )


def kind_now(record: Model) -> str | None:
    """The letter the record calls for at this point, or None: a warning withdrawn, a proposal
    not approved, a variation or a review not yet decided, a dispute withdrawn, and a
    restriction a review removed (the review's letter says so) call for none. The same points
    as ``letters.facts``' sources, read from the state alone, without a query."""
    if isinstance(record, Warning):
        return None if record.state == WarningState.WITHDRAWN else LetterKind.WARNING
    if isinstance(record, Restriction):
        if record.state in RESTRICTION_LETTER_STATES:
            return LetterKind.RESTRICTION
        if record.state == RestrictionState.LIFTED or (
            record.state == RestrictionState.ENDED and not removed_by_review(record)
        ):
            return LetterKind.RESTRICTION_ENDED
        return None
    if isinstance(record, Variation):
        return LetterKind.VARIATION if record.state == VariationState.APPROVED else None
    if isinstance(record, Review):
        return facts.kind_for(record) if record.state == ReviewState.DECIDED else None
    if isinstance(record, Dispute):
        return None if record.state == DisputeState.WITHDRAWN else facts.kind_for(record)
    return None


def decided_at(record: Model, kind: str) -> dt.datetime | None:
    """When the decision the letter tells was taken: what "the newest decision" orders by."""
    if kind == LetterKind.WARNING:
        return record.issued_at  # type: ignore[attr-defined]
    if kind == LetterKind.RESTRICTION_ENDED:
        return record.ended_at  # type: ignore[attr-defined]
    if kind == LetterKind.DISPUTE_ACKNOWLEDGEMENT:
        return record.received_at  # type: ignore[attr-defined]
    return record.decided_at  # type: ignore[attr-defined]


@dataclass(frozen=True)
class LetterLink:
    """One letter about a record, as a link: read as values, since a letter's row holds its
    whole issued content."""

    pk: int
    kind: str
    state: str
    format: str
    reference: str
    issued_at: dt.datetime | None
    issued_by: str

    @property
    def kind_label(self) -> str:
        return str(LetterKind(self.kind).label)

    @property
    def issued_on(self) -> dt.date | None:
        return timezone.localdate(self.issued_at) if self.issued_at else None

    @property
    def posted(self) -> bool:
        """A letter in a printed format goes by post; one in the email format goes by email
        unless the restriction closes it (``letters.telling.sent_by``)."""
        return self.format != LetterFormat.EMAIL_TEXT

    def get_absolute_url(self) -> str:
        return reverse("letters:detail", args=[self.pk])


@dataclass
class RecordLetters:
    """A record's letters, as its page shows them to one member of staff."""

    record: Model
    kind: str | None
    may_write: bool
    write_url: str
    decided_at: dt.datetime | None
    draft: LetterLink | None = None
    issued: list[LetterLink] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(LetterKind(self.kind).label) if self.kind else ""

    @property
    def issued_now(self) -> LetterLink | None:
        """The latest issued letter of the kind the record calls for now."""
        return next((letter for letter in self.issued if letter.kind == self.kind), None)

    @property
    def owed(self) -> bool:
        """The record calls for a letter not yet issued."""
        return self.kind is not None and self.issued_now is None

    @property
    def offered(self) -> bool:
        """Whether this member of staff is offered to write it (or continue its draft)."""
        return self.owed and self.may_write


def _issued_by(row: dict) -> str:
    name = f"{row['issued_by__first_name']} {row['issued_by__last_name']}".strip()
    return name or row["issued_by__username"] or ""


def letters_of_records(records: Sequence[Model], user) -> dict[Model, RecordLetters]:
    """Each record's letters, for a page showing these records to ``user``, in one query."""
    if not records:
        return {}
    may_read = user.has_perm("letters.view_letter")
    panels: dict[Model, RecordLetters] = {}
    wanted: dict[str, list[int]] = {}
    by_key: dict[tuple[str, int], RecordLetters] = {}
    for record in records:
        name = FIELD_OF_MODEL[type(record)]
        kind = kind_now(record)
        panel = RecordLetters(
            record=record,
            kind=kind,
            may_write=may_read
            and kind is not None
            and user.has_perm(rules.ISSUE_PERMISSIONS[kind]),
            write_url=reverse("letters:write", args=[name, record.pk]),
            decided_at=decided_at(record, kind) if kind else None,
        )
        panels[record] = by_key[(name, record.pk)] = panel
        wanted.setdefault(name, []).append(record.pk)
    if not may_read:
        return panels
    about = Q()
    for name, pks in wanted.items():
        about |= Q(**{f"{name}_id__in": pks})
    rows = (
        Letter.objects.filter(about)
        .order_by("-issued_at", "-id")
        .values(
            "id",
            "kind",
            "state",
            "format",
            "issued_at",
            "service_user__reference",
            "issued_by__first_name",
            "issued_by__last_name",
            "issued_by__username",
            *(f"{name}_id" for name in RECORD_FIELDS),
        )
    )
    for row in rows:
        name = RECORD_FIELD_OF_KIND[row["kind"]]
        panel = by_key.get((name, row[f"{name}_id"]))
        if panel is None:
            continue
        link = LetterLink(
            pk=row["id"],
            kind=row["kind"],
            state=row["state"],
            format=row["format"],
            reference=f"{row['service_user__reference']}/L{row['id']}",  # as Letter.reference
            issued_at=row["issued_at"],
            issued_by=_issued_by(row) if row["issued_at"] else "",
        )
        if row["state"] == LetterState.DRAFT:
            if link.kind == panel.kind:
                panel.draft = link
        else:
            panel.issued.append(link)
    return panels


def newest_owed(panels) -> RecordLetters | None:
    """Of a page's records, the newest decision whose letter this member of staff is offered
    to write: what the banner after a decision offers."""
    offered = [panel for panel in panels if panel.offered and panel.decided_at is not None]
    return max(offered, key=lambda panel: panel.decided_at, default=None)
