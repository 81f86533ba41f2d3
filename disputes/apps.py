from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = _("Stage 2 disputes")

    def ready(self):
        from disputes import (
            receivers,  # noqa: F401 - connects the domain events
            selectors,
        )
        from restrictions import selectors as restriction_selectors

        restriction_selectors.disputes_during.fill(selectors.disputes_during_review)
