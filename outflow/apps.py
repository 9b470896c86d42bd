from django.apps import AppConfig


class OutflowConfig(AppConfig):
    name = "outflow"
    verbose_name = "Uitstroom, warme overdracht en nazorg"
