"""The demo school's host companies: shared by the institution, so they are made once —
company ``number`` depends only on the seed and that number — and each batch adds the
ones its students are the first to need (a pool that grows with the school)."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

from entree.accounts.models import Institution, User
from entree.core.bulk import bulk_insert
from entree.core.demo import faker_for
from placements.models import Company, CompanyContact, Sector

#: Every sector, in a fixed order: company ``number`` is in sector ``number % len(SECTORS)``.
SECTORS: list[str] = list(Sector.values)
#: At least three companies per sector, and one more company per this many students.
MIN_COMPANIES = 3 * len(SECTORS)
STUDENTS_PER_COMPANY = 25
#: Fictional KvK numbers: 98000000 + the company's number, unique in the institution.
KVK_BASE = 98_000_000
_BULK = 1000

#: What kind of business a company of each sector is (the start of its name).
KINDS: dict[str, list[str]] = {
    Sector.AGRARISCH: ["Hoveniersbedrijf", "Kwekerij", "Tuincentrum", "Zorgboerderij"],
    Sector.LOGISTIEK: ["Distributiecentrum", "Transportbedrijf", "Koeriersdienst"],
    Sector.HOUT: ["Timmerfabriek", "Meubelmakerij", "Houthandel"],
    Sector.METAAL: ["Constructiebedrijf", "Lasbedrijf", "Metaalwarenfabriek"],
    Sector.RETAIL: ["Supermarkt", "Bouwmarkt", "Drogisterij", "Kringloopwinkel"],
    Sector.HORECA: ["Restaurant", "Bakkerij", "Hotel", "Lunchroom", "Cateraar"],
    Sector.ZORG: ["Woonzorgcentrum", "Dagbesteding", "Kinderopvang", "Verpleeghuis"],
    Sector.BOUW: ["Bouwbedrijf", "Schildersbedrijf", "Onderhoudsbedrijf"],
    Sector.TECHNIEK: ["Installatiebedrijf", "Elektrotechniek", "Loodgietersbedrijf"],
    Sector.MOBILITEIT: ["Autobedrijf", "Fietsenmaker", "Bandenservice"],
    Sector.PROCESINDUSTRIE: ["Voedingsmiddelenfabriek", "Verpakkingsbedrijf", "Drukkerij"],
    Sector.SCHOONMAAK: ["Schoonmaakbedrijf", "Facilitair bedrijf", "Glazenwasserij"],
    Sector.DIENSTVERLENING: ["Gemeentewerf", "Postsorteercentrum", "Callcenter"],
    Sector.ANDERS: ["Dierenpension", "Manege", "Sportcentrum"],
}
_NAMES = ["De Linde", "Het Anker", "De Eik", "Zonnehoek", "De Brug", "Het Baken", "De Horst"]
_ROLES = ["Praktijkopleider", "Teamleider", "Bedrijfsleider", "Chef", "Leermeester"]


def pool_size(index: int) -> int:
    """How many companies exist by the time student ``index`` looks for a placement."""
    return max(MIN_COMPANIES, (index + 1) // STUDENTS_PER_COMPANY)


@dataclass
class Pool:
    """The institution's demo companies by number, with their praktijkopleiders."""

    companies: dict[int, Company]
    trainers: dict[int, list[CompanyContact]]

    def pick(self, rng: random.Random, sector: str, index: int) -> int:
        """A company number of ``sector`` that exists for student ``index``: the sector's
        first company is the big employer every team works with (a long history)."""
        offset = SECTORS.index(sector)
        count = max(1, (pool_size(index) - offset + len(SECTORS) - 1) // len(SECTORS))
        step = 0 if rng.random() < 0.3 else rng.randrange(count)
        return step * len(SECTORS) + offset


def _company(
    seed: int, number: int, institution: Institution, by: User, today: date
) -> tuple[Company, list[CompanyContact]]:
    rng = random.Random(f"{seed}:placements:company:{number}")  # noqa: S311 - demo data
    fake: Faker = faker_for(rng)
    sector = SECTORS[number % len(SECTORS)]
    city = fake.city()
    family = fake.last_name()
    owner = rng.choice([*_NAMES, family[:1].upper() + family[1:]])
    name = f"{rng.choice(KINDS[sector])} {owner}"
    recognised = rng.random() < 0.85
    company = Company(
        institution=institution,
        name=f"{name} {city}" if rng.random() < 0.3 else name,
        kvk_number=f"{KVK_BASE + number}",
        sector=sector,
        sbb_recognised=recognised,
        sbb_number=f"{100_000 + number}" if recognised else "",
        sbb_checked_on=today - timedelta(days=rng.randint(10, 700)) if recognised else None,
        address=fake.street_address(),
        postcode=fake.postcode().replace(" ", ""),
        city=city,
        created_by=by,
    )
    contacts = [
        CompanyContact(
            company=company,
            name=fake.name(),
            role=_ROLES[0] if n == 0 else rng.choice(_ROLES),
            phone=f"06{rng.randint(10_000_000, 99_999_999)}",
            email=f"praktijkopleider{number}.{n}@bedrijf.example.test",
            # Someone who left stays on old placements, but is not offered for new ones.
            active=n == 0 or rng.random() < 0.85,
        )
        for n in range(rng.randint(1, 3))
    ]
    return company, contacts


def company_pool(*, seed: int, institution: Institution, by: User, today: date, size: int) -> Pool:
    """Companies 0 … ``size - 1`` of the institution: the existing ones read (two
    queries), the missing ones made (bulk inserts)."""
    demo = Company.objects.filter(institution=institution, kvk_number__startswith="98")
    companies = {int(c.kvk_number) - KVK_BASE: c for c in demo}
    numbers = {c.pk: n for n, c in companies.items()}
    trainers: dict[int, list[CompanyContact]] = {}
    for contact in CompanyContact.objects.filter(company__in=demo).order_by("company_id", "id"):
        trainers.setdefault(numbers[contact.company_id], []).append(contact)
    new = {n: _company(seed, n, institution, by, today) for n in range(size) if n not in companies}
    bulk_insert([c for c, _ in new.values()])
    bulk_insert([contact for _, contacts in new.values() for contact in contacts])
    for number, (company, contacts) in new.items():
        companies[number] = company
        trainers[number] = contacts
    return Pool(companies=companies, trainers=trainers)
