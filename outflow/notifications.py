"""The in-app notification list: the reminders of the logged-in user, with a count of the
unread ones in the header. A student is named only when the user may see them now."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entree.accounts.roles import works_with_students
from entree.core.types import AuthenticatedHttpRequest
from outflow.models import Reminder
from outflow.services.reminders import notifications_read
from students.selectors import students_visible_to

PER_PAGE = 50


def unread_count(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the header's count of unread notifications (one query, and only
    when a page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Reminder.objects.filter(user=user, read_at__isnull=True).count()
        )
    }


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Newest first, 50 a page; "Alles gelezen" marks them read."""
    mine = Reminder.objects.filter(user=request.user)
    if request.method == "POST":
        notifications_read(request.user)
        messages.success(request, _("Alle meldingen zijn als gelezen gemarkeerd."))
        return redirect("notifications:list")
    visible = (
        students_visible_to(request.user).filter(pk=OuterRef("student_id"))
        if works_with_students(request.user)
        else None
    )
    rows = mine.select_related("student").order_by("read_at", "-due_on", "-id")
    if visible is not None:
        rows = rows.annotate(shown=Exists(visible))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "outflow/notifications.html", {"page": page})
