from django.urls import path

from placements.views import network

app_name = "bpv"

# Under /bpv/: the institution's companies (leerbedrijven) and the visits to make.
urlpatterns = [
    path("leerbedrijven/", network.companies, name="companies"),
    path("leerbedrijven/nieuw/", network.company_new, name="company_new"),
    path("leerbedrijven/<uuid:company>/", network.company, name="company"),
    path("leerbedrijven/<uuid:company>/bewerken/", network.company_edit, name="company_edit"),
    path(
        "leerbedrijven/<uuid:company>/praktijkopleider/",
        network.contact_edit,
        name="contact_new",
    ),
    path(
        "leerbedrijven/<uuid:company>/praktijkopleider/<uuid:contact>/",
        network.contact_edit,
        name="contact_edit",
    ),
    path("te-bezoeken/", network.to_visit, name="to_visit"),
]
