"""Every case role reads reviews; managers decide them through decide_restriction."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("Caseworker", "Manager", "Quality Standards and Research")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("restrictions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="restrictions", codename="view_review")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(content_type__app_label="restrictions", codename="view_review")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*view)


class Migration(migrations.Migration):
    dependencies = [("restrictions", "0006_add_reviews")]

    operations = [migrations.RunPython(grant, revoke)]
