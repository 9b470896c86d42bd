from django.urls import path  # noqa: F401 - filled by the pages

app_name = "bpv"

# Under /bpv/: the institution's companies (leerbedrijven) and the visits to make.
urlpatterns: list = []
