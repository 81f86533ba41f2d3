"""A letter rendered: its body from the template (letters.markup), laid out as an HTML letter
(templates/letters/letter.html), as plain text, and as a tagged, accessible PDF by WeasyPrint.

The PDF is PDF/UA-1 (tagged, with the document's language and title), in Debian's DejaVu or
Liberation fonts; WeasyPrint is given nothing to fetch, so no remote font or image can enter.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from letters import markup, wording
from letters.choices import LetterFormat
from letters.rules import IOPC_ADDRESS

STYLESHEET = Path(__file__).resolve().parent / "styles" / "letter.css"
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Part:
    """The letter in one of its languages."""

    language: str
    subject: str
    body: SafeString
    text: str
    date: str
    reference_label: str
    date_label: str


@dataclass(frozen=True)
class RenderedLetter:
    subject: str
    html: str
    text: str
    parts: tuple[Part, ...]


def values_for(letter, language: str, on: dt.date) -> dict:
    """Everything a part's placeholders are filled with: the facts, the edited text and the
    letter's date."""
    return {
        **letter.facts.get(language, {}),
        **letter.editable.get(language, {}),
        "date": wording.date(language, on),
    }


def part_of(letter, language: str, on: dt.date) -> Part:
    texts = letter.template_texts[language]
    rendered = markup.render(
        subject=texts["subject"],
        body=texts["body"],
        values=values_for(letter, language, on),
        join=functools.partial(wording.joined, language),
    )
    return Part(
        language=language,
        subject=rendered.subject,
        body=rendered.html,
        text=rendered.text,
        date=wording.date(language, on),
        reference_label=wording.say(language, "label.reference"),
        date_label=wording.say(language, "label.date"),
    )


def letter_rendered(letter, *, on: dt.date) -> RenderedLetter:
    """The letter as it reads on ``on`` (the day it is issued), in each of its languages."""
    parts = tuple(part_of(letter, language, on) for language in letter.languages)
    person = letter.service_user
    html = render_to_string(
        "letters/letter.html",
        {
            "language": parts[0].language,
            "title": " / ".join(part.subject for part in parts),
            "large_print": letter.format == LetterFormat.LARGE_PRINT,
            "sender_names": [
                {"language": part.language, "text": wording.say(part.language, "sender")}
                for part in parts
            ],
            "sender_address": IOPC_ADDRESS,
            "recipient_name": person.full_name,
            "recipient_address": person.address_lines,
            "reference": letter.reference,
            "parts": parts,
        },
    )
    return RenderedLetter(
        subject=" / ".join(part.subject for part in parts),
        html=html,
        text=text_of(letter, parts),
        parts=parts,
    )


def text_of(letter, parts: tuple[Part, ...]) -> str:
    """The plain-text letter, as an email body: each part's reference, date, subject and body,
    Welsh first in a bilingual letter."""
    sections = [
        "\n".join(
            [
                f"{part.reference_label}: {letter.reference}",
                f"{part.date_label}: {part.date}",
                "",
                part.subject,
                "",
                part.text,
            ]
        )
        for part in parts
    ]
    return ("\n\n" + "=" * 40 + "\n\n").join(sections) + "\n"


@functools.cache
def _stylesheet():
    import weasyprint

    return weasyprint.CSS(string=STYLESHEET.read_text(), url_fetcher=_no_fetching())


def _no_fetching():
    from weasyprint.urls import URLFetcher

    # No protocol is allowed: nothing outside the letter's own HTML and CSS is ever read.
    return URLFetcher(allowed_protocols=())


def pdf_of(html: str) -> bytes:
    """The letter's HTML as a tagged PDF/UA-1, in local fonts only."""
    import weasyprint  # loads Pango: only where a PDF is made

    document = weasyprint.HTML(string=html, url_fetcher=_no_fetching())
    return document.write_pdf(stylesheets=[_stylesheet()], pdf_variant=PDF_VARIANT)
