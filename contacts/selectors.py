"""Every non-trivial read of service users and contacts, each choosing its own joins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connections
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from contacts.choices import AfterLogging, Assessment, Behaviour, Impact
from contacts.models import (
    CONTACT_DETAILS,
    Attachment,
    Contact,
    LoggingPreference,
    ReasonableAdjustment,
    SafeguardingConcern,
    ServiceUser,
    phone_key,
    postcode_key,
    search_key,
)
from musuc.models import Team, User

REFERENCE_PATTERN = re.compile(r"SU-?[2-9A-HJ-NP-Z]{6}")
POSTCODE_PATTERN = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}")
PHONE_PATTERN = re.compile(r"\+?[\d\s()-]{6,}")


def count_of(queryset: QuerySet) -> Coalesce:
    """How many rows a query finds, as a subquery of another query (0 for none)."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def staff_names(through: QuerySet) -> Coalesce:
    """The names of the staff on the rows of a many-to-many table (a ``user`` each), as
    ``str(user)`` gives them, in the staff's own order and joined with commas: one value of
    the query it is a subquery of, instead of a query of its own for the staff."""
    full_name = Trim(Concat("user__first_name", Value(" "), "user__last_name"))
    name = Coalesce(NullIf(full_name, Value("")), "user__username")
    # User.Meta.ordering; SQLite before 3.44 cannot order an aggregate, and joins them as read.
    ordered = connections[through.db].features.supports_aggregate_order_by_clause
    names = StringAgg(
        name,
        Value(", "),
        order_by=("user__first_name", "user__last_name", "user_id") if ordered else None,
    )
    return Coalesce(
        Subquery(through.order_by().values(group=Value(1)).annotate(names=names).values("names")),
        Value(""),
        output_field=TextField(),
    )


def _with_flags(queryset: QuerySet[ServiceUser]) -> QuerySet[ServiceUser]:
    """Annotate the flags a list shows, in the same query."""
    return queryset.annotate(
        has_adjustments=Exists(
            ReasonableAdjustment.objects.filter(service_user=OuterRef("pk"), ended_on__isnull=True)
        ),
        has_safeguarding=Exists(
            SafeguardingConcern.objects.filter(service_user=OuterRef("pk"), ended_on__isnull=True)
        ),
    )


def search_query_kind(query: str) -> str:
    """What a search for a service user is taken to be: "reference", "email", "phone",
    "postcode" or "name" (which the search, and a person added from it, both read it as)."""
    text = query.strip()
    compact = postcode_key(text)
    if REFERENCE_PATTERN.fullmatch(compact):
        return "reference"
    if "@" in text:
        return "email"
    if PHONE_PATTERN.fullmatch(text):
        return "phone"
    if POSTCODE_PATTERN.fullmatch(compact):
        return "postcode"
    return "name"


def service_user_search(query: str) -> QuerySet[ServiceUser]:
    """Find service users by reference, email, phone, postcode or name (prefixes of names)."""
    text = query.strip()
    compact = postcode_key(text)
    people = ServiceUser.objects.all()
    if not text:
        return people.none()
    kind = search_query_kind(text)
    if kind == "reference":
        reference = compact if compact.startswith("SU-") else "SU-" + compact[2:]
        people = people.filter(reference=reference)
    elif kind == "email":
        people = people.filter(email_key=text.lower())
    elif kind == "phone":
        people = people.filter(phone_key=phone_key(text))
    elif kind == "postcode":
        people = people.filter(postcode_key=compact)
    else:
        words = search_key(text).split()
        if len(words) == 1:
            people = people.filter(
                Q(last_name_key__startswith=words[0]) | Q(first_name_key__startswith=words[0])
            )
        else:
            first, last = words[0], " ".join(words[1:])
            reverse_last, reverse_first = words[0], " ".join(words[1:])
            people = people.filter(
                Q(first_name_key__startswith=first, last_name_key__startswith=last)
                | Q(
                    last_name_key__startswith=reverse_last, first_name_key__startswith=reverse_first
                )
            )
    return _with_flags(people).order_by("last_name_key", "first_name_key", "id")


