"""Every write to service users, contacts, adjustments and safeguarding concerns."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import rules
from contacts.attachments import attachment_problem, content_type_for
from contacts.choices import Behaviour
from contacts.models import (
    CONTACT_DETAILS,
    Attachment,
    Contact,
    LoggingPreference,
    ReasonableAdjustment,
    SafeguardingConcern,
    ServiceUser,
    contact_history,
)
from contacts.signals import contact_logged
from musuc import records
from musuc.models import Team, User

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


def service_user_reference_new() -> str:
    return "SU-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def service_user_create(*, created_by: User, **details) -> ServiceUser:
    """Add a service user with a new, unique reference."""
    for _attempt in range(5):
        service_user = ServiceUser(created_by=created_by, **details)
        service_user.reference = service_user_reference_new()
        # Uniqueness of the reference is left to the database, which settles races too.
        service_user.full_clean(validate_unique=False)
        records.recorded_by(service_user, created_by)
        try:
            with transaction.atomic():
                service_user.save()
        except IntegrityError:
            continue  # the random reference was taken: draw again
        return service_user
    raise RuntimeError("Could not draw an unused service user reference.")


@transaction.atomic
def service_user_update(*, service_user: ServiceUser, updated_by: User, **details) -> ServiceUser:
    for field, value in details.items():
        setattr(service_user, field, value)
    service_user.full_clean()
    records.recorded_by(service_user, updated_by)
    service_user.save()
    return service_user


def _details(arguments: dict[str, Any]) -> dict[str, Any]:
    """The contact's details among a service's arguments: the one place they are gathered."""
    return {name: arguments[name] for name in CONTACT_DETAILS}


def _check_contact(details: dict, *, attachment_count: int, received_by: Sequence[User]) -> None:
    """Refuse the contact, whole, with every reason the policy's rules give."""
    problems = rules.assessment_problems(
        assessment=details["assessment"],
        behaviours=details["behaviours"],
        impacts=details["impacts"],
        shouting_due_to_condition=details["shouting_due_to_condition"],
        extremely_unacceptable=details["extremely_unacceptable"],
    )
    for field, messages in rules.contact_problems(
        channel=details["channel"],
        occurred_at=details["occurred_at"],
        behaviours=details["behaviours"],
        handling=details["handling"],
        reported_to_police=details["reported_to_police"],
        police_force=details["police_force"],
        police_reference=details["police_reference"],
        police_reported_on=details["police_reported_on"],
        abuse_description=details["abuse_description"],
        attachment_count=attachment_count,
        call_minutes=details["call_minutes"],
    ).items():
        problems.setdefault(field, []).extend(messages)
    if not received_by:
        problems.setdefault("received_by", []).append(
            _("Select the member of staff who received the contact")
        )
    records.refuse(problems)


def _contact_checked(
    details: dict,
    *,
    received_by: Sequence[User],
    attachments: Sequence[UploadedFile],
    attachment_count: int,
) -> dict:
    """The contact's fields once every rule allows them, answers that do not apply dropped."""
    _check_contact(details, attachment_count=attachment_count, received_by=received_by)
    _attachments_check(attachments)
    return _contact_fields(
        **{
            **details,
            "summary": details["summary"].strip(),
            "impacts": list(dict.fromkeys(details["impacts"])),
        }
    )


def _contact_fields(
    *,
    shouting_due_to_condition: bool | None,
    behaviours: Sequence[str],
    reported_to_police: bool,
    police_force: str,
    police_reference: str,
    police_reported_on: date | None,
    abuse_description: str,
    **fields,
) -> dict:
    """Drop answers that do not apply, so the record says only what was assessed."""
    behaviours = list(dict.fromkeys(behaviours))
    if Behaviour.SHOUTING_SWEARING not in behaviours:
        shouting_due_to_condition = None
    if not reported_to_police:
        police_force, police_reference, police_reported_on = "", "", None
    if not rules.involves_child_sexual_abuse(behaviours):
        abuse_description = ""
    return {
        **fields,
        "behaviours": behaviours,
        "shouting_due_to_condition": shouting_due_to_condition,
        "reported_to_police": reported_to_police,
        "police_force": police_force.strip(),
        "police_reference": police_reference.strip(),
        "police_reported_on": police_reported_on,
        "abuse_description": abuse_description.strip(),
    }


