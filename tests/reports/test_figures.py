"""Every figure of the annual report against a small hand-computed cohort (issue 14).

The counts are read before suppression (``helpers.raw``); what a manager sees of them is
tested in test_suppression.py. The school year is 2025-2026 throughout.
"""

from datetime import date

import pytest
import time_machine

from entree.reports.figures.core import build_systems
from entree.reports.report import SchoolYear
from students.models import Status
from tests.factories import (
    CompanyFactory,
    FollowUpContactFactory,
    HandoverFactory,
    IntakeFactory,
    OutflowFactory,
    PartnerHandoverFactory,
    PlacementFactory,
    StudentFactory,
    TeamFactory,
    VisitFactory,
)

from .helpers import raw, spec_of

pytestmark = pytest.mark.django_db

YEAR = SchoolYear(2025)
START = date(2025, 9, 1)


def starter(team, **fields):
    fields.setdefault("start_date", START)
    fields.setdefault("cohort", "2025-2026")
    fields.setdefault("status", Status.ACTIEF)
    return StudentFactory(team=team, **fields)


def leaver(team, left_on, *, diploma=True, destination="mbo_niveau2_plus", **fields):
    student = starter(team, status=Status.UITGESTROOMD, **fields)
    return OutflowFactory(
        student=student, left_on=left_on, diploma=diploma, destination=destination
    )


def test_the_cohort_is_who_started_in_the_school_year(team):
    starter(team)
    starter(team, start_date=date(2026, 7, 31))  # the last day of the school year
    starter(team, start_date=date(2024, 9, 1), cohort="2024-2025")  # the year before
    starter(team, status=Status.AFGESLOTEN)  # placed, never came: no outflow
    leaver(team, date(2026, 1, 10))  # started and left: in the cohort
    assert raw(team.institution_id, YEAR, "inflow_learning_path") == {"bol": 3}
    assert raw(team.institution_id, YEAR.previous(), "inflow_learning_path") == {"bol": 1}


def test_inflow_by_prior_education_profile_and_referral(team):
    for prior, profile, route in [
        ("isk", "ass_logistiek", "gemeente"),
        ("isk", "ass_logistiek", "leerplicht_rmc"),
        ("vso", "entree_kwalificatiedossier", "pro_vso_isk"),
    ]:
        starter(team, prior_education=prior, profile=profile, referral_route=route)
    institution = team.institution_id
    assert raw(institution, YEAR, "inflow_prior_education") == {"isk": 2, "vso": 1}
    assert raw(institution, YEAR, "inflow_profile") == {
        "ass_logistiek": 2,
        "entree_kwalificatiedossier": 1,
    }
    assert raw(institution, YEAR, "inflow_referral") == {
        "gemeente": 1,
        "leerplicht_rmc": 1,
        "pro_vso_isk": 1,
    }


def test_age_bands_count_whole_years_on_the_start_date(team):
    starter(team, date_of_birth=date(2007, 9, 2))  # 17, turns 18 the day after the start
    starter(team, date_of_birth=date(2007, 9, 1))  # 18 on the start date
    starter(team, date_of_birth=date(2002, 9, 2))  # 22
    starter(team, date_of_birth=date(2002, 9, 1))  # 23
    starter(team, date_of_birth=date(1998, 9, 2))  # 26
    starter(team, date_of_birth=date(1998, 9, 1))  # 27
    assert raw(team.institution_id, YEAR, "inflow_age") == {
        "onder_18": 1,
        "18_22": 2,
        "23_26": 2,
        "27_plus": 1,
    }


def test_intake_outcomes_of_the_school_year_split_by_handover(team):
    def decided(outcome, on=date(2025, 10, 1), **fields):
        IntakeFactory(
            student__team=team,
            outcome=outcome,
            outcome_motivation="" if outcome == "geplaatst" else "Toelichting.",
            decided_on=on,
            **fields,
        )

    decided("geplaatst")
    decided("geplaatst", on=date(2026, 7, 31))
    decided("hoger_niveau")
    decided("niet_geplaatst", handed_over_to="gemeente")
    decided("niet_geplaatst", handed_over_to="vorige_school")
    decided("uitgesteld")
    decided("geplaatst", on=date(2026, 8, 1))  # the next school year
    IntakeFactory(student__team=team)  # no decision yet
    assert raw(team.institution_id, YEAR, "intake_outcomes") == {
        "geplaatst": 2,
        "hoger_niveau": 1,
        "niet_geplaatst_gemeente": 1,
        "niet_geplaatst_vorige_school": 1,
        "uitgesteld": 1,
    }


