"""Deployment checks of the letters' delivery settings: GOV.UK Notify half set up fails
``check`` (and so ``check --deploy``) instead of failing each letter at send time."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

# A Notify API key ends in its service id and its secret, two UUIDs (36 characters each).
_KEY_TAIL = 73


@register()
def notify_settings(app_configs, **kwargs) -> list[Error]:
    errors: list[Error] = []
    key = settings.NOTIFY_API_KEY
    if not key:
        if settings.NOTIFY_SEND_LETTERS:
            errors.append(
                Error(
                    "NOTIFY_SEND_LETTERS is on but NOTIFY_API_KEY is not set.",
                    hint="Set NOTIFY_API_KEY, or turn NOTIFY_SEND_LETTERS off to use the "
                    "print queue.",
                    id="letters.E002",
                )
            )
        return errors
    if len(key) < _KEY_TAIL:
        errors.append(
            Error(
                "NOTIFY_API_KEY is not a GOV.UK Notify API key.",
                hint="Copy the whole key from Notify's API integration page.",
                id="letters.E001",
            )
        )
    if not settings.NOTIFY_EMAIL_TEMPLATE_ID:
        errors.append(
            Error(
                "NOTIFY_API_KEY is set but NOTIFY_EMAIL_TEMPLATE_ID is not.",
                hint="Make an email template in Notify with the subject ((subject)) and the "
                "body ((body)), and give its id.",
                id="letters.E003",
            )
        )
    if settings.NOTIFY_LETTER_POSTAGE not in ("", "first", "second", "economy"):
        errors.append(
            Error(
                "NOTIFY_LETTER_POSTAGE must be first, second or economy.",
                id="letters.E004",
            )
        )
    return errors
