"""What every request passes and every response carries: body limit, caching, permissions."""

import io

import pytest
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from musuc.middleware import max_request_body_bytes
from tests.contacts.factories import ServiceUserFactory
from tests.musuc.factories import PASSWORD

MIB = 1024 * 1024


def one_kib() -> int:
    return 1024


@pytest.fixture
def small_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 512
    settings.MAX_REQUEST_BODY_FROM = ["tests.musuc.test_requests.one_kib"]


class _NeverRead(io.RawIOBase):
    def read(self, size=-1):
        raise AssertionError("the body was read")

    readline = read


class _EndlessBody(io.RawIOBase):
    """A chunked upload that would never end, counting what is read of it."""

    def __init__(self):
        self.taken = 0

    def read(self, size=-1):
        size = 65536 if size is None or size < 0 else size
        self.taken += size
        return b"x" * size


def test_the_limit_is_every_attachment_a_contact_allows_plus_the_form():
    assert max_request_body_bytes() == 10 * 10 * MIB + 2_621_440 == 107_479_040


def test_a_body_declared_larger_than_the_limit_is_refused_unread(caseworker_client):
    person = ServiceUserFactory()
    response = caseworker_client.generic(
        "POST",
        reverse("contacts:contact-create", args=[person.reference]),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1024 * MIB),
        **{"wsgi.input": _NeverRead()},
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "The files you selected are too large" in body
    assert "govuk-heading-l" in body


def test_a_body_within_the_limit_is_let_through(caseworker_client, small_limit):
    response = caseworker_client.post(reverse("contacts:search"), {"q": "x" * 100})
    assert response.status_code == 405  # reached the view, which answers GET only


def test_a_chunked_body_is_refused_once_it_passes_the_limit(caseworker, small_limit):
    client = Client()
    client.force_login(caseworker)
    endless = _EndlessBody()
    response = client.generic(
        "POST",
        reverse("sign-in"),
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": endless, "wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert endless.taken <= 1024 + 65536


def test_a_chunked_body_within_the_limit_is_read(client, caseworker):
    form = f"username=caseworker&password={PASSWORD}".encode()
    response = client.generic(
        "POST",
        reverse("sign-in"),
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(form), "wsgi.input_terminated": True},
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_content_length_that_is_not_a_number_is_a_bad_request(caseworker_client):
    response = caseworker_client.generic(
        "POST", reverse("contacts:search"), CONTENT_TYPE="text/plain", CONTENT_LENGTH="lots"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("page", ["home", "contacts:search"])
def test_signed_in_pages_are_never_stored_by_the_browser(caseworker_client, page):
    response = caseworker_client.get(reverse(page))
    assert "no-store" in response["Cache-Control"]


def test_a_case_file_is_never_stored_by_the_browser(caseworker_client):
    response = caseworker_client.get(ServiceUserFactory().get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_static_files_keep_their_own_caching(client):
    response = client.get(static("css/app.css"))
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/sign-in/", "/healthz", "/no-such-page/", "STATIC"])
def test_every_response_denies_powerful_browser_features(client, db, url):
    response = client.get(static("css/app.css") if url == "STATIC" else url)
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
