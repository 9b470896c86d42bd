from django.urls import path

from entree.reports import api, pdf_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<str:school_year>/<str:scope>/<slug:table>.csv", views.table_csv, name="table_csv"),
    # The annual report PDF (entree/reports/pdf_views.py)
    path("jaarverslagen/", pdf_views.annual_reports, name="annual_reports"),
    path("jaarverslagen/<uuid:report_id>/", pdf_views.annual_report, name="annual_report"),
    path(
        "jaarverslagen/<uuid:report_id>/jaarverslag.pdf",
        pdf_views.annual_report_download,
        name="annual_report_download",
    ),
]

#: Under /api/v1/reports/ (entree/urls.py).
api_urlpatterns = [
    path("scopes/", api.ScopesView.as_view(), name="api_scopes"),
    path("annual/", api.AnnualReportView.as_view(), name="api_annual"),
]
