"""Graph-building loops: ``for i in range(1, 5): W = tf.Variable(...); y = tf.add(tf.pow(X, i) * W, y)``.

A module-level loop over values written in the program runs once, when TF1 builds the graph: it builds one set of
ops per iteration, each rebinding the loop's names. Such a loop is unrolled before the eager proof sees the module:
each iteration's statements, with the loop variable replaced by its value, bind fresh names (``W_1``, ``y_1``...)
and read the previous iteration's, the last iteration keeps the names the code after the loop reads, and a name
the first iteration reads from before the loop gets a fresh name there too. The proof then meets the straight-line
program TF1 built, op for op in the same order (so seeds count as they did). A loop that reads back the list it
fills (``out[i]``) names each item where its pass made it (filled_list_reads.py). A loop it does not recognise stays
as written and the proof decides, as before; ``kept`` says why, for the proof's report.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.cstfields import signed_integer
from tfmigrate.transforms.session import filled_list_reads, host_builtins, in_place, parallel_assigns, scoped_loops
from tfmigrate.transforms.session.analysis import Bindings, LineOf, Program, Resolve, descendants, loaded_names
from tfmigrate.transforms.session.fresh_names import underscored
from tfmigrate.transforms.session.variable_builders import variable_builders

MAX_ITERATIONS = 32
RANGE, ZIP, ENUMERATE, LEN = (frozenset({name}) for name in ("range", "zip", "enumerate", "len"))
RUNS = frozenset({"run", "eval"})
RUN_PHASE = (
    "summary.",
    "Summary",
    "logging.",
    "app.",
    "flags.",
    "gfile.",
    "io.",
    "train.",
    "Session",
    "InteractiveSession",
)
ALIASES = 4  # names a list is passed through (the argument, the attribute, the method's parameter)
SCOPED = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Lambda, cst.NamedExpr)


def unroll(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[cst.Module, Resolve, LineOf]:
    """The module with its graph-building loops unrolled, and resolve/line_of that read new nodes as the
    original ones they were copied from."""
    origin = Origins()
    body = list(module.body)
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    changed = False
    index = 0
    while index < len(body):
        written = statement = body[index]
        if isinstance(statement, cst.For):  # ``+=`` spelled out only in a loop that is unrolled
            statement = body[index] = _spelled_out(statement, origin)
        values = _iterations(module, body, statement, resolve) if isinstance(statement, cst.For) else None
        unrolled = None if values is None else _Unroller(module, body, index, values, origin, taken).run()
        if unrolled is None and isinstance(statement, cst.With):  # a loop in a module-level ``with`` block
            unrolled = _in_block(module, body, index, resolve, origin, taken)
        if unrolled is None:
            body[index] = written
            index += 1
            continue
        body, index = unrolled
        changed = True
    if not changed:
        return module, resolve, line_of
    return module.with_changes(body=body), *origin.lookups(resolve, line_of)


class Origins:
    """Each copied node's original (the copy is held here, so its id stays its own)."""

    def __init__(self) -> None:
        self.pairs: dict[int, tuple[cst.CSTNode, cst.CSTNode]] = {}

    def add(self, copy: cst.CSTNode, original: cst.CSTNode) -> None:
        self.pairs[id(copy)] = (copy, self.of(original))

    def keep(self, copy: cst.CSTNode, original: cst.CSTNode, first: bool = False) -> None:
        """``copy`` means ``original`` as given (not followed to its own original); ``first``: unless ``copy`` has
        one already."""
        if not (first and self.has(copy)):
            self.pairs[id(copy)] = (copy, original)

    def has(self, node: cst.CSTNode) -> bool:
        pair = self.pairs.get(id(node))
        return pair is not None and pair[0] is node

    def of(self, node: cst.CSTNode) -> cst.CSTNode:
        pair = self.pairs.get(id(node))
        return pair[1] if pair is not None and pair[0] is node else node

    def lookups(self, resolve: Resolve, line_of: LineOf) -> tuple[Resolve, LineOf]:
        """``resolve`` and ``line_of`` of the module the copies are in: each copy is read as its original, so
        the rules resolve and report a rewritten module's nodes as the source's."""

        def resolve_new(node: cst.CSTNode) -> str | None:
            return resolve(self.of(node))

        def line_of_new(node: cst.CSTNode) -> int:
            return line_of(self.of(node))

        return resolve_new, line_of_new


def _builds_graph(
    statement: cst.For, resolve: Resolve, tensors: bool = False, graph_names: frozenset[str] = frozenset()
) -> bool:
    """A body of assignments to one name each (a loop over graph tensors may also append to lists, after them)
    that calls TensorFlow, reads a module-level graph value (``m * x + b`` of two ``tf.Variable``s: operators
    build ops too) or iterates over graph tensors, and runs nothing."""
    body = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else ()
    if not body or statement.orelse is not None or statement.asynchronous is not None:
        return False
    graph = tensors or any(n.value in graph_names for inner in body for n in loaded_names(inner))
    if any(isinstance(inner, cst.With) for inner in body):
        if tensors or not all(scoped_loops.scope_block(i, resolve) for i in body if isinstance(i, cst.With)):
            return False
        body = [line for inner in body for line in scoped_loops.lines(inner)]
    for inner in body:
        if not (isinstance(inner, cst.SimpleStatementLine) and len(inner.body) == 1):
            return False
        small = inner.body[0]
        appended = append_of(small)
        if appended is None and not (
            isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)
        ):
            return False
        value = appended[1] if appended is not None else cast(cst.Assign, small).value
        if appended is not None and _cell(value, resolve):
            continue  # an RNN cell builds nothing where it is made: rnn_gather folds such a list into its MultiRNNCell
        # an append of a graph op builds the graph as an assignment of it does (``h.append(tf.layers.dense(...))``)
        for node in descendants(value):
            if isinstance(node, SCOPED):
                return False
            if isinstance(node, cst.Call):
                if isinstance(node.func, cst.Attribute) and node.func.attr.value in RUNS:
                    return False
                path = resolve(node.func)
                if path is not None and path.startswith(RUN_PHASE):
                    return False  # summaries, logging: what the run phase does, not graph building
                if path is not None:
                    graph = True
    return graph


