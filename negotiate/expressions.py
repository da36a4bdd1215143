r"""Safe payoff expressions: a small arithmetic language parsed with :mod:`ast`, never ``eval``.

The language
------------
Numbers (``2``, ``0.5``, ``1e-3``, ``3/4`` is division), names of declared parameters and
terms, ``+ - * / **``, unary ``-`` and ``+``, parentheses, the functions ``min(a, b, ...)``,
``max(a, b, ...)``, ``clip(x, lo, hi)``, ``abs(x)``, ``sqrt(x)``, ``exp(x)``, ``log(x)``, and the
conditional ``a if condition else b`` whose condition compares with ``< <= > >= == !=`` and
combines with ``and``, ``or``, ``not``.

Anything else (attribute access, subscripts, other calls, strings, comprehensions, lambdas,
keyword arguments, starred arguments) is rejected at parse time with the offending token.

Evaluation
----------
A parsed :class:`Expression` evaluates either with numpy floats, vectorised over arrays of
parameter values (a sweep over 10,000 values is one evaluation), or exactly with
:class:`fractions.Fraction` where only rational operations occur. Guards keep a hostile file
from exhausting the machine: a length and node limit, a bound on exponents, and every result
must be finite.
"""

from __future__ import annotations

import ast
import difflib
import functools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from negotiate.errors import ExpressionError

#: Longest expression text accepted, in characters.
MAX_LENGTH = 2000
#: Most syntax-tree nodes in one expression.
MAX_NODES = 400
#: Largest absolute exponent accepted in ``**`` (constant or evaluated).
MAX_EXPONENT = 1000
#: Largest magnitude of an exact intermediate (numerator or denominator bits).
MAX_EXACT_BITS = 4096

FUNCTIONS: dict[str, tuple[int, int | None]] = {
    # name: (min args, max args or None for any)
    "min": (1, None),
    "max": (1, None),
    "clip": (3, 3),
    "abs": (1, 1),
    "sqrt": (1, 1),
    "exp": (1, 1),
    "log": (1, 1),
}
#: Functions with no exact rational counterpart.
INEXACT_FUNCTIONS = frozenset({"sqrt", "exp", "log"})

_BINOPS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}
_CMPOPS = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}

_NODE_WORDS = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscript",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "comprehension",
    ast.List: "list",
    ast.Tuple: "tuple",
    ast.Dict: "dict",
    ast.Set: "set",
    ast.JoinedStr: "string",
    ast.NamedExpr: "assignment",
    ast.Starred: "starred argument",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}


@dataclass(frozen=True)
class Expression:
    """A parsed, whitelisted payoff expression.

    Attributes
    ----------
    text
        The source text, as written.
    names
        Parameter and term names it refers to, sorted.
    exact
        True when it uses no function without a rational counterpart (``sqrt``, ``exp``,
        ``log``) and no float literal that is not a short decimal.
    """

    text: str
    tree: ast.expr
    names: tuple[str, ...]
    exact: bool

    @property
    def constant(self) -> bool:
        return not self.names

    def evaluate(self, env: Mapping[str, object]) -> np.ndarray:
        """Evaluate with numpy floats; values in ``env`` may be arrays (broadcast together).

        A constant is evaluated once, and a bare name is looked up, without the tree walk
        (most of a payoff file's terms are one or the other; the report evaluates them about
        11,000 times).
        """
        if not self.names:
            return self._constant
        if type(self.tree) is ast.Name:
            value = env[self.tree.id]
            if isinstance(value, float) and math.isfinite(value):
                return np.float64(value)
        return self._evaluate(env)

    @functools.cached_property
    def _constant(self) -> np.ndarray:
        value = self._evaluate({})  # raises (and caches nothing) as evaluate would
        if isinstance(value, np.ndarray):
            value.flags.writeable = False  # shared by every call
        return value

    def _evaluate(self, env: Mapping[str, object]) -> np.ndarray:
        with np.errstate(all="ignore"):
            value = _eval_float(self.tree, env)
        if isinstance(value, float):  # one number (numpy's float64 is a float too): no array
            if math.isfinite(value):
                return np.float64(value)
        else:
            value = np.asarray(value, dtype=float)
            if np.all(np.isfinite(value)):
                return value
        raise ExpressionError(
            f"{shorten(self.text)!r} does not give a finite number for these values"
        )

    def evaluate_exact(self, env: Mapping[str, Fraction]) -> Fraction:
        """Evaluate in exact rational arithmetic; raise if the expression needs reals."""
        if not self.exact:
            raise ExpressionError(f"{shorten(self.text)!r} uses a function with no exact value")
        return _eval_exact(self.tree, env)


