"""The contacts app's forms, by subject: service users, contacts and their assessment, case
notes (adjustments and safeguarding), and the search-to-add fields other apps' forms use too."""

from contacts.forms.case_notes import EndForm, ReasonableAdjustmentForm, SafeguardingConcernForm
from contacts.forms.common import YES_NO
from contacts.forms.contacts import (
    AttachmentRemoveForm,
    ContactCorrectionForm,
    ContactForm,
    ContactLogForm,
    MultipleFileField,
    MultipleFileInput,
)
from contacts.forms.search import (
    MAX_OFFERED,
    FoundBySearchFormMixin,
    OfferedFewChoiceField,
    OfferedFewMultipleChoiceField,
    SearchBox,
)
from contacts.forms.service_users import ServiceUserForm

__all__ = [
    "MAX_OFFERED",
    "YES_NO",
    "AttachmentRemoveForm",
    "ContactCorrectionForm",
    "ContactForm",
    "ContactLogForm",
    "EndForm",
    "FoundBySearchFormMixin",
    "MultipleFileField",
    "MultipleFileInput",
    "OfferedFewChoiceField",
    "OfferedFewMultipleChoiceField",
    "ReasonableAdjustmentForm",
    "SafeguardingConcernForm",
    "SearchBox",
    "ServiceUserForm",
]
