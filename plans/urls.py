from django.urls import path

from plans import views

app_name = "plans"

# Under /studenten/<uuid>/plan/: a tab of the student page.
urlpatterns = [
    path("", views.plan, name="plan"),
    path("bewerken/", views.edit, name="edit"),
    path("gesprek/", views.meeting, name="meeting"),
    path("stap/", views.step_status, name="step_status"),
    path("vergelijken/", views.compare, name="compare"),
    path("versie/<int:number>/", views.version, name="version"),
    path("plan.pdf", views.plan_pdf, name="pdf"),
]
