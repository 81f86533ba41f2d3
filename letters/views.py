"""The staff pages of a letter: write it from its record, edit its draft, check and issue it,
and read the issued letter with its PDF.

Who may write, edit and issue a letter is whoever takes the decision it tells
(``letters.rules.ISSUE_PERMISSIONS``: caseworkers and managers a warning's, managers a
restriction's, QSR a dispute's); every case role reads an issued letter on the case file.
Administrators keep the templates and read no letter.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from contacts.frame import CaseFileMixin
from letters import panels, placeholders, rules, selectors, services, telling
from letters.choices import LetterKind, LetterLanguage, LetterState
from letters.forms import LetterDraftForm
from letters.markup import placeholders_in
from letters.models import Letter, may_issue
from letters.rendering import letter_rendered
from musuc.roles import PermissionRequiredView

READ = "letters.view_letter"
DISPUTE_KINDS = (LetterKind.DISPUTE_ACKNOWLEDGEMENT, LetterKind.DISPUTE_OUTCOME)

# The person's name, reference and the date: shown above the letter already.
COMMON = frozenset(placeholder.name for placeholder in placeholders.COMMON)

_BODY = re.compile(r"<body([^>]*)>(.*)</body>", re.DOTALL)


def page_markup(html: str, *, large_print: bool) -> SafeString:
    """A letter's HTML (rendered, or as issued) shown inside a page: its body, with its
    headings a level down under the page's own heading. The letter's markup is the project's
    own, every value in it escaped when it was rendered."""
    match = _BODY.search(html)
    body = match[2] if match else ""
    body = re.sub(r"<(/?)h2>", r"<\1h3>", body)
    body = body.replace('<h1 class="letter__subject">', '<h2 class="letter__subject">')
    body = body.replace("</h1>", "</h2>")
    classes = "app-letter app-letter--large-print" if large_print else "app-letter"
    return mark_safe(f'<div class="{classes}">{body}</div>')  # noqa: S308 - see above


def record_url(record) -> str:
    """The page of the record a letter is about, where its decision was taken."""
    if isinstance(record, panels.RECORD_MODELS["warning"]):
        return reverse("restrictions:case-file", args=[record.service_user.reference])
    if isinstance(record, panels.RECORD_MODELS["variation"]):
        return record.restriction.get_absolute_url()
    if isinstance(record, panels.RECORD_MODELS["dispute"]):
        return reverse("admin:disputes_dispute_change", args=[record.pk])
    return record.get_absolute_url()


class LetterMixin(CaseFileMixin):
    """A page about one letter, inside its person's case file."""

    @cached_property
    def letter(self) -> Letter:
        try:
            return selectors.letter_detail(self.kwargs["pk"])
        except Letter.DoesNotExist:
            raise Http404 from None

    @property
    def case_file_section(self) -> str:  # type: ignore[override]
        return "disputes" if self.letter.kind in DISPUTE_KINDS else "restrictions"

    def get_reference(self) -> str:
        return self.letter.service_user.reference

    def check_letter_permission(self) -> None:
        """A draft is for whoever takes its decision; an issued letter for every case role."""
        if not self.letter.is_issued and not may_issue(self.letter, self.request.user):
            raise PermissionDenied(_("Only whoever takes this decision can write its letter"))

    def dispatch(self, request, *args, **kwargs):
        # After the role check (PermissionRequiredView, first in each view's bases): this
        # narrows it to the letter.
        self.check_letter_permission()
        return super().dispatch(request, *args, **kwargs)

    def conditions(self, context) -> list:
        """The conditions in force, as the case file's header already read them."""
        standing = context.get("standing")
        restriction = getattr(standing, "restriction", None)
        return [] if restriction is None else list(restriction.conditions.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letter = self.letter
        record = letter.record
        # By when a draft is to be issued (working days: the office's closure days are read).
        due_on = None if letter.is_issued else rules.letter_due_on(letter.decided_on)
        context.update(
            letter=letter,
            record_url=record_url(record),
            language_words=telling.language_in_words(letter.language),
            format_words=telling.format_in_words(
                letter.format, letter.manual_format, letter.manual_format_detail
            ),
            sending=telling.sending_of(letter, self.conditions(context)),
            due_on=due_on,
            overdue=due_on is not None and due_on < timezone.localdate(),
            large_print=letter.format == "large_print",
        )
        return context


def _facts_shown(letter: Letter) -> list[dict]:
    """The facts each language's template prints, read-only, labelled for staff."""
    offered = placeholders.placeholders_of(letter.kind)
    shown = []
    for language in letter.languages:
        texts = letter.template_texts[language]
        used = {
            placeholders.normalised(name)
            for name in placeholders_in(texts["subject"] + "\n" + texts["body"])
        }
        values = letter.facts.get(language, {})
        rows = [
            {
                "label": placeholder.help,
                "name": name,
                "values": values[name] if isinstance(values[name], list) else [values[name]],
            }
            for name, placeholder in offered.items()
            if not placeholder.editable and name in used and name in values and name not in COMMON
        ]
        shown.append({"language": LetterLanguage(language).label, "code": language, "rows": rows})
    return shown


class LetterPageView(PermissionRequiredView, LetterMixin, TemplateView):
    """A letter's page: a draft as it will read, with its facts and the parts staff may edit
    (posting here saves them), or the letter as it was issued."""

    permission_required = (READ,)

    def get_template_names(self):
        if self.letter.is_issued:
            return ["letters/letter_issued.html"]
        return ["letters/letter_draft.html"]

    def get_form(self, data=None) -> LetterDraftForm:
        return LetterDraftForm(data, letter=self.letter)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letter = self.letter
        if letter.is_issued:
            context["html"] = page_markup(letter.html, large_print=context["large_print"])
            context["verified"] = letter.verify()
            context["may_mark_produced"] = letter.needs_manual_production and may_issue(
                letter, self.request.user
            )
            return context
        rendered = letter_rendered(letter, on=timezone.localdate())
        context["preview"] = page_markup(rendered.html, large_print=context["large_print"])
        context["facts_shown"] = _facts_shown(letter)
        context.setdefault("form", self.get_form())
        return context

    def post(self, request, *args, **kwargs):
        letter = self.letter
        if letter.is_issued:
            messages.info(request, _("This letter has been issued: it can no longer change."))
            return HttpResponseRedirect(reverse("letters:detail", args=[letter.pk]))
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                services.letter_update_parts(
                    letter=letter, parts=form.by_language(), by=request.user
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    messages.info(request, " ".join(error.messages))
                    return HttpResponseRedirect(reverse("letters:detail", args=[letter.pk]))
                form.add_service_problems(error.message_dict)
            else:
                if "continue" in request.POST:
                    return HttpResponseRedirect(reverse("letters:check", args=[letter.pk]))
                messages.success(request, _("Draft saved: the letter below reads as you left it"))
                return HttpResponseRedirect(reverse("letters:detail", args=[letter.pk]))
        return self.render_to_response(self.get_context_data(form=form))


class LetterCheckView(PermissionRequiredView, LetterMixin, TemplateView):
    """Check the letter before it is issued: each part staff wrote, with a link to change it,
    and the letter as it will read. Issuing cannot be undone."""

    permission_required = (READ,)
    template_name = "letters/letter_check.html"

    def get(self, request, *args, **kwargs):
        if self.letter.is_issued:
            return HttpResponseRedirect(reverse("letters:detail", args=[self.letter.pk]))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letter = self.letter
        form = LetterDraftForm(letter=letter)
        detail = reverse("letters:detail", args=[letter.pk])
        context["answers"] = [
            {
                "key": form.fields[key].label,
                "value": letter.editable.get(language, {}).get(name, ""),
                "change_url": f"{detail}#{form[key].auto_id}",
            }
            for key, (language, name) in form.parts.items()
        ]
        rendered = letter_rendered(letter, on=timezone.localdate())
        context["preview"] = page_markup(rendered.html, large_print=context["large_print"])
        return context


class LetterIssueView(LetterPageView):
    """Issue the checked draft: frozen, hashed, kept as HTML and PDF, and the decision's record
    of how the person was told filled in. A part left blank shows the draft again, with the
    problem beside it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        letter = self.letter
        detail = reverse("letters:detail", args=[letter.pk])
        if letter.is_issued:
            messages.info(request, _("This letter has already been issued."))
            return HttpResponseRedirect(detail)
        try:
            issued = services.letter_issue(letter=letter, by=request.user)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # issued by someone else a moment ago
                messages.info(request, " ".join(error.messages))
                return HttpResponseRedirect(detail)
            form = self.get_form(self.draft_answers())
            form.is_valid()
            form.add_service_problems(error.message_dict)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _("Letter issued on %(date)s. %(next)s")
            % {
                "date": date_format(timezone.localdate(issued.issued_at), "DATE_FORMAT"),
                "next": telling.sending_of(issued).next_step,
            },
        )
        return HttpResponseRedirect(detail)

    def draft_answers(self) -> dict[str, str]:
        """The draft's parts as its form would post them."""
        letter = self.letter
        return {
            key: letter.editable.get(language, {}).get(name, "")
            for key, (language, name) in LetterDraftForm(letter=letter).parts.items()
        }


class LetterPdfView(PermissionRequiredView, View):
    """The issued letter's PDF, served from private storage after the role check: never a
    public address."""

    permission_required = (READ,)

    def get(self, request, pk):
        letter = get_object_or_404(
            Letter.objects.select_related("service_user"), pk=pk, state=LetterState.ISSUED
        )
        try:
            handle = letter.pdf.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{letter.reference.replace('/', '-')}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response


class LetterProducedView(PermissionRequiredView, LetterMixin, View):
    """The letter has been produced by hand in the person's format: its task is done."""

    permission_required = (READ,)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.letter_mark_produced(letter=self.letter, by=request.user)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recorded that the letter was produced and sent"))
        return HttpResponseRedirect(reverse("letters:detail", args=[self.letter.pk]))


class LetterWriteView(PermissionRequiredView, View):
    """ "Write the letter": draft the letter a record calls for now, from the record, and open
    it; the draft already open if there is one, the letter itself if it was issued."""

    permission_required = (READ,)
    http_method_names = ["post"]

    def post(self, request, record: str, pk: int):
        model = panels.RECORD_MODELS.get(record)
        if model is None:
            raise Http404
        subject = get_object_or_404(model._default_manager.all(), pk=pk)
        kind = panels.kind_now(subject)
        back = record_url(subject)
        if kind is None:
            messages.info(request, _("This record does not call for a letter now."))
            return HttpResponseRedirect(back)
        if not request.user.has_perm(rules.ISSUE_PERMISSIONS[kind]):
            raise PermissionDenied(_("Only whoever takes this decision can write its letter"))
        letters = selectors.letters_about(subject, kind)
        issued = letters.filter(state=LetterState.ISSUED).first()
        if issued is not None and not letters.filter(state=LetterState.DRAFT).exists():
            messages.info(
                request,
                _("This letter was issued on %(date)s: here it is.")
                % {"date": date_format(timezone.localdate(issued.issued_at), "DATE_FORMAT")},
            )
            return HttpResponseRedirect(reverse("letters:detail", args=[issued.pk]))
        try:
            letter = services.letter_draft(subject, by=request.user, kind=kind)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
            return HttpResponseRedirect(back)
        return HttpResponseRedirect(reverse("letters:detail", args=[letter.pk]))
