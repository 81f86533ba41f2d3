"""Places a lower app leaves for a higher one to fill, so that imports point one way.

A page of a lower app that shows what a higher app knows (the case file's header: warnings,
restriction, open dispute; the disputes a restriction's review weighs) asks a hook; the higher
app fills it once, in its ``AppConfig.ready``. Until it is filled the hook gives its default.
"""

from __future__ import annotations

from collections.abc import Callable


class Hook[**P, T]:
    def __init__(self, name: str, default: Callable[P, T]) -> None:
        self.name = name
        self._supplier = default

    def fill(self, supplier: Callable[P, T]) -> Callable[P, T]:
        """Answer the hook with ``supplier`` from now on (usable as a decorator)."""
        self._supplier = supplier
        return supplier

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._supplier(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"
