from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "entree.privacy"
    label = "privacy"
    verbose_name = "Privacy: bewaartermijn en anonimiseren"

    def ready(self) -> None:
        # Cross-cutting: it reads every app and plugs into the student page through the
        # students app's registries; no app imports it (DESIGN §3). What each app holds is
        # registered by the apps themselves (entree.core.anonymisation).
        from django.utils.translation import gettext_lazy as _

        from entree.audit.parts import register_parts
        from entree.core.anonymisation import register_personal_data
        from entree.privacy.models import ErasureRequest, PrivacyPart
        from students.registries import register_tab

        register_parts(PrivacyPart)
        # Who asked and who decided stay (accountability); the texts may name the student.
        register_personal_data(ErasureRequest, student="student", wipe=("reason", "decision_note"))
        register_tab("privacy:student", _("Privacy"), part=PrivacyPart.PRIVACY)
