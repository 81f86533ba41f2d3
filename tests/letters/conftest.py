import pytest

from letters.defaults import templates_install


@pytest.fixture(autouse=True)
def _shipped_templates(db):
    """The shipped templates, as migration 0002 installs them (again after a test's flush)."""
    templates_install()
