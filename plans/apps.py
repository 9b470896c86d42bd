from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Integraal plan en voortgangsgesprekken"

    def ready(self) -> None:
        # Plugs the plan into the student record through its registries
        # (docs/decisions.md, "How an app plugs into the student").
        from django.utils.translation import gettext_lazy as _

        from entree.audit.parts import register_parts
        from entree.core.demo import register_demo_seeder
        from plans import anonymise, demo, record  # noqa: F401 - modules that register
        from plans.models import Plan, PlanPart, PlanVersion, ProgressMeeting
        from plans.signals import PLAN_SIGNALS
        from students.registries import register_history_parent, register_signal, register_tab

        register_parts(PlanPart)
        register_tab("plans:plan", _("Integraal plan"), part=PlanPart.PLAN)
        for signal in PLAN_SIGNALS:
            register_signal(signal)
        register_demo_seeder("plans", demo.seed)
        # Versions point at the plan, items at the version, meeting domains at the meeting.
        register_history_parent(Plan)
        register_history_parent(PlanVersion)
        register_history_parent(ProgressMeeting)
