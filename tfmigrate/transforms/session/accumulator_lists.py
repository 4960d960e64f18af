"""Gradient accumulation as public TF1 code writes it at module level (Stack Overflow 46772685's answer, copied into
trainers): one comprehension per piece over ``tvs = tf.trainable_variables()``::

    accum_vars = [tf.Variable(tf.zeros_like(tv.initialized_value()), trainable=False) for tv in tvs]
    zero_ops = [tv.assign(tf.zeros_like(tv)) for tv in accum_vars]
    gvs = opt.compute_gradients(loss, tvs)
    accum_ops = [accum_vars[i].assign_add(gv[0]) for i, gv in enumerate(gvs)]
    train_step = opt.apply_gradients([(accum_vars[i], gv[1]) for i, gv in enumerate(gvs)])

TF1 evaluates each comprehension once, element by element in the list's order, so the graph is the one the pieces
written out per variable build (``accum_vars_0 = tf.Variable(tf.zeros_like(W.initialized_value()), ...)``, the
same ops in the same order, the accumulators named ``Variable``, ``Variable_1``... as TF1 named them), and a run of
a list of ops runs each. The list ``tvs`` holds is the one the proof gives ``tf.trainable_variables()`` there
(gradients.py), read by proving the module up to that statement; the pass writes the pieces out with it, and the
proof reads them as accumulators, their assign ops and an apply of (accumulator, variable) pairs
(gradient_accumulation.py). Only each piece exactly so, each name bound once and read nowhere else but the runs of
``zero_ops``/``accum_ops`` and ``train_step``; anything else keeps the recipe's reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import libcst as cst

from tfmigrate.transforms.session import op_lists
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Program, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.gradients import KIND
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import named_assignment

NOTE = (
    "gradient accumulation `{name}`: its comprehensions written out per trainable variable ({count}), as TF1 built them"
)


@dataclass
class _Recipe:
    listing: str  # tvs = tf.trainable_variables()
    accumulators: tuple[str, cst.ListComp]
    zeros: tuple[str, cst.ListComp]
    pairs: str  # gvs = opt.compute_gradients(loss, tvs)
    adds: str
    apply: tuple[str, cst.Call]
    statements: dict[str, cst.SimpleStatementLine]


def unroll(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with the recipe's pieces written out, and a note; None where the module holds no such recipe."""
    recipe = _recipe(module, resolve)
    if recipe is None:
        return None
    head = module.with_changes(body=module.body[: module.body.index(recipe.statements[recipe.listing]) + 1])
    variables = listed(head, resolve, line_of, recipe.listing)
    if not variables:
        return None
    origin = Origins()
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    body: list[cst.BaseStatement] = []
    accumulators = [numbered(taken, f"{recipe.accumulators[0]}_{i}", 2) for i in range(len(variables))]
    taken |= set(accumulators)
    for statement in module.body:
        bound = named_assignment(statement)
        name = bound[0] if bound is not None and statement is recipe.statements.get(bound[0]) else ""
        if name == recipe.accumulators[0]:
            comprehension = recipe.accumulators[1]
            for accumulator, variable in zip(accumulators, variables):
                element = _copied(comprehension, {_loop(comprehension): variable}, origin)
                body.append(_statement(accumulator, element, statement, origin))
        elif name == recipe.zeros[0]:
            comprehension = recipe.zeros[1]
            zeros = [numbered(taken, f"{name}_{i}", 2) for i in range(len(variables))]
            taken |= set(zeros)
            for zero, accumulator in zip(zeros, accumulators):
                element = _copied(comprehension, {_loop(comprehension): accumulator}, origin)
                body.append(_statement(zero, element, statement, origin))
            body.append(_statement(name, _made(f"[{', '.join(zeros)}]"), statement, origin))
        elif name == recipe.adds:
            adds = [numbered(taken, f"{name}_{i}", 2) for i in range(len(variables))]
            taken |= set(adds)
            for i, (add, accumulator) in enumerate(zip(adds, accumulators)):
                body.append(
                    _statement(add, _made(f"{accumulator}.assign_add({recipe.pairs}[{i}][0])"), statement, origin)
                )
            body.append(_statement(name, _made(f"[{', '.join(adds)}]"), statement, origin))
        elif name == recipe.apply[0]:
            listed_pairs = numbered(taken, f"{name}_pairs", 2)
            taken.add(listed_pairs)
            pairs = ", ".join(f"({a}, {v})" for a, v in zip(accumulators, variables))
            body.append(_statement(listed_pairs, _made(f"[{pairs}]"), statement, origin))
            call = recipe.apply[1]
            applied = call.with_changes(args=[call.args[0].with_changes(value=cst.Name(listed_pairs))])
            origin.add(applied, call)
            assert bound is not None
            small = bound[1].with_changes(value=applied)
            new = cast(cst.SimpleStatementLine, statement).with_changes(body=[small])
            origin.add(small, bound[1])
            origin.add(new, statement)
            body.append(new)
        else:
            body.append(statement)
    written = module.with_changes(body=body)
    resolve_written, line_of_written = origin.lookups(resolve, line_of)
    if not {recipe.zeros[0], recipe.adds} <= op_lists.run_lists(written, resolve_written):
        return None  # ``sess.run(accum_ops[0])``: a list read otherwise than run whole keeps the recipe's reason
    line = line_of(recipe.statements[recipe.accumulators[0]])
    note = NOTE.format(name=recipe.accumulators[0], count=len(variables))
    return written, resolve_written, line_of_written, [(line, note)]


