"""The words of the demo placements: learning goals and certificates that fit the sector,
what a bpv-begeleider writes after a visit, why a placement stopped. Fictional."""

from placements.models import Certificate, Sector, VisitRating

_GENERAL = [
    "Op tijd komen en afmelden volgens de regels van het bedrijf.",
    "Zelf vragen stellen als iets niet duidelijk is.",
    "Samenwerken met collega's en afspraken nakomen.",
]

#: Learning goals at work, per sector (at least two each).
GOALS: dict[str, list[str]] = {
    Sector.AGRARISCH: ["Zelfstandig een border onderhouden.", "Veilig werken met gereedschap."],
    Sector.LOGISTIEK: ["Orders picken zonder fouten.", "Een vrachtwagen lossen volgens de regels."],
    Sector.HOUT: ["Hout zagen en schuren op maat.", "De werkplaats netjes achterlaten."],
    Sector.METAAL: ["Eenvoudige laswerkzaamheden uitvoeren.", "Een werktekening lezen."],
    Sector.RETAIL: ["Vakken vullen volgens het schap-plan.", "Klanten de weg wijzen in de winkel."],
    Sector.HORECA: ["Mise-en-place maken voor de lunch.", "Werken volgens de hygiënecode."],
    Sector.ZORG: ["Een activiteit begeleiden bij de dagbesteding.", "Bewoners helpen met eten."],
    Sector.BOUW: ["Een muur schuren en gronden.", "Veilig werken op een steiger."],
    Sector.TECHNIEK: ["Een stopcontact aansluiten.", "Materiaal klaarzetten."],
    Sector.MOBILITEIT: ["Banden wisselen en de spanning controleren.", "Een fiets onderhouden."],
    Sector.PROCESINDUSTRIE: ["De productielijn bijhouden.", "Kwaliteitscontrole op de band."],
    Sector.SCHOONMAAK: ["Schoonmaken volgens het schema.", "Een schrobmachine gebruiken."],
    Sector.DIENSTVERLENING: ["Post sorteren zonder fouten.", "Een klant aan de telefoon helpen."],
    Sector.ANDERS: _GENERAL,
}

#: Certificates that help turn a placement in the sector into a job: (kind, other name).
CERTIFICATES: dict[str, list[tuple[str, str]]] = {
    Sector.LOGISTIEK: [
        (Certificate.HEFTRUCK, ""),
        (Certificate.REACHTRUCK, ""),
        (Certificate.VCA, ""),
    ],
    Sector.BOUW: [(Certificate.VCA, ""), (Certificate.BHV, "")],
    Sector.METAAL: [(Certificate.VCA, ""), (Certificate.ANDERS, "Basiscursus lassen")],
    Sector.TECHNIEK: [(Certificate.VCA, ""), (Certificate.ANDERS, "NEN 3140 (elektrisch)")],
    Sector.HORECA: [(Certificate.HYGIENECODE, ""), (Certificate.SOCIALE_HYGIENE, "")],
    Sector.RETAIL: [(Certificate.KASSA, ""), (Certificate.BHV, "")],
    Sector.ZORG: [(Certificate.BHV, ""), (Certificate.EHBO, "")],
    Sector.AGRARISCH: [(Certificate.VCA, ""), (Certificate.ANDERS, "Spuitlicentie")],
    Sector.PROCESINDUSTRIE: [(Certificate.HYGIENECODE, ""), (Certificate.VCA, "")],
    Sector.MOBILITEIT: [(Certificate.VCA, ""), (Certificate.ANDERS, "Rijbewijs B")],
    Sector.SCHOONMAAK: [(Certificate.ANDERS, "Vakdiploma schoonmaak"), (Certificate.BHV, "")],
}

#: (report, what the employer says) per rating.
VISITS: dict[str, list[tuple[str, str]]] = {
    VisitRating.GOED: [
        ("Gaat goed; de student is gemotiveerd en komt op tijd.", "Tevreden, werkt zelfstandig."),
        ("Leerdoelen besproken; de eerste is behaald.", "Wil de student graag houden."),
        ("Student vertelt enthousiast over het werk.", "Goede inzet, leert snel."),
    ],
    VisitRating.AANDACHT: [
        ("Student komt soms te laat; afspraken gemaakt.", "Vraagt om betere communicatie."),
        ("Het werktempo is nog laag; extra oefenen.", "Heeft meer begeleiding nodig."),
    ],
    VisitRating.ZORGEN: [
        ("Student heeft zich drie keer ziek gemeld; gesprek met het zorgteam.", "Twijfelt."),
        ("Conflict met een collega; bemiddeld.", "Wil eerst zien hoe het gaat."),
    ],
}

STOP_NOTES = [
    "Student is verhuisd naar een andere regio.",
    "Het bedrijf had te weinig werk in deze periode.",
    "Eerst de schulden en het wonen op orde; daarna een nieuwe plek.",
]
