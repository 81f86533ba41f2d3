"""Reading a letter's PDF back: its text (pypdf's extraction, spaces made single), the sizes of
its type in points, and its catalogue."""

from __future__ import annotations

import io

import pypdf


def reader(letter) -> pypdf.PdfReader:
    with letter.pdf.open("rb") as stored:
        return pypdf.PdfReader(io.BytesIO(stored.read()))


def text(letter) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader(letter).pages).split())


def type_sizes(letter) -> set[float]:
    """Every size of type the PDF sets text in, in points."""
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * tm[0] * cm[0], 1))

    for page in reader(letter).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def words(text: str) -> str:
    return " ".join(text.split())
