from django.urls import path

from disputes import views

app_name = "disputes"

urlpatterns = [
    path(
        "service-users/<str:reference>/disputes/",
        views.CaseFileDisputesView.as_view(),
        name="case-file",
    ),
    path(
        "service-users/<str:reference>/disputes/new/",
        views.DisputeRecordView.as_view(),
        name="record",
    ),
]