def _cell(value: cst.BaseExpression, resolve: Resolve) -> bool:
    """``tf.nn.rnn_cell.GRUCell(3)``: an RNN cell's constructor (rnn_gather's CELLS; imported here, it imports us)."""
    from tfmigrate.transforms.session.rnn_gather import CELLS

    path = resolve(value.func) if isinstance(value, cst.Call) else None
    return path is not None and path.removeprefix("compat.v1.").startswith(CELLS)


def _iterations(module, body, statement: cst.For, resolve: Resolve) -> list[cst.BaseExpression] | None:
    """The loop's values as literals (or the items of a list of graph tensors, ``rnn_inputs[0]``...), when the code
    says what they are and the loop builds the graph."""
    if isinstance(statement.target, cst.Tuple) and scoped_loops.enumerated(statement.iter, resolve) is not None:
        return _enumerated(module, body, statement, resolve)
    if isinstance(statement.target, cst.Tuple):
        return _zipped(module, body, statement, resolve)
    if not isinstance(statement.target, cst.Name):
        return None
    it = statement.iter
    if isinstance(it, cst.Name) and (values := _literal_list(module, body, it, resolve)) is not None:
        if not _builds_graph(statement, resolve, graph_names=_graph_names(module, body, resolve)):
            return None
        return values if 0 < len(values) <= MAX_ITERATIONS else None
    if isinstance(it, cst.Name):
        count = unstacked_count(module, body, it.value, resolve)
        if count is None or not 0 < count <= MAX_ITERATIONS or not _builds_graph(statement, resolve, tensors=True):
            return None
        return [cst.parse_expression(f"{it.value}[{k}]") for k in range(count)]
    if not _builds_graph(statement, resolve, graph_names=_graph_names(module, body, resolve)):
        return None
    if isinstance(it, (cst.List, cst.Tuple)):
        values = [e.value for e in it.elements if isinstance(e, cst.Element)]
        if len(values) != len(it.elements) or not all(
            isinstance(v, (cst.Integer, cst.Float, cst.SimpleString)) for v in values
        ):
            return None
    elif scoped_loops.sliced(it) is not None:  # ``for h in hidden_sizes[:-1]``, the list read at the call
        values = _items(module, body, it, resolve)
        if values is None:
            return None
    elif (counted := range_values(module, body, it, resolve)) is not None:
        values = [cst.Integer(str(v)) for v in counted]
    else:
        return None
    if not values or len(values) > MAX_ITERATIONS:
        return None
    return values


