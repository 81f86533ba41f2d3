"""What may be attached to a contact: size and type limits, checked against the file's content."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_UPLOAD = 10


@dataclass(frozen=True)
class FileType:
    content_type: str
    signatures: tuple[bytes, ...]  # empty: plain text, checked by decoding instead


ALLOWED_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", (b"%PDF-",)),
    ".png": FileType("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": FileType("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": FileType("image/gif", (b"GIF87a", b"GIF89a")),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)
    ),
    ".doc": FileType("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".msg": FileType("application/vnd.ms-outlook", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".mp3": FileType("audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ".wav": FileType("audio/wav", (b"RIFF",)),
    ".txt": FileType("text/plain", ()),
    ".eml": FileType("message/rfc822", ()),
}


def largest_upload_request_bytes() -> int:
    """The largest body a contact form sends: every file at its largest, and the form's fields.

    The web tier refuses anything larger before reading it (settings.MAX_REQUEST_BODY_FROM).
    """
    return MAX_ATTACHMENTS_PER_UPLOAD * MAX_ATTACHMENT_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def allowed_extensions() -> str:
    return ", ".join(sorted(ext.lstrip(".").upper() for ext in ALLOWED_TYPES))


def attachment_problem(upload: UploadedFile) -> str | None:
    """Why this file cannot be attached, or None when it can."""
    name = upload.name or ""
    if upload.size > MAX_ATTACHMENT_BYTES:
        return _("%(name)s must be smaller than 10 MB") % {"name": name}
    if upload.size == 0:
        return _("%(name)s is empty") % {"name": name}
    file_type = ALLOWED_TYPES.get(PurePath(name).suffix.lower())
    if file_type is None:
        return _("%(name)s must be a %(types)s file") % {
            "name": name,
            "types": allowed_extensions(),
        }
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if file_type.signatures:
        matches = any(head.startswith(signature) for signature in file_type.signatures)
    else:
        try:
            head.decode("utf-8")
            matches = b"\x00" not in head
        except UnicodeDecodeError:
            # A multi-byte character cut at the 4096th byte is not a reason to refuse.
            matches = b"\x00" not in head and len(head) == 4096
    if not matches:
        return _("%(name)s is not the type of file its name says it is") % {"name": name}
    return None


def content_type_for(name: str) -> str:
    return ALLOWED_TYPES[PurePath(name).suffix.lower()].content_type
