"""API-version feature tests: where a TF name TF 2.21 lacks is never reached, or is the fallback of a name it has.

Code written across TF releases tests for a name before using it (``if "concat_v2" in dir(tf): ... else: ...``,
``hasattr(tf, "x")``) or falls back to an old one (``try: tf.nn.conv2d_transpose(...) except AttributeError:
tf.nn.deconv2d(...)``). Such code already runs on TF 2.21: the branch guarded by a name TF 2.21 lacks is never
taken (the caller, TFM101, knows from the API tables that the name is absent, so the test is decided), and the
handler runs only when the tried name is missing, which TFM101 reports at the tried name itself. Asking to
replace the old name by hand there asks for work nothing needs, so TFM101 stays silent on these lines.
"""

from __future__ import annotations

import ast
from functools import lru_cache


def silenced(text: str, line: int, spelled: str) -> bool:
    """Whether the chain ``spelled`` on ``line`` of ``text`` names a TF name TF 2.21 lacks (the caller decided so)
    where the code never reaches it without first testing for it: in the branch of an ``if`` that tests for this
    very name (``"n" in dir(X)``, ``hasattr(X, "n")``, negated or not), or in an ``except AttributeError``
    handler."""
    guarded, handlers = _fallbacks(text)
    return line in handlers or any(spelled == name or spelled.startswith(name + ".") for name in guarded.get(line, ()))


@lru_cache(maxsize=4)
def _fallbacks(text: str) -> tuple[dict[int, frozenset[str]], frozenset[int]]:
    """Per line, the names a feature test says are present there; and the lines of AttributeError handlers."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}, frozenset()
    guarded: dict[int, set[str]] = {}
    handlers: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (found := tested(node.test)) is not None:
            name, present = found
            for line in _lines(node.body if present else node.orelse):
                guarded.setdefault(line, set()).add(name)
        elif isinstance(node, ast.Try):
            for handler in node.handlers:
                if _catches_attribute_error(handler.type):
                    handlers.update(_lines(handler.body))
    return {line: frozenset(names) for line, names in guarded.items()}, frozenset(handlers)


def tested(test: ast.expr) -> tuple[str, bool] | None:
    """``("X.n", True)`` for ``"n" in dir(X)`` / ``hasattr(X, "n")`` (False: the test is negated)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = tested(test.operand)
        return (inner[0], not inner[1]) if inner is not None else None
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.In, ast.NotIn))
        and isinstance(test.left, ast.Constant)
        and isinstance(test.left.value, str)
        and isinstance(call := test.comparators[0], ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "dir"
        and len(call.args) == 1
        and not call.keywords
    ):
        return f"{ast.unparse(call.args[0])}.{test.left.value}", isinstance(test.ops[0], ast.In)
    if (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id == "hasattr"
        and len(test.args) == 2
        and isinstance(test.args[1], ast.Constant)
        and isinstance(test.args[1].value, str)
    ):
        return f"{ast.unparse(test.args[0])}.{test.args[1].value}", True
    return None


def _catches_attribute_error(kind: ast.expr | None) -> bool:
    names = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return any(isinstance(n, ast.Name) and n.id == "AttributeError" for n in names)


def _lines(body: list[ast.stmt]) -> set[int]:
    return {line for stmt in body for line in range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1)}
