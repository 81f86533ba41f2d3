"""Case staff record disputes and read them on the case file; the QSR team handles them.
Administrators, who read no case files, get nothing here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CASE_STAFF = ["add_dispute", "view_dispute"]
ROLE_PERMISSIONS = {
    "Caseworker": CASE_STAFF,
    "Manager": CASE_STAFF,
    "Quality Standards and Research": [*CASE_STAFF, "handle_dispute"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("disputes")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        for codename in ROLE_PERMISSIONS[group.name]:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="disputes", codename=codename)
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    granted = Permission.objects.filter(content_type__app_label="disputes")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):
    dependencies = [("disputes", "0001_add_disputes"), ("musuc", "0002_create_roles")]

    operations = [migrations.RunPython(grant, revoke)]
