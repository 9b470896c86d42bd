from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from entree.accounts.admin import admin_site
from entree.core.health import healthz
from entree.privacy.urls import api_urlpatterns as privacy_api_urls
from entree.reports.urls import api_urlpatterns as reports_api_urls
from outflow.urls import api_urlpatterns as outflow_api_urls
from outflow.urls import import_urlpatterns as outflow_import_urls
from outflow.urls import notification_urlpatterns, overview_urlpatterns
from outflow.urls import overview_api_urlpatterns as outflow_overview_api_urls
from outflow.urls import public_urlpatterns as outflow_public_urls
from placements.urls.api import urlpatterns as placements_api_urls
from plans.urls import api_urlpatterns as plans_api_urls
from students.api import StudentViewSet

router = DefaultRouter()
router.register("students", StudentViewSet, basename="student")

urlpatterns = [
    path("", include("entree.core.urls")),
    path("account/", include("entree.accounts.urls")),
    *outflow_import_urls,  # before students.urls: /studenten/uitstroom-import/
    path("studenten/", include("students.urls")),
    path("studenten/<uuid:uuid>/plan/", include("plans.urls")),
    path("studenten/<uuid:uuid>/bpv/", include("placements.urls.student")),
    path("bpv/", include("placements.urls.network")),
    path("studenten/<uuid:uuid>/uitstroom/", include("outflow.urls")),
    path("kerncijfers/", include("entree.reports.urls")),
    path("meldingen/", include((notification_urlpatterns, "notifications"))),
    path("uitstroom/", include((overview_urlpatterns, "followup"))),
    path("beheer/audit/", include("entree.audit.urls")),
    # The beheerder's privacy page and the student's privacy tab (before the admin's beheer/).
    path("", include("entree.privacy.urls")),
    # One login page for everybody (with throttling and the second step): not the admin's.
    path("beheer/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("beheer/", admin_site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    *outflow_public_urls,
    path("api/v1/", include(router.urls)),
    path("api/v1/students/<uuid:uuid>/plan/", include(plans_api_urls)),
    path("api/v1/", include(placements_api_urls)),
    path("api/v1/students/<uuid:uuid>/outflow/", include(outflow_api_urls)),
    path("api/v1/reports/", include((reports_api_urls, "reports_api"))),
    path("api/v1/", include(outflow_overview_api_urls)),
    path("api/v1/", include((privacy_api_urls, "privacy_api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
