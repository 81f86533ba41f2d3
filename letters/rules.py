"""The policy's promises about letters, each written once: the IOPC's address, how a decision
can be disputed, the forms that are always open, and how a person's preferences choose a
letter's language and format.

The words a letter says about these (in English and Welsh) are in ``letters.wording``; the
facts themselves (addresses, numbers, which routes there are) are only here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from contacts.choices import Language, PreferredFormat, UpdateMethod, WelshLetters
from disputes.choices import DisputeChannel
from disputes.rules import DISPUTE_DUE_WORKING_DAYS
from letters.choices import LetterFormat, LetterKind, LetterLanguage
from musuc.calendar import add_working_days
from restrictions.rules import MAX_UNSPENT_WARNINGS, NEVER_RESTRICTED_CHANNELS

__all__ = [
    "DISPUTE_DUE_WORKING_DAYS",
    "MAX_UNSPENT_WARNINGS",
    "NEVER_RESTRICTED_CHANNELS",
]

# The sender's block printed at the top of every letter.
IOPC_NAME = "Independent Office for Police Conduct"
IOPC_ADDRESS = ("PO Box 473", "Sale", "M33 0BW")
IOPC_WEBSITE = "www.policeconduct.gov.uk"

# "Disputing restrictions" (policy, June 2026): the four ways to complain about a restriction,
# keyed by the channel the dispute then arrives by (disputes.choices.DisputeChannel).
DISPUTE_EMAIL = "feedback@policeconduct.gov.uk"
DISPUTE_VOICEMAIL = "020 7166 3261"
DISPUTE_POSTAL_ADDRESS = (
    "Quality Standards and Research Team",
    IOPC_NAME,
    *IOPC_ADDRESS,
)


@dataclass(frozen=True)
class DisputeRoute:
    """One way to dispute a restriction: the channel, and the address, number or form."""

    channel: str
    detail: str


DISPUTE_ROUTES = (
    DisputeRoute(DisputeChannel.EMAIL, DISPUTE_EMAIL),
    DisputeRoute(DisputeChannel.SECURE_VOICEMAIL, DISPUTE_VOICEMAIL),
    DisputeRoute(DisputeChannel.ONLINE_FORM, IOPC_WEBSITE),
    DisputeRoute(DisputeChannel.POST, ", ".join(DISPUTE_POSTAL_ADDRESS)),
)

# "You will not be prevented from exercising your rights to request a complaint review or
# submit a complaint via our online forms": the forms every restriction letter names, always
# open whatever the conditions (restrictions.rules.NEVER_RESTRICTED_CHANNELS).
ALWAYS_OPEN_FORMS = ("complaint", "review")

# The kinds of letter a restriction decision can be disputed from (Stage 2): a new restriction,
# an extension after review, and a variation (a new decision on its conditions or term).
DISPUTABLE_KINDS = (LetterKind.RESTRICTION, LetterKind.REVIEW_EXTENDED, LetterKind.VARIATION)

# (reading) A decision whose letter is not issued within this many working days of it shows
# on the manager's work list.
LETTER_DUE_WORKING_DAYS = 2


def letter_due_on(decided_on: dt.date) -> dt.date:
    """The last day to issue a decision's letter before it shows on the manager's work list."""
    return add_working_days(decided_on, LETTER_DUE_WORKING_DAYS)


# Which role issues each kind of letter: the permission of whoever takes the decision it tells.
ISSUE_PERMISSIONS: dict[str, str] = {
    LetterKind.WARNING: "restrictions.add_warning",
    LetterKind.RESTRICTION: "restrictions.decide_restriction",
    LetterKind.VARIATION: "restrictions.decide_restriction",
    LetterKind.REVIEW_REMOVED: "restrictions.decide_restriction",
    LetterKind.REVIEW_EXTENDED: "restrictions.decide_restriction",
    LetterKind.RESTRICTION_ENDED: "restrictions.decide_restriction",
    LetterKind.DISPUTE_ACKNOWLEDGEMENT: "disputes.handle_dispute",
    LetterKind.DISPUTE_OUTCOME: "disputes.handle_dispute",
}

# Formats made by hand from the issued letter.
MANUAL_FORMATS = frozenset(PreferredFormat.values) - {
    PreferredFormat.STANDARD,
    PreferredFormat.LARGE_PRINT,
}


def letter_language_for(service_user) -> str:
    """The person's language: English, or in Welsh "with no delay", alone or with English
    after it, as they chose."""
    if service_user.preferred_language != Language.WELSH:
        return LetterLanguage.ENGLISH
    if service_user.welsh_letters == WelshLetters.BILINGUAL:
        return LetterLanguage.BILINGUAL
    return LetterLanguage.WELSH


def letter_format_for(service_user) -> str:
    """The person's format. (reading) A person in the standard format who wants to hear from us
    by email gets the letter as a plain-text email (the PDF is kept all the same); Braille,
    easy read, audio and other formats are produced by hand."""
    preferred = service_user.preferred_format
    if preferred == PreferredFormat.LARGE_PRINT:
        return LetterFormat.LARGE_PRINT
    if preferred in MANUAL_FORMATS:
        return LetterFormat.MANUAL
    if service_user.update_method == UpdateMethod.EMAIL and service_user.email:
        return LetterFormat.EMAIL_TEXT
    return LetterFormat.STANDARD