def kept(module: cst.Module, loop: cst.For, resolve: Resolve) -> str:
    """Why ``unroll`` leaves the module-level ``loop`` as written, in the words of the report."""
    body = list(module.body)
    index = next((i for i, s in enumerate(body) if s is loop), None)
    values = _iterations(module, body, loop, resolve) if index is not None else None
    if index is None:
        return "the loop is not a statement of the module's own body"
    if values is None and not _builds_graph(loop, resolve, tensors=True):
        return (
            "the loop's body is not only lines binding one name each and appends to lists (a branch, a nested "
            "loop, a Session run or a call of the run phase)"
        )
    counted = range_values(module, body, loop.iter, resolve) if values is None else None
    if counted is not None and len(counted) > MAX_ITERATIONS:
        return f"the loop runs {len(counted)} passes, more than the {MAX_ITERATIONS} the unrolling writes out"
    shadowed = next(
        (
            c.func
            for c in [loop.iter, *descendants(loop.iter)]
            if isinstance(c, cst.Call)
            and isinstance(c.func, cst.Name)
            and c.func.value in RANGE | ZIP | ENUMERATE | LEN  # ``range(len(SIZES))`` counts through both
            and not host_builtins.builtin_of(module, c.func, frozenset({c.func.value}))
        ),
        None,
    )
    if values is None and shadowed is not None:
        return (
            f"the loop runs over `{module.code_for_node(loop.iter)}`, and the module binds `{shadowed.value}` "
            "itself: its passes are not the ones Python's builtin counts"
        )
    if values is None:
        return (
            f"the loop runs over `{module.code_for_node(loop.iter)}`, whose length the code does not state (`range` "
            "of integer literals or module-level constants bound once, a literal list, or `tf.unstack` of a "
            f"placeholder of literal shape, at most {MAX_ITERATIONS} passes)"
        )
    unroller = _Unroller(
        module, body, index, values, Origins(), {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    )
    return "" if unroller.run() is not None else unroller.why


def range_values(module: cst.Module, body, it: cst.BaseExpression, resolve: Resolve) -> list[int] | None:
    """The values of ``range(...)`` over integer literals, module constants bound once and lengths the code tells,
    or None."""
    if not (
        isinstance(it, cst.Call)
        and host_builtins.builtin_of(module, it.func, RANGE)
        and resolve(it.func) is None
        and 1 <= len(it.args) <= 3
        and all(a.keyword is None and not a.star for a in it.args)
    ):
        return None
    bounds = [_integer(module, body, a.value) or _length(module, body, a.value, resolve) for a in it.args]
    if any(b is None for b in bounds):
        return None
    return list(range(*bounds))  # type: ignore[arg-type]


def _zipped(module, body, statement: cst.For, resolve: Resolve) -> list[cst.BaseExpression] | None:
    """``for x, y in zip(xs, ys)`` over names bound once, at top level, to literal lists of numbers (a tutorial's
    points): one tuple of literals per iteration, as many as the shortest list (``zip``'s count)."""
    target, it = statement.target, statement.iter
    assert isinstance(target, cst.Tuple)
    names = [e.value for e in target.elements]
    if not all(isinstance(n, cst.Name) for n in names) or len({n.value for n in names}) != len(names):  # type: ignore[attr-defined]
        return None
    if not (
        isinstance(it, cst.Call)
        and host_builtins.builtin_of(module, it.func, ZIP)
        and resolve(it.func) is None
        and len(it.args) == len(names)
        and all(a.keyword is None and not a.star and isinstance(a.value, cst.Name) for a in it.args)
    ):
        return None
    columns = [_literal_list(module, body, a.value, resolve) for a in it.args]  # type: ignore[arg-type]
    if any(c is None for c in columns):
        return None
    if not _builds_graph(statement, resolve, graph_names=_graph_names(module, body, resolve)):
        return None
    rows: list[cst.BaseExpression] = [cst.Tuple([cst.Element(v) for v in row]) for row in zip(*columns)]
    return rows if 0 < len(rows) <= MAX_ITERATIONS else None


def _enumerated(module, body, statement: cst.For, resolve: Resolve) -> list[cst.BaseExpression] | None:
    """``for i, size in enumerate(sizes)`` over a literal list (or a name bound once, at top level, to one): one
    tuple ``(k, item)`` per item."""
    target, listed = statement.target, scoped_loops.enumerated(statement.iter, resolve)
    assert isinstance(target, cst.Tuple) and listed is not None
    names = [e.value for e in target.elements]
    if (
        len(names) != 2
        or not all(isinstance(n, cst.Name) for n in names)
        or not host_builtins.builtin_of(module, cast(cst.Call, statement.iter).func, ENUMERATE)
    ):
        return None
    if names[0].value == names[1].value:  # type: ignore[attr-defined]
        return None
    items = _items(module, body, listed, resolve)
    if items is None or not _builds_graph(statement, resolve, graph_names=_graph_names(module, body, resolve)):
        return None
    rows: list[cst.BaseExpression] = [
        cst.Tuple([cst.Element(cst.Integer(str(k))), cst.Element(v)]) for k, v in enumerate(items)
    ]
    return rows if 0 < len(rows) <= MAX_ITERATIONS else None


def _items(module, body, listed: cst.BaseExpression, resolve: Resolve) -> list[cst.BaseExpression] | None:
    """The items of a literal list of numbers or strings, written here or bound once, at top level, to a name."""
    if isinstance(listed, cst.Name):
        return _literal_list(module, body, listed, resolve)
    sliced = scoped_loops.sliced(listed)
    if sliced is not None:  # ``sizes[:-1]``: the hidden layers' sizes, the last one built after the loop
        items = _items(module, body, sliced[0], resolve)
        return None if items is None else items[sliced[1]]
    if isinstance(listed, (cst.List, cst.Tuple)):
        items = [e.value for e in listed.elements if isinstance(e, cst.Element)]
        return items if len(items) == len(listed.elements) and all(_plain_literal(v) for v in items) else None
    return None


def _length(module, body, node: cst.BaseExpression, resolve: Resolve) -> int | None:
    """``len(SIZES)`` of a list ``_items`` reads."""
    listed = scoped_loops.measured(node, resolve)
    if listed is None or not host_builtins.builtin_of(module, cast(cst.Call, node).func, LEN):
        return None
    items = _items(module, body, listed, resolve)
    return None if items is None else len(items)


def _in_block(module, body, index: int, resolve: Resolve, origin: Origins, taken: set[str]) -> tuple[list, int] | None:
    """A loop unrolled in the module-level ``with`` block at ``index`` (scoped_loops.py): the block's lines read
    after the module's lines before it, so the names the loop rebinds are followed there too."""
    block = body[index]
    if not isinstance(block, cst.With) or not isinstance(block.body, cst.IndentedBlock):
        return None
    inner = list(block.body.body)
    for position, statement in enumerate(inner):
        if not isinstance(statement, cst.For):
            continue
        flat = [*body[:index], *inner]
        values = _iterations(module, flat, statement, resolve)
        if values is None:
            continue
        unroller = _Unroller(module, flat, index + position, values, origin, taken)
        unroller.nested = True
        unroller.later = body[index + 1 :]
        unrolled = unroller.run()
        if unrolled is None:
            continue
        made, _ = unrolled
        prefix, lines = made[:index], made[index:]
        new_block = block.body.with_changes(body=lines)
        origin.add(new_block, block.body)
        new = block.with_changes(body=new_block)
        origin.add(new, block)
        # the block's later loops are unrolled the next time round (``unroll`` reads the block again)
        return [*prefix, new, *body[index + 1 :]], index
    return None


def _literal_list(module, body, name: cst.Name, resolve: Resolve) -> list[cst.BaseExpression] | None:
    """The items of the literal list (or tuple) of numbers or strings ``name`` is bound to once, at top level, or
    through names each bound once so to the one before (``layers = [8, 8]``, ``net__layers = layers``: a
    constructor's argument stored and passed on, as the class proof reads a construction): the same list object."""
    names = {name.value}
    value = _module_value(module, body, name.value)
    while isinstance(value, cst.Name) and value.value not in names and len(names) < ALIASES:
        names.add(value.value)
        value = _module_value(module, body, value.value)
    if not isinstance(value, (cst.List, cst.Tuple)):
        return None
    items = [e.value for e in value.elements if isinstance(e, cst.Element)]
    if len(items) != len(value.elements) or not all(_plain_literal(v) for v in items):
        return None
    if next(in_place.changes(Program(module, resolve, lambda node: 0), names), None) is not None:
        return None  # ``xs.append(...)``, ``xs[0] = ...`` through any of the names: another list by the loop
    return items


def _plain_literal(value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
        value = value.expression
    return isinstance(value, (cst.Integer, cst.Float, cst.SimpleString))


def _graph_names(module, body, resolve: Resolve) -> frozenset[str]:
    """Module-level names bound once, at top level, to a TensorFlow call (``m = tf.Variable(-0.5)``), and the
    functions whose calls build variables (variable_builders.py)."""
    names = set()
    for statement in body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign) and len(small.targets) == 1:
                target = small.targets[0].target
                path = resolve(small.value.func) if isinstance(small.value, cst.Call) else None
                if isinstance(target, cst.Name) and path is not None and not path.startswith(RUN_PHASE):
                    names.add(target.value)
    return frozenset(n for n in names if bound_once(module, n)) | variable_builders(module, resolve)


def _spelled_out(loop: cst.For, origin: Origins) -> cst.For:
    """``total_error += (y - y_model) ** 2`` in a loop's body read as ``total_error = total_error + (...)``: the
    same for numbers and tensors (a tensor has no in-place ``+=``; Python falls back to ``+``), so the unrolled
    iterations bind fresh names as for any assignment. A list's ``+=`` would extend it in place; the loop's
    graph test keeps such loops (the name's value is a graph value or a number where it unrolls)."""
    if not isinstance(loop.body, cst.IndentedBlock):
        return loop
    lines = []
    for line in loop.body.body:
        small = line.body[0] if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None
        operator = type(small.operator).__name__.removesuffix("Assign") if isinstance(small, cst.AugAssign) else ""
        if not (
            isinstance(small, cst.AugAssign)
            and isinstance(small.target, cst.Name)
            and hasattr(cst, operator)
            and not isinstance(small.value, (cst.List, cst.ListComp, cst.Tuple))  # a list extended in place
        ):
            lines.append(line)
            continue
        right = small.value
        if not _binds_tighter(right, operator):
            right = right.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
            origin.add(right, small.value)
        value = cst.BinaryOperation(left=small.target.deep_clone(), operator=getattr(cst, operator)(), right=right)
        origin.add(value, small)
        assign = cst.Assign(targets=[cst.AssignTarget(target=small.target)], value=value)
        origin.add(assign, small)
        made = line.with_changes(body=[assign])
        origin.add(made, line)
        lines.append(made)
    if all(a is b for a, b in zip(lines, loop.body.body)):
        return loop
    block = loop.body.with_changes(body=lines)
    origin.add(block, loop.body)
    new = loop.with_changes(body=block)
    origin.add(new, loop)
    return new


# Binary operators by how tightly they bind (Python's precedence), for ``a op= b`` read as ``a op b``.
TIGHTNESS = {"Power": 4, "Multiply": 3, "Divide": 3, "FloorDivide": 3, "Modulo": 3, "MatrixMultiply": 3, "Add": 2}
TIGHTNESS |= {"Subtract": 2, "LeftShift": 1, "RightShift": 1}


def _binds_tighter(value: cst.BaseExpression, operator: str) -> bool:
    """``value`` needs no parentheses as the right operand of ``operator``: an atom, a parenthesized expression,
    or a binary operation binding tighter than it."""
    if value.lpar or isinstance(value, (cst.Name, cst.Call, cst.Attribute, cst.Subscript, cst.Integer, cst.Float)):
        return True
    if isinstance(value, cst.BinaryOperation):
        inner = TIGHTNESS.get(type(value.operator).__name__, 0)
        return inner > TIGHTNESS.get(operator, 4)
    return False


def append_of(small: cst.BaseSmallStatement) -> tuple[str, cst.BaseExpression] | None:
    """``outputs.append(value)``: the list's name and the value."""
    if not (isinstance(small, cst.Expr) and isinstance(small.value, cst.Call)):
        return None
    call = small.value
    if not (
        isinstance(call.func, cst.Attribute)
        and isinstance(call.func.value, cst.Name)
        and call.func.attr.value == "append"
        and len(call.args) == 1
        and call.args[0].keyword is None
        and not call.args[0].star
    ):
        return None
    return call.func.value.value, call.args[0].value


def _module_value(module: cst.Module, body, name: str) -> cst.BaseExpression | None:
    """The value of the one top-level ``name = value`` of a name bound once at module level."""
    found = [
        small.value
        for statement in body
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
        if isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Name)
        and small.targets[0].target.value == name
    ]
    return found[0] if len(found) == 1 and bound_once(module, name) else None