def listed(head: cst.Module, resolve: Resolve, line_of: LineOf, name: str) -> list[str] | None:
    """The variables the proof lists for ``name = tf.trainable_variables()``, the last statement of ``head`` (the
    module up to it): read from the program the proof of ``head`` builds, which then stops (no Session runs)."""
    from tfmigrate.transforms.session.proof import Proof

    program = Program(head, resolve, line_of)
    try:
        Proof(program).run()
    except Blocked:
        pass
    node = program.nodes.get(name)
    if node is None or node.kind != KIND or not node.reads:
        return None
    return list(node.reads)


def _recipe(module: cst.Module, resolve: Resolve) -> _Recipe | None:
    statements: dict[str, cst.SimpleStatementLine] = {}
    values: dict[str, cst.BaseExpression] = {}
    counts: dict[str, int] = {}
    for statement in module.body:
        bound = named_assignment(statement)
        if bound is not None:
            statements[bound[0]] = cast(cst.SimpleStatementLine, statement)
            values[bound[0]] = bound[1].value
    for node in descendants(module):
        for target in _targets(node):
            counts[target] = counts.get(target, 0) + 1
    found = None
    for name, value in values.items():
        if isinstance(value, cst.Call) and resolve(value.func) in (
            "trainable_variables",
            "compat.v1.trainable_variables",
        ):
            found = _pieces(name, values, resolve)
            if found is not None:
                break
    if found is None:
        return None
    listing, accumulators, zeros, pairs, adds, apply = found
    names = [listing, accumulators, zeros, pairs, adds, apply]
    if any(counts.get(n, 0) != 1 for n in names):
        return None
    at = {n: module.body.index(statements[n]) for n in names}
    if not at[listing] < at[accumulators] < at[zeros] or not at[listing] < at[pairs] < at[adds] < at[apply]:
        return None
    if at[accumulators] > at[adds] or not _read_only_so(module, statements, names):
        return None
    return _Recipe(
        listing,
        (accumulators, cast(cst.ListComp, values[accumulators])),
        (zeros, cast(cst.ListComp, values[zeros])),
        pairs,
        adds,
        (apply, cast(cst.Call, values[apply])),
        statements,
    )


def _pieces(listing: str, values: dict[str, cst.BaseExpression], resolve: Resolve):
    accumulators = next((n for n, v in values.items() if _makes_accumulators(v, listing, resolve)), None)
    if accumulators is None:
        return None
    zeros = next((n for n, v in values.items() if _zeroes(v, accumulators, resolve)), None)
    pairs = next((n for n, v in values.items() if _computes(v, listing)), None)
    if zeros is None or pairs is None:
        return None
    adds = next((n for n, v in values.items() if _adds(v, accumulators, pairs)), None)
    apply = next((n for n, v in values.items() if _applies(v, accumulators, pairs, values[pairs])), None)
    if adds is None or apply is None:
        return None
    return listing, accumulators, zeros, pairs, adds, apply


def _simple(value: cst.BaseExpression) -> cst.ListComp | None:
    """A comprehension of one ``for`` without ``if``."""
    if not isinstance(value, cst.ListComp):
        return None
    loop = value.for_in
    return None if loop.inner_for_in is not None or loop.ifs or loop.asynchronous is not None else value


def _enumerated(loop: cst.CompFor, over: str) -> bool:
    """``for i, x in enumerate(over)``."""
    return (
        isinstance(loop.iter, cst.Call)
        and isinstance(loop.iter.func, cst.Name)
        and loop.iter.func.value == "enumerate"
        and len(loop.iter.args) == 1
        and _name(loop.iter.args[0].value) == over
        and isinstance(loop.target, cst.Tuple)
        and len(loop.target.elements) == 2
        and all(isinstance(e.value, cst.Name) for e in loop.target.elements)
    )


