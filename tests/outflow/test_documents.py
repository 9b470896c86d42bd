"""The handover document holds only what consent allows, and per partner only what it
needs."""

import shutil
import subprocess
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from outflow.documents import handover_document_data, render_handover_pdf
from outflow.services import HandoverData, handover_save, partner_add
from students.models import ConsentPurpose
from tests.factories import ConsentFactory, NetworkContactFactory

pytestmark = pytest.mark.django_db

ANSWERS = HandoverData(
    goals_to_learn="Orders picken met de scanner.",
    regelzaken="Schuld bij de zorgverzekeraar, bewindvoering aangevraagd.",
    support_needed="Jobcoach de eerste drie maanden.",
    lifelong_learning="Bbl niveau 2 na een jaar.",
    alternatives="Werkgeversservicepunt als het contract niet verlengd wordt.",
    intermediate_step="geen",
)


def _partner(outflow, alice, dave, kind, *, consent):
    contact = NetworkContactFactory(student=outflow.student, kind=kind, name=f"Contact {kind}")
    if consent is not None:
        ConsentFactory(
            student=outflow.student,
            contact=contact,
            purpose=ConsentPurpose.GEGEVENS_DELEN,
            given=consent,
            on=date(2027, 6, 1),
            recorded_by=alice,
        )
    return partner_add(handover=outflow.handover, by=dave, kind=kind, contact=contact)


@pytest.mark.parametrize("consent", [None, False])
def test_no_document_without_consent(outflow, alice, dave, consent):
    partner = _partner(outflow, alice, dave, "gemeente", consent=consent)
    with pytest.raises(ValidationError, match="toestemming"):
        handover_document_data(partner)
    with pytest.raises(ValidationError):
        render_handover_pdf(partner)


def test_consent_withdrawn_after_giving_stops_the_document(outflow, alice, dave):
    partner = _partner(outflow, alice, dave, "gemeente", consent=True)
    handover_document_data(partner)
    ConsentFactory(
        student=outflow.student,
        contact=partner.contact,
        purpose=ConsentPurpose.GEGEVENS_DELEN,
        given=False,
        recorded_by=alice,
    )
    with pytest.raises(ValidationError):
        handover_document_data(partner)


def test_consent_to_involve_is_not_consent_to_share(outflow, alice, dave):
    partner = _partner(outflow, alice, dave, "gemeente", consent=None)
    ConsentFactory(
        student=outflow.student,
        contact=partner.contact,
        purpose=ConsentPurpose.BETREKKEN,
        recorded_by=alice,
    )
    with pytest.raises(ValidationError):
        handover_document_data(partner)


def test_each_partner_reads_only_what_it_needs(outflow, alice, dave, tmp_path):
    handover_save(handover=outflow.handover, by=dave, data=ANSWERS)
    employer = _partner(outflow, alice, dave, "werkgever", consent=True)
    municipality = _partner(outflow, alice, dave, "gemeente", consent=True)

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")

    def text_of(partner):
        path = tmp_path / f"{partner.kind}.pdf"
        path.write_bytes(render_handover_pdf(partner))
        out = subprocess.run(  # noqa: S603 - fixed command on a file we just wrote
            [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        return " ".join(out.split())

    for_employer = text_of(employer)
    assert outflow.student.full_name in for_employer
    assert "Orders picken met de scanner." in for_employer
    assert "Schuld" not in for_employer and "bewindvoering" not in for_employer
    for_municipality = text_of(municipality)
    assert "bewindvoering aangevraagd." in for_municipality
    assert "Orders picken" not in for_municipality
