from django.db import migrations

from musuc.append_only import AppendOnly


class Migration(migrations.Migration):
    """PostgreSQL refuses UPDATE, DELETE and TRUNCATE of this app's history (see musuc.append_only)."""

    dependencies = [
        ("restrictions", "0009_flag_reminders_and_overdue_reviews"),
    ]

    operations = [
        AppendOnly(
            "HistoricalWarning",
            "HistoricalRestriction",
            "HistoricalCondition",
            "HistoricalVariation",
            "HistoricalTerm",
            "HistoricalReview",
            "HistoricalBreach",
        ),
    ]
