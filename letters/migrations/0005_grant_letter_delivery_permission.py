"""Caseworkers and managers send letters by hand: they mark a letter from the print queue posted
and try a failed delivery again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("Caseworker", "Manager")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("letters")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    permission = apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="letters", codename="deliver_letter"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    granted = Permission.objects.filter(
        content_type__app_label="letters", codename="deliver_letter"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):
    dependencies = [("letters", "0004_add_letter_delivery")]

    operations = [migrations.RunPython(grant, revoke)]
