"""What a letter says of the facts it is filled with, in English and in Welsh.

The facts come from the record (a condition, a channel, a date); the words for them are here,
one phrase per key and language, because a letter is written in the person's language whatever
language the member of staff works in. (The staff pages' own words go through gettext as
usual.) Welsh sentences put a list after a colon, so that no word in the list needs a mutation.

Every Welsh phrase here wants a check by a Welsh speaker before the letters are sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import translation
from django.utils.formats import date_format

from contacts.choices import Behaviour, Channel
from disputes.choices import DisputeChannel, DisputeOutcome
from restrictions.choices import ConditionKind, Weekday

EN, CY = "en", "cy"

CHANNELS = {
    EN: {
        Channel.PHONE: "phone",
        Channel.EMAIL: "email",
        Channel.POST: "post",
        Channel.ONLINE_FORM: "online form",
        Channel.SECURE_VOICEMAIL: "secure voicemail",
        Channel.IN_PERSON: "in person",
        Channel.SOCIAL_MEDIA: "social media",
        Channel.TEXT_RELAY: "text relay",
        Channel.OTHER: "other means",
    },
    CY: {
        Channel.PHONE: "ffôn",
        Channel.EMAIL: "e-bost",
        Channel.POST: "post",
        Channel.ONLINE_FORM: "ffurflen ar-lein",
        Channel.SECURE_VOICEMAIL: "neges llais ddiogel",
        Channel.IN_PERSON: "wyneb yn wyneb",
        Channel.SOCIAL_MEDIA: "cyfryngau cymdeithasol",
        Channel.TEXT_RELAY: "cyfnewid testun (text relay)",
        Channel.OTHER: "dulliau eraill",
    },
}

WEEKDAYS = {
    EN: {
        Weekday.MONDAY: "Monday",
        Weekday.TUESDAY: "Tuesday",
        Weekday.WEDNESDAY: "Wednesday",
        Weekday.THURSDAY: "Thursday",
        Weekday.FRIDAY: "Friday",
        Weekday.SATURDAY: "Saturday",
        Weekday.SUNDAY: "Sunday",
    },
    CY: {
        Weekday.MONDAY: "Dydd Llun",
        Weekday.TUESDAY: "Dydd Mawrth",
        Weekday.WEDNESDAY: "Dydd Mercher",
        Weekday.THURSDAY: "Dydd Iau",
        Weekday.FRIDAY: "Dydd Gwener",
        Weekday.SATURDAY: "Dydd Sadwrn",
        Weekday.SUNDAY: "Dydd Sul",
    },
}

BEHAVIOURS = {
    EN: {
        Behaviour.THREATS: "threats, implicit or explicit, against any person",
        Behaviour.HARASSMENT: "harassment",
        Behaviour.SHOUTING_SWEARING: "persistent shouting, swearing, insults or other "
        "offensive language",
        Behaviour.DISCRIMINATION: "discrimination against a person or group on the grounds "
        "of race, age, sex, gender, religion or belief, sexual orientation or disability",
        Behaviour.CONTACT_AFTER_NEXT_STEPS: "continuing to contact us after being fully told "
        "of the next steps",
        Behaviour.CHALLENGING_FINAL_DECISIONS: "repeatedly challenging decisions that cannot be "
        "changed",
        Behaviour.CONTACT_AFTER_COMPLAINTS_EXHAUSTED: "continuing to contact the Complaints and "
        "Feedback team after the complaints process has ended",
        Behaviour.UNWARRANTED_STAFF_COMPLAINTS: "repeated unwarranted complaints against staff",
        Behaviour.ALLEGATIONS_TO_COLLEAGUE: "making allegations directly to a member of staff "
        "after the complaints route was explained",
        Behaviour.TIMESCALE_DEMANDS: "demanding timescales other than those we work to",
        Behaviour.DEMANDING_SPECIFIC_STAFF: "demanding to deal with a specific member of staff "
        "or team",
        Behaviour.SAME_REQUEST_TO_SEVERAL: "sending the same request to more than one team or "
        "member of staff",
        Behaviour.REPEATED_SAME_DEMANDS: "repeated or multiple demands that are substantially "
        "the same",
        Behaviour.IMPOSSIBLE_DEMANDS: "demanding things that cannot be done, practically or "
        "legally",
        Behaviour.UNREASONABLE_ESCALATION: "unreasonable escalation of complaints",
        Behaviour.UNREASONABLE_AMOUNT: "an unreasonable amount of contact, such as repeated "
        "messages or large amounts of irrelevant material",
        Behaviour.DELIBERATELY_DIFFICULT: "content made deliberately difficult to read or "
        "understand",
        Behaviour.DISTRESSING_CONTENT: "distressing or graphic images, videos or descriptions",
        Behaviour.CHILD_SEXUAL_ABUSE: "content relating to child sexual abuse",
        Behaviour.SEXUAL_OR_EXPLICIT: "sexual content, threats, harassment or explicit language",
    },
    CY: {
        Behaviour.THREATS: "bygythiadau, boed yn ymhlyg neu’n benodol, yn erbyn unrhyw berson",
        Behaviour.HARASSMENT: "aflonyddu",
        Behaviour.SHOUTING_SWEARING: "gweiddi, rhegi, sarhau neu iaith dramgwyddus arall yn "
        "barhaus",
        Behaviour.DISCRIMINATION: "gwahaniaethu yn erbyn person neu grŵp ar sail hil, oed, "
        "rhyw, rhywedd, crefydd neu gred, cyfeiriadedd rhywiol neu anabledd",
        Behaviour.CONTACT_AFTER_NEXT_STEPS: "parhau i gysylltu â ni ar ôl cael gwybod yn llawn "
        "am y camau nesaf",
        Behaviour.CHALLENGING_FINAL_DECISIONS: "herio dro ar ôl tro benderfyniadau na ellir eu "
        "newid",
        Behaviour.CONTACT_AFTER_COMPLAINTS_EXHAUSTED: "parhau i gysylltu â’r Tîm Cwynion ac "
        "Adborth ar ôl i’r broses gwyno ddod i ben",
        Behaviour.UNWARRANTED_STAFF_COMPLAINTS: "cwynion dro ar ôl tro, heb gyfiawnhad, yn "
        "erbyn staff",
        Behaviour.ALLEGATIONS_TO_COLLEAGUE: "gwneud honiadau’n uniongyrchol i aelod o staff ar "
        "ôl i’r llwybr cwyno gael ei egluro",
        Behaviour.TIMESCALE_DEMANDS: "mynnu amserlenni heblaw’r rhai rydym yn gweithio iddynt",
        Behaviour.DEMANDING_SPECIFIC_STAFF: "mynnu delio ag aelod penodol o staff neu dîm penodol",
        Behaviour.SAME_REQUEST_TO_SEVERAL: "anfon yr un cais at fwy nag un tîm neu aelod o staff",
        Behaviour.REPEATED_SAME_DEMANDS: "gofynion niferus neu dro ar ôl tro sydd i bob pwrpas "
        "yr un fath",
        Behaviour.IMPOSSIBLE_DEMANDS: "mynnu pethau na ellir eu gwneud, yn ymarferol neu’n "
        "gyfreithiol",
        Behaviour.UNREASONABLE_ESCALATION: "uwchgyfeirio cwynion yn afresymol",
        Behaviour.UNREASONABLE_AMOUNT: "swm afresymol o gysylltiad, fel negeseuon dro ar ôl tro "
        "neu lawer o ddeunydd amherthnasol",
        Behaviour.DELIBERATELY_DIFFICULT: "cynnwys a wnaed yn anodd ei ddarllen neu ei ddeall "
        "yn fwriadol",
        Behaviour.DISTRESSING_CONTENT: "delweddau, fideos neu ddisgrifiadau gofidus neu graffig",
        Behaviour.CHILD_SEXUAL_ABUSE: "cynnwys sy’n ymwneud â cham-drin plant yn rhywiol",
        Behaviour.SEXUAL_OR_EXPLICIT: "cynnwys rhywiol, bygythiadau, aflonyddu neu iaith anweddus",
    },
}

PHRASES = {
    EN: {
        "sender": "Independent Office for Police Conduct",
        "label.reference": "Our reference",
        "label.date": "Date",
        "and": "and",
        "contact": "{channel} on {date}",
        "months": "{months} months",
        ConditionKind.TERMINATE_CALLS: "If the behaviour continues during a phone call, our "
        "staff may end the call.",
        ConditionKind.PERMITTED_TIMES: "You may contact us by {channels} only on these days: "
        "{days}, from {start} until {end}.",
        "call_minutes": "Calls will last no longer than {minutes} minutes.",
        ConditionKind.RESPONSE_TIME: "We will reply to you within {days} working days.",
        ConditionKind.SINGLE_POINT_OF_CONTACT: "All your contact with us goes through one "
        "member of staff: {name}.",
        ConditionKind.LIMITED_CHANNELS: "You may contact us only in these ways: {channels}, "
        "and through our online complaint and review forms.",
        ConditionKind.READ_NO_RESPONSE: "We will read what you send us in these ways, but we "
        "will not reply to it: {channels}.",
        ConditionKind.POLICE_REPORT: "We will report further unacceptable contact to the "
        "police: {force}, reference {reference}.",
        DisputeChannel.EMAIL: "Email {detail}",
        DisputeChannel.SECURE_VOICEMAIL: "Leave a secure voicemail for the IOPC’s Complaints "
        "and Feedback team on {detail}, giving your contact details",
        DisputeChannel.ONLINE_FORM: "Complete our online form, “Feedback about our service”, "
        "at {detail}",
        DisputeChannel.POST: "Write to {detail}",
        "form.complaint": "Our online complaint form, at {website}",
        "form.review": "Our online form to request a review of a complaint, at {website}",
        DisputeOutcome.NOT_UPHELD: "We have not upheld your complaint: the restriction stays "
        "in place.",
        DisputeOutcome.UPHELD: "We have upheld your complaint: the restriction has been lifted.",
        DisputeOutcome.PARTLY_UPHELD: "We have partly upheld your complaint: the restriction "
        "has been changed.",
        "next.not_upheld": "The restriction stays in place until {end}.",
        "next.upheld": "The restriction no longer applies from {date}.",
        "next.partly_upheld": "The restriction now ends on {end}, with these conditions:",
        "final_stage": "Stage 2 is the final stage of our complaints process. There is no right "
        "to ask for a further review of this decision, or to complain about the person who "
        "restricted your contact or handled your complaint because you disagree with their "
        "decision.",
        "ended.early": "We have ended the restriction early.",
        "ended.lifted": "The restriction has been lifted because your complaint about it, under "
        "Stage 2 of our complaints process, was upheld.",
        "ended.removed": "We have removed the restriction after reviewing it.",
    },
    CY: {
        "sender": "Swyddfa Annibynnol Ymddygiad yr Heddlu",
        "label.reference": "Ein cyfeirnod",
        "label.date": "Dyddiad",
        "and": "a",
        "contact": "{channel} ar {date}",
        "months": "{months} mis",
        ConditionKind.TERMINATE_CALLS: "Os bydd yr ymddygiad yn parhau yn ystod galwad ffôn, "
        "gall ein staff ddod â’r alwad i ben.",
        ConditionKind.PERMITTED_TIMES: "Cewch gysylltu â ni yn y ffyrdd hyn: {channels}, dim "
        "ond ar y dyddiau hyn: {days}, rhwng {start} a {end}.",
        "call_minutes": "Ni fydd galwadau’n para mwy na {minutes} munud.",
        ConditionKind.RESPONSE_TIME: "Byddwn yn ateb o fewn y nifer hwn o ddiwrnodau gwaith: "
        "{days}.",
        ConditionKind.SINGLE_POINT_OF_CONTACT: "Bydd eich holl gysylltiad â ni yn mynd drwy un "
        "aelod o staff: {name}.",
        ConditionKind.LIMITED_CHANNELS: "Dim ond yn y ffyrdd hyn y cewch gysylltu â ni: "
        "{channels}, a thrwy ein ffurflenni cwyno ac adolygu ar-lein.",
        ConditionKind.READ_NO_RESPONSE: "Byddwn yn darllen yr hyn a anfonwch atom yn y ffyrdd "
        "hyn, ond ni fyddwn yn ateb: {channels}.",
        ConditionKind.POLICE_REPORT: "Byddwn yn rhoi gwybod i’r heddlu am unrhyw gysylltiad "
        "annerbyniol pellach: {force}, cyfeirnod {reference}.",
        DisputeChannel.EMAIL: "Anfonwch e-bost at {detail}",
        DisputeChannel.SECURE_VOICEMAIL: "Gadewch neges llais ddiogel i Dîm Cwynion ac Adborth "
        "yr IOPC ar {detail}, gan roi eich manylion cyswllt",
        DisputeChannel.ONLINE_FORM: "Llenwch ein ffurflen ar-lein, “Adborth am ein "
        "gwasanaeth”, yn {detail}",
        DisputeChannel.POST: "Ysgrifennwch at {detail}",
        "form.complaint": "Ein ffurflen gwyno ar-lein, yn {website}",
        "form.review": "Ein ffurflen ar-lein i ofyn am adolygiad o gŵyn, yn {website}",
        DisputeOutcome.NOT_UPHELD: "Nid ydym wedi cadarnhau eich cwyn: mae’r cyfyngiad yn parhau.",
        DisputeOutcome.UPHELD: "Rydym wedi cadarnhau eich cwyn: mae’r cyfyngiad wedi’i godi.",
        DisputeOutcome.PARTLY_UPHELD: "Rydym wedi cadarnhau rhan o’ch cwyn: mae’r cyfyngiad "
        "wedi’i newid.",
        "next.not_upheld": "Bydd y cyfyngiad yn parhau tan {end}.",
        "next.upheld": "Nid yw’r cyfyngiad yn berthnasol mwyach o {date} ymlaen.",
        "next.partly_upheld": "Mae’r cyfyngiad bellach yn dod i ben ar {end}, gyda’r amodau hyn:",
        "final_stage": "Cam 2 yw cam olaf ein proses gwyno. Nid oes hawl i ofyn am adolygiad "
        "pellach o’r penderfyniad hwn, nac i gwyno am y sawl a gyfyngodd ar eich cysylltiad "
        "neu a ymdriniodd â’ch cwyn am nad ydych yn cytuno â’u penderfyniad.",
        "ended.early": "Rydym wedi dod â’r cyfyngiad i ben yn gynnar.",
        "ended.lifted": "Mae’r cyfyngiad wedi’i godi oherwydd bod eich cwyn amdano, o dan Gam 2 "
        "ein proses gwyno, wedi’i chadarnhau.",
        "ended.removed": "Rydym wedi dileu’r cyfyngiad ar ôl ei adolygu.",
    },
}

WELSH_VOWELS = tuple("aeiouwyâêîôûŵŷ")


def say(language: str, key: str, **values) -> str:
    """The phrase for ``key`` in the letter's language, filled with ``values``."""
    return PHRASES[language][key].format(**values)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def joined(language: str, items: Sequence[str]) -> str:
    """Items as a sentence lists them: "a, b and c"; in Welsh "a, b a c" ("ac" before a
    vowel)."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    *others, last = items
    word = PHRASES[language]["and"]
    if language == CY and last.lower().startswith(WELSH_VOWELS):
        word = "ac"
    return f"{', '.join(others)} {word} {last}"


def channel(language: str, code: str) -> str:
    return CHANNELS[language].get(code, code)


def channels(language: str, codes) -> str:
    """Channels in the order the policy lists them, as a sentence lists them."""
    ordered = [code for code in Channel.values if code in set(codes)]
    return joined(language, [channel(language, code) for code in ordered])


def weekdays(language: str, days) -> str:
    return joined(language, [WEEKDAYS[language][Weekday(day)] for day in sorted(days)])


def behaviour(language: str, code: str) -> str:
    return BEHAVIOURS[language].get(code, code)


def date(language: str, value: dt.date) -> str:
    """A date as a letter writes it ("5 March 2026", "5 Mawrth 2026"): Django's month names
    in the letter's language."""
    with translation.override(language):
        return date_format(value, "DATE_FORMAT")


def time(value: dt.time) -> str:
    return value.strftime("%H:%M")


def months(language: str, count: int) -> str:
    return say(language, "months", months=count)
