"""The national mix of demo students and what they say: the weights from the
inspectorate's 2018 report (table 2.2a, 5.1a, 2.3b), Dutch surname prefixes, and the
intake's notes, motivations and network contacts. Shared by every app's demo seeder that
draws from a weighted list (``pick``)."""

import random
from collections.abc import Mapping
from typing import TypeVar

from students.models import (
    ContactKind,
    LearningPath,
    LifeDomain,
    PriorEducation,
    PriorEducationLevel,
    Profile,
    ReferralRoute,
    Status,
)

K = TypeVar("K")

# Table 2.2a, cohort 2017 (percent). "vo incl. vbo" maps to vo_met_diploma.
PRIOR_EDUCATION_WEIGHTS = {
    PriorEducation.GEEN_DIPLOMA_VO: 25,
    PriorEducation.ONBEKEND: 21,
    PriorEducation.PRAKTIJKONDERWIJS: 19,
    PriorEducation.ISK: 19,
    PriorEducation.VSO: 15,
    PriorEducation.VO_MET_DIPLOMA: 1,
}
# Table 5.1a, cohort 2016 (counts).
LEARNING_PATH_WEIGHTS = {
    LearningPath.BOL: 7581,
    LearningPath.BBL: 2218,
    LearningPath.EXAMENDEELNEMER: 976,
}
# Table 2.3b, cohort 2017 (counts).
PROFILE_WEIGHTS = {
    Profile.BOUWEN: 706,
    Profile.ZORG: 3183,
    Profile.HORECA: 1105,
    Profile.INSTALLATIE: 868,
    Profile.LOGISTIEK: 613,
    Profile.MOBILITEIT: 585,
    Profile.PROCESTECHNIEK: 31,
    Profile.RETAIL: 1909,
    Profile.GROEN: 375,
    Profile.NOG_NIET: 2522,
}
LEVEL_WEIGHTS = {
    PriorEducationLevel.BRUGJAAR: 10,
    PriorEducationLevel.VMBO_BASIS: 55,
    PriorEducationLevel.VMBO_KADER: 25,
    PriorEducationLevel.VMBO_GT: 7,
    PriorEducationLevel.HAVO: 3,
}
# Where students stand on the demo day (weights): a school that has used the system for
# years, as one installation for the whole country would have it (issue 16: 16,000 new
# students a year, followed through the programme and two years after). About a year of
# intake is in the programme or just before it; two years of leavers are in the
# follow-up; older leavers' records are closed. So three in four students have left and
# have their follow-up contacts, and one in six is active.
STATUS_WEIGHTS = {
    Status.AANGEMELD: 2,
    Status.INTAKE: 3,
    Status.GEPLAATST: 2,
    Status.NIET_GEPLAATST: 2,
    Status.HOGER_NIVEAU: 1,
    Status.UITGESTELD: 2,
    Status.ACTIEF: 17,
    Status.UITGESTROOMD: 3,
    Status.NAZORG: 32,
    Status.AFGESLOTEN: 36,
}
PREFIXES = ("van der", "van den", "van de", "van", "de", "den", "der", "ter", "te", "in 't", "'t")


def pick(rng: random.Random, weights: Mapping[K, float]) -> K:
    return rng.choices(list(weights), weights=list(weights.values()), k=1)[0]


def referral(rng: random.Random, prior: str) -> str:
    if prior in (PriorEducation.PRAKTIJKONDERWIJS, PriorEducation.VSO, PriorEducation.ISK):
        return rng.choice([ReferralRoute.PRO_VSO_ISK] * 4 + [ReferralRoute.LEERPLICHT_RMC])
    if prior == PriorEducation.GEEN_DIPLOMA_VO:
        return rng.choice([ReferralRoute.LEERPLICHT_RMC, ReferralRoute.EIGEN_INITIATIEF])
    return rng.choice(
        [
            ReferralRoute.GEMEENTE,
            ReferralRoute.GEMEENTE,
            ReferralRoute.EIGEN_INITIATIEF,
            ReferralRoute.ANDERS,
        ]
    )


def split_last_name(full: str) -> tuple[str, str]:
    """'van den Berg' → ('van den', 'Berg'): Dutch sorting ignores the prefix."""
    for prefix in PREFIXES:
        if full.lower().startswith(prefix + " "):
            return full[: len(prefix)], full[len(prefix) + 1 :]
    return "", full


NOTES = {
    LifeDomain.ZORG: ["Heeft een hulpverlener bij jeugdhulp.", "Wacht op een intake bij de ggz."],
    LifeDomain.WONEN: ["Woont tijdelijk bij een tante.", "Zoekt een kamer; staat ingeschreven."],
    LifeDomain.FINANCIEN: [
        "Heeft schulden; bewindvoering aangevraagd.",
        "Geen inkomen, bijstand loopt.",
    ],
    LifeDomain.SCHOOL: ["Lang thuisgezeten na het vo.", "Extra taalondersteuning nodig."],
    LifeDomain.WERK: ["Werkt in het weekend in een supermarkt.", "Nog geen werkervaring."],
}
#: What a student says at the intake, fitting the profile (and so the team) they are in:
#: a team recognises its own students. Two general ones fit every profile.
GENERAL_MOTIVATIONS = [
    "Wil een vaste baan en een eigen woning.",
    "Wil een diploma halen en daarna gaan werken.",
]
MOTIVATIONS = {
    Profile.ZORG: ["Wil in de zorg werken, net als haar moeder.", "Helpt graag ouderen."],
    Profile.RETAIL: [
        "Wil in een winkel werken; vakken vullen doet hij al.",
        "Wil klanten helpen in een supermarkt.",
    ],
    Profile.NOG_NIET: ["Weet het nog niet precies; wil praktisch bezig zijn."],
    Profile.BOUWEN: ["Wil met zijn handen werken in de bouw.", "Klust graag; wil schilder worden."],
    Profile.INSTALLATIE: ["Wil installateur worden, zoals zijn oom.", "Sleutelt graag aan dingen."],
    Profile.LOGISTIEK: ["Wil in een magazijn werken en later een heftruckcertificaat halen."],
    Profile.MOBILITEIT: ["Wil monteur worden in een garage.", "Sleutelt thuis aan scooters."],
    Profile.PROCESTECHNIEK: ["Wil in een fabriek aan de productielijn werken."],
    Profile.HORECA: ["Wil graag koken; heeft stage gelopen in een restaurant."],
    Profile.GROEN: ["Wil buiten werken, in een hoveniersbedrijf of een kwekerij."],
}
CONTACT_KINDS = [
    (ContactKind.VORIGE_SCHOOL, "Mentor vorige school", "Praktijkschool De Brug"),
    (ContactKind.DOORSTROOMPUNT, "Trajectbegeleider", "Doorstroompunt regio"),
    (ContactKind.GEMEENTE, "Consulent werk en inkomen", "Gemeente"),
    (ContactKind.OUDER, "Ouder", ""),
    (ContactKind.JEUGDZORG, "Ambulant hulpverlener", "Jeugdhulp regio"),
    (ContactKind.JOBCOACH, "Jobcoach", "Werkfit"),
]
