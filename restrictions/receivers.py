"""Domain events from apps to the left that the restrictions rules act on."""

from django.dispatch import receiver

from contacts.models import Contact
from contacts.signals import contact_logged
from restrictions import services


@receiver(contact_logged, sender=Contact, dispatch_uid="restrictions.breaches_record")
def judge_contact_against_restriction(sender, contact, **kwargs):
    services.breaches_record(contact=contact)