def _loop(comprehension: cst.ListComp) -> str:
    target = comprehension.for_in.target
    if isinstance(target, cst.Tuple):
        return cast(cst.Name, target.elements[1].value).value
    return cast(cst.Name, target).value


def _index(comprehension: cst.ListComp) -> str:
    target = comprehension.for_in.target
    return cast(cst.Name, target.elements[0].value).value if isinstance(target, cst.Tuple) else ""


def _makes_accumulators(value: cst.BaseExpression, listing: str, resolve: Resolve) -> bool:
    """``[tf.Variable(tf.zeros_like(tv.initialized_value()), trainable=False) for tv in tvs]``."""
    comprehension = _simple(value)
    if comprehension is None or not isinstance(comprehension.for_in.target, cst.Name):
        return False
    if _name(comprehension.for_in.iter) != listing:
        return False
    element = comprehension.elt
    if not (isinstance(element, cst.Call) and resolve(element.func) in ("Variable", "compat.v1.Variable")):
        return False
    flags = [a for a in element.args if a.keyword is not None and a.keyword.value == "trainable"]
    if len(flags) != 1 or _name(flags[0].value) != "False" or any(a.keyword is None for a in element.args[1:]):
        return False
    if any(a.keyword is not None and a.keyword.value not in ("trainable", "dtype") for a in element.args):
        return False
    start = element.args[0].value if element.args and element.args[0].keyword is None else None
    return _zeros_of(start, comprehension.for_in.target.value, resolve)


def _zeros_of(value: cst.BaseExpression | None, name: str, resolve: Resolve) -> bool:
    """``tf.zeros_like(name)``, ``tf.zeros_like(name.initialized_value())`` or ``...read_value()``."""
    if not (isinstance(value, cst.Call) and resolve(value.func) in ("zeros_like", "compat.v1.zeros_like")):
        return False
    if len(value.args) != 1 or value.args[0].keyword is not None:
        return False
    read = value.args[0].value
    if (
        isinstance(read, cst.Call)
        and not read.args
        and isinstance(read.func, cst.Attribute)
        and read.func.attr.value in ("initialized_value", "read_value")
    ):
        read = read.func.value
    return _name(read) == name


def _zeroes(value: cst.BaseExpression, accumulators: str, resolve: Resolve) -> bool:
    """``[tv.assign(tf.zeros_like(tv)) for tv in accum_vars]``."""
    comprehension = _simple(value)
    if comprehension is None or not isinstance(comprehension.for_in.target, cst.Name):
        return False
    loop = comprehension.for_in.target.value
    element = comprehension.elt
    return (
        _name(comprehension.for_in.iter) == accumulators
        and _method(element, "assign", 1)
        and _name(cast(cst.Attribute, cast(cst.Call, element).func).value) == loop
        and _zeros_of(cast(cst.Call, element).args[0].value, loop, resolve)
    )


def _computes(value: cst.BaseExpression, listing: str) -> bool:
    """``opt.compute_gradients(loss, tvs)`` (var_list by position or keyword)."""
    if not _method(value, "compute_gradients", 2):
        return False
    var_list = cast(cst.Call, value).args[1]
    return (var_list.keyword is None or var_list.keyword.value == "var_list") and _name(var_list.value) == listing


def _adds(value: cst.BaseExpression, accumulators: str, pairs: str) -> bool:
    """``[accum_vars[i].assign_add(gv[0]) for i, gv in enumerate(gvs)]``."""
    over = _over_pairs(value, pairs)
    if over is None:
        return False
    element, index, pair = over
    return (
        _method(element, "assign_add", 1)
        and _subscripted(cast(cst.Attribute, cast(cst.Call, element).func).value, accumulators, index)
        and _item(cast(cst.Call, element).args[0].value, pair, 0)
    )


def _applies(value: cst.BaseExpression, accumulators: str, pairs: str, computed: cst.BaseExpression) -> bool:
    """``opt.apply_gradients([(accum_vars[i], gv[1]) for i, gv in enumerate(gvs)])`` of the optimizer that computed
    the pairs, with no other argument."""
    if not _method(value, "apply_gradients", 1) or not isinstance(computed, cst.Call):
        return False
    call = cast(cst.Call, value)
    if _name(cast(cst.Attribute, call.func).value) != _name(cast(cst.Attribute, computed.func).value):
        return False
    over = _over_pairs(call.args[0].value, pairs)
    if over is None:
        return False
    element, index, pair = over
    return (
        isinstance(element, cst.Tuple)
        and len(element.elements) == 2
        and _subscripted(element.elements[0].value, accumulators, index)
        and _item(element.elements[1].value, pair, 1)
    )