def parse(text: str | int | float, known: Iterable[str] = ()) -> Expression:
    """Parse ``text`` into an :class:`Expression`, checking names against ``known``.

    Raises
    ------
    ExpressionError
        With the offending token, for anything outside the language, unknown names (with a
        suggestion), or an expression that is too long or too deep.
    """
    if isinstance(text, bool):
        raise ExpressionError(f"expected a number or an expression, got {str(text).lower()}")
    if isinstance(text, int | float):
        if not math.isfinite(text):
            raise ExpressionError(f"{text!r} is not a finite number")
        text = repr(text)
    if not isinstance(text, str):
        raise ExpressionError(f"expected a number or an expression, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}"
        )
    if not text.strip():
        raise ExpressionError("empty expression")
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as err:
        where = f" at column {err.offset}" if err.offset else ""
        raise ExpressionError(f"{shorten(text)!r} is not a valid expression{where}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("expression is nested too deeply") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ExpressionError(f"expression has {len(nodes)} parts; the limit is {MAX_NODES}")
    known = set(known)
    names: set[str] = set()
    exact = True
    for node in nodes:
        exact &= _check_node(node, text, known, names)
    return Expression(text=text, tree=tree, names=tuple(sorted(names)), exact=exact)


def suggest(name: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or an empty string."""
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _token(node: ast.AST, text: str) -> str:
    segment = ast.get_source_segment(text.strip(), node)
    return shorten(segment) if segment else type(node).__name__


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for error messages."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _check_node(node: ast.AST, text: str, known: set[str], names: set[str]) -> bool:
    """Reject anything outside the whitelist; return False if the node is inexact."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ExpressionError(f"{_token(node, text)!r} is not allowed: only numbers")
        if isinstance(value, float) and not math.isfinite(value):
            raise ExpressionError(f"{_token(node, text)!r} is not a finite number")
        return True
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            return True  # checked as a callee in ast.Call
        if node.id not in known:
            raise ExpressionError(f"unknown name {node.id!r}{suggest(node.id, known)}")
        names.add(node.id)
        return True
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINOPS:
            raise ExpressionError(f"operator in {_token(node, text)!r} is not allowed")
        if isinstance(node.op, ast.Pow):
            _check_constant_exponent(node.right, text)
        return True
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd | ast.Not):
            raise ExpressionError(f"operator in {_token(node, text)!r} is not allowed")
        return True
    if isinstance(node, ast.Call):
        func = node.func
        if not isinstance(func, ast.Name) or func.id not in FUNCTIONS:
            raise ExpressionError(
                f"call {_token(func, text)!r} is not allowed; functions are "
                f"{', '.join(sorted(FUNCTIONS))}"
            )
        if node.keywords:
            raise ExpressionError(f"keyword arguments in {_token(node, text)!r} are not allowed")
        low, high = FUNCTIONS[func.id]
        count = len(node.args)
        if count < low or (high is not None and count > high):
            wanted = str(low) if low == high else f"at least {low}"
            raise ExpressionError(
                f"{func.id}() takes {wanted} argument{'s' if wanted != '1' else ''}, got {count}"
            )
        return func.id not in INEXACT_FUNCTIONS
    if isinstance(node, ast.IfExp | ast.BoolOp | ast.Compare):
        if isinstance(node, ast.Compare):
            for op in node.ops:
                if type(op) not in _CMPOPS:
                    raise ExpressionError(f"comparison in {_token(node, text)!r} is not allowed")
        return True
    if isinstance(node, ast.operator | ast.unaryop | ast.cmpop | ast.boolop | ast.expr_context):
        return True
    word = _NODE_WORDS.get(type(node), type(node).__name__)
    raise ExpressionError(f"{_token(node, text)!r} is not allowed ({word})")


def _check_constant_exponent(node: ast.expr, text: str) -> None:
    value = _constant_value(node)
    if value is not None and abs(value) > MAX_EXPONENT:
        raise ExpressionError(
            f"exponent in {_token(node, text)!r} is too large (limit {MAX_EXPONENT})"
        )


def _constant_value(node: ast.expr) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value) if abs(node.value) < 1e300 else math.inf
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _constant_value(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        # A tower such as 9**9**9: the exponent is itself a power; bound it without computing.
        base, exp = _constant_value(node.left), _constant_value(node.right)
        if base is None or exp is None:
            return None
        if abs(exp) > MAX_EXPONENT or (abs(base) > 1 and exp * math.log(abs(base)) > 700):
            return math.inf
        return abs(base) ** exp
    return None


# --- float evaluation (vectorised) -----------------------------------------------------------

_FLOAT_BINOPS: dict[type, Callable] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.true_divide,
}
_FLOAT_CMP: dict[type, Callable] = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}


