from django.urls import path

from letters import delivery_views

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
]
