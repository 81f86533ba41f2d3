from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    """The letters the person is owed in writing: templates, drafts and issued letters."""

    name = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from letters import (
            checks,  # noqa: F401 - registers the delivery settings' checks
            panels,
        )
        from restrictions import letter_links

        # The pages of restrictions and disputes show their records' letters through these.
        letter_links.letters_of_records.fill(panels.letters_of_records)
        letter_links.newest_owed.fill(panels.newest_owed)
