"""Payoff files: round trips, precise errors, and nothing but our error type on bad input."""

import re
import textwrap

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiate.errors import FileAccessError, PayoffFileError
from negotiate.payoff_file import MAX_FILE_BYTES, load_spec, spec_from_mapping, spec_from_text
from negotiate.spec import GameSpec
from negotiate.toml_writer import game_to_toml, spec_to_toml
from tests.strategies import named_games

VALID = textwrap.dedent(
    """
    title = "Test"
    players = ["US", "Russia"]

    [source]
    tags = ["P1", "P2", "P3"]

    [strategies]
    US = ["Engage", "Pressure"]
    Russia = ["Deal", "Stall"]

    [parameters.rapprochement]
    default = 0.0
    range = [0.0, 1.0]
    meaning = "thaw"

    [terms.win]
    value = "2 + 2 * rapprochement"
    why = "a diplomatic win"
    cites = ["P3"]

    [terms.burden]
    value = "win / 2 - 1"
    assumption = "half the win; the article gives no size"

    [payoffs.US]
    Engage = ["win", "-burden"]
    Pressure = [{ value = 1, why = "pressure pays a little", cites = ["P2"] }, 0]

    [payoffs.Russia]
    Engage = ["burden", "win"]
    Pressure = [0, 0]
    """
)


def problems_of(text: str) -> list[str]:
    with pytest.raises(PayoffFileError) as info:
        spec_from_text(text, "g.toml")
    return list(info.value.problems)


def test_valid_file_instantiates_at_defaults_and_given_values():
    spec = spec_from_text(VALID, "g.toml")
    assert spec.instantiate().u[0, 0, 0] == 2.0
    game = spec.instantiate({"rapprochement": 0.5}, exact=True)
    assert game.u[0, 0, 0] == 3.0
    assert str(game.u_exact[1, 0, 0]) == "1/2"
    assert spec.provenance_problems() == []


def test_payoff_batch_evaluates_many_parameter_values_at_once():
    spec = spec_from_text(VALID, "g.toml")
    grid = np.linspace(0, 1, 101)
    batch = spec.payoff_batch({"rapprochement": grid})
    assert batch.shape == (101, 2, 2, 2)
    for k in (0, 37, 100):
        assert np.array_equal(batch[k], spec.instantiate({"rapprochement": grid[k]}).u)


def test_outcome_form_equals_matrix_form():
    outcome_text = textwrap.dedent(
        """
        players = ["A", "B"]
        [strategies]
        A = ["x", "y"]
        B = ["l", "r"]
        [[outcomes]]
        profile = ["x", "l"]
        A = 1
        B = 2
        [[outcomes]]
        profile = { A = "x", B = "r" }
        A = 3
        B = "1/2"
        [[outcomes]]
        profile = ["y", "l"]
        A = 0
        B = 0
        [[outcomes]]
        profile = ["y", "r"]
        A = -1
        B = 4
        """
    )
    matrix_text = textwrap.dedent(
        """
        players = ["A", "B"]
        [strategies]
        A = ["x", "y"]
        B = ["l", "r"]
        [payoffs]
        A = [[1, 3], [0, -1]]
        B = [[2, "1/2"], [0, 4]]
        """
    )
    assert spec_from_text(outcome_text).instantiate() == spec_from_text(matrix_text).instantiate()


def test_three_player_matrix_nests_in_player_order():
    text = textwrap.dedent(
        """
        players = ["A", "B", "C"]
        [strategies]
        A = ["a1", "a2"]
        B = ["b1", "b2"]
        C = ["c1", "c2", "c3"]
        [payoffs]
        A = [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]
        B = [[[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0]]]
        C = [[[0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 99]]]
        """
    )
    game = spec_from_text(text).instantiate()
    assert game.u[0, 1, 0, 2] == 9 and game.u[2, 1, 1, 2] == 99


@given(game=named_games())
def test_a_file_written_from_a_game_reads_back_to_the_same_game(game):
    text = game_to_toml(game)
    back = spec_from_text(text).instantiate(exact=True)
    assert back == game
    assert back.title == game.title.strip()
    assert np.array_equal(back.u_exact, game.u_exact)


def test_spec_round_trip_keeps_terms_parameters_and_provenance():
    spec = spec_from_text(VALID, "g.toml")
    again = spec_from_text(spec_to_toml(spec), "again.toml")
    assert spec_to_toml(again) == spec_to_toml(spec)
    assert [t.name for t in again.terms] == [t.name for t in spec.terms]
    assert again.provenance_problems() == []


@given(text=st.text(max_size=300))
def test_random_text_raises_only_our_error(text):
    try:
        spec = spec_from_text(text, "r.toml")
    except PayoffFileError as err:
        assert err.problems and all(p.startswith("r.toml: ") for p in err.problems)
        assert all("\n" not in p for p in err.problems)
    else:
        assert isinstance(spec, GameSpec)


@given(data=st.binary(max_size=300))
def test_random_bytes_raise_only_our_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "g.toml"
    path.write_bytes(data)
    try:
        load_spec(path)
    except PayoffFileError as err:
        assert str(path) in str(err)


