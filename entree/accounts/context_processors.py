"""The navigation a user sees follows from their roles (``entree.accounts.roles``)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entree.accounts.roles import (
    Role,
    administers,
    has_role,
    sees_aggregates,
    works_with_students,
)
from placements.selectors import works_with_companies


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    if works_with_students(user):
        items.append(("students:caseload", _("Mijn studenten")))
    if works_with_companies(user):
        items.append(("bpv:companies", _("Leerbedrijven")))
    # Only a mentor is ever a bpv-begeleider: a coordinator's list would always be empty.
    if works_with_companies(user) and has_role(user, Role.MENTOR):
        items.append(("bpv:to_visit", _("Bpv-bezoeken")))
    # The outflow coordinator's overview of outflow and the two-year follow-up.
    if has_role(user, Role.COORDINATOR):
        items.append(("followup:dashboard", _("Uitstroom en nazorg")))
    if sees_aggregates(user):
        items.append(("reports:dashboard", _("Kerncijfers")))
        items.append(("reports:annual_reports", _("Jaarverslagen")))
    if administers(user):
        items += [
            ("admin:index", _("Gebruikers en teams")),
            ("students:import", _("Studenten importeren")),
            ("outflow_import", _("Uitstroom importeren")),
            ("audit:write_log", _("Wijzigingslog")),
            ("audit:access_log", _("Inzagelog")),
            ("privacy:overview", _("Privacy")),
        ]
    urls = [(reverse(name), label) for name, label in items]
    # The current item is the one whose address is the longest prefix of this page's
    # (so /studenten/import/ is "Studenten importeren", not also "Mijn studenten").
    matching = [url for url, _label in urls if request.path.startswith(url)]
    current = max(matching, key=len) if matching else None
    return {
        "nav_items": [
            {"url": url, "label": label, "current": url == current} for url, label in urls
        ]
    }
