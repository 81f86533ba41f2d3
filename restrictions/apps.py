from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RestrictionsConfig(AppConfig):
    name = "restrictions"
    verbose_name = _("Warnings and restrictions")

    def ready(self):
        from restrictions import receivers  # noqa: F401 - connects the domain events