def _method(value: cst.BaseExpression, method: str, count: int) -> bool:
    """``owner.method(...)`` of ``count`` arguments, the first positional, the owner a name or an expression."""
    return (
        isinstance(value, cst.Call)
        and isinstance(value.func, cst.Attribute)
        and value.func.attr.value == method
        and len(value.args) == count
        and value.args[0].keyword is None
        and all(a.star == "" for a in value.args)
    )


def _over_pairs(value: cst.BaseExpression, pairs: str) -> tuple[cst.BaseExpression, str, str] | None:
    """The element, index name and pair name of ``[... for i, gv in enumerate(pairs)]``."""
    comprehension = _simple(value)
    if comprehension is None or not _enumerated(comprehension.for_in, pairs):
        return None
    return comprehension.elt, _index(comprehension), _loop(comprehension)


def _subscripted(value: cst.BaseExpression, name: str, index: str) -> bool:
    """``name[index]``."""
    return bool(index) and _name(_key(value, name)) == index


def _item(value: cst.BaseExpression, name: str, position: int) -> bool:
    """``name[position]``."""
    key = _key(value, name)
    return isinstance(key, cst.Integer) and key.evaluated_value == position


def _key(value: cst.BaseExpression, name: str) -> cst.BaseExpression | None:
    """The index of ``name[index]``; None for another expression."""
    if not (isinstance(value, cst.Subscript) and _name(value.value) == name and len(value.slice) == 1):
        return None
    index = value.slice[0].slice
    return index.value if isinstance(index, cst.Index) else None


def _read_only_so(module: cst.Module, statements: dict[str, cst.SimpleStatementLine], names: list[str]) -> bool:
    """``tvs``, the accumulators and ``gvs`` read by the recipe's pieces alone (``zero_ops``/``accum_ops`` are left
    to op_lists.py, which reads their runs as the literal lists, and the proof)."""
    listing, accumulators, zeros, pairs, adds, apply = names
    inside = {
        listing: (listing, accumulators, pairs),
        accumulators: (accumulators, zeros, adds, apply),
        pairs: (pairs, adds, apply),
    }
    allowed = {
        name: {id(n) for piece in pieces for n in descendants(statements[piece])} for name, pieces in inside.items()
    }
    return not any(
        isinstance(node, cst.Name) and node.value in allowed and id(node) not in allowed[node.value]
        for node in descendants(module)
    )


def _targets(node: cst.CSTNode) -> list[str]:
    if isinstance(node, cst.Assign):
        return [n.value for t in node.targets for n in descendants(t.target) if isinstance(n, cst.Name)]
    if isinstance(node, (cst.AugAssign, cst.AnnAssign)):
        return [n.value for n in descendants(node.target) if isinstance(n, cst.Name)]
    if isinstance(node, (cst.For, cst.CompFor)):
        return [n.value for n in descendants(node.target) if isinstance(n, cst.Name)]
    return []


def _name(value: cst.BaseExpression | None) -> str:
    return value.value if isinstance(value, cst.Name) else ""


def _made(code: str) -> cst.BaseExpression:
    return cst.parse_expression(code)


def _statement(
    name: str, value: cst.BaseExpression, original: cst.BaseStatement, origin: Origins
) -> cst.SimpleStatementLine:
    """``name = value`` standing on ``original``'s line; nodes copied from the module keep answering for theirs."""
    statement = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], value)])
    for node in [statement, *descendants(statement)]:
        if origin.of(node) is node:
            origin.add(node, original)
    return statement


def _copied(comprehension: cst.ListComp, values: dict[str, str], origin: Origins) -> cst.BaseExpression:
    """The comprehension's element for one pass: its loop name read as this pass's variable."""
    reads = {id(n): n.value for n in loaded_names(comprehension.elt) if n.value in values}
    return cast(cst.BaseExpression, comprehension.elt.visit(_Copy(reads, values, origin)))


class _Copy(cst.CSTTransformer):
    def __init__(self, reads: dict[int, str], values: dict[str, str], origin: Origins) -> None:
        self.reads, self.values, self.origin = reads, values, origin

    def on_leave(self, original_node, updated_node):
        if id(original_node) in self.reads:
            copy = cst.Name(self.values[self.reads[id(original_node)]])
        else:
            copy = updated_node.with_changes()
        self.origin.add(copy, original_node)
        return copy
