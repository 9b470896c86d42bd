from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "entree.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from entree.core.database_roles import apply_after_migrate

        # Sent once per app after every migrate; this app comes after pghistory, whose
        # receiver installs the context function that ours then replaces.
        post_migrate.connect(apply_after_migrate, sender=self)
