"""The project's URLs and the benchmarks' floor, for a trial's web processes only
(``casework.benchmark_settings``); production's URLconf stays ``musuc.urls``."""

from casework.benchmarking import floor_urlpatterns
from musuc import urls

urlpatterns = floor_urlpatterns(project_urlconf=urls.__name__)

# Django reads the error handlers from the root URLconf: the same pages as production's.
handler403 = urls.handler403
handler500 = urls.handler500
