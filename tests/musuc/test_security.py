import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.contacts.factories import ServiceUserFactory

BASE_DIR = Path(__file__).resolve().parents[2]


def test_pages_carry_a_strict_content_security_policy(caseworker_client):
    response = caseworker_client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_have_no_inline_script_or_style(caseworker_client):
    person = ServiceUserFactory()
    for url in (
        reverse("home"),
        person.get_absolute_url(),
        reverse("contacts:contact-create", args=[person.reference]),
    ):
        body = caseworker_client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
        assert "<style" not in body
        assert " style=" not in body
        assert not re.search(r"\son[a-z]+=", body), url


def test_forms_carry_a_csrf_token(caseworker_client):
    body = caseworker_client.get(reverse("contacts:service-user-create")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in body


def test_a_post_without_the_csrf_token_is_refused(caseworker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    response = client.post(reverse("contacts:service-user-create"), {"first_name": "A"})
    assert response.status_code == 403
    assert "Your form has expired" in response.content.decode()


def test_unknown_page_shows_no_stack_trace(caseworker_client):
    response = caseworker_client.get("/service-users/SU-NOTHERE/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def _start_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "DEBUG"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "musuc.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_its_secrets():
    result = _start_settings({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL" in result.stderr


def test_local_run_starts_without_secrets():
    assert _start_settings({"DEBUG": "1"}).returncode == 0


_SETUP = "import django; django.setup(); from django.conf import settings"


@pytest.mark.parametrize(
    "setting", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]
)
def test_production_cookies_are_secure(setting):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{_SETUP}; print(settings.{setting})",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "HTTPS": "", "DJANGO_SETTINGS_MODULE": "musuc.settings"}
        | {"HTTPS": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"
