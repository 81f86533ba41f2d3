"""Shared template partials."""

import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string


def test_the_page_count_is_not_body_text_on_the_current_page_blue():
    # GOV.UK's current item is a blue box for a white link: black text on it is 3.22:1.
    page = Paginator(range(30), 25).page(1)
    html = render_to_string("components/_pagination.html", {"page": page})
    item = re.search(r'<li class="([^"]*)">\s*<span class="govuk-body">Page 1 of 2', html)
    assert item is not None
    assert "govuk-pagination__item--current" not in item.group(1)
