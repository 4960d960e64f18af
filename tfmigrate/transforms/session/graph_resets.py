"""The one reader of ``tf.reset_default_graph()``: which statement begins a graph of its own.

Sections (sections.py), loops whose passes reset (graph_loops.py), constructors that reset (constructor_resets.py),
functions run one after the other (function_parts.py) and one function run more than once (repeated_runs.py) each
prove code that starts from an empty graph, so each must agree on what a reset is: the bare call, with no argument,
a statement of its own, spelled through TensorFlow (``tf.reset_default_graph()``, ``tf.compat.v1.
reset_default_graph()``) or through the private module the cookbook imports (``from tensorflow.python.framework
import ops; ops.reset_default_graph()``). A reset read by one of them and not another would let one proof take a
graph for empty that another takes for shared.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms.session.analysis import Resolve

RESET = "reset_default_graph"
PRIVATE_PACKAGE = "tensorflow.python.framework"


def tf_reset(resolve: Resolve, func: cst.BaseExpression) -> bool:
    """``func`` is TensorFlow's ``reset_default_graph`` (``tf.`` or ``tf.compat.v1.``). The readers that ask this and
    not Resets.names_reset (layers.py, second_sessions.py) leave the private ``ops`` spelling out, as they always did."""
    return (resolve(func) or "").removeprefix("compat.v1.") == RESET


def private_ops(module: cst.Module) -> set[str]:
    """Names bound to ``tensorflow.python.framework.ops`` (the cookbook's ``ops.reset_default_graph()``)."""
    names: set[str] = set()
    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar) and small.module:
                if module.code_for_node(small.module) == PRIVATE_PACKAGE:
                    names.update(
                        alias.evaluated_alias or alias.evaluated_name
                        for alias in small.names
                        if alias.evaluated_name == "ops"
                    )
            elif isinstance(small, cst.Import):
                names.update(
                    alias.evaluated_alias
                    for alias in small.names
                    if alias.evaluated_name == f"{PRIVATE_PACKAGE}.ops" and alias.evaluated_alias
                )
    return names


@dataclass(frozen=True)
class Resets:
    """What resets the default graph in one module: built once, asked per statement."""

    resolve: Resolve
    private: frozenset[str]

    @classmethod
    def of(cls, module: cst.Module, resolve: Resolve) -> Resets:
        return cls(resolve, frozenset(private_ops(module)))

    def names_reset(self, func: cst.BaseExpression) -> bool:
        """``func`` is ``reset_default_graph``, however the module spells it."""
        return tf_reset(self.resolve, func) or self.private_ops(func, RESET)

    def private_ops(self, func: cst.BaseExpression, name: str) -> bool:
        """``func`` is ``ops.<name>`` of the private ``ops`` module (``ops.reset_default_graph``, ``ops.Graph``)."""
        return (
            isinstance(func, cst.Attribute)
            and func.attr.value == name
            and isinstance(func.value, cst.Name)
            and func.value.value in self.private
        )

    def is_reset(self, statement: cst.CSTNode) -> bool:
        """``statement`` is a bare reset: one call, a statement of its own, no argument."""
        if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
            return False
        small = statement.body[0]
        call = small.value if isinstance(small, cst.Expr) else None
        return isinstance(call, cst.Call) and not call.args and self.names_reset(call.func)
