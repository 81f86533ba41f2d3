"""Every non-trivial read of service users and contacts, each choosing its own joins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
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


def service_user_case_file(reference: str) -> ServiceUser:
    """The service user with their current adjustments and concerns, or 404."""
    return get_object_or_404(
        _with_flags(ServiceUser.objects.select_related("created_by")).prefetch_related(
            Prefetch(
                "reasonable_adjustments",
                queryset=ReasonableAdjustment.objects.select_related("recorded_by"),
            ),
            Prefetch(
                "safeguarding_concerns",
                queryset=SafeguardingConcern.objects.select_related("action_by", "recorded_by"),
            ),
        ),
        reference=reference,
    )


def service_user_by_reference(reference: str) -> ServiceUser:
    return get_object_or_404(_with_flags(ServiceUser.objects.all()), reference=reference)


def current_adjustments_of(service_user: ServiceUser) -> list[ReasonableAdjustment]:
    """The reasonable adjustments agreed for the person and not ended, newest first."""
    return list(
        ReasonableAdjustment.objects.filter(service_user=service_user, ended_on__isnull=True)
    )


def case_file_summary(service_user: ServiceUser) -> CaseFileSummary:
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


def service_user_contacts(service_user: ServiceUser) -> QuerySet[Contact]:
    """A service user's contacts, newest first (served by contact_case_file_idx)."""
    return _contacts_with_people().filter(service_user=service_user).order_by("-occurred_at", "-id")


@dataclass(frozen=True)
class TimelineEvent:
    """One thing that happened on a case file; ``kind`` picks the template that shows it."""

    kind: str
    when: datetime
    by: User | None
    record: Any


def case_file_timeline(service_user: ServiceUser, *, limit: int = 20) -> list[TimelineEvent]:
    """The newest contacts, adjustments and safeguarding concerns on the file, newest first.

    Apps to the right add their own events; the view merges them with ``timeline_merge``.
    A contact's entry is short (what, an excerpt, a link: the Contacts tab has the rest), so
    only the staff on it are read, for the "Sent by" of a contact that went out.
    """
    contacts = (
        Contact.objects.filter(service_user=service_user)
        .prefetch_related("received_by")
        .order_by("-occurred_at", "-id")[:limit]
    )
    events = [TimelineEvent("contact", contact.occurred_at, None, contact) for contact in contacts]
    events += [
        TimelineEvent("adjustment", item.recorded_at, item.recorded_by, item)
        for item in service_user.reasonable_adjustments.all()
    ]
    events += [
        TimelineEvent("safeguarding", item.recorded_at, item.recorded_by, item)
        for item in service_user.safeguarding_concerns.all()
    ]
    return timeline_merge(events, limit=limit)


def timeline_merge(*groups: list[TimelineEvent], limit: int) -> list[TimelineEvent]:
    merged = [event for group in groups for event in group]
    merged.sort(key=lambda event: event.when, reverse=True)
    return merged[:limit]


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
