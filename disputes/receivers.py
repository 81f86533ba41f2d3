"""Domain events from apps to the left that the dispute rules act on."""

from django.dispatch import receiver

from contacts.models import Contact
from contacts.signals import contact_logged
from disputes import services


@receiver(contact_logged, sender=Contact, dispatch_uid="disputes.flag_contact")
def flag_contact_on_open_disputes(sender, contact, actor, **kwargs):
    services.disputes_flag_contact(contact=contact, actor=actor)
