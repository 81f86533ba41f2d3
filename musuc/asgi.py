import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musuc.settings")

application = get_asgi_application()

from musuc.db import use_timeouts  # noqa: E402  (needs the settings loaded above)

use_timeouts("web")
