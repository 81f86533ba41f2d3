from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_reasons_from_history(apps, schema_editor):
    """Corrections made before this field existed kept their reason (cut to 100 characters at
    most) only as the history's change reason: copy it to the new field, on each history row
    and on the contact from its latest correction. The history rows are the record of what was
    said then, so they are filled in place rather than by saving the contacts again."""
    contact_model = apps.get_model("contacts", "Contact")
    history_model = apps.get_model("contacts", "HistoricalContact")
    corrections = history_model.objects.filter(history_type="~").exclude(
        history_change_reason__isnull=True
    )
    corrections.update(correction_reason=models.F("history_change_reason"))
    latest = (
        corrections.filter(id=OuterRef("pk"))
        .order_by("-history_date", "-history_id")
        .values("history_change_reason")[:1]
    )
    contact_model.objects.filter(pk__in=corrections.values("id")).update(
        correction_reason=Subquery(latest)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_add_call_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="correction_reason",
            field=models.TextField(blank=True, verbose_name="why it was corrected"),
        ),
        migrations.AddField(
            model_name="historicalcontact",
            name="correction_reason",
            field=models.TextField(blank=True, verbose_name="why it was corrected"),
        ),
        migrations.RunPython(copy_reasons_from_history, migrations.RunPython.noop),
    ]
