"""The policy's numbers that pages quote, from the rules that enforce them."""

from __future__ import annotations

from restrictions import rules


def policy(request) -> dict[str, int]:
    """ "Warning 2 of 3": the maximum comes from the rule, never a literal in a template."""
    return {"MAX_WARNINGS_IN_FORCE": rules.MAX_UNSPENT_WARNINGS}
