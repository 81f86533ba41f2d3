from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """The top layer: pages that assemble several apps; it may import every app."""

    name = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from casework import frame
        from contacts import frame as contacts_frame

        contacts_frame.case_file_header.fill(frame.case_file_header)
        contacts_frame.case_file_annotations.fill(frame.case_file_annotations)
