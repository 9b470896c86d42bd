from django.urls import path

from students.views import caseload, record
from students.views import exports as export_views
from students.views import imports as import_views

app_name = "students"

urlpatterns = [
    path("", caseload.caseload, name="caseload"),
    path("nieuw/", caseload.register, name="register"),
    path("<uuid:uuid>/", record.detail, name="detail"),
    path("<uuid:uuid>/gegevens/", record.edit, name="edit"),
    path("<uuid:uuid>/intake/", record.intake, name="intake"),
    path("<uuid:uuid>/netwerk/", record.network, name="network"),
    path("<uuid:uuid>/studieadvies/", record.advice, name="advice"),
    path("<uuid:uuid>/regie/", record.regie, name="regie"),
    path("<uuid:uuid>/regie/oppakken/", record.claim, name="claim"),
    # SIS import, for the functioneel beheerder
    path("import/", import_views.import_page, name="import"),
    path("import/formaat/", import_views.import_format, name="import_format"),
    # Exports: the caseload as CSV, the complete record (AVG art. 15) as JSON and PDF
    path("export.csv", export_views.caseload_csv, name="caseload_csv"),
    # A large caseload CSV: made by a Celery worker, downloaded when ready
    path("export/", export_views.caseload_export_start, name="caseload_export_start"),
    path("export/<uuid:uuid>/", export_views.caseload_export_status, name="caseload_export"),
    path(
        "export/<uuid:uuid>/download.csv",
        export_views.caseload_export_download,
        name="caseload_export_download",
    ),
    path("<uuid:uuid>/inzage.json", export_views.record_json, name="record_json"),
    path("<uuid:uuid>/inzage.pdf", export_views.record_pdf, name="record_pdf"),
]
