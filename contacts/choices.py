"""The policy's vocabularies: channels, behaviours, impacts and the rest, stored as codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")


class WelshLetters(models.TextChoices):
    """How a person who prefers Welsh wants their letters: in Welsh, or in both languages."""

    WELSH = "welsh", _("In Welsh")
    BILINGUAL = "bilingual", _("In Welsh and English, Welsh first")


class PreferredFormat(models.TextChoices):
    STANDARD = "standard", _("Standard")
    LARGE_PRINT = "large_print", _("Large print")
    EASY_READ = "easy_read", _("Easy read")
    BRAILLE = "braille", _("Braille")
    AUDIO = "audio", _("Audio")
    BSL_VIDEO = "bsl_video", _("British Sign Language video")
    OTHER = "other", _("Other")


class UpdateMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    POST = "post", _("Post")
    TEXT_RELAY = "text_relay", _("Text relay")


class UpdateFrequency(models.TextChoices):
    EACH_STEP = "each_step", _("At each significant step")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    POST = "post", _("Post")
    ONLINE_FORM = "online_form", _("Online form")
    SECURE_VOICEMAIL = "secure_voicemail", _("Secure voicemail")
    IN_PERSON = "in_person", _("In person")
    SOCIAL_MEDIA = "social_media", _("Social media")
    TEXT_RELAY = "text_relay", _("Text relay")
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the service user")
    OUTBOUND = "outbound", _("To the service user")


class AfterLogging(models.TextChoices):
    """Where the contact form goes once a contact is logged."""

    CASE_FILE = "case_file", _("The case file")
    SEARCH = "search", _("Find a service user")


class Assessment(models.TextChoices):
    ACCEPTABLE = "acceptable", _("Acceptable")
    UNACCEPTABLE = "unacceptable", _("Unacceptable")


class BehaviourCategory(models.TextChoices):
    AGGRESSIVE = "aggressive", _("Aggressive or abusive")
    PERSISTENT = "persistent", _("Unreasonably persistent")
    DEMANDS = "demands", _("Unreasonable demands")
    ILLEGAL = "illegal", _("Illegal content")


class Behaviour(models.TextChoices):
    THREATS = "threats", _("Threats (implicit or explicit) against any person")
    HARASSMENT = "harassment", _("Harassment")
    SHOUTING_SWEARING = (
        "shouting_swearing",
        _("Persistent shouting, swearing, insults or other offensive language"),
    )
    DISCRIMINATION = (
        "discrimination",
        _(
            "Discrimination on the grounds of race, age, sex, gender, religion or belief, "
            "sexual orientation or disability"
        ),
    )
    CONTACT_AFTER_NEXT_STEPS = (
        "contact_after_next_steps",
        _("Continuing to contact after being fully informed of next steps"),
    )
    CHALLENGING_FINAL_DECISIONS = (
        "challenging_final_decisions",
        _("Repeatedly challenging decisions that cannot be changed"),
    )
    CONTACT_AFTER_COMPLAINTS_EXHAUSTED = (
        "contact_after_complaints_exhausted",
        _("Continued contact with the Complaints and Feedback team after the process is exhausted"),
    )
    UNWARRANTED_STAFF_COMPLAINTS = (
        "unwarranted_staff_complaints",
        _("Repeated unwarranted complaints against staff"),
    )
    ALLEGATIONS_TO_COLLEAGUE = (
        "allegations_to_colleague",
        _("Allegations made directly to a colleague after the complaints route was explained"),
    )
    TIMESCALE_DEMANDS = (
        "timescale_demands",
        _("Demanding timescales other than those the IOPC works towards"),
    )
    DEMANDING_SPECIFIC_STAFF = (
        "demanding_specific_staff",
        _("Demanding a specific colleague or team"),
    )
    SAME_REQUEST_TO_SEVERAL = (
        "same_request_to_several",
        _("Sending the same request to more than one team or member of staff"),
    )
    REPEATED_SAME_DEMANDS = (
        "repeated_same_demands",
        _("Repeated or multiple demands that are substantially the same"),
    )
    IMPOSSIBLE_DEMANDS = (
        "impossible_demands",
        _("Demanding things that cannot be done, practically or legally"),
    )
    UNREASONABLE_ESCALATION = (
        "unreasonable_escalation",
        _("Unreasonable escalation of complaints"),
    )
    UNREASONABLE_AMOUNT = (
        "unreasonable_amount",
        _(
            "Unreasonable amounts of contact (inundating staff with information, repetitive "
            "communications, irrelevant material)"
        ),
    )
    DELIBERATELY_DIFFICULT = (
        "deliberately_difficult",
        _("Content made intentionally difficult to read or understand, including with AI"),
    )
    DISTRESSING_CONTENT = (
        "distressing_content",
        _("Distressing or graphic images, videos or descriptions"),
    )
    CHILD_SEXUAL_ABUSE = (
        "child_sexual_abuse",
        _("Content relating to child sexual abuse"),
    )
    SEXUAL_OR_EXPLICIT = (
        "sexual_or_explicit",
        _("Sexual content, threats, harassment or explicit language"),
    )


BEHAVIOUR_GROUPS: dict[str, tuple[Behaviour, ...]] = {
    BehaviourCategory.AGGRESSIVE: (
        Behaviour.THREATS,
        Behaviour.HARASSMENT,
        Behaviour.SHOUTING_SWEARING,
        Behaviour.DISCRIMINATION,
    ),
    BehaviourCategory.PERSISTENT: (
        Behaviour.CONTACT_AFTER_NEXT_STEPS,
        Behaviour.CHALLENGING_FINAL_DECISIONS,
        Behaviour.CONTACT_AFTER_COMPLAINTS_EXHAUSTED,
        Behaviour.UNWARRANTED_STAFF_COMPLAINTS,
        Behaviour.ALLEGATIONS_TO_COLLEAGUE,
    ),
    BehaviourCategory.DEMANDS: (
        Behaviour.TIMESCALE_DEMANDS,
        Behaviour.DEMANDING_SPECIFIC_STAFF,
        Behaviour.SAME_REQUEST_TO_SEVERAL,
        Behaviour.REPEATED_SAME_DEMANDS,
        Behaviour.IMPOSSIBLE_DEMANDS,
        Behaviour.UNREASONABLE_ESCALATION,
        Behaviour.UNREASONABLE_AMOUNT,
        Behaviour.DELIBERATELY_DIFFICULT,
    ),
    BehaviourCategory.ILLEGAL: (
        Behaviour.DISTRESSING_CONTENT,
        Behaviour.CHILD_SEXUAL_ABUSE,
        Behaviour.SEXUAL_OR_EXPLICIT,
    ),
}


class Impact(models.TextChoices):
    STAFF_HARMED = (
        "staff_harmed",
        _("Staff feel harassed, distressed, threatened or afraid"),
    )
    SERVICE_REDUCED = (
        "service_reduced",
        _("Reduces the ability to provide services to any service user"),
    )
    STATUTORY_OBLIGATIONS = (
        "statutory_obligations",
        _("Prevents the IOPC meeting its statutory obligations"),
    )


class Handling(models.TextChoices):
    RESPONDED = "responded", _("Responded")
    READ_NOT_RESPONDED = "read_not_responded", _("Read but not responded to")
    CALL_TERMINATED = "call_terminated", _("Call terminated")


class SafeguardingAction(models.TextChoices):
    REFERRAL = "referral", _("Referral to an organisation")
    EMERGENCY_SERVICES = "emergency_services", _("Emergency services contacted")
