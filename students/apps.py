from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = "Studenten en intake"

    def ready(self) -> None:
        # Registers this app's sections of the complete record (entree.core.records), the
        # access-log parts it writes, the access log's search by student number, the
        # beheerder's warning about lost regie, its demo seeder, and its tabs, signals and
        # history parents (students.registries) — the same registries the apps that follow
        # use.
        from entree.accounts.hooks import after_user_change
        from entree.audit.parts import register_parts
        from entree.audit.subjects import register_number_lookup
        from entree.core.demo import register_demo_seeder
        from students import anonymise, demo, record  # noqa: F401
        from students.models import Intake, RecordPart
        from students.registries import (
            register_history_parent,
            register_signal,
            register_tab,
        )
        from students.selectors import STUDENT_SIGNALS, regie_warning, student_uuids_with_number
        from students.views.record import STUDENT_TABS

        register_parts(RecordPart)
        register_number_lookup(student_uuids_with_number)
        for url_name, label, part in STUDENT_TABS:
            register_tab(url_name, label, part=part)
        for signal in STUDENT_SIGNALS:
            register_signal(signal)
        # Life-domain assessments point at the intake, not at the student.
        register_history_parent(Intake)
        after_user_change(regie_warning)
        register_demo_seeder("students", demo.seed, seeded=demo.seeded)
