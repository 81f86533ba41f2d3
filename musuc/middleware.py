"""What every request must pass before anything reads it, and what every response carries."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string

logger = logging.getLogger("musuc.requests")

_CHUNK = 64 * 1024

# Features this service never uses, denied to the page and anything it might embed. Only names
# browsers recognise: an unknown one is a console error on every page.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def max_request_body_bytes() -> int:
    """The largest request body accepted: the largest of what the settings name, or the form's."""
    sizes = [settings.DATA_UPLOAD_MAX_MEMORY_SIZE]
    sizes += [import_string(path)() for path in settings.MAX_REQUEST_BODY_FROM]
    return max(sizes)


class RefuseNulMiddleware:
    """A NUL character in the address or the query is a bad request.

    PostgreSQL cannot store or compare text holding NUL, so a reference or a search with one
    would reach the database and fail there as a server error. Form fields refuse it themselves
    (Django's CharField); the path and the query string are checked here, once for every page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the address")
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Refuse a body larger than any form accepts before reading it, with 413.

    Django checks an upload's size only once the whole body has been written to a temporary
    file. A body that states its length is refused on that length; a chunked body (no length)
    is counted as it arrives and refused as soon as it passes the limit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.limit = max_request_body_bytes()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH")
        if length:
            try:
                too_large = int(length) > self.limit
            except ValueError:
                raise BadRequest("Content-Length is not a number") from None
            if too_large:
                return self._refuse(request, int(length))
        elif self._is_chunked(request):
            size = self._spool_chunked_body(request)
            if size is None:
                return self._refuse(request, None)
        return self.get_response(request)

    @staticmethod
    def _is_chunked(request: HttpRequest) -> bool:
        # Only a server that ends the input at the end of the body (gunicorn does) can be read
        # without a length; any other leaves Django reading nothing, as before.
        return (
            bool(request.META.get("wsgi.input_terminated"))
            and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        )

    def _spool_chunked_body(self, request: HttpRequest) -> int | None:
        """Read the body into a temporary file, or stop and answer None once it is too large."""
        source = request.META["wsgi.input"]
        # Not a with block: the file becomes the request's stream, freed with the request.
        spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        )
        size = 0
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > self.limit:
                spool.close()
                return None
            spool.write(chunk)
        spool.seek(0)
        request._stream = LimitedStream(spool, size)
        request.META["CONTENT_LENGTH"] = str(size)
        return size

    def _refuse(self, request: HttpRequest, length: int | None) -> HttpResponse:
        logger.warning(
            "Refused a request body of %s bytes (the limit is %s) to %s",
            length if length is not None else "more than the limit of",
            self.limit,
            request.path,
        )
        return HttpResponse(loader.render_to_string("413.html"), status=413)


class ResponseHeadersMiddleware:
    """Permissions-Policy on every response; no-store on every page that is not a static file.

    A case page kept in the browser's cache could be shown again after signing out on a shared
    computer. Static files, which WhiteNoise answers inside this middleware, keep their own
    long caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True)
        return response
