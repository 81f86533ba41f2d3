"""The draft page's form: the free-text parts of a letter, the only parts staff may edit."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from letters import placeholders
from letters.choices import TemplateLanguage
from musuc.forms import GovukFormMixin, ReasonField

# The language a part is written in, said after its label in a letter of two languages.
IN_LANGUAGE = {
    TemplateLanguage.WELSH: gettext_lazy("in Welsh"),
    TemplateLanguage.ENGLISH: gettext_lazy("in English"),
}


def field_name(language: str, name: str, *, bilingual: bool) -> str:
    """The form field of one part in one language: ``reasons``, or ``cy_reasons`` in a letter
    of two languages."""
    slug = name.replace(" ", "_")
    return f"{language}_{slug}" if bilingual else slug


class LetterDraftForm(GovukFormMixin, forms.Form):
    """Each editable part of the letter's kind (``letters.placeholders``), once for each of its
    languages, filled with what the draft says. The facts are never fields."""

    def __init__(self, *args, letter, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter = letter
        self.bilingual = len(letter.languages) > 1
        # field name -> (language, placeholder name), in the order the page shows them
        self.parts: dict[str, tuple[str, str]] = {}
        offered = placeholders.placeholders_of(letter.kind)
        for language in letter.languages:
            for name in placeholders.editable_names(letter.kind):
                placeholder = offered[name]
                label = str(placeholder.help)
                if self.bilingual:
                    label = _("%(part)s (%(language)s)") % {
                        "part": label,
                        "language": IN_LANGUAGE[TemplateLanguage(language)],
                    }
                key = field_name(language, name, bilingual=self.bilingual)
                self.fields[key] = ReasonField(
                    label=label,
                    rows=6,
                    required=placeholder.required,
                    initial=letter.editable.get(language, {}).get(name, ""),
                    help_text=_("The letter prints this where its template says ((%(name)s)).")
                    % {"name": name},
                    # As the service words it, so that the two never show one problem twice.
                    error_messages={
                        "required": _("Enter the text for “%(name)s”") % {"name": name}
                    },
                )
                self.parts[key] = (language, name)
        self._govuk_style()

    def by_language(self) -> dict[str, dict[str, str]]:
        """What was entered, as the service takes it: {language: {part: text}}."""
        parts: dict[str, dict[str, str]] = {}
        for key, (language, name) in self.parts.items():
            parts.setdefault(language, {})[name] = self.cleaned_data.get(key, "")
        return parts

    def add_service_problems(self, problems: dict[str, list[str]]) -> None:
        """A service's refusal, keyed by part, shown beside that part in each language."""
        by_part: dict[str, list[str]] = {}
        for name, messages in problems.items():
            keys = [key for key, (_lang, part) in self.parts.items() if part == name]
            for key in keys or ["__all__"]:
                by_part.setdefault(key, []).extend(messages)
        self.add_problems(by_part)
