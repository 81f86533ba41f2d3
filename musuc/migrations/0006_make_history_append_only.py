from django.db import migrations

from musuc.append_only import AppendOnly


class Migration(migrations.Migration):
    """PostgreSQL refuses UPDATE, DELETE and TRUNCATE of this app's history (see musuc.append_only)."""

    dependencies = [
        ("musuc", "0005_add_notification_outbox"),
    ]

    operations = [
        AppendOnly(
            "HistoricalTeam",
            "HistoricalUser",
            "HistoricalOfficeClosureDay",
        ),
    ]
