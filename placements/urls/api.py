from django.urls import path

from placements import api

# Under /api/v1/ (entree.urls): companies, a student's placements and their visits.
_PLACEMENT = "students/<uuid:uuid>/placements/<uuid:placement>/"

urlpatterns = [
    path("companies/", api.CompaniesView.as_view(), name="api-companies"),
    path("companies/<uuid:company>/", api.CompanyView.as_view(), name="api-company"),
    path(
        "companies/<uuid:company>/contacts/",
        api.ContactsView.as_view(),
        name="api-company-contacts",
    ),
    path(
        "companies/<uuid:company>/contacts/<uuid:contact>/",
        api.ContactView.as_view(),
        name="api-company-contact",
    ),
    path(
        "companies/<uuid:company>/placements/",
        api.CompanyPlacementsView.as_view(),
        name="api-company-placements",
    ),
    path("students/<uuid:uuid>/placements/", api.PlacementsView.as_view(), name="api-placements"),
    path(_PLACEMENT, api.PlacementView.as_view(), name="api-placement"),
    path(f"{_PLACEMENT}agreement/", api.AgreementView.as_view(), name="api-placement-agreement"),
    path(f"{_PLACEMENT}start/", api.StartView.as_view(), name="api-placement-start"),
    path(f"{_PLACEMENT}finish/", api.FinishView.as_view(), name="api-placement-finish"),
    path(f"{_PLACEMENT}stop/", api.StopView.as_view(), name="api-placement-stop"),
    path(f"{_PLACEMENT}outcome/", api.OutcomeView.as_view(), name="api-placement-outcome"),
    path(f"{_PLACEMENT}visits/", api.VisitsView.as_view(), name="api-placement-visits"),
    path(
        f"{_PLACEMENT}visits/<uuid:visit>/",
        api.VisitView.as_view(),
        name="api-placement-visit",
    ),
    path("placements/to-visit/", api.ToVisitView.as_view(), name="api-to-visit"),
]
