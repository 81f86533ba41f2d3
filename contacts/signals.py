"""Domain events sent by the contacts services, for apps to their right to act on."""

from django.dispatch import Signal

# Sent inside the logging transaction with ``contact`` and ``actor`` (who logged or corrected
# it), once a contact is logged or corrected.
contact_logged = Signal()
