"""An RNN cell constructed inline as the run's cell argument, ``outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.
GRUCell(16), inputs=x, sequence_length=lengths)`` (or a bidirectional run's two, forward then backward, in the
order Python constructs them), read as the cell bound to a name on the line before:

    cell = tf.nn.rnn_cell.GRUCell(16)
    outputs, _ = tf.nn.dynamic_rnn(cell, inputs=x, sequence_length=lengths)

which rnn.py models (a cell bound at module level, or in a helper that rnn.hoist moves out). TF1 built no op and no
variable when the cell object was constructed (the run makes its variables), and the construction is the first
thing the statement evaluates (the run is the statement's value, the cell its first argument), so binding it one
line earlier gives the same cell; its arguments read only names and literals, which nothing between rebinds. Done
on the module the eager proof reads (as rnn_gather): a program that keeps the graph tier keeps its own text.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.loops import Origins

CELLS = ("nn.rnn_cell.", "contrib.rnn.")
RUNS = ("nn.dynamic_rnn", "nn.static_rnn", "contrib.rnn.static_rnn", "contrib.rnn.dynamic_rnn")  # one cell, first
# two cells first (forward, backward), constructed in this order before the run
BIDIRECTIONAL = ("nn.bidirectional_dynamic_rnn", "nn.static_bidirectional_rnn", "contrib.rnn.static_bidirectional_rnn")


def bind(module: cst.Module, resolve, line_of):
    """The module with each inline cell of a run bound to a fresh name just before the run's statement (at module
    level and in a function's top-level statements), and resolve/line_of reading new nodes as the originals."""
    origin = Origins()
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    body, changed = _bind(list(module.body), resolve, origin, taken)
    for index, statement in enumerate(body):
        if isinstance(statement, cst.FunctionDef) and isinstance(statement.body, cst.IndentedBlock):
            inner, bound = _bind(list(statement.body.body), resolve, origin, taken)
            if bound:
                new_body = statement.body.with_changes(body=inner)
                body[index] = statement.with_changes(body=new_body)
                origin.add(new_body, statement.body)
                origin.add(body[index], statement)
                changed = True
    if not changed:
        return module, resolve, line_of
    return module.with_changes(body=body), lambda n: resolve(origin.of(n)), lambda n: line_of(origin.of(n))


def _path(resolve, node: cst.BaseExpression) -> str:
    return (resolve(node) or "").removeprefix("compat.v1.")


def _run_of(statement: cst.CSTNode, resolve) -> cst.Call | None:
    """The run a statement assigns (``a, b = RUN(...)``, ``a = RUN(...)[0]``), its value the run itself."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    value = small.value if isinstance(small, (cst.Assign, cst.Expr)) else None
    if isinstance(value, cst.Subscript):
        value = value.value
    if isinstance(value, cst.Call) and _path(resolve, value.func) in (*RUNS, *BIDIRECTIONAL):
        return value
    return None


def _inline_cells(call: cst.Call, resolve) -> dict[int, cst.Call]:
    """The run's cell arguments (the first; the first two of a bidirectional run) that construct a cell from names,
    attributes and literals only, by position; none when one of them is some other call (its moment could
    matter)."""
    count = 2 if _path(resolve, call.func) in BIDIRECTIONAL else 1
    cells: dict[int, cst.Call] = {}
    for index, arg in enumerate(call.args[:count]):
        if arg.star or arg.keyword is not None:
            return {}
        if isinstance(arg.value, cst.Call):
            cell = _inline_cell(arg.value, resolve)
            if cell is None:
                return {}
            cells[index] = cell
    return cells


def _inline_cell(cell: cst.Call, resolve) -> cst.Call | None:
    """The call when it constructs a cell from names, attributes and literals only."""
    if not _path(resolve, cell.func).startswith(CELLS):
        return None
    for node in descendants(cell):
        if isinstance(node, cst.Call) and not _path(resolve, node.func).startswith(CELLS):
            return None  # a call of something else: its moment could matter
        if isinstance(node, (cst.Lambda, cst.NamedExpr, cst.Await, cst.Yield)):
            return None
    return cell


def _bind(body: list, resolve, origin: Origins, taken: set[str]) -> tuple[list, bool]:
    changed = False
    out: list = []
    for statement in body:
        call = _run_of(statement, resolve)
        cells = _inline_cells(call, resolve) if call is not None else {}
        if call is None or not cells:
            out.append(statement)
            continue
        args = list(call.args)
        for index, cell in cells.items():
            name = cst.Name(numbered(taken, "cell"))
            origin.add(name, cell)
            binding = cst.SimpleStatementLine(body=[cst.Assign(targets=[cst.AssignTarget(name)], value=cell)])
            origin.add(binding, statement)
            origin.add(binding.body[0], statement)
            args[index] = args[index].with_changes(value=cst.Name(name.value))
            origin.add(args[index].value, cell)
            out.append(binding)
        new_call = call.with_changes(args=args)
        origin.add(new_call, call)
        out.append(statement.visit(_Swap(call, new_call, origin)))
        changed = True
    return out, changed


class _Swap(cst.CSTTransformer):
    """The run replaced by the one reading the bound name; every node rebuilt around it read as its original."""

    def __init__(self, old: cst.Call, new: cst.Call, origin: Origins) -> None:
        self.old, self.new, self.origin = old, new, origin

    def on_leave(self, original_node, updated_node):
        if original_node is self.old:
            return self.new
        if updated_node is not original_node:
            self.origin.add(updated_node, original_node)
        return updated_node
