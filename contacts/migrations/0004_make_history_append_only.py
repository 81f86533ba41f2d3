from django.db import migrations

from musuc.append_only import AppendOnly


class Migration(migrations.Migration):
    """PostgreSQL refuses UPDATE, DELETE and TRUNCATE of this app's history (see musuc.append_only)."""

    dependencies = [
        ("contacts", "0003_add_correction_reason"),
    ]

    operations = [
        AppendOnly(
            "HistoricalServiceUser",
            "HistoricalReasonableAdjustment",
            "HistoricalSafeguardingConcern",
            "HistoricalContact",
            "HistoricalContact_received_by",
            "HistoricalContact_teams",
            "HistoricalAttachment",
        ),
    ]
