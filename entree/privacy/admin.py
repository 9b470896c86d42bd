"""The retention settings in the beheer (one row per institution, like the follow-up
schedule), beside the list of what is kept in anonymised form."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from entree.accounts.admin import BeheerderOnly, admin_site
from entree.privacy.models import RetentionSettings

#: What stays after anonymisation, shown beside the settings (issue 15): the codes the
#: annual report needs. Everything else about the student is wiped.
KEPT_ANONYMISED = (
    _("cohort, startdatum, team en leerweg"),
    _("vooropleiding en niveau, profiel, verwijsroute"),
    _(
        "geboortedatum (het jaarverslag rekent er leeftijden mee; zonder naam, nummer en "
        "adres wijst hij niemand aan)"
    ),
    _("intake: niveaus, route-indicatie, uitkomst en datum van het besluit"),
    _("studieadvies: besluit en datum"),
    _("plan: route, einde-advies, leefgebieden, soorten voorzieningen, statussen en data"),
    _(
        "bpv: leerbedrijf, data, ondertekening, status, stopreden, uitkomst, certificaten, "
        "bezoeken met soort en oordeel"
    ),
    _(
        "uitstroom: datum, diploma, bestemming en reden; overdracht: tussenstap, soorten "
        "partners, data en antwoorden"
    ),
    _("nazorg: data, kanaal, bereikt en positie (werk, opleiding, …)"),
    _(
        "statussen en de data van elke wijziging in de historie; het inzagelogboek (alleen "
        "wie, wanneer en welk onderdeel, met het publieke id van de student)"
    ),
)


@admin.register(RetentionSettings, site=admin_site)
class RetentionSettingsAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ["institution", "__str__", "updated_at"]
    fields = ["institution", "months", "legal_basis"]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        extra_context = {**(extra_context or {}), "kept_anonymised": KEPT_ANONYMISED}
        return super().changeform_view(request, object_id, form_url, extra_context)
