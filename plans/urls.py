from django.urls import path

from plans import api, views

app_name = "plans"

# Under /studenten/<uuid>/plan/: a tab of the student page.
urlpatterns = [
    path("", views.plan, name="plan"),
    path("bewerken/", views.edit, name="edit"),
    path("gesprek/", views.meeting, name="meeting"),
    path("stap/", views.item_status, {"items": "steps"}, name="step_status"),
    path("regelzaak/", views.item_status, {"items": "obstacles"}, name="obstacle_status"),
    path("vergelijken/", views.compare, name="compare"),
    path("versie/<int:number>/", views.version, name="version"),
    path("plan.pdf", views.plan_pdf, name="pdf"),
]

#: Under /api/v1/students/<uuid>/plan/ (entree.urls).
api_urlpatterns = [
    path("", api.PlanView.as_view(), name="api-plan"),
    path("versions/", api.PlanVersionsView.as_view(), name="api-plan-versions"),
    path("versions/<int:number>/", api.PlanVersionView.as_view(), name="api-plan-version"),
    path("compare/", api.PlanCompareView.as_view(), name="api-plan-compare"),
    path("meetings/", api.MeetingsView.as_view(), name="api-plan-meetings"),
]
