from django.urls import path

from entree.audit import views

app_name = "audit"

urlpatterns = [
    path("wijzigingen/", views.write_log, name="write_log"),
    path("inzage/", views.access_log, name="access_log"),
]
