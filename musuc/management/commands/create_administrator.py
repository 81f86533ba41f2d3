"""Create an administrator from the server: how an operator makes the first account."""

from __future__ import annotations

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from musuc import services

PASSWORD_VARIABLE = "MUSUC_ADMINISTRATOR_PASSWORD"  # noqa: S105 - the name, not a password


class Command(BaseCommand):
    help = (
        "Create a staff account holding the Administrator role (not a superuser). The "
        f"password is read from {PASSWORD_VARIABLE} if set, otherwise asked for twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, **options):
        password = os.environ.get(PASSWORD_VARIABLE) or self._ask_password()
        try:
            account = services.administrator_create(
                username=options["username"],
                email=options["email"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Administrator {account.username} created."))

    def _ask_password(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(f"Set {PASSWORD_VARIABLE}, or run this in a terminal.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