def _tf_call(node: cst.BaseExpression | None, resolve: Resolve, path: str) -> cst.Call | None:
    if isinstance(node, cst.Call) and (resolve(node.func) or "").removeprefix("compat.v1.") == path:
        return node
    return None


def _keyword_or_position(call: cst.Call, position: int, keyword: str) -> cst.BaseExpression | None:
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if (arg.keyword is not None and arg.keyword.value == keyword) or (arg.keyword is None and index == position):
            return arg.value
    return None


def unstacked_count(module: cst.Module, body, name: str, resolve: Resolve) -> int | None:
    """How many tensors ``name = tf.unstack(t, num=n)`` / ``tf.unstack(t, axis=k)`` holds: ``num`` when given, else
    dimension ``k`` of ``t``, read from a placeholder's literal shape (through a ``tf.one_hot``, which adds the last
    dimension). TF1 unstacked a dimension it knew when it built the graph, so the count is the one it unrolled."""
    call = _tf_call(_module_value(module, body, name), resolve, "unstack")
    if call is None:
        return None
    num = _keyword_or_position(call, 1, "num")
    if num is not None:
        return _integer(module, body, num)
    axis_node = _keyword_or_position(call, 2, "axis")
    axis = 0 if axis_node is None else _integer(module, body, axis_node)
    tensor = _keyword_or_position(call, 0, "value")
    if axis is None or tensor is None:
        return None
    value = _module_value(module, body, tensor.value) if isinstance(tensor, cst.Name) else tensor
    hot = _tf_call(value, resolve, "one_hot")
    if hot is not None:
        indices = _keyword_or_position(hot, 0, "indices")
        if axis < 0 or not isinstance(indices, cst.Name):
            return None  # (one_hot's own ``axis`` is not read: the last dimension is the depth, before ``axis``)
        if any(arg.keyword is not None and arg.keyword.value == "axis" for arg in hot.args):
            return None
        value = _module_value(module, body, indices.value)
    placeholder = _tf_call(value, resolve, "placeholder")
    shape = _keyword_or_position(placeholder, 1, "shape") if placeholder is not None else None
    if not isinstance(shape, (cst.List, cst.Tuple)) or not 0 <= axis < len(shape.elements):
        return None
    element = shape.elements[axis]
    return _integer(module, body, element.value) if isinstance(element, cst.Element) else None


