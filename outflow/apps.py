from django.apps import AppConfig


class OutflowConfig(AppConfig):
    name = "outflow"
    verbose_name = "Uitstroom, warme overdracht en nazorg"

    def ready(self) -> None:
        # Plugs outflow into the student record through its registries
        # (docs/decisions.md, "How an app plugs into the student").
        from django.utils.translation import gettext_lazy as _

        from entree.audit.parts import register_parts
        from entree.core.demo import register_demo_seeder
        from outflow import demo, record  # noqa: F401 - record registers the section
        from outflow.models import FollowUpContact, Handover, Outflow, OutflowPart
        from outflow.signals import OUTFLOW_SIGNALS
        from students.registries import register_history_parent, register_signal, register_tab

        register_parts(OutflowPart)
        register_tab("outflow:outflow", _("Uitstroom"), part=OutflowPart.OUTFLOW)
        for signal in OUTFLOW_SIGNALS:
            register_signal(signal)
        register_demo_seeder("outflow", demo.seed, finish=demo.finish)
        # The checklist and the follow-up contacts point at the outflow, the partner rows
        # at the checklist, and a signal to a partner at its contact moment.
        register_history_parent(Outflow)
        register_history_parent(Handover)
        register_history_parent(FollowUpContact)
