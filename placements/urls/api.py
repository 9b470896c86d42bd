from django.urls import path  # noqa: F401 - filled by the API

# Under /api/v1/ (entree.urls): companies, a student's placements and their visits.
urlpatterns: list = []
