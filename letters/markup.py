"""A small, safe renderer of GOV.UK Notify's template style, to HTML and to plain text.

Templates use Notify's ``((placeholder))`` and its simple markdown:

* a blank line between paragraphs; a single line break stays a line break
* ``# Heading``
* ``* item`` (or ``-`` or ``•``) bullets, and ``1. item`` numbered lists
* ``^ text`` inset text
* ``---`` a horizontal rule

Safety: the template's structure is read **before** any value is put in, and each value is put
in once, as text: a value that holds ``<script>``, ``((x))``, ``# `` or ``* `` stays exactly
that text (HTML-escaped in the HTML). Template text is never run as Django template code.

A list value (the conditions, the dispute routes) on a line of its own becomes a bulleted list
(a bullet line holding it becomes one bullet per item); inside a sentence its items are joined
("a, b and c"). A text value on a line of its own may hold paragraphs of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PLACEHOLDER = re.compile(r"\(\(([^()\n]+?)\)\)")

_RULE = re.compile(r"^\s*(-{3,}|\*{3,})\s*$")
_HEADING = re.compile(r"^#+\s+(.*)$")
_BULLET = re.compile(r"^\s*[*•-]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_INSET = re.compile(r"^\^\s*(.*)$")

Value = str | Sequence[str]
Values = Mapping[str, Value]


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a text holds, as written."""
    return [match.strip() for match in PLACEHOLDER.findall(text)]


def _key(name: str) -> str:
    return " ".join(name.lower().split())


@dataclass
class Block:
    """One block of a template (or of its rendering): a paragraph, heading, list, inset or
    rule; ``lines`` are template lines before filling, texts after."""

    kind: str
    lines: list[str] = field(default_factory=list)


def _list_item(line: str) -> tuple[str, str] | None:
    """("ul" or "ol", the item's text) for a bullet or numbered line; None for any other."""
    if match := _BULLET.match(line):
        return "ul", match[1]
    if match := _NUMBERED.match(line):
        return "ol", match[1]
    return None


def parse(text: str) -> list[Block]:
    """The template's blocks, read from its own text (placeholders not yet filled)."""
    blocks: list[Block] = []
    current: Block | None = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            current = None
            continue
        if _RULE.match(line):
            blocks.append(Block("hr"))
            current = None
        elif match := _HEADING.match(line):
            blocks.append(Block("h", [match[1]]))
            current = None
        elif item := _list_item(line):
            kind, text = item
            if current is None or current.kind != kind:
                current = Block(kind)
                blocks.append(current)
            current.lines.append(text)
        elif match := _INSET.match(line):
            if current is None or current.kind != "inset":
                current = Block("inset")
                blocks.append(current)
            current.lines.append(match[1])
        else:
            if current is None or current.kind != "p":
                current = Block("p")
                blocks.append(current)
            current.lines.append(line.strip())
    return blocks


class MissingValue(KeyError):
    """A placeholder the template names has no value to fill it with."""


@dataclass
class Filler:
    values: Values
    join: Callable[[Sequence[str]], str]

    def value(self, name: str) -> Value:
        try:
            return self.values[_key(name)]
        except KeyError:
            raise MissingValue(name) from None

    def inline(self, line: str) -> str:
        """A line with each placeholder replaced by its value, once (values never rescanned)."""

        def fill(match: re.Match) -> str:
            value = self.value(match[1])
            return value if isinstance(value, str) else self.join(value)

        return PLACEHOLDER.sub(fill, line)

    def alone(self, line: str) -> Value | None:
        """The value of a line that is a single placeholder and nothing else; None otherwise."""
        match = PLACEHOLDER.fullmatch(line.strip())
        return self.value(match[1]) if match else None


def _paragraphs(text: str) -> list[str]:
    return [chunk.strip() for chunk in re.split(r"\n\s*\n", text.strip()) if chunk.strip()]


def fill(blocks: Sequence[Block], filler: Filler) -> list[Block]:
    """The rendered blocks: each template block filled, a list value on a line of its own
    turned into list items, a text value's paragraphs into paragraphs."""
    out: list[Block] = []
    for block in blocks:
        if block.kind in ("ul", "ol"):
            items: list[str] = []
            for line in block.lines:
                value = filler.alone(line)
                if value is not None and not isinstance(value, str):
                    items.extend(value)
                else:
                    items.append(filler.inline(line).strip())
            out.append(Block(block.kind, [item for item in items if item]))
        elif block.kind == "p":
            lines: list[str] = []
            for line in block.lines:
                value = filler.alone(line)
                if value is not None and not isinstance(value, str):
                    if lines:
                        out.append(Block("p", ["\n".join(lines)]))
                        lines = []
                    if value:
                        out.append(Block("ul", list(value)))
                elif isinstance(value, str) and len(_paragraphs(value)) > 1:
                    if lines:
                        out.append(Block("p", ["\n".join(lines)]))
                        lines = []
                    out.extend(Block("p", [chunk]) for chunk in _paragraphs(value))
                else:
                    lines.append(filler.inline(line).strip())
            if any(lines):
                out.append(Block("p", ["\n".join(lines)]))
        elif block.kind == "hr":
            out.append(Block("hr"))
        else:  # a heading, an inset: one text
            text = "\n".join(filler.inline(line).strip() for line in block.lines)
            out.append(Block(block.kind, [text]))
    return out


def _html_text(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def to_html(blocks: Sequence[Block]) -> SafeString:
    """The rendered blocks as HTML, every text escaped."""
    parts: list[str] = []
    for block in blocks:
        if block.kind == "p":
            parts.append(f"<p>{_html_text(block.lines[0])}</p>")
        elif block.kind == "h":
            parts.append(f"<h2>{_html_text(block.lines[0])}</h2>")
        elif block.kind in ("ul", "ol"):
            items = "".join(f"<li>{_html_text(item)}</li>" for item in block.lines)
            parts.append(f"<{block.kind}>{items}</{block.kind}>")
        elif block.kind == "inset":
            parts.append(f'<div class="inset"><p>{_html_text(block.lines[0])}</p></div>')
        elif block.kind == "hr":
            parts.append("<hr>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every text above is escaped


def _indented(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0], *(rest + line for line in lines[1:])])


def to_text(blocks: Sequence[Block]) -> str:
    """The rendered blocks as plain text, as an email body shows them."""
    parts: list[str] = []
    for block in blocks:
        if block.kind == "p" or block.kind == "h":
            parts.append(block.lines[0])
        elif block.kind == "ul":
            parts.append("\n".join(_indented(item, "• ", "  ") for item in block.lines))
        elif block.kind == "ol":
            parts.append(
                "\n".join(_indented(item, f"{n}. ", "   ") for n, item in enumerate(block.lines, 1))
            )
        elif block.kind == "inset":
            parts.append(_indented(block.lines[0], "  ", "  "))
        elif block.kind == "hr":
            parts.append("-" * 40)
    return "\n\n".join(parts)


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: SafeString
    text: str


def render(
    *, subject: str, body: str, values: Values, join: Callable[[Sequence[str]], str]
) -> Rendered:
    """A template's subject and body, filled with ``values`` (names as
    ``letters.placeholders`` gives them), as HTML and as plain text."""
    filler = Filler(values, join)
    blocks = fill(parse(body), filler)
    subject_text = " ".join(filler.inline(subject).split())
    return Rendered(subject=subject_text, html=to_html(blocks), text=to_text(blocks))
