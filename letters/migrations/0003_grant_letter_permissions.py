"""Every case role reads letters; administrators alone read and change the letter templates.
Who drafts and issues a letter is the permission of whoever takes its decision (the
restrictions' and disputes' own), so nothing more is granted here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Caseworker": ["view_letter"],
    "Manager": ["view_letter"],
    "Quality Standards and Research": ["view_letter"],
    "Administrator": ["view_lettertemplate", "change_lettertemplate"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("letters")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        for codename in ROLE_PERMISSIONS[group.name]:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="letters", codename=codename)
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    granted = Permission.objects.filter(content_type__app_label="letters")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_ship_default_templates"),
        ("musuc", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