def _eval_float(node: ast.expr, env: Mapping[str, object]):
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.BinOp):
        left = _eval_float(node.left, env)
        right = _eval_float(node.right, env)
        if isinstance(node.op, ast.Pow):
            if np.any(np.abs(right) > MAX_EXPONENT):
                raise ExpressionError(f"an exponent exceeds the limit {MAX_EXPONENT}")
            return np.power(np.asarray(left, dtype=float), right)
        if isinstance(node.op, ast.Div) and np.any(np.asarray(right) == 0):
            # As in exact mode: an intermediate infinity must not vanish into a finite result.
            raise ExpressionError("division by zero")
        return _FLOAT_BINOPS[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp):
        value = _eval_float(node.operand, env)
        if isinstance(node.op, ast.USub):
            return np.negative(value)
        if isinstance(node.op, ast.Not):
            return np.logical_not(value)
        return value
    if isinstance(node, ast.Call):
        args = [_eval_float(a, env) for a in node.args]
        name = node.func.id  # type: ignore[attr-defined]
        if name == "min":
            return _reduce(np.minimum, args)
        if name == "max":
            return _reduce(np.maximum, args)
        if name == "clip":
            return np.minimum(np.maximum(args[0], args[1]), args[2])
        if name == "abs":
            return np.abs(args[0])
        if name == "sqrt":
            return np.sqrt(args[0])
        if name == "exp":
            return np.exp(args[0])
        return np.log(args[0])
    if isinstance(node, ast.IfExp):
        return np.where(
            _eval_float(node.test, env), _eval_float(node.body, env), _eval_float(node.orelse, env)
        )
    if isinstance(node, ast.Compare):
        left = _eval_float(node.left, env)
        result = True
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval_float(comparator, env)
            result = np.logical_and(result, _FLOAT_CMP[type(op)](left, right))
            left = right
        return result
    if isinstance(node, ast.BoolOp):
        values = [_eval_float(v, env) for v in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        return _reduce(combine, values)
    raise ExpressionError(f"cannot evaluate {type(node).__name__}")  # unreachable after parse


def _reduce(func: Callable, values: list):
    result = values[0]
    for v in values[1:]:
        result = func(result, v)
    return result


# --- exact evaluation ------------------------------------------------------------------------

_EXACT_CMP: dict[type, Callable[[Fraction, Fraction], bool]] = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
}


def _eval_exact(node: ast.expr, env: Mapping[str, Fraction]):
    if isinstance(node, ast.Constant):
        # Parse the literal from its text (0.1 is 1/10), never through the float.
        return Fraction(repr(node.value)) if isinstance(node.value, float) else Fraction(node.value)
    if isinstance(node, ast.Name):
        return Fraction(env[node.id])
    if isinstance(node, ast.BinOp):
        left = _eval_exact(node.left, env)
        right = _eval_exact(node.right, env)
        if isinstance(node.op, ast.Add):
            return _bounded(left + right)
        if isinstance(node.op, ast.Sub):
            return _bounded(left - right)
        if isinstance(node.op, ast.Mult):
            return _bounded(left * right)
        if isinstance(node.op, ast.Div):
            if right == 0:
                raise ExpressionError("division by zero")
            return _bounded(left / right)
        if right.denominator != 1:
            raise ExpressionError("a fractional power has no exact value")
        if abs(right) > MAX_EXPONENT:
            raise ExpressionError(f"an exponent exceeds the limit {MAX_EXPONENT}")
        if left == 0 and right < 0:
            raise ExpressionError("division by zero")
        return _bounded(left ** int(right))
    if isinstance(node, ast.UnaryOp):
        value = _eval_exact(node.operand, env)
        if isinstance(node.op, ast.USub):
            return -value
        if isinstance(node.op, ast.Not):
            return not value
        return value
    if isinstance(node, ast.Call):
        args = [_eval_exact(a, env) for a in node.args]
        name = node.func.id  # type: ignore[attr-defined]
        if name == "min":
            return min(args)
        if name == "max":
            return max(args)
        if name == "clip":
            return min(max(args[0], args[1]), args[2])
        if name == "abs":
            return abs(args[0])
        raise ExpressionError(f"{name}() has no exact value")
    if isinstance(node, ast.IfExp):
        chosen = node.body if _eval_exact(node.test, env) else node.orelse
        return _eval_exact(chosen, env)
    if isinstance(node, ast.Compare):
        left = _eval_exact(node.left, env)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval_exact(comparator, env)
            if not _EXACT_CMP[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        values = [bool(_eval_exact(v, env)) for v in node.values]
        return all(values) if isinstance(node.op, ast.And) else any(values)
    raise ExpressionError(f"cannot evaluate {type(node).__name__}")


def _bounded(q: Fraction) -> Fraction:
    if q.numerator.bit_length() > MAX_EXACT_BITS or q.denominator.bit_length() > MAX_EXACT_BITS:
        raise ExpressionError("an exact intermediate value is too large")
    return q
