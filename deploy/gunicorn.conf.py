"""gunicorn's settings for production: `gunicorn -c deploy/gunicorn.conf.py musuc.wsgi`.

Measured on 2 cores (README, "Scale-out"): pages spend their time in Python and PostgreSQL, so
sync workers, two per core, keep both cores busy while one worker waits on the database.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Two sync workers per core: one runs Python while the other waits on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
# Load the application (settings, URLs, the working-day calendar) once, before forking: each
# worker starts warm and shares the memory. No connection is opened before the fork.
preload_app = True
# A request that takes longer than the database's own statement timeout (10 s) plus rendering
# is stuck: the worker is replaced.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then, at different moments, so none grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file in memory, not on a container's overlay disk (a directory only gunicorn's
# own workers write to).
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
accesslog = "-"
