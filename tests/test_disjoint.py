"""The shared union-find: sets join, and the kept root is the caller's choice."""

from __future__ import annotations

from rashomon.disjoint import DisjointSets


def test_sets_join_transitively_and_keep_the_chosen_root() -> None:
    sets = DisjointSets(6)
    sets.union(0, 1)  # 1's root stays
    sets.attach(sets.find(2), under=sets.find(3))
    sets.union(1, 3)
    assert {sets.find(i) for i in (0, 1, 2, 3)} == {3}
    assert sets.find(4) == 4 and sets.find(5) == 5
    sets.attach(sets.find(5), under=sets.find(4))
    assert sets.find(5) == 4 and sets.find(0) != sets.find(5)