def test_a_diploma_exactly_twelve_months_after_the_start_counts_within_the_year(team):
    leaver(team, date(2026, 9, 1))  # start + 12 months exactly
    leaver(team, date(2026, 9, 2))  # one day late: still enrolled at twelve months
    leaver(team, date(2026, 3, 1), diploma=False, destination="geen")
    leaver(team, date(2026, 3, 1), diploma=False, destination="mbo_niveau2_plus")
    leaver(team, date(2026, 5, 1), diploma=True, destination="werk", learning_path="bbl")
    starter(team, prior_education="isk")
    # A start on 29 February: twelve months later is 28 February.
    leaver(team, date(2025, 2, 28), start_date=date(2024, 2, 29), cohort="2023-2024")
    institution = team.institution_id
    assert raw(institution, YEAR, "results_learning_path") == {
        ("bol", "diploma"): 1,
        ("bol", "nog_ingeschreven"): 2,
        ("bol", "geen_diploma"): 2,
        ("bbl", "diploma"): 1,
    }
    assert raw(institution, YEAR, "results_prior_education") == {
        ("onbekend", "diploma"): 2,
        ("onbekend", "nog_ingeschreven"): 1,
        ("onbekend", "geen_diploma"): 2,
        ("isk", "nog_ingeschreven"): 1,
    }
    assert raw(institution, SchoolYear(2023), "results_learning_path") == {("bol", "diploma"): 1}
    assert raw(institution, YEAR, "destinations_learning_path") == {
        ("bol", "doorstroom_niveau2"): 2,  # the diploma on the day, and the one without
        ("bol", "uitval_zonder_diploma"): 1,
        ("bol", "nog_in_entree"): 2,
        ("bbl", "uitstroom_met_diploma"): 1,
    }


def placement(**fields):
    signed = fields.pop("signed", date(2025, 9, 20))
    for party in ("school", "student", "company"):
        fields.setdefault(f"signed_{party}_on", signed)
    return PlacementFactory(**fields)


def test_bpv_counts_started_placements_by_sector(team):
    student = starter(team, date_of_birth=date(2000, 1, 1))
    minor = starter(team, date_of_birth=date(2008, 5, 17))
    care = CompanyFactory(institution=team.institution, sector="zorg")
    two_visits = placement(
        student=student, start_date=date(2025, 10, 1), outcome="baan", outcome_on=date(2026, 2, 1)
    )
    VisitFactory.create_batch(2, placement=two_visits)
    one_visit = placement(
        student=student,
        company=care,
        start_date=date(2025, 10, 1),
        outcome="geen_baan",
        outcome_on=date(2026, 2, 1),
        signed_company_on=date(2025, 10, 2),  # after the start
    )
    VisitFactory(placement=one_visit)
    placement(student=minor, company=care, start_date=date(2025, 11, 1))  # no guardian
    placement(student=minor, status="zoekend", start_date=None, end_date=None, signed=None)
    placement(student=student, start_date=date(2026, 8, 3))  # next school year
    institution = team.institution_id
    assert raw(institution, YEAR, "bpv_visits") == {
        ("logistiek", "twee_of_meer"): 1,
        ("zorg", "minder_dan_twee"): 2,
    }
    assert raw(institution, YEAR, "bpv_agreement") == {
        ("logistiek", "voor_de_start"): 1,
        ("zorg", "niet_op_tijd"): 2,
    }
    assert raw(institution, YEAR, "bpv_outcome") == {
        ("logistiek", "baan"): 1,
        ("zorg", "geen_baan"): 1,
        ("zorg", "nog_open"): 1,
    }


def test_outflow_checklist_and_partner_confirmation(team):
    complete = HandoverFactory(outflow=leaver(team, date(2026, 3, 1)))
    PartnerHandoverFactory(
        handover=complete,
        kind="gemeente",
        answer="in_contact",
        answered_on=date(2026, 3, 5),
        answer_channel="link",
    )
    PartnerHandoverFactory(handover=complete, kind="werkgever")
    HandoverFactory(outflow=leaver(team, date(2026, 4, 1), diploma=False), regelzaken="")
    leaver(team, date(2026, 5, 1), diploma=False, destination="geen")  # no checklist at all
    institution = team.institution_id
    assert raw(institution, YEAR, "outflow_checklist") == {
        ("diploma", "volledig"): 1,
        ("geen_diploma", "onvolledig"): 2,
    }
    system = build_systems(institution, YEAR, [spec_of("outflow_partners")], complementary=False)
    values = system[2025].values

    def partner(kind, code):
        return values[("leavers", 2025, None, frozenset({(f"partner_{kind}", code)}))]

    assert partner("gemeente", "bevestigd") == 1
    assert partner("werkgever", "niet_bevestigd") == 1
    assert partner("werkgever", "niet_op_de_lijst") == 2
    assert partner("doorstroompunt", "niet_op_de_lijst") == 3


