"""Small payoff files the tests share, written out as TOML text."""


def symmetric_2x2(cooperate: str, temptation: int, sucker: int) -> str:
    """A symmetric game of C and D in a parameter ``t`` on [0, 1]: (C, C) pays ``cooperate``
    (an expression in t) to both, (D, D) pays 0, and a defector against a cooperator gets
    ``temptation`` while the cooperator gets ``sucker``."""
    return f"""
players = ["Row", "Col"]
[strategies]
Row = ["C", "D"]
Col = ["C", "D"]
[parameters.t]
default = 0
range = [0, 1]
[payoffs]
Row = [["{cooperate}", {sucker}], [{temptation}, 0]]
Col = [["{cooperate}", {temptation}], [{sucker}, 0]]
"""


#: Not affine in t: a Prisoner's Dilemma below t = 1/2, a coordination game above.
SQUARE = symmetric_2x2("4 * t ** 2", temptation=1, sucker=-1)
