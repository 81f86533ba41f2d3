"""The placeholders each kind of letter offers, defined once.

A template writes them GOV.UK Notify's way, ``((review date))``. Each is either a **fact**,
filled from the record and never changed by hand (dates, conditions, channels, routes), or
**editable**: free text drafted from the record that staff may change before the letter is
issued (the reasons, what to change). A placeholder is *required* when the letter would break
a promise of the policy without it; a template that leaves one out, or names one its kind does
not offer, cannot be saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from letters.choices import LetterKind
from letters.markup import placeholders_in


@dataclass(frozen=True)
class Placeholder:
    name: str
    help: str
    editable: bool = False
    is_list: bool = False
    required: bool = True


def fact(name: str, help: str, *, is_list: bool = False, required: bool = True) -> Placeholder:
    return Placeholder(name, help, is_list=is_list, required=required)


def editable(name: str, help: str, *, required: bool = True) -> Placeholder:
    return Placeholder(name, help, editable=True, required=required)


# Offered by every kind, never required: the layout prints them above the body anyway.
COMMON = (
    fact("name", gettext_lazy("The person's full name"), required=False),
    fact("first name", gettext_lazy("The person's first name"), required=False),
    fact("reference", gettext_lazy("The person's reference"), required=False),
    fact("date", gettext_lazy("The date of the letter (the day it is issued)"), required=False),
)

REASONS = editable("reasons", gettext_lazy("The reasons for the decision, as recorded"))
CONDITIONS = fact(
    "conditions", gettext_lazy("Each condition in force, in plain words"), is_list=True
)
OPEN_CHANNELS = fact(
    "open channels",
    gettext_lazy("The ways of contacting us that stay open and answered"),
    is_list=True,
)
ONLINE_FORMS = fact(
    "online forms",
    gettext_lazy("The online complaint and review forms, which are always open"),
    is_list=True,
)
DISPUTE_ROUTES = fact(
    "dispute routes",
    gettext_lazy(
        "How to dispute the decision: email, secure voicemail, the online form or post to "
        "the Quality Standards and Research team"
    ),
    is_list=True,
)
DISPUTE_DAYS = fact(
    "dispute working days",
    gettext_lazy("The working days within which a dispute's outcome is due (20)"),
    required=False,
)
END_DATE = fact("end date", gettext_lazy("The last day of the current term"))
REVIEW_DATE = fact(
    "review date", gettext_lazy("The date by which the review at the end of the term is decided")
)

KIND_PLACEHOLDERS: dict[str, tuple[Placeholder, ...]] = {
    LetterKind.WARNING: (
        fact("contacts", gettext_lazy("The contacts the warning is about"), is_list=True),
        fact(
            "behaviours",
            gettext_lazy("The unacceptable behaviours in those contacts"),
            is_list=True,
        ),
        editable("reasons", gettext_lazy("Why the contact is unacceptable")),
        editable("what to change", gettext_lazy("What the person is asked to change")),
        fact("warning number", gettext_lazy("Which warning this is: 1, 2 or 3")),
        fact("warnings allowed", gettext_lazy("The most warnings the policy allows (3)")),
    ),
    LetterKind.RESTRICTION: (
        REASONS,
        CONDITIONS,
        fact("start date", gettext_lazy("The day the restriction starts")),
        END_DATE,
        fact("term", gettext_lazy("The length of the term: 3, 6 or 12 months")),
        REVIEW_DATE,
        OPEN_CHANNELS,
        ONLINE_FORMS,
        DISPUTE_ROUTES,
        DISPUTE_DAYS,
        editable(
            "how to reach us",
            gettext_lazy("How the person can still contact us, as the proposal says"),
            required=False,
        ),
    ),
    LetterKind.VARIATION: (
        REASONS,
        fact("variation date", gettext_lazy("The day the change was approved")),
        CONDITIONS,
        END_DATE,
        REVIEW_DATE,
        OPEN_CHANNELS,
        ONLINE_FORMS,
        DISPUTE_ROUTES,
        DISPUTE_DAYS,
    ),
    LetterKind.REVIEW_REMOVED: (
        REASONS,
        fact("removal date", gettext_lazy("The day the review removed the restriction")),
        fact("term end date", gettext_lazy("The last day of the term reviewed"), required=False),
    ),
    LetterKind.REVIEW_EXTENDED: (
        REASONS,
        fact("extension", gettext_lazy("The length of the new term: 3, 6 or 12 months")),
        fact("new start date", gettext_lazy("The first day of the new term")),
        fact("new end date", gettext_lazy("The last day of the new term")),
        REVIEW_DATE,
        CONDITIONS,
        OPEN_CHANNELS,
        ONLINE_FORMS,
        DISPUTE_ROUTES,
        DISPUTE_DAYS,
    ),
    LetterKind.RESTRICTION_ENDED: (
        REASONS,
        fact("ending", gettext_lazy("How the restriction ended: early, or lifted on dispute")),
        fact("ended date", gettext_lazy("The day the restriction ended")),
    ),
    LetterKind.DISPUTE_ACKNOWLEDGEMENT: (
        fact("received date", gettext_lazy("The day the dispute was received")),
        fact("due date", gettext_lazy("The day the outcome is due (20 working days)")),
        fact("dispute working days", gettext_lazy("The working days the outcome takes (20)")),
        fact("decision date", gettext_lazy("The day of the decision disputed"), required=False),
    ),
    LetterKind.DISPUTE_OUTCOME: (
        fact("outcome", gettext_lazy("The outcome: not upheld, upheld or partly upheld")),
        editable(
            "reasonable reasons",
            gettext_lazy("Why the restriction was, or was not, reasonable"),
        ),
        editable(
            "proportionate reasons",
            gettext_lazy("Why the restriction was, or was not, proportionate"),
        ),
        fact(
            "what happens next",
            gettext_lazy("What the outcome means for the restriction"),
            is_list=True,
        ),
        fact("final stage", gettext_lazy("That Stage 2 is final, in the policy's words")),
        fact("received date", gettext_lazy("The day the dispute was received"), required=False),
    ),
}


def normalised(name: str) -> str:
    """A placeholder's name as compared: lower case, single spaces (Notify ignores both)."""
    return " ".join(name.lower().split())


