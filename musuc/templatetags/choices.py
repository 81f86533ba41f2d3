"""``{{ record|label:"channel" }}``: the label of a choice field's value, as
``record.get_channel_display`` gives it, for lists that show it on every row.

Django's ``get_FOO_display`` makes a dict of the field's choices at each call, hashing (and so
translating) every label to do it: on a page of 25 contacts with three choice fields each, that
was more of the template's time than the rest of it. Here each field's choices become a dict
once, their labels still lazy, and only the label shown is translated, in the language of the
request that shows it.
"""

from __future__ import annotations

import functools

from django import template
from django.db.models import Field, Model
from django.utils.encoding import force_str

register = template.Library()


@functools.cache
def _labels(field: Field) -> dict:
    return dict(field.flatchoices)


@register.filter
def label(record: Model, field_name: str):
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname)  # type: ignore[union-attr]
    return force_str(_labels(field).get(value, value), strings_only=True)  # type: ignore[arg-type]
