from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = "Studenten en intake"

    def ready(self) -> None:
        # Registers this app's sections of the complete record (entree.core.records).
        from entree.audit.parts import register_parts
        from students import record  # noqa: F401
        from students.models import RecordPart

        register_parts(RecordPart)