def placeholders_of(kind: str) -> dict[str, Placeholder]:
    """Every placeholder a kind of letter offers, by name."""
    return {p.name: p for p in (*COMMON, *KIND_PLACEHOLDERS[kind])}


def editable_names(kind: str) -> tuple[str, ...]:
    return tuple(p.name for p in KIND_PLACEHOLDERS[kind] if p.editable)


def fact_names(kind: str) -> tuple[str, ...]:
    return tuple(p.name for p in (*COMMON, *KIND_PLACEHOLDERS[kind]) if not p.editable)


def template_problems(kind: str, *, subject: str, body: str) -> dict[str, list[str]]:
    """What stops a template of this kind being saved: a placeholder it does not offer, or one
    the policy needs left out. Keyed by the field, as the admin form shows them."""
    offered = placeholders_of(kind)
    problems: dict[str, list[str]] = {}
    used: set[str] = set()
    for field, text in (("subject", subject), ("body", body)):
        names = {normalised(name) for name in placeholders_in(text)}
        used |= names
        unknown = sorted(names - set(offered))
        if unknown:
            problems.setdefault(field, []).append(
                _("Unknown placeholders: %(names)s. A %(kind)s letter offers: %(offered)s")
                % {
                    "names": ", ".join(f"(({name}))" for name in unknown),
                    "kind": LetterKind(kind).label.lower(),
                    "offered": ", ".join(f"(({name}))" for name in offered),
                }
            )
    missing = [p.name for p in offered.values() if p.required and p.name not in used]
    if missing:
        problems.setdefault("body", []).append(
            _("The letter must say these: add the placeholders %(names)s")
            % {"names": ", ".join(f"(({name}))" for name in missing)}
        )
    return problems
