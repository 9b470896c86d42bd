from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = "Studenten en intake"

    def ready(self) -> None:
        # Registers this app's sections of the complete record (entree.core.records), the
        # access-log parts it writes, the access log's search by student number, and the
        # beheerder's warning about lost regie.
        from entree.accounts.hooks import after_user_change
        from entree.audit.parts import register_parts
        from entree.audit.subjects import register_number_lookup
        from students import record  # noqa: F401
        from students.models import RecordPart
        from students.selectors import regie_warning, student_uuids_with_number

        register_parts(RecordPart)
        register_number_lookup(student_uuids_with_number)
        after_user_change(regie_warning)
