"""A call moved out of its line onto the line before, bound to a name the line then reads: ``feed =
feed_dict(True)`` before ``sess.run(train, feed_dict=feed)`` (feed_calls.py), ``saver = tf.train.Saver()`` before
``saver.save(sess, path)`` (saver_calls.py), ``fed = one_hot(s, 4)`` before a run feeding it (fed_values.py).

The call is made once either way, and in the same order with the rest of the line where nothing the line
evaluates before it has an effect: no call is made before it (the calls around it run after their arguments), and
it is not under a condition (``and``/``or``, ``a if c else b``), in a comprehension or in a lambda.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite


def call_line(call: cst.Call, parents: dict[cst.CSTNode, cst.CSTNode]) -> cst.SimpleStatementLine | None:
    """The one-statement line the call is made on, unconditionally (so the call can go on the line before)."""
    node: cst.CSTNode = call
    while node in parents and not isinstance(node, cst.SimpleStatementLine):
        node = parents[node]
        if isinstance(node, (cst.Lambda, cst.BaseComp, cst.IfExp, cst.BooleanOperation, cst.NamedExpr)):
            return None
    if not isinstance(node, cst.SimpleStatementLine) or len(node.body) != 1:
        return None
    return node


def first_effect(line: cst.SimpleStatementLine, call: cst.Call, before: frozenset[int] = frozenset()) -> bool:
    """No call on the line is made before ``call`` (but those whose ids are in ``before``, moved out ahead of it):
    every other call is around it, inside it or written after it (an assignment's targets, evaluated after its
    value, hold no call)."""
    order = {id(n): i for i, n in enumerate(descendants(line))}
    inside = {id(n) for n in descendants(call)}
    small = line.body[0]
    if isinstance(small, cst.Assign) and any(
        isinstance(n, cst.Call) for t in small.targets for n in descendants(t.target)
    ):
        return False
    for node in descendants(line):
        if not isinstance(node, cst.Call) or id(node) in inside or id(node) in before:
            continue
        if any(n is call for n in descendants(node)):
            continue  # around it: made after its arguments
        if order[id(node)] < order[id(call)]:
            return False
    return True


class Hoist(TracedRewrite):
    """Each line's calls (id of the line -> the calls and their names, in order) bound on the lines before it."""

    def __init__(
        self,
        module: cst.Module,
        resolve: Resolve,
        line_of: LineOf,
        hoisted: dict[int, list[tuple[cst.Call, str]]],
    ) -> None:
        super().__init__(module, resolve, line_of)
        self.hoisted = hoisted
        self.calls = {id(call): name for calls in hoisted.values() for call, name in calls}

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = self.calls.get(id(original_node))
        return updated_node if name is None else self.traced(cst.Name(name), original_node)

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine]:
        found = self.hoisted.get(id(original_node))
        if not found:
            return updated_node
        bound = [
            self.traced(
                cst.SimpleStatementLine(
                    [cst.Assign([cst.AssignTarget(cst.Name(name))], call)],
                    leading_lines=updated_node.leading_lines if i == 0 else (),
                ),
                original_node,
            )
            for i, (call, name) in enumerate(found)
        ]
        return cst.FlattenSentinel([*bound, updated_node.with_changes(leading_lines=[])])


def method_calls(module: cst.Module, methods: tuple[str, ...]):
    """The module's calls of a method of one of these names (``sess.run(...)``, ``saver.save(...)``)."""
    for node in descendants(module):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in methods:
            yield node


def bound(
    module: cst.Module,
    resolve: Resolve,
    line_of: LineOf,
    hoisted: dict[int, list[tuple[cst.Call, str]]],
    note: Callable[[str, str], str],
):
    """The module with the calls bound on the lines before theirs, its ``resolve`` and ``line_of``, and a note for
    each (``note(code of the call, name)``); None where there is none."""
    if not hoisted:
        return None
    rewrite = Hoist(module, resolve, line_of, hoisted)
    done = module.visit(rewrite)
    notes = [
        (line_of(call), note(module.code_for_node(call), name)) for calls in hoisted.values() for call, name in calls
    ]
    return (done, *rewrite.remapped(), notes)