def _attachments_check(files: Iterable[UploadedFile]) -> None:
    problems = [problem for upload in files if (problem := attachment_problem(upload))]
    if problems:
        raise ValidationError({"attachments": problems})


def _attachments_store(*, contact: Contact, files: Iterable[UploadedFile], user: User) -> None:
    for upload in files:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = Attachment(  # type: ignore[misc]
            contact=contact,
            original_name=upload.name[:255],  # type: ignore[index]
            content_type=content_type_for(upload.name),  # type: ignore[arg-type]
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=user,
        )
        attachment.file.save(upload.name, upload, save=False)  # type: ignore[arg-type]
        records.recorded_by(attachment, user)
        attachment.save()


def _attachment_destroy(attachment: Attachment, *, user: User, reason: str, label: str) -> None:
    """Delete the file from storage; the record keeps that it was destroyed, by whom, when and
    why. The record is saved first, so a storage that fails to delete undoes the whole change;
    a commit failing after the deletion leaves a record whose file is gone, which the
    download already answers with 404."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.file = None
    attachment.removed_by, attachment.removed_at = user, timezone.now()
    attachment.removed_reason = reason
    records.recorded_by(attachment, user, label)
    attachment.save()
    if name:
        storage.delete(name)


@transaction.atomic
def attachment_remove(*, attachment: Attachment, removed_by: User, reason: str) -> Attachment:
    """Staff with the permission remove an attachment, with a reason: its file is destroyed."""
    if not removed_by.has_perm("contacts.remove_attachment"):
        raise PermissionDenied(_("You cannot remove attachments"))
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if attachment.is_removed:
        raise ValidationError(_("This attachment has already been removed."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Enter why the attachment is being removed")]})
    _attachment_destroy(
        attachment, user=removed_by, reason=reason.strip(), label=_("Attachment removed")
    )
    return attachment


def _contact_save(
    contact: Contact, *, received_by: Sequence[User], teams: Sequence[Team], history_type: str
) -> None:
    """Save the contact and its recipients, then write one history row holding all of it."""
    contact.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        contact.save()
        contact.received_by.set(received_by)
        contact.teams.set(teams)
    finally:
        del contact.skip_history_when_saving  # type: ignore[attr-defined]
    contact_history.create_historical_record(contact, history_type)


@transaction.atomic
def contact_log(
    *,
    service_user: ServiceUser,
    logged_by: User,
    channel: str,
    direction: str,
    occurred_at: datetime,
    received_by: Sequence[User],
    teams: Sequence[Team] = (),
    call_minutes: int | None = None,
    summary: str,
    assessment: str,
    behaviours: Sequence[str] = (),
    impacts: Sequence[str] = (),
    shouting_due_to_condition: bool | None = None,
    extremely_unacceptable: bool = False,
    handling: str = "",
    reported_to_police: bool = False,
    police_force: str = "",
    police_reference: str = "",
    police_reported_on: date | None = None,
    abuse_description: str = "",
    attachments: Sequence[UploadedFile] = (),
) -> Contact:
    """Log one contact with its assessment and attachments, or refuse it whole."""
    details = _details(locals())
    fields = _contact_checked(
        details,
        received_by=received_by,
        attachments=attachments,
        attachment_count=len(attachments),
    )
    contact = Contact(service_user=service_user, logged_by=logged_by, **fields)
    contact.full_clean(exclude=["received_by", "teams"])
    records.recorded_by(contact, logged_by)
    _contact_save(contact, received_by=received_by, teams=teams, history_type="+")
    _attachments_store(contact=contact, files=attachments, user=logged_by)
    contact_logged.send(sender=Contact, contact=contact, actor=logged_by)
    return contact


@transaction.atomic
def contact_correct(
    *,
    contact: Contact,
    corrected_by: User,
    reason: str,
    channel: str,
    direction: str,
    occurred_at: datetime,
    received_by: Sequence[User],
    teams: Sequence[Team] = (),
    call_minutes: int | None = None,
    summary: str,
    assessment: str,
    behaviours: Sequence[str] = (),
    impacts: Sequence[str] = (),
    shouting_due_to_condition: bool | None = None,
    extremely_unacceptable: bool = False,
    handling: str = "",
    reported_to_police: bool = False,
    police_force: str = "",
    police_reference: str = "",
    police_reported_on: date | None = None,
    abuse_description: str = "",
    attachments: Sequence[UploadedFile] = (),
) -> Contact:
    """Correct a logged contact; the history keeps what it said before, who changed it and why."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Enter why the contact is being corrected")]})
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    details = _details(locals())
    kept = list(contact.attachments.select_for_update().filter(removed_at__isnull=True))
    # Child sexual abuse material is never stored: reclassifying destroys the files it held.
    destroying = rules.involves_child_sexual_abuse(behaviours)
    fields = _contact_checked(
        details,
        received_by=received_by,
        attachments=attachments,
        attachment_count=len(attachments) + (0 if destroying else len(kept)),
    )
    for field, value in fields.items():
        setattr(contact, field, value)
    contact.correction_reason = reason.strip()
    contact.full_clean(exclude=["received_by", "teams"])
    records.recorded_by(contact, corrected_by, _("Contact corrected"))
    _contact_save(contact, received_by=received_by, teams=teams, history_type="~")
    if destroying:
        for attachment in kept:
            _attachment_destroy(
                attachment,
                user=corrected_by,
                reason=contact.correction_reason,
                label=_("Destroyed: the contact is child sexual abuse material"),
            )
    _attachments_store(contact=contact, files=attachments, user=corrected_by)
    contact_logged.send(sender=Contact, contact=contact, actor=corrected_by)
    return contact


