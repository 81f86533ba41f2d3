"""Text shown in a small space: one way to shorten it, for templates and labels alike."""

from __future__ import annotations

ELLIPSIS = "…"


def excerpt(text: object, limit: int) -> str:
    """At most ``limit`` characters, ending at a word boundary with '…' when shortened.

    Runs of whitespace become single spaces; a single word longer than the limit is cut.
    """
    flat = " ".join(str(text or "").split())
    if len(flat) <= limit:
        return flat
    room = max(limit - len(ELLIPSIS), 1)
    cut = flat[:room]
    if flat[room] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + ELLIPSIS
