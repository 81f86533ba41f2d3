import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from contacts.choices import Assessment, Behaviour, Channel, Direction, Impact
from contacts.models import Contact, ReasonableAdjustment, SafeguardingConcern, ServiceUser
from contacts.services import service_user_reference_new
from tests.musuc.factories import UserFactory


class ServiceUserFactory(DjangoModelFactory):
    class Meta:
        model = ServiceUser

    reference = factory.LazyFunction(service_user_reference_new)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = dt.date(1980, 3, 27)
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    phone = factory.Sequence(lambda n: f"07700 9{n:05d}")
    postcode = "CF10 1AA"
    created_by = factory.SubFactory(UserFactory)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    service_user = factory.SubFactory(ServiceUserFactory)
    channel = Channel.EMAIL
    direction = Direction.INBOUND
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    summary = "Asked for an update."
    assessment = Assessment.ACCEPTABLE
    logged_by = factory.SubFactory(UserFactory)

    class Params:
        unacceptable = factory.Trait(
            assessment=Assessment.UNACCEPTABLE,
            behaviours=[Behaviour.HARASSMENT],
            impacts=[Impact.STAFF_HARMED],
        )

    @factory.post_generation
    def received_by(self, create, extracted, **kwargs):
        if create:
            # As contacts.services does: the recipients join the contact's first history row.
            self.skip_history_when_saving = True
            self.received_by.set(extracted or [self.logged_by])
            del self.skip_history_when_saving


class ReasonableAdjustmentFactory(DjangoModelFactory):
    class Meta:
        model = ReasonableAdjustment

    service_user = factory.SubFactory(ServiceUserFactory)
    need = "Dyslexia"
    adjustment = "Written updates in large print"
    agreed_on = dt.date(2026, 1, 5)
    recorded_by = factory.SubFactory(UserFactory)


class SafeguardingConcernFactory(DjangoModelFactory):
    class Meta:
        model = SafeguardingConcern

    service_user = factory.SubFactory(ServiceUserFactory)
    concern = "Expressed thoughts of self-harm."
    action = "referral"
    action_detail = "Referred to the crisis team."
    action_by = factory.SubFactory(UserFactory)
    action_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    recorded_by = factory.SubFactory(UserFactory)
