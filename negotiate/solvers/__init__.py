"""Solvers: pure functions on payoff arrays.

``u[i, a0, ..., ak]`` is player ``i``'s payoff when player ``j`` plays strategy ``aj``. Two-player
solvers take the bimatrix ``(A, B) = (u[0], u[1])``. Names of players and strategies never
reach this package.
"""