@dataclass(frozen=True)
class PossibleDuplicate:
    """Someone already on file who may be the person being added, and how they compare."""

    person: ServiceUser
    same: list[str]
    different: list[str]
    not_compared: list[str]


def _email_key(text: str) -> str:
    return text.strip().lower()


# What the duplicate check compares, each with how two values are made comparable.
_DUPLICATE_COMPARED = (
    ("first_name", search_key),
    ("last_name", search_key),
    ("date_of_birth", lambda value: value),
    ("email", _email_key),
    ("phone", phone_key),
    ("postcode", postcode_key),
)


def _compared(person: ServiceUser, entered: dict[str, Any]) -> PossibleDuplicate:
    same, different, not_compared = [], [], []
    for name, key in _DUPLICATE_COMPARED:
        label = str(ServiceUser._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        theirs, ours = key(getattr(person, name) or ""), key(entered.get(name) or "")
        if not theirs or not ours:
            not_compared.append(label)
        elif theirs == ours:
            same.append(label)
        else:
            different.append(label)
    return PossibleDuplicate(person, same, different, not_compared)


def service_user_possible_duplicates(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    email: str,
    phone: str,
    postcode: str = "",
    limit: int = 10,
) -> list[PossibleDuplicate]:
    """People already on file with the same name, the same email, the same phone, or a similar
    name (the same first name or the same last name) and the same date of birth; those with
    the most in common first, each with what does and does not match."""
    condition = Q()
    if search_key(first_name) and search_key(last_name):
        condition |= Q(first_name_key=search_key(first_name), last_name_key=search_key(last_name))
    if _email_key(email):
        condition |= Q(email_key=_email_key(email))
    if phone_key(phone):
        condition |= Q(phone_key=phone_key(phone))
    if date_of_birth:
        condition |= Q(date_of_birth=date_of_birth) & (
            Q(last_name_key=search_key(last_name)) | Q(first_name_key=search_key(first_name))
        )
    if not condition:
        return []
    entered = {
        "first_name": first_name,
        "last_name": last_name,
        "date_of_birth": date_of_birth,
        "email": email,
        "phone": phone,
        "postcode": postcode,
    }
    people = ServiceUser.objects.filter(condition).order_by("last_name_key", "first_name_key", "id")
    found = [_compared(person, entered) for person in _with_flags(people)[:limit]]
    return sorted(found, key=lambda match: len(match.same), reverse=True)


@dataclass(frozen=True)
class CaseFileSummary:
    contacts: int
    unacceptable_contacts: int


def case_file_person(
    reference: str,
    *,
    annotations: dict[str, Any] | None = None,
    people: QuerySet[ServiceUser] | None = None,
) -> ServiceUser:
    """The person whose case file it is, or 404, in one query: with the flags, their contacts
    counted (``case_file_summary``) and what the apps above read of them for the case file's
    header (``annotations``)."""
    contacts = Contact.objects.filter(service_user=OuterRef("pk"))
    people = _with_flags(ServiceUser.objects.all() if people is None else people).annotate(
        contacts_total=count_of(contacts),
        contacts_unacceptable=count_of(contacts.filter(assessment=Assessment.UNACCEPTABLE)),
        **(annotations or {}),
    )
    return get_object_or_404(people, reference=reference)


def service_user_case_file(
    reference: str, *, annotations: dict[str, Any] | None = None
) -> ServiceUser:
    """The person as ``case_file_person`` reads them, with their adjustments and concerns (the
    overview's, and its timeline's): a query for each, only for a person who has any."""
    person = case_file_person(
        reference,
        annotations=annotations,
        people=ServiceUser.objects.annotate(
            adjustments_recorded=Exists(
                ReasonableAdjustment.objects.filter(service_user=OuterRef("pk"))
            ),
            concerns_recorded=Exists(
                SafeguardingConcern.objects.filter(service_user=OuterRef("pk"))
            ),
        ),
    )
    # An empty query (none()) prefetches as nothing without asking the database.
    prefetch_related_objects(
        [person],
        Prefetch(
            "reasonable_adjustments",
            queryset=ReasonableAdjustment.objects.select_related("recorded_by")
            if person.adjustments_recorded  # type: ignore[attr-defined]
            else ReasonableAdjustment.objects.none(),
        ),
        Prefetch(
            "safeguarding_concerns",
            queryset=SafeguardingConcern.objects.select_related("recorded_by")
            if person.concerns_recorded  # type: ignore[attr-defined]
            else SafeguardingConcern.objects.none(),
        ),
    )
    return person


def current_adjustments_of(service_user: ServiceUser) -> list[ReasonableAdjustment]:
    """The reasonable adjustments agreed for the person and not ended, newest first."""
    return list(
        ReasonableAdjustment.objects.filter(service_user=service_user, ended_on__isnull=True)
    )


def case_file_summary(service_user: ServiceUser) -> CaseFileSummary:
    """How many contacts the person made, and how many were unacceptable: as counted with the
    person when ``case_file_person`` read them, else counted now."""
    if hasattr(service_user, "contacts_total"):
        return CaseFileSummary(
            service_user.contacts_total,
            service_user.contacts_unacceptable,  # type: ignore[attr-defined]
        )
    totals = Contact.objects.filter(service_user=service_user).aggregate(
        contacts=Count("id"),
        unacceptable=Count("id", filter=Q(assessment=Assessment.UNACCEPTABLE)),
    )
    return CaseFileSummary(
        contacts=totals["contacts"], unacceptable_contacts=totals["unacceptable"]
    )


def _contacts_with_people() -> QuerySet[Contact]:
    return Contact.objects.select_related("logged_by").prefetch_related(
        "received_by",
        "teams",
        Prefetch(
            "attachments",
            queryset=Attachment.objects.select_related("removed_by").order_by("uploaded_at", "id"),
        ),
    )


def _received_by_names() -> Coalesce:
    return staff_names(Contact.received_by.through.objects.filter(contact=OuterRef("pk")))


def contacts_listed(service_user: ServiceUser) -> QuerySet[Contact]:
    """A service user's contacts as their list shows them, newest first (served by
    contact_case_file_idx): who received each (``received_by_names``) and how many files came
    with it (``attachment_count``) as values of the same query, not a query each for the staff
    and the files."""
    return (
        Contact.objects.filter(service_user=service_user)
        .annotate(
            received_by_names=_received_by_names(),
            attachment_count=count_of(Attachment.objects.filter(contact=OuterRef("pk"))),
        )
        .order_by("-occurred_at", "-id")
    )


@dataclass(frozen=True)
class TimelineEvent:
    """One thing that happened on a case file; ``kind`` says how the timeline shows it."""

    kind: str
    when: datetime
    by: User | None
    record: Any


@dataclass(frozen=True)
class TimelineKind:
    """One kind of entry on a case file's timeline, as its index reads it: the person's records
    that are entries of the kind (a query, or a list of those read already), the field that
    dates each and the one that names it; ``many`` for a kind that runs to thousands a person,
    whose rows the index reads no more of than it shows."""

    name: str
    records: QuerySet | list
    when: str
    key: str = "pk"
    many: bool = False


# Which records each kind of entry the timeline shows names, by kind: ``timeline_read``'s.
TimelineKeys = dict[str, list[int]]


def timeline_window(kinds: list[TimelineKind], *, stop: int) -> list[dict[str, Any]]:
    """The newest ``stop`` entries of every kind on the timeline, newest first, each as its
    ``kind``, ``when`` and ``key``, so that records are read only for the entries shown
    (``timeline_read``): one query, a UNION of a SELECT a kind that reads no record's columns,
    with the kinds read already merged in."""
    parts, entries = [], []
    for rank, kind in enumerate(kinds):
        if isinstance(kind.records, list):
            entries += [
                {
                    "kind": kind.name,
                    "when": getattr(record, kind.when),
                    "key": getattr(record, kind.key),
                    "rank": rank,
                }
                for record in kind.records
            ]
            continue
        # Named apart from any model's own fields (a letter has a ``kind``).
        part = kind.records.order_by().values(
            entry_kind=Value(kind.name),
            entry_when=F(kind.when),
            entry_key=F(kind.key),
            entry_rank=Value(rank),
        )
        # Only a kind that runs to thousands a person is cut short in its own SELECT (along
        # its index); the few records of the others cost less to read whole than to order.
        if kind.many and connections[part.db].features.supports_slicing_ordering_in_compound:
            part = part.order_by("-entry_when", "-entry_key")[:stop]
        parts.append(part)
    if parts:
        first, *rest = parts
        # Entries at the same moment keep the order of their kinds, then the newest first.
        rows = first.union(*rest, all=True).order_by("-entry_when", "entry_rank", "-entry_key")
        entries += [
            {
                "kind": row["entry_kind"],
                "when": row["entry_when"],
                "key": row["entry_key"],
                "rank": row["entry_rank"],
            }
            for row in rows[:stop]
        ]
    entries.sort(key=lambda entry: (entry["when"], -entry["rank"], entry["key"]), reverse=True)
    return entries[:stop]


def timeline_keys(entries: list[dict[str, Any]]) -> TimelineKeys:
    keys: TimelineKeys = {}
    for entry in entries:
        keys.setdefault(entry["kind"], []).append(entry["key"])
    return keys


def timeline_kinds(service_user: ServiceUser) -> list[TimelineKind]:
    """The person's contacts, adjustments and safeguarding concerns, for the timeline's index:
    the adjustments and concerns as read with the person (``service_user_case_file``).

    Apps to the right add their own kinds; the view reads the window of them all
    (``timeline_window``) and each app's records in it (``timeline_read``)."""
    return [
        TimelineKind(
            "contact", Contact.objects.filter(service_user=service_user), "occurred_at", many=True
        ),
        TimelineKind("adjustment", list(service_user.reasonable_adjustments.all()), "recorded_at"),
        TimelineKind("safeguarding", list(service_user.safeguarding_concerns.all()), "recorded_at"),
    ]


def timeline_read(
    service_user: ServiceUser, keys: TimelineKeys
) -> dict[tuple[str, int], TimelineEvent]:
    """The entries of this app's kinds that the timeline shows, by kind and key.

    A contact's entry is short (what, an excerpt, a link: the Contacts tab has the rest), so
    only the names of the staff on it are read with it, for the "Sent by" of a contact that
    went out. Adjustments and concerns are read from the person's own (``service_user_case_
    file`` reads them with the person, for the overview), so cost no query of their own.
    """
    events: dict[tuple[str, int], TimelineEvent] = {}
    if keys.get("contact"):
        for contact in Contact.objects.filter(pk__in=keys["contact"]).annotate(
            received_by_names=_received_by_names()
        ):
            events["contact", contact.pk] = TimelineEvent(
                "contact", contact.occurred_at, None, contact
            )
    notes = (
        ("adjustment", service_user.reasonable_adjustments),
        ("safeguarding", service_user.safeguarding_concerns),
    )
    for kind, records in notes:
        shown = keys.get(kind, [])
        for note in records.all() if shown else []:
            if note.pk in shown:
                events[kind, note.pk] = TimelineEvent(
                    kind, note.recorded_at, note.recorded_by, note
                )
    return events


def contact_detail(pk: int) -> Contact:
    return get_object_or_404(
        _contacts_with_people().select_related("service_user"),
        pk=pk,
    )


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    by: User | None
    kind: str
    reason: str
    changes: list[Change]


def _shown(record, field) -> str:
    value = getattr(record, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value or ""))
    if field.name in ("behaviours", "impacts"):
        codes = Behaviour if field.name == "behaviours" else Impact
        return "; ".join(str(codes(code).label) for code in value or [] if code in codes.values)
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return str(value)


