"""The demo accounts, the other staff and their teams."""

from __future__ import annotations

import random
import string
import unicodedata

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count

from casework.seeding.bulk import history_write
from casework.seeding.names import FIRST_NAMES, LAST_NAMES
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
QSR_TEAM = "Quality Standards and Research"
TEAMS = [
    "Contact Centre",
    "Complaints and Feedback",
    "Casework Team A",
    QSR_TEAM,
]
# Who logs contacts and adds people: the staff seeded records name as their authors.
CASE_ROLES = (Role.CASEWORKER, Role.MANAGER)
# Of the staff added beyond the named ones: a manager for about every twelve in a team, and an
# administrator for about every 250 people.
STAFF_PER_MANAGER = 12
STAFF_PER_ADMINISTRATOR = 250


def ensure_staff(
    total: int | None = None, teams: int | None = None, rnd: random.Random | None = None
) -> list[User]:
    """Make the accounts that are missing (the demo ones with the demo password), and as many
    more staff as bring them to ``total``, spread over ``teams`` teams; return the staff who
    log contacts and add people (caseworkers and managers)."""
    named = {name: Team.objects.get_or_create(name=name)[0] for name in TEAMS}
    for username, first, last, role, team in DEMO_ACCOUNTS + OTHER_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@musuc.invalid",
                "team": named.get(team),
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
    if total:
        create_more_staff(rnd or random.Random(total), total, teams or len(TEAMS))  # noqa: S311
    return list(
        User.objects.filter(is_active=True, groups__name__in=CASE_ROLES).distinct().order_by("pk")
    )


def _team_names(count: int) -> list[str]:
    """The named teams, then casework teams lettered on from A."""
    names = list(TEAMS)
    letters = iter(
        [*string.ascii_uppercase[1:], *(a + b for a in string.ascii_uppercase for b in "AB")]
    )
    while len(names) < count:
        names.append(f"Casework Team {next(letters)}")
    return names


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def create_more_staff(rnd: random.Random, total: int, team_count: int) -> None:
    """Add staff until there are ``total`` accounts, each new one in the team with fewest
    members: a manager first in each team, members of the QSR team holding the QSR role,
    everyone else a caseworker but for a manager in about every twelve; and an administrator
    (in no team) in about every 250. None of them can sign in: no password is usable."""
    have = User.objects.count()
    if have >= total:
        return
    teams = [Team.objects.get_or_create(name=name)[0] for name in _team_names(team_count)]
    groups = {role: Group.objects.get(name=role.value) for role in Role}
    in_teams = User.objects.filter(team__in=teams)
    members = {team.pk: 0 for team in teams}
    members.update(in_teams.values_list("team").annotate(Count("pk")).order_by())
    managed = set(in_teams.filter(groups__name=Role.MANAGER).values_list("team", flat=True))
    usernames = set(User.objects.values_list("username", flat=True))
    made: list[tuple[User, Role]] = []
    for number in range(have, total):
        first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
        username = base = f"{_ascii(first)}.{_ascii(last)}"
        suffix = 1
        while username in usernames:
            suffix += 1
            username = f"{base}{suffix}"
        usernames.add(username)
        if number % STAFF_PER_ADMINISTRATOR == 0:
            team, role = None, Role.ADMINISTRATOR
        else:
            team = min(teams, key=lambda candidate: members[candidate.pk])
            members[team.pk] += 1
            if team.pk not in managed:
                managed.add(team.pk)
                role = Role.MANAGER
            elif team.name == QSR_TEAM:
                role = Role.QSR
            elif rnd.randrange(STAFF_PER_MANAGER) == 0:
                role = Role.MANAGER
            else:
                role = Role.CASEWORKER
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@musuc.invalid",
            team=team,
            is_staff=role == Role.ADMINISTRATOR,
            password=make_password(None),
        )
        made.append((user, role))
    with transaction.atomic():
        created = User.objects.bulk_create([user for user, _role in made])
        roles = User.groups.through
        roles.objects.bulk_create(
            roles(user_id=user.pk, group_id=groups[role].pk)
            for user, (_made, role) in zip(created, made, strict=True)
        )
        ids = [user.pk for user in created]
        history_write(User, range(min(ids), max(ids) + 1), None)
