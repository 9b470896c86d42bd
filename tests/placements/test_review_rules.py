"""Rules added after review: a stopped search never counts as a placement, an ended
placement keeps its details, a running one keeps what its start relied on."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from placements import services
from placements.models import Placement
from placements.selectors import company_figures
from placements.services import AgreementData, PlacementData, VisitData
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def _data(placement, **changes):
    values = {
        "company": placement.company,
        "trainer": placement.trainer,
        "supervisor": placement.supervisor,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "days_per_week": placement.days_per_week,
        "hours_per_week": placement.hours_per_week,
        **changes,
    }
    return PlacementData(**values)


def test_a_stopped_search_is_no_placement_and_gets_no_outcome_or_visit(
    student, alice, company, trainer
):
    search = PlacementFactory(student=student, company=company, trainer=trainer, status="zoekend")
    services.placement_stop(by=alice, placement=search, on=date(2026, 11, 10), reason="match")
    assert company_figures(company).placements == 0
    assert company_figures(company).stopped == 0
    with pytest.raises(ValidationError, match="begonnen"):
        services.outcome_record(by=alice, placement=search, outcome="baan", on=date(2026, 11, 12))
    with pytest.raises(ValidationError, match="begonnen"):
        services.visit_save(
            by=alice,
            placement=search,
            data=VisitData(visited_on=date(2026, 11, 5), kind="telefoon", rating="goed"),
        )


def test_an_ended_placement_keeps_its_details(student, alice, placement):
    services.placement_finish(by=alice, placement=placement, on=date(2026, 11, 15))
    with pytest.raises(ValidationError, match="voorbij"):
        services.placement_save(
            student=student, by=alice, placement=placement, data=_data(placement, days_per_week=2)
        )
    assert Placement.objects.get(pk=placement.pk).days_per_week == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [({"days_per_week": None}, "days_per_week"), ({"hours_per_week": None}, "hours_per_week")],
)
def test_a_running_placement_keeps_days_and_hours(student, alice, placement, change, field):
    with pytest.raises(ValidationError) as refused:
        services.placement_save(
            student=student, by=alice, placement=placement, data=_data(placement, **change)
        )
    assert field in refused.value.message_dict


def test_a_running_placement_stays_at_its_company(student, alice, placement):
    other = PlacementFactory(student=student, status="zoekend")  # another company
    with pytest.raises(ValidationError) as refused:
        services.placement_save(
            student=student,
            by=alice,
            placement=placement,
            data=_data(placement, company=other.company, trainer=other.trainer),
        )
    assert "company" in refused.value.message_dict


def test_no_signature_of_a_started_placement_can_be_taken_away(student, alice, placement):
    for cleared in ("signed_school_on", "signed_guardian_on"):
        values = {
            "signed_school_on": placement.signed_school_on,
            "signed_student_on": placement.signed_student_on,
            "signed_guardian_on": date(2026, 9, 20),
            "signed_company_on": placement.signed_company_on,
        }
        services.agreement_record(by=alice, placement=placement, data=AgreementData(**values))
        values[cleared] = None
        with pytest.raises(ValidationError, match="handtekeningen"):
            services.agreement_record(by=alice, placement=placement, data=AgreementData(**values))


def test_a_hidden_students_row_in_the_company_history_is_not_identifiable(
    placement, carol, api_for, client_for
):
    rows = api_for(carol).get(f"/api/v1/companies/{placement.company.uuid}/placements/").json()
    row = rows["results"][0]
    assert row["student"] is None and row["student_name"] is None
    assert row["start_date"] is None and row["end_date"] is None and row["trainer_name"] is None
    assert row["year"] == 2026
    page = client_for(carol).get(f"/bpv/leerbedrijven/{placement.company.uuid}/").content.decode()
    assert placement.trainer.name in page  # on the company's own list of praktijkopleiders
    history = page[page.index("Student die u niet kunt inzien") :]
    assert "1-10-2026" not in history and placement.trainer.name not in history.split("</tr>")[0]
