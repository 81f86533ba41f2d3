from django.db import migrations, models


class Migration(migrations.Migration):
    """The newest contacts of everyone, whoever made or logged them (a "recent contacts" read
    for oversight), read along an index of their time alone: the case file's and the logger's
    indexes lead with the person and the logger, so such a read would sort the whole table."""

    dependencies = [
        ("contacts", "0009_add_welsh_letters"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["-occurred_at"], name="contact_when_idx"),
        ),
    ]
