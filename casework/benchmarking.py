"""What the benchmark commands share: the floor they are measured against, percentiles and a
query counter. Figures for the README, never a test.

The floor is the cheapest page worth the name: the same middleware (sessions, auth, CSP), one
query for the newest 25 contacts with their person, and a plain template. A page's time divided
by the floor's, measured side by side in the same run, is the figure to read: a busy machine
moves both alike.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.management.base import CommandError
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from contacts.models import Contact

FLOOR_TEMPLATE = """<!doctype html><title>Newest contacts</title><table>
{% for contact in contacts %}<tr><td>{{ contact.service_user.full_name }}</td>
<td>{{ contact.service_user.reference }}</td><td>{{ contact.occurred_at|date:"j M Y" }}</td>
<td>{{ contact.get_channel_display }}</td></tr>{% endfor %}</table>"""


@functools.cache
def floor_template():
    return engines["django"].from_string(FLOOR_TEMPLATE)


def floor(request):
    """The floor: a signed-in page of the newest 25 contacts with their person, in one query
    (newest recorded, so the primary key's index serves it) and a plain template."""
    contacts = Contact.objects.select_related("service_user").order_by("-pk")[:25]
    return HttpResponse(floor_template().render({"contacts": contacts}, request))


def floor_urlpatterns(project_urlconf: str | None = None) -> list:
    """The project's URLs (``ROOT_URLCONF`` unless another module is named: a URLconf that
    becomes the root itself names the project's) and the floor's."""
    return [
        path("benchmark/floor/", floor, name="benchmark-floor"),
        path("", include(project_urlconf or settings.ROOT_URLCONF)),
    ]


def urls_with_floor() -> type:
    """A URLconf of the project's URLs and the floor's, for ``override_settings`` during
    a timing."""

    class Urls:
        urlpatterns = floor_urlpatterns()

    return Urls


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class QueryCounter:
    """Counts the queries run through a connection (``connection.execute_wrapper``), without
    keeping their text as the test tools do."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def add_force_argument(parser) -> None:
    parser.add_argument("--force", action="store_true", help="Run with DEBUG off.")


def refuse_without_force(options) -> None:
    """The benchmarks write synthetic data: with DEBUG off only when told to."""
    if not settings.DEBUG and not options["force"]:
        raise CommandError("The benchmark writes synthetic data: give --force with DEBUG off.")
