"""A helper's branch on what the caller passed, not on a value: ``if isinstance(inputs, tuple): inputs =
tf.concat(inputs, 2)`` (a bidirectional run's (forward, backward) pair concatenated), ``if state is None:``.

TF1 decided such a test once, where it built the graph; the eager program calls the helper on every run from the
same call, with the same Python structure (a tuple of tensors stays a tuple of tensors, a tensor or array is never a
tuple, list or dict, a fed value is never None), so each call decides it the same way. Only a parameter the body
has not rebound before the test, and the builtins ``isinstance``, ``tuple``, ``list``, ``dict`` the module leaves
alone.
"""

from __future__ import annotations

from collections.abc import Collection

import libcst as cst

from tfmigrate.transforms.session.analysis import Program, descendants

STRUCTURES = ("tuple", "list", "dict")


def host_reads(
    program: Program, test: cst.BaseExpression, params: Collection[str], assigned: Collection[str]
) -> set[int]:
    """The ids of the nodes in ``test`` that belong to a host fact of a parameter (the call and its names), which
    the branch check then leaves alone."""
    free = lambda name: program.binds.get(name, 0) == 0 and name not in program.imported  # noqa: E731
    parameter = lambda node: (  # noqa: E731
        isinstance(node, cst.Name) and node.value in params and node.value not in assigned
    )
    found: set[int] = set()
    for node in [test, *descendants(test)]:
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "isinstance":
            args = node.args
            if len(args) != 2 or any(a.keyword is not None or a.star for a in args) or not free("isinstance"):
                continue
            kinds = args[1].value
            names = [e.value for e in kinds.elements] if isinstance(kinds, cst.Tuple) else [kinds]
            if parameter(args[0].value) and all(
                isinstance(n, cst.Name) and n.value in STRUCTURES and free(n.value) for n in names
            ):
                found |= {id(node), *(id(n) for n in descendants(node))}
        elif isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
            target = node.comparisons[0]
            if (
                parameter(node.left)
                and isinstance(target.operator, (cst.Is, cst.IsNot))
                and isinstance(target.comparator, cst.Name)
                and target.comparator.value == "None"
            ):
                found |= {id(node), *(id(n) for n in descendants(node))}
    return found
