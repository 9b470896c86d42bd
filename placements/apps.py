from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Beroepspraktijkvorming (bpv)"

    def ready(self) -> None:
        # Plugs placements into the student record through its registries
        # (docs/decisions.md, "How an app plugs into the student").
        from django.utils.translation import gettext_lazy as _

        from entree.audit.parts import register_parts
        from entree.core.demo import register_demo_seeder
        from placements import anonymise, demo, record  # noqa: F401 - modules that register
        from placements.models import Placement, PlacementPart
        from placements.signals import PLACEMENT_SIGNALS
        from students.registries import register_history_parent, register_signal, register_tab

        register_parts(PlacementPart)
        register_tab("placements:student", _("Bpv"), part=PlacementPart.BPV)
        for signal in PLACEMENT_SIGNALS:
            register_signal(signal)
        register_demo_seeder("placements", demo.seed)
        # Goals, certificates and visits point at the placement.
        register_history_parent(Placement)
