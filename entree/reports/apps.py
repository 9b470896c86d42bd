from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "entree.reports"
    label = "reports"
    verbose_name = "Rapportages"