def _integer(module: cst.Module, body, node: cst.BaseExpression, depth: int = 3) -> int | None:
    """An integer literal, or a name the module binds once, at top level, to one (or to such a name: a class
    attribute bound to a constructor parameter, ``range(self._num_layers - 1)``), or the sum or difference of two."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Subtract)) and depth:
        left, right = _integer(module, body, node.left, depth - 1), _integer(module, body, node.right, depth - 1)
        if left is None or right is None:
            return None
        return left + right if isinstance(node.operator, cst.Add) else left - right
    return signed_integer(node, lambda name: _constant(module, body, name, depth))


def _constant(module: cst.Module, body, node: cst.Name, depth: int = 3) -> int | None:
    """The integer literal ``node`` is bound to (through names, ``depth`` deep), where the module binds each once,
    at top level."""
    found: list[cst.BaseExpression] = []
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if (
                    isinstance(small, cst.Assign)
                    and len(small.targets) == 1
                    and isinstance(small.targets[0].target, cst.Name)
                    and small.targets[0].target.value == node.value
                ):
                    found.append(small.value)
                elif isinstance(small, cst.Assign) and len(small.targets) == 1:
                    found += unpacked_value(small, node.value)  # ``size, n_layers = 6, 3``
    if len(found) != 1 or not bound_once(module, node.value):
        return None
    if isinstance(found[0], cst.Name) and depth:
        return _constant(module, body, found[0], depth - 1)
    return int(found[0].value, 0) if isinstance(found[0], cst.Integer) else None


def unpacked_value(assign: cst.Assign, name: str) -> list[cst.BaseExpression]:
    """``a, b = 6, 3``: the value a tuple of names unpacked from a tuple written beside it binds to ``name``."""
    target, value = assign.targets[0].target, assign.value
    if not (isinstance(target, cst.Tuple) and isinstance(value, cst.Tuple)):
        return []
    names, values = target.elements, value.elements
    if len(names) != len(values) or any(isinstance(e, cst.StarredElement) for e in (*names, *values)):
        return []
    return [v.value for t, v in zip(names, values) if isinstance(t.value, cst.Name) and t.value.value == name]


def bound_once(module: cst.Module, name: str) -> bool:
    """``name`` has one binding at module level: ``Bindings`` counts assignments, imports, ``del``, ``except ...
    as``, ``for`` / ``with`` targets and walruses there; a function's ``global name`` or a star import may bind it
    too."""
    if len(Bindings(module).sites.get(name, ())) != 1:
        return False
    for node in descendants(module):
        if isinstance(node, cst.Global) and any(item.name.value == name for item in node.names):
            return False
        if isinstance(node, cst.ImportFrom) and isinstance(node.names, cst.ImportStar):
            return False
    return True


class _Unroller:
    def __init__(self, module, body, index: int, values, origin: Origins, taken: set[str]) -> None:
        self.module = module
        self.body = list(body)  # its own: a list's appends before the loop are read as bindings (appended_before)
        self.index = index
        self.loop: cst.For = body[index]
        self.before: set[cst.CSTNode] = set()  # those bindings
        self.values = values
        self.tensors = all(isinstance(v, cst.Subscript) for v in values)  # the items of a list of graph tensors
        self.origin = origin
        self.taken = taken
        self.nested = False  # in a module-level ``with`` block (_in_block): its lines after the block are not here
        self.later: list = []
        self.why = ""  # what keeps the loop as written, where the unrolling stops

    def fresh(self, base: str) -> str:
        return underscored(self.taken, base)

    def run(self) -> tuple[list, int] | None:
        try:
            return self._run()
        except filled_list_reads.OutOfList:
            self.why = "a read of a list it fills names no item the list holds then"
            return None

    def _run(self) -> tuple[list, int] | None:
        loop = self.loop
        if isinstance(loop.target, cst.Tuple):  # ``for x, y in zip(xs, ys)``: one literal per name (_zipped)
            variables = [e.value.value for e in loop.target.elements]  # type: ignore[attr-defined]
            rows = [[e.value for e in v.elements] for v in self.values]
        else:
            variables = [loop.target.value]  # type: ignore[attr-defined]
            rows = [[v] for v in self.values]
        lines: list[cst.SimpleStatementLine] = list(loop.body.body)  # type: ignore[arg-type]  # (_builds_graph)
        appends = [s for s in lines if isinstance(s, cst.SimpleStatementLine) and append_of(s.body[0]) is not None]
        if appends and self.nested:
            self.why = "it appends to a list inside a `with` block"
            return None
        statements = [s for s in lines if s not in appends]
        assignments = [line for s in statements for line in scoped_loops.lines(s)]
        targets = [s.body[0].targets[0].target.value for s in assignments]  # type: ignore[attr-defined]
        lists = self.filled_lists(appends, set(targets))
        if lists is None:
            return None
        # an append before an assignment, or a list read back by index: each item named where its pass made it
        late = any(lines.index(a) < lines.index(s) for a in appends for s in statements)
        read = [s if s not in appends else s.body[0].value.args[0] for s in lines]  # type: ignore[attr-defined]
        named = {n for n in lists if late or any(filled_list_reads.read_by_index(s, n) for s in read)}
        last = {name: position for position, name in enumerate(targets)}
        before = self.rename_before(set(targets), statements, variables, appends)
        if before is None:
            return None
        prefix, current = before
        unrolled: list[cst.BaseStatement] = []
        count = len(self.values)
        counts: dict[str, int] = {}
        for k, row in enumerate(rows):
            for variable in variables:  # the loop's value at each pass, where the body binds its name again
                current.pop(variable, None)
            held = {n: items for n, (_, items) in lists.items() if n in named}
            position = 0
            for statement in lines:
                if statement in appends:
                    mapping = {**dict(zip(variables, row)), **{n: cst.Name(v) for n, v in current.items()}}
                    unrolled.extend(self.append(statement, mapping, held, lists, named))
                    continue
                made = []
                for line in scoped_loops.lines(statement):
                    mapping = {**dict(zip(variables, row)), **{n: cst.Name(v) for n, v in current.items()}}
                    name = targets[position]
                    final = k == count - 1 and last[name] == position
                    counts[name] = counts.get(name, 0) + 1
                    bound = name if final else self.fresh(f"{name}_{counts[name]}")
                    made.append(self.copy(line, mapping, bound, held))
                    current[name] = bound
                    position += 1
                if isinstance(statement, cst.With):  # its scope entered again, its name written out
                    made = [self.scoped(statement, dict(zip(variables, row)), made)]
                unrolled.extend(made)
        if unrolled:
            unrolled[0] = unrolled[0].with_changes(leading_lines=loop.leading_lines)
        for emptied, items in lists.values():
            unrolled.append(self.filled(emptied, items))
        prefix = [statement for statement in prefix if all(statement is not e for e, _ in lists.values())]
        for variable, value in zip(variables, rows[-1]):
            if variable not in targets and self.read_after(variable):
                assignment = cst.parse_statement(f"{variable} = {self.module.code_for_node(value)}\n")
                unrolled.append(assignment)
        body = [*prefix, *unrolled, *self.body[self.index + 1 :]]
        return body, len(prefix) + len(unrolled)

    def append(self, statement, mapping, held, lists, named) -> list[cst.SimpleStatementLine]:
        """A pass's ``xs.append(value)``: the value read at this point of the pass added to the list's items;
        where the list's items are named (filled_list_reads.py), the line ``xs_<n> = value`` binding it."""
        name, _ = append_of(statement.body[0])  # type: ignore[misc]
        items = lists[name][1]
        value = self.copy(statement, mapping, None, held).body[0].value.args[0].value
        if name not in named or isinstance(value, cst.Name):
            items.append(value)
            return []
        call = statement.body[0].value
        assign = cst.Assign(targets=[cst.AssignTarget(target=call.func.value)], value=call.args[0].value)
        self.origin.add(assign, statement.body[0])
        line = statement.with_changes(body=[assign])
        self.origin.add(line, statement)
        fresh = self.fresh(f"{name}_{len(items) + 1}")
        made = self.copy(line, mapping, fresh, held)  # its reads of the list (``h[-1]``) before it holds the item
        items.append(cst.Name(fresh))
        return [made]

    def scoped(self, block: cst.With, mapping: dict[str, cst.BaseExpression], lines: list) -> cst.With:
        """A pass's copy of the loop's scope block: its scope call with the loop's values (``'layer%d' % 0`` read
        as ``'layer0'``) over ``lines``."""
        item = block.items[0]
        substitute = Substitute(mapping)
        substitute.loads = {id(n) for n in loaded_names(item.item)}
        call = cast(
            cst.BaseExpression, cast(cst.BaseExpression, item.item.visit(substitute)).visit(scoped_loops.Fold())
        )
        step = Origins()
        pair_nodes(item.item, call, step)
        clone = call.deep_clone()
        pair_clone(call, clone, step, self.origin)
        new_item = item.with_changes(item=clone)
        self.origin.add(new_item, item)
        inner = block.body.with_changes(body=lines)
        self.origin.add(inner, block.body)
        new = block.with_changes(items=[new_item], body=inner)
        self.origin.add(new, block)
        return new

    def filled_lists(self, appends: list, targets: set[str]) -> dict[str, tuple[cst.SimpleStatementLine, list]] | None:
        """Each list the loop appends to, bound to ``[]`` by a top-level line before the loop that nothing reads
        until the loop, and read in the loop only by its appends: the ``[]`` line and (to fill) the items. After the
        loop it holds one item per iteration, so the unrolled program binds it there to the list of them."""
        lists: dict[str, tuple[cst.SimpleStatementLine, list]] = {}
        for append in appends:
            name, _ = append_of(append.body[0])  # type: ignore[misc]
            if name in lists or name in targets or not bound_once(self.module, name):
                self.why = f"the list `{name}` it appends to is appended to twice, or bound other than once"
                return None
            emptied = next(
                (s for s in self.body[: self.index] if self.plain_assign(s, name)),
                None,
            )
            if emptied is None or not (
                isinstance(emptied.body[0].value, cst.List) and not emptied.body[0].value.elements
            ):
                self.why = f"the list `{name}` it appends to is not bound to `[]` by a line of its own before it"
                return None
            after = self.body[self.body.index(emptied) + 1 : self.index]
            inside = [s for s in self.loop.body.body if s is not append]
            items = self.appended_before(name, after)
            reader = next((s for s in after if _reads(s, name) and s not in self.before), None)
            if isinstance(reader, (cst.FunctionDef, cst.ClassDef)):  # its body runs when called, maybe in the loop
                kind = "function" if isinstance(reader, cst.FunctionDef) else "class"
                self.why = (
                    f"the list `{name}` it fills is read by the {kind} `{reader.name.value}`, defined between its "
                    "`[]` and the loop, wherever it is called (the unrolling does not follow the call)"
                )
                return None
            if reader is not None:
                self.why = f"the list `{name}` it fills is read by a statement between its `[]` and the loop"
                return None
            if any(filled_list_reads.read_by_index(s, name) is None for s in [*inside, append.body[0].value.args[0]]):
                self.why = f"it reads the list `{name}` it fills other than by one index (`{name}[i]`)"
                return None
            lists[name] = (emptied, items)
        return lists

    def appended_before(self, name: str, after: list) -> list[cst.BaseExpression]:
        """The items appended to list ``name`` between its ``[]`` and the loop, by lines of their own whose values
        do not read it (``fc_layer.append(fully_connected(x, 128))``, the first layer before the loop stacks the
        rest): each line read as ``fc_layer_1 = <value>``, the item named where TF1 built it."""
        items: list[cst.BaseExpression] = []
        for statement in after:
            if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
                continue
            small = statement.body[0]
            appended = append_of(small)
            if appended is None or appended[0] != name or any(n.value == name for n in loaded_names(appended[1])):
                continue
            fresh = self.fresh(f"{name}_{len(items) + 1}")
            assign = cst.Assign(targets=[cst.AssignTarget(target=cst.Name(fresh))], value=appended[1])
            line = statement.with_changes(body=[assign])
            self.origin.add(assign, small)
            self.origin.add(line, statement)
            self.body[self.body.index(statement)] = line
            self.before |= {line, statement}
            items.append(cst.Name(fresh))
        return items

    def filled(self, emptied: cst.SimpleStatementLine, items: list) -> cst.SimpleStatementLine:
        assign = emptied.body[0]
        assert isinstance(assign, cst.Assign)
        listed = cst.List([cst.Element(item) for item in items])
        statement = emptied.with_changes(body=[assign.with_changes(value=listed)], leading_lines=[])
        self.origin.add(statement, emptied)
        self.origin.add(statement.body[0], assign)
        self.origin.add(listed, assign.value)
        return statement

    def rename_before(self, bound: set[str], statements, variables: list[str], appends=()):
        """Names the loop rebinds that were bound before it get a fresh name at their last binding there, read
        by the statements up to the loop (and by the loop: its statements, or an append before the name's first
        binding in it); None where those statements are not all plain top-level lines."""
        prefix = [line for s in self.body[: self.index] for line in self.split(s, bound)]
        current: dict[str, str] = {}
        for name in sorted(bound):
            binding = None
            for position in range(len(prefix) - 1, -1, -1):
                statement = prefix[position]
                if _own_local(statement, name):
                    continue  # ``def conv2d(...): conv = ...``: the function's ``conv``, not the loop's
                if any(isinstance(n, cst.Name) and n.value == name for n in _targets(statement)):
                    binding = position
                    break
            if binding is None:
                if any(_reads(statement, name) and not _own_local(statement, name) for statement in prefix):
                    self.why = f"`{name}`, which it binds, is bound before it where straight-line code does not show"
                    return None  # bound somewhere the straight-line code does not show
                continue
            if not self.plain_assign(prefix[binding], name):
                self.why = f"`{name}`, which it binds, is bound before it other than by a plain assignment"
                return None
            for later in prefix[binding + 1 :]:
                if (
                    _reads(later, name)
                    and not isinstance(later, cst.SimpleStatementLine)
                    and not _own_local(later, name)
                ):
                    self.why = f"`{name}`, which it binds, is read before it inside a block"
                    return None
            if not any(_reads(s, name) for s in [*statements, *self.early(appends, name)]):
                continue  # the loop never reads it: its last binding there stands alone
            fresh = self.fresh(f"{name}_0")
            current[name] = fresh
            mapping: dict[str, cst.BaseExpression] = {name: cst.Name(fresh)}
            prefix[binding] = self.copy(prefix[binding], {}, fresh)
            for position in range(binding + 1, len(prefix)):
                if _reads(prefix[position], name):
                    prefix[position] = self.copy(prefix[position], mapping, None)
        if set(variables) & set(current):
            self.why = "its loop variable is bound before it and read in it before the loop binds it"
            return None
        return prefix, current

    def early(self, appends, name: str) -> list:
        """The appends the loop's body runs before its first binding of ``name``."""
        lines = list(self.loop.body.body)
        first = next(
            (i for i, s in enumerate(lines) if any(isinstance(n, cst.Name) and n.value == name for n in _targets(s))),
            len(lines),
        )
        return [a for a in appends if lines.index(a) < first]

    def split(self, statement: cst.BaseStatement, bound: set[str]) -> list[cst.BaseStatement]:
        """``s, h = s0, h0`` binding a name the loop rebinds, as one line per name (parallel_assigns.py)."""
        lines = (
            parallel_assigns.split(statement)
            if bound & {n.value for n in _targets(statement) if isinstance(n, cst.Name)}
            else None
        )
        for line in lines or ():
            self.origin.add(line, statement)
        return list(lines) if lines else [statement]

    @staticmethod
    def plain_assign(statement, name: str) -> bool:
        return (
            isinstance(statement, cst.SimpleStatementLine)
            and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Assign)
            and len(statement.body[0].targets) == 1
            and isinstance(statement.body[0].targets[0].target, cst.Name)
            and statement.body[0].targets[0].target.value == name
        )

    def read_after(self, variable: str) -> bool:
        """Whether code outside the loop reads its variable (a function whose parameter has the name does not: the
        R2RT cell's ``def rnn_cell(rnn_input, state)`` beside ``for rnn_input in rnn_inputs``)."""
        outside = [*self.body[: self.index], *self.body[self.index + 1 :], *self.later]
        if not self.tensors:
            return any(_reads(s, variable) for s in outside)
        return any(_reads(s, variable) for s in outside if not _parameter(s, variable))

    def copy(self, statement, mapping: dict[str, cst.BaseExpression], bound: str | None, held=None):
        """A fresh copy of ``statement`` (new node identities, each mapped to its original), with the loaded
        names of ``mapping`` replaced, the lists ``held`` read by index as the items they hold
        (filled_list_reads.py) and its single target renamed ``bound``."""
        substituted = statement.visit(Substitute(mapping))
        if held:
            substituted = substituted.visit(filled_list_reads.Items(held))
        if bound is not None:
            assign = substituted.body[0]
            substituted = substituted.with_changes(
                body=[assign.with_changes(targets=[assign.targets[0].with_changes(target=cst.Name(bound))])]
            )
        step = Origins()
        pair_nodes(statement, substituted, step)
        clone = substituted.deep_clone()
        pair_clone(substituted, clone, step, self.origin)
        return clone


