"""The QSR queue's table: Django's changelist table, its rows drawn by the queue's changelist
(``DisputeChangeList.result_rows``)."""

from __future__ import annotations

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers

register = template.Library()


@register.inclusion_tag("admin/change_list_results.html")
def queue_result_list(cl):
    """What Django's ``result_list`` gives its template, the rows made the queue's way."""
    headers = list(result_headers(cl))
    sorted_by = [header for header in headers if header["sortable"] and header["sorted"]]
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": len(sorted_by),
        "results": cl.result_rows(),
    }
