from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    """The letters the person is owed in writing: templates, drafts and issued letters."""

    name = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from letters import checks  # noqa: F401 - registers the delivery settings' checks
