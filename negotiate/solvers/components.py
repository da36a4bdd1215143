r"""Maximal Nash subsets and components of a bimatrix game from its extreme equilibria.

Let :math:`E \subseteq X \times Y` be the extreme equilibria, viewed as the edges of a
bipartite graph between the vertices :math:`X` of :math:`P` and :math:`Y` of :math:`Q` that
occur in them. For :math:`X' \subseteq X,\ Y' \subseteq Y` with :math:`X' \times Y' \subseteq E`
(a *biclique*), every point of :math:`\operatorname{conv} X' \times \operatorname{conv} Y'` is
an equilibrium, because the labels of a convex combination include the labels common to its
vertices. The *maximal Nash subsets* are the products over the maximal bicliques, and the set
of all equilibria is their union (Winkels 1979; Jansen 1981; Avis, Rosenberg, Savani &
von Stengel 2010, Section 6). Two maximal Nash subsets meet exactly when their bicliques share
a vertex pair chain, so the topological components of the equilibrium set are the connected
components of the bipartite graph.

Maximal bicliques are found as closed sets: for each nonempty intersection :math:`Y'` of
neighbourhoods :math:`N(x)`, the pair :math:`(\{x : Y' \subseteq N(x)\}, Y')` is a maximal
biclique, and every maximal biclique arises so. Complete (the number of maximal bicliques can
grow exponentially in degenerate games, but is small in practice).

References
----------
H.-M. Winkels (1979), "An algorithm to determine all equilibrium points of a bimatrix game",
in *Game Theory and Related Topics*, 137-148.
D. Avis, G. Rosenberg, R. Savani, B. von Stengel (2010), "Enumeration of Nash equilibria for
two-player games", *Economic Theory* 42(1), 9-37.
"""

from __future__ import annotations

from collections.abc import Sequence


def maximal_bicliques(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, ...]]:
    """Maximal Nash subsets, each as the sorted indices into ``pairs`` it contains.

    Parameters
    ----------
    pairs
        Extreme equilibria as ``(x_vertex, y_vertex)`` index pairs, each pair once.

    Returns
    -------
    list of tuple of int
        One entry per maximal biclique: the positions in ``pairs`` of its edges; sorted.
    """
    pairs = [(int(a), int(b)) for a, b in pairs]
    position = {p: k for k, p in enumerate(pairs)}
    neigh: dict[int, int] = {}
    for a, b in pairs:
        neigh[a] = neigh.get(a, 0) | (1 << b)
    closed: set[int] = set()
    frontier = list(set(neigh.values()))
    closed.update(frontier)
    while frontier:
        nxt = []
        for ys in frontier:
            for nb in neigh.values():
                inter = ys & nb
                if inter and inter not in closed:
                    closed.add(inter)
                    nxt.append(inter)
        frontier = nxt
    out = []
    for ys in closed:
        xs = [a for a, nb in neigh.items() if ys & nb == ys]
        ylist = [b for b in range(ys.bit_length()) if ys >> b & 1]
        out.append(tuple(sorted(position[(a, b)] for a in xs for b in ylist)))
    return sorted(out)


def connected_components(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, ...]]:
    """Components of the equilibrium set: indices into ``pairs``, grouped and sorted.

    Two extreme equilibria are in one component when a chain of equilibria sharing a vertex
    of :math:`P` or of :math:`Q` joins them (union-find over the bipartite graph).
    """
    pairs = [(int(a), int(b)) for a, b in pairs]
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for a, b in pairs:
        ra, rb = find(("x", a)), find(("y", b))
        if ra != rb:
            parent[ra] = rb
    groups: dict[tuple[str, int], list[int]] = {}
    for k, (a, _) in enumerate(pairs):
        groups.setdefault(find(("x", a)), []).append(k)
    return sorted(tuple(g) for g in groups.values())
