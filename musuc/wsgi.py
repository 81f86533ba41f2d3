import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musuc.settings")

application = get_wsgi_application()

from musuc import calendar  # noqa: E402  (these need the settings loaded above)
from musuc.db import use_timeouts  # noqa: E402

use_timeouts("web")
calendar.load()
# WeasyPrint's libraries (Pango, fontTools) take a second or more to load: loaded here, before
# gunicorn forks, the first letter a worker issues does not pay for them.
import weasyprint  # noqa: E402, F401
