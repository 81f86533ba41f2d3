"""Every write to warnings, restrictions, their conditions, terms and breaches, by subject."""

from restrictions.services.proposals import *  # noqa: F403
