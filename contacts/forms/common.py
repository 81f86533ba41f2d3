"""What the contacts app's forms share: yes-or-no answers and one-line text fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


def yes_no_value(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def text(max_length: int, width: str = "", **kwargs) -> forms.CharField:
    attrs = {"class": width} if width else {}
    return forms.CharField(max_length=max_length, widget=forms.TextInput(attrs=attrs), **kwargs)
