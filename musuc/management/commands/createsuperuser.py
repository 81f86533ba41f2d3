"""A superuser holds no role here, so it can do nothing: point operators at the command
that makes an administrator instead."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Not used in MUSUC: run create_administrator instead."

    def add_arguments(self, parser):
        # Accept (and ignore) Django's own options, so scripts get the message, not a usage error.
        parser.add_argument("args", nargs="*")
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--noinput", "--no-input", action="store_true")

    def handle(self, *args, **options):
        raise CommandError(
            "Superusers get no access in MUSUC: access comes from roles only. Create the "
            "first administrator with: manage.py create_administrator --username NAME "
            "--email ADDRESS"
        )
