import pytest

from letters.defaults import templates_install

# The SMTP server and GOV.UK Notify that delivery tests send to.
from tests.letters.servers import notify_service, smtp_server  # noqa: F401


@pytest.fixture(autouse=True)
def _shipped_templates(db):
    """The shipped templates, as migration 0002 installs them (again after a test's flush)."""
    templates_install()
