"""Fields that offer only the records chosen and found by typing: among hundreds of staff or
teams, the form shows a few, and a search adds more."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy

# The most records a searched field offers as ticked boxes, however many were posted.
MAX_OFFERED = 25


class OfferedFewMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice among many records, as checkboxes for only those chosen and those found.

    An organisation has hundreds of staff: the form offers the ones ticked so far and the ones
    a search found, and the rest are found by typing; what is posted is still checked against
    the whole queryset.
    """

    widget = forms.CheckboxSelectMultiple

    def offer(self, chosen_ids: list[int], found=()) -> None:
        chosen = list(self.queryset.filter(pk__in=chosen_ids)) if chosen_ids else []
        seen = {record.pk for record in chosen}
        offered = chosen + [record for record in found if record.pk not in seen]
        self.widget.choices = [
            (record.pk, self.label_from_instance(record)) for record in offered[:MAX_OFFERED]
        ]


@dataclass(frozen=True)
class SearchBox:
    """The box under a searched field: the field holding what is typed, the endpoint the
    script asks as the person types, and the words of its Find button and of no match."""

    query: str
    url: str
    button: str
    no_results: str
    chosen: str = gettext_lazy("chosen")


class OfferedFewChoiceField(forms.ModelChoiceField):
    """One record among many, as radios for only the one chosen and those a search found.

    Like ``OfferedFewMultipleChoiceField`` for a single choice (a single point of contact, an
    assignee): what is posted is still checked against the whole queryset.
    """

    widget = forms.RadioSelect

    def __init__(self, *args, search: SearchBox | None = None, **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)
        self.search = search

    def offer(self, chosen_ids: list[int], found=()) -> None:
        chosen = list(self.queryset.filter(pk__in=chosen_ids[:1])) if chosen_ids else []
        seen = {record.pk for record in chosen}
        offered = chosen + [record for record in found if record.pk not in seen]
        self.widget.choices = [
            (record.pk, self.label_from_instance(record)) for record in offered[:MAX_OFFERED]
        ]


class FoundBySearchFormMixin:
    """A form with fields offering only the records chosen and found (see the fields above)."""

    def chosen_ids(self, name: str) -> list[int]:
        """The ids chosen in one of the searched fields: as posted, or as first offered."""
        field = self.fields[name]
        if self.is_bound:
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        else:
            raw = self.get_initial_for_field(field, name)
        if raw is None or isinstance(raw, str | int) or hasattr(raw, "pk"):
            raw = [] if raw in (None, "") else [raw]
        ids = (str(getattr(value, "pk", value)) for value in raw)
        return [int(value) for value in ids if value.isascii() and value.isdigit()][:MAX_OFFERED]
