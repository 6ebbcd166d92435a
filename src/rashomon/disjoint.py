"""Disjoint sets over 0..n-1 (union-find with path halving): the grouping step several
stages share (statements, quotations and date groups across outlets, a statement's
credits, storylines). Which root a union keeps is the caller's choice, since some
callers keep per-group state under the root."""

from __future__ import annotations


class DisjointSets:
    """``n`` items, each in a set of its own until joined."""

    __slots__ = ("_parent",)

    def __init__(self, n: int) -> None:
        self._parent = list(range(n))

    def find(self, item: int) -> int:
        """The root of the set holding ``item``."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def attach(self, root: int, under: int) -> None:
        """Join the set whose root is ``root`` to the set whose root is ``under``
        (``under`` stays the root)."""
        self._parent[root] = under

    def union(self, a: int, b: int) -> None:
        """Join the sets of ``a`` and ``b``; the root of ``b``'s set stays the root."""
        self._parent[self.find(a)] = self.find(b)
