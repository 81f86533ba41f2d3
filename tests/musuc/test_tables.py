"""A table wider than a small screen scrolls in its own box, which a keyboard can reach."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCROLLING_BOX = re.compile(
    r'<div class="app-table-scroll" role="region" aria-label="[^"]+" tabindex="0">\s*<table'
)


def test_every_table_scrolls_in_a_focusable_named_region():
    unwrapped = [
        str(path.relative_to(ROOT))
        for app in ("templates", "contacts", "restrictions", "disputes", "casework")
        for path in (ROOT / app).rglob("*.html")
        if "admin" not in path.parts
        and path.read_text().count('<table class="govuk-table"')
        != len(SCROLLING_BOX.findall(path.read_text()))
    ]
    assert not unwrapped
