"""How a letter reaches the person, and what issuing it records on the decision it tells.

* ``sent_by(letter)``: email or post, by the one delivery rule (``rules.delivery_channel_for``,
  which delivery itself follows): never by a channel the restriction closes.
* ``record_told(letter, by=..., on=...)``: issuing a letter fills in "how and when the person
  was told" of the decision, through the decision's own service, in the issuing transaction:
  a restriction's told date, method and letter reference; a review's told date and method.
* ``language_in_words`` / ``format_in_words``: the person's letter preferences as staff read
  them ("In Welsh, then English (bilingual)", "Large print").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.choices import PreferredFormat
from letters import rules as letter_rules
from letters import selectors as letter_selectors
from letters.choices import DeliveryChannel, LetterFormat, LetterKind, LetterLanguage
from musuc.models import User
from restrictions import services as restriction_services
from restrictions.choices import DeliveryMethod, RestrictionState

LANGUAGE_WORDS = {
    LetterLanguage.ENGLISH: gettext_lazy("In English"),
    LetterLanguage.WELSH: gettext_lazy("In Welsh"),
    LetterLanguage.BILINGUAL: gettext_lazy("In Welsh, then English (bilingual)"),
}
FORMAT_WORDS = {
    LetterFormat.STANDARD: gettext_lazy("Standard print"),
    LetterFormat.LARGE_PRINT: gettext_lazy("Large print"),
    LetterFormat.EMAIL_TEXT: gettext_lazy("Plain-text email"),
}

# The decisions whose record keeps how the person was told, and the states in which its
# service takes it (restrictions.services.restriction_record_told, review_record_told).
RESTRICTION_TOLD_STATES = (RestrictionState.APPROVED, RestrictionState.ACTIVE)


def language_in_words(language: str) -> str:
    return str(LANGUAGE_WORDS[LetterLanguage(language)])


def format_in_words(letter_format: str, manual_format: str = "", detail: str = "") -> str:
    """A letter's format; for one made by hand, which format it is made in."""
    if letter_format != LetterFormat.MANUAL:
        return str(FORMAT_WORDS[LetterFormat(letter_format)])
    made_in = detail if manual_format == PreferredFormat.OTHER and detail else ""
    if not made_in and manual_format in PreferredFormat.values:
        made_in = str(PreferredFormat(manual_format).label)
    return _("Produced by hand: %(format)s") % {"format": made_in or _("another format")}


def preferences_of(service_user) -> dict[str, str]:
    """How the person's letters are written, in words: their language and their format, as
    their preferences choose them (``letters.rules``)."""
    letter_format = letter_rules.letter_format_for(service_user)
    manual = letter_format == LetterFormat.MANUAL
    return {
        "language": language_in_words(letter_rules.letter_language_for(service_user)),
        "format": format_in_words(
            letter_format,
            service_user.preferred_format if manual else "",
            service_user.preferred_format_detail if manual else "",
        ),
    }


# The told method a delivery channel records on the decision (restrictions' DeliveryMethod).
METHOD_OF_CHANNEL = {
    DeliveryChannel.EMAIL: DeliveryMethod.EMAIL,
    DeliveryChannel.POST: DeliveryMethod.LETTER,
}


def delivery_choice(letter, conditions=None) -> letter_rules.DeliveryChoice:
    """How this letter would reach the person now, by the one delivery rule
    (``letters.rules.delivery_channel_for``); the conditions binding delivery are read unless
    given."""
    person = letter.service_user
    if conditions is None:
        conditions = letter_selectors.delivery_conditions_of(person)
    return letter_rules.delivery_channel_for(
        person, letter_format=letter.format, conditions=conditions
    )


def sent_by(letter, conditions=None) -> str:
    """How this letter goes to the person (``DeliveryMethod.EMAIL`` or ``LETTER``), or "" when
    no channel can reach them."""
    return METHOD_OF_CHANNEL.get(delivery_choice(letter, conditions).channel, "")


@dataclass(frozen=True)
class Sending:
    """How a letter will be sent, and what happens once it is issued, in words."""

    method: str
    how: str
    next_step: str


def sending_of(letter, conditions=None) -> Sending:
    person = letter.service_user
    choice = delivery_choice(letter, conditions)
    method = METHOD_OF_CHANNEL.get(choice.channel, "")
    if method == DeliveryMethod.EMAIL:
        how = _("By email to %(email)s") % {"email": person.email}
        next_step = _("It will be emailed to %(email)s.") % {"email": person.email}
    elif not method:
        how = _("It cannot be sent: %(reason)s") % {"reason": choice.reason}
        next_step = _(
            "It will show on the case file as not delivered, to be sent again once a way is open."
        )
    elif person.address_lines:
        address = ", ".join(person.address_lines)
        how = _("By post to %(address)s") % {"address": address}
        next_step = _("It goes to the print queue, to be printed and posted to %(address)s.") % {
            "address": address
        }
    else:
        how = _("By post: no postal address is recorded")
        next_step = _(
            "It goes to the print queue, but no postal address is recorded: add one to the "
            "personal details before it is posted."
        )
    if letter.format == LetterFormat.MANUAL:
        next_step = _(
            "It must now be produced by hand (%(format)s), then sent: mark it produced on this "
            "page when it is done."
        ) % {
            "format": format_in_words(
                letter.format, letter.manual_format, letter.manual_format_detail
            )
        }
    return Sending(method=method, how=how, next_step=next_step)


def record_told(letter, *, by: User, on: dt.date, channel: str | None = None) -> bool:
    """Fill in how and when the person was told of the decision the letter tells, by the
    ``channel`` its delivery took, through the decision's own service (the caller's transaction
    holds both). Whether anything was recorded: nothing when no channel could reach them, or
    for a kind of decision that keeps no such record (a warning records its delivery as it is
    issued; a variation, an ending and a dispute keep none). Without a ``channel`` (a letter
    made by hand has no delivery of its own), the one it would go by."""
    if channel is None:
        channel = delivery_choice(letter).channel
    method = METHOD_OF_CHANNEL.get(channel, "")
    if not method:
        return False
    if letter.kind == LetterKind.RESTRICTION:
        if letter.restriction.state not in RESTRICTION_TOLD_STATES:
            return False  # its review is due or it has ended: the letter itself is the record
        restriction_services.restriction_record_told(
            restriction=letter.restriction,
            recorded_by=by,
            told_on=on,
            told_method=method,
            told_reference=letter.reference,
            not_told_reason="",
        )
        return True
    if letter.kind in (LetterKind.REVIEW_REMOVED, LetterKind.REVIEW_EXTENDED):
        restriction_services.review_record_told(
            review=letter.review,
            recorded_by=by,
            told_on=on,
            told_method=method,
            not_told_reason="",
        )
        return True
    return False