toml_values = st.recursive(
    st.none().map(lambda _: 1)
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
    | st.sampled_from(["US", "Engage", "win", "rapprochement", "1/0", "9**9**9"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["value", "why", "cites", "default", "range", "US", "x"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=12,
)


@given(
    path=st.lists(
        st.sampled_from(
            [
                "players",
                "strategies",
                "US",
                "Russia",
                "parameters",
                "rapprochement",
                "terms",
                "win",
                "value",
                "payoffs",
                "Engage",
                "source",
                "tags",
                "range",
                "default",
                "outcomes",
                "claims",
                "format",
            ]
        ),
        min_size=1,
        max_size=3,
    ),
    replacement=toml_values,
)
def test_structurally_mutated_files_raise_only_our_error(path, replacement):
    import tomllib

    data = tomllib.loads(VALID)
    node = data
    for key in path[:-1]:
        child = node.get(key) if isinstance(node, dict) else None
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[path[-1]] = replacement
    try:
        spec = spec_from_mapping(data, "m.toml")
        spec.instantiate()
    except PayoffFileError as err:
        assert all(p.startswith("m.toml: ") and "\n" not in p for p in err.problems)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ('Engage = ["win"', 'Engage = ["wni"'),
            "g.toml: payoffs.US.Engage[0]: unknown name 'wni' (did you mean 'win'?)",
        ),
        (
            ('"2 + 2 * rapprochement"', '"2 + 2 * rapprochment"'),
            "g.toml: terms.win.value: unknown name 'rapprochment' (did you mean 'rapprochement'?)",
        ),
        (
            ("Pressure = [0, 0]", "Pressure = [0]"),
            "g.toml: payoffs.Russia.Pressure: expected a 2 array of payoffs, got a list of 1",
        ),
        (
            ("default = 0.0", "default = 2.0"),
            "g.toml: parameters.rapprochement.default: 2.0 is outside the range [0, 1]",
        ),
        (
            ("[terms.win]", "[terms.win]\nwhy2 = 1"),
            "g.toml: terms.win.why2: unknown key (did you mean 'why'?)",
        ),
        (
            ('Russia = ["Deal", "Stall"]', 'Russia = ["Deal", "Deal"]'),
            "g.toml: strategies.Russia: strategy names must be distinct; repeated: Deal",
        ),
        (
            ('"win / 2 - 1"', "\"win / 2 - 1 + open('x')\""),
            "g.toml: terms.burden.value: call 'open' is not allowed",
        ),
        (('"win / 2 - 1"', '"burden + 1"'), "g.toml: terms.burden.value: unknown name 'burden'"),
        (
            ('title = "Test"', 'title = "Test"\ntitel = 1'),
            "g.toml: titel: unknown key (did you mean 'title'?)",
        ),
        (
            ("[payoffs.US]", "[payoffs.USA]\nx = 1\n[payoffs.US]"),
            "g.toml: payoffs.USA: unknown key (did you mean 'US'?)",
        ),
    ],
)
def test_each_mistake_gets_one_line_with_file_and_key_path(edit, expected):
    old, new = edit
    assert old in VALID
    found = problems_of(VALID.replace(old, new, 1))
    assert any(p.startswith(expected) for p in found), found


def test_term_cycles_are_reported():
    text = VALID.replace('"win / 2 - 1"', '"win2"').replace(
        "[payoffs.US]", '[terms.win2]\nvalue = "burden"\nassumption = "x"\n\n[payoffs.US]'
    )
    assert any("cycle" in p for p in problems_of(text))


def test_every_problem_is_collected_not_only_the_first():
    text = VALID.replace('"win"', '"wni"').replace('"-burden"', '"-brden"')
    assert len(problems_of(text)) >= 3


def test_invalid_toml_names_line_and_column():
    (problem,) = problems_of('players = ["US"]\n[strategies\nUS = 1\n')
    assert re.match(r"g\.toml: invalid TOML: .*line 2", problem)


def test_missing_profile_in_outcome_form_is_named():
    text = textwrap.dedent(
        """
        players = ["A"]
        [strategies]
        A = ["x", "y"]
        [[outcomes]]
        profile = ["x"]
        A = 1
        """
    )
    assert problems_of(text) == ["g.toml: outcomes: no entry for profile (y)"]


def test_files_above_the_size_limit_are_refused(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(FileAccessError, match="limit"):
        load_spec(big)


def test_games_above_the_profile_limit_are_refused_before_allocation():
    names = ", ".join(f'"s{k}"' for k in range(400))
    text = f'players = ["A", "B"]\n[strategies]\nA = [{names}]\nB = [{names}]\n[payoffs]\nA = 0\n'
    (problem,) = problems_of(text)
    assert "160,000 strategy profiles; the limit is 100,000" in problem


def test_reading_never_modifies_the_file(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text(VALID, encoding="utf-8")
    before = path.stat().st_mtime_ns, path.read_bytes()
    load_spec(path).instantiate()
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_provenance_gaps_and_unknown_tags_are_problems():
    text = VALID.replace('cites = ["P3"]', 'cites = ["P33"]').replace(
        "Pressure = [0, 0]", "Pressure = [5, 0]"
    )
    found = spec_from_text(text, "g.toml").provenance_problems()
    assert any("terms.win.cites: 'P33' is not a tag of the source" in p for p in found)
    assert any("payoffs.Russia.Pressure[0]: payoff '5' has no provenance" in p for p in found)


def test_missing_file_and_directory_are_access_errors(tmp_path):
    with pytest.raises(FileAccessError, match="no such file"):
        load_spec(tmp_path / "nope.toml")
    with pytest.raises(FileAccessError, match="is a directory"):
        load_spec(tmp_path)


def test_unknown_parameter_override_suggests_the_name():
    spec = spec_from_text(VALID, "g.toml")
    with pytest.raises(Exception, match=r"unknown parameter 'rapprochment' \(did you mean"):
        spec.instantiate({"rapprochment": 0.5})
    with pytest.raises(Exception, match="outside its range"):
        spec.instantiate({"rapprochement": 1.5})
