"""Production's settings with the benchmarks' floor served beside the project's pages, for a
trial's gunicorn (``DJANGO_SETTINGS_MODULE=casework.benchmark_settings``, scripts/scale_out.py)
and never for production: only the root URLconf differs."""

from musuc.settings import *  # noqa: F403 - every setting as production has it

ROOT_URLCONF = "casework.benchmark_urls"
