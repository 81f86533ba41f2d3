"""The letter templates shipped with the service, in English and Welsh, for every kind."""

from django.db import migrations


def install(apps, schema_editor):
    from letters.defaults import templates_install

    templates_install(apps)


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_add_letters_and_templates")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
