from django.urls import path

from letters import delivery_views, views

app_name = "letters"

urlpatterns = [
    path("letters/print-queue/", delivery_views.PrintQueueView.as_view(), name="print-queue"),
    path(
        "letters/deliveries/<int:pk>/pdf/",
        delivery_views.PrintQueuePdfView.as_view(),
        name="print-queue-pdf",
    ),
    path(
        "letters/deliveries/<int:pk>/posted/",
        delivery_views.MarkPostedView.as_view(),
        name="mark-posted",
    ),
    path(
        "letters/deliveries/<int:pk>/retry/",
        delivery_views.DeliveryRetryView.as_view(),
        name="delivery-retry",
    ),
    path(
        "letters/write/<str:record>/<int:pk>/",
        views.LetterWriteView.as_view(),
        name="write",
    ),
    path("letters/<int:pk>/", views.LetterPageView.as_view(), name="detail"),
    path("letters/<int:pk>/check/", views.LetterCheckView.as_view(), name="check"),
    path("letters/<int:pk>/issue/", views.LetterIssueView.as_view(), name="issue"),
    path("letters/<int:pk>/pdf/", views.LetterPdfView.as_view(), name="pdf"),
    path("letters/<int:pk>/produced/", views.LetterProducedView.as_view(), name="produced"),
]
