"""Template helpers for GOV.UK Frontend markup."""

from __future__ import annotations

from django import template

register = template.Library()

# Widgets whose first input, not the field's own id, takes focus from the error summary.
_FIRST_INPUT_WIDGETS = {"radioselect", "checkboxselectmultiple", "govukdate", "behaviourcheckboxes"}

# One mapping from each state to a GOV.UK tag colour; later apps add their states here.
TAG_COLOURS = {
    "acceptable": "govuk-tag--grey",
    "unacceptable": "govuk-tag--red",
    "current": "govuk-tag--green",
    "ended": "govuk-tag--grey",
    "issued": "govuk-tag--orange",
    "spent": "govuk-tag--grey",
    "withdrawn": "govuk-tag--grey",
    "draft": "govuk-tag--grey",
    "pending_approval": "govuk-tag--yellow",
    "approved": "govuk-tag--blue",
    "active": "govuk-tag--red",
    "review_due": "govuk-tag--pink",
    "lifted": "govuk-tag--grey",
    "rejected": "govuk-tag--grey",
    "cancelled": "govuk-tag--grey",
    "received": "govuk-tag--yellow",
    "assigned": "govuk-tag--blue",
    "under_assessment": "govuk-tag--purple",
    "decided": "govuk-tag--green",
    "closed": "govuk-tag--grey",
    "superseded": "govuk-tag--grey",
}


@register.filter
def error_anchor(bound_field) -> str:
    search = getattr(bound_field.field, "search", None)
    if search is not None and not bound_field.field.widget.choices:
        return bound_field.form[search.query].auto_id  # nothing offered yet: the search box
    if bound_field.widget_type in _FIRST_INPUT_WIDGETS:
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.simple_tag
def summary_forms(*forms) -> list:
    """The forms one error summary lists, in the page's order: on most pages one, on a page of
    two forms posted together both (a form a page does not have is left out)."""
    return [each for each in forms if hasattr(each, "errors")]


@register.filter
def tag_colour(state: str) -> str:
    return TAG_COLOURS.get(str(state), "govuk-tag--grey")


@register.inclusion_tag("components/_field.html")
def field(bound_field, label_size: str = "", heading: bool = False):
    """Render one form field the GOV.UK way: label or legend, hint, error, input."""
    return {"field": bound_field, "label_size": label_size, "heading": heading}


@register.filter
def option_groups(bound_field) -> list[tuple[str, list]]:
    """Checkbox options under sub-headings, from the widget's ``groups`` ([(label, values)])."""
    options = {str(option.data["value"]): option for option in bound_field}
    groups = getattr(bound_field.field.widget, "groups", None)
    if not groups:
        return [("", list(options.values()))]
    return [(label, [options[str(value)] for value in values]) for label, values in groups]


@register.filter
def revealed_by_checkbox(bound_field) -> list:
    """The fields shown under a single ticked checkbox (the widget's ``reveals`` list)."""
    return [bound_field.form[name] for name in getattr(bound_field.field.widget, "reveals", [])]


@register.filter
def revealed(option, bound_field) -> list:
    """The fields shown under a chosen radio or checkbox (the widget's ``reveals`` mapping)."""
    names = getattr(bound_field.field.widget, "reveals", {}).get(str(option.data["value"]), [])
    return [bound_field.form[name] for name in names]


@register.filter
def search_box(bound_field) -> dict | None:
    """What the box under a searched field needs (the field's ``search``), or None."""
    search = getattr(bound_field.field, "search", None)
    if search is None:
        return None
    return {
        "query": bound_field.form[search.query],
        "target": bound_field.html_name,
        "search_url": str(search.url),
        "button": search.button,
        "no_results": search.no_results,
        "added": search.chosen,
    }


@register.filter
def shown_for(bound_field) -> dict | None:
    """Where a field is shown only for some answers to another (the field's ``shown_for``:
    the other field's name and those answers), what the page's script needs; else None."""
    shown = getattr(bound_field.field, "shown_for", None)
    if shown is None:
        return None
    name, values = shown
    return {"name": bound_field.form.add_prefix(name), "values": " ".join(map(str, values))}


@register.filter
def chosen_labels(bound_field) -> list[str]:
    """The labels of the options chosen in a choice field, in the order offered."""
    return [str(option.choice_label) for option in bound_field if option.data["selected"]]
