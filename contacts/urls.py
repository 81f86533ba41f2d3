from django.urls import path

from contacts import frame, views

app_name = "contacts"

# The search, the case file's overview and timeline and the contact form are casework's
# pages: casework.urls adds them to this namespace.

urlpatterns = [
    path("service-users/new/", views.ServiceUserCreateView.as_view(), name="service-user-create"),
    path(
        "service-users/<str:reference>/details/",
        views.ServiceUserUpdateView.as_view(),
        name="service-user-update",
    ),
    path(
        "service-users/<str:reference>/contacts/",
        views.CaseFileContactsView.as_view(),
        name="case-file-contacts",
    ),
    path(
        "service-users/<str:reference>/reasonable-adjustments/",
        views.AdjustmentListView.as_view(),
        name="adjustments",
    ),
    path(
        "service-users/<str:reference>/reasonable-adjustments/new/",
        views.AdjustmentCreateView.as_view(),
        name="adjustment-create",
    ),
    path(
        "reasonable-adjustments/<int:pk>/edit/",
        views.AdjustmentUpdateView.as_view(),
        name="adjustment-update",
    ),
    path(
        "reasonable-adjustments/<int:pk>/end/",
        views.AdjustmentEndView.as_view(),
        name="adjustment-end",
    ),
    path(
        "service-users/<str:reference>/safeguarding/",
        views.SafeguardingListView.as_view(),
        name="safeguarding",
    ),
    path(
        "service-users/<str:reference>/safeguarding/new/",
        views.SafeguardingCreateView.as_view(),
        name="safeguarding-create",
    ),
    path(
        "safeguarding/<int:pk>/edit/",
        views.SafeguardingUpdateView.as_view(),
        name="safeguarding-update",
    ),
    path(
        "safeguarding/<int:pk>/close/", views.SafeguardingEndView.as_view(), name="safeguarding-end"
    ),
    path("contacts/<int:pk>/", views.ContactDetailView.as_view(), name="contact-detail"),
    path("contacts/<int:pk>/correct/", views.ContactCorrectView.as_view(), name="contact-correct"),
    path("staff/search/", frame.StaffSearchView.as_view(), name="staff-search"),
    path("teams/search/", views.TeamSearchView.as_view(), name="team-search"),
    path(
        "attachments/<int:pk>/download/",
        views.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path(
        "attachments/<int:pk>/remove/",
        views.AttachmentRemoveView.as_view(),
        name="attachment-remove",
    ),
]
