"""Restrictions' pages, by subject; every view is named here, as the URLs refer to them."""

from restrictions.views._common import (
    ANSWERS_SESSION_KEY,
    CheckAnswersMixin,
    PointOfContactFoundMixin,
    stored_answers,
)
from restrictions.views.decisions import (
    ApprovalsQueueView,
    RestrictionActionView,
    RestrictionDecideView,
    RestrictionDetailView,
    RestrictionEndView,
    RestrictionMixin,
    RestrictionToldView,
)
from restrictions.views.proposals import (
    ProposalFormMixin,
    RestrictionCancelView,
    RestrictionProposeView,
    RestrictionReviseView,
)
from restrictions.views.reviews import (
    ReviewActionView,
    ReviewDecideView,
    ReviewDetailView,
    ReviewMixin,
    ReviewToldView,
)
from restrictions.views.variations import VariationDecideView, VariationProposeView
from restrictions.views.warnings import (
    CaseFileRestrictionsView,
    WarningCloseView,
    WarningIssueView,
)

__all__ = [
    "ANSWERS_SESSION_KEY",
    "ApprovalsQueueView",
    "CaseFileRestrictionsView",
    "CheckAnswersMixin",
    "PointOfContactFoundMixin",
    "ProposalFormMixin",
    "RestrictionActionView",
    "RestrictionCancelView",
    "RestrictionDecideView",
    "RestrictionDetailView",
    "RestrictionEndView",
    "RestrictionMixin",
    "RestrictionProposeView",
    "RestrictionReviseView",
    "RestrictionToldView",
    "ReviewActionView",
    "ReviewDecideView",
    "ReviewDetailView",
    "ReviewMixin",
    "ReviewToldView",
    "VariationDecideView",
    "VariationProposeView",
    "WarningCloseView",
    "WarningIssueView",
    "stored_answers",
]