class Substitute(cst.CSTTransformer):
    """Replaces loaded names (not attribute names, keywords or assignment targets)."""

    def __init__(self, mapping: dict[str, cst.BaseExpression]) -> None:
        self.mapping = mapping
        self.loads: set[int] = set()

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        for small in node.body:
            value = small.value if isinstance(small, cst.Assign) else small
            self.loads |= {id(n) for n in loaded_names(value)}
        return True

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) in self.loads and original_node.value in self.mapping:
            return self.mapping[original_node.value].deep_clone()
        return updated_node


def pair_nodes(original: cst.CSTNode, new: cst.CSTNode, step: Origins) -> None:
    """Map each node of ``new`` to the node of ``original`` at its place (same shape down to replaced leaves)."""
    if new is not original:
        step.add(new, original)
    if type(original) is not type(new):
        return
    for a, b in zip(original.children, new.children):
        pair_nodes(a, b, step)


def pair_clone(source: cst.CSTNode, clone: cst.CSTNode, step: Origins, origin: Origins) -> None:
    origin.add(clone, step.of(source))
    for a, b in zip(source.children, clone.children):
        pair_clone(a, b, step, origin)


def _targets(statement: cst.CSTNode) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []
    for node in descendants(statement):
        if isinstance(node, cst.AssignTarget):
            found += list(descendants(node.target))
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr)):
            found += list(descendants(node.target))
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            found += list(descendants(node.asname.name))
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            found.append(node.name)
    return found


