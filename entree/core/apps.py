from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "entree.core"
    label = "core"
    verbose_name = "Kern"
