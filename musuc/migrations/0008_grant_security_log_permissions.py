"""Administrators read the security log and see and clear sign-in lockouts; nobody may
change or delete an entry in the log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_securityevent", "view_lockout", "clear_lockout"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("musuc")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Administrator")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="musuc", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Administrator"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="musuc", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("musuc", "0007_add_security_log"), ("musuc", "0002_create_roles")]

    operations = [migrations.RunPython(grant, revoke)]
