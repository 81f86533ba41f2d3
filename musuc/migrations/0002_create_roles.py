"""Create the four staff roles as groups, with the permissions each holds for service users,
contacts, adjustments and safeguarding concerns, and for staff administration."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CASE_WORK = [
    f"contacts.{action}_{model}"
    for model in ("serviceuser", "contact", "reasonableadjustment", "safeguardingconcern")
    for action in ("view", "add", "change")
] + ["contacts.view_attachment", "contacts.add_attachment"]

CASE_READING = [
    f"contacts.view_{model}"
    for model in (
        "serviceuser",
        "contact",
        "reasonableadjustment",
        "safeguardingconcern",
        "attachment",
    )
]

STAFF_ADMINISTRATION = [
    f"musuc.{action}_{model}" for model in ("user", "team") for action in ("view", "add", "change")
] + ["auth.view_group"]

ROLE_PERMISSIONS = {
    "Caseworker": CASE_WORK,
    "Manager": CASE_WORK,
    "Quality Standards and Research": CASE_READING,
    "Administrator": STAFF_ADMINISTRATION,
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("musuc", "0001_staff_and_teams"),
        ("contacts", "0001_service_users_and_contacts"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
