from django.urls import path

from entree.privacy import views

app_name = "privacy"

urlpatterns = [
    path("beheer/privacy/", views.overview, name="overview"),
    path("beheer/privacy/verzoek/<uuid:uuid>/besluit/", views.decide, name="decide"),
    path("studenten/<uuid:uuid>/privacy/", views.student, name="student"),
]
