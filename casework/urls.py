from django.urls import include, path

from casework import contact_views, views
from contacts import urls as contacts_urls

# The case file's overview, its timeline, the search, the contact form and adding a person with
# their contact keep their names and paths in the contacts namespace, after contacts' own pages
# (``service-users/new/`` first).
case_file_patterns = [
    path("service-users/", views.ServiceUserSearchView.as_view(), name="search"),
    path(
        "service-users/new/with-contact/",
        contact_views.ServiceUserWithContactCreateView.as_view(),
        name="service-user-create-with-contact",
    ),
    path("service-users/<str:reference>/", views.CaseFileView.as_view(), name="case-file"),
    path(
        "service-users/<str:reference>/timeline/",
        views.CaseFileTimelineView.as_view(),
        name="case-file-timeline",
    ),
    path(
        "service-users/<str:reference>/contacts/new/",
        contact_views.ContactCreateView.as_view(),
        name="contact-create",
    ),
    path(
        "service-users/<str:reference>/contacts/gate/",
        contact_views.ContactGateView.as_view(),
        name="contact-gate",
    ),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "how-the-policy-works/",
        views.HowThePolicyWorksView.as_view(),
        name="how-the-policy-works",
    ),
    path(
        "",
        include(
            ([*contacts_urls.urlpatterns, *case_file_patterns], contacts_urls.app_name),
        ),
    ),
]
