"""Small cells stay hidden: the attacker (attacker.py) tries to pin every suppressed number
from everything the reports of a year show, for all scopes, and must fail — and it does
pin one as soon as complementary suppression is switched off (so it can fail)."""

import random
from dataclasses import asdict

import pytest

from entree.reports.figures.cube import Dim, Population, System, TableSpec, render
from entree.reports.figures.suppression import Relation, pinned, propagate, suppress

from .attacker import TOTAL, attack

YEAR = 2025
POPULATION = Population("synthetic", "synthetic", lambda institution, year: None)  # type: ignore[arg-type,return-value]
ROWS = Dim("r", "r", (("a", "A"), ("b", "B"), ("c", "C")))
COLUMNS = Dim("k", "k", (("x", "X"), ("y", "Y"), ("z", "Z")))
GRID = TableSpec(
    key="grid",
    title="",
    definition="",
    population=POPULATION,
    row_header="",
    rows=ROWS,
    columns=COLUMNS,
    percent_of="row",
)
#: The same rows counted on their own: its cells are the grid's row totals.
ONE = TableSpec(key="one", title="", definition="", population=POPULATION, row_header="", rows=ROWS)
LINKS = [(("one", r, "aantal"), ("grid", r, TOTAL)) for r, _ in ROWS.codes] + [
    (("one", TOTAL, "aantal"), ("grid", TOTAL, TOTAL))
]


def system_for(cube, teams, *, complementary=True):
    """``cube``: ``{(team, row, column): n}``."""
    grid = [
        {"year_key": YEAR, "team_key": t, "d_r": r, "d_k": k, "n": n}
        for (t, r, k), n in cube.items()
        if n
    ]
    rows: dict = {}
    for (t, r, _), n in cube.items():
        rows[(t, r)] = rows.get((t, r), 0) + n
    one = [{"year_key": YEAR, "team_key": t, "d_r": r, "n": n} for (t, r), n in rows.items() if n]
    system = System()
    system.add_table(GRID, YEAR, teams, grid)
    system.add_table(ONE, YEAR, teams, one)
    system.suppress(complementary=complementary)
    return system


def published(system, teams):
    """What the reports of the year show, per scope, as JSON-ready dicts."""
    scopes = {"instelling": None} | {f"team-{t}": t for t in teams}
    return {
        key: {spec.key: asdict(render(spec, system, YEAR, team)) for spec in (GRID, ONE)}
        for key, team in scopes.items()
    }


def cube_of(rows_by_team):
    """``{team: [[a_x, a_y, a_z], [b_x, ...], [c_x, ...]]}`` as a cube."""
    return {
        (team, r, k): value
        for team, rows in rows_by_team.items()
        for (r, _), values in zip(ROWS.codes, rows, strict=True)
        for (k, _), value in zip(COLUMNS.codes, values, strict=True)
    }


HAND_MADE = {
    "a 4 beside a 5 in one row": {1: [[4, 5, 0], [9, 8, 7], [6, 6, 6]]},
    "exactly 5 and exactly 4": {1: [[5, 4, 9], [5, 5, 5]], 2: [[9, 9, 9], [9, 9, 9]]},
    "two ones that sum to 2": {1: [[1, 1, 9], [7, 8, 9], [9, 9, 9]]},
    "a lonely 3 in a team": {
        1: [[3, 0, 0], [0, 0, 0], [0, 0, 0]],
        2: [[6, 7, 8], [9, 9, 9], [9, 9, 9]],
    },
    "a 2 and a zero beside it": {1: [[2, 0, 6], [0, 7, 9], [6, 9, 9]]},
    "every cell small": {
        1: [[1, 2, 3], [4, 1, 2], [3, 4, 1]],
        2: [[2, 2, 2], [1, 1, 1], [4, 4, 4]],
    },
    # At scale this leaked while "<5" meant 1..4: each team's "<5" had to be 1.
    "an institution's 4 made of four teams of 1": {
        team: [[1 if team <= 4 else 0, 9, 9], [9, 9, 9], [9, 9, 9]] for team in range(1, 8)
    },
    "small in both teams and the institution": {
        1: [[2, 9, 9], [9, 9, 9], [9, 9, 9]],
        2: [[1, 9, 9], [9, 9, 9], [9, 9, 9]],
        3: [[0, 9, 9], [9, 9, 9], [9, 9, 9]],
    },
}


