"""Demo accounts shared by ``seed_demo`` and the README: fictional people, example.test
domain (reserved, never delivers mail)."""

DEMO_PASSWORD = "Entree-demo-2026!"  # noqa: S105 - demo only; seed_demo refuses production

DEMO_INSTITUTION = "ROC De Nieuwe Koers (demo)"

#: (e-mail, first name, last name, roles, team indexes)
DEMO_USERS = [
    ("mentor@demo.example.test", "Sanne", "de Wit", ["mentor"], [0]),
    ("mentor2@demo.example.test", "Youssef", "Bakker", ["mentor"], [0]),
    ("mentor3@demo.example.test", "Lotte", "Hendriks", ["mentor"], [1]),
    ("mentor4@demo.example.test", "Daan", "Visser", ["mentor"], [2]),
    ("coordinator@demo.example.test", "Fatima", "El Idrissi", ["uitstroomcoordinator"], [0, 1, 2]),
    ("manager@demo.example.test", "Peter", "Smit", ["management"], [0, 1, 2]),
    ("beheer@demo.example.test", "Ingrid", "Mulder", ["functioneel_beheerder"], []),
]

#: (name, location)
DEMO_TEAMS = [
    ("Entree Zorg en Retail", "Locatie Centrum"),
    ("Entree Techniek en Logistiek", "Locatie Haven"),
    ("Entree Horeca en Groen", "Locatie Noord"),
]