@transaction.atomic
def reasonable_adjustment_record(
    *,
    service_user: ServiceUser,
    recorded_by: User,
    need: str,
    adjustment: str,
    agreed_on: date,
) -> ReasonableAdjustment:
    item = ReasonableAdjustment(
        service_user=service_user,
        recorded_by=recorded_by,
        need=need.strip(),
        adjustment=adjustment.strip(),
        agreed_on=agreed_on,
    )
    item.full_clean()
    records.recorded_by(item, recorded_by)
    item.save()
    return item


@transaction.atomic
def reasonable_adjustment_update(
    *, item: ReasonableAdjustment, updated_by: User, need: str, adjustment: str, agreed_on: date
) -> ReasonableAdjustment:
    item.need, item.adjustment, item.agreed_on = need.strip(), adjustment.strip(), agreed_on
    item.full_clean()
    records.recorded_by(item, updated_by)
    item.save()
    return item


@transaction.atomic
def safeguarding_concern_record(
    *,
    service_user: ServiceUser,
    recorded_by: User,
    concern: str,
    action: str,
    action_detail: str,
    action_by: User,
    action_at: datetime,
) -> SafeguardingConcern:
    item = SafeguardingConcern(
        service_user=service_user,
        recorded_by=recorded_by,
        concern=concern.strip(),
        action=action,
        action_detail=action_detail.strip(),
        action_by=action_by,
        action_at=action_at,
    )
    item.full_clean()
    records.recorded_by(item, recorded_by)
    item.save()
    return item


@transaction.atomic
def safeguarding_concern_update(
    *,
    item: SafeguardingConcern,
    updated_by: User,
    concern: str,
    action: str,
    action_detail: str,
    action_by: User,
    action_at: datetime,
) -> SafeguardingConcern:
    item.concern, item.action, item.action_detail = concern.strip(), action, action_detail.strip()
    item.action_by, item.action_at = action_by, action_at
    item.full_clean()
    records.recorded_by(item, updated_by)
    item.save()
    return item


@transaction.atomic
def case_note_end(
    *,
    item: ReasonableAdjustment | SafeguardingConcern,
    ended_by: User,
    ended_on: date,
    reason: str,
) -> ReasonableAdjustment | SafeguardingConcern:
    """End a reasonable adjustment or close a safeguarding concern, keeping the record."""
    problems: rules.Problems = {}
    if item.ended_on is not None:
        problems["ended_on"] = [_("This has already ended")]
    if not reason.strip():
        problems["reason"] = [_("Enter why it is ending")]
    if ended_on > timezone.localdate():
        problems["ended_on"] = [_("The date must be today or in the past")]
    records.refuse(problems)
    item.ended_on, item.end_reason = ended_on, reason.strip()
    records.recorded_by(item, ended_by, str(item.end_label))
    item.save()
    return item


def logging_preference_set(*, user: User, after_logging: str) -> None:
    """Remember where the member of staff goes after logging a contact."""
    LoggingPreference.objects.update_or_create(user=user, defaults={"after_logging": after_logging})