def _fill(rows_by_team):
    # Hand-made cubes may list two rows; the third row is then empty.
    return {t: rows + [[0, 0, 0]] * (3 - len(rows)) for t, rows in rows_by_team.items()}


@pytest.mark.parametrize("name", list(HAND_MADE))
def test_the_attacker_cannot_pin_a_hidden_cell_of_a_hand_made_cube(name):
    rows_by_team = _fill(HAND_MADE[name])
    teams = list(rows_by_team)
    system = system_for(cube_of(rows_by_team), teams)
    shown = published(system, teams)
    assert attack(shown, LINKS) == []
    # and the small cells are hidden, everywhere
    for scope in shown.values():
        for row in scope["grid"]["rows"]:
            for cell in row["cells"]:
                assert cell["count"] is None or not 0 < cell["count"] < 5


@pytest.mark.parametrize("seed", range(25))
def test_the_attacker_cannot_pin_a_hidden_cell_of_a_random_cube(seed):
    rng = random.Random(seed)
    teams = list(range(1, rng.randint(2, 5)))
    # Many small numbers and zeros, some 4s and 5s, some large.
    pool = [0, 0, 1, 2, 3, 4, 4, 5, 5, 6, 7, 9, 12, 20]
    cube = {
        (t, r, k): rng.choice(pool) for t in teams for r, _ in ROWS.codes for k, _ in COLUMNS.codes
    }
    system = system_for(cube, teams)
    assert attack(published(system, teams), LINKS) == []


def test_without_complementary_suppression_the_attacker_recovers_a_cell():
    rows_by_team = _fill(HAND_MADE["a 4 beside a 5 in one row"])
    system = system_for(cube_of(rows_by_team), [1], complementary=False)
    recovered = dict(attack(published(system, [1]), LINKS))
    assert recovered[("team-1", "grid", "a", "x")] == 4  # 9 - 5
    assert recovered[("instelling", "grid", "a", "x")] == 4


def test_without_complementary_suppression_random_cubes_leak():
    leaks = 0
    for seed in range(10):
        rng = random.Random(seed)
        teams = [1, 2, 3]
        pool = [0, 1, 2, 3, 4, 5, 6, 9]
        cube = {
            (t, r, k): rng.choice(pool)
            for t in teams
            for r, _ in ROWS.codes
            for k, _ in COLUMNS.codes
        }
        leaks += bool(attack(published(system_for(cube, teams, complementary=False), teams), LINKS))
    assert leaks == 10


def test_the_same_number_has_the_same_status_in_every_table_it_is_in():
    rows_by_team = _fill(HAND_MADE["small in both teams and the institution"])
    teams = list(rows_by_team)
    shown = published(system_for(cube_of(rows_by_team), teams), teams)
    for scope in shown.values():
        for one_row, grid_row in zip(scope["one"]["rows"], scope["grid"]["rows"], strict=True):
            assert one_row["cells"][0] == grid_row["total"] | {
                "percent": one_row["cells"][0]["percent"]
            }


def test_a_percent_is_shown_only_with_its_count_and_its_denominator():
    rows_by_team = _fill(HAND_MADE["a 4 beside a 5 in one row"])
    shown = published(system_for(cube_of(rows_by_team), [1]), [1])
    row_a = shown["team-1"]["grid"]["rows"][0]
    assert [c["display"] for c in row_a["cells"]] == ["<5", "x", "0"]
    assert [c["percent"] for c in row_a["cells"]] == [None, None, 0.0]
    row_b = shown["team-1"]["grid"]["rows"][1]
    assert row_b["cells"][0]["percent"] == round(100 * 9 / 24, 1)


