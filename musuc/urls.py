from django.contrib import admin
from django.urls import include, path

from musuc import views

urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # Browsers ask for /favicon.ico on pages (like the admin's) that name no icon.
    path("favicon.ico", views.favicon, name="favicon"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    # The home page, and contacts' pages with the case file's in the contacts namespace.
    path("", include("casework.urls")),
    path("", include("restrictions.urls")),
    path("", include("disputes.urls")),
    path("", include("letters.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "musuc.views.permission_denied"
handler500 = "musuc.views.server_error"
