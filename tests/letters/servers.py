"""The servers letters are delivered to, started by the tests on free local ports: a real SMTP
server (aiosmtpd) that Django's SMTP backend talks to, and an HTTP server answering as GOV.UK
Notify's documented API does, checking the JWT its official client signs each request with."""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the SMTP server received, and the addresses it refuses for good (550)."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"

    def with_header(self, name: str, value: str) -> list[email.message.EmailMessage]:
        return [message for message in self.messages if message[name] == value]


def smtp_mailer(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free port, Django's SMTP backend pointed at it; its mailbox."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = smtp_mailer(controller.port)
    try:
        yield mailbox
    finally:
        controller.stop()


# GOV.UK Notify ---------------------------------------------------------------------------------


@dataclass
class NotifyService:
    """One Notify service: its API key's parts, what it was sent, and an answer to give
    instead of the usual one (a status and Notify's error body) when a test wants a failure."""

    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    requests: list[dict] = field(default_factory=list)
    answer: tuple[int, dict] | None = None
    base_url: str = ""

    @property
    def api_key(self) -> str:
        return f"musuc_test-{self.service_id}-{self.secret}"


def notify_error(status: int, error: str, message: str) -> tuple[int, dict]:
    """Notify's documented error body."""
    return status, {"status_code": status, "errors": [{"error": error, "message": message}]}


def _fill(template: str, personalisation: dict) -> str:
    for name, value in personalisation.items():
        template = template.replace(f"(({name}))", str(value))
    return template


class _NotifyHandler(BaseHTTPRequestHandler):
    service: NotifyService

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass  # quiet

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        """The client's JWT: HS256, signed with the key's secret, issued by the service, within
        30 seconds of now (Notify's documented check)."""
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return False
        try:
            claims = jwt.decode(
                header.removeprefix("Bearer "),
                key=self.service.secret,
                algorithms=["HS256"],
                options={"require": ["iss", "iat"], "verify_iat": False},
            )
        except jwt.PyJWTError:
            return False
        return claims["iss"] == self.service.service_id and abs(time.time() - claims["iat"]) <= 30

    def do_POST(self):  # noqa: N802 - the standard library's name
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.service.requests.append({"path": self.path, "body": body, "headers": self.headers})
        if not self._authorised():
            self._reply(
                *notify_error(403, "AuthError", "Invalid token: signature, api token not found")
            )
        elif self.service.answer is not None:
            self._reply(*self.service.answer)
        elif self.path == "/v2/notifications/email":
            self._email(body)
        elif self.path == "/v2/notifications/letter" and "content" in body:
            self._precompiled_letter(body)
        else:
            self._reply(*notify_error(404, "NotFound", "The requested URL was not found"))

    def _email(self, body: dict) -> None:
        missing = [name for name in ("email_address", "template_id") if name not in body]
        if missing:
            self._reply(
                *notify_error(400, "ValidationError", f"{missing[0]} is a required property")
            )
            return
        notification_id = str(uuid.uuid4())
        personalisation = body.get("personalisation", {})
        base = self.service.base_url
        self._reply(
            201,
            {
                "id": notification_id,
                "reference": body.get("reference"),
                "content": {
                    "subject": _fill("((subject))", personalisation),
                    "body": _fill("((body))", personalisation),
                    "from_email": "iopc@notifications.service.gov.uk",
                    "one_click_unsubscribe_url": None,
                },
                "uri": f"{base}/v2/notifications/{notification_id}",
                "template": {
                    "id": body["template_id"],
                    "version": 1,
                    "uri": f"{base}/v2/template/{body['template_id']}",
                },
            },
        )

    def _precompiled_letter(self, body: dict) -> None:
        if not body.get("reference"):
            self._reply(*notify_error(400, "ValidationError", "reference is a required property"))
            return
        try:
            pdf = base64.b64decode(body["content"], validate=True)
        except (binascii.Error, ValueError):
            pdf = b""
        if not pdf.startswith(b"%PDF-"):
            self._reply(*notify_error(400, "BadRequestError", "Letter content is not a valid PDF"))
            return
        postage = body.get("postage")
        if postage not in (None, "first", "second", "economy"):
            self._reply(
                *notify_error(
                    400, "ValidationError", "postage invalid. It must be either first or second."
                )
            )
            return
        self._reply(
            201, {"id": str(uuid.uuid4()), "reference": body["reference"], "postage": postage}
        )


@pytest.fixture
def notify_service(settings):
    """A local server answering as GOV.UK Notify's API, and the settings that point at it."""
    service = NotifyService()
    handler = type("Handler", (_NotifyHandler,), {"service": service})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    service.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_API_KEY = service.api_key
    settings.NOTIFY_BASE_URL = service.base_url
    settings.NOTIFY_EMAIL_TEMPLATE_ID = str(uuid.uuid4())
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
