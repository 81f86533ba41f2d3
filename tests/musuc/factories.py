import factory
from factory.django import DjangoModelFactory

from musuc.models import Team, User

PASSWORD = "correct-horse-battery"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@musuc.invalid")
    team = factory.SubFactory(TeamFactory, name="Contact Centre")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            from tests.conftest import role_group

            self.groups.add(role_group(extracted))
            if extracted == "Administrator":
                self.is_staff = True
                self.save()