def _parameter(statement: cst.CSTNode, name: str) -> bool:
    """A module-level function taking ``name`` as a parameter: its reads of the name are its own (but not those of
    its decorators and defaults, run where it is defined)."""
    if not isinstance(statement, cst.FunctionDef):
        return False
    params = [*statement.params.params, *statement.params.posonly_params, *statement.params.kwonly_params]
    outer = [*statement.decorators, *(p.default for p in params if p.default is not None)]
    return any(p.name.value == name for p in params) and not any(_reads(node, name) for node in outer)


def _own_local(statement: cst.CSTNode, name: str) -> bool:
    """A module-level function that binds ``name`` as a local of its own (``def conv2d(...): conv = ...`` beside a
    layer loop's ``conv = conv2d(...)``): its reads and bindings of the name are its own, not the module's (but not
    those of its decorators and defaults, run where it is defined, nor a ``global`` it declares)."""
    if not isinstance(statement, cst.FunctionDef) or statement.name.value == name:
        return False
    from tfmigrate.transforms.session.functions import local_names  # functions imports what imports this module

    if name not in local_names(statement):
        return False
    if any(
        isinstance(n, (cst.Global, cst.Nonlocal)) and any(a.name.value == name for a in n.names)
        for n in descendants(statement)
    ):
        return False
    params = [*statement.params.params, *statement.params.posonly_params, *statement.params.kwonly_params]
    outer = [*statement.decorators, *(p.default for p in params if p.default is not None)]
    return not any(_reads(node, name) for node in outer)


def _reads(statement: cst.CSTNode, name: str) -> bool:
    return any(n.value == name for n in loaded_names(statement))
