from django.urls import path

from entree.reports import views

app_name = "reports"

urlpatterns = [path("", views.dashboard, name="dashboard")]

# The annual report PDF (entree/reports/pdf_views.py)
from entree.reports import pdf_views  # noqa: E402

urlpatterns += [
    path("jaarverslagen/", pdf_views.annual_reports, name="annual_reports"),
    path("jaarverslagen/<uuid:report_id>/", pdf_views.annual_report, name="annual_report"),
    path(
        "jaarverslagen/<uuid:report_id>/jaarverslag.pdf",
        pdf_views.annual_report_download,
        name="annual_report_download",
    ),
]
