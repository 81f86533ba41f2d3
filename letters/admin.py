"""The letter templates in the admin: administrators alone change them; each change is a new
version kept in the history, and the page shows the template filled with sample data."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy

from letters import samples, services
from letters.markup import MissingValue
from letters.models import LetterTemplate
from letters.placeholders import placeholders_of
from musuc.admin import ReadOnlyHistoryAdmin


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ReadOnlyHistoryAdmin):
    list_display = ("kind", "language", "version", "updated_at")
    list_filter = ("kind", "language")
    ordering = ("kind", "language")
    fields = ("kind", "language", "version", "subject", "body", "placeholders", "preview")
    readonly_fields = ("kind", "language", "version", "placeholders", "preview")

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm("letters.view_lettertemplate")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("letters.view_lettertemplate")

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("letters.change_lettertemplate")

    def has_add_permission(self, request) -> bool:
        return False  # one template per kind and language, shipped with the service

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # letters name the template they were made from

    @admin.display(description=gettext_lazy("placeholders this letter offers"))
    def placeholders(self, obj: LetterTemplate):
        rows = [
            (
                f"(({p.name}))",
                p.help,
                gettext_lazy("editable") if p.editable else gettext_lazy("fact"),
                gettext_lazy("required") if p.required else gettext_lazy("optional"),
            )
            for p in placeholders_of(obj.kind).values()
        ]
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><code>{}</code>: {} ({}, {})</li>", rows),
        )

    @admin.display(description=gettext_lazy("preview with sample data (as saved)"))
    def preview(self, obj: LetterTemplate):
        try:
            rendered = samples.preview(
                kind=obj.kind, language=obj.language, subject=obj.subject, body=obj.body
            )
        except MissingValue as missing:
            return format_html("<p>{}</p>", missing)
        return format_html(
            '<div lang="{}"><p><strong>{}</strong></p>{}</div>',
            obj.language,
            rendered.subject,
            rendered.html,
        )

    def save_model(self, request, obj, form, change):
        # Through the service: its checks, its history label, its version.
        services.letter_template_update(
            template=obj, subject=obj.subject, body=obj.body, by=request.user
        )
