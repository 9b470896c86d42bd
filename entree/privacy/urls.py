from django.urls import path

from entree.privacy import api, views

app_name = "privacy"

urlpatterns = [
    path("beheer/privacy/", views.overview, name="overview"),
    path("beheer/privacy/verzoek/<uuid:uuid>/besluit/", views.decide, name="decide"),
    path("studenten/<uuid:uuid>/privacy/", views.student, name="student"),
]

#: Mounted under /api/v1/ (entree/urls.py).
api_urlpatterns = [
    path(
        "students/<uuid:uuid>/erasure-request/",
        api.StudentErasureRequestView.as_view(),
        name="api-erasure-ask",
    ),
    path("erasure-requests/", api.ErasureRequestListView.as_view(), name="api-erasure-list"),
    path(
        "erasure-requests/<uuid:erasure>/decision/",
        api.ErasureDecisionView.as_view(),
        name="api-erasure-decision",
    ),
]
