"""The service's two date styles, after the GOV.UK style guide: '1 December 2027' in sentences
and summaries (DATE_FORMAT, DATETIME_FORMAT), '1 Dec 2027' in tables (SHORT_DATE_FORMAT,
SHORT_DATETIME_FORMAT); never a zero-padded day. Templates name them (``|date:"DATE_FORMAT"``)
and Python calls ``date_format(value, "SHORT_DATE_FORMAT")``; nothing writes a format itself.

Django's en_GB ('25 Oct 2006', '25/10/2006') is what these replace; what is not set here
(the input formats) still comes from it.
"""

DATE_FORMAT = "j F Y"  # 1 December 2027
DATETIME_FORMAT = "j F Y \\a\\t H:i"  # 1 December 2027 at 14:05
SHORT_DATE_FORMAT = "j M Y"  # 1 Dec 2027
SHORT_DATETIME_FORMAT = "j M Y H:i"  # 1 Dec 2027 14:05
TIME_FORMAT = "H:i"  # 14:05
YEAR_MONTH_FORMAT = "F Y"  # December 2027
MONTH_DAY_FORMAT = "j F"  # 1 December
