from django.urls import path

from entree.reports import api, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<str:school_year>/<str:scope>/<slug:table>.csv", views.table_csv, name="table_csv"),
]

#: Under /api/v1/reports/ (entree/urls.py).
api_urlpatterns = [
    path("scopes/", api.ScopesView.as_view(), name="api_scopes"),
    path("annual/", api.AnnualReportView.as_view(), name="api_annual"),
]