# Fields an auditor reads in a correction; bookkeeping columns are left out.
CONTACT_AUDITED_FIELDS = CONTACT_DETAILS


def contact_history(contact: Contact) -> list[HistoryEntry]:
    """Each change to the contact, oldest first: who, when, why, and what changed."""
    records = list(
        contact.history.select_related("history_user")
        # The recipients as recorded with each change.
        .prefetch_related(
            "historicalcontact_received_by_set__user", "historicalcontact_teams_set__team"
        )
        .order_by("history_date", "history_id")
    )
    fields = [Contact._meta.get_field(name) for name in CONTACT_AUDITED_FIELDS]
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        people = ", ".join(
            sorted(str(row.user) for row in record.historicalcontact_received_by_set.all())
        )
        teams = ", ".join(sorted(str(row.team) for row in record.historicalcontact_teams_set.all()))
        changes: list[Change] = []
        if previous is not None:
            old_record, old_people, old_teams = previous
            for field in fields:
                old, new = _shown(old_record, field), _shown(record, field)
                if old != new:
                    changes.append(Change(str(field.verbose_name), old, new))  # type: ignore[union-attr]
            if old_people != people:
                changes.append(
                    Change(
                        str(Contact._meta.get_field("received_by").verbose_name), old_people, people
                    )
                )
            if old_teams != teams:
                changes.append(
                    Change(str(Contact._meta.get_field("teams").verbose_name), old_teams, teams)
                )
        if previous is None or changes:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    by=record.history_user,
                    kind="logged" if previous is None else "corrected",
                    reason=record.correction_reason if previous is not None else "",
                    changes=changes,
                )
            )
        previous = (record, people, teams)
    return entries


