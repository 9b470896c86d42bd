"""The follow-up on the outflow tab: recording one contact moment of the two years."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entree.core.forms import add_service_errors
from entree.core.types import AuthenticatedHttpRequest
from outflow import selectors, services
from outflow.forms import FollowUpContactForm
from outflow.models import OutflowPart
from students.views.record import open_student, record_page

TAB = "outflow:outflow"


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: AuthenticatedHttpRequest, uuid: UUID, contact: UUID) -> HttpResponse:
    """Record (or correct) one follow-up contact: reached or not, how, what the leaver
    does now, and whether they want help."""
    access = open_student(request, uuid, OutflowPart.OUTFLOW, require_edit=True)
    outflow = selectors.outflow_of(access.student)
    if outflow is None:
        raise Http404
    moment = selectors.contact_of(outflow, contact)
    initial = (
        {
            "done_on": moment.done_on,
            "reached": "ja" if moment.reached else "nee",
            "channel": moment.channel,
            "position": moment.position,
            "same_place": {True: "ja", False: "nee"}.get(moment.same_place, ""),  # type: ignore[arg-type]
            "hours_per_week": moment.hours_per_week,
            "needs_support": moment.needs_support,
            "note": moment.note,
        }
        if moment.done
        else {"done_on": timezone.localdate(), "reached": "ja"}
    )
    form = FollowUpContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.contact_record(
                contact=moment, by=request.user, data=form.contact_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = _("Het contactmoment is vastgelegd.")
            if saved.needs_support:
                done += " " + _(
                    "Er staat een taak voor de coördinator klaar: de oud-student wil hulp."
                )
            messages.success(request, done)
            return redirect(TAB, uuid=access.student.uuid)
    return record_page(
        request, "outflow/contact.html", access, TAB, form=form, moment=moment, outflow=outflow
    )
