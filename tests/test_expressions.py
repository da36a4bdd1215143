"""The payoff expression language: same arithmetic as numpy, nothing outside the whitelist."""

import re
import signal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiate.errors import ExpressionError
from negotiate.expressions import MAX_LENGTH, parse
from tests.strategies import PARAMETER_NAMES, expressions

values = st.floats(-50, 50, allow_nan=False).map(lambda x: round(x, 3))


@given(expr=expressions(), a=values, b=values)
def test_expressions_evaluate_like_the_same_numpy_arithmetic(expr, a, b):
    text, reference = expr
    env = {"a": np.float64(a), "b": np.float64(b)}
    parsed = parse(text, PARAMETER_NAMES)
    try:
        with np.errstate(all="ignore"):
            expected = np.asarray(reference(env), dtype=float)
    except ZeroDivisionError:
        with pytest.raises(ExpressionError, match="division by zero"):
            parsed.evaluate(env)
        return
    if np.all(np.isfinite(expected)):
        assert parsed.evaluate(env) == pytest.approx(expected, rel=1e-12, abs=1e-12)
    else:
        with pytest.raises(ExpressionError, match="finite"):
            parsed.evaluate(env)


@given(expr=expressions(), a=st.integers(-9, 9), b=st.integers(-9, 9))
def test_exact_evaluation_agrees_with_float_evaluation(expr, a, b):
    text, _ = expr
    parsed = parse(text, PARAMETER_NAMES)
    try:
        exact = parsed.evaluate_exact({"a": Fraction(a), "b": Fraction(b)})
    except ExpressionError:
        with pytest.raises(ExpressionError):
            parsed.evaluate({"a": np.float64(a), "b": np.float64(b)})
        return
    assert float(parsed.evaluate({"a": np.float64(a), "b": np.float64(b)})) == pytest.approx(
        float(exact), rel=1e-9, abs=1e-9
    )


@given(expr=expressions(), a=values)
def test_evaluation_is_vectorised_over_parameter_arrays(expr, a):
    text, _ = expr
    parsed = parse(text, PARAMETER_NAMES)
    grid = np.array([a, a + 1.0, a - 2.5])
    try:
        batch = parsed.evaluate({"a": grid, "b": np.float64(1.5)})
    except ExpressionError:
        return  # some value overflows or divides by zero; covered by the first property
    for k, x in enumerate(grid):
        single = parsed.evaluate({"a": np.float64(x), "b": np.float64(1.5)})
        assert np.broadcast_to(batch, grid.shape)[k] == pytest.approx(float(single))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('x')", "not allowed"),
        ("().__class__", "not allowed"),
        ("lambda: 0", "lambda"),
        ("open('f')", "call 'open' is not allowed"),
        ("a.real", "attribute"),
        ("[x for x in (1, 2)]", "comprehension"),
        ("'text'", "only numbers"),
        ("a[0]", "subscript"),
        ("(a := 3)", "not allowed"),
        ("min(a, key=b)", "keyword"),
        ("max(*a)", "not allowed"),
        ("True", "only numbers"),
        ("b'x'", "only numbers"),
        ("a @ b", "operator"),
        ("a // b", "operator"),
        ("a % b", "operator"),
        ("a << 2", "operator"),
        ("~a", "operator"),
        ("f'{a}'", "string"),
        ("import os", "not a valid expression"),
        ("a; b", "not a valid expression"),
        ("", "empty"),
        ("rapprochment + 1", "unknown name 'rapprochment' (did you mean 'rapprochement'?)"),
        ("clip(a, 1)", "clip() takes 3 arguments, got 2"),
        ("abs()", "abs() takes 1 argument, got 0"),
    ],
)
def test_anything_outside_the_whitelist_is_rejected(text, message):
    with pytest.raises(ExpressionError, match=re.escape(message)):
        parse(text, ["a", "b", "rapprochement"])


@pytest.mark.parametrize(
    "text",
    ["9**9**9", "2**100000", "10**(10**10)", "(-9)**-99999", "1" + "+1" * 600, "(" * 500 + "1"],
)
def test_resource_abuse_is_refused_not_computed(text):
    # Refused before any work: computing any of these would hang for hours (or exhaust
    # memory), so an alarm turns a regression into a failure instead of a stalled suite.
    # A hang guard, not a time limit on the refusal.
    def hung(signum, frame):
        raise AssertionError(f"evaluating {text[:20]!r} did not stop: it was computed")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        with pytest.raises(ExpressionError):
            parse(text).evaluate({})
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_overlong_expression_names_the_limit():
    with pytest.raises(ExpressionError, match=str(MAX_LENGTH)):
        parse("1" * (MAX_LENGTH + 1))


def test_runtime_exponent_bound_applies_to_parameter_exponents():
    with pytest.raises(ExpressionError, match="exponent"):
        parse("2 ** a", ["a"]).evaluate({"a": np.float64(5000)})


def test_decimal_literals_are_exact_in_exact_mode():
    assert parse("0.1 + 0.2").evaluate_exact({}) == Fraction(3, 10)


def test_inexact_functions_are_refused_in_exact_mode():
    parsed = parse("sqrt(a)", ["a"])
    assert not parsed.exact
    with pytest.raises(ExpressionError, match="no exact value"):
        parsed.evaluate_exact({"a": Fraction(4)})


def test_division_by_zero_is_an_expression_error():
    with pytest.raises(ExpressionError, match="division by zero"):
        parse("1 / a", ["a"]).evaluate({"a": np.float64(0)})
    with pytest.raises(ExpressionError, match="division by zero"):
        parse("a / (1 / a) + a", ["a"]).evaluate({"a": np.float64(0)})
    with pytest.raises(ExpressionError, match="division by zero"):
        parse("1 / a", ["a"]).evaluate_exact({"a": Fraction(0)})


def test_names_are_reported_sorted():
    assert parse("b + a * b", ["a", "b"]).names == ("a", "b")


@given(expr=expressions(), a=values, b=values)
def test_constant_and_bare_name_shortcuts_agree_with_the_tree_walk(expr, a, b):
    # evaluate() skips the walk for a constant (computed once) and a bare name (looked up);
    # both must give what the walk gives, errors included, on every call.
    text, _ = expr
    parsed = parse(text, PARAMETER_NAMES)
    env = {"a": a, "b": np.float64(b)}  # a plain float and a numpy one
    try:
        expected = parsed._evaluate(env)
    except ExpressionError as err:
        for _ in range(2):
            with pytest.raises(ExpressionError, match=re.escape(str(err))):
                parsed.evaluate(env)
        return
    for _ in range(2):
        got = parsed.evaluate(env)
        assert type(got) is type(expected) and np.array_equal(got, expected)


def test_shortcuts_still_refuse_non_finite_values():
    name = parse("a", PARAMETER_NAMES)
    for bad in (float("inf"), float("nan")):
        with pytest.raises(ExpressionError, match="finite"):
            name.evaluate({"a": bad})
    huge = parse("1e300 * 1e300")
    for _ in range(2):  # nothing cached from the failure
        with pytest.raises(ExpressionError, match="finite"):
            huge.evaluate({})
    flag = parse("1 < 2").evaluate({})
    assert flag == 1.0 and not flag.flags.writeable  # a shared 0-d array cannot be changed
