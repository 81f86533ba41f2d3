from django.db import migrations

from musuc.append_only import AppendOnly


class Migration(migrations.Migration):
    """PostgreSQL refuses UPDATE, DELETE and TRUNCATE of this app's history (see musuc.append_only)."""

    dependencies = [
        ("disputes", "0003_index_unfinished_disputes_by_due_date"),
    ]

    operations = [
        AppendOnly(
            "HistoricalDispute",
        ),
    ]
