"""The same two date styles in Welsh (see musuc/formats/en/formats.py): month names come from
Django's Welsh translations."""

DATE_FORMAT = "j F Y"  # 1 Rhagfyr 2027
DATETIME_FORMAT = "j F Y \\a\\m H:i"  # 1 Rhagfyr 2027 am 14:05
SHORT_DATE_FORMAT = "j M Y"  # 1 Rhag 2027
SHORT_DATETIME_FORMAT = "j M Y H:i"  # 1 Rhag 2027 14:05
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
