"""Variables built in a list comprehension over a range the code tells: ``Wo = [tf.Variable(init_val(state_size,
output_size)) for _ in range(time_step)]`` (Kyuye's unrolled RNN, held-out set 26).

TF1 evaluates the element once per value, in order, at the statement: each pass builds its ops and one variable, as
the list written out element by element does (``[tf.Variable(...), tf.Variable(...), ...]``, the loop variable read
as each value's literal), so the graph, its op order (op seeds) and its variable names (``Variable_3``...) are the
same. The proof reads that list, a container of variables it knows; the eager program writes the comprehension back
where every element reads the same (``resugar``). Only at module level, for one ``for`` over a literal range
(loops.range_values) with no ``if``, a plain loop name, an element that calls ``tf.Variable`` and holds no lambda or
comprehension of its own.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import VARIABLE, LineOf, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.loops import MAX_ITERATIONS, Origins, range_values
from tfmigrate.transforms.session.renames import SCOPES, named_assignment


def unroll(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such comprehension written out, resolve/line_of reading the copies as the original
    nodes, and the written-out statements' comprehensions (by target name) for ``resugar``."""
    origin = Origins()
    body: list[cst.BaseStatement] = []
    written: dict[str, cst.ListComp] = {}
    for statement in module.body:
        found = _comprehension(module, statement, resolve)
        if found is None:
            body.append(statement)
            continue
        name, small, comprehension, values = found
        loop = comprehension.for_in.target
        assert isinstance(loop, cst.Name)
        reads = {id(n) for n in loaded_names(comprehension.elt) if n.value == loop.value}
        elements = [
            cst.Element(cast(cst.BaseExpression, comprehension.elt.visit(_Copy(reads, value, origin))))
            for value in values
        ]
        listed = cst.List(elements)
        origin.add(listed, comprehension)
        new_small = small.with_changes(value=listed)
        origin.add(new_small, small)
        new_statement = statement.with_changes(body=[new_small])
        origin.add(new_statement, statement)
        body.append(new_statement)
        written[name] = comprehension
    if not written:
        return module, resolve, line_of, written
    return module.with_changes(body=body), *origin.lookups(resolve, line_of), written


def resugar(module: cst.Module, written: dict[str, cst.ListComp]) -> cst.Module:
    """Each written-out list whose elements read the same (the loop name unread) back as its comprehension."""
    if not written:
        return module
    body: list[cst.BaseStatement] = []
    for statement in module.body:
        name, small = named_assignment(statement) or ("", None)
        listed = small.value if small is not None and name in written else None
        if isinstance(listed, cst.List) and len({module.code_for_node(e.value) for e in listed.elements}) == 1:
            element = written[name].with_changes(elt=listed.elements[0].value)
            statement = statement.with_changes(body=[cast(cst.Assign, small).with_changes(value=element)])
        body.append(statement)
    return module.with_changes(body=body)


def _comprehension(module: cst.Module, statement: cst.BaseStatement, resolve: Resolve):
    named = named_assignment(statement)
    if named is None or not isinstance(named[1].value, cst.ListComp):
        return None
    name, small = named
    comprehension = named[1].value
    loop = comprehension.for_in
    if loop.inner_for_in is not None or loop.ifs or loop.asynchronous or not isinstance(loop.target, cst.Name):
        return None
    element = comprehension.elt
    nodes = list(descendants(element))
    if any(isinstance(n, SCOPES) for n in nodes):  # renames.SCOPES: a def or class cannot stand in an expression
        return None
    if not any(isinstance(n, cst.Call) and resolve(n.func) == VARIABLE for n in nodes):
        return None
    values = range_values(module, module.body, loop.iter, resolve)
    if not values or len(values) > MAX_ITERATIONS:
        return None
    return name, small, comprehension, values


class _Copy(cst.CSTTransformer):
    """A fresh copy of the element, the loop name read as the pass's value, each node answering for its original."""

    def __init__(self, reads: set[int], value: int, origin: Origins) -> None:
        self.reads, self.value, self.origin = reads, value, origin

    def on_leave(self, original_node, updated_node):
        if id(original_node) in self.reads:
            copy = cst.Integer(str(self.value)) if self.value >= 0 else cst.parse_expression(str(self.value))
        else:
            copy = updated_node.with_changes()
        self.origin.add(copy, original_node)
        return copy
