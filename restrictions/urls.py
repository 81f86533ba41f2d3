from django.urls import path

from restrictions import views

app_name = "restrictions"

urlpatterns = [
    path(
        "service-users/<str:reference>/warnings-and-restrictions/",
        views.CaseFileRestrictionsView.as_view(),
        name="case-file",
    ),
    path(
        "service-users/<str:reference>/warnings/new/",
        views.WarningIssueView.as_view(),
        name="warning-issue",
    ),
    path("warnings/<int:pk>/close/", views.WarningCloseView.as_view(), name="warning-close"),
    path(
        "service-users/<str:reference>/restrictions/new/",
        views.RestrictionProposeView.as_view(),
        name="propose",
    ),
    path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review"),
    path("reviews/<int:pk>/decide/", views.ReviewDecideView.as_view(), name="review-decide"),
    path("reviews/<int:pk>/told/", views.ReviewToldView.as_view(), name="review-told"),
    path("restrictions/approvals/", views.ApprovalsQueueView.as_view(), name="approvals"),
    path("restrictions/<int:pk>/", views.RestrictionDetailView.as_view(), name="detail"),
    path("restrictions/<int:pk>/decide/", views.RestrictionDecideView.as_view(), name="decide"),
    path("restrictions/<int:pk>/told/", views.RestrictionToldView.as_view(), name="told"),
    path("restrictions/<int:pk>/end/", views.RestrictionEndView.as_view(), name="end"),
    path("restrictions/<int:pk>/revise/", views.RestrictionReviseView.as_view(), name="revise"),
    path("restrictions/<int:pk>/cancel/", views.RestrictionCancelView.as_view(), name="cancel"),
    path("restrictions/<int:pk>/vary/", views.VariationProposeView.as_view(), name="vary"),
    path(
        "restrictions/<int:pk>/variations/<int:variation>/decide/",
        views.VariationDecideView.as_view(),
        name="variation-decide",
    ),
]