def recent_contacts_logged_by(user: User, *, limit: int = 10) -> list[Contact]:
    """The contacts a user logged, newest contact first (served by contact_logged_by_when_idx)."""
    return list(
        Contact.objects.filter(logged_by=user)
        .select_related("service_user")
        .order_by("-occurred_at", "-id")[:limit]
    )


def last_channel_logged_by(user: User) -> str:
    """The channel of the newest contact this member of staff logged, or "" (served by
    contact_logged_by_when_idx)."""
    return (
        Contact.objects.filter(logged_by=user)
        .order_by("-occurred_at", "-id")
        .values_list("channel", flat=True)
        .first()
        or ""
    )


def after_logging_of(user: User) -> str:
    """Where this member of staff chose to go after logging a contact, last time."""
    return (
        LoggingPreference.objects.filter(user=user).values_list("after_logging", flat=True).first()
        or AfterLogging.CASE_FILE
    )


def recent_service_users_added_by(user: User, *, limit: int = 10) -> list[ServiceUser]:
    return list(
        _with_flags(ServiceUser.objects.filter(created_by=user)).order_by("-created_at")[:limit]
    )


def staff_choices() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .select_related("team")
        .order_by("first_name", "last_name", "username")
    )


def team_choices() -> QuerySet[Team]:
    return Team.objects.filter(is_active=True).order_by("name")


# The most a staff or team search returns at once: enough to choose from, never the whole list.
SEARCH_LIMIT = 20


def _words(query: str, *, max_words: int = 4) -> list[str]:
    return query.split()[:max_words]


def staff_search(query: str, *, among: QuerySet[User] | None = None) -> QuerySet[User]:
    """Active staff whose first name, last name or username starts with each word typed:
    of all staff, or only of ``among`` (the QSR members who may be given a dispute, say)."""
    words = _words(query)
    people = (
        staff_choices() if among is None else among.filter(is_active=True).select_related("team")
    )
    if not words:
        return people.none()
    for word in words:
        people = people.filter(
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(username__istartswith=word)
        )
    return people


def team_search(query: str) -> QuerySet[Team]:
    """Active teams with a word of their name starting with each word typed."""
    words = _words(query)
    if not words:
        return team_choices().none()
    teams = team_choices()
    for word in words:
        teams = teams.filter(Q(name__istartswith=word) | Q(name__icontains=" " + word))
    return teams
