"""One date style everywhere: '1 December 2027' in sentences, '1 Dec 2027' in tables, never a
zero-padded day, and every template and message naming the style instead of writing it."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.formats import date_format

from restrictions.choices import DeliveryMethod
from restrictions.models import Term, Warning

ROOT = Path(__file__).resolve().parents[2]
APPS = ("contacts", "restrictions", "disputes", "casework", "musuc", "templates")
NAMED = {
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "c",  # the machine-readable datetime="" of a <time>
    "M y",  # the review chart's month labels: no day in them
}
DAY = dt.date(2027, 12, 1)


def _sources(pattern):
    for app in APPS:
        yield from (p for p in (ROOT / app).rglob(pattern) if "formats" not in p.parts)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("DATE_FORMAT", "1 December 2027"),
        ("SHORT_DATE_FORMAT", "1 Dec 2027"),
        ("YEAR_MONTH_FORMAT", "December 2027"),
    ],
)
def test_each_date_style_reads_as_the_style_guide_says(style, expected):
    assert date_format(DAY, style) == expected


def test_a_time_in_a_sentence_says_at():
    assert date_format(dt.datetime(2027, 12, 1, 9, 5, tzinfo=dt.UTC), "DATETIME_FORMAT") == (
        "1 December 2027 at 09:05"
    )


def test_welsh_dates_use_the_same_styles():
    with translation.override("cy"):
        assert date_format(DAY, "DATE_FORMAT") == "1 Rhagfyr 2027"
        assert not date_format(DAY, "SHORT_DATE_FORMAT").startswith("01")


def test_a_warning_names_its_letter_date_without_a_leading_zero():
    warning = Warning(delivery_method=DeliveryMethod.LETTER, delivered_on=dt.date(2026, 5, 7))
    assert str(warning) == "Letter 7 May 2026"


def test_a_term_names_its_dates_the_table_way():
    term = Term(starts_on=dt.date(2026, 5, 7), ends_on=dt.date(2026, 8, 6))
    assert str(term) == "7 May 2026 – 6 Aug 2026"


def test_every_template_names_a_date_style_instead_of_writing_one():
    written = [
        f"{path.relative_to(ROOT)}: {fmt}"
        for path in _sources("*.html")
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text())
        if fmt not in NAMED
    ]
    assert not written


def test_no_python_writes_a_date_format_itself():
    # strftime or an f-string's %d, and date_format given a format of its own.
    written = re.compile(
        r"%d[ /-]%[bBm]|date_format\([^()]*(?:\([^()]*\))?[^()]*,\s*\"(?![A-Z_]+\")"
    )
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _sources("*.py")
        for match in written.finditer(path.read_text())
    ]
    assert not found
