from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "entree.audit"
    label = "audit"
    verbose_name = "Audit"
