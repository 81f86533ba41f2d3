"""Grant the roles their permissions on warnings and restrictions: caseworkers and managers
issue warnings and propose restrictions, managers alone close warnings and decide
restrictions, QSR read them all."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = [f"view_{model}" for model in ("warning", "restriction", "condition", "term", "breach")]
CASE_WORK = [*READ, "add_warning", "add_restriction"]
GRANTS = {
    "Caseworker": CASE_WORK,
    "Manager": [*CASE_WORK, "close_warning", "decide_restriction"],
    "Quality Standards and Research": READ,
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("restrictions")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="restrictions", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="restrictions"))


class Migration(migrations.Migration):
    dependencies = [
        ("restrictions", "0001_warnings_restrictions_terms_breaches"),
        ("musuc", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
