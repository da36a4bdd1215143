"""Gambit .nfg reader and writer: both versions of the format, exact numbers, clean errors."""

import importlib.util
import io
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiate.errors import PayoffFileError
from negotiate.model import NormalFormGame
from negotiate.nfg import format_nfg, parse_nfg, read_nfg, write_nfg
from tests.strategies import gambit_labels, named_exact_games

SELTEN_PAYOFF = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
{ "Player 1" "Player 2" } { 3 2 }

1 1 0 2 0 2 1 1 0 3 2 0
"""

SELTEN_OUTCOME = """NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" }

{
{ "1" "2" "3" }
{ "1" "2" }
}
""

{
{ "" 1, 1 }
{ "" 0, 2 }
{ "" 0, 2 }
{ "" 1, 1 }
{ "" 0, 3 }
{ "" 2, 0 }
}
1 2 3 4 5 6
"""


def _same(g: NormalFormGame, h: NormalFormGame) -> None:
    assert g == h
    assert (g.title, g.description) == (h.title, h.description)
    assert g.u_exact is not None and h.u_exact is not None
    assert g.u_exact.shape == h.u_exact.shape
    assert g.u_exact.tolist() == h.u_exact.tolist()


# --- round trips --------------------------------------------------------------------------


@settings(max_examples=60)
@given(g=named_exact_games(), outcomes=st.booleans())
def test_round_trip_preserves_names_and_exact_payoffs(g, outcomes):
    _same(parse_nfg(format_nfg(g, outcomes=outcomes)), g)


@settings(max_examples=30)
@given(g=named_exact_games())
def test_payoff_and_outcome_versions_describe_the_same_game(g):
    _same(parse_nfg(format_nfg(g, outcomes=True)), parse_nfg(format_nfg(g, outcomes=False)))


@settings(max_examples=30)
@given(
    u=st.lists(
        st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False),
        min_size=6,
        max_size=6,
    )
)
def test_round_trip_of_float_only_games_keeps_every_float(u):
    g = NormalFormGame.from_arrays(np.reshape(u[:3], (3, 1)), np.reshape(u[3:], (3, 1)))
    g = NormalFormGame(players=g.players, strategies=g.strategies, u=g.u)  # no exact payoffs
    h = parse_nfg(format_nfg(g))
    assert np.array_equal(h.u, g.u)


def test_write_and_read_a_file(tmp_path):
    g = parse_nfg(SELTEN_PAYOFF)
    path = tmp_path / "selten.nfg"
    write_nfg(g, path, outcomes=True)
    _same(read_nfg(path), g)


# --- the format, feature by feature ---------------------------------------------------------


def test_payoff_version_lists_player_one_fastest():
    g = parse_nfg(SELTEN_PAYOFF)
    assert g.title == "Selten (IJGT, 75), Figure 2, normal form"
    assert g.players == ("Player 1", "Player 2")
    assert g.strategies == (("1", "2", "3"), ("1", "2"))
    assert g.u[0].tolist() == [[1, 1], [0, 0], [0, 2]]
    assert g.u[1].tolist() == [[1, 1], [2, 3], [2, 0]]


def test_outcome_version_of_the_same_game_is_equal():
    _same(parse_nfg(SELTEN_OUTCOME), parse_nfg(SELTEN_PAYOFF))


def test_outcome_zero_pays_everyone_nothing_and_outcomes_can_be_shared():
    text = """NFG 1 R "" { "A" "B" "C" } { { "x" "y" } { "only" } { "p" "q" } }
    { { "win" 5 6 7 } { "" -1, 2, 3 } }
    1 0 1 2"""
    g = parse_nfg(text)
    assert g.shape == (2, 1, 2)
    assert g.u[:, 0, 0, 0].tolist() == [5, 6, 7]
    assert g.u[:, 1, 0, 0].tolist() == [0, 0, 0]
    assert g.u[:, 0, 0, 1].tolist() == [5, 6, 7]
    assert g.u[:, 1, 0, 1].tolist() == [-1, 2, 3]


def test_numbers_are_exact_from_their_text():
    text = 'NFG 1 R "n" { "P" } { 7 } .5 -.25 2.5e-1 1/3 -4 0.1 +3'
    g = parse_nfg(text)
    expected = [Fraction(1, 2), Fraction(-1, 4), Fraction(1, 4), Fraction(1, 3), -4]
    expected += [Fraction(1, 10), 3]
    assert len(g.u_exact[0]) == len(expected)
    assert list(g.u_exact[0]) == expected
    assert g.u[0].tolist() == [float(q) for q in expected]


def test_quoted_strings_keep_escaped_quotes_and_the_comment_spans_lines():
    text = (
        'NFG 1 R "An example of a \\"Bayesian game\\"" { "Ann \\\\ Co" "Bob" }\n'
        '{ { "Up" "Down" } { "  left " "right" } }\n'
        '"first line\nsecond line"\n'
        "1 2 3 4 5 6 7 8\n"
    )
    g = parse_nfg(text)
    assert g.title == 'An example of a "Bayesian game"'
    assert g.players == ("Ann \\ Co", "Bob")
    assert g.strategies == (("Up", "Down"), ("  left ", "right"))
    assert g.description == "first line\nsecond line"


def test_a_backslash_escapes_only_a_quote_or_a_backslash():
    g = parse_nfg(r'NFG 1 R "C:\dir\n" { "a\\b" "tail\\" "q\"" } { 1 1 1 } 1 2 3')
    assert g.title == "C:\\dir\\n"
    assert g.players == ("a\\b", "tail\\", 'q"')
    assert parse_nfg(format_nfg(g)).players == g.players


def test_strategy_counts_give_names_one_two_three_and_one_strategy_players_are_valid():
    g = parse_nfg('NFG 1 R "t" { "Solo" "Pair" } { 1 2 } "" 1 2 3 4')
    assert g.strategies == (("1",), ("1", "2"))
    assert g.u[:, 0, 1].tolist() == [3, 4]


def test_whitespace_is_not_significant():
    squeezed = 'NFG 1 R"t"{"a""b"}{2 1}1 2 3 4'
    spread = 'NFG\n1\tR  "t"\r\n{ "a" "b" }\n{ 2\n1 }\n\n1\n2\n3\n4\n'
    assert parse_nfg(squeezed) == parse_nfg(spread)
    assert parse_nfg(squeezed).u[:, 1, 0].tolist() == [3, 4]


def test_bytes_with_a_byte_order_mark_are_read():
    assert parse_nfg(("\ufeff" + SELTEN_PAYOFF).encode()) == parse_nfg(SELTEN_PAYOFF)


_needs_pygambit = pytest.mark.skipif(
    importlib.util.find_spec("pygambit") is None, reason="optional cross-check: no pygambit"
)


@_needs_pygambit
@settings(max_examples=15)
@given(g=named_exact_games(labels=gambit_labels), outcomes=st.booleans())
def test_pygambit_reads_our_files_as_the_same_game(g, outcomes):
    import pygambit

    h = pygambit.read_nfg(io.StringIO(format_nfg(g, outcomes=outcomes)))
    assert h.title == g.title
    assert [p.label for p in h.players] == list(g.players)
    assert [[s.label for s in p.strategies] for p in h.players] == [list(s) for s in g.strategies]
    for profile in np.ndindex(*g.shape):
        outcome = h[list(profile)]  # None: outcome 0, "no outcome", which pays everyone 0
        for i, player in enumerate(g.players):
            paid = Fraction(0) if outcome is None else Fraction(str(outcome[player]))
            assert paid == g.u_exact[(i, *profile)]


@_needs_pygambit
@settings(max_examples=15)
@given(g=named_exact_games(labels=gambit_labels))
def test_we_read_files_pygambit_writes_as_the_same_game(g):
    import pygambit

    arrays = [np.array(g.u_exact[i], dtype=object) for i in range(g.n_players)]
    h = pygambit.Game.from_arrays(*arrays, title=g.title)
    _same(
        parse_nfg(h.to_nfg()),
        g._replace(
            players=tuple(p.label for p in h.players),
            strategies=tuple(tuple(s.label for s in p.strategies) for p in h.players),
            description="",
        ),
    )


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "",
            'x.nfg: line 1: expected "NFG" (a Gambit strategic-form file starts with it), got end',
        ),
        ('EFG 2 R "t" { "a" }', 'line 1: expected "NFG"'),
        ('NFG 2 R "t"', 'line 1: expected version "1", got "2"'),
        ('NFG 1 R "t" { "a" }\n{ 2 }\n1', "line 3: expected 2 payoffs (2 profiles x 1 players)"),
        (
            'NFG 1 R "t" { "a" } { 2 }\n\n1 high',
            'line 3: expected a payoff (entry 2 of 2), got "high"',
        ),
        ('NFG 1 R "t" { "a" } { 2 } 1 1/0', 'expected a payoff (entry 2 of 2), got "1/0"'),
        ('NFG 1 R "t" { "a" } { 2 } 1 1e999999', 'got "1e999999"'),
        ('NFG 1 R "t" { "a" } { 1 } 1e400', "expected a payoff (entry 1 of 1) of floating-point"),
        ('NFG 1 R "t" { "a" "a" } { 1 1 } 1 2', 'expected distinct player names, got "a" twice'),
        ('NFG 1 R "t" { "a" } { { "x" "x" } } 1 2', "expected distinct strategy names of player 1"),
        ('NFG 1 R "t" { "a" } { 0 }', 'expected a positive number of strategies, got "0"'),
        ('NFG 1 R "t" { } { }', "expected at least one player, got none"),
        ('NFG 1 R "t" { "a" "b" } { 2 } 1 2', "expected strategies for 2 players, got 1"),
        ('NFG 1 R "t" { "a" } { 1 } 1 2', 'expected end of file, got "2"'),
        ('NFG 1 R "t" { "a" } { { "x" } } { { "" 1 } } 2', 'outcome number from 0 to 1, got "2"'),
        ('NFG 1 R "t" { "a" } { { "x" } } { { 1 } } 1', "the quoted label of an outcome"),
        ('NFG 1 R "t" { "a" } { { "x" } } { { "" 1 2 } } 1', '"}" closing an outcome after 1'),
        ('NFG 1 R "t\n\n', "line 3: expected a closing quote for the string opened on line 1"),
    ],
)
def test_malformed_files_name_the_line_and_the_expectation(text, message):
    with pytest.raises(PayoffFileError) as err:
        parse_nfg(text, "x.nfg")
    assert message in str(err.value)
    assert str(err.value).startswith("x.nfg: line ")
    assert "\n" not in str(err.value).split(": ", 2)[2].split(", got")[0]


def test_undecodable_bytes_are_reported_with_their_line():
    with pytest.raises(PayoffFileError, match=r"x.nfg: line 2: expected UTF-8 text, got byte 0xff"):
        parse_nfg(b'NFG 1 R "t"\n\xff', "x.nfg")


def test_a_missing_file_is_a_payoff_file_error(tmp_path):
    with pytest.raises(PayoffFileError, match="expected a readable file"):
        read_nfg(tmp_path / "absent.nfg")


@settings(max_examples=150)
@given(data=st.binary(max_size=200))
def test_random_bytes_raise_only_payoff_file_errors(data):
    try:
        parse_nfg(data, "r.nfg")
    except PayoffFileError as err:
        assert str(err).startswith("r.nfg: line ")


@settings(max_examples=100)
@given(text=st.text(max_size=120))
def test_random_text_raises_only_payoff_file_errors(text):
    try:
        parse_nfg("NFG 1 R " + text, "t.nfg")
    except PayoffFileError as err:
        assert str(err).startswith("t.nfg: line ")


_TOKENS = ["NFG", "1", "R", "D", '"a"', '"b"', '""', "{", "}", ",", "2", "0", "-1/3", ".5", "x"]


@settings(max_examples=150)
@given(
    head=st.sampled_from([SELTEN_PAYOFF, SELTEN_OUTCOME]),
    cut=st.integers(0, 400),
    noise=st.lists(st.sampled_from(_TOKENS), max_size=12),
)
def test_damaged_files_raise_only_payoff_file_errors(head, cut, noise):
    text = head[: cut % (len(head) + 1)] + " " + " ".join(noise)
    try:
        g = parse_nfg(text, "d.nfg")
    except PayoffFileError as err:
        assert str(err).startswith("d.nfg: line ")
    else:
        assert isinstance(g, NormalFormGame)
