from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("disputes", "0004_make_history_append_only"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dispute",
            index=models.Index(fields=["due_on", "id"], name="dispute_due_idx"),
        ),
    ]