# --- the engine on its own -----------------------------------------------------------------


def test_two_hidden_cells_that_must_sum_to_eight_are_both_pinned():
    relation = Relation("t", ("a", "b", "c"))
    assert sorted(pinned({"t": 18, "c": 10}, {"a": "primair", "b": "primair"}, [relation])) == [
        "a",
        "b",
    ]


def test_two_hidden_cells_that_sum_to_two_are_not_pinned_either_may_be_a_zero():
    # "<5" covers a zero hidden as a complement: 2 = 0 + 2 = 1 + 1 = 2 + 0.
    relation = Relation("t", ("a", "b", "c"))
    assert pinned({"t": 12, "c": 10}, {"a": "primair", "b": "primair"}, [relation]) == []


def test_a_complement_that_would_have_to_be_below_five_narrows_the_primary():
    relation = Relation("t", ("a", "b"))
    bounds = propagate({"t": 7}, {"a": "primair", "b": "secundair"}, [relation])
    # b is at least 5, so a is at most 2; b at most 7
    assert bounds["a"] == (0, 2) and bounds["b"] == (5, 7)
    bounds = propagate({"t": 5}, {"a": "primair", "b": "secundair"}, [relation])
    assert bounds["a"] == (0, 0) and bounds["b"] == (5, 5)


def test_suppress_prefers_the_smallest_shown_cell_over_a_total():
    values = {"t": 30, "a": 3, "b": 6, "c": 21}
    status = suppress(values, values, [Relation("t", ("a", "b", "c"))])
    assert status == {"t": "", "a": "primair", "b": "secundair", "c": ""}


def test_a_zero_beside_a_small_cell_is_hidden_as_below_five_rather_than_a_large_number():
    values = {"t": 30, "a": 3, "b": 0, "c": 27}
    status = suppress(values, values, [Relation("t", ("a", "b", "c"))])
    assert status == {"t": "", "a": "primair", "b": "primair", "c": ""}


def test_a_small_total_of_small_cells_needs_no_complement():
    values = {"t": 3, "a": 3, "b": 0}
    status = suppress(values, values, [Relation("t", ("a", "b"))])
    assert status == {"t": "primair", "a": "primair", "b": ""}


def test_an_institution_four_made_of_four_teams_of_one_is_not_pinned():
    """The shape that leaked at scale when "<5" meant 1..4: four teams of 1, 47 teams of 0
    and the institution's 4 — every "<5" had to be 1. Now a "<5" may be a hidden zero, so
    0 + 0 + 0 + 4 fits as well as 1 + 1 + 1 + 1."""
    teams = [f"team{i}" for i in range(51)]
    values = {"inst": 4} | {team: (1 if i < 4 else 0) for i, team in enumerate(teams)}
    relation = Relation("inst", tuple(teams))
    status = suppress(values, values, [relation])
    hidden = {key: state for key, state in status.items() if state}
    shown = {key: values[key] for key in values if not status[key]}
    assert pinned(shown, hidden, [relation]) == []
    assert all(status[team] == "primair" for team in teams[:4])


# --- an exact attacker on tiny cubes ----------------------------------------------------------


