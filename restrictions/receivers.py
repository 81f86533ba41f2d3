"""Domain events from apps to the left that the restrictions rules act on."""

from django.dispatch import receiver

from contacts.models import Contact
from contacts.signals import contact_logged
from restrictions import services


@receiver(contact_logged, sender=Contact, dispatch_uid="restrictions.breaches_record")
def judge_contact_against_restriction(sender, contact, actor, **kwargs):
    # The page that logged the contact shows this same judgement: the breaches stored and the
    # advice come from one reading of the conditions in force when the contact happened.
    contact.judgement = services.breaches_record(contact=contact)