@time_machine.travel(date(2026, 7, 31), tick=False)
def test_follow_up_contacts_on_time_late_and_reached(team):
    outflow = leaver(team, date(2025, 6, 30), start_date=date(2024, 9, 1), cohort="2024-2025")

    def contact(due, **fields):
        FollowUpContactFactory(outflow=outflow, due_on=due, **fields)

    done = {"reached": True, "channel": "telefoon", "position": "werknemer"}
    contact(date(2025, 12, 1), done_on=date(2025, 12, 15), **done)  # 14 days: on time
    contact(date(2026, 1, 1), done_on=date(2026, 1, 16), **done)  # 15 days: late
    contact(
        date(2026, 2, 1),
        done_on=date(2026, 2, 1),
        reached=True,
        channel="zelf",
        position="uitkering",
    )
    contact(date(2026, 3, 1), done_on=date(2026, 3, 1), reached=False, channel="telefoon")
    contact(date(2026, 7, 20))  # open, not late yet
    contact(date(2026, 7, 16))  # open, 15 days past its date: late
    contact(date(2026, 8, 1))  # not due in this school year
    assert raw(team.institution_id, YEAR, "follow_up_contacts") == {
        ("op_tijd", "bereikt"): 1,
        ("te_laat", "bereikt"): 1,
        ("op_tijd", "zelf"): 1,
        ("op_tijd", "niet_bereikt"): 1,
        ("open", "niet_gedaan"): 1,
        ("open_te_laat", "niet_gedaan"): 1,
    }
    assert raw(team.institution_id, YEAR, "quality_contacts") == {"position_unknown": 1}


def test_the_position_is_the_contact_closest_to_1_october(team):
    def contacts_of(outflow, *days_and_positions):
        for month, (day, position) in enumerate(days_and_positions, start=1):
            FollowUpContactFactory(
                outflow=outflow,
                month=month,
                due_on=day,
                done_on=day,
                reached=position != "",
                channel="telefoon",
                position=position,
            )

    # Leavers of 2025-2026 are measured on 1 October 2026 and 1 October 2027.
    on_the_day = leaver(team, date(2026, 6, 1))
    contacts_of(
        on_the_day,
        (date(2026, 9, 30), "uitkering"),
        (date(2026, 10, 1), "werknemer"),
        (date(2027, 10, 1), "onderwijs"),
    )
    tie = leaver(team, date(2026, 6, 1), diploma=False, destination="geen", learning_path="bbl")
    contacts_of(tie, (date(2026, 9, 21), "anders"), (date(2026, 10, 11), "werknemer"))
    not_reached = leaver(team, date(2026, 6, 1))
    contacts_of(not_reached, (date(2026, 10, 1), ""), (date(2026, 7, 1), "werknemer"))
    too_far = leaver(team, date(2025, 9, 1))
    contacts_of(too_far, (date(2025, 10, 1), "werknemer"))  # a year before the day
    institution = team.institution_id
    assert raw(institution, YEAR, "follow_up_position_1y_learning_path") == {
        ("bol", "werknemer"): 1,
        ("bbl", "anders"): 1,  # a tie: the earlier contact
        ("bol", "onbekend"): 2,
    }
    assert raw(institution, YEAR, "follow_up_position_2y_learning_path") == {
        ("bol", "onderwijs"): 1,
        ("bol", "onbekend"): 2,
        ("bbl", "onbekend"): 1,
    }
    assert raw(institution, YEAR, "follow_up_position_1y_diploma") == {
        ("diploma", "werknemer"): 1,
        ("diploma", "onbekend"): 2,
        ("geen_diploma", "anders"): 1,
    }


def test_data_quality_of_cohort_and_leavers(team, alice):
    starter(team, regiehouder=alice, prior_education="isk")
    IntakeFactory(student=starter(team, regiehouder=alice, prior_education="vso"))
    IntakeFactory(student=starter(team, prior_education="vso"), maths_level="")
    leaver(team, date(2026, 3, 1), destination="onbekend", prior_education="vso")
    institution = team.institution_id
    assert raw(institution, YEAR, "quality_cohort") == {
        "no_regiehouder": 2,  # the leaver is not closed yet either
        "intake_incomplete": 3,  # no intake (twice), or the maths level left empty
    }
    assert raw(institution, YEAR, "quality_leavers") == {
        "destination_unknown": 1,
        "no_exit_interview": 1,
    }


def test_a_student_who_changed_team_counts_once_in_their_team_now(team, other_team):
    moved = starter(team)
    starter(team)
    moved.team = other_team
    moved.save()
    institution = team.institution_id
    assert raw(institution, YEAR, "inflow_learning_path", team=team.pk) == {"bol": 1}
    assert raw(institution, YEAR, "inflow_learning_path", team=other_team.pk) == {"bol": 1}
    assert raw(institution, YEAR, "inflow_learning_path") == {"bol": 2}


def test_another_institution_is_not_counted(team):
    elsewhere = TeamFactory(institution__name="ROC Elders")
    starter(elsewhere)
    starter(team)
    assert raw(team.institution_id, YEAR, "inflow_learning_path") == {"bol": 1}


def test_a_code_outside_the_list_counts_in_the_last_code_and_totals_agree(team):
    starter(team)
    starter(team, learning_path="deeltijd")  # bypassed validation: no such learning path
    assert raw(team.institution_id, YEAR, "inflow_learning_path") == {
        "bol": 1,
        "examendeelnemer": 1,
    }
    assert sum(raw(team.institution_id, YEAR, "results_learning_path").values()) == 2
