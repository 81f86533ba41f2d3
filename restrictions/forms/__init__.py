"""Restrictions' forms, by subject; every form is named here."""

from restrictions.forms._common import ConfirmForm, ContactChoiceField, ReasonForm
from restrictions.forms.conditions import RESTRICTABLE_CHANNELS, ConditionsForm
from restrictions.forms.proposals import DecisionForm, ProposalForm
from restrictions.forms.reviews import ReviewDecisionForm
from restrictions.forms.told import ReviewToldForm, TellingForm, ToldForm
from restrictions.forms.variations import VariationDecisionForm, VariationForm
from restrictions.forms.warnings import WarningCloseForm, WarningForm

__all__ = [
    "RESTRICTABLE_CHANNELS",
    "ConditionsForm",
    "ConfirmForm",
    "ContactChoiceField",
    "DecisionForm",
    "ProposalForm",
    "ReasonForm",
    "ReviewDecisionForm",
    "ReviewToldForm",
    "TellingForm",
    "ToldForm",
    "VariationDecisionForm",
    "VariationForm",
    "WarningCloseForm",
    "WarningForm",
]
