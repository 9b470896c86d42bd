"""The parts of a student's record that the access log (``entree.audit``) names when it
records who read what. Registered with ``entree.audit.parts`` in ``StudentsConfig.ready``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordPart(models.TextChoices):
    """The parts of a student's record whose reads the access log names (see entree.audit)."""

    DOSSIER = "dossier", _("Overzicht")
    GEGEVENS = "gegevens", _("Persoonsgegevens")
    INTAKE = "intake", _("Intake")
    NETWERK = "netwerk", _("Netwerk")
    TOESTEMMING = "toestemming", _("Toestemmingen")
    STUDIEADVIES = "studieadvies", _("Studieadvies")
    REGIE = "regie", _("Regie")
    VOLLEDIG_DOSSIER = "volledig dossier (export)", _("Volledig dossier (inzageverzoek)")
    CASELOAD_EXPORT = "caseload-export", _("Caseload-export (CSV)")
    IMPORT = "import", _("Import uit het studentinformatiesysteem")
    IMPORT_PROEF = "import (proef)", _("Proefimport uit het studentinformatiesysteem")
