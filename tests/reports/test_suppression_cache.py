"""The suppression pattern is worked out once per set of numbers: a second process asking
for the same numbers while the first works waits for its pattern instead of working it
out again (the cache is the real Redis)."""

import threading

from django.core.cache import cache

from entree.reports.figures import core
from entree.reports.figures.cube import System

from .test_suppression import GRID, ONE, YEAR


def _system():
    system = System()
    counts = [{"year_key": YEAR, "team_key": 1, "d_r": "a", "d_k": "x", "n": 3}]
    system.add_table(GRID, YEAR, [1], counts)
    system.add_table(ONE, YEAR, [1], [{"year_key": YEAR, "team_key": 1, "d_r": "a", "n": 3}])
    return system


def test_a_second_asker_waits_for_the_pattern_being_worked_out(monkeypatch):
    worked_out = _system()
    worked_out.suppress()
    pattern = worked_out.status
    key = core.pattern_key(_system(), complementary=True)
    cache.add(f"{key}:busy", 1, timeout=60)  # another process is working it out

    def working_elsewhere():
        threading.Event().wait(1.0)
        cache.set(key, pattern, timeout=60)

    def never(self, **kwargs):
        raise AssertionError("worked out twice")

    monkeypatch.setattr(System, "suppress", never)
    other = threading.Thread(target=working_elsewhere)
    other.start()
    system = _system()
    core._suppress_cached(system, complementary=True)
    other.join()
    assert system.status == pattern


def test_without_another_process_the_pattern_is_worked_out_and_the_lock_let_go():
    system = _system()
    core._suppress_cached(system, complementary=True)
    key = core.pattern_key(system, complementary=True)
    assert cache.get(key) == system.status
    assert system.status  # the 3 is hidden
    assert cache.get(f"{key}:busy") is None
