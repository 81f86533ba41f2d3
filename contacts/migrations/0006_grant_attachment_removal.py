"""Case staff, who log and correct contacts, may remove an attachment (with a reason): the one
who finds a file the IOPC must not hold removes it at once, and the record says who and why."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("Caseworker", "Manager")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("contacts")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    remove = Permission.objects.get(
        content_type__app_label="contacts", codename="remove_attachment"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(remove)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    remove = Permission.objects.filter(
        content_type__app_label="contacts", codename="remove_attachment"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*remove)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0005_record_removed_attachments"),
        ("musuc", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