def _exact_attack(rows_by_team, *, complementary=True):
    """Every integer filling of the hidden team cells that reproduces everything shown
    (all scopes, totals, both tables, "<5" = 1..4, "x" >= 5): a hidden number is pinned
    when all fillings give it the same value. Exact, not intervals — for tiny cubes."""
    import itertools

    teams = list(rows_by_team)
    system = system_for(cube_of(rows_by_team), teams, complementary=complementary)
    shown = published(system, teams)
    base = cube_of(rows_by_team)
    hidden_base, options = [], []
    for team, r, k in base:
        cell = next(
            row["cells"][[c for c, _ in COLUMNS.codes].index(k)]
            for row in shown[f"team-{team}"]["grid"]["rows"]
            if row["code"] == r
        )
        if cell["count"] is None:
            hidden_base.append((team, r, k))
            options.append(range(0, 5) if cell["display"] == "<5" else range(5, 25))
    size = 1
    for option in options:
        size *= len(option)
    if size > 400_000:
        return None  # too large to enumerate: not this test's business

    def numbers(filling):
        """Every published number of the grid (the one-way table repeats its row totals)."""
        cube = dict(base) | dict(zip(hidden_base, filling, strict=True))
        result = {}
        for scope, members in [("instelling", teams)] + [(f"team-{t}", [t]) for t in teams]:
            for r, _ in ROWS.codes:
                for k, _ in COLUMNS.codes:
                    result[(scope, r, k)] = sum(cube[(t, r, k)] for t in members)
                result[(scope, r, TOTAL)] = sum(result[(scope, r, k)] for k, _ in COLUMNS.codes)
            for k, _ in COLUMNS.codes:
                result[(scope, TOTAL, k)] = sum(result[(scope, r, k)] for r, _ in ROWS.codes)
            result[(scope, TOTAL, TOTAL)] = sum(result[(scope, r, TOTAL)] for r, _ in ROWS.codes)
        return result

    published_cells = {}
    for scope, tables in shown.items():
        grid = tables["grid"]
        for row in grid["rows"]:
            for (k, _), cell in zip(COLUMNS.codes, row["cells"], strict=True):
                published_cells[(scope, row["code"], k)] = cell
            published_cells[(scope, row["code"], TOTAL)] = row["total"]
        for (k, _), cell in zip(COLUMNS.codes, grid["total"]["cells"], strict=True):
            published_cells[(scope, TOTAL, k)] = cell
        published_cells[(scope, TOTAL, TOTAL)] = grid["total"]["total"]

    def fits(value, cell):
        if cell["display"] == "<5":
            return 0 <= value <= 4
        if cell["display"] == "x":
            return value >= 5
        return value == cell["count"]

    seen: dict = {}
    for filling in itertools.product(*options):
        result = numbers(filling)
        if all(fits(result[name], cell) for name, cell in published_cells.items()):
            for name, cell in published_cells.items():
                if cell["count"] is None:
                    seen.setdefault(name, set()).add(result[name])
    return {name: values for name, values in seen.items() if len(values) == 1}


TINY = [
    {1: [[4, 5, 0], [0, 6, 0], [0, 0, 0]]},
    {1: [[1, 1, 0], [3, 9, 0], [0, 0, 0]]},
    {1: [[2, 0, 0], [6, 0, 0], [0, 0, 0]], 2: [[3, 0, 0], [7, 0, 0], [0, 0, 0]]},
    {1: [[3, 6, 0], [0, 0, 0], [0, 0, 0]], 2: [[0, 9, 0], [0, 0, 0], [0, 0, 0]]},
    {1: [[4, 0, 0], [5, 0, 0], [0, 0, 0]], 2: [[1, 0, 0], [8, 0, 0], [0, 0, 0]]},
]


@pytest.mark.parametrize("rows_by_team", TINY)
def test_an_exact_attacker_pins_nothing_in_a_tiny_cube(rows_by_team):
    recovered = _exact_attack(rows_by_team)
    assert recovered is not None
    assert recovered == {}


def test_the_exact_attacker_recovers_cells_without_complementary_suppression():
    recovered = _exact_attack(TINY[0], complementary=False)
    assert recovered[("team-1", "a", "x")] == {4}


@pytest.mark.parametrize("seed", range(15))
def test_an_exact_attacker_pins_nothing_in_a_random_tiny_cube(seed):
    rng = random.Random(1000 + seed)
    pool = [0, 1, 2, 3, 4, 4, 5, 5, 6, 8]
    rows_by_team = {
        team: [
            [rng.choice(pool), rng.choice(pool), 0],
            [rng.choice(pool), rng.choice(pool), 0],
            [0, 0, 0],
        ]
        for team in range(1, rng.randint(2, 3))
    }
    recovered = _exact_attack(rows_by_team)
    if recovered is None:
        pytest.skip("too many fillings to enumerate")
    assert recovered == {}
