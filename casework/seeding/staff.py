"""The demo accounts, the other staff and their teams."""

from __future__ import annotations

from django.contrib.auth.models import Group

from musuc.models import Team, User
from musuc.roles import Role

DEMO_PASSWORD = "musuc-demo"  # noqa: S105 - demo data only; refused with DEBUG off
DEMO_ACCOUNTS = [
    ("caseworker", "Cara", "Walsh", Role.CASEWORKER, "Contact Centre"),
    ("manager", "Morgan", "Price", Role.MANAGER, "Contact Centre"),
    ("qsr", "Quinn", "Roberts", Role.QSR, "Quality Standards and Research"),
    ("admin", "Ada", "Hughes", Role.ADMINISTRATOR, None),
]
OTHER_STAFF = [
    ("sam.khan", "Sam", "Khan", Role.CASEWORKER, "Complaints and Feedback"),
    ("ellis.jones", "Ellis", "Jones", Role.CASEWORKER, "Casework Team A"),
    ("rowan.evans", "Rowan", "Evans", Role.MANAGER, "Casework Team A"),
]
TEAMS = [
    "Contact Centre",
    "Complaints and Feedback",
    "Casework Team A",
    "Quality Standards and Research",
]


def ensure_staff() -> list[User]:
    """Make the accounts that are missing (the demo ones with the demo password); return the
    staff who work on cases (everyone but the administrator)."""
    teams = {name: Team.objects.get_or_create(name=name)[0] for name in TEAMS}
    staff = []
    for username, first, last, role, team in DEMO_ACCOUNTS + OTHER_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@musuc.invalid",
                "team": teams.get(team),
                "is_staff": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            if (username, first, last, role, team) in DEMO_ACCOUNTS:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=role.value))
        if role != Role.ADMINISTRATOR:
            staff.append(user)
    return staff
