from django.urls import path  # noqa: F401 - filled by the pages

app_name = "placements"

# Under /studenten/<uuid>/bpv/: the bpv tab of the student page.
urlpatterns: list = []
