import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musuc.settings")

application = get_wsgi_application()

from musuc.db import use_timeouts  # noqa: E402  (needs the settings loaded above)

use_timeouts("web")
