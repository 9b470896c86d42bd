"""The follow-up on the outflow tab: recording one contact moment of the two years."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from entree.core.forms import add_service_errors
from entree.core.types import AuthenticatedHttpRequest
from outflow import selectors, services
from outflow.forms import FollowUpContactForm
from outflow.models import FollowUpContact, OutflowPart
from students.selectors import StudentAccess
from students.views.record import open_student, record_page

TAB = "outflow:outflow"


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: AuthenticatedHttpRequest, uuid: UUID, contact: UUID) -> HttpResponse:
    """Record (or correct) one follow-up contact: reached or not, how, what the leaver
    does now, and whether they want help."""
    access = open_student(request, uuid, OutflowPart.OUTFLOW, require_edit=True)
    outflow = selectors.outflow_required(access.student)
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
    return _contact_page(request, access, moment, form)


def _contact_page(
    request: AuthenticatedHttpRequest,
    access: StudentAccess,
    moment: FollowUpContact,
    form: FollowUpContactForm,
    **extra: Any,
) -> HttpResponse:
    return record_page(
        request,
        "outflow/contact.html",
        access,
        TAB,
        form=form,
        moment=moment,
        checkin_refused=services.checkin_refused(moment),
        **extra,
    )


@login_required
@require_POST
@never_cache
def checkin_link(request: AuthenticatedHttpRequest, uuid: UUID, contact: UUID) -> HttpResponse:
    """Make the leaver's check-in link: sent to their e-mail address, or shown once here
    to copy into a message in their chat app (never stored readable)."""
    access = open_student(request, uuid, OutflowPart.OUTFLOW, require_edit=True)
    outflow = selectors.outflow_required(access.student)
    moment = selectors.contact_of(outflow, contact)
    by_email = request.POST.get("via") == "email"
    form = FollowUpContactForm(initial={"done_on": timezone.localdate(), "reached": "ja"})
    try:
        link, url = services.checkin_link_make(contact=moment, by=request.user, by_email=by_email)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("outflow:contact", uuid=access.student.uuid, contact=moment.uuid)
    if by_email:
        messages.success(
            request, _("De link is verstuurd naar %(email)s.") % {"email": link.sent_to}
        )
        return redirect("outflow:contact", uuid=access.student.uuid, contact=moment.uuid)
    # Shown once, in this answer only: not in a message (that would keep it in the session).
    return _contact_page(request, access, moment, form, link_url=url)
