from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "entree.reports"
    label = "reports"
    verbose_name = "Rapportages"

    def ready(self) -> None:
        from entree.core.demo import register_demo_seeder
        from entree.reports import demo

        # After the apps' seeders (INSTALLED_APPS lists this app after them): it adds to
        # their students what the annual report needs.
        register_demo_seeder("reports", demo.seed, finish=demo.finish)
