"""``{{ value|excerpt:80 }}``: shorten text at a word boundary (musuc.text.excerpt)."""

from __future__ import annotations

from django import template

from musuc import text

register = template.Library()


@register.filter
def excerpt(value, limit: int) -> str:
    return text.excerpt(value, int(limit))
